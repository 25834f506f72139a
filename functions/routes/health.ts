// GET /api/health: can this isolate classify digits? Backend must be WASM (SIMD) and the model loaded.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { loadClassifier, type Classifier } from '../runtime/classifier';
import { activeBackend, BACKEND_NAME, initBackend } from '../runtime/tf-backend';

/**
 * Built on the isolate's first request for it (see functions/app.ts). `load` is injectable so tests can exercise
 * the 503 path; production uses the isolate's classifier.
 */
export function healthRoutes(load: () => Promise<Classifier> = loadClassifier) {
  const HealthSchema = z
    .object({
      status: z.enum(['ok', 'unavailable']),
      backend: z.string().nullable().openapi({ description: 'tfjs backend in use; anything but "wasm" is unhealthy', example: 'wasm' }),
      simd: z.boolean().openapi({ description: 'The SIMD build of the WASM binary is running' }),
      model: z
        .object({
          recipe: z.string().openapi({ example: 'default' }),
          parameters: z.number().int().openapi({ example: 189640 }),
          testAccuracy: z.number().openapi({ description: 'On the 10,000 MNIST test images', example: 0.985 }),
        })
        .nullable(),
      reason: z.string().optional().openapi({ description: 'Why the service is unavailable (503 only)' }),
    })
    .openapi('Health');

  const json = { 'application/json': { schema: HealthSchema } };

  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'Service health',
    description: 'Loads the model on first call. 503 if tfjs is not on its WASM backend or the model cannot load.',
    responses: {
      200: { description: 'Ready to classify', content: json },
      503: { description: 'Cannot classify; `reason` says why', content: json },
    },
  });

  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    let classifier: Classifier;
    try {
      classifier = await load();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The backend may be fine when the model is not: report it separately.
      const simd = await initBackend().then((b) => b.simd, () => false);
      return c.json({ status: 'unavailable' as const, backend: activeBackend(), simd, model: null, reason }, 503);
    }
    const model = {
      recipe: classifier.metrics.recipe,
      parameters: classifier.metrics.parameters,
      testAccuracy: classifier.metrics.test.accuracy,
    };
    // Checked on every call: code that switched tfjs to another backend later would make inference slow and
    // different, and nothing else would notice.
    const backend = activeBackend();
    if (backend !== BACKEND_NAME) {
      const reason = `tfjs is running on the ${backend ?? 'no'} backend, not ${BACKEND_NAME}`;
      return c.json({ status: 'unavailable' as const, backend, simd: false, model, reason }, 503);
    }
    return c.json({ status: 'ok' as const, backend, simd: classifier.backend.simd, model }, 200);
  });
}

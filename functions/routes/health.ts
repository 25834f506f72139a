// GET /api/health: is the service able to answer? (The digits model reports its own state here.)
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Service health',
  responses: {
    200: { description: 'The service is healthy', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export const health = new OpenAPIHono<AppEnv>().openapi(route, (c) => c.json({ status: 'ok' as const }, 200));

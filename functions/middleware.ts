// What runs in front of every /api route: the request's limits, security headers, CORS and the body limit.
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env';
import { limitsFrom } from './config';
import { ApiError } from './errors';
import { isAllowedOrigin } from './origins';

/** Sets `c.var.limits` from wrangler.toml's [vars] (or the deployment's). */
export const setLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('limits', limitsFrom(c.env));
  await next();
};

export function useApiMiddleware(app: Hono<AppEnv>): void {
  // API responses are data, never pages: no sniffing, no framing, no referrer leaks.
  app.use('/api/*', secureHeaders({ crossOriginResourcePolicy: false }));
  app.use('/api/*', setLimits);
  app.use('/api/*', async (c, next) => {
    const { allowedOrigins } = c.get('limits');
    const allow = cors({
      origin: (origin) => (isAllowedOrigin(origin, c.req.url, allowedOrigins) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    });
    return allow(c, next);
  });
  app.use('/api/*', async (c, next) => {
    const { maxBodyBytes } = c.get('limits');
    const limit = bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxBodyBytes} bytes`);
      },
    });
    return limit(c, next);
  });
}

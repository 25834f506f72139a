// The API's one error shape, {"error": {"code", "message"}}, and the mapping from every thrown error to it.
import { z } from '@hono/zod-openapi';
import type { Context, Env, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InputError, type InputErrorKind } from './core/errors';

export type ErrorStatus = 400 | 404 | 405 | 413 | 415 | 422 | 500 | 503;

export interface ErrorBody {
  error: { code: string; message: string };
}

/** An error raised by the HTTP layer itself (routing, limits, model availability). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const statusOfKind: Record<InputErrorKind, ErrorStatus> = {
  invalid: 400,
  unsupported: 415,
  too_large: 413,
  unprocessable: 422,
};

const codeOfStatus: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  503: 'unavailable',
};

/** The error shape for OpenAPI route definitions (registered once as the `Error` component). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ description: 'Stable, snake_case', example: 'invalid_request' }),
      message: z.string().openapi({ description: 'One readable sentence' }),
    }),
  })
  .openapi('Error') satisfies z.ZodType<ErrorBody>;

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Maps anything thrown to the error shape. Bad input is never a 500; a 500 is a bug and is logged. */
export function toErrorResponse(err: unknown, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message), err.status);
  }
  if (err instanceof InputError) {
    return c.json(errorBody(err.code, err.message), statusOfKind[err.kind]);
  }
  if (err instanceof HTTPException && err.status < 500) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(codeOfStatus[status] ?? 'bad_request', err.message || 'bad request'), status);
  }
  // Log the bug without the request body: uploads are never logged.
  console.error(`unhandled error on ${c.req.method} ${c.req.path}:`, err);
  return c.json(errorBody('internal_error', 'internal error'), 500);
}

/** Every error of `app` in the one shape: thrown errors, unknown paths (404) and known paths with another method (405). */
export function handleErrors<E extends Env>(app: Hono<E>): void {
  app.notFound((c) => {
    const path = c.req.path.replace(/\/+$/, '') || '/';
    const methods = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path === path).map((r) => r.method))];
    if (methods.length > 0) {
      c.header('Allow', methods.join(', '));
      const message = `${c.req.method} is not allowed on ${path}; use ${methods.join(' or ')}`;
      return toErrorResponse(new ApiError(405, 'method_not_allowed', message), c);
    }
    return toErrorResponse(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`), c);
  });
  app.onError((err, c) => toErrorResponse(err, c));
}

// Turns a zod failure into one readable sentence that names the offending field, for 400 responses.
import type { z } from 'zod';
import { ApiError } from './errors';

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      const where = path ? path.replace(/^\./, '') : 'body';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** The OpenAPIHono defaultHook: every schema failure becomes a 400 in the one error shape. */
export function validationHook(result: { success: boolean; error?: z.ZodError }): void {
  if (!result.success && result.error) {
    throw new ApiError(400, 'invalid_request', formatIssues(result.error));
  }
}

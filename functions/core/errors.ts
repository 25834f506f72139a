// Typed errors for pure code: what went wrong with the input, without knowing about HTTP.

/**
 * Why an input cannot be served. The Worker maps each kind to one HTTP status (see functions/errors.ts):
 * invalid -> 400, unsupported -> 415, too_large -> 413, unprocessable -> 422.
 */
export type InputErrorKind = 'invalid' | 'unsupported' | 'too_large' | 'unprocessable';

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly kind: InputErrorKind,
    /** Stable machine-readable code, snake_case, e.g. `no_digit_found`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** For exhaustive switches: the compiler proves this is never reached. */
export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}

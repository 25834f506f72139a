// The page's one adapter to the API: typed calls (Hono's `hc` client on the Worker's own route types) and
// every failure turned into an ApiProblem with a readable message.
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../functions/api';

export const client = hc<AppType>(location.origin);

/** A failed request, with a message meant for people. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const friendly: Record<string, string> = {
  no_digit_found: 'No digit found: the image looks empty. Draw or upload a dark digit on a light background (or a light one on dark).',
  payload_too_large: 'That upload is too large for the server.',
  unsupported_media_type: 'That file type is not supported: use PNG or JPEG images, or a CSV file.',
  unavailable: 'The service is not ready yet; try again in a moment.',
  internal_error: 'The server hit an unexpected error. Please try again.',
};

/** Turns an error body `{"error": {"code", "message"}}` (or anything else) into an ApiProblem. */
interface AnyResponse {
  ok: boolean;
  status: number;
  statusText: string;
  json(): Promise<unknown>;
}

/** The body type of the success statuses of a typed client response. */
export type SuccessBody<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

export async function problemOf(res: AnyResponse): Promise<ApiProblem> {
  let code = `http_${res.status}`;
  let detail = '';
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') detail = body.error.message;
  } catch {
    // Not JSON (a proxy or the platform answered): fall back to the status line.
  }
  const lead = friendly[code];
  const message = lead
    ? detail && code !== 'no_digit_found'
      ? `${lead} (${detail})`
      : lead
    : detail
      ? `The server refused the request: ${detail}`
      : `The server answered ${res.status} ${res.statusText}.`;
  return new ApiProblem(res.status, code, message);
}

/** Awaits a typed client call and returns its JSON body on success; throws an ApiProblem otherwise. */
export async function ok<R extends AnyResponse>(pending: Promise<R>): Promise<SuccessBody<R>> {
  let res: R;
  try {
    res = await pending;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiProblem(0, 'network', `Could not reach the server (${why}). Check your connection and try again.`);
  }
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as SuccessBody<R>;
}

/** A message for anything thrown while calling the API. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiProblem) return err.message;
  if (err instanceof Error) return `Something went wrong: ${err.message}`;
  return 'Something went wrong.';
}

// Points for a clustering request: a JSON body or a CSV body (parameters in the query), checked against the limits.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env';
import { assertSize } from '../../core/cluster/limits';
import { type Points, toPoints } from '../../core/cluster/points';
import { csvToPoints } from '../../core/points/csv';
import { ApiError } from '../../errors';

export const JSON_TYPE = 'application/json';
export const CSV_TYPE = 'text/csv';

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** POST bodies must be JSON or CSV: anything else (or nothing) is a 415 that says what is accepted. */
export const jsonOrCsv: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === 'POST') {
    const type = mediaType(c.req.header('content-type'));
    if (type !== JSON_TYPE && type !== CSV_TYPE) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        `Content-Type ${type ? `"${type}"` : '(none)'} is not accepted; send application/json ({"points": [[x, y], ...], ...parameters}) ` +
          'or text/csv (a header row; parameters in the query string)',
      );
    }
  }
  await next();
};

export interface RequestPoints<P> {
  points: Points;
  /** The algorithm's parameters, from the JSON body or the query string. */
  params: P;
  droppedRows: number;
  /** CSV only: the columns read. */
  columns?: string[];
  trueLabels?: unknown;
}

/**
 * Reads the points and parameters of a validated request. JSON: `{points, ...params}` (a query string is
 * refused, so nothing is silently ignored). CSV: the body is the table, the query holds `columns` and the
 * parameters. Then the size limits apply (413). `json` and `query` return what the route's zod schemas
 * produced; P is the algorithm's options type, which those schemas mirror.
 */
export async function readPoints<P>(c: Context<AppEnv>, json: () => unknown, query: () => unknown): Promise<RequestPoints<P>> {
  const limits = c.get('limits');
  const type = mediaType(c.req.header('content-type'));
  let result: RequestPoints<P>;
  if (type === CSV_TYPE) {
    const { columns, ...params } = query() as { columns?: string } & P;
    const text = await c.req.text();
    const names = columns?.split(',').map((s) => s.trim());
    const csv = csvToPoints(text, { columns: names, maxRows: limits.maxPoints });
    result = { points: csv.points, params: params as P, droppedRows: csv.droppedRows, columns: csv.columns };
  } else {
    const url = new URL(c.req.url);
    if (url.search.length > 1) {
      throw new ApiError(
        400,
        'invalid_request',
        `query parameters (${[...url.searchParams.keys()].join(', ')}) are read only with a text/csv body; put them in the JSON body`,
      );
    }
    const { points, trueLabels, ...params } = json() as { points: number[][]; trueLabels?: unknown } & P;
    result = { points: toPoints(points), params: params as P, droppedRows: 0, trueLabels };
  }
  assertSize(result.points.n, result.points.d, limits);
  return result;
}

/** trueLabels, when sent, must be one integer per point. */
export function checkTrueLabels(value: unknown, n: number): number[] | undefined {
  if (value === undefined) return undefined;
  const labels = value as unknown[];
  if (labels.length !== n) {
    throw new ApiError(400, 'invalid_request', `trueLabels has ${labels.length} labels for ${n} points`);
  }
  const bad = labels.findIndex((l) => typeof l !== 'number' || !Number.isInteger(l));
  if (bad >= 0) throw new ApiError(400, 'invalid_request', `trueLabels[${bad}] must be an integer`);
  return labels as number[];
}

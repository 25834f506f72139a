// The error responses every clustering route documents, and the shared request-body description.
import { z } from '@hono/zod-openapi';
import { ErrorSchema } from '../../errors';

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

export const clusterErrors = {
  400: error(
    'Malformed request: bad JSON, a point that is not all finite numbers or of another length (`invalid_points`, ' +
      '`ragged_points`), no points (`empty_points`), an unknown or invalid parameter (`invalid_request`, ' +
      '`invalid_parameter`), a CSV value that is not a number (`invalid_csv_value`) or an unknown column (`unknown_columns`)',
  ),
  413: error('Body, points (`too_many_points`), dimensions (`too_many_dimensions`) or values (`too_many_values`) over the limit'),
  415: error('Content-Type other than application/json or text/csv (`unsupported_media_type`)'),
  422: error(
    'Well-formed but cannot be served: more clusters than points (`too_few_points`), more work than the Worker allows ' +
      '(`too_much_work`, saying what to lower), or for Mean Shift no seed with a neighbour (`no_seed_neighbours`) or no seed at all (`no_seeds`)',
  ),
};

/** The CSV body. (Being zod, @hono/zod-openapi types the JSON input as `string | object`; `readPoints` sorts them.) */
export const csvBody = () => ({
  'text/csv': {
    schema: z.string().openapi({
      description: 'A header row, then one row per point; rows missing a value in a chosen column are dropped and counted',
      example: 'median_income,latitude,longitude\n8.3252,37.88,-122.23\n',
    }),
  },
});

// State of the model view: the served model's metrics from /api/model, fetched once.
import { client, ok, type SuccessBody } from '../api';
import { createResource } from '../resource';

export type ModelMetrics = SuccessBody<Awaited<ReturnType<typeof client.api.model.$get>>>;

const resource = createResource<ModelMetrics>(() => ok(client.api.model.$get()));
export const { value: metrics, loading, error: loadError, load: loadMetrics } = resource;

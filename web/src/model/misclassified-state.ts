// State of the gallery: the served model's misclassified test digits from /api/model/misclassified, fetched once,
// and only when the Model view asks (about 50 KB: never part of the page's first load).
import { client, ok, type SuccessBody } from '../api';
import { createResource } from '../resource';

export type MisclassifiedDigits = SuccessBody<Awaited<ReturnType<typeof client.api.model.misclassified.$get>>>;

const resource = createResource<MisclassifiedDigits>(() => ok(client.api.model.misclassified.$get()));
export const { value: misclassified, loading: misclassifiedLoading, error: misclassifiedError, load: loadMisclassified } = resource;

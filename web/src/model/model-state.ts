// State of the model view: the served model's metrics from /api/model, fetched once.
import { signal } from '@preact/signals';
import { client, messageOf, ok, type SuccessBody } from '../api';

export type ModelMetrics = SuccessBody<Awaited<ReturnType<typeof client.api.model.$get>>>;

export const metrics = signal<ModelMetrics | null>(null);
export const loading = signal(false);
export const loadError = signal<string | null>(null);

export async function loadMetrics(force = false): Promise<void> {
  if (loading.value || (metrics.value && !force)) return;
  loading.value = true;
  loadError.value = null;
  try {
    metrics.value = await ok(client.api.model.$get());
  } catch (err) {
    loadError.value = messageOf(err);
  } finally {
    loading.value = false;
  }
}

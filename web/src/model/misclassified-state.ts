// State of the gallery: the served model's misclassified test digits from /api/model/misclassified, fetched once,
// and only when the Model view asks (about 50 KB: never part of the page's first load).
import { signal } from '@preact/signals';
import { client, messageOf, ok, type SuccessBody } from '../api';

export type MisclassifiedDigits = SuccessBody<Awaited<ReturnType<typeof client.api.model.misclassified.$get>>>;

export const misclassified = signal<MisclassifiedDigits | null>(null);
export const misclassifiedLoading = signal(false);
export const misclassifiedError = signal<string | null>(null);

export async function loadMisclassified(force = false): Promise<void> {
  if (misclassifiedLoading.value || (misclassified.value && !force)) return;
  misclassifiedLoading.value = true;
  misclassifiedError.value = null;
  try {
    misclassified.value = await ok(client.api.model.misclassified.$get());
  } catch (err) {
    misclassifiedError.value = messageOf(err);
  } finally {
    misclassifiedLoading.value = false;
  }
}

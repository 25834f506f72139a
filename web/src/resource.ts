// A value the page fetches from the API once, on demand, with its loading and error state as signals.
import { signal } from '@preact/signals';
import { messageOf } from './api';

export function createResource<T>(fetcher: () => Promise<T>) {
  const value = signal<T | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  /** Fetches unless a fetch is under way or the value is already here (`force` refetches it). */
  async function load(force = false): Promise<void> {
    if (loading.value || (value.value && !force)) return;
    loading.value = true;
    error.value = null;
    try {
      value.value = await fetcher();
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  }
  return { value, loading, error, load };
}

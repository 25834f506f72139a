// The text of the page's one polite live region: results and errors are announced as they arrive.
import { signal } from '@preact/signals';

export const announcement = signal('');

/** Announces a short text; the same text twice in a row is announced again. */
export function announce(text: string): void {
  announcement.value = '';
  setTimeout(() => {
    announcement.value = text;
  }, 50);
}

// The page's one polite live region (visually hidden).
import { announcement } from './announcer';

export function LiveRegion() {
  return (
    <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {announcement.value}
    </div>
  );
}

// The current view, kept in a signal and in the address bar (History API; the Worker falls back to the page).
import { signal } from '@preact/signals';

export const VIEWS = [
  { id: 'digits', path: '/digits', title: 'Digits' },
  { id: 'clusters', path: '/clusters', title: 'Clusters' },
  { id: 'model', path: '/model', title: 'Model' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function viewOfPath(path: string): ViewId {
  const found = VIEWS.find((v) => path === v.path || path.startsWith(`${v.path}/`));
  return found ? found.id : 'digits';
}

export const currentView = signal<ViewId>(viewOfPath(location.pathname));

export function navigate(view: ViewId): void {
  const path = VIEWS.find((v) => v.id === view)!.path;
  if (location.pathname !== path) history.pushState(null, '', path);
  currentView.value = view;
}

addEventListener('popstate', () => {
  currentView.value = viewOfPath(location.pathname);
});

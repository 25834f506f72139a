// The page shell: header with the three views as tabs, the current view, and one live region for announcements.
import { useEffect } from 'preact/hooks';
import { ClustersView } from './clusters/clusters-view';
import { DigitsView } from './digits/digits-view';
import { ModelView } from './model/model-view';
import { currentView, navigate, VIEWS, type ViewId } from './router';
import { LiveRegion } from './ui/live-region';

function NavLink({ id, path, title }: { id: ViewId; path: string; title: string }) {
  const active = currentView.value === id;
  return (
    <a
      href={path}
      class="tab"
      aria-current={active ? 'page' : undefined}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(id);
      }}
    >
      {title}
    </a>
  );
}

export function App() {
  const view = currentView.value;
  const title = VIEWS.find((v) => v.id === view)!.title;
  useEffect(() => {
    document.title = `${title} · edgelearn`;
  }, [title]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <span class="brand">edgelearn</span>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <NavLink key={v.id} id={v.id} path={v.path} title={v.title} />
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {view === 'digits' && <DigitsView />}
        {view === 'clusters' && <ClustersView />}
        {view === 'model' && <ModelView />}
      </main>
      <footer class="site-footer">
        Served by one Cloudflare Worker · <a href="/api/docs">API reference</a>
      </footer>
      <LiveRegion />
    </>
  );
}

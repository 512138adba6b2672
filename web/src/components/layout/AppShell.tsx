import { Suspense } from 'react';
import { Outlet, useLocation } from 'react-router';
import { LiveProvider } from '../../live/LiveContext';
import { useLiveUpdates } from '../../live/useLiveUpdates';
import { LoadingBlock } from '../ui/Spinner';
import { ErrorBoundary } from './ErrorBoundary';
import { MobileNav } from './MobileNav';
import { SidebarContent } from './Sidebar';

/** Page frame: fixed sidebar from the lg breakpoint, top bar and drawer below it. */
export function AppShell() {
  const { pathname } = useLocation();
  const live = useLiveUpdates();
  return (
    <LiveProvider value={live}>
      <div className="min-h-dvh lg:pl-64">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-4 focus:py-2 focus:shadow-card"
        >
          Skip to content
        </a>
        <aside className="fixed inset-y-0 left-0 z-20 hidden w-64 border-r border-line bg-surface lg:block">
          <SidebarContent />
        </aside>
        <MobileNav />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-6 outline-none sm:px-6 lg:px-8 lg:py-8">
          <ErrorBoundary key={pathname}>
            <Suspense fallback={<LoadingBlock />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </LiveProvider>
  );
}

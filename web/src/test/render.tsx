import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { Me } from '../api/types';
import { AppRoutes } from '../app/routes';
import { resetAuthForTests } from '../auth/session';
import { makeMe, makeSession } from './fixtures';

/** Shows the current path so tests can assert navigation. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

interface Options {
  /** Starting URL, e.g. "/playbooks/http-check". */
  at: string;
  /** Route pattern the element is mounted on, e.g. "/playbooks/:name". */
  path: string;
  /** Extra routes (e.g. the page navigated to). */
  extraRoutes?: ReactElement[];
  /** Who is signed in (an admin with every permission by default); null for nobody. */
  user?: Me | null;
}

/** Renders `routes` at `at` with `user` signed in, a fresh query client (no retries) and a LocationProbe. */
function renderAt(at: string, user: Me | null, routes: ReactNode) {
  resetAuthForTests(user ? { status: 'signedIn', session: makeSession(user) } : undefined);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[at]}>
        {routes}
        <LocationProbe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}

export function renderRoute(element: ReactElement, { at, path, extraRoutes = [], user = makeMe() }: Options) {
  return renderAt(
    at,
    user,
    <Routes>
      <Route path={path} element={element} />
      {extraRoutes}
    </Routes>,
  );
}

/** The whole app (every route, guards included) at `at`, with `user` signed in (nobody by default). */
export function renderApp(at: string, { user = null }: { user?: Me | null } = {}) {
  return renderAt(at, user, <AppRoutes />);
}

/** Clicks the button named `button` (once it shows) and returns the dialog it opens, named `dialog`. */
export async function openDialog(user: UserEvent, button: string, dialog = button): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: button }));
  return screen.getByRole('dialog', { name: dialog });
}

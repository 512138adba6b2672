import { Route, Routes } from 'react-router';
import { AppShell } from '../components/layout/AppShell';
import { OverviewPage } from '../features/overview/OverviewPage';
import { PlaybookRunPage } from '../features/playbooks/PlaybookRunPage';
import { PlaybooksPage } from '../features/playbooks/PlaybooksPage';
import { RunDetailPage } from '../features/runs/RunDetailPage';
import { RunsPage } from '../features/runs/RunsPage';
import { NotFoundPage } from './NotFoundPage';

/**
 * Every screen of the dashboard. To add one: create it under src/features/,
 * add a <Route> here and, for a top-level screen, an entry in nav.ts.
 * The Go server answers unknown non-API paths with index.html, so deep links work.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="playbooks" element={<PlaybooksPage />} />
        <Route path="playbooks/:name" element={<PlaybookRunPage />} />
        <Route path="runs" element={<RunsPage />} />
        <Route path="runs/:id" element={<RunDetailPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

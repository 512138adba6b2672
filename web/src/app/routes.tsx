import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { RequirePermission } from '../auth/RequirePermission';
import { AppShell } from '../components/layout/AppShell';
import { LoginPage } from '../features/login/LoginPage';
import { OverviewPage } from '../features/overview/OverviewPage';
import { PlaybookRunPage } from '../features/playbooks/PlaybookRunPage';
import { PlaybooksPage } from '../features/playbooks/PlaybooksPage';
import { RunDetailPage } from '../features/runs/RunDetailPage';
import { RunsPage } from '../features/runs/RunsPage';
import { ChangePasswordPage } from '../features/security/ChangePasswordPage';
import { SecurityPage } from '../features/security/SecurityPage';
import { NotFoundPage } from './NotFoundPage';

// Administration is for few users: its pages load on first visit, keeping the
// initial bundle small. AppShell's <Suspense> shows a spinner meanwhile.
const UsersPage = lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('../features/roles/RolesPage').then((m) => ({ default: m.RolesPage })));
const TokensPage = lazy(() => import('../features/tokens/TokensPage').then((m) => ({ default: m.TokensPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
// Incident screens load on first visit too; the board brings dnd-kit with it.
const IncidentsPage = lazy(() => import('../features/incidents/IncidentsPage').then((m) => ({ default: m.IncidentsPage })));
const IncidentBoardPage = lazy(() =>
  import('../features/incidents/IncidentBoardPage').then((m) => ({ default: m.IncidentBoardPage })),
);
const ServicesPage = lazy(() => import('../features/oncall/ServicesPage').then((m) => ({ default: m.ServicesPage })));
const EscalationPoliciesPage = lazy(() =>
  import('../features/oncall/EscalationPoliciesPage').then((m) => ({ default: m.EscalationPoliciesPage })),
);
const SlaPoliciesPage = lazy(() => import('../features/oncall/SlaPoliciesPage').then((m) => ({ default: m.SlaPoliciesPage })));
const SchedulesPage = lazy(() => import('../features/oncall/SchedulesPage').then((m) => ({ default: m.SchedulesPage })));
const IncidentPage = lazy(() => import('../features/incidents/IncidentPage').then((m) => ({ default: m.IncidentPage })));
// The inventory.
const AssetsPage = lazy(() => import('../features/assets/AssetsPage').then((m) => ({ default: m.AssetsPage })));
const AssetPage = lazy(() => import('../features/assets/AssetPage').then((m) => ({ default: m.AssetPage })));
const AssetGraphPage = lazy(() => import('../features/assets/GraphPage').then((m) => ({ default: m.GraphPage })));
const AssetImpactPage = lazy(() => import('../features/assets/ImpactPage').then((m) => ({ default: m.ImpactPage })));
const AssetImportPage = lazy(() => import('../features/assets/ImportPage').then((m) => ({ default: m.ImportPage })));
// Servers and credentials are managed by few users too.
const ServersPage = lazy(() => import('../features/servers/ServersPage').then((m) => ({ default: m.ServersPage })));
const CredentialsPage = lazy(() => import('../features/servers/CredentialsPage').then((m) => ({ default: m.CredentialsPage })));

/**
 * Every screen of the dashboard. To add one: create it under src/features/,
 * add a <Route> here (inside the RequirePermission its API calls need) and, for
 * a top-level screen, an entry in nav.ts with the same permission.
 * The Go server answers unknown non-API paths with index.html, so deep links work.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="login" element={<LoginPage />} />
      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          <Route index element={<OverviewPage />} />
          <Route element={<RequirePermission permission="playbooks:read" />}>
            <Route path="playbooks" element={<PlaybooksPage />} />
            <Route path="playbooks/:name" element={<PlaybookRunPage />} />
            <Route path="runs" element={<RunsPage />} />
            <Route path="runs/:id" element={<RunDetailPage />} />
          </Route>
          <Route path="incidents" element={<RequirePermission permission="incidents:read" />}>
            <Route index element={<IncidentsPage />} />
            <Route path="board" element={<IncidentBoardPage />} />
            <Route path=":id" element={<IncidentPage />} />
          </Route>
          <Route element={<RequirePermission permission="incidents:read" />}>
            <Route path="services" element={<ServicesPage />} />
            <Route path="escalation-policies" element={<EscalationPoliciesPage />} />
            <Route path="sla-policies" element={<SlaPoliciesPage />} />
            <Route path="schedules" element={<SchedulesPage />} />
          </Route>
          <Route path="assets" element={<RequirePermission permission="assets:read" />}>
            <Route index element={<AssetsPage />} />
            <Route path="import" element={<AssetImportPage />} />
            <Route path=":id" element={<AssetPage />} />
            <Route path=":id/graph" element={<AssetGraphPage />} />
            <Route path=":id/impact" element={<AssetImpactPage />} />
          </Route>
          <Route path="servers" element={<RequirePermission permission="servers:read" />}>
            <Route index element={<ServersPage />} />
          </Route>
          <Route path="credentials" element={<RequirePermission permission="credentials:write" />}>
            <Route index element={<CredentialsPage />} />
          </Route>
          <Route path="account/security" element={<SecurityPage />} />
          <Route path="account/password" element={<ChangePasswordPage />} />
          <Route path="admin" element={<RequirePermission permission="users:admin" />}>
            <Route path="users" element={<UsersPage />} />
            <Route path="roles" element={<RolesPage />} />
            <Route path="tokens" element={<TokensPage />} />
          </Route>
          <Route path="admin/audit" element={<RequirePermission permission="audit:read" />}>
            <Route index element={<AuditPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

import { Navigate, Outlet, useLocation } from 'react-router';
import { CenteredLayout } from '../components/layout/CenteredLayout';
import { ErrorState } from '../components/ui/ErrorState';
import { LoadingBlock } from '../components/ui/Spinner';
import { useAuthState } from './hooks';
import { loginPathFor, PASSWORD_PATH, SECURITY_PATH } from './paths';
import { restoreSession } from './session';

/**
 * Guards every page of the app shell: waits for the start-up session check,
 * sends signed-out users to the login page (remembering where they were), and
 * keeps users who must change their password, or enroll in MFA, on that page.
 */
export function RequireAuth() {
  const state = useAuthState();
  const location = useLocation();

  switch (state.status) {
    case 'restoring':
      return (
        <CenteredLayout>
          <LoadingBlock label="Checking your session…" />
        </CenteredLayout>
      );
    case 'unavailable':
      return (
        <CenteredLayout>
          <ErrorState error={state.error} title="Cannot reach OpsManager" onRetry={() => void restoreSession()} />
        </CenteredLayout>
      );
    case 'signedOut':
      return <Navigate to={loginPathFor(location.pathname + location.search, state.reason)} replace />;
    case 'signedIn':
      if (state.session.user.mustChangePassword) {
        return location.pathname === PASSWORD_PATH ? <Outlet /> : <Navigate to={PASSWORD_PATH} replace />;
      }
      if (state.session.user.mfaRequired && location.pathname !== SECURITY_PATH) {
        return <Navigate to={SECURITY_PATH} replace />;
      }
      return <Outlet />;
  }
}

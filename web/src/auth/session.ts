/**
 * The browser session. The access token lives in this module's memory only
 * (never in storage); the refresh token is an HttpOnly cookie the browser sends
 * to /api/v1/auth/refresh.
 *
 *   - restoreSession() runs once at start-up: a refresh turns the cookie into a token.
 *   - The API client asks onUnauthorized() after any 401: it refreshes (once, shared
 *     by every caller) and the client retries the request with the new token.
 *   - A timer refreshes shortly before the access token expires.
 *   - A refresh the API refuses ends the session; RequireAuth then sends the user to
 *     /login?next=<the page they were on>.
 *
 * Each refresh cookie works once, and presenting one twice revokes the whole
 * session, so refreshes never overlap: in this tab (one shared promise) nor across
 * tabs (a Web Lock, where the browser has them).
 *
 * React reads the state with useAuthState() (hooks.ts); everything here is plain
 * TypeScript so the client and tests can use it without rendering.
 */
import { ApiError, NETWORK_ERROR, setAccessTokenProvider, setUnauthorizedHandler } from '../api/client';
import * as api from './api';
import type { LoginRequest, Me, Session } from '../api/types';

/** Why nobody is signed in: never was (or no cookie), the session ended by itself, or the user signed out. */
export type SignedOutReason = 'none' | 'expired' | 'signed_out';

export type AuthState =
  | { status: 'restoring' }
  | { status: 'signedIn'; session: Session }
  | { status: 'signedOut'; reason: SignedOutReason }
  /** The start-up refresh could not reach the API: we do not know yet. */
  | { status: 'unavailable'; error: ApiError };

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;
/** After a proactive refresh fails for a transient reason, try again this much later. */
export const REFRESH_RETRY_MS = 15_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1; // setTimeout fires at once beyond this
const LOCK_NAME = 'opsmanager.session-refresh';

let state: AuthState = { status: 'restoring' };
const listeners = new Set<() => void>();
const userChangeListeners = new Set<() => void>();
let lastUserId: string | null = null;
let inflight: Promise<Session> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

export function getAuthState(): AuthState {
  return state;
}

export function subscribeAuth(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Called when whoever's data the app holds changes: they signed out, or another
 * user signed in. The app clears its query cache then.
 */
export function onUserChange(listener: () => void): () => void {
  userChangeListeners.add(listener);
  return () => {
    userChangeListeners.delete(listener);
  };
}

function setState(next: AuthState): void {
  state = next;
  listeners.forEach((notify) => notify());
}

export function accessToken(): string | null {
  return state.status === 'signedIn' ? state.session.accessToken : null;
}

/** Starts using `session`: keeps its token, schedules its renewal. */
export function setSession(session: Session): void {
  const userId = session.user.id;
  const changed = lastUserId !== null && lastUserId !== userId;
  lastUserId = userId;
  setState({ status: 'signedIn', session });
  scheduleRefresh(session.expiresIn * 1_000);
  if (changed) userChangeListeners.forEach((notify) => notify());
}

/** Replaces the signed-in user's profile (after an MFA change, say) without a new token. */
export function updateMe(user: Me): void {
  if (state.status === 'signedIn') setState({ status: 'signedIn', session: { ...state.session, user } });
}

function endSession(reason: SignedOutReason): void {
  clearTimeout(timer);
  timer = undefined;
  setState({ status: 'signedOut', reason });
  if (reason === 'signed_out') {
    lastUserId = null;
    userChangeListeners.forEach((notify) => notify());
  }
}

/** The API refused the session itself (as opposed to being unreachable or failing). */
export function isSessionRejected(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
}

function scheduleRefresh(lifetimeMs: number): void {
  clearTimeout(timer);
  // Short-lived tokens (under two margins) renew at half their life.
  const delay = lifetimeMs > 2 * REFRESH_MARGIN_MS ? lifetimeMs - REFRESH_MARGIN_MS : lifetimeMs / 2;
  timer = setTimeout(proactiveRefresh, Math.min(Math.max(delay, 1_000), MAX_TIMEOUT_MS));
}

function proactiveRefresh(): void {
  refreshSession().catch((err: unknown) => {
    // Refused: refreshSession already ended the session. Otherwise (offline, 5xx)
    // try again; once the token expires, the next 401 refreshes anyway.
    if (!isSessionRejected(err) && state.status === 'signedIn') {
      timer = setTimeout(proactiveRefresh, REFRESH_RETRY_MS);
    }
  });
}

function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as LockManager | undefined);
  return locks ? locks.request(LOCK_NAME, work) : work();
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share
 * one request. Rejects with the API's error; when the API refused the session,
 * the user is signed out first.
 */
export function refreshSession(): Promise<Session> {
  if (inflight) return inflight;
  const attempt = (async () => {
    try {
      const session = await withRefreshLock(() => api.refresh());
      setSession(session);
      return session;
    } catch (err) {
      if (isSessionRejected(err)) endSession(state.status === 'signedIn' ? 'expired' : 'none');
      throw err;
    } finally {
      inflight = null;
    }
  })();
  inflight = attempt;
  return attempt;
}

/**
 * The client's 401 handler: true when a newer token is ready for a retry.
 * A token other than the rejected one means another caller already refreshed.
 */
export async function onUnauthorized(rejectedToken: string | null): Promise<boolean> {
  if (state.status === 'signedOut') return false;
  const current = accessToken();
  if (current && current !== rejectedToken) return true;
  try {
    await refreshSession();
    return true;
  } catch (err) {
    if (isSessionRejected(err)) return false;
    throw err;
  }
}

/**
 * Restores the session from the refresh cookie, once at start-up (and again when
 * the user retries after the API was unreachable). Safe to call repeatedly.
 */
export function restoreSession(): Promise<void> {
  if (state.status !== 'restoring' && state.status !== 'unavailable') return Promise.resolve();
  if (state.status === 'unavailable') setState({ status: 'restoring' });
  return refreshSession().then(
    () => undefined,
    (err: unknown) => {
      if (isSessionRejected(err)) return; // no session: signed out
      const error = err instanceof ApiError ? err : new ApiError(0, NETWORK_ERROR, 'Cannot reach the OpsManager API.');
      setState({ status: 'unavailable', error });
    },
  );
}

/** POST /auth/login; rejects with the API's error (invalid_credentials, mfa_required, ...). */
export async function signIn(credentials: LoginRequest): Promise<Session> {
  const session = await api.login(credentials);
  setSession(session);
  return session;
}

/**
 * Ends this session (or all of the user's sessions) on the server, then here.
 * If the server cannot be told, the error is thrown and the user stays signed
 * in, because the refresh cookie would otherwise restore the session on the next visit.
 */
export async function signOut(everywhere = false): Promise<void> {
  try {
    await api.logout(everywhere);
  } catch (err) {
    // 401 after the client's refresh attempt: the session is already gone.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  endSession('signed_out');
}

/** Test helper: forget everything, as after a page load without a session. */
export function resetAuthForTests(next: AuthState = { status: 'signedOut', reason: 'none' }): void {
  clearTimeout(timer);
  timer = undefined;
  inflight = null;
  lastUserId = next.status === 'signedIn' ? next.session.user.id : null;
  state = next;
  listeners.forEach((notify) => notify());
}

setAccessTokenProvider(accessToken);
setUnauthorizedHandler(onUnauthorized);

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../api/client';
import { makeMe, makeSession } from '../test/fixtures';
import { jsonResponse, stubFetch, type RecordedRequest } from '../test/http';
import {
  getAuthState,
  onUserChange,
  REFRESH_MARGIN_MS,
  refreshSession,
  resetAuthForTests,
  restoreSession,
  setSession,
  signIn,
  signOut,
} from './session';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const REFRESH = '/api/v1/auth/refresh';
const me = makeMe();
const unauthorized = () => jsonResponse({ error: 'unauthorized', message: 'invalid or expired access token', statusCode: 401 }, 401);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** An API whose protected routes accept only `valid`; refresh answers with `onRefresh`. */
function api(valid: string, onRefresh: (req: RecordedRequest) => Response | Promise<Response>) {
  return stubFetch((req) => {
    if (req.url === REFRESH) return onRefresh(req);
    return req.headers.Authorization === `Bearer ${valid}` ? jsonResponse({ data: req.url }) : unauthorized();
  });
}

const refreshes = (requests: RecordedRequest[]) => requests.filter((r) => r.url === REFRESH).length;

describe('session and client', () => {
  it('refreshes on a 401 and retries the call with the new token', async () => {
    setSession(makeSession(me, 'expired'));
    const { requests } = api('fresh', () => jsonResponse({ data: makeSession(me, 'fresh') }));

    await expect(request('/api/v1/runs')).resolves.toEqual({ data: '/api/v1/runs' });
    expect(requests.map((r) => `${r.method} ${r.url} ${r.headers.Authorization ?? '-'}`)).toEqual([
      'GET /api/v1/runs Bearer expired',
      'POST /api/v1/auth/refresh -',
      'GET /api/v1/runs Bearer fresh',
    ]);
    expect(getAuthState()).toMatchObject({ status: 'signedIn', session: { accessToken: 'fresh' } });
  });

  it('sends a single refresh for concurrent 401s (a refresh cookie works once)', async () => {
    setSession(makeSession(me, 'expired'));
    const gate = deferred<Response>();
    const { requests } = api('fresh', () => gate.promise);

    const calls = [request('/api/v1/runs'), request('/api/v1/playbooks'), request('/api/v1/runs/r1')];
    await vi.waitFor(() => expect(requests.filter((r) => r.headers.Authorization === 'Bearer expired')).toHaveLength(3));
    gate.resolve(jsonResponse({ data: makeSession(me, 'fresh') }));

    await expect(Promise.all(calls)).resolves.toEqual([
      { data: '/api/v1/runs' },
      { data: '/api/v1/playbooks' },
      { data: '/api/v1/runs/r1' },
    ]);
    expect(refreshes(requests)).toBe(1);
    // A 401 for a token older than the current one retries without refreshing again.
    await request('/api/v1/runs');
    expect(refreshes(requests)).toBe(1);
  });

  it('shares one refresh between direct callers too', async () => {
    resetAuthForTests({ status: 'restoring' });
    const { requests } = api('fresh', () => jsonResponse({ data: makeSession(me, 'fresh') }));
    const [a, b] = await Promise.all([refreshSession(), refreshSession(), restoreSession()]);
    expect(a).toBe(b);
    expect(refreshes(requests)).toBe(1);
  });

  it('ends the session as expired when the refresh is refused, and the call fails with its 401', async () => {
    setSession(makeSession(me, 'expired'));
    const { requests } = api('fresh', unauthorized);

    const err = await request('/api/v1/runs').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(getAuthState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(refreshes(requests)).toBe(1);

    // Signed out: later 401s do not try the dead cookie again.
    await request('/api/v1/runs').catch(() => undefined);
    expect(refreshes(requests)).toBe(1);
  });

  it('keeps the session when the refresh cannot reach the API', async () => {
    setSession(makeSession(me, 'expired'));
    stubFetch((req) => (req.url === REFRESH ? Promise.reject(new TypeError('fetch failed')) : unauthorized()));
    const err = await request('/api/v1/runs').catch((e: unknown) => e);
    expect((err as ApiError).isNetworkError).toBe(true);
    expect(getAuthState().status).toBe('signedIn');
  });

  it('refreshes a minute before the access token expires', async () => {
    vi.useFakeTimers();
    const { requests } = api('fresh', () => jsonResponse({ data: makeSession(me, 'fresh', 900) }));
    setSession(makeSession(me, 'first', 900));

    await vi.advanceTimersByTimeAsync(900_000 - REFRESH_MARGIN_MS - 1_000);
    expect(refreshes(requests)).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refreshes(requests)).toBe(1);
    expect(getAuthState()).toMatchObject({ session: { accessToken: 'fresh' } });
    // ...and schedules the next one from the new token.
    await vi.advanceTimersByTimeAsync(900_000 - REFRESH_MARGIN_MS);
    expect(refreshes(requests)).toBe(2);
  });

  it('serialises refreshes across tabs with a Web Lock when the browser has them', async () => {
    const lock = vi.fn((_name: string, work: () => Promise<unknown>) => work());
    Object.defineProperty(navigator, 'locks', { value: { request: lock }, configurable: true });
    try {
      api('fresh', () => jsonResponse({ data: makeSession(me, 'fresh') }));
      await refreshSession();
      expect(lock).toHaveBeenCalledExactlyOnceWith('opsmanager.session-refresh', expect.any(Function));
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });
});

describe('restoreSession', () => {
  it('signs in from the refresh cookie', async () => {
    resetAuthForTests({ status: 'restoring' });
    api('fresh', () => jsonResponse({ data: makeSession(me, 'fresh') }));
    await restoreSession();
    expect(getAuthState()).toMatchObject({ status: 'signedIn', session: { user: { id: me.id } } });
  });

  it('is signed out (not "expired") without a session', async () => {
    resetAuthForTests({ status: 'restoring' });
    api('fresh', unauthorized);
    await restoreSession();
    expect(getAuthState()).toEqual({ status: 'signedOut', reason: 'none' });
  });

  it('reports an unreachable API, and can try again', async () => {
    resetAuthForTests({ status: 'restoring' });
    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    await restoreSession();
    expect(getAuthState().status).toBe('unavailable');

    api('fresh', () => jsonResponse({ data: makeSession(me, 'fresh') }));
    await restoreSession();
    expect(getAuthState().status).toBe('signedIn');
  });
});

describe('signIn and signOut', () => {
  it('signs in, and never refreshes on a failed sign-in', async () => {
    const { requests } = stubFetch((req) =>
      req.body && (req.body as { password?: string }).password === 'right'
        ? jsonResponse({ data: makeSession(me, 'tok') })
        : jsonResponse({ error: 'invalid_credentials', message: 'wrong email or password', statusCode: 401 }, 401),
    );
    await expect(signIn({ email: me.email, password: 'wrong' })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(refreshes(requests)).toBe(0);
    await signIn({ email: me.email, password: 'right' });
    expect(getAuthState()).toMatchObject({ status: 'signedIn', session: { accessToken: 'tok' } });
  });

  it('signs out on the server, then here, and tells the app to drop the user’s data', async () => {
    setSession(makeSession(me, 'tok'));
    const changed = vi.fn();
    const stop = onUserChange(changed);
    const { requests } = stubFetch(() => new Response(null, { status: 204 }));
    await signOut(true);
    stop();
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: { Authorization: 'Bearer tok' } });
    expect(getAuthState()).toEqual({ status: 'signedOut', reason: 'signed_out' });
    expect(changed).toHaveBeenCalledOnce();
  });

  it('stays signed in when the server cannot be told (the cookie would restore the session)', async () => {
    setSession(makeSession(me, 'tok'));
    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    await expect(signOut()).rejects.toBeInstanceOf(ApiError);
    expect(getAuthState().status).toBe('signedIn');
  });

  it('clears cached data when a different user signs in', async () => {
    setSession(makeSession(me, 'tok'));
    const changed = vi.fn();
    const stop = onUserChange(changed);
    setSession(makeSession(me, 'tok2')); // same user, new token
    expect(changed).not.toHaveBeenCalled();
    setSession(makeSession(makeMe({ id: 'someone-else' }), 'tok3'));
    stop();
    expect(changed).toHaveBeenCalledOnce();
  });
});

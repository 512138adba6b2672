import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubFetch } from '../test/http';
import {
  ApiError,
  INVALID_RESPONSE,
  NETWORK_ERROR,
  parseRetryAfter,
  request,
  setAccessTokenProvider,
  setUnauthorizedHandler,
} from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  setAccessTokenProvider(() => null);
  setUnauthorizedHandler(null);
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('request', () => {
  it('returns the parsed JSON of a 2xx answer and sends JSON bodies', async () => {
    const { requests } = stubFetch(() => jsonResponse({ data: { id: 'r1' } }, 201));
    const body = await request<{ data: { id: string } }>('/api/v1/playbooks/x/runs', { method: 'POST', body: { params: { a: 1 } } });
    expect(body.data.id).toBe('r1');
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/playbooks/x/runs',
      body: { params: { a: 1 } },
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
  });

  it('parses the standard error body, including validation details', async () => {
    stubFetch(() =>
      jsonResponse(
        {
          error: 'validation_failed',
          message: 'params are invalid',
          statusCode: 400,
          details: [{ field: 'params.url', message: 'is required' }, { message: 'no field here' }, 'junk'],
        },
        400,
      ),
    );
    const err = await failure(request('/api/v1/playbooks/x/runs', { method: 'POST', body: {} }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe('params are invalid');
    expect(err.details).toEqual([
      { field: 'params.url', message: 'is required' },
      { field: '', message: 'no field here' },
    ]);
  });

  it('falls back to a readable message when the error body is not JSON', async () => {
    stubFetch(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = await failure(request('/api/v1/runs'));
    expect(err.status).toBe(502);
    expect(err.code).toBe('http_502');
    expect(err.message).toBe('The API is not reachable right now.');
    expect(err.details).toEqual([]);
  });

  it('reports a network failure as status 0', async () => {
    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    const err = await failure(request('/api/v1/runs'));
    expect(err.status).toBe(0);
    expect(err.code).toBe(NETWORK_ERROR);
    expect(err.isNetworkError).toBe(true);
  });

  it('rejects a 2xx answer that is not JSON', async () => {
    stubFetch(() => new Response('not json', { status: 200 }));
    const err = await failure(request('/api/v1/runs'));
    expect(err.code).toBe(INVALID_RESPONSE);
  });

  it('treats listed non-2xx statuses as answers (503 from /readyz)', async () => {
    stubFetch(() => jsonResponse({ status: 'unavailable', checks: {} }, 503));
    await expect(request('/readyz', { acceptStatuses: [503] })).resolves.toEqual({ status: 'unavailable', checks: {} });
    const err = await failure(request('/readyz'));
    expect(err.status).toBe(503);
  });

  it('adds the Authorization header from the token provider, and none without a token', async () => {
    const { requests } = stubFetch(() => jsonResponse({ data: [] }));
    await request('/api/v1/runs');
    expect(requests[0]?.headers.Authorization).toBeUndefined();
    setAccessTokenProvider(() => 'tok123');
    await request('/api/v1/runs');
    expect(requests[1]?.headers.Authorization).toBe('Bearer tok123');
  });

  it('passes aborts through untouched', async () => {
    stubFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(request('/api/v1/runs')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads Retry-After from a 429 (seconds or an HTTP date)', async () => {
    stubFetch(
      () =>
        new Response(JSON.stringify({ error: 'rate_limited', message: 'too many sign-in attempts (retry in 42 s)', statusCode: 429 }), {
          status: 429,
          headers: { 'Retry-After': '42' },
        }),
    );
    const err = await failure(request('/api/v1/auth/login', { method: 'POST', body: {} }));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(42);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', Date.parse('2026-11-25T10:00:00Z'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('request after a 401', () => {
  const unauthorized = () => jsonResponse({ error: 'unauthorized', message: 'invalid or expired access token', statusCode: 401 }, 401);

  it('asks the unauthorized handler with the rejected token, then retries once with the new one', async () => {
    let token = 'old';
    setAccessTokenProvider(() => token);
    const handler = vi.fn(async () => {
      token = 'new';
      return true;
    });
    setUnauthorizedHandler(handler);
    const { requests } = stubFetch((req) => (req.headers.Authorization === 'Bearer new' ? jsonResponse({ data: 'ok' }) : unauthorized()));

    await expect(request('/api/v1/runs', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ data: 'ok' });
    expect(handler).toHaveBeenCalledExactlyOnceWith('old');
    expect(requests.map((r) => [r.headers.Authorization, r.body])).toEqual([
      ['Bearer old', { a: 1 }],
      ['Bearer new', { a: 1 }],
    ]);
  });

  it('returns the 401 when there is no new token, and retries at most once', async () => {
    setAccessTokenProvider(() => 'tok');
    setUnauthorizedHandler(vi.fn(async () => false));
    const { requests } = stubFetch(unauthorized);
    expect((await failure(request('/api/v1/runs'))).status).toBe(401);
    expect(requests).toHaveLength(1);

    setUnauthorizedHandler(vi.fn(async () => true)); // claims a new token, but the API still refuses
    expect((await failure(request('/api/v1/runs'))).status).toBe(401);
    expect(requests).toHaveLength(3);
  });

  it('sends anonymous calls (sign-in, refresh) without the token and leaves their 401s alone', async () => {
    setAccessTokenProvider(() => 'tok');
    const handler = vi.fn(async () => true);
    setUnauthorizedHandler(handler);
    const { requests } = stubFetch(unauthorized);
    await failure(request('/api/v1/auth/login', { method: 'POST', body: {}, anonymous: true }));
    expect(handler).not.toHaveBeenCalled();
    expect(requests[0]?.headers.Authorization).toBeUndefined();
  });
});

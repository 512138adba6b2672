import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubFetch } from '../test/http';
import { call, routePath } from './call';

afterEach(() => vi.unstubAllGlobals());

describe('routePath', () => {
  it('fills placeholders URL-encoded and appends a non-empty query', () => {
    expect(routePath('GET /api/v1/runs/{id}/logs', { id: 'a/b c' }, new URLSearchParams({ after: '7' }))).toBe(
      '/api/v1/runs/a%2Fb%20c/logs?after=7',
    );
    expect(routePath('GET /api/v1/runs', {}, new URLSearchParams())).toBe('/api/v1/runs');
  });
});

describe('call', () => {
  it('sends the route method, path and JSON body, and resolves with the whole answer', async () => {
    const { requests } = stubFetch(() => jsonResponse({ data: [], pagination: { limit: 20, page: 1, total: 0, totalPages: 0 } }));
    const answer = await call('GET /api/v1/users', { query: new URLSearchParams({ q: 'ada' }) });
    expect(answer.pagination.total).toBe(0);
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/users?q=ada', body: undefined });

    await call('PATCH /api/v1/users/{id}', { params: { id: 'u1' }, body: { active: false } });
    expect(requests[1]).toMatchObject({ method: 'PATCH', url: '/api/v1/users/u1', body: { active: false } });
  });
});

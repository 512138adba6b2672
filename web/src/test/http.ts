import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * Replaces global fetch with `handler` and records every request. Paths are
 * compared without the origin, as the app calls relative URLs.
 */
export function stubFetch(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = raw.replace(/^https?:\/\/[^/]+/, '');
    const request: RecordedRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      url,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    return handler(request);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

/** An answer in the API's error body shape ({ error, message, statusCode, details? }). */
export function errorResponse(status: number, error: string, message: string, details?: Array<{ field: string; message: string }>): Response {
  return jsonResponse({ error, message, statusCode: status, ...(details ? { details } : {}) }, status);
}

/** A 400 validation_failed answer whose details name the fields at fault. */
export function validationFailed(message: string, details: Array<{ field: string; message: string }>): Response {
  return errorResponse(400, 'validation_failed', message, details);
}

/** A one-page list answer (data and its page-number pagination). */
export function pageResponse(data: unknown[], pagination: Partial<{ page: number; limit: number; total: number; totalPages: number }> = {}): Response {
  return jsonResponse({ data, pagination: { page: 1, limit: 20, total: data.length, totalPages: 1, ...pagination } });
}

/** The API's 404 answer. */
export function notFound(message = 'no route'): Response {
  return errorResponse(404, 'not_found', message);
}

/** A handler that may pass (undefined) to the next one. */
export type ApiHandler = (request: RecordedRequest) => Response | undefined;

/**
 * stubFetch over a fake API: `extra` answers first (a test's errors and
 * special cases), then `routes`; what neither answers is a 404.
 */
export function stubApi(routes: ApiHandler, extra: ApiHandler = () => undefined) {
  return stubFetch((request) => extra(request) ?? routes(request) ?? notFound());
}

/** The id in `<collection>/<id>` (nothing after it), else undefined. */
export function itemId(url: string, collection: string): string | undefined {
  const path = url.split('?')[0]!;
  if (!path.startsWith(`${collection}/`)) return undefined;
  const id = path.slice(collection.length + 1);
  return id && !id.includes('/') ? decodeURIComponent(id) : undefined;
}

/**
 * An in-memory collection behind `<path>/<id>`: PATCH merges the body into the
 * item (`merge`), DELETE removes it; `items` is the list as it stands.
 */
export function memoryCollection<T extends { id: string }>(
  path: string,
  initial: readonly T[],
  merge: (item: T, patch: unknown) => T = (item, patch) => ({ ...item, ...(patch as Partial<T>) }),
) {
  let items = [...initial];
  return {
    get items(): readonly T[] {
      return items;
    },
    add(item: T): T {
      items = [...items, item];
      return item;
    },
    /** Answers PATCH and DELETE of one item; undefined for any other request. */
    handle(request: RecordedRequest): Response | undefined {
      const id = itemId(request.url, path);
      const index = items.findIndex((item) => item.id === id);
      if (index === -1) return undefined;
      if (request.method === 'PATCH') {
        items[index] = merge(items[index]!, request.body);
        return jsonResponse({ data: items[index] });
      }
      if (request.method === 'DELETE') {
        items = items.filter((item) => item.id !== id);
        return new Response(null, { status: 204 });
      }
      return undefined;
    },
  };
}

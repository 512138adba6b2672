import { request, type RequestOptions } from './client';
import type { Paths } from './generated';

/**
 * Typed calls to the OpsManager API. A route is a key of the generated `Paths`
 * ("METHOD /api/v1/path" with {name} placeholders), so the method, the path
 * parameters, the request body and the answer's envelope all come from the Go
 * server's contract: a change there is a type error here.
 */

export type Route = keyof Paths;

/** The request body of a route (`never` for none). */
export type Body<R extends Route> = Paths[R]['body'];

/** The `data` of a route's answer. */
export type Data<R extends Route> = Paths[R]['data'];

/**
 * The JSON answer of a route: its `data`, read as `D` (the generated type, or a
 * narrowing of it from types.ts, which must stay assignable to it), and the
 * other envelope members the route has (pagination, deduplicated).
 */
export type Answer<R extends Route, D extends Data<R> = Data<R>> = Omit<Paths[R], 'body' | 'data'> & { data: D };

/** A create body as a form sends it: every member of the generated request given, none null. */
export type Filled<T> = { [K in keyof T]-?: NonNullable<T[K]> };

/** A patch body: any members of the generated request, none null. */
export type Patch<T> = { [K in keyof T]?: NonNullable<T[K]> };

type PathParams<P> = P extends `${string}{${infer K}}${infer Rest}` ? K | PathParams<Rest> : never;

type Params<R extends Route> = [PathParams<R>] extends [never] ? { params?: never } : { params: Record<PathParams<R>, string> };

export type CallOptions<R extends Route> = Params<R> &
  Pick<RequestOptions, 'signal' | 'anonymous'> & {
    /** Appended as ?query when not empty. */
    query?: URLSearchParams;
    body?: Body<R>;
  };

/** Options may be left out when the route has no {placeholders}. */
type OptionsArg<R extends Route> = [PathParams<R>] extends [never] ? [options?: CallOptions<R>] : [options: CallOptions<R>];

/** Fills a route's {placeholders} (URL-encoded) and appends the query. */
export function routePath(route: string, params: Record<string, string> = {}, query?: URLSearchParams): string {
  const path = route
    .slice(route.indexOf(' ') + 1)
    .replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = query?.toString();
  return search ? `${path}?${search}` : path;
}

/** Sends a request to `route` and resolves with its whole JSON answer. */
export function call<R extends Route, D extends Data<R> = Data<R>>(route: R, ...[options]: OptionsArg<R>): Promise<Answer<R, D>> {
  const { params, query, body, signal, anonymous } = (options ?? {}) as CallOptions<R> & { params?: Record<string, string> };
  const method = route.slice(0, route.indexOf(' ')) as NonNullable<RequestOptions['method']>;
  return request<Answer<R, D>>(routePath(route, params, query), { method, body, signal, anonymous });
}

/** Like `call`, resolving with the answer's `data` only. */
export async function callData<R extends Route, D extends Data<R> = Data<R>>(route: R, ...options: OptionsArg<R>): Promise<D> {
  const answer = await call<R, D>(route, ...options);
  return answer.data;
}

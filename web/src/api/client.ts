/**
 * The one HTTP client of the dashboard. Every request to the OpsManager API goes
 * through `request`, which:
 *   - sends JSON and parses JSON,
 *   - adds authentication headers in exactly one place (`authHeaders`),
 *   - turns any non-2xx answer (and network failures) into an `ApiError` built
 *     from the API's standard error body
 *     `{ error, message, statusCode, details?: [{ field, message }] }`.
 */

import type { DomainFieldError } from './generated';

/** One field's error in a 400 answer's details (the API's ErrorBody). */
export type ApiErrorDetail = DomainFieldError;

/** Error code used when the request never reached the API (offline, DNS, CORS...). */
export const NETWORK_ERROR = 'network_error';
/** Error code used when the API answered with something that is not JSON. */
export const INVALID_RESPONSE = 'invalid_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the request did not get an answer. */
  readonly status: number;
  /** Machine-readable code from the body's `error` field, e.g. "validation_failed". */
  readonly code: string;
  readonly details: ApiErrorDetail[];
  /** Seconds to wait before trying again, from a 429's Retry-After header. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = [], retryAfterSeconds?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

// ---------------------------------------------------------------------------
// Authentication seam. The session (src/auth/session.ts) calls
// setAccessTokenProvider(() => token), so every request carries
// "Authorization: Bearer <token>", and setUnauthorizedHandler(...), which renews
// the token after a 401. Nothing else in the app builds headers.
// ---------------------------------------------------------------------------

export type AccessTokenProvider = () => string | null | undefined;

/**
 * Called when a request is answered 401, with the token that request carried.
 * Resolves true once a newer token is available (the request is then retried
 * once), false when there is none (the 401 is returned to the caller). It may
 * reject, e.g. with a network ApiError, which the request then rejects with.
 */
export type UnauthorizedHandler = (rejectedToken: string | null) => Promise<boolean>;

let accessTokenProvider: AccessTokenProvider = () => null;
let unauthorizedHandler: UnauthorizedHandler | null = null;

export function setAccessTokenProvider(provider: AccessTokenProvider): void {
  accessTokenProvider = provider;
}

export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

function currentToken(): string | null {
  return accessTokenProvider() || null;
}

function authHeaders(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Downloads a file the API serves outside the JSON envelope (an export), with the access token. */
export async function fetchFile(path: string): Promise<Blob> {
  const response = await fetch(path, { headers: authHeaders(accessTokenProvider() ?? null), credentials: 'same-origin' });
  if (!response.ok) throw toApiError(response, await response.json().catch(() => null));
  return response.blob();
}

// ---------------------------------------------------------------------------

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Serialised as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Non-2xx statuses whose JSON body is a normal answer rather than an error
   * (for example 503 from /readyz, which still describes every dependency).
   */
  acceptStatuses?: readonly number[];
  /**
   * Send without the access token, and take a 401 as the answer rather than a
   * reason to renew the session: for sign-in and refresh, which manage the
   * session themselves.
   */
  anonymous?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { acceptStatuses = [], anonymous = false } = options;
  const token = anonymous ? null : currentToken();
  let response = await send(path, options, token);
  if (response.status === 401 && !anonymous && unauthorizedHandler && (await unauthorizedHandler(token))) {
    response = await send(path, options, currentToken());
  }

  const payload = await readJson(response);
  if (response.ok || acceptStatuses.includes(response.status)) {
    if (payload === undefined) {
      throw new ApiError(response.status, INVALID_RESPONSE, 'The API returned an unreadable response.');
    }
    return payload as T;
  }
  throw toApiError(response, payload);
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const { method = 'GET', body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(token) };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (typeof body === 'string') {
    // A file (an import): sent as it is, not as a JSON string.
    headers['Content-Type'] = 'text/plain';
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (signal) init.signal = signal;
  try {
    return await fetch(path, init);
  } catch (err) {
    if (isAbortError(err)) throw err; // let TanStack Query handle cancellation
    throw new ApiError(0, NETWORK_ERROR, 'Cannot reach the OpsManager API. Check your connection and try again.');
  }
}

/** Builds an ApiError from a failed response and its (possibly missing) JSON body. */
export function toApiError(
  response: Pick<Response, 'status' | 'statusText'> & { headers?: Pick<Headers, 'get'> },
  payload: unknown,
): ApiError {
  const status = response.status;
  const retryAfter = parseRetryAfter(response.headers?.get('Retry-After') ?? null);
  if (isRecord(payload)) {
    const code = typeof payload.error === 'string' && payload.error ? payload.error : `http_${status}`;
    const message =
      typeof payload.message === 'string' && payload.message ? payload.message : defaultMessage(status, response.statusText);
    return new ApiError(status, code, message, parseDetails(payload.details), retryAfter);
  }
  return new ApiError(status, `http_${status}`, defaultMessage(status, response.statusText), [], retryAfter);
}

/** Retry-After is either whole seconds or an HTTP date. */
export function parseRetryAfter(raw: string | null, now: number = Date.now()): number | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1_000));
}

function parseDetails(raw: unknown): ApiErrorDetail[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): ApiErrorDetail[] => {
    if (!isRecord(item) || typeof item.message !== 'string') return [];
    return [{ field: typeof item.field === 'string' ? item.field : '', message: item.message }];
  });
}

const statusMessages: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You need to sign in to do this.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'The request conflicts with the current state.',
  429: 'Too many requests. Wait a moment and try again.',
  500: 'The server hit an internal error.',
  502: 'The API is not reachable right now.',
  503: 'The service is temporarily unavailable.',
  504: 'The API took too long to answer.',
};

function defaultMessage(status: number, statusText: string): string {
  return statusMessages[status] ?? (statusText ? `${status} ${statusText}` : `Request failed with status ${status}.`);
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

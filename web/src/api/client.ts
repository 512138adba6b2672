/**
 * The one HTTP client of the dashboard. Every request to the OpsManager API goes
 * through `request`, which:
 *   - sends JSON and parses JSON,
 *   - adds authentication headers in exactly one place (`authHeaders`),
 *   - turns any non-2xx answer (and network failures) into an `ApiError` built
 *     from the API's standard error body
 *     `{ error, message, statusCode, details?: [{ field, message }] }`.
 */

export interface ApiErrorDetail {
  field: string;
  message: string;
}

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

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

// ---------------------------------------------------------------------------
// Authentication seam. Auth is not implemented yet; when it is, the login flow
// calls setAccessTokenProvider(() => token) and every request carries
// "Authorization: Bearer <token>". Nothing else in the app builds headers.
// ---------------------------------------------------------------------------

export type AccessTokenProvider = () => string | null | undefined;

let accessTokenProvider: AccessTokenProvider = () => null;

export function setAccessTokenProvider(provider: AccessTokenProvider): void {
  accessTokenProvider = provider;
}

function authHeaders(): Record<string, string> {
  const token = accessTokenProvider();
  return token ? { Authorization: `Bearer ${token}` } : {};
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
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, acceptStatuses = [] } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders() };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (signal) init.signal = signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (isAbortError(err)) throw err; // let TanStack Query handle cancellation
    throw new ApiError(0, NETWORK_ERROR, 'Cannot reach the OpsManager API. Check your connection and try again.');
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

/** Builds an ApiError from a failed response and its (possibly missing) JSON body. */
export function toApiError(response: Pick<Response, 'status' | 'statusText'>, payload: unknown): ApiError {
  const status = response.status;
  if (isRecord(payload)) {
    const code = typeof payload.error === 'string' && payload.error ? payload.error : `http_${status}`;
    const message =
      typeof payload.message === 'string' && payload.message ? payload.message : defaultMessage(status, response.statusText);
    return new ApiError(status, code, message, parseDetails(payload.details));
  }
  return new ApiError(status, `http_${status}`, defaultMessage(status, response.statusText));
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

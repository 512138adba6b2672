import type { SignedOutReason } from './session';

export const LOGIN_PATH = '/login';
export const SECURITY_PATH = '/account/security';
export const PASSWORD_PATH = '/account/password';

/**
 * Where to send someone after sign-in: a path inside the app, never another
 * site ("//evil.example", "https://...") and never back to the login page.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === LOGIN_PATH || raw.startsWith(`${LOGIN_PATH}?`) || raw.startsWith(`${LOGIN_PATH}/`)) return '/';
  return raw;
}

/** The login URL for someone who was on `here` (path + search) when their session ended. */
export function loginPathFor(here: string, reason: SignedOutReason): string {
  if (reason === 'signed_out' || safeNext(here) === '/') return LOGIN_PATH;
  return `${LOGIN_PATH}?next=${encodeURIComponent(here)}`;
}

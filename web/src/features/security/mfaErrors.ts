import { ApiError } from '../../api/client';

export function mfaCodeError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'invalid_mfa_code') {
    return 'That code did not match. Enter the current code; if it keeps failing, check that your device’s clock is right.';
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** Accepts "123 456" as well as "123456". */
export function normaliseCode(raw: string): string {
  return raw.replace(/\s/g, '');
}

export function isSixDigits(code: string): boolean {
  return /^\d{6}$/.test(code);
}

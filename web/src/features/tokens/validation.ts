import { addDays, endOfDay, isValid, parseISO } from 'date-fns';
import type { FieldErrors } from '../../lib/formErrors';

export const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'custom', label: 'On a date…' },
] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]['value'];

export interface TokenFormValues {
  name: string;
  permissions: string[];
  expiry: ExpiryChoice;
  /** yyyy-MM-dd, for a custom expiry. */
  expiryDate: string;
}

export type TokenField = 'name' | 'permissions' | 'expiresAt';
export const tokenFields: readonly TokenField[] = ['name', 'permissions', 'expiresAt'];

/** The expiry instant (RFC 3339), or undefined for an invalid date. Every token expires (the API defaults to 90 days). */
export function expiresAt(values: TokenFormValues, now: Date = new Date()): string | undefined {
  if (values.expiry === 'custom') {
    const day = parseISO(values.expiryDate);
    return isValid(day) ? endOfDay(day).toISOString() : undefined;
  }
  return addDays(now, Number(values.expiry)).toISOString();
}

export function validateToken(values: TokenFormValues, now: Date = new Date()): FieldErrors<TokenField> {
  const errors: FieldErrors<TokenField> = {};
  if (!values.name.trim()) errors.name = 'Name the token after what uses it, e.g. "ci-deploy".';
  else if (values.name.trim().length > 100) errors.name = 'Keep the name to 100 characters.';
  if (values.permissions.length === 0) errors.permissions = 'Choose at least one permission.';
  if (values.expiry === 'custom') {
    const at = expiresAt(values, now);
    if (!at) errors.expiresAt = 'Choose the day the token stops working.';
    else if (new Date(at) <= now) errors.expiresAt = 'Choose a day in the future.';
  }
  return errors;
}

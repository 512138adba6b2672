import { ApiError, type ApiErrorDetail } from '../api/client';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export interface ServerFormErrors<K extends string> {
  /** Messages for the form's fields. */
  fields: FieldErrors<K>;
  /** Details that name no field of the form. */
  other: ApiErrorDetail[];
}

/** "is required" → "This field is required."; "password must be…" → "Password must be…." */
export function detailSentence(message: string): string {
  const text = /^(is|must|should|cannot)\b/.test(message) ? `This field ${message}` : message;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Maps the API's validation details onto form fields. List items map to their
 * list ("roles[0]" → "roles", "permissions[2]" → "permissions").
 */
export function serverFormErrors<K extends string>(error: unknown, names: readonly K[]): ServerFormErrors<K> {
  const fields: FieldErrors<K> = {};
  const other: ApiErrorDetail[] = [];
  if (!(error instanceof ApiError)) return { fields, other };
  for (const detail of error.details) {
    const name = detail.field.split(/[.[\]]/)[0] as K;
    if (names.includes(name)) fields[name] ??= detailSentence(detail.message);
    else other.push(detail);
  }
  return { fields, other };
}

export function hasErrors(errors: Partial<Record<string, string>>): boolean {
  return Object.values(errors).some(Boolean);
}

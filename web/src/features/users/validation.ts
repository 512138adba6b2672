import type { FieldErrors } from '../../lib/formErrors';

import { MAX_PASSWORD, MIN_PASSWORD } from '../../entities/user/password';


const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type UserField = 'email' | 'displayName' | 'password' | 'roles';
export const userFields: readonly UserField[] = ['email', 'displayName', 'password', 'roles'];

export interface NewUserValues {
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}

export interface EditUserValues {
  displayName: string;
  roles: string[];
  active: boolean;
  /** Empty keeps the current password. */
  password: string;
}

export function passwordError(password: string): string | undefined {
  const length = [...password].length; // characters, not UTF-16 units
  if (length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters (${length} so far).`;
  if (length > MAX_PASSWORD) return `Use at most ${MAX_PASSWORD} characters.`;
  if (!password.trim()) return 'The password cannot be only spaces.';
  return undefined;
}

function nameError(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name.';
  if ([...trimmed].length > 100) return 'Keep the name to 100 characters.';
  return undefined;
}

function rolesError(roles: readonly string[]): string | undefined {
  return roles.length === 0 ? 'Choose at least one role.' : undefined;
}

function compact<K extends string>(errors: Record<K, string | undefined>): FieldErrors<K> {
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as FieldErrors<K>;
}

export function validateNewUser(values: NewUserValues): FieldErrors<UserField> {
  const email = values.email.trim();
  return compact<UserField>({
    email: !email ? 'Enter an email address.' : EMAIL.test(email) ? undefined : 'Enter an email address such as name@example.com.',
    displayName: nameError(values.displayName),
    password: passwordError(values.password),
    roles: rolesError(values.roles),
  });
}

export function validateUserEdit(values: EditUserValues): FieldErrors<UserField> {
  return compact<UserField>({
    email: undefined,
    displayName: nameError(values.displayName),
    password: values.password ? passwordError(values.password) : undefined,
    roles: rolesError(values.roles),
  });
}

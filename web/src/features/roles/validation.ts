import { patterns } from '../../api/generated';
import type { FieldErrors } from '../../lib/formErrors';

export interface RoleFormValues {
  name: string;
  description: string;
  permissions: string[];
  requireMfa: boolean;
}

export type RoleField = 'name' | 'description' | 'permissions';
export const roleFields: readonly RoleField[] = ['name', 'description', 'permissions'];

/** The API's rule for role names (domain/patterns.go, published in the API document). */
export const ROLE_NAME = new RegExp(patterns.roleName);

export function validateRole(values: RoleFormValues, isNew: boolean): FieldErrors<RoleField> {
  const errors: FieldErrors<RoleField> = {};
  if (isNew && !ROLE_NAME.test(values.name)) {
    errors.name = values.name
      ? 'Use 2–40 lowercase letters, digits, - or _, starting with a letter.'
      : 'Enter a name for the role.';
  }
  if (values.description.length > 200) errors.description = 'Keep the description to 200 characters.';
  if (values.permissions.length === 0) errors.permissions = 'Choose at least one permission.';
  return errors;
}

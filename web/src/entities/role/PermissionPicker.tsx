import type { ReactNode } from 'react';
import { CheckboxGroup, type CheckboxOption } from '../../components/ui/CheckboxGroup';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { usePermissions } from './queries';

interface PermissionPickerProps {
  value: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
  /** Which of the grantable permissions to offer; all by default. */
  offer?: (name: string) => boolean;
}

/** Checkbox options for named things (roles, permissions): the name in monospace, its description under it. */
export function namedOptions<T extends { name: string }>(items: readonly T[], describe: (item: T) => string | undefined): CheckboxOption[] {
  return items.map((item) => ({ value: item.name, label: <span className="font-mono">{item.name}</span>, description: describe(item) }));
}

/** Checkboxes for the grantable permissions (GET /permissions), each with its description. */
export function PermissionPicker({ value, onChange, error, hint, disabled, offer = () => true }: PermissionPickerProps) {
  const permissions = usePermissions();
  if (permissions.isError) return <FormErrorAlert title="Could not load the permissions" error={permissions.error} />;
  const options = namedOptions((permissions.data ?? []).filter((p) => offer(p.name)), (p) => p.description);
  return (
    <CheckboxGroup
      legend="Permissions"
      required
      columns={2}
      hint={hint}
      options={options}
      value={value}
      onChange={onChange}
      disabled={disabled}
      error={error}
    />
  );
}

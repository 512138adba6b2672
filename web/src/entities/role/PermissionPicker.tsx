import type { ReactNode } from 'react';
import { CheckboxGroup } from '../../components/ui/CheckboxGroup';
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

/** Checkboxes for the grantable permissions (GET /permissions), each with its description. */
export function PermissionPicker({ value, onChange, error, hint, disabled, offer = () => true }: PermissionPickerProps) {
  const permissions = usePermissions();
  if (permissions.isError) return <FormErrorAlert title="Could not load the permissions" error={permissions.error} />;
  const options = (permissions.data ?? [])
    .filter((p) => offer(p.name))
    .map((p) => ({ value: p.name, label: <span className="font-mono">{p.name}</span>, description: p.description }));
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

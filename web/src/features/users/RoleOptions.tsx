import { CheckboxGroup } from '../../components/ui/CheckboxGroup';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingBlock } from '../../components/ui/Spinner';
import { namedOptions } from '../../entities/role/PermissionPicker';
import { useRoles } from '../../entities/role/queries';

interface RoleOptionsProps {
  value: string[];
  onChange: (roles: string[]) => void;
  error?: string;
}

/** Role checkboxes, from the roles the API knows. */
export function RoleOptions({ value, onChange, error }: RoleOptionsProps) {
  const roles = useRoles();
  if (roles.isLoading) return <LoadingBlock label="Loading roles…" />;
  if (roles.isError) return <ErrorState error={roles.error} title="Could not load roles" onRetry={() => void roles.refetch()} />;
  return (
    <CheckboxGroup
      legend="Roles"
      required
      columns={2}
      value={value}
      onChange={onChange}
      error={error}
      options={namedOptions(roles.data ?? [], (role) => [role.description, role.requireMfa && 'Requires MFA'].filter(Boolean).join(' · ') || undefined)}
    />
  );
}

import { FilterBar, FilterSelect } from '../../components/ui/FilterBar';
import { useRoles } from '../../entities/role/queries';

export interface UserFilterValues {
  q: string;
  role: string;
  active: '' | 'true' | 'false';
}

interface UserFiltersProps {
  value: UserFilterValues;
  onChange: (changes: Partial<UserFilterValues>) => void;
}

const statusOptions = [
  ['', 'Everyone'],
  ['true', 'Active'],
  ['false', 'Inactive'],
] as const;

/** Search as you type (debounced), role and status. */
export function UserFilters({ value, onChange }: UserFiltersProps) {
  const roles = useRoles();
  const roleOptions: [string, string][] = [['', 'All roles'], ...(roles.data ?? []).map((role): [string, string] => [role.name, role.name])];
  return (
    <FilterBar search={{ label: 'Search users', placeholder: 'Search by name or email', value: value.q, onSearch: (q) => onChange({ q }) }}>
      <div className="flex gap-3">
        <FilterSelect label="Role" value={value.role} options={roleOptions} onChange={(role) => onChange({ role })} className="flex-1 sm:w-44 sm:flex-none" />
        <FilterSelect
          label="Status"
          value={value.active}
          options={statusOptions}
          onChange={(active) => onChange({ active: active as UserFilterValues['active'] })}
          className="flex-1 sm:w-36 sm:flex-none"
        />
      </div>
    </FilterBar>
  );
}

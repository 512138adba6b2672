import { Search } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { inputClasses } from '../../components/ui/input';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { cn } from '../../lib/cn';
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

/** Search as you type (debounced), role and status. */
export function UserFilters({ value, onChange }: UserFiltersProps) {
  const id = useId();
  const roles = useRoles();
  const [term, setTerm] = useState(value.q);
  const debounced = useDebouncedValue(term);

  useEffect(() => {
    if (debounced.trim() !== value.q) onChange({ q: debounced.trim() });
    // Only a new debounced term searches; value.q follows it.
  }, [debounced]);

  return (
    <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="relative flex-1 sm:max-w-sm">
        <label htmlFor={`${id}-q`} className="sr-only">
          Search users
        </label>
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-fg-muted" />
        <input
          id={`${id}-q`}
          type="search"
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          placeholder="Search by name or email"
          className={cn(inputClasses, 'h-10 pl-9')}
        />
      </div>
      <div className="flex gap-3">
        <div className="flex-1 space-y-1 sm:w-44 sm:flex-none">
          <label htmlFor={`${id}-role`} className="text-xs font-medium text-fg-muted">
            Role
          </label>
          <select
            id={`${id}-role`}
            value={value.role}
            onChange={(e) => onChange({ role: e.target.value })}
            className={cn(inputClasses, 'h-10')}
          >
            <option value="">All roles</option>
            {(roles.data ?? []).map((role) => (
              <option key={role.name} value={role.name}>
                {role.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex-1 space-y-1 sm:w-36 sm:flex-none">
          <label htmlFor={`${id}-active`} className="text-xs font-medium text-fg-muted">
            Status
          </label>
          <select
            id={`${id}-active`}
            value={value.active}
            onChange={(e) => onChange({ active: e.target.value as UserFilterValues['active'] })}
            className={cn(inputClasses, 'h-10')}
          >
            <option value="">Everyone</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
        </div>
      </div>
    </div>
  );
}

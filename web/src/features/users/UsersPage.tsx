import { UserPlus, Users } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { UserFilter } from '../../entities/user/api';
import type { User } from '../../api/types';
import { useMe } from '../../auth/hooks';
import { applyFilterChange, parsePage } from '../../lib/searchParams';
import { Button } from '../../components/ui/Button';
import { PagedList } from '../../components/ui/PagedList';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { RefetchSpinner } from '../../components/ui/Spinner';
import { useRoles } from '../../entities/role/queries';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { useUsers } from './queries';
import { UserFilters, type UserFilterValues } from './UserFilters';
import { UsersTable } from './UsersTable';

export const USERS_PAGE_SIZE = 20;

function parseActive(raw: string | null): UserFilterValues['active'] {
  return raw === 'true' || raw === 'false' ? raw : '';
}

/** /admin/users — search, filter and page through users; create and edit them. */
export function UsersPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filter: UserFilter = {
    q: params.get('q') ?? '',
    role: params.get('role') ?? '',
    active: parseActive(params.get('active')),
    page: parsePage(params.get('page')),
    limit: USERS_PAGE_SIZE,
  };
  const query = useUsers(filter);
  const roles = useRoles();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  /** Changing a filter goes back to page 1. */
  const change = (changes: Partial<UserFilterValues> & { page?: number }) =>
    setParams(applyFilterChange(params, changes), { replace: changes.page === undefined });
  const filtered = Boolean(filter.q || filter.role || filter.active);

  return (
    <>
      <PageHeader
        title="Users"
        description="People who sign in to OpsManager, their roles and their two-factor status."
        actions={
          <>
            <RefetchSpinner query={query} />
            <Button variant="primary" onClick={() => setCreating(true)}>
              <UserPlus aria-hidden />
              New user
            </Button>
          </>
        }
      />
      <UserFilters value={filter} onChange={change} />
      <PagedList
        query={query}
        noun="users"
        onPageChange={(page) => change({ page })}
        empty={
          <EmptyState icon={<Users />} title={filtered ? 'No user matches these filters' : 'No users on this page'}>
            {filtered ? 'Try another search, or clear the filters.' : null}
          </EmptyState>
        }
      >
        {(rows) => (
          <UsersTable users={rows} roles={roles.data ?? []} meId={me?.id} onEdit={setEditing} />
        )}
      </PagedList>
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <EditUserDialog user={editing} onClose={() => setEditing(null)} />
    </>
  );
}

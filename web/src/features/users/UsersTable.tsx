import type { Role, User } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { EditButton } from '../../components/ui/RowButtons';
import { actionsColumn, DataTable, type Column } from '../../components/ui/DataTable';
import { RelativeTime } from '../../components/ui/RelativeTime';

interface UsersTableProps {
  users: User[];
  roles: Role[];
  meId: string | undefined;
  onEdit: (user: User) => void;
}

function MfaBadge({ user, roles }: { user: User; roles: Role[] }) {
  if (user.mfaEnabled) return <Badge tone="success">On</Badge>;
  const required = roles.some((role) => role.requireMfa && user.roles.includes(role.name));
  return required ? <Badge tone="warning">Required, not set up</Badge> : <Badge>Off</Badge>;
}

function RoleList({ roles }: { roles: string[] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((role) => (
        <Badge key={role} tone="info" className="font-mono">
          {role}
        </Badge>
      ))}
    </span>
  );
}

export function UsersTable({ users, roles, meId, onEdit }: UsersTableProps) {
  const columns: Column<User>[] = [
    {
      id: 'user',
      header: 'User',
      cell: (user) => (
        <>
          <div className="font-medium">
            {user.displayName}
            {user.id === meId && <span className="font-normal text-fg-muted"> (you)</span>}
          </div>
          <div className="text-xs break-words text-fg-muted">{user.email}</div>
          <div className="mt-1.5 md:hidden">
            <RoleList roles={user.roles} />
          </div>
        </>
      ),
    },
    { id: 'roles', header: 'Roles', className: 'hidden md:table-cell', cell: (user) => <RoleList roles={user.roles} /> },
    { id: 'status', header: 'Status', cell: (user) => (user.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
    { id: 'mfa', header: 'MFA', className: 'hidden sm:table-cell', cell: (user) => <MfaBadge user={user} roles={roles} /> },
    {
      id: 'lastLogin',
      header: 'Last sign-in',
      className: 'hidden lg:table-cell',
      cellClassName: 'whitespace-nowrap text-fg-muted',
      cell: (user) => <RelativeTime at={user.lastLoginAt} empty="Never" />,
    },
    {
      ...actionsColumn,
      cell: (user) => (
        <EditButton name={user.displayName} onClick={() => onEdit(user)} />
      ),
    },
  ];
  return <DataTable caption="Users" columns={columns} rows={users} rowKey={(user) => user.id} />;
}

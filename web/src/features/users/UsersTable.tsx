import { Pencil } from 'lucide-react';
import type { Role, User } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { td, th } from '../../components/ui/table';
import { formatDateTime, formatRelative } from '../../lib/format';

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
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-line bg-subtle">
          <tr>
            <th scope="col" className={th}>
              User
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              Roles
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              MFA
            </th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>
              Last sign-in
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {users.map((user) => (
            <tr key={user.id} className="hover:bg-subtle/60">
              <td className={td}>
                <div className="font-medium">
                  {user.displayName}
                  {user.id === meId && <span className="font-normal text-fg-muted"> (you)</span>}
                </div>
                <div className="text-xs break-words text-fg-muted">{user.email}</div>
                <div className="mt-1.5 md:hidden">
                  <RoleList roles={user.roles} />
                </div>
              </td>
              <td className={`${td} hidden md:table-cell`}>
                <RoleList roles={user.roles} />
              </td>
              <td className={td}>{user.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
              <td className={`${td} hidden sm:table-cell`}>
                <MfaBadge user={user} roles={roles} />
              </td>
              <td className={`${td} hidden whitespace-nowrap text-fg-muted lg:table-cell`}>
                {user.lastLoginAt ? (
                  <time dateTime={user.lastLoginAt} title={formatDateTime(user.lastLoginAt)}>
                    {formatRelative(user.lastLoginAt)}
                  </time>
                ) : (
                  'Never'
                )}
              </td>
              <td className={`${td} text-right`}>
                <Button size="sm" variant="ghost" aria-label={`Edit ${user.displayName}`} onClick={() => onEdit(user)}>
                  <Pencil aria-hidden />
                  Edit
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { Plus, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import type { Role } from '../../api/types';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { DeleteButton, EditButton } from '../../components/ui/RowButtons';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { actionsColumn, type Column } from '../../components/ui/DataTable';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryTable } from '../../components/ui/QueryTable';
import { Switch } from '../../components/ui/Switch';
import { PermissionBadges } from '../../entities/role/PermissionBadges';
import { useDeleteRole, useUpdateRole } from './queries';
import { useRoles } from '../../entities/role/queries';
import { RoleFormDialog } from './RoleFormDialog';
import { useConfirm } from '../../hooks/useConfirm';

type Editing = { kind: 'new' } | { kind: 'edit'; role: Role } | null;

/** /admin/roles — built-in and custom roles, their permissions and MFA requirement. */
export function RolesPage() {
  const query = useRoles();
  const [editing, setEditing] = useState<Editing>(null);
  const update = useUpdateRole();
  const enablingMfa = useConfirm<Role>(update);
  const remove = useDeleteRole();
  const deleting = useConfirm<Role>(remove);

  const setRequireMfa = (role: Role, requireMfa: boolean) =>
    update.mutate({ name: role.name, patch: { requireMfa } }, { onSuccess: enablingMfa.close });

  const columns: Column<Role>[] = [
    {
      id: 'role',
      header: 'Role',
      cell: (role) => (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono font-medium">{role.name}</span>
            {role.builtin && <Badge tone="info">Built-in</Badge>}
          </div>
          {role.description && <p className="mt-0.5 text-fg-muted">{role.description}</p>}
          <div className="mt-2 md:hidden">
            <PermissionBadges permissions={role.permissions} />
          </div>
        </>
      ),
    },
    { id: 'permissions', header: 'Permissions', className: 'hidden md:table-cell', cell: (role) => <PermissionBadges permissions={role.permissions} /> },
    {
      id: 'requireMfa',
      header: <span className="whitespace-nowrap">Require MFA</span>,
      cell: (role) => (
        <Switch
          label={`Require MFA for ${role.name}`}
          checked={role.requireMfa}
          disabled={update.isPending}
          onChange={(on) => (on ? enablingMfa.ask(role) : setRequireMfa(role, false))}
        />
      ),
    },
    {
      ...actionsColumn,
      cellClassName: 'text-right whitespace-nowrap',
      cell: (role) => (
        <>
          <EditButton name={role.name} onClick={() => setEditing({ kind: 'edit', role })} />
          {!role.builtin && (
            <DeleteButton name={role.name} onClick={() => deleting.ask(role)} />
          )}
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Roles"
        description="A role is a named set of permissions. Users get every permission of every role they hold."
        actions={
          <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
            <Plus aria-hidden />
            New role
          </Button>
        }
      />
      {update.isError && !enablingMfa.target && (
        <Alert tone="danger" title="The role was not changed" live className="mb-6">
          {update.error.message}
        </Alert>
      )}
      <QueryTable
        query={query}
        noun="roles"
        empty={<EmptyState icon={<ShieldCheck />} title="No roles" />}
        caption="Roles"
        columns={columns}
        rowKey={(role) => role.name}
        alignTop
      />

      <RoleFormDialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        role={editing?.kind === 'edit' ? editing.role : undefined}
      />
      <ConfirmDialog
        {...enablingMfa.dialog}
        title={`Require MFA for ${enablingMfa.target?.name ?? ''}?`}
        confirmLabel="Require MFA"
        destructive={false}
        onConfirm={enablingMfa.confirm((role) => setRequireMfa(role, true))}
      >
        <p>
          Members of this role who have not set up two-factor authentication will be locked out of everything except the
          setup page until they do.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        {...deleting.dialog}
        title={`Delete role ${deleting.target?.name ?? ''}?`}
        confirmLabel="Delete role"
        onConfirm={deleting.confirm((role) => remove.mutate(role.name, { onSuccess: () => deleting.close() }))}
      >
        <p>A role still assigned to a user cannot be deleted: remove it from them first.</p>
      </ConfirmDialog>
    </>
  );
}

import type { Role } from '../../api/types';
import { DialogForm } from '../../components/ui/DialogForm';
import { CheckboxField } from '../../components/ui/CheckboxGroup';
import { Dialog } from '../../components/ui/Dialog';
import { TextField } from '../../components/ui/Field';
import { serverFormErrors } from '../../lib/formErrors';
import { useCreateRole, useUpdateRole } from './queries';
import { PermissionPicker } from '../../entities/role/PermissionPicker';
import { roleFields, validateRole, type RoleField, type RoleFormValues } from './validation';
import { useFormFields } from '../../hooks/useFormFields';

interface RoleFormDialogProps {
  open: boolean;
  onClose: () => void;
  /** The role to edit; none to create one. */
  role?: Role;
}

export function RoleFormDialog({ open, onClose, role }: RoleFormDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title={role ? `Edit role ${role.name}` : 'New role'}
      description={role?.builtin ? 'A built-in role: its permissions ship with OpsManager and cannot change.' : undefined}
    >
      <RoleForm role={role} onDone={onClose} />
    </Dialog>
  );
}

function RoleForm({ role, onDone }: { role?: Role; onDone: () => void }) {
  const create = useCreateRole();
  const update = useUpdateRole();
  const mutation = role ? update : create;
  const server = serverFormErrors(mutation.error, roleFields);
  const { values, set, check, errorFor } = useFormFields<RoleFormValues, RoleField>({
    name: role?.name ?? '',
    description: role?.description ?? '',
    permissions: role?.permissions ?? [],
    requireMfa: role?.requireMfa ?? false,
  }, server);

  const submit = () => {
    if (!check(validateRole(values, !role))) return;
    if (role) {
      update.mutate(
        {
          name: role.name,
          patch: {
            description: values.description,
            requireMfa: values.requireMfa,
            ...(role.builtin ? {} : { permissions: values.permissions }),
          },
        },
        { onSuccess: onDone },
      );
    } else {
      create.mutate(values, { onSuccess: onDone });
    }
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel={role ? 'Save changes' : 'Create role'} mutation={mutation}
      errorTitle="The role was not saved" errorDetails={server.other}>
      {!role && (
        <TextField
          label="Name"
          required
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={values.name}
          onChange={(e) => set('name', e.target.value.toLowerCase())}
          error={errorFor('name')}
          hint="Lowercase letters, digits, - or _; for example on-call."
          className="font-mono"
        />
      )}
      <TextField
        label="Description"
        autoComplete="off"
        value={values.description}
        onChange={(e) => set('description', e.target.value)}
        error={errorFor('description')}
        maxLength={200}
      />
      <PermissionPicker
        value={values.permissions}
        onChange={(next) => set('permissions', next)}
        disabled={role?.builtin}
        error={errorFor('permissions')}
      />
      <CheckboxField
        label="Require two-factor authentication"
        description="Members who have not set it up can do nothing else until they do."
        checked={values.requireMfa}
        onChange={(checked) => set('requireMfa', checked)}
      />
    </DialogForm>
  );
}

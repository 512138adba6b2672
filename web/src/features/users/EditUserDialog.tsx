import type { UserPatch } from './api';
import type { User } from '../../api/types';
import { useMe } from '../../auth/hooks';
import { PasswordField } from '../../components/ui/Field';
import { CheckboxField } from '../../components/ui/CheckboxGroup';
import { Alert } from '../../components/ui/Alert';
import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog } from '../../components/ui/Dialog';
import { serverFormErrors } from '../../lib/formErrors';
import { useUpdateUser } from './queries';
import { ResetMfa } from './ResetMfa';
import { RoleOptions } from './RoleOptions';
import { DisplayNameField } from './UserFields';
import { userFields, validateUserEdit, type EditUserValues, type UserField } from './validation';
import { MIN_PASSWORD } from '../../entities/user/password';
import { useFormFields } from '../../hooks/useFormFields';

export function EditUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <Dialog open={user !== null} onClose={onClose} title={`Edit ${user?.displayName ?? 'user'}`} description={user?.email} wide>
      {user && <EditUserForm user={user} onDone={onClose} />}
    </Dialog>
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Only what changed, so a concurrent edit of another field is not overwritten. */
export function userPatch(user: User, values: EditUserValues): UserPatch {
  const patch: UserPatch = {};
  if (values.displayName.trim() !== user.displayName) patch.displayName = values.displayName.trim();
  if (!sameSet(values.roles, user.roles)) patch.roles = values.roles;
  if (values.active !== user.active) patch.active = values.active;
  if (values.password) patch.password = values.password;
  return patch;
}

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const me = useMe();
  const isSelf = me?.id === user.id;
  const mutation = useUpdateUser();
  const server = serverFormErrors(mutation.error, userFields);
  const { values, set, check, errorFor } = useFormFields<EditUserValues, UserField>({
    displayName: user.displayName,
    roles: user.roles,
    active: user.active,
    password: '',
  }, server);

  const submit = () => {
    if (!check(validateUserEdit(values))) return;
    const patch = userPatch(user, values);
    if (Object.keys(patch).length === 0) return onDone();
    mutation.mutate({ id: user.id, patch }, { onSuccess: onDone });
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Save changes" mutation={mutation} errorTitle="The changes were not saved"
      errorDetails={server.other}>
      {isSelf && (
        <Alert tone="warning" title="This is your own account">
          Removing your admin role or deactivating yourself takes effect at once.
        </Alert>
      )}
      <DisplayNameField value={values.displayName} onChange={(v) => set('displayName', v)} error={errorFor('displayName')} />
      <RoleOptions value={values.roles} onChange={(roles) => set('roles', roles)} error={errorFor('roles')} />
      <CheckboxField
        label="Active"
        description="An inactive user cannot sign in; deactivating signs them out everywhere."
        checked={values.active}
        onChange={(checked) => set('active', checked)}
      />
      <PasswordField
        label="New password"
        value={values.password}
        onChange={(v) => set('password', v)}
        error={errorFor('password')}
        hint={`Leave empty to keep the current one. At least ${MIN_PASSWORD} characters; setting one signs them out everywhere.`}
      />
      {user.mfaEnabled && <ResetMfa user={user} />}
    </DialogForm>
  );
}

import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog } from '../../components/ui/Dialog';
import { PasswordField, TextField } from '../../components/ui/Field';
import { serverFormErrors } from '../../lib/formErrors';
import { useCreateUser } from './queries';
import { RoleOptions } from './RoleOptions';
import { DisplayNameField } from './UserFields';
import { userFields, validateNewUser, type NewUserValues, type UserField } from './validation';
import { MIN_PASSWORD } from '../../entities/user/password';
import { useFormFields } from '../../hooks/useFormFields';

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="New user" description="They sign in with this email and password." wide>
      <CreateUserForm onDone={onClose} />
    </Dialog>
  );
}

export function CreateUserForm({ onDone }: { onDone: () => void }) {
  const mutation = useCreateUser();
  const server = serverFormErrors(mutation.error, userFields);
  const { values, set, check, errorFor } = useFormFields<NewUserValues, UserField>({ email: '', displayName: '', password: '', roles: [] }, server);

  const submit = () => {
    if (!check(validateNewUser(values))) return;
    mutation.mutate(
      { ...values, email: values.email.trim(), displayName: values.displayName.trim() },
      { onSuccess: onDone },
    );
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Create user" mutation={mutation} errorTitle="The user was not created"
      errorDetails={server.other}>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          label="Email"
          type="email"
          required
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={values.email}
          onChange={(e) => set('email', e.target.value)}
          error={errorFor('email')}
        />
        <DisplayNameField value={values.displayName} onChange={(v) => set('displayName', v)} error={errorFor('displayName')} />
      </div>
      <PasswordField
        label="Initial password"
        required
        value={values.password}
        onChange={(v) => set('password', v)}
        error={errorFor('password')}
        hint={`At least ${MIN_PASSWORD} characters. Share it with them securely; they can set up MFA after signing in.`}
      />
      <RoleOptions value={values.roles} onChange={(roles) => set('roles', roles)} error={errorFor('roles')} />
    </DialogForm>
  );
}

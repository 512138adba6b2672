import { format } from 'date-fns';
import { useId, useState } from 'react';
import type { CreatedApiToken } from '../../api/types';
import { useMe } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { DialogForm } from '../../components/ui/DialogForm';
import { CopyButton } from '../../components/ui/CopyButton';
import { Dialog, DialogActions } from '../../components/ui/Dialog';
import { NameField, SelectField, TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { serverFormErrors } from '../../lib/formErrors';
import { PermissionPicker } from '../../entities/role/PermissionPicker';
import { useCreateToken } from './queries';
import { EXPIRY_CHOICES, expiresAt, tokenFields, validateToken, type TokenField, type TokenFormValues } from './validation';
import { mutateSecret } from '../../hooks/mutateSecret';
import { useFormFields } from '../../hooks/useFormFields';

/**
 * Creating a token, then its secret — shown once, in this dialog only. Closing
 * the dialog unmounts the content, and with it the only copy of the secret.
 */
export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={created ? 'Token created' : 'New API token'} wide>
      {created ? <TokenSecret token={created} onDone={close} /> : <TokenForm onCreated={setCreated} onCancel={close} />}
    </Dialog>
  );
}

function TokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const id = useId();
  return (
    <div className="space-y-4 text-sm">
      <Alert tone="warning" title="Copy this token now: it is shown only once">
        OpsManager keeps only a hash of it, so it cannot be shown again. If it is lost, revoke it and create another.
      </Alert>
      <div className="space-y-1.5">
        <label htmlFor={id} className="font-medium">
          Token for <span className="font-mono">{token.name}</span>
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id={id}
            readOnly
            value={token.token}
            onFocus={(e) => e.currentTarget.select()}
            className={cn(inputClasses, 'h-10 font-mono')}
          />
          <CopyButton text={token.token} label="Copy token" size="md" />
        </div>
      </div>
      <p className="text-fg-muted">
        Send it as <code className="font-mono text-fg">Authorization: Bearer {token.prefix}…</code>
      </p>
      <DialogActions>
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </DialogActions>
    </div>
  );
}

function TokenForm({ onCreated, onCancel }: { onCreated: (token: CreatedApiToken) => void; onCancel: () => void }) {
  const me = useMe();
  const mutation = useCreateToken();
  const server = serverFormErrors(mutation.error, tokenFields);
  const { values, set, check, errorFor } = useFormFields<TokenFormValues, TokenField>({ name: '', permissions: [], expiry: '90', expiryDate: '' }, server);


  const submit = () => {
    if (!check(validateToken(values))) return;
    const expiry = expiresAt(values);
    // The secret lives on only in the dialog's state.
    mutateSecret(mutation, { name: values.name.trim(), permissions: values.permissions, ...(expiry ? { expiresAt: expiry } : {}) }, onCreated);
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onCancel} submitLabel="Create token" mutation={mutation} errorTitle="The token was not created"
      errorDetails={server.other}>
      <NameField
        value={values.name}
        onChange={(e) => set('name', e.target.value)}
        error={errorFor('name')}
        hint="What uses it, so you know what breaks when it is revoked."
      />
      <PermissionPicker
        hint="Grant only what it needs. You can grant only permissions you hold yourself."
        // A token gets a subset of its creator's permissions.
        offer={(name) => Boolean(me?.permissions.includes(name))}
        value={values.permissions}
        onChange={(next) => set('permissions', next)}
        error={errorFor('permissions')}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Expires"
          value={values.expiry}
          onChange={(expiry) => set('expiry', expiry as TokenFormValues['expiry'])}
          options={EXPIRY_CHOICES}
        />
        {values.expiry === 'custom' && (
          <TextField
            label="Expiry date"
            type="date"
            required
            min={format(new Date(), 'yyyy-MM-dd')}
            value={values.expiryDate}
            onChange={(e) => set('expiryDate', e.target.value)}
            error={errorFor('expiresAt')}
            hint="It stops working at the end of that day."
          />
        )}
      </div>
    </DialogForm>
  );
}

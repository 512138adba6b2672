import { useId, useState } from 'react';
import type { CredentialPatch } from './api';
import { CREDENTIAL_KINDS, type Credential, type CredentialKind } from '../../api/types';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { DialogForm } from '../../components/ui/DialogForm';
import { CopyButton } from '../../components/ui/CopyButton';
import { Dialog, DialogActions } from '../../components/ui/Dialog';
import { Field, NameField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { type FieldErrors } from '../../lib/formErrors';
import { useCreateCredential, useUpdateCredential } from './queries';
import {
  credentialFields,
  kindLabel,
  serverErrorsFor,
  validateCredentialEdit,
  validateNewCredential,
  type CredentialField,
  type CredentialFormValues,
} from './validation';
import { mutateSecret } from '../../hooks/mutateSecret';
import { useFormFields } from '../../hooks/useFormFields';

const KIND_HELP: Record<CredentialKind, string> = {
  'ssh-private-key': 'Servers log in with it. PEM or OpenSSH format, without a passphrase.',
  password: 'Servers log in with it as the user’s password.',
  token: 'For integrations; servers cannot log in with it. Masked in command output.',
};

interface CredentialFormDialogProps {
  open: boolean;
  onClose: () => void;
  /** The credential to rename or give a new secret; none to create one. */
  credential?: Credential;
}

/**
 * Creating or changing a credential. The secret is typed here once and never
 * comes back: the API returns only metadata. For a new SSH key, the dialog
 * then shows its public half (not secret) to install on servers.
 */
export function CredentialFormDialog({ open, onClose, credential }: CredentialFormDialogProps) {
  const [created, setCreated] = useState<Credential | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      wide
      title={created ? 'Credential saved' : credential ? `Edit ${credential.name}` : 'New credential'}
      description={credential && !created ? `${kindLabel(credential.kind)} · the kind of a credential cannot change.` : undefined}
    >
      {created ? (
        <PublicKeyStep credential={created} onDone={close} />
      ) : credential ? (
        <EditCredentialForm credential={credential} onDone={close} />
      ) : (
        <NewCredentialForm onCreated={(c) => (c.publicKey ? setCreated(c) : close())} onCancel={close} />
      )}
    </Dialog>
  );
}

function SecretNotice({ replacing = false }: { replacing?: boolean }) {
  return (
    <Alert tone="info" title="The secret is write-only">
      {replacing
        ? 'The current secret cannot be shown. A new one replaces it for every server using this credential, from their next connection.'
        : 'It is encrypted in the vault and never shown again after you save, not here, not in the API. To change it later, replace it.'}
    </Alert>
  );
}

interface SecretFieldProps {
  kind: CredentialKind;
  value: string;
  onChange: (secret: string) => void;
  error?: string;
  required: boolean;
  label: string;
  hint?: string;
}

/** A text area for a private key, a masked input for a password or token; never autofilled or spell-checked. */
function SecretField({ kind, value, onChange, error, required, label, hint }: SecretFieldProps) {
  return (
    <Field label={label} required={required} error={error} hint={hint}>
      {(control) =>
        kind === 'ssh-private-key' ? (
          <textarea
            {...control}
            data-field="secret"
            required={required}
            rows={8}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            className={cn(inputClasses, 'py-2 font-mono text-xs')}
          />
        ) : (
          <input
            {...control}
            data-field="secret"
            type="password"
            required={required}
            spellCheck={false}
            autoComplete="new-password"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            className={cn(inputClasses, 'h-10')}
          />
        )
      }
    </Field>
  );
}

function focusFirst(form: HTMLFormElement, errors: FieldErrors<CredentialField>) {
  const first = credentialFields.find((f) => errors[f]);
  form.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
}

function NewCredentialForm({ onCreated, onCancel }: { onCreated: (c: Credential) => void; onCancel: () => void }) {
  const id = useId();
  const mutation = useCreateCredential();
  const server = serverErrorsFor(mutation.error, credentialFields);
  const { values, setValues, set, check, errorFor } = useFormFields<CredentialFormValues, CredentialField>({ name: '', kind: 'ssh-private-key', secret: '' }, server);

  const submit = (form: HTMLFormElement) => {
    const found = validateNewCredential(values);
    if (!check(found)) return focusFirst(form, found);
    mutateSecret(mutation, { name: values.name.trim(), kind: values.kind, secret: values.secret }, (credential) => {
      setValues((v) => ({ ...v, secret: '' }));
      onCreated(credential);
    });
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onCancel} submitLabel="Save credential" mutation={mutation} errorTitle="The credential was not saved"
      errorDetails={server.other}>
      <NameField
        value={values.name}
        onChange={(e) => set('name', e.target.value)}
        error={errorFor('name')}
        hint="What it is for, e.g. “deploy key (prod)”."
      />
      <fieldset className="space-y-2" aria-describedby={errorFor('kind') ? `${id}-kind-error` : undefined}>
        <legend className="mb-1.5 flex items-baseline gap-1 text-sm font-medium">
          Kind
          <span aria-hidden className="text-danger">
            *
          </span>
        </legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {CREDENTIAL_KINDS.map((kind) => (
            <label
              key={kind}
              className="flex cursor-pointer gap-3 rounded-md border border-line p-3 text-sm hover:bg-subtle has-[:checked]:border-info/60 has-[:checked]:bg-info-soft/40"
            >
              <input
                type="radio"
                name={`${id}-kind`}
                value={kind}
                checked={values.kind === kind}
                onChange={() => setValues((v) => ({ ...v, kind, secret: '' }))}
                className="mt-0.5 size-4 shrink-0 accent-primary"
              />
              <span className="min-w-0">
                <span className="block font-medium">{kindLabel(kind)}</span>
                <span className="block text-xs text-fg-muted">{KIND_HELP[kind]}</span>
              </span>
            </label>
          ))}
        </div>
        {errorFor('kind') && (
          <p id={`${id}-kind-error`} className="text-sm font-medium text-danger">
            {errorFor('kind')}
          </p>
        )}
      </fieldset>
      <SecretNotice />
      <SecretField
        kind={values.kind}
        label={values.kind === 'ssh-private-key' ? 'Private key' : values.kind === 'password' ? 'Password' : 'Token'}
        required
        value={values.secret}
        onChange={(secret) => set('secret', secret)}
        error={errorFor('secret')}
        hint={values.kind === 'ssh-private-key' ? 'Paste the whole key, including the BEGIN and END lines.' : undefined}
      />
    </DialogForm>
  );
}

function EditCredentialForm({ credential, onDone }: { credential: Credential; onDone: () => void }) {
  const mutation = useUpdateCredential();
  const kind = (CREDENTIAL_KINDS as readonly string[]).includes(credential.kind) ? (credential.kind as CredentialKind) : 'token';
  const server = serverErrorsFor(mutation.error, credentialFields);
  const { values, setValues, check, errorFor } = useFormFields<CredentialFormValues, CredentialField>({ name: credential.name, kind, secret: '' }, server);

  const submit = (form: HTMLFormElement) => {
    const found = validateCredentialEdit(values);
    if (!check(found)) return focusFirst(form, found);
    const patch: CredentialPatch = {};
    if (values.name.trim() !== credential.name) patch.name = values.name.trim();
    if (values.secret) patch.secret = values.secret;
    if (Object.keys(patch).length === 0) return onDone();
    mutateSecret(mutation, { id: credential.id, patch }, onDone);
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Save changes" mutation={mutation} errorTitle="The changes were not saved"
      errorDetails={server.other}>
      <NameField
        value={values.name}
        onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
        error={errorFor('name')}
      />
      <SecretNotice replacing />
      <SecretField
        kind={kind}
        label={kind === 'ssh-private-key' ? 'New private key' : kind === 'password' ? 'New password' : 'New token'}
        required={false}
        value={values.secret}
        onChange={(secret) => setValues((v) => ({ ...v, secret }))}
        error={errorFor('secret')}
        hint="Leave empty to keep the current secret."
      />
    </DialogForm>
  );
}

/** After saving an SSH key: its public half, to add to authorized_keys on the servers. */
function PublicKeyStep({ credential, onDone }: { credential: Credential; onDone: () => void }) {
  const id = useId();
  return (
    <div className="space-y-4 text-sm">
      <Alert tone="success" title={`${credential.name} is stored`}>
        The private key is in the vault and will not be shown again.
      </Alert>
      <div className="space-y-1.5">
        <label htmlFor={id} className="font-medium">
          Public key
        </label>
        <textarea
          id={id}
          readOnly
          rows={3}
          value={credential.publicKey}
          onFocus={(e) => e.currentTarget.select()}
          className={cn(inputClasses, 'py-2 font-mono text-xs break-all')}
        />
        <p className="text-fg-muted">
          Add it to <code className="font-mono text-fg">~/.ssh/authorized_keys</code> of the login user on each server. It is not
          secret.
        </p>
        <CopyButton text={credential.publicKey ?? ''} label="Copy public key" />
      </div>
      <DialogActions>
        <Button variant="primary" onClick={onDone} autoFocus>
          Done
        </Button>
      </DialogActions>
    </div>
  );
}

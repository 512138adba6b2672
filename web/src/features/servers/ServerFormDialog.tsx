import { Link } from 'react-router';
import type { Server } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { CheckboxField } from '../../components/ui/CheckboxGroup';
import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog } from '../../components/ui/Dialog';
import { Field, NameField, SelectField, TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { CopyableCode } from './CopyText';
import { useCreateServer, useCredentials, useUpdateServer } from './queries';
import {
  canLogIn,
  emptyServerValues,
  kindLabel,
  newServerBody,
  serverErrorsFor,
  serverFields,
  serverPatch,
  serverValues,
  validateServer,
  type ServerField,
  type ServerFormValues,
} from './validation';
import { useFormFields } from '../../hooks/useFormFields';

interface ServerFormDialogProps {
  open: boolean;
  onClose: () => void;
  /** The server to edit; none to add one. */
  server?: Server;
}

export function ServerFormDialog({ open, onClose, server }: ServerFormDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title={server ? `Edit ${server.name}` : 'New server'}
      description={server ? undefined : 'Playbooks run commands on it over SSH, logging in with a stored credential.'}
    >
      <ServerForm server={server} onDone={onClose} />
    </Dialog>
  );
}

function ServerForm({ server, onDone }: { server?: Server; onDone: () => void }) {
  const create = useCreateServer();
  const update = useUpdateServer();
  const mutation = server ? update : create;
  const serverErrors = serverErrorsFor(mutation.error, serverFields);
  const { values, set, check, errorFor } = useFormFields<ServerFormValues, ServerField>(() => (server ? serverValues(server) : emptyServerValues()), serverErrors);

  const submit = (form: HTMLFormElement) => {
    const found = validateServer(values);
    if (!check(found)) {
      // Take keyboard and screen reader users to the first problem.
      const first = serverFields.find((f) => found[f]);
      form.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    if (server) {
      const patch = serverPatch(server, values);
      if (Object.keys(patch).length === 0) return onDone();
      update.mutate({ id: server.id, patch }, { onSuccess: onDone });
    } else {
      create.mutate(newServerBody(values), { onSuccess: onDone });
    }
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel={server ? 'Save changes' : 'Add server'} mutation={mutation}
      errorTitle={server ? 'The changes were not saved' : 'The server was not added'} errorDetails={serverErrors.other}>
      <div className="grid gap-5 sm:grid-cols-2">
        <NameField
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          error={errorFor('name')}
        />
        <TextField
          label="Tags"
          autoComplete="off"
          spellCheck={false}
          data-field="tags"
          value={values.tags}
          onChange={(e) => set('tags', e.target.value)}
          error={errorFor('tags')}
          hint="Separated by commas or spaces, e.g. prod, web. Playbooks can target servers by tag."
        />
      </div>
      <div className="grid gap-5 sm:grid-cols-[1fr_8rem]">
        <TextField
          label="Host"
          required
          autoComplete="off"
          spellCheck={false}
          data-field="host"
          value={values.host}
          onChange={(e) => set('host', e.target.value)}
          error={errorFor('host')}
          hint="Hostname or IP address."
        />
        <TextField
          label="Port"
          required
          inputMode="numeric"
          autoComplete="off"
          data-field="port"
          value={values.port}
          onChange={(e) => set('port', e.target.value)}
          error={errorFor('port')}
        />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          label="Username"
          required
          autoComplete="off"
          spellCheck={false}
          data-field="username"
          value={values.username}
          onChange={(e) => set('username', e.target.value)}
          error={errorFor('username')}
          hint="The account it logs in as."
        />
        <CredentialChoice server={server} value={values.credentialId} onChange={(id) => set('credentialId', id)} error={errorFor('credentialId')} />
      </div>
      <HostKeyFields server={server} values={values} set={set} error={errorFor('hostKey')} />
    </DialogForm>
  );
}

interface CredentialChoiceProps {
  server?: Server;
  value: string;
  onChange: (id: string) => void;
  error?: string;
}

/**
 * A list of the credentials that can log in, for users who may see them
 * (credentials:write); others type the credential's ID.
 */
function CredentialChoice({ server, value, onChange, error }: CredentialChoiceProps) {
  const canList = useCan('credentials:write');
  const credentials = useCredentials(canList);

  if (!canList || credentials.isError) {
    const why = canList
      ? 'The credentials could not be loaded'
      : 'Listing credentials needs the credentials:write permission';
    return (
      <TextField
        label="Credential ID"
        required
        autoComplete="off"
        spellCheck={false}
        data-field="credentialId"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        className="font-mono"
        hint={
          <>
            {why}: paste the ID of an SSH key or password credential.
            {server?.credentialName && (
              <>
                {' '}
                Now: <span className="font-medium text-fg">{server.credentialName}</span>.
              </>
            )}
          </>
        }
      />
    );
  }

  const usable = (credentials.data ?? []).filter((c) => canLogIn(c.kind));
  const current = value && !usable.some((c) => c.id === value) ? value : '';
  const none = credentials.isSuccess && usable.length === 0;
  return (
    <SelectField
      label="Credential"
      required
      error={error}
      hint={
        none ? (
          <>
            No SSH key or password is stored yet.{' '}
            <Link to="/credentials" className="text-link hover:underline">
              Add a credential
            </Link>{' '}
            first.
          </>
        ) : (
          'An SSH private key or password. Tokens cannot log in.'
        )
      }
      data-field="credentialId"
      value={value}
      onChange={onChange}
      disabled={credentials.isLoading}
      placeholder={credentials.isLoading ? 'Loading credentials…' : 'Choose a credential'}
      options={[
        ...(current ? [{ value: current, label: server?.credentialName || current }] : []),
        ...usable.map((c) => ({ value: c.id, label: `${c.name} (${kindLabel(c.kind)})` })),
      ]}
    />
  );
}

interface HostKeyFieldsProps {
  server?: Server;
  values: ServerFormValues;
  set: <K extends keyof ServerFormValues>(key: K, value: ServerFormValues[K]) => void;
  error?: string;
}

function HostKeyFields({ server, values, set, error }: HostKeyFieldsProps) {
  const pinned = server?.hostKeyFingerprint;
  const canReset = useCan('servers:host-key-reset');
  const textarea = (
    <Field
      label={pinned ? 'Replace the pinned host key' : 'Host key'}
      error={error}
      hint={
        pinned
          ? 'Leave empty to keep the pinned key.'
          : 'Paste the host\'s public key (cat /etc/ssh/ssh_host_ed25519_key.pub), or leave empty and trust the fingerprint a connection test shows. Until then nothing logs in.'
      }
    >
      {(control) => (
        <textarea
          {...control}
          data-field="hostKey"
          rows={3}
          spellCheck={false}
          autoComplete="off"
          value={values.hostKey}
          disabled={values.forgetHostKey}
          onChange={(e) => set('hostKey', e.target.value)}
          placeholder="ssh-ed25519 AAAA…"
          className={cn(inputClasses, 'py-2 font-mono text-xs')}
        />
      )}
    </Field>
  );
  if (!pinned) return textarea;
  if (!canReset) {
    return (
      <div className="text-sm">
        <p className="text-fg-muted">Pinned host key fingerprint (changing it needs the servers:host-key-reset permission)</p>
        <CopyableCode text={pinned} label={`Copy host key fingerprint of ${server.name}`} />
      </div>
    );
  }
  return (
    <fieldset className="space-y-3 rounded-md border border-line p-4">
      <legend className="px-1 text-sm font-medium">Host key</legend>
      <div className="text-sm">
        <p className="text-fg-muted">Pinned fingerprint</p>
        <CopyableCode text={pinned} label={`Copy host key fingerprint of ${server.name}`} />
      </div>
      <CheckboxField
        label="Forget the pinned key"
        description="Only for a host that was legitimately rebuilt: then test the connection and trust the new fingerprint."
        checked={values.forgetHostKey}
        onChange={(checked) => set('forgetHostKey', checked)}
      />
      {textarea}
    </fieldset>
  );
}

import { Pencil, Server } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Service } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { CheckboxField } from '../../components/ui/CheckboxGroup';
import { Button } from '../../components/ui/Button';
import { actionsColumn, type Column } from '../../components/ui/DataTable';
import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog } from '../../components/ui/Dialog';
import { byName, SelectField, TextField } from '../../components/ui/Field';
import { Spinner } from '../../components/ui/Spinner';
import { hasErrors, serverFormErrors, type FieldErrors } from '../../lib/formErrors';
import { useServices } from '../../entities/service/queries';
import { usePlaybooks } from '../../entities/playbook/queries';
import { ListPage } from './ListPage';
import { useCreateService, useEscalationPolicies, useSlaPolicies, useUpdateService } from './queries';
import { TriggerEditor, type Catalogue } from './TriggerEditor';
import {
  draftFromTrigger,
  fieldsOf,
  isTriggerDetail,
  mapTriggerErrors,
  rowHasErrors,
  toTrigger,
  validateDraft,
  type TriggerDraft,
  type TriggerErrors,
} from './triggers';

/** "Starts 2 playbooks" and their names, for the list. */
function AutomationCell({ service }: { service: Service }) {
  const triggers = service.playbooks ?? [];
  if (triggers.length === 0) return <span className="text-fg-muted">None</span>;
  return (
    <>
      <span>
        Starts {triggers.length} playbook{triggers.length === 1 ? '' : 's'}
      </span>
      <span className="block font-mono text-xs break-all text-fg-muted">{triggers.map((t) => t.playbook).join(', ')}</span>
    </>
  );
}

/** /services — what can break, who gets paged for it, its SLA, and the playbooks its incidents start. */
export function ServicesPage() {
  const services = useServices();
  const policies = useEscalationPolicies();
  const slas = useSlaPolicies();
  const canWrite = useCan('incidents:write');
  const [editing, setEditing] = useState<Service | null>(null);
  const policyName = (id: string) => policies.data?.find((p) => p.id === id)?.name ?? id;
  const slaName = (id: string | null | undefined) => (id ? (slas.data?.find((p) => p.id === id)?.name ?? id) : '—');
  const columns: Column<Service>[] = [
    {
      id: 'service',
      header: 'Service',
      cell: (s) => (
        <>
          <Link to={`/incidents?serviceId=${encodeURIComponent(s.id)}&status=all`} className="font-medium text-link hover:underline">
            {s.name}
          </Link>
          {s.description && <p className="text-xs text-fg-muted">{s.description}</p>}
        </>
      ),
    },
    { id: 'policy', header: 'Escalation policy', cell: (s) => policyName(s.escalationPolicyId) },
    { id: 'sla', header: 'SLA policy', cell: (s) => slaName(s.slaPolicyId) },
    { id: 'autoResolve', header: 'Auto-resolve', cell: (s) => (s.autoResolve ? 'Yes' : 'No') },
    { id: 'automation', header: 'Automation', cell: (s) => <AutomationCell service={s} /> },
  ];
  const edit: Column<Service> = {
    ...actionsColumn,
    cell: (s) => (
      <Button size="sm" variant="ghost" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
        <Pencil aria-hidden />
        <span aria-hidden className="max-sm:sr-only">Edit</span>
      </Button>
    ),
  };
  return (
    <ListPage
      title="Services"
      noun="service"
      description="Each service pages its escalation policy when an incident opens, may hold it to an SLA, and may start playbooks."
      icon={<Server />}
      query={services}
      caption="Services"
      columns={canWrite ? [...columns, edit] : columns}
      rows={services.data ?? []}
      rowKey={(s) => s.id}
      empty="Create an escalation policy first, then a service that uses it."
      createForm={(close) => <ServiceForm onDone={close} />}
      dialog={
        <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing ? `Edit ${editing.name}` : 'Edit service'} wide>
          {editing && <ServiceForm key={editing.id} service={editing} onDone={() => setEditing(null)} />}
        </Dialog>
      }
    />
  );
}

const fields = ['name', 'description', 'escalationPolicyId', 'slaPolicyId'] as const;
type ServiceField = (typeof fields)[number];

/** The playbook catalogue for the trigger editor; it needs playbooks:read. */
function useCatalogue(): Catalogue {
  const canRead = useCan('playbooks:read');
  const playbooks = usePlaybooks(canRead);
  if (!canRead) return { playbooks: undefined, loading: false, unavailable: 'Choosing playbooks needs the playbooks:read permission.' };
  if (playbooks.isError) return { playbooks: undefined, loading: false, unavailable: `Could not load it: ${playbooks.error.message}` };
  return { playbooks: playbooks.data, loading: playbooks.isLoading };
}

/** Creates a service, or edits `service` (every field is sent: the API replaces the service). */
function ServiceForm({ service, onDone }: { service?: Service; onDone: () => void }) {
  const create = useCreateService();
  const update = useUpdateService(service?.id ?? '');
  const mutation = service ? update : create;
  const policies = useEscalationPolicies();
  const slas = useSlaPolicies();
  const catalogue = useCatalogue();
  const [values, setValues] = useState({
    name: service?.name ?? '',
    description: service?.description ?? '',
    escalationPolicyId: service?.escalationPolicyId ?? '',
    slaPolicyId: service?.slaPolicyId ?? '',
    autoResolve: service?.autoResolve ?? false,
  });
  const [errors, setErrors] = useState<FieldErrors<ServiceField>>({});
  // Drafts are built once the catalogue is known, so saved params show in their fields.
  const [rows, setRows] = useState<TriggerDraft[] | null>(null);
  const [triggerErrors, setTriggerErrors] = useState<TriggerErrors>({ rows: {} });
  const ready = catalogue.playbooks !== undefined || !catalogue.loading;
  if (rows === null && ready) {
    setRows((service?.playbooks ?? []).map((t) => draftFromTrigger(t, catalogue.playbooks?.find((p) => p.name === t.playbook))));
  }
  const playbookOf = (row: TriggerDraft) => catalogue.playbooks?.find((p) => p.name === row.playbook);

  const server = serverFormErrors(mutation.error, fields);
  const otherDetails = server.other.filter((d) => !isTriggerDetail(d));
  const errorFor = (f: ServiceField) => errors[f] ?? server.fields[f];

  const clearRowErrors = (key: number) =>
    setTriggerErrors((current) => {
      if (!current.rows[key]) return current;
      const next = { ...current.rows };
      delete next[key];
      return { ...current, rows: next };
    });

  const submit = () => {
    if (rows === null) return;
    const found: FieldErrors<ServiceField> = {};
    if (!values.name.trim()) found.name = 'Name the service.';
    if (!values.escalationPolicyId) found.escalationPolicyId = 'Choose who gets paged.';
    setErrors(found);
    const rowErrors: TriggerErrors = { rows: {} };
    for (const row of rows) {
      const checked = validateDraft(row, playbookOf(row));
      if (rowHasErrors(checked)) rowErrors.rows[row.key] = checked;
    }
    setTriggerErrors(rowErrors);
    if (hasErrors(found) || Object.keys(rowErrors.rows).length > 0) return;
    const submitted = [...rows];
    mutation.mutate(
      {
        name: values.name.trim(),
        description: values.description.trim(),
        escalationPolicyId: values.escalationPolicyId,
        slaPolicyId: values.slaPolicyId || null,
        autoResolve: values.autoResolve,
        playbooks: submitted.map((row) => toTrigger(row, playbookOf(row))),
      },
      {
        onSuccess: onDone,
        onError: (error) =>
          setTriggerErrors(
            mapTriggerErrors(
              error,
              submitted.map((r) => r.key),
              (i) => fieldsOf(submitted[i] && playbookOf(submitted[i])),
            ),
          ),
      },
    );
  };
  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel={service ? 'Save changes' : 'Create service'} mutation={mutation}
      errorTitle={service ? 'The service was not saved' : 'The service was not created'} errorDetails={otherDetails} submitDisabled={rows === null}>
      <TextField label="Name" required autoFocus value={values.name} maxLength={100} onChange={(e) => setValues({ ...values, name: e.target.value })} error={errorFor('name')} />
      <TextField label="Description" value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} error={errorFor('description')} />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Escalation policy"
          required
          error={errorFor('escalationPolicyId')}
          value={values.escalationPolicyId}
          onChange={(escalationPolicyId) => setValues({ ...values, escalationPolicyId })}
          placeholder="Choose a policy…"
          options={byName(policies.data)}
        />
        <SelectField
          label="SLA policy"
          error={errorFor('slaPolicyId')}
          value={values.slaPolicyId}
          onChange={(slaPolicyId) => setValues({ ...values, slaPolicyId })}
          placeholder="None"
          options={byName(slas.data)}
        />
      </div>
      <CheckboxField
        label="Auto-resolve"
        description="A “resolved” alert with the incident’s dedup key resolves it."
        checked={values.autoResolve}
        onChange={(autoResolve) => setValues({ ...values, autoResolve })}
      />
      {rows === null ? (
        <p role="status" className="flex items-center gap-2 text-sm text-fg-muted">
          <Spinner /> Loading playbooks…
        </p>
      ) : (
        <TriggerEditor
          rows={rows}
          onChange={setRows}
          onEdit={clearRowErrors}
          errors={triggerErrors}
          catalogue={catalogue}
          disabled={mutation.isPending}
        />
      )}
    </DialogForm>
  );
}

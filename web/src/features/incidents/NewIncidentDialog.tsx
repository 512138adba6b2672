import { useNavigate } from 'react-router';
import type { Severity } from '../../api/types';
import { SEVERITIES, type Service } from '../../api/types';
import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog } from '../../components/ui/Dialog';
import { byName, Field, SelectField, TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { serverFormErrors, type FieldErrors } from '../../lib/formErrors';
import { severityLabel } from '../../entities/incident/labels';
import { useCreateIncident } from './queries';
import { useFormFields } from '../../hooks/useFormFields';

const fields = ['serviceId', 'title', 'severity', 'description', 'dedupKey'] as const;
type IncidentField = (typeof fields)[number];

interface Values {
  serviceId: string;
  title: string;
  severity: Severity;
  description: string;
  dedupKey: string;
}

export function validateIncident(values: Values): FieldErrors<IncidentField> {
  const errors: FieldErrors<IncidentField> = {};
  if (!values.serviceId) errors.serviceId = 'Choose the affected service.';
  const title = values.title.trim();
  if (!title) errors.title = 'Give the incident a title.';
  else if (title.length > 200) errors.title = 'Keep the title under 200 characters.';
  if (values.description.length > 10_000) errors.description = 'Keep the description under 10,000 characters.';
  if (values.dedupKey.length > 255) errors.dedupKey = 'Keep the key under 255 characters.';
  return errors;
}

interface NewIncidentDialogProps {
  open: boolean;
  onClose: () => void;
  services: Service[];
}

/** Declares an incident by hand; it pages the service's escalation policy at once. */
export function NewIncidentDialog({ open, onClose, services }: NewIncidentDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New incident"
      description="It pages the service's escalation policy right away."
      wide
    >
      <NewIncidentForm services={services} onDone={onClose} />
    </Dialog>
  );
}

function NewIncidentForm({ services, onDone }: { services: Service[]; onDone: () => void }) {
  const navigate = useNavigate();
  const mutation = useCreateIncident();
  const server = serverFormErrors(mutation.error, fields);
  const { values, set, check, errorFor } = useFormFields<Values, IncidentField>({
    serviceId: services.length === 1 ? (services[0]?.id ?? '') : '',
    title: '',
    severity: 'high',
    description: '',
    dedupKey: '',
  }, server);

  const submit = () => {
    if (!check(validateIncident(values))) return;
    mutation.mutate(
      {
        serviceId: values.serviceId,
        title: values.title.trim(),
        severity: values.severity,
        ...(values.description.trim() ? { description: values.description.trim() } : {}),
        ...(values.dedupKey.trim() ? { dedupKey: values.dedupKey.trim() } : {}),
      },
      {
        onSuccess: ({ incident, deduplicated }) => {
          onDone();
          void navigate(`/incidents/${encodeURIComponent(incident.id)}${deduplicated ? '?deduplicated=1' : ''}`);
        },
      },
    );
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Create incident" mutation={mutation} errorTitle="The incident was not created"
      errorDetails={server.other}>
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Service"
          required
          error={errorFor('serviceId')}
          hint={services.length === 0 ? 'No services yet: create one first.' : undefined}
          value={values.serviceId}
          onChange={(id) => set('serviceId', id)}
          placeholder="Choose a service…"
          options={byName(services)}
        />
        <SelectField
          label="Severity"
          required
          error={errorFor('severity')}
          value={values.severity}
          onChange={(severity) => set('severity', severity as Severity)}
          options={SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))}
        />
      </div>
      <TextField
        label="Title"
        required
        autoFocus
        maxLength={200}
        value={values.title}
        onChange={(e) => set('title', e.target.value)}
        error={errorFor('title')}
        placeholder="Checkout returns 5xx for 8% of requests"
      />
      <Field label="Description" error={errorFor('description')} hint="What is affected, since when, what you have tried.">
        {(control) => (
          <textarea
            {...control}
            rows={4}
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            className={cn(inputClasses, 'py-2')}
          />
        )}
      </Field>
      <TextField
        label="Deduplication key"
        value={values.dedupKey}
        onChange={(e) => set('dedupKey', e.target.value)}
        error={errorFor('dedupKey')}
        spellCheck={false}
        hint="Optional. An open incident of this service with the same key takes this report instead of a new incident."
      />
    </DialogForm>
  );
}

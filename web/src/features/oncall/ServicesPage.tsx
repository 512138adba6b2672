import { Server } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog, DialogActions } from '../../components/ui/Dialog';
import { Field, TextField } from '../../components/ui/Field';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { inputClasses } from '../../components/ui/input';
import { Spinner } from '../../components/ui/Spinner';
import { td, th } from '../../components/ui/table';
import { cn } from '../../lib/cn';
import { hasErrors, serverFormErrors, type FieldErrors } from '../../lib/formErrors';
import { useServices } from '../incidents/queries';
import { ListPage } from './ListPage';
import { useCreateService, useEscalationPolicies, useSlaPolicies } from './queries';

/** /services — what can break, who gets paged for it, and its SLA. */
export function ServicesPage() {
  const services = useServices();
  const policies = useEscalationPolicies();
  const slas = useSlaPolicies();
  const [creating, setCreating] = useState(false);
  const list = services.data ?? [];
  const policyName = (id: string) => policies.data?.find((p) => p.id === id)?.name ?? id;
  const slaName = (id: string | null) => (id ? (slas.data?.find((p) => p.id === id)?.name ?? id) : '—');
  return (
    <ListPage
      title="Services"
      noun="service"
      description="Each service pages its escalation policy when an incident opens, and may hold it to an SLA."
      icon={<Server />}
      query={services}
      count={list.length}
      onCreate={() => setCreating(true)}
      empty="Create an escalation policy first, then a service that uses it."
      dialog={
        <Dialog open={creating} onClose={() => setCreating(false)} title="New service" wide>
          <ServiceForm onDone={() => setCreating(false)} />
        </Dialog>
      }
    >
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Services</caption>
          <thead className="border-b border-line bg-subtle">
            <tr>
              <th scope="col" className={th}>Service</th>
              <th scope="col" className={th}>Escalation policy</th>
              <th scope="col" className={th}>SLA policy</th>
              <th scope="col" className={th}>Auto-resolve</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {list.map((s) => (
              <tr key={s.id}>
                <td className={td}>
                  <Link to={`/incidents?serviceId=${encodeURIComponent(s.id)}&status=all`} className="font-medium text-link hover:underline">
                    {s.name}
                  </Link>
                  {s.description && <p className="text-xs text-fg-muted">{s.description}</p>}
                </td>
                <td className={td}>{policyName(s.escalationPolicyId)}</td>
                <td className={td}>{slaName(s.slaPolicyId)}</td>
                <td className={td}>{s.autoResolve ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ListPage>
  );
}

const fields = ['name', 'description', 'escalationPolicyId', 'slaPolicyId'] as const;
type ServiceField = (typeof fields)[number];

function ServiceForm({ onDone }: { onDone: () => void }) {
  const mutation = useCreateService();
  const policies = useEscalationPolicies();
  const slas = useSlaPolicies();
  const [values, setValues] = useState({ name: '', description: '', escalationPolicyId: '', slaPolicyId: '', autoResolve: false });
  const [errors, setErrors] = useState<FieldErrors<ServiceField>>({});
  const server = serverFormErrors(mutation.error, fields);
  const errorFor = (f: ServiceField) => errors[f] ?? server.fields[f];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<ServiceField> = {};
    if (!values.name.trim()) found.name = 'Name the service.';
    if (!values.escalationPolicyId) found.escalationPolicyId = 'Choose who gets paged.';
    setErrors(found);
    if (hasErrors(found)) return;
    mutation.mutate(
      {
        name: values.name.trim(),
        description: values.description.trim(),
        escalationPolicyId: values.escalationPolicyId,
        slaPolicyId: values.slaPolicyId || null,
        autoResolve: values.autoResolve,
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="space-y-5">
      <TextField label="Name" required autoFocus value={values.name} maxLength={100} onChange={(e) => setValues({ ...values, name: e.target.value })} error={errorFor('name')} />
      <TextField label="Description" value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} error={errorFor('description')} />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Escalation policy" required error={errorFor('escalationPolicyId')}>
          {(control) => (
            <select {...control} value={values.escalationPolicyId} onChange={(e) => setValues({ ...values, escalationPolicyId: e.target.value })} className={cn(inputClasses, 'h-10')}>
              <option value="">Choose a policy…</option>
              {(policies.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="SLA policy" error={errorFor('slaPolicyId')}>
          {(control) => (
            <select {...control} value={values.slaPolicyId} onChange={(e) => setValues({ ...values, slaPolicyId: e.target.value })} className={cn(inputClasses, 'h-10')}>
              <option value="">None</option>
              {(slas.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" checked={values.autoResolve} onChange={(e) => setValues({ ...values, autoResolve: e.target.checked })} className="mt-0.5 size-4 accent-primary" />
        <span>
          <span className="font-medium">Auto-resolve</span>
          <span className="block text-fg-muted">A “resolved” alert with the incident’s dedup key resolves it.</span>
        </span>
      </label>
      {mutation.isError && <FormErrorAlert title="The service was not created" error={mutation.error} details={server.other} />}
      <DialogActions>
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={mutation.isPending}>
          {mutation.isPending && <Spinner />}
          Create service
        </Button>
      </DialogActions>
    </form>
  );
}

import { Timer } from 'lucide-react';
import { useState } from 'react';
import { SEVERITIES, type Severity, type SlaPolicy, type SlaRule } from '../../api/types';
import type { Column } from '../../components/ui/DataTable';
import { DialogForm } from '../../components/ui/DialogForm';
import { TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { serverFormErrors } from '../../lib/formErrors';
import { SeverityBadge } from '../../entities/incident/IncidentBadges';
import { formatSeconds } from '../../lib/time';
import { ListPage } from './ListPage';
import { useCreateSlaPolicy, useSlaPolicies } from './queries';

const columns: Column<SlaPolicy>[] = [
  { id: 'policy', header: 'Policy', cellClassName: 'font-medium', cell: (p) => p.name },
  {
    id: 'deadlines',
    header: 'Deadlines (acknowledge / resolve)',
    cell: (p) => (
      <ul className="flex flex-wrap gap-3">
        {p.rules.map((r) => (
          <li key={r.severity} className="flex items-center gap-1.5">
            <SeverityBadge severity={r.severity} />
            <span className="font-mono text-xs tabular-nums">
              {formatSeconds(r.ackSeconds)} / {formatSeconds(r.resolveSeconds)}
            </span>
          </li>
        ))}
      </ul>
    ),
  },
];

/** /sla-policies — acknowledge and resolve deadlines per severity. */
export function SlaPoliciesPage() {
  const query = useSlaPolicies();
  return (
    <ListPage title="SLA policies" noun="SLA policy"
      description="How fast incidents of each severity must be acknowledged and resolved. A missed acknowledge deadline escalates at once."
      icon={<Timer />} query={query} caption="SLA policies" columns={columns} rows={query.data ?? []} rowKey={(p) => p.id}
      empty="Without one, incidents have no deadlines." createForm={(close) => <SlaForm onDone={close} />} />
  );
}

type Minutes = Record<Severity, { ack: string; resolve: string }>;

function SlaForm({ onDone }: { onDone: () => void }) {
  const mutation = useCreateSlaPolicy();
  const [name, setName] = useState('');
  const [minutes, setMinutes] = useState<Minutes>({
    critical: { ack: '5', resolve: '60' },
    high: { ack: '15', resolve: '240' },
    medium: { ack: '60', resolve: '1440' },
    low: { ack: '', resolve: '' },
  });
  const [error, setError] = useState('');
  const server = serverFormErrors(mutation.error, ['name'] as const);
  const submit = () => {
    const rules: SlaRule[] = [];
    for (const s of SEVERITIES) {
      const ack = Number(minutes[s].ack);
      const resolve = Number(minutes[s].resolve);
      if (!minutes[s].ack && !minutes[s].resolve) continue;
      if (!(ack > 0) || !(resolve > 0)) return setError(`Give ${s} both deadlines in minutes, or leave both empty.`);
      if (resolve < ack) return setError(`The ${s} resolve deadline must not come before its acknowledge deadline.`);
      rules.push({ severity: s, ackSeconds: Math.round(ack * 60), resolveSeconds: Math.round(resolve * 60) });
    }
    if (!name.trim()) return setError('Name the policy.');
    if (rules.length === 0) return setError('Set deadlines for at least one severity.');
    setError('');
    mutation.mutate({ name: name.trim(), rules }, { onSuccess: onDone });
  };
  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Create policy" mutation={mutation} errorTitle="The policy was not created"
      errorDetails={server.other}>
      <TextField label="Name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={server.fields.name} />
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">Deadlines in minutes (leave a row empty for no SLA)</legend>
        {SEVERITIES.map((s) => (
          <div key={s} className="grid grid-cols-[6rem_1fr_1fr] items-center gap-3">
            <SeverityBadge severity={s} />
            {(['ack', 'resolve'] as const).map((k) => (
              <label key={k} className="text-xs text-fg-muted">
                {k === 'ack' ? 'Acknowledge' : 'Resolve'}
                <input
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={minutes[s][k]}
                  onChange={(e) => setMinutes({ ...minutes, [s]: { ...minutes[s], [k]: e.target.value } })}
                  className={cn(inputClasses, 'mt-1 h-9')}
                />
              </label>
            ))}
          </div>
        ))}
      </fieldset>
      {error && <p role="alert" className="text-sm font-medium text-danger">{error}</p>}
    </DialogForm>
  );
}

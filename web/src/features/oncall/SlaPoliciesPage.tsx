import { Timer } from 'lucide-react';
import { useState } from 'react';
import { SEVERITIES, type Severity, type SlaRule } from '../../api/types';
import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog } from '../../components/ui/Dialog';
import { TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { td, th } from '../../components/ui/table';
import { cn } from '../../lib/cn';
import { serverFormErrors } from '../../lib/formErrors';
import { SeverityBadge } from '../../entities/incident/IncidentBadges';
import { formatSeconds } from '../../lib/time';
import { ListPage } from './ListPage';
import { useCreateSlaPolicy, useSlaPolicies } from './queries';

/** /sla-policies — acknowledge and resolve deadlines per severity. */
export function SlaPoliciesPage() {
  const query = useSlaPolicies();
  const [creating, setCreating] = useState(false);
  const list = query.data ?? [];
  return (
    <ListPage
      title="SLA policies"
      noun="SLA policy"
      description="How fast incidents of each severity must be acknowledged and resolved. A missed acknowledge deadline escalates at once."
      icon={<Timer />}
      query={query}
      count={list.length}
      onCreate={() => setCreating(true)}
      empty="Without one, incidents have no deadlines."
      dialog={
        <Dialog open={creating} onClose={() => setCreating(false)} title="New SLA policy" wide>
          <SlaForm onDone={() => setCreating(false)} />
        </Dialog>
      }
    >
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">SLA policies</caption>
          <thead className="border-b border-line bg-subtle">
            <tr>
              <th scope="col" className={th}>Policy</th>
              <th scope="col" className={th}>Deadlines (acknowledge / resolve)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {list.map((p) => (
              <tr key={p.id}>
                <td className={`${td} font-medium`}>{p.name}</td>
                <td className={td}>
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ListPage>
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
    <DialogForm
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Create policy"
      mutation={mutation}
      errorTitle="The policy was not created"
      errorDetails={server.other}
    >
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

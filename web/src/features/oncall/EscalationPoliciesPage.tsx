import { ArrowUpCircle, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { ESCALATION_TARGET_TYPES, type EscalationLevel, type EscalationPolicy, type EscalationTarget } from '../../api/types';
import type { Column } from '../../components/ui/DataTable';
import { Button } from '../../components/ui/Button';
import { DialogForm } from '../../components/ui/DialogForm';
import { Dialog, DialogActions } from '../../components/ui/Dialog';
import { TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { serverFormErrors } from '../../lib/formErrors';
import { formatSeconds } from '../../lib/time';
import { ListPage } from './ListPage';
import { useCreateEscalationPolicy, useEscalationPolicies, useSchedules } from './queries';

export function targetText(t: EscalationTarget): string {
  switch (t.type) {
    case 'email':
      return t.address ?? '';
    case 'webhook':
      return `${t.url ?? ''}${t.format === 'slack' ? ' (Slack)' : ''}`;
    default:
      return t.id ?? '';
  }
}

/** /escalation-policies — who is paged, in which order, after how long. */
/** The signing secrets a save created: the API shows each only in that answer. */
export function newWebhookSecrets(policy: EscalationPolicy): { url: string; secret: string }[] {
  return (policy.levels ?? []).flatMap((l) =>
    l.targets.filter((t) => t.type === 'webhook' && t.signingSecret).map((t) => ({ url: t.url ?? '', secret: t.signingSecret ?? '' })),
  );
}

const columns: Column<EscalationPolicy>[] = [
  { id: 'policy', header: 'Policy', cellClassName: 'align-top font-medium', cell: (p) => p.name },
  {
    id: 'levels',
    header: 'Levels',
    cell: (p) => (
      <ol className="space-y-1.5">
        {p.levels.map((level, i) => (
          <li key={i} className="text-xs">
            <span className="font-medium">Level {i + 1}</span>
            <span className="text-fg-muted"> · escalates after {formatSeconds(level.delaySeconds)}</span>
            <ul className="mt-0.5 flex flex-wrap gap-1.5">
              {level.targets.map((t, j) => (
                <li key={j} className="rounded bg-subtle px-1.5 py-0.5">
                  <span className="text-fg-muted">{t.type}:</span> <span className="font-mono break-all">{targetText(t)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    ),
  },
  { id: 'repeats', header: 'Repeats', cellClassName: 'align-top tabular-nums', cell: (p) => (p.repeat === 0 ? 'Once' : `${p.repeat}×`) },
];

export function EscalationPoliciesPage() {
  const query = useEscalationPolicies();
  const [secrets, setSecrets] = useState<{ url: string; secret: string }[]>([]);
  return (
    <ListPage
      title="Escalation policies"
      noun="escalation policy"
      description="Levels of people, on-call schedules, addresses and webhooks, paged in turn until someone acknowledges."
      icon={<ArrowUpCircle />}
      query={query}
      caption="Escalation policies"
      columns={columns}
      rows={query.data ?? []}
      rowKey={(p) => p.id}
      empty="A service needs one before it can open incidents."
      createForm={(close) => (
        <PolicyForm
          onDone={(created) => {
            close();
            if (created) setSecrets(newWebhookSecrets(created));
          }}
        />
      )}
      dialog={
          <Dialog open={secrets.length > 0} onClose={() => setSecrets([])} title="Webhook signing secrets">
            <p className="text-sm">
              Each delivery to these webhooks carries an <code className="font-mono text-xs">X-OpsManager-Signature</code> header
              signed with its secret. Give the secret to the receiver now: it is shown only once.
            </p>
            <ul className="mt-3 space-y-2 text-sm">
              {secrets.map((s) => (
                <li key={s.secret}>
                  <span className="text-fg-muted">{s.url}</span>
                  <code className="mt-1 block font-mono text-xs break-all select-all" aria-label={`Signing secret of ${s.url}`}>
                    {s.secret}
                  </code>
                </li>
              ))}
            </ul>
            <DialogActions>
              <Button variant="primary" onClick={() => setSecrets([])}>
                I have saved them
              </Button>
            </DialogActions>
          </Dialog>
      }
    />
  );
}

interface LevelDraft {
  delayMinutes: string;
  targets: EscalationTarget[];
}

const emptyTarget = (): EscalationTarget => ({ type: 'email', address: '' });

/** Turns the editor's drafts into the API's levels, or the first problem found. */
export function toLevels(drafts: LevelDraft[]): EscalationLevel[] | string {
  if (drafts.length === 0) return 'Add at least one level.';
  const levels: EscalationLevel[] = [];
  for (const [i, d] of drafts.entries()) {
    const minutes = Number(d.delayMinutes);
    if (!(minutes >= 1)) return `Level ${i + 1}: the delay must be at least 1 minute.`;
    if (d.targets.length === 0) return `Level ${i + 1}: add at least one target.`;
    const targets: EscalationTarget[] = [];
    for (const t of d.targets) {
      if (t.type === 'email') {
        if (!t.address?.includes('@')) return `Level ${i + 1}: enter an email address.`;
        targets.push({ type: 'email', address: t.address.trim() });
      } else if (t.type === 'webhook') {
        if (!/^https?:\/\//.test(t.url ?? '')) return `Level ${i + 1}: a webhook needs an http(s) URL.`;
        targets.push({ type: 'webhook', url: t.url?.trim(), format: t.format === 'slack' ? 'slack' : 'json' });
      } else {
        if (!t.id?.trim()) return `Level ${i + 1}: choose the ${t.type}.`;
        targets.push({ type: t.type, id: t.id.trim() });
      }
    }
    levels.push({ delaySeconds: Math.round(minutes * 60), targets });
  }
  return levels;
}

function PolicyForm({ onDone }: { onDone: (created?: EscalationPolicy) => void }) {
  const mutation = useCreateEscalationPolicy();
  const schedules = useSchedules();
  const [name, setName] = useState('');
  const [repeat, setRepeat] = useState('0');
  const [levels, setLevels] = useState<LevelDraft[]>([{ delayMinutes: '10', targets: [emptyTarget()] }]);
  const [error, setError] = useState('');
  const server = serverFormErrors(mutation.error, ['name', 'repeat'] as const);

  const updateLevel = (i: number, change: Partial<LevelDraft>) => setLevels(levels.map((l, k) => (k === i ? { ...l, ...change } : l)));
  const updateTarget = (i: number, j: number, change: Partial<EscalationTarget>) => {
    const level = levels[i];
    if (level) updateLevel(i, { targets: level.targets.map((t, k) => (k === j ? { ...t, ...change } : t)) });
  };

  const submit = () => {
    if (!name.trim()) return setError('Name the policy.');
    const result = toLevels(levels);
    if (typeof result === 'string') return setError(result);
    setError('');
    mutation.mutate({ name: name.trim(), repeat: Number(repeat), levels: result }, { onSuccess: (created) => onDone(created) });
  };

  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Create policy" mutation={mutation} errorTitle="The policy was not created"
      errorDetails={server.other}>
      <div className="grid gap-5 sm:grid-cols-[1fr_10rem]">
        <TextField label="Name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={server.fields.name} />
        <TextField label="Repeat (0–9)" type="number" min={0} max={9} value={repeat} onChange={(e) => setRepeat(e.target.value)} error={server.fields.repeat} />
      </div>
      <ol className="space-y-4">
        {levels.map((level, i) => (
          <li key={i} className="rounded-md border border-line p-3">
            <fieldset className="space-y-3">
              <legend className="flex w-full items-center justify-between gap-2 text-sm font-medium">
                Level {i + 1}
              </legend>
              <div className="flex flex-wrap items-end gap-3">
                <label className="text-xs text-fg-muted">
                  Escalate after (minutes)
                  <input type="number" min={1} value={level.delayMinutes} onChange={(e) => updateLevel(i, { delayMinutes: e.target.value })} className={cn(inputClasses, 'mt-1 h-9 w-32')} />
                </label>
                {levels.length > 1 && (
                  <Button size="sm" variant="ghost" onClick={() => setLevels(levels.filter((_, k) => k !== i))} aria-label={`Remove level ${i + 1}`}>
                    <Trash2 aria-hidden />
                    Remove level
                  </Button>
                )}
              </div>
              <ul className="space-y-2">
                {level.targets.map((t, j) => (
                  <li key={j} className="grid grid-cols-[7rem_minmax(0,1fr)_auto] items-center gap-2 sm:grid-cols-[7rem_minmax(0,1fr)_6rem_auto]">
                    <select
                      aria-label={`Level ${i + 1} target ${j + 1} type`}
                      value={t.type}
                      onChange={(e) => updateTarget(i, j, { type: e.target.value, id: '', address: '', url: '' })}
                      className={cn(inputClasses, 'h-9')}
                    >
                      {ESCALATION_TARGET_TYPES.map((type) => (
                        <option key={type} value={type}>{type}</option>
                      ))}
                    </select>
                    {t.type === 'schedule' && (schedules.data?.data.length ?? 0) > 0 ? (
                      <select aria-label={`Level ${i + 1} target ${j + 1} schedule`} value={t.id ?? ''} onChange={(e) => updateTarget(i, j, { id: e.target.value })} className={cn(inputClasses, 'h-9 min-w-0')}>
                        <option value="">Choose a schedule…</option>
                        {schedules.data?.data.map((s) => (
                          <option key={s.id} value={s.id}>{s.name}</option>
                        ))}
                      </select>
                    ) : (
                      <input
                        aria-label={`Level ${i + 1} target ${j + 1} ${t.type === 'email' ? 'address' : t.type === 'webhook' ? 'URL' : 'ID'}`}
                        value={t.type === 'email' ? (t.address ?? '') : t.type === 'webhook' ? (t.url ?? '') : (t.id ?? '')}
                        placeholder={t.type === 'email' ? 'oncall@example.com' : t.type === 'webhook' ? 'https://hooks.slack.com/…' : `${t.type} ID`}
                        onChange={(e) =>
                          updateTarget(i, j, t.type === 'email' ? { address: e.target.value } : t.type === 'webhook' ? { url: e.target.value } : { id: e.target.value })
                        }
                        className={cn(inputClasses, 'h-9 min-w-0 font-mono')}
                      />
                    )}
                    {t.type === 'webhook' && (
                      <select aria-label={`Level ${i + 1} target ${j + 1} payload`} value={t.format ?? 'json'} onChange={(e) => updateTarget(i, j, { format: e.target.value })} className={cn(inputClasses, 'h-9 max-sm:col-start-2')}>
                        <option value="json">JSON</option>
                        <option value="slack">Slack</option>
                      </select>
                    )}
                    {t.type !== 'webhook' && <span className="hidden sm:block" />}
                    <Button size="sm" variant="ghost" aria-label={`Remove target ${j + 1} of level ${i + 1}`} onClick={() => updateLevel(i, { targets: level.targets.filter((_, k) => k !== j) })}>
                      <Trash2 aria-hidden />
                    </Button>
                  </li>
                ))}
              </ul>
              <Button size="sm" onClick={() => updateLevel(i, { targets: [...level.targets, emptyTarget()] })}>
                <Plus aria-hidden />
                Add target
              </Button>
            </fieldset>
          </li>
        ))}
      </ol>
      <Button size="sm" onClick={() => setLevels([...levels, { delayMinutes: '15', targets: [emptyTarget()] }])}>
        <Plus aria-hidden />
        Add level
      </Button>
      {error && <p role="alert" className="text-sm font-medium text-danger">{error}</p>}
    </DialogForm>
  );
}

import { CalendarClock } from 'lucide-react';
import { useState } from 'react';
import { SHIFT_TYPES, type OnCallSet, type Schedule } from '../../api/types';
import { useCan } from '../../auth/hooks';
import type { Column } from '../../components/ui/DataTable';
import { DialogForm } from '../../components/ui/DialogForm';
import { Field, SelectField, TextField } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { Spinner } from '../../components/ui/Spinner';
import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative } from '../../lib/format';
import { serverFormErrors } from '../../lib/formErrors';
import { useAssignableUsers } from '../../entities/user/queries';
import { ListPage } from './ListPage';
import { useCreateSchedule, useOnCall, useSchedules } from './queries';

function People({ set }: { set: OnCallSet | null | undefined }) {
  if (!set) return <span className="text-fg-muted">—</span>;
  if (set.users.length === 0) return <span className="text-fg-muted italic">nobody</span>;
  return (
    <ul className="space-y-0.5">
      {set.users.map((u) => (
        <li key={u.id}>
          <span className="font-medium">{u.displayName}</span> <span className="text-xs text-fg-muted">{u.email}</span>
        </li>
      ))}
    </ul>
  );
}

/** Who is on call now, or a spinner or the error while that loads. */
function OnCallNow({ schedule }: { schedule: Schedule }) {
  const oncall = useOnCall(schedule.id);
  if (oncall.isLoading) return <Spinner className="text-fg-muted" />;
  if (oncall.isError) return <span className="text-danger">{oncall.error.message}</span>;
  return <People set={oncall.data} />;
}

/** Who takes over next, and when. */
function OnCallNext({ schedule }: { schedule: Schedule }) {
  const next = useOnCall(schedule.id).data?.next;
  return (
    <>
      <People set={next} />
      {next && (
        <time dateTime={next.at} className="text-xs text-fg-muted" title={formatDateTime(next.at)}>
          takes over {formatRelative(next.at)}
        </time>
      )}
    </>
  );
}

const columns: Column<Schedule>[] = [
  {
    id: 'schedule',
    header: 'Schedule',
    cellClassName: 'align-top',
    cell: (s) => (
      <>
        <p className="font-medium">{s.name}</p>
        <p className="text-xs text-fg-muted">
          {s.timeZone} · {s.rotations.map((r) => `${r.name} (${r.shiftLength} ${r.shiftType})`).join(', ')}
        </p>
        <p className="font-mono text-xs text-fg-muted">{s.id}</p>
      </>
    ),
  },
  { id: 'now', header: 'On call now', cell: (s) => <OnCallNow schedule={s} /> },
  { id: 'next', header: 'Next', cell: (s) => <OnCallNext schedule={s} /> },
];

/** /schedules — rotations, and who is on call now and next. */
export function SchedulesPage() {
  const query = useSchedules();
  return (
    <ListPage title="Schedules" noun="schedule"
      description="On-call rotations that escalation policies page. Hand-offs keep their local time across DST." icon={<CalendarClock />}
      query={query} caption="On-call schedules" columns={columns} rows={query.data?.data ?? []} rowKey={(s) => s.id}
      empty="Create a rotation, then page it from an escalation policy." createForm={(close) => <ScheduleForm onDone={close} />} />
  );
}

function ScheduleForm({ onDone }: { onDone: () => void }) {
  const mutation = useCreateSchedule();
  const canListUsers = useCan('users:admin');
  const users = useAssignableUsers(canListUsers);
  const [values, setValues] = useState({
    name: '',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    rotation: 'Primary',
    shiftType: 'weekly',
    shiftLength: '1',
    start: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) + 'T09:00',
    userIds: [] as string[],
    userIdText: '',
  });
  const [error, setError] = useState('');
  const server = serverFormErrors(mutation.error, ['name', 'timeZone', 'rotations'] as const);
  const set = (change: Partial<typeof values>) => setValues({ ...values, ...change });
  const submit = () => {
    const userIds = canListUsers ? values.userIds : values.userIdText.split(/[\s,]+/).filter(Boolean);
    if (!values.name.trim()) return setError('Name the schedule.');
    if (userIds.length === 0) return setError('Add at least one person to the rotation.');
    setError('');
    mutation.mutate(
      {
        name: values.name.trim(),
        description: '',
        timeZone: values.timeZone.trim(),
        rotations: [
          { name: values.rotation.trim() || 'Primary', shiftType: values.shiftType, shiftLength: Number(values.shiftLength) || 1, start: values.start, userIds },
        ],
      },
      { onSuccess: onDone },
    );
  };
  return (
    <DialogForm onSubmit={submit} onCancel={onDone} submitLabel="Create schedule" mutation={mutation} errorTitle="The schedule was not created"
      errorDetails={server.other}>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField label="Name" required autoFocus value={values.name} onChange={(e) => set({ name: e.target.value })} error={server.fields.name} />
        <TextField label="Time zone" required value={values.timeZone} onChange={(e) => set({ timeZone: e.target.value })} error={server.fields.timeZone} hint="IANA name, e.g. Europe/Paris" />
      </div>
      <fieldset className="space-y-4 rounded-md border border-line p-3">
        <legend className="px-1 text-sm font-medium">Rotation</legend>
        <div className="grid gap-4 sm:grid-cols-4">
          <TextField label="Name" value={values.rotation} onChange={(e) => set({ rotation: e.target.value })} />
          <SelectField
            label="Shift"
            value={values.shiftType}
            onChange={(shiftType) => set({ shiftType })}
            options={SHIFT_TYPES.map((t) => ({ value: t, label: t }))}
          />
          <TextField label="Length" type="number" min={1} value={values.shiftLength} onChange={(e) => set({ shiftLength: e.target.value })} />
          <TextField label="First hand-off" type="datetime-local" value={values.start} onChange={(e) => set({ start: e.target.value })} />
        </div>
        {canListUsers ? (
          <Field label="People" hint="Hold Ctrl or ⌘ to pick several; the rotation follows the order of this list.">
            {(control) => (
              <select
                {...control}
                multiple
                value={values.userIds}
                onChange={(e) => set({ userIds: [...e.target.selectedOptions].map((o) => o.value) })}
                className={cn(inputClasses, 'h-32 py-1')}
              >
                {(users.data?.data ?? []).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName} ({u.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <TextField label="User IDs, in rotation order" value={values.userIdText} onChange={(e) => set({ userIdText: e.target.value })} hint="Separated by commas or spaces." />
        )}
      </fieldset>
      {error && <p role="alert" className="text-sm font-medium text-danger">{error}</p>}
    </DialogForm>
  );
}

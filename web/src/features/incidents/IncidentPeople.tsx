import { useId, useState, type FormEvent } from 'react';
import type { Incident } from '../../api/types';
import { useCan, useMe } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { inputClasses } from '../../components/ui/input';
import { useAssignableUsers } from '../../entities/user/queries';
import { cn } from '../../lib/cn';
import { canReassign } from './model';
import { useComment, useReassign } from './queries';

/** A display name for a user ID: "you", or the user's name when the viewer may list users; else the ID. */
export function useUserNames(): (userId: string) => string {
  const me = useMe();
  const users = useAssignableUsers(useCan('users:admin'));
  const list = users.data?.data ?? [];
  return (userId: string) => {
    if (userId === me?.id) return `${me.displayName} (you)`;
    const user = list.find((u) => u.id === userId);
    return user ? `${user.displayName} (${user.email})` : userId;
  };
}

/** Who has the incident, and a way to hand it to someone else. */
export function AssigneeSection({ incident }: { incident: Incident }) {
  const me = useMe();
  const canWrite = useCan('incidents:write');
  const canListUsers = useCan('users:admin');
  const users = useAssignableUsers(canListUsers);
  const mutation = useReassign(incident.id);
  const [choice, setChoice] = useState('');
  const id = useId();
  const list = users.data?.data ?? [];
  const nameOf = useUserNames();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = choice.trim();
    if (target) mutation.mutate(target, { onSuccess: () => setChoice('') });
  };
  const editable = canWrite && canReassign(incident.status);

  return (
    <div className="space-y-3 text-sm">
      <p>
        <span className="text-fg-muted">Assignee: </span>
        {incident.assigneeId ? (
          <span className={cn(nameOf(incident.assigneeId) === incident.assigneeId && 'font-mono text-xs break-all')}>
            {nameOf(incident.assigneeId)}
          </span>
        ) : (
          <span className="text-fg-muted italic">nobody</span>
        )}
      </p>
      {editable && (
        <form onSubmit={submit} className="space-y-2">
          <label htmlFor={id} className="block text-xs font-medium text-fg-muted">
            {canListUsers ? 'Reassign to' : 'Reassign to user ID'}
          </label>
          <div className="flex gap-2">
            {canListUsers ? (
              <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)} className={cn(inputClasses, 'h-9 min-w-0 flex-1')}>
                <option value="">{users.isLoading ? 'Loading users…' : 'Choose a user…'}</option>
                {list
                  .filter((u) => u.id !== incident.assigneeId)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.displayName} ({u.email})
                    </option>
                  ))}
              </select>
            ) : (
              <input
                id={id}
                value={choice}
                onChange={(e) => setChoice(e.target.value)}
                placeholder="01a2…-user-uuid"
                spellCheck={false}
                className={cn(inputClasses, 'h-9 min-w-0 flex-1 font-mono')}
              />
            )}
            <Button type="submit" size="sm" className="h-9" disabled={!choice.trim()} pending={mutation.isPending}>
              Reassign
            </Button>
          </div>
          {me && incident.assigneeId !== me.id && (
            <Button size="sm" variant="ghost" onClick={() => mutation.mutate(me.id)} disabled={mutation.isPending}>
              Assign to me
            </Button>
          )}
        </form>
      )}
      {mutation.isError && (
        <Alert tone="danger" title="Could not reassign" live>
          {mutation.error.message}
        </Alert>
      )}
    </div>
  );
}

/** A note on the timeline, for the people working the incident. */
export function CommentBox({ incident }: { incident: Incident }) {
  const canWrite = useCan('incidents:write');
  const mutation = useComment(incident.id);
  const [note, setNote] = useState('');
  const id = useId();
  if (!canWrite) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (note.trim()) mutation.mutate(note.trim(), { onSuccess: () => setNote('') });
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium">
        Add a note
      </label>
      <textarea
        id={id}
        rows={3}
        value={note}
        maxLength={10_000}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
        }}
        placeholder="What you found, what you changed, what is next…"
        className={cn(inputClasses, 'py-2')}
      />
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-fg-muted">Ctrl+Enter to post</span>
        <Button type="submit" size="sm" variant="primary" disabled={!note.trim()} pending={mutation.isPending}>
          Post note
        </Button>
      </div>
      {mutation.isError && (
        <Alert tone="danger" title="The note was not saved" live>
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}

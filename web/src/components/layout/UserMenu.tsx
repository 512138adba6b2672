import { useMutation } from '@tanstack/react-query';
import { ChevronsUpDown, KeyRound, LogOut, MonitorOff, ShieldCheck } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../auth/hooks';
import { PASSWORD_PATH, SECURITY_PATH } from '../../auth/paths';
import { signOut } from '../../auth/session';
import { Spinner } from '../ui/Spinner';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => p?.charAt(0).toUpperCase()).join('') || '?';
}

const item =
  'flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm text-fg hover:bg-subtle disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-fg-muted';

const links = [
  { to: SECURITY_PATH, icon: <ShieldCheck aria-hidden />, label: 'Security' },
  { to: PASSWORD_PATH, icon: <KeyRound aria-hidden />, label: 'Change password' },
];

const signOuts = [
  { everywhere: false, icon: <LogOut aria-hidden />, label: 'Sign out' },
  { everywhere: true, icon: <MonitorOff aria-hidden />, label: 'Sign out everywhere' },
];

/**
 * The signed-in user (name, roles) and their account actions, at the foot of
 * the sidebar. A disclosure: the panel opens above the button and closes on
 * Escape, on a click elsewhere, or when an entry is chosen.
 */
export function UserMenu({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const mutation = useMutation({ mutationFn: (everywhere: boolean) => signOut(everywhere) });

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!me) return null;
  const roles = me.roles.join(', ') || 'no role';

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-subtle"
      >
        <span aria-hidden className="grid size-8 shrink-0 place-items-center rounded-full bg-info-soft text-xs font-semibold text-info">
          {initials(me.displayName || me.email)}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{me.displayName || me.email}</span>
          <span className="block truncate text-xs text-fg-muted">{roles}</span>
        </span>
        <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-fg-muted" />
        <span className="sr-only">Account menu</span>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 bottom-full left-0 z-40 mb-2 rounded-lg border border-line bg-surface p-1.5 shadow-card"
      >
        <div className="border-b border-line px-3 pt-1.5 pb-2.5">
          <p className="truncate text-sm font-medium">{me.displayName}</p>
          <p className="truncate text-xs text-fg-muted">{me.email}</p>
          <p className="mt-1 text-xs text-fg-muted">
            Roles: <span className="text-fg">{roles}</span>
          </p>
        </div>
        <ul className="pt-1.5">
          {links.map(({ to, icon, label }) => (
            <li key={to}>
              <Link
                to={to}
                className={item}
                onClick={() => {
                  setOpen(false);
                  onNavigate?.();
                }}
              >
                {icon}
                {label}
              </Link>
            </li>
          ))}
          {signOuts.map(({ everywhere, icon, label }) => (
            <li key={label}>
              <button type="button" className={item} disabled={mutation.isPending} onClick={() => mutation.mutate(everywhere)}>
                {mutation.isPending && mutation.variables === everywhere ? <Spinner /> : icon}
                {label}
              </button>
            </li>
          ))}
        </ul>
        {mutation.isError && (
          <p role="alert" className="px-3 pt-1 pb-1.5 text-xs font-medium text-danger">
            Not signed out: {mutation.error.message}
          </p>
        )}
      </div>
    </div>
  );
}

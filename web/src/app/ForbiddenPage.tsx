import { ShieldX } from 'lucide-react';
import { Link } from 'react-router';
import type { Permission } from '../api/types';
import { useMe } from '../auth/hooks';
import { EmptyState } from '../components/ui/EmptyState';

/** What a user sees on a page their roles do not open. */
export function ForbiddenPage({ permission }: { permission: Permission }) {
  const me = useMe();
  const roles = me?.roles.join(', ') || 'none';
  return (
    <>
      <title>No access · OpsManager</title>
      <EmptyState icon={<ShieldX />} title="You do not have access to this page">
        <p>
          It needs the <code className="rounded bg-subtle px-1 py-0.5 font-mono text-xs text-fg">{permission}</code>{' '}
          permission, which your roles ({roles}) do not grant. Ask an administrator if you need it.
        </p>
        <p className="mt-2">
          <Link to="/" className="text-link underline underline-offset-2 hover:no-underline">
            Go to the overview
          </Link>
        </p>
      </EmptyState>
    </>
  );
}

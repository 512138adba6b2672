import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Credential } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Badge, type Tone } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { DeleteButton, EditButton } from '../../components/ui/RowButtons';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { CopyButton } from '../../components/ui/CopyButton';
import { EmptyState } from '../../components/ui/EmptyState';
import { actionsColumn, type Column } from '../../components/ui/DataTable';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryTable } from '../../components/ui/QueryTable';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { RefetchSpinner } from '../../components/ui/Spinner';
import { CredentialFormDialog } from './CredentialFormDialog';
import { useCredentials, useDeleteCredential } from './queries';
import { kindLabel } from './validation';
import { useConfirm } from '../../hooks/useConfirm';

const KIND_TONES: Record<string, Tone> = { 'ssh-private-key': 'info', password: 'neutral', token: 'warning' };

function KindBadge({ credential }: { credential: Credential }) {
  return <Badge tone={KIND_TONES[credential.kind] ?? 'neutral'}>{kindLabel(credential.kind)}</Badge>;
}

export function usedBy(count: number): string {
  if (count === 0) return 'Not used';
  return count === 1 ? '1 server' : `${count} servers`;
}

type Editing = { kind: 'new' } | { kind: 'edit'; credential: Credential } | null;

/** /credentials — the secrets servers log in with: store, rename, replace (never read back) and delete. */
export function CredentialsPage() {
  const query = useCredentials();
  const remove = useDeleteCredential();
  const deleting = useConfirm<Credential>(remove);
  const canSeeServers = useCan('servers:read');
  const [editing, setEditing] = useState<Editing>(null);
  const columns: Column<Credential>[] = [
    {
      id: 'credential',
      header: 'Credential',
      cell: (credential) => (
        <>
          <div className="font-medium wrap-anywhere">{credential.name}</div>
          <div className="mt-1 sm:hidden">
            <KindBadge credential={credential} />
          </div>
          {credential.publicKey && (
            <div className="mt-1 flex max-w-md items-center gap-1 text-xs text-fg-muted">
              <span className="shrink-0">Public key</span>
              <code className="line-clamp-1 min-w-0 flex-1 font-mono break-all" title={credential.publicKey}>
                {credential.publicKey}
              </code>
              <CopyButton iconOnly text={credential.publicKey} label={`Copy public key of ${credential.name}`} />
            </div>
          )}
          <div className="text-xs text-fg-muted md:hidden">
            Created <RelativeTime at={credential.createdAt} />
          </div>
        </>
      ),
    },
    { id: 'kind', header: 'Kind', className: 'hidden sm:table-cell', cell: (credential) => <KindBadge credential={credential} /> },
    {
      id: 'usedBy',
      header: 'Used by',
      cellClassName: 'whitespace-nowrap',
      cell: (credential) => <span className={credential.serverCount ? undefined : 'text-fg-muted'}>{usedBy(credential.serverCount)}</span>,
    },
    {
      id: 'created',
      header: 'Created',
      className: 'hidden md:table-cell',
      cellClassName: 'whitespace-nowrap text-fg-muted',
      cell: (credential) => (
        <>
          <RelativeTime at={credential.createdAt} />
          {credential.updatedAt !== credential.createdAt && (
            <div className="text-xs">
              Changed <RelativeTime at={credential.updatedAt} />
            </div>
          )}
        </>
      ),
    },
    {
      ...actionsColumn,
      cell: (credential) => (
        <div className="flex flex-col items-end gap-1 sm:flex-row sm:justify-end">
          <EditButton name={credential.name} onClick={() => setEditing({ kind: 'edit', credential })} />
          <DeleteButton name={credential.name} onClick={() => deleting.ask(credential)} />
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Credentials"
        description={
          <>
            SSH keys and passwords that{' '}
            {canSeeServers ? (
              <Link to="/servers" className="text-link hover:underline">
                servers
              </Link>
            ) : (
              'servers'
            )}{' '}
            log in with, and tokens for integrations. Secrets are write-only: once saved, nobody can read them back.
          </>
        }
        actions={
          <>
            <RefetchSpinner query={query} />
            <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
              <Plus aria-hidden />
              New credential
            </Button>
          </>
        }
      />
      <QueryTable
        query={query}
        noun="credentials"
        empty={
          <EmptyState icon={<KeyRound />} title="No credentials yet">
            Store an SSH private key or a password, then add the servers that log in with it.
          </EmptyState>
        }
        caption="Credentials"
        columns={columns}
        rowKey={(credential) => credential.id}
        alignTop
      />
      <CredentialFormDialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        credential={editing?.kind === 'edit' ? editing.credential : undefined}
      />
      <ConfirmDialog
        {...deleting.dialog}
        title={`Delete ${deleting.target?.name ?? 'credential'}?`}
        confirmLabel="Delete credential"
        onConfirm={deleting.confirm((credential) => remove.mutate(credential.id, { onSuccess: () => deleting.close() }))}
      >
        {deleting.target && deleting.target.serverCount > 0 ? (
          <p>
            {usedBy(deleting.target.serverCount)} log{deleting.target.serverCount === 1 ? 's' : ''} in with it. OpsManager refuses to delete a
            credential in use: move those servers to another credential first.
          </p>
        ) : (
          <p>The secret is destroyed. This cannot be undone.</p>
        )}
      </ConfirmDialog>
    </>
  );
}

import { Ban, KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import type { ApiToken } from '../../api/types';
import { useMe } from '../../auth/hooks';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { actionsColumn, type Column } from '../../components/ui/DataTable';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryTable } from '../../components/ui/QueryTable';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { PermissionBadges } from '../../entities/role/PermissionBadges';
import { CreateTokenDialog } from './CreateTokenDialog';
import { useRevokeToken, useTokens } from './queries';
import { useConfirm } from '../../hooks/useConfirm';

export type TokenStatus = 'active' | 'revoked' | 'expired';

export function tokenStatus(token: ApiToken, now: Date = new Date()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt) <= now) return 'expired';
  return 'active';
}

function StatusBadge({ status }: { status: TokenStatus }) {
  if (status === 'active') return <Badge tone="success">Active</Badge>;
  if (status === 'expired') return <Badge tone="warning">Expired</Badge>;
  return <Badge>Revoked</Badge>;
}

function tokenColumns(meId: string | undefined, onRevoke: (token: ApiToken) => void): Column<ApiToken>[] {
  return [
    {
      id: 'token',
      header: 'Token',
      cell: (token) => (
        <>
          <div className="font-medium break-words">{token.name}</div>
          <div className="font-mono text-xs text-fg-muted">{token.prefix}…</div>
          <div className="text-xs text-fg-muted">
            Created <RelativeTime at={token.createdAt} />
            {token.createdBy === meId ? ' by you' : ''}
          </div>
          <div className="mt-2 md:hidden">
            <PermissionBadges permissions={token.permissions} />
          </div>
        </>
      ),
    },
    { id: 'permissions', header: 'Permissions', className: 'hidden md:table-cell', cell: (token) => <PermissionBadges permissions={token.permissions} /> },
    { id: 'status', header: 'Status', cell: (token) => <StatusBadge status={tokenStatus(token)} /> },
    {
      id: 'expires',
      header: 'Expires',
      className: 'hidden sm:table-cell',
      cellClassName: 'whitespace-nowrap text-fg-muted',
      cell: (token) =>
        token.revokedAt ? (
          <>
            Revoked <RelativeTime at={token.revokedAt} />
          </>
        ) : (
          <RelativeTime at={token.expiresAt} empty="Never" />
        ),
    },
    {
      id: 'lastUsed',
      header: 'Last used',
      className: 'hidden lg:table-cell',
      cellClassName: 'whitespace-nowrap text-fg-muted',
      cell: (token) => <RelativeTime at={token.lastUsedAt} empty="Never" />,
    },
    {
      ...actionsColumn,
      cell: (token) =>
        !token.revokedAt && (
          <Button size="sm" variant="ghost" aria-label={`Revoke ${token.name}`} onClick={() => onRevoke(token)}>
            <Ban aria-hidden />
            Revoke
          </Button>
        ),
    },
  ];
}

/** /admin/tokens — service tokens for machines: create (secret shown once), list, revoke. */
export function TokensPage() {
  const me = useMe();
  const query = useTokens();
  const revoke = useRevokeToken();
  const revoking = useConfirm<ApiToken>(revoke);
  const [creating, setCreating] = useState(false);
  const columns = tokenColumns(me?.id, revoking.ask);

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and other systems call the API with the permissions you grant them."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            New token
          </Button>
        }
      />
      <QueryTable
        query={query}
        noun="tokens"
        empty={
          <EmptyState icon={<KeyRound />} title="No API tokens yet">
            Create one for each system that calls the API, so each can be revoked on its own.
          </EmptyState>
        }
        caption="API tokens"
        columns={columns}
        rowKey={(token) => token.id}
        alignTop
      />
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        {...revoking.dialog}
        title={`Revoke ${revoking.target?.name ?? 'token'}?`}
        confirmLabel="Revoke token"
        onConfirm={revoking.confirm((token) => revoke.mutate(token.id, { onSuccess: () => revoking.close() }))}
      >
        <p>Anything still using it gets 401 answers from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}

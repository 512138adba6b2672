import { Ban, KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import type { ApiToken } from '../../api/types';
import { useMe } from '../../auth/hooks';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock } from '../../components/ui/Spinner';
import { tdTop as td, th } from '../../components/ui/table';
import { formatDateTime, formatRelative } from '../../lib/format';
import { PermissionBadges } from '../../entities/role/PermissionBadges';
import { CreateTokenDialog } from './CreateTokenDialog';
import { useRevokeToken, useTokens } from './queries';

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

function When({ at, empty }: { at: string | null; empty: string }) {
  if (!at) return <>{empty}</>;
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

/** /admin/tokens — service tokens for machines: create (secret shown once), list, revoke. */
export function TokensPage() {
  const me = useMe();
  const query = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <>
      <title>API tokens · OpsManager</title>
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
      {query.isLoading ? (
        <LoadingBlock label="Loading tokens…" />
      ) : query.isError ? (
        <ErrorState error={query.error} title="Could not load tokens" onRetry={() => void query.refetch()} />
      ) : !query.data?.length ? (
        <EmptyState icon={<KeyRound />} title="No API tokens yet">
          Create one for each system that calls the API, so each can be revoked on its own.
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">API tokens</caption>
              <thead className="border-b border-line bg-subtle">
                <tr>
                  <th scope="col" className={th}>
                    Token
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Permissions
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Expires
                  </th>
                  <th scope="col" className={`${th} hidden lg:table-cell`}>
                    Last used
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {query.data.map((token) => {
                  const status = tokenStatus(token);
                  return (
                    <tr key={token.id} className="hover:bg-subtle/60">
                      <td className={td}>
                        <div className="font-medium break-words">{token.name}</div>
                        <div className="font-mono text-xs text-fg-muted">{token.prefix}…</div>
                        <div className="text-xs text-fg-muted">
                          Created <When at={token.createdAt} empty="—" />
                          {token.createdBy === me?.id ? ' by you' : ''}
                        </div>
                        <div className="mt-2 md:hidden">
                          <PermissionBadges permissions={token.permissions} />
                        </div>
                      </td>
                      <td className={`${td} hidden md:table-cell`}>
                        <PermissionBadges permissions={token.permissions} />
                      </td>
                      <td className={td}>
                        <StatusBadge status={status} />
                      </td>
                      <td className={`${td} hidden whitespace-nowrap text-fg-muted sm:table-cell`}>
                        {status === 'revoked' ? (
                          <>
                            Revoked <When at={token.revokedAt} empty="" />
                          </>
                        ) : (
                          <When at={token.expiresAt} empty="Never" />
                        )}
                      </td>
                      <td className={`${td} hidden whitespace-nowrap text-fg-muted lg:table-cell`}>
                        <When at={token.lastUsedAt} empty="Never" />
                      </td>
                      <td className={`${td} text-right`}>
                        {status !== 'revoked' && (
                          <Button size="sm" variant="ghost" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                            <Ban aria-hidden />
                            Revoke
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        title={`Revoke ${revoking?.name ?? 'token'}?`}
        confirmLabel="Revoke token"
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <p>Anything still using it gets 401 answers from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}

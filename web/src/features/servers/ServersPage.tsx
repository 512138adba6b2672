import { KeyRound, Plus, Server as ServerIcon } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ServerFilter } from './api';
import type { Server } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { applyFilterChange, parsePage } from '../../lib/searchParams';
import { Button, buttonClasses } from '../../components/ui/Button';
import { PagedList } from '../../components/ui/PagedList';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { RefetchSpinner } from '../../components/ui/Spinner';
import { useDeleteServer, useResetHostKey, useServers, useTestServer, useTrustHostKey } from './queries';
import { ServerFilters, type ServerFilterValues } from './ServerFilters';
import { ServerFormDialog } from './ServerFormDialog';
import { ServersTable, address } from './ServersTable';
import { outcomeSentence, type TestOutcome } from './TestResult';
import { parseTags } from './validation';
import { useConfirm } from '../../hooks/useConfirm';

export const SERVERS_PAGE_SIZE = 20;

type Editing = { kind: 'new' } | { kind: 'edit'; server: Server } | null;

/** /servers — the machines playbooks reach over SSH: search, filter by tag, add, edit, test and delete. */
export function ServersPage() {
  const canWrite = useCan('servers:write');
  const canManageCredentials = useCan('credentials:write');
  const canResetHostKey = useCan('servers:host-key-reset');
  const [params, setParams] = useSearchParams();
  const filter: ServerFilter = {
    q: params.get('q') ?? '',
    tags: parseTags(params.getAll('tag').join(',')),
    page: parsePage(params.get('page')),
    limit: SERVERS_PAGE_SIZE,
  };
  const query = useServers(filter);
  const test = useTestServer();
  const remove = useDeleteServer();
  const deleting = useConfirm<Server>(remove);
  const resetHostKey = useResetHostKey();
  const forgetting = useConfirm<Server>(resetHostKey);
  const trust = useTrustHostKey();
  const [editing, setEditing] = useState<Editing>(null);
  const [tests, setTests] = useState<Record<string, TestOutcome | undefined>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');

  // Suggest the tags of the servers on this page.
  const knownTags = useMemo(() => [...new Set((query.data?.data ?? []).flatMap((s) => s.tags))].sort(), [query.data]);

  /** Changing a filter goes back to page 1. */
  const change = ({ tags, ...changes }: Partial<ServerFilterValues> & { page?: number }) =>
    setParams(applyFilterChange(params, { ...changes, tag: tags }), { replace: changes.page === undefined });
  const filtered = Boolean(filter.q || filter.tags.length);

  const setOutcome = (server: Server, outcome: TestOutcome | undefined) => {
    setTests((all) => ({ ...all, [server.id]: outcome }));
    if (outcome) setAnnouncement(outcomeSentence(server.name, outcome));
  };
  const show = (server: Server, on: boolean) =>
    setExpanded((ids) => {
      const next = new Set(ids);
      if (on) next.add(server.id);
      else next.delete(server.id);
      return next;
    });

  const runTest = (server: Server) => {
    setOutcome(server, { state: 'pending', at: new Date().toISOString() });
    // mutateAsync, not mutate: mutate's callbacks fire only for the latest call, and several servers may be tested at once.
    test
      .mutateAsync(server.id)
      .then((result) => setOutcome(server, { state: 'done', at: new Date().toISOString(), result }))
      .catch((error: unknown) =>
        setOutcome(server, {
          state: 'error',
          at: new Date().toISOString(),
          message: error instanceof Error ? error.message : 'The test failed.',
        }),
      )
      .finally(() => show(server, true));
  };

  /** Pins the fingerprint the user checked, then tests again so they see the login work. */
  const trustHostKey = (server: Server, fingerprint: string) =>
    trust.mutate(
      { id: server.id, fingerprint },
      {
        onSuccess: () => runTest(server),
        onError: (error) =>
          setOutcome(server, { state: 'error', at: new Date().toISOString(), message: `Not trusted: ${error.message}` }),
      },
    );

  return (
    <>
      <PageHeader
        title="Servers"
        description="Machines playbooks run commands on over SSH. Each logs in with a stored credential and a pinned host key."
        actions={
          <>
            <RefetchSpinner query={query} />
            {canManageCredentials && (
              <Link to="/credentials" className={buttonClasses('secondary')}>
                <KeyRound aria-hidden />
                Credentials
              </Link>
            )}
            {canWrite && (
              <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
                <Plus aria-hidden />
                New server
              </Button>
            )}
          </>
        }
      />
      <ServerFilters value={filter} onChange={change} knownTags={knownTags} />
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <PagedList
        query={query}
        noun="servers"
        onPageChange={(page) => change({ page })}
        empty={
          filtered ? (
            <EmptyState icon={<ServerIcon />} title="No server matches these filters">
              Try another search, or remove a tag.
            </EmptyState>
          ) : (
            <EmptyState icon={<ServerIcon />} title="No servers yet">
              {canWrite
                ? 'Add the machines playbooks should reach. Store a credential for them to log in with first.'
                : 'Someone who may manage servers has not added any yet.'}
            </EmptyState>
          )
        }
      >
        {(rows) => (
          <ServersTable
            servers={rows}
            tests={tests}
            expanded={expanded}
            canWrite={canWrite}
            onTest={runTest}
            onEdit={(server) => setEditing({ kind: 'edit', server })}
            onDelete={deleting.ask}
            onDismissTest={(server) => show(server, false)}
            onForgetHostKey={forgetting.ask}
            canResetHostKey={canResetHostKey}
            onTrustHostKey={trustHostKey}
            trustingId={trust.isPending ? trust.variables?.id : undefined}
          />
        )}
      </PagedList>

      {canWrite && (
        <>
          <ServerFormDialog
            open={editing !== null}
            onClose={() => setEditing(null)}
            server={editing?.kind === 'edit' ? editing.server : undefined}
          />
          <ConfirmDialog
            {...deleting.dialog}
            title={`Delete ${deleting.target?.name ?? 'server'}?`}
            confirmLabel="Delete server"
            onConfirm={deleting.confirm((server) =>
              remove.mutate(server.id, {
                onSuccess: () => {
                  setAnnouncement(`${server.name} was deleted.`);
                  deleting.close();
                },
              })
            )}
          >
            <p>
              Playbooks can no longer run commands on{' '}
              <span className="font-mono">{deleting.target ? address(deleting.target) : ''}</span>, and its pinned host key is forgotten. Its
              credential is kept. This cannot be undone.
            </p>
          </ConfirmDialog>
          <ConfirmDialog
            {...forgetting.dialog}
            title={`Forget the host key of ${forgetting.target?.name ?? 'server'}?`}
            confirmLabel="Forget host key"
            onConfirm={forgetting.confirm((server) =>
              resetHostKey.mutate(server.id, {
                onSuccess: () => {
                  setOutcome(server, undefined);
                  setAnnouncement(`The host key of ${server.name} was forgotten. Test the connection to pin the new one.`);
                  forgetting.close();
                },
              })
            )}
          >
            <p>
              Do this only if you know the host was rebuilt. The next connection trusts whatever key it is shown, so an attacker
              in the middle would be trusted too.
            </p>
            <p>Check the new fingerprint against the server's own after testing the connection.</p>
          </ConfirmDialog>
        </>
      )}
    </>
  );
}

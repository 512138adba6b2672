import { PlugZap } from 'lucide-react';
import type { Server } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { DeleteButton, EditButton } from '../../components/ui/RowButtons';
import { actionsColumn, DataTable, type Column } from '../../components/ui/DataTable';
import { Spinner } from '../../components/ui/Spinner';
import { CopyableCode } from './CopyText';
import { TestBadge, TestResultPanel, type TestOutcome } from './TestResult';

interface ServersTableProps {
  servers: Server[];
  /** Last test per server ID. */
  tests: Record<string, TestOutcome | undefined>;
  /** Servers whose full test result is shown under their row. */
  expanded: ReadonlySet<string>;
  /** Without servers:write, no actions are offered. */
  canWrite: boolean;
  onTest: (server: Server) => void;
  onEdit: (server: Server) => void;
  onDelete: (server: Server) => void;
  onDismissTest: (server: Server) => void;
  onForgetHostKey: (server: Server) => void;
  /** servers:host-key-reset: the user may clear a pinned key. */
  canResetHostKey: boolean;
  onTrustHostKey: (server: Server, fingerprint: string) => void;
  /** The server whose key is being trusted. */
  trustingId?: string;
}

/** "[::1]:22" for IPv6, "host:22" otherwise. */
export function address(server: Pick<Server, 'host' | 'port'>): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul aria-label="Tags" className="flex flex-wrap gap-1">
      {tags.map((tag) => (
        <li key={tag}>
          <Badge tone="info" className="font-mono">
            {tag}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function HostKey({ server }: { server: Server }) {
  if (!server.hostKeyFingerprint) {
    return <span className="text-fg-muted">Not pinned yet</span>;
  }
  return <CopyableCode text={server.hostKeyFingerprint} label={`Copy host key fingerprint of ${server.name}`} />;
}

export function ServersTable({
  servers,
  tests,
  expanded,
  canWrite,
  onTest,
  onEdit,
  onDelete,
  onDismissTest,
  onForgetHostKey,
  canResetHostKey,
  onTrustHostKey,
  trustingId,
}: ServersTableProps) {
  const columns: Column<Server>[] = [
    {
      id: 'server',
      header: 'Server',
      cell: (server) => (
        <>
          <div className="font-medium wrap-anywhere">{server.name}</div>
          {/* Narrow screens: what the hidden columns show. */}
          <div className="font-mono text-xs break-all text-fg-muted md:hidden">
            {server.username}@{address(server)}
          </div>
          <div className="text-xs text-fg-muted md:hidden">
            Credential: <span className="text-fg">{server.credentialName || '—'}</span>
          </div>
          <div className="mt-1.5">
            <TagList tags={server.tags} />
          </div>
          <div className="mt-1.5 text-xs xl:hidden">
            <span className="text-fg-muted">Host key:</span> <HostKey server={server} />
          </div>
          <div className="mt-1.5 sm:hidden">
            <TestBadge outcome={tests[server.id]} />
          </div>
        </>
      ),
    },
    {
      id: 'login',
      header: 'Login',
      className: 'hidden md:table-cell',
      cell: (server) => (
        <div className="min-w-36 space-y-0.5">
          <div className="font-mono text-xs wrap-anywhere">{address(server)}</div>
          <div className="text-xs text-fg-muted">
            as <span className="font-mono text-fg">{server.username}</span>
          </div>
          <div className="text-xs text-fg-muted">
            with <span className="wrap-anywhere text-fg">{server.credentialName || '—'}</span>
          </div>
        </div>
      ),
    },
    {
      id: 'hostKey',
      header: 'Host key',
      className: 'hidden xl:table-cell',
      cell: (server) => (
        <div className="w-52">
          <HostKey server={server} />
        </div>
      ),
    },
    {
      id: 'lastTest',
      header: 'Last test',
      className: 'hidden sm:table-cell',
      cellClassName: 'whitespace-nowrap',
      cell: (server) => <TestBadge outcome={tests[server.id]} />,
    },
  ];
  const actions: Column<Server> = {
    ...actionsColumn,
    cell: (server) => {
      const testing = tests[server.id]?.state === 'pending';
      return (
        <div className="flex flex-col items-end gap-1">
          <Button
            size="sm"
            variant="ghost"
            aria-label={testing ? `Testing connection to ${server.name}…` : `Test connection to ${server.name}`}
            aria-disabled={testing || undefined}
            onClick={() => !testing && onTest(server)}
          >
            {testing ? <Spinner /> : <PlugZap aria-hidden />}
            {testing ? 'Testing…' : 'Test'}
          </Button>
          <EditButton name={server.name} onClick={() => onEdit(server)} />
          <DeleteButton name={server.name} onClick={() => onDelete(server)} />
        </div>
      );
    },
  };
  const shown = canWrite ? [...columns, actions] : columns;
  const testResult = (server: Server) => {
    const outcome = tests[server.id];
    if (!outcome || outcome.state === 'pending' || !expanded.has(server.id)) return null;
    return (
      <tr>
        <td colSpan={shown.length} className="px-4 pb-4">
          <TestResultPanel
            serverName={server.name}
            outcome={outcome}
            onDismiss={() => onDismissTest(server)}
            onForgetHostKey={canResetHostKey && server.hostKeyFingerprint ? () => onForgetHostKey(server) : undefined}
            onTrustHostKey={canWrite && !server.hostKeyFingerprint ? (fp) => onTrustHostKey(server, fp) : undefined}
            trusting={trustingId === server.id}
          />
        </td>
      </tr>
    );
  };
  return <DataTable caption="Servers" columns={shown} rows={servers} rowKey={(server) => server.id} alignTop renderAfterRow={testResult} />;
}

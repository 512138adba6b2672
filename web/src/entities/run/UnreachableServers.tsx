import { ServerOff } from 'lucide-react';
import type { Run } from '../../api/types';
import { Badge } from '../../components/ui/Badge';

/** A server an SSH step of the run could not connect to or log in to (result.unreachableServers). */
export interface UnreachableServer {
  server: string;
  errorType: string;
  error: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The servers a run could not reach, from its result; empty when it reached them all. */
export function unreachableOf(result: Run['result'] | undefined): UnreachableServer[] {
  if (!isRecord(result) || !Array.isArray(result.unreachableServers)) return [];
  return result.unreachableServers.flatMap((raw): UnreachableServer[] =>
    isRecord(raw)
      ? [{ server: String(raw.server ?? ''), errorType: String(raw.errorType ?? ''), error: String(raw.error ?? '') }]
      : [],
  );
}

const causes: Record<string, string> = {
  SSHHostKeyMismatch: 'Host key mismatch',
  SSHHostKeyNotTrusted: 'Host key not trusted yet',
  SSHConnectFailed: 'Could not connect',
  SSHAuthFailed: 'Login refused',
  SSHCredentialUnusable: 'Credential unusable',
};

/** A short name for why a server could not be reached. */
export function unreachableCause(errorType: string): string {
  return causes[errorType] ?? (errorType.replace(/^SSH/, '').replace(/([a-z])([A-Z])/g, '$1 $2') || 'Unreachable');
}

/** "2 servers unreachable", next to a run's status, when it could not reach some. */
export function UnreachableBadge({ result }: { result: Run['result'] | undefined }) {
  const count = unreachableOf(result).length;
  if (count === 0) return null;
  return (
    <Badge tone="danger" icon={<ServerOff aria-hidden />}>
      {count} {count === 1 ? 'server' : 'servers'} unreachable
    </Badge>
  );
}

/** Each server the run could not reach, with the cause and the full message. */
export function UnreachableServers({ servers }: { servers: UnreachableServer[] }) {
  return (
    <ul aria-label="Unreachable servers" className="space-y-3">
      {servers.map((s, i) => (
        <li key={`${s.server}-${i}`} className="rounded-md border border-danger/30 p-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <ServerOff aria-hidden className="size-4 text-danger" />
            <span className="font-medium break-all">{s.server || 'Unnamed server'}</span>
            <span className="rounded bg-danger-soft px-1.5 py-0.5 text-xs text-danger">{unreachableCause(s.errorType)}</span>
          </div>
          {s.error && <p className="mt-1 font-mono text-xs break-words whitespace-pre-wrap text-fg-muted">{s.error}</p>}
        </li>
      ))}
    </ul>
  );
}

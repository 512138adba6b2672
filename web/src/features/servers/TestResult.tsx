import { CircleCheck, CircleX, KeyRound, X } from 'lucide-react';
import type { ServerTestResult } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative } from '../../lib/format';
import { CopyableCode } from './CopyText';

/** The last connection test of a server, kept for this visit (the API does not store it). */
export type TestOutcome =
  | { state: 'pending'; at: string }
  | { state: 'done'; at: string; result: ServerTestResult }
  /** The test itself could not run (tests unavailable, server deleted, no permission...). */
  | { state: 'error'; at: string; message: string };

const FAILURE_TITLES: Record<string, string> = {
  SSHHostKeyNotTrusted: 'Host key not trusted yet',
  SSHDestinationBlocked: 'Address not allowed',
  SSHHostKeyMismatch: 'Host key mismatch',
  SSHAuthFailed: 'Login refused',
  SSHConnectFailed: 'Could not connect',
  SSHCredentialUnusable: 'Credential unusable',
  SSHCommandFailed: 'Test command failed',
  SSHCommandInterrupted: 'Connection lost',
  SSHInvalidInput: 'Invalid server settings',
};

export function failureTitle(result: ServerTestResult): string {
  return (result.errorType && FAILURE_TITLES[result.errorType]) || 'Connection failed';
}

/** One sentence for screen readers, announced when a test finishes. */
export function outcomeSentence(name: string, outcome: TestOutcome): string {
  if (outcome.state === 'pending') return `Testing the connection to ${name}…`;
  if (outcome.state === 'error') return `The connection test of ${name} did not run: ${outcome.message}`;
  const { result } = outcome;
  if (result.ok) return `Connected to ${name} in ${result.latencyMs} ms.`;
  return `Connection to ${name} failed: ${failureTitle(result)}. ${result.error ?? ''}`.trim();
}

/** The compact status in the "Last test" column. */
export function TestBadge({ outcome }: { outcome: TestOutcome | undefined }) {
  if (!outcome) return <span className="text-fg-muted">Not tested</span>;
  const when = (
    <time dateTime={outcome.at} title={formatDateTime(outcome.at)} className="block text-xs text-fg-muted">
      {formatRelative(outcome.at)}
    </time>
  );
  if (outcome.state === 'pending') return <Badge tone="info">Testing…</Badge>;
  if (outcome.state === 'error') {
    return (
      <span>
        <Badge tone="warning">Not run</Badge>
        {when}
      </span>
    );
  }
  return (
    <span>
      {outcome.result.ok ? (
        <Badge tone="success" icon={<CircleCheck aria-hidden />}>
          OK · {outcome.result.latencyMs} ms
        </Badge>
      ) : (
        <Badge tone="danger" icon={<CircleX aria-hidden />}>
          {failureTitle(outcome.result)}
        </Badge>
      )}
      {when}
    </span>
  );
}

interface TestResultPanelProps {
  serverName: string;
  outcome: Exclude<TestOutcome, { state: 'pending' }>;
  onDismiss: () => void;
  /** Offered after a host key mismatch, to users who may clear a pinned key (servers:host-key-reset). */
  onForgetHostKey?: () => void;
  /** Offered for a server without a pinned key, to users who may change it: pins the fingerprint shown. */
  onTrustHostKey?: (fingerprint: string) => void;
  /** The trust request is on its way. */
  trusting?: boolean;
}

/** The full result under a server's row: latency, fingerprint and output, or what went wrong and what to do. */
export function TestResultPanel({ serverName, outcome, onDismiss, onForgetHostKey, onTrustHostKey, trusting }: TestResultPanelProps) {
  const ok = outcome.state === 'done' && outcome.result.ok;
  const title =
    outcome.state === 'error' ? 'The test did not run' : outcome.result.ok ? `Connected in ${outcome.result.latencyMs} ms` : failureTitle(outcome.result);
  return (
    <section
      aria-label={`Connection test of ${serverName}`}
      className={cn(
        'flex gap-3 rounded-lg border p-4 text-sm',
        ok ? 'border-success/30 bg-success-soft' : outcome.state === 'error' ? 'border-warning/30 bg-warning-soft' : 'border-danger/30 bg-danger-soft',
      )}
    >
      {ok ? (
        <CircleCheck aria-hidden className="mt-0.5 size-5 shrink-0 text-success" />
      ) : (
        <CircleX aria-hidden className={cn('mt-0.5 size-5 shrink-0', outcome.state === 'error' ? 'text-warning' : 'text-danger')} />
      )}
      <div className="min-w-0 flex-1 space-y-2 text-fg">
        <h2 className={cn('font-semibold', ok ? 'text-success' : outcome.state === 'error' ? 'text-warning' : 'text-danger')}>
          {title}
        </h2>
        {outcome.state === 'error' ? (
          <p className="wrap-anywhere">{outcome.message}</p>
        ) : (
          <ResultDetails
            serverName={serverName}
            result={outcome.result}
            onForgetHostKey={onForgetHostKey}
            onTrustHostKey={onTrustHostKey}
            trusting={trusting}
          />
        )}
      </div>
      <Button variant="ghost" size="sm" aria-label={`Hide the test result of ${serverName}`} onClick={onDismiss} className="-mt-1 -mr-2 size-8 shrink-0 px-0">
        <X aria-hidden />
      </Button>
    </section>
  );
}

function ResultDetails({
  serverName,
  result,
  onForgetHostKey,
  onTrustHostKey,
  trusting,
}: {
  serverName: string;
  result: ServerTestResult;
  onForgetHostKey?: () => void;
  onTrustHostKey?: (fingerprint: string) => void;
  trusting?: boolean;
}) {
  const mismatch = result.errorType === 'SSHHostKeyMismatch';
  const untrusted = result.errorType === 'SSHHostKeyNotTrusted';
  return (
    <>
      {result.error && <p className="wrap-anywhere">{result.error}</p>}
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
        {!result.ok && (
          <>
            <dt className="text-fg-muted">Latency</dt>
            <dd className="tabular-nums">{result.latencyMs} ms</dd>
          </>
        )}
        {result.hostKeyFingerprint && (
          <>
            <dt className="pt-1.5 text-fg-muted">{mismatch ? 'Presented host key' : 'Host key'}</dt>
            <dd className="min-w-0">
              <CopyableCode text={result.hostKeyFingerprint} label={`Copy the presented host key fingerprint of ${serverName}`} />
            </dd>
          </>
        )}
        {result.errorType && (
          <>
            <dt className="text-fg-muted">Error type</dt>
            <dd className="font-mono text-xs leading-5">{result.errorType}</dd>
          </>
        )}
      </dl>
      {untrusted && result.hostKeyFingerprint && (
        <div className="space-y-2">
          <p className="flex items-start gap-2">
            <KeyRound aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              OpsManager has not logged in: compare this fingerprint with the host's own (
              <code className="font-mono text-xs">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the host) before
              trusting it.
            </span>
          </p>
          {onTrustHostKey && (
            <Button size="sm" variant="primary" disabled={trusting} onClick={() => onTrustHostKey(result.hostKeyFingerprint ?? '')}>
              {trusting ? 'Trusting…' : 'Trust this fingerprint'}
            </Button>
          )}
        </div>
      )}
      {result.output && (
        <pre className="max-h-40 overflow-auto rounded-md bg-surface p-2 font-mono text-xs whitespace-pre-wrap wrap-anywhere">{result.output}</pre>
      )}
      {mismatch && (
        <div className="space-y-2">
          <p>
            The server is not presenting the key pinned for it. Someone may be intercepting the connection. If the host was
            legitimately rebuilt, forget the pinned key, test again and trust the new fingerprint.
          </p>
          {onForgetHostKey && (
            <Button size="sm" variant="danger" onClick={onForgetHostKey}>
              Forget pinned host key…
            </Button>
          )}
        </div>
      )}
    </>
  );
}

import { useEffect, useRef, useState } from 'react';
import { cn } from '../../lib/cn';
import { Spinner } from '../../components/ui/Spinner';
import { useRunLogs } from './useRunLogs';

/** The run's output as it arrives; sticks to the bottom unless the reader scrolled up. */
export function RunLogs({ runId, active }: { runId: string; active: boolean }) {
  const logs = useRunLogs(runId, active);
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);

  useEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [logs.lines.length, follow]);

  if (logs.status === 'unavailable') {
    return <p className="text-sm text-fg-muted">No logs are available for this run.</p>;
  }
  if (logs.status === 'loading') {
    return (
      <p className="flex items-center gap-2 text-sm text-fg-muted">
        <Spinner /> Loading logs…
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {logs.status === 'error' && <p className="text-sm text-warning">Could not refresh the logs: {logs.error} Retrying…</p>}
      {logs.dropped > 0 && <p className="text-xs text-fg-muted">{logs.dropped} earlier lines are not shown.</p>}
      {logs.lines.length === 0 ? (
        <p className="text-sm text-fg-muted">{active ? 'Waiting for output…' : 'This run wrote no output.'}</p>
      ) : (
        <div
          ref={box}
          role="log"
          aria-label="Run output"
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
          }}
          className="max-h-96 overflow-auto rounded-md bg-[#0d1117] p-3 font-mono text-xs leading-relaxed text-[#e6edf3] focus-visible:outline-2 focus-visible:outline-ring"
        >
          {logs.lines.map((line, i) => (
            <div key={i} className={cn('whitespace-pre-wrap break-words', line.stream === 'stderr' && 'text-[#ff9492]')}>
              <span className="mr-2 text-[#7d8590] select-none">{String(line.step)}</span>
              {line.text}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

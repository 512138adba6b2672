/**
 * Readable rendering of arbitrary JSON (run params and results): objects become
 * key/value lists, short scalar arrays become inline lists, anything deeper or
 * larger falls back to formatted JSON.
 */

const MAX_DEPTH = 2;
const MAX_INLINE_ITEMS = 20;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function JsonBlock({ value }: { value: unknown }) {
  return (
    <pre className="max-h-96 overflow-auto rounded-md bg-subtle p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function Scalar({ value }: { value: string | number | boolean | null | undefined }) {
  if (value === null || value === undefined) return <span className="text-fg-muted italic">null</span>;
  if (typeof value === 'string') {
    if (value === '') return <span className="text-fg-muted italic">empty</span>;
    if (value.includes('\n') || value.length > 160) {
      return (
        <pre className="max-h-96 overflow-auto rounded-md bg-subtle p-3 font-mono text-xs whitespace-pre-wrap break-words">{value}</pre>
      );
    }
    return <span className="break-words">{value}</span>;
  }
  return <span className="font-mono tabular-nums">{String(value)}</span>;
}

export function ValueView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === undefined || isScalar(value)) return <Scalar value={value} />;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-fg-muted italic">none</span>;
    if (value.length <= MAX_INLINE_ITEMS && value.every(isScalar)) {
      return (
        <ul className="flex flex-wrap gap-1.5">
          {value.map((item, i) => (
            <li key={i} className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">
              {item === null ? 'null' : String(item)}
            </li>
          ))}
        </ul>
      );
    }
    return <JsonBlock value={value} />;
  }
  if (isRecord(value) && depth < MAX_DEPTH) {
    if (Object.keys(value).length === 0) return <span className="text-fg-muted italic">empty</span>;
    return (
      <div className={depth > 0 ? 'border-l-2 border-line pl-3' : undefined}>
        <KeyValueList data={value} depth={depth + 1} />
      </div>
    );
  }
  return <JsonBlock value={value} />;
}

export function KeyValueList({ data, depth = 0 }: { data: Record<string, unknown>; depth?: number }) {
  return (
    <dl className="divide-y divide-line">
      {Object.entries(data).map(([key, value]) => (
        <div key={key} className="grid gap-1 py-2 first:pt-0 last:pb-0 sm:grid-cols-[minmax(7rem,12rem)_1fr] sm:gap-4">
          <dt className="pt-0.5 font-mono text-xs break-all text-fg-muted">{key}</dt>
          <dd className="min-w-0 text-sm">
            <ValueView value={value} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

import type { ReactNode } from 'react';
import { shortId } from '../../lib/format';

/** An identifier or key shown in full, wrapping anywhere. */
export function MonoText({ children }: { children: ReactNode }) {
  return <span className="font-mono text-xs break-all">{children}</span>;
}

/** The first characters of an ID, the whole ID on hover. */
export function ShortId({ id }: { id: string }) {
  return (
    <span className="font-mono" title={id}>
      {shortId(id)}
    </span>
  );
}

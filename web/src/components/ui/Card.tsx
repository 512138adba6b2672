import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from '../../lib/cn';

export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('rounded-lg border border-line bg-surface shadow-card', className)} {...rest} />;
}

interface SectionCardProps {
  title: string;
  /** Extra content on the right of the heading (actions, counters). */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A card with a titled header, used for the sections of detail pages. */
export function SectionCard({ title, aside, children, className }: SectionCardProps) {
  return (
    <Card className={className}>
      <section aria-label={title}>
        <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-3">
          <h2 className="text-sm font-semibold">{title}</h2>
          {aside}
        </div>
        <div className="p-4">{children}</div>
      </section>
    </Card>
  );
}

import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

const tones: Record<Tone, string> = {
  success: 'bg-success-soft text-success',
  danger: 'bg-danger-soft text-danger',
  warning: 'bg-warning-soft text-warning',
  info: 'bg-info-soft text-info',
  neutral: 'bg-neutral-soft text-neutral',
};

interface BadgeProps {
  tone?: Tone;
  icon?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A small label. Meaning is always carried by its text, never by colour alone. */
export function Badge({ tone = 'neutral', icon, children, className }: BadgeProps) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap [&_svg]:size-3.5',
        tones[tone],
        className,
      )}
    >
      {icon}
      {children}
    </span>
  );
}

/** How a status or level shows: its tone and its icon. */
export interface Look {
  tone: Tone;
  icon: ReactNode;
}

/** A value as icon + word (never colour alone); `data` (e.g. data-status) goes on the word. */
export function LookBadge({ look, label, data }: { look: Look; label: ReactNode; data: Record<`data-${string}`, string> }) {
  return (
    <Badge tone={look.tone} icon={look.icon}>
      <span {...data}>{label}</span>
    </Badge>
  );
}

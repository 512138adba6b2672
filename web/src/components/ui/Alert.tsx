import { CircleCheck, CircleX, Info, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';
import type { Tone } from './Badge';

const styles: Record<Tone, string> = {
  success: 'border-success/30 bg-success-soft text-success',
  danger: 'border-danger/30 bg-danger-soft text-danger',
  warning: 'border-warning/30 bg-warning-soft text-warning',
  info: 'border-info/30 bg-info-soft text-info',
  neutral: 'border-line bg-subtle text-fg',
};

const icons: Record<Tone, ReactNode> = {
  success: <CircleCheck aria-hidden />,
  danger: <CircleX aria-hidden />,
  warning: <TriangleAlert aria-hidden />,
  info: <Info aria-hidden />,
  neutral: <Info aria-hidden />,
};

interface AlertProps {
  tone?: Tone;
  title: string;
  children?: ReactNode;
  /** Announce to screen readers when it appears (errors after an action). */
  live?: boolean;
  className?: string;
}

export function Alert({ tone = 'info', title, children, live = false, className }: AlertProps) {
  return (
    <div
      role={live ? 'alert' : undefined}
      className={cn('flex gap-3 rounded-lg border p-4 text-sm [&>svg]:mt-0.5 [&>svg]:size-5 [&>svg]:shrink-0', styles[tone], className)}
    >
      {icons[tone]}
      <div className="min-w-0 space-y-1">
        <p className="font-semibold">{title}</p>
        {children && <div className="break-words">{children}</div>}
      </div>
    </div>
  );
}

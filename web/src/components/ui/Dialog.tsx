import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { Button } from './Button';

interface DialogProps {
  open: boolean;
  /** Escape, the close button and a click on the backdrop all call this. */
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Wider dialog, for forms with long option lists. */
  wide?: boolean;
}

/**
 * A modal <dialog>: the browser traps focus, closes it on Escape and makes the
 * page behind it inert. Its content is rendered only while open, so every
 * opening starts from a fresh form.
 */
export function Dialog({ open, onClose, title, description, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={() => open && onClose()}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose(); // the backdrop
      }}
      className={cn(
        'm-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] overflow-y-auto rounded-lg border border-line bg-surface p-0 text-fg shadow-card backdrop:bg-black/50',
        wide ? 'max-w-2xl' : 'max-w-lg',
      )}
    >
      {open && (
        <>
          <div className="flex items-start justify-between gap-4 border-b border-line px-5 py-4">
            <div className="min-w-0 space-y-1">
              <h2 id={titleId} className="text-base font-semibold">
                {title}
              </h2>
              {description && (
                <div id={descriptionId} className="text-sm text-fg-muted">
                  {description}
                </div>
              )}
            </div>
            <Button variant="ghost" size="sm" aria-label="Close" onClick={onClose} className="-mt-1 -mr-2 shrink-0">
              <X aria-hidden />
            </Button>
          </div>
          <div className="px-5 py-5">{children}</div>
        </>
      )}
    </dialog>
  );
}

/** The button row at the bottom of a dialog. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex flex-wrap items-center justify-end gap-2 border-t border-line pt-4">{children}</div>;
}

import type { ReactNode } from 'react';
import { Alert } from './Alert';
import { Button } from './Button';
import { Dialog, DialogActions } from './Dialog';
import { Spinner } from './Spinner';

interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  /** The failed attempt, shown above the buttons. */
  error?: Error | null;
  /** Destructive actions get the danger look. */
  destructive?: boolean;
}

/** "Are you sure?" for actions that cannot be undone from the dashboard. */
export function ConfirmDialog({
  open,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  pending = false,
  error,
  destructive = true,
}: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <div className="space-y-3 text-sm">{children}</div>
      {error && (
        <Alert tone="danger" title="That did not work" live className="mt-4">
          {error.message}
        </Alert>
      )}
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant={destructive ? 'danger' : 'primary'} onClick={onConfirm} disabled={pending}>
          {pending && <Spinner />}
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

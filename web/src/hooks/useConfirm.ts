import { useState } from 'react';

interface ConfirmedMutation {
  isPending: boolean;
  error: Error | null;
  reset: () => void;
}

/**
 * The item an "Are you sure?" dialog asks about, and the dialog's props for
 * the mutation it confirms: closing it forgets the item and the failed attempt.
 */
export function useConfirm<T>(mutation: ConfirmedMutation) {
  const [target, setTarget] = useState<T | null>(null);
  const close = () => setTarget(null);
  return {
    target,
    ask: (item: T) => setTarget(item),
    close,
    /** onConfirm for the dialog: `action` gets the item asked about. */
    confirm: (action: (item: T) => void) => () => target !== null && action(target),
    dialog: {
      open: target !== null,
      onClose: () => {
        close();
        mutation.reset();
      },
      pending: mutation.isPending,
      error: mutation.error,
    },
  };
}

import { Pencil, Trash } from 'lucide-react';
import { Button } from './Button';

interface RowButtonProps {
  /** What the row is, for the accessible name ("Edit web-1"). */
  name: string;
  onClick: () => void;
}

/** A table row's Edit button. */
export function EditButton({ name, onClick }: RowButtonProps) {
  return (
    <Button size="sm" variant="ghost" aria-label={`Edit ${name}`} onClick={onClick}>
      <Pencil aria-hidden />
      Edit
    </Button>
  );
}

/** A table row's Delete button (which asks before deleting). */
export function DeleteButton({ name, onClick }: RowButtonProps) {
  return (
    <Button size="sm" variant="ghost" aria-label={`Delete ${name}`} onClick={onClick}>
      <Trash aria-hidden />
      Delete
    </Button>
  );
}

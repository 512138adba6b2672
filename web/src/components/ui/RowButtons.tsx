import { Pencil, Trash } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from './Button';

interface RowButtonProps {
  /** What the row is, for the accessible name ("Edit web-1"). */
  name: string;
  onClick: () => void;
}

function RowButton({ verb, icon, name, onClick }: RowButtonProps & { verb: string; icon: ReactNode }) {
  return (
    <Button size="sm" variant="ghost" aria-label={`${verb} ${name}`} onClick={onClick}>
      {icon}
      {verb}
    </Button>
  );
}

/** A table row's Edit button. */
export const EditButton = (props: RowButtonProps) => <RowButton verb="Edit" icon={<Pencil aria-hidden />} {...props} />;

/** A table row's Delete button (which asks before deleting). */
export const DeleteButton = (props: RowButtonProps) => <RowButton verb="Delete" icon={<Trash aria-hidden />} {...props} />;

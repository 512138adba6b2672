import { KanbanSquare, List, Plus } from 'lucide-react';
import { NavLink } from 'react-router';
import type { Service } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Button } from '../../components/ui/Button';
import { cn } from '../../lib/cn';

/** List / Board switch shown on both incident views. */
export function IncidentViewSwitch() {
  const link = ({ isActive }: { isActive: boolean }) =>
    cn(
      'inline-flex h-8 items-center gap-1.5 rounded px-3 text-sm font-medium [&_svg]:size-4',
      isActive ? 'bg-surface text-fg shadow-card' : 'text-fg-muted hover:text-fg',
    );
  return (
    <nav aria-label="Incident views" className="inline-flex rounded-md border border-line bg-subtle p-0.5">
      <NavLink to="/incidents" end className={link}>
        <List aria-hidden />
        List
      </NavLink>
      <NavLink to="/incidents/board" className={link}>
        <KanbanSquare aria-hidden />
        Board
      </NavLink>
    </nav>
  );
}

/** "New incident", for users with incidents:write. */
export function NewIncidentButton({ onClick, services }: { onClick: () => void; services: Service[] | undefined }) {
  const canWrite = useCan('incidents:write');
  if (!canWrite) return null;
  return (
    <Button variant="primary" onClick={onClick} disabled={!services}>
      <Plus aria-hidden />
      New incident
    </Button>
  );
}

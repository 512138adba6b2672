import { Activity } from 'lucide-react';
import { Link } from 'react-router';

export function Brand() {
  return (
    <Link to="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
      <span className="grid size-8 place-items-center rounded-md bg-primary text-primary-fg" aria-hidden>
        <Activity className="size-4.5" />
      </span>
      <span>OpsManager</span>
    </Link>
  );
}

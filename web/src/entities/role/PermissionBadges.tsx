import type { Permission } from '../../api/types';
import { Badge } from '../../components/ui/Badge';

/** Permissions as small monospace labels. */
export function PermissionBadges({ permissions }: { permissions: readonly Permission[] }) {
  if (permissions.length === 0) return <span className="text-fg-muted">None</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Permissions">
      {permissions.map((permission) => (
        <li key={permission}>
          <Badge className="font-mono">{permission}</Badge>
        </li>
      ))}
    </ul>
  );
}

import { NavLink } from 'react-router';
import { visibleNavGroups } from '../../app/nav';
import { useMe } from '../../auth/hooks';
import { cn } from '../../lib/cn';

/**
 * The primary navigation, limited to what the user may open; NavLink sets
 * aria-current="page" on the active entry.
 */
export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const groups = visibleNavGroups(useMe());
  return (
    <nav aria-label="Main" className="space-y-6">
      {groups.map((group) => (
        <div key={group.heading ?? 'main'}>
          {group.heading && (
            <h2 className="mb-2 px-3 text-xs font-medium tracking-wide text-fg-muted uppercase">{group.heading}</h2>
          )}
          <ul className="space-y-1">
            {group.items.map(({ to, label, icon: Icon, end }) => (
              <li key={to}>
                <NavLink
                  to={to}
                  end={end}
                  onClick={onNavigate}
                  className={({ isActive }) =>
                    cn(
                      'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                      isActive ? 'bg-info-soft text-info' : 'text-fg-muted hover:bg-subtle hover:text-fg',
                    )
                  }
                >
                  <Icon aria-hidden className="size-4 shrink-0" />
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

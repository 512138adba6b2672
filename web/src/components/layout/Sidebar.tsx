import { LiveIndicator } from '../../live/LiveIndicator';
import { Brand } from './Brand';
import { NavList } from './NavList';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

/** Sidebar content, shared by the fixed desktop sidebar and the mobile drawer. */
export function SidebarContent({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col gap-6 p-4">
      <div className="flex items-center justify-between gap-2 px-1 pt-1">
        <Brand />
        <LiveIndicator />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <NavList onNavigate={onNavigate} />
      </div>
      <div className="space-y-3 border-t border-line pt-4">
        <UserMenu onNavigate={onNavigate} />
        <ThemeToggle />
      </div>
    </div>
  );
}

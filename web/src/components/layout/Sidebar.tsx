import { Brand } from './Brand';
import { NavList } from './NavList';
import { ThemeToggle } from './ThemeToggle';

/** Sidebar content, shared by the fixed desktop sidebar and the mobile drawer. */
export function SidebarContent({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col gap-6 p-4">
      <div className="px-1 pt-1">
        <Brand />
      </div>
      <div className="flex-1">
        <NavList onNavigate={onNavigate} />
      </div>
      <ThemeToggle />
    </div>
  );
}

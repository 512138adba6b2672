import { BookOpen, LayoutDashboard, ListChecks, type LucideIcon } from 'lucide-react';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Match the path exactly (for "/"), not as a prefix. */
  end?: boolean;
}

/**
 * Sidebar entries, in order. A new screen adds its route in routes.tsx and,
 * if it belongs in the sidebar, one line here.
 */
export const navItems: NavItem[] = [
  { to: '/', label: 'Overview', icon: LayoutDashboard, end: true },
  { to: '/playbooks', label: 'Playbooks', icon: BookOpen },
  { to: '/runs', label: 'Runs', icon: ListChecks },
];

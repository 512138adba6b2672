import {
  ArrowUpCircle,
  Boxes,
  BookOpen,
  CalendarClock,
  HardDrive,
  KeyRound,
  LayoutDashboard,
  ListChecks,
  LockKeyhole,
  ScrollText,
  Server,
  ShieldCheck,
  Siren,
  Timer,
  Users,
  type LucideIcon,
} from 'lucide-react';
import type { Me, Permission } from '../api/types';
import { can } from '../auth/hooks';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Match the path exactly (for "/"), not as a prefix. */
  end?: boolean;
  /** Shown only to users holding this permission; the route is guarded by the same one. */
  permission?: Permission;
  /** Sidebar group; items without one come first, under no heading. */
  section?: 'Infrastructure' | 'On-call' | 'Administration';
}

/**
 * Sidebar entries, in order. A new screen adds its route in routes.tsx and,
 * if it belongs in the sidebar, one line here.
 */
export const navItems: NavItem[] = [
  { to: '/', label: 'Overview', icon: LayoutDashboard, end: true },
  { to: '/incidents', label: 'Incidents', icon: Siren, permission: 'incidents:read' },
  { to: '/playbooks', label: 'Playbooks', icon: BookOpen, permission: 'playbooks:read' },
  { to: '/runs', label: 'Runs', icon: ListChecks, permission: 'playbooks:read' },
  { to: '/assets', label: 'Assets', icon: Boxes, permission: 'assets:read', section: 'Infrastructure' },
  { to: '/servers', label: 'Servers', icon: HardDrive, permission: 'servers:read', section: 'Infrastructure' },
  { to: '/credentials', label: 'Credentials', icon: LockKeyhole, permission: 'credentials:write', section: 'Infrastructure' },
  { to: '/services', label: 'Services', icon: Server, permission: 'incidents:read', section: 'On-call' },
  { to: '/escalation-policies', label: 'Escalation policies', icon: ArrowUpCircle, permission: 'incidents:read', section: 'On-call' },
  { to: '/sla-policies', label: 'SLA policies', icon: Timer, permission: 'incidents:read', section: 'On-call' },
  { to: '/schedules', label: 'Schedules', icon: CalendarClock, permission: 'incidents:read', section: 'On-call' },
  { to: '/admin/users', label: 'Users', icon: Users, permission: 'users:admin', section: 'Administration' },
  { to: '/admin/roles', label: 'Roles', icon: ShieldCheck, permission: 'users:admin', section: 'Administration' },
  { to: '/admin/tokens', label: 'API tokens', icon: KeyRound, permission: 'users:admin', section: 'Administration' },
  { to: '/admin/audit', label: 'Audit log', icon: ScrollText, permission: 'audit:read', section: 'Administration' },
];

export interface NavGroup {
  heading?: string;
  items: NavItem[];
}

/** The entries `me` may open, grouped by section; empty groups are dropped. */
export function visibleNavGroups(me: Me | null, items: NavItem[] = navItems): NavGroup[] {
  const groups: NavGroup[] = [];
  for (const item of items) {
    if (!can(me, item.permission)) continue;
    let group = groups.find((g) => g.heading === item.section);
    if (!group) {
      group = { heading: item.section, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}

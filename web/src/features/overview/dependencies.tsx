import { Database, HardDrive, Server, Workflow } from 'lucide-react';
import type { ReactNode } from 'react';

interface DependencyInfo {
  label: string;
  role: string;
  icon: ReactNode;
}

const known: Record<string, DependencyInfo> = {
  postgres: { label: 'PostgreSQL', role: 'Domain records: incidents, runs, audit log', icon: <Database aria-hidden /> },
  redis: { label: 'Redis', role: 'Rate limits, token revocation, cache, live updates', icon: <HardDrive aria-hidden /> },
  temporal: { label: 'Temporal', role: 'Workflow engine for playbooks and escalations', icon: <Workflow aria-hidden /> },
};

/** The dependencies we know come first, in a fixed order; others follow by name. */
export const dependencyOrder = Object.keys(known);

export function dependencyInfo(name: string): DependencyInfo {
  return known[name] ?? { label: name, role: 'Dependency', icon: <Server aria-hidden /> };
}

export function sortDependencies(names: string[]): string[] {
  const rank = (n: string) => {
    const i = dependencyOrder.indexOf(n);
    return i === -1 ? dependencyOrder.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

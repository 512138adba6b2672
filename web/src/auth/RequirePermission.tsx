import type { ReactNode } from 'react';
import { Outlet } from 'react-router';
import type { Permission } from '../api/types';
import { ForbiddenPage } from '../app/ForbiddenPage';
import { useCan } from './hooks';

/** Renders its routes (or children) only for users holding `permission`; a friendly 403 otherwise. */
export function RequirePermission({ permission, children }: { permission: Permission; children?: ReactNode }) {
  if (!useCan(permission)) return <ForbiddenPage permission={permission} />;
  return children ?? <Outlet />;
}

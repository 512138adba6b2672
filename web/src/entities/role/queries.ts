import { useQuery } from '@tanstack/react-query';
import { permissionsOptions, rolesOptions } from './api';

export const useRoles = () => useQuery(rolesOptions());
export const usePermissions = () => useQuery(permissionsOptions());

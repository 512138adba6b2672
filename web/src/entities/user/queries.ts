import { useQuery } from '@tanstack/react-query';
import { assignableUsersOptions } from './api';

export function useAssignableUsers(enabled: boolean) {
  return useQuery({ ...assignableUsersOptions(), enabled });
}

import { useQuery } from '@tanstack/react-query';
import { servicesOptions } from './api';

export function useServices(enabled = true) {
  return useQuery({ ...servicesOptions(), enabled });
}

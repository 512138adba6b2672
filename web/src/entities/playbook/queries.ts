import { useQuery } from '@tanstack/react-query';
import { playbooksOptions } from './api';

export function usePlaybooks(enabled = true) {
  return useQuery({ ...playbooksOptions(), enabled });
}

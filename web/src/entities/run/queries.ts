import { useQuery } from '@tanstack/react-query';
import { isRunActive, type Run } from '../../api/types';
import { usePollFallback } from '../../live/polling';
import { runOptions, runsPageOptions } from './api';

export const RUN_POLL_MS = 2_000;
export const RUNS_LIST_POLL_MS = 5_000;

/** One page of runs; refreshes while any run on it is still pending or running. */
export function useRunsPage(page: number, limit: number) {
  const poll = usePollFallback();
  return useQuery({
    ...runsPageOptions(page, limit),
    refetchInterval: (query) =>
      poll(query.state.data?.data.some((run) => isRunActive(run.status)) ? RUNS_LIST_POLL_MS : false),
  });
}

/** Poll while the run can still change (or is not loaded yet); stop once it is final. */
export function runPollInterval(run: Run | undefined): number | false {
  return run && !isRunActive(run.status) ? false : RUN_POLL_MS;
}

/** One run, polled every 2 s until it reaches a final state. */
export function useRun(id: string) {
  const poll = usePollFallback();
  return useQuery({ ...runOptions(id), refetchInterval: (query) => poll(runPollInterval(query.state.data)) });
}

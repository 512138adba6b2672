import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SEVERITIES, type Incident, type IncidentAction, type IncidentStatus } from '../../api/types';
import { incidentKeys, listIncidents } from '../../entities/incident/api';
import { usePollFallback } from '../../live/polling';
import { incidentAction } from './api';
import { INCIDENT_LIST_POLL_MS } from './queries';

/** Open incidents and the recently resolved ones, as the board shows them. */
export interface BoardData {
  incidents: Incident[];
  /** More open incidents exist than the board loaded. */
  truncated: boolean;
}

export const BOARD_KEY = ['incidents', 'board'] as const;
export const BOARD_OPEN_LIMIT = 100;
export const BOARD_RESOLVED_LIMIT = 20;
export const MOVE_MUTATION_KEY = ['incident-move'] as const;

export async function loadBoard(signal?: AbortSignal): Promise<BoardData> {
  const [open, resolved] = await Promise.all([
    listIncidents({ status: 'open', sort: 'updated_at', order: 'desc', limit: BOARD_OPEN_LIMIT }, signal),
    listIncidents({ status: 'resolved', sort: 'updated_at', order: 'desc', limit: BOARD_RESOLVED_LIMIT }, signal),
  ]);
  return { incidents: [...open.data, ...resolved.data], truncated: open.pagination.total > open.data.length };
}

export function useBoard(paused: boolean) {
  const poll = usePollFallback();
  return useQuery({
    queryKey: BOARD_KEY,
    queryFn: ({ signal }) => loadBoard(signal),
    // A poll landing mid-move would undo the optimistic card; wait for the answer.
    refetchInterval: paused ? false : poll(INCIDENT_LIST_POLL_MS),
  });
}

const severityRank = (s: string) => {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i === -1 ? SEVERITIES.length : i;
};

/** A column's cards: most severe first, then newest. */
export function columnCards(incidents: Incident[], status: IncidentStatus): Incident[] {
  return incidents
    .filter((i) => i.status === status)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.createdAt.localeCompare(a.createdAt));
}

export interface MoveVariables {
  incident: Incident;
  action: IncidentAction;
  to: IncidentStatus;
}

function replaceIncident(data: BoardData | undefined, id: string, update: (i: Incident) => Incident): BoardData | undefined {
  return data && { ...data, incidents: data.incidents.map((i) => (i.id === id ? update(i) : i)) };
}

/**
 * Moves a card optimistically: it jumps to its new column at once, the action
 * is sent, and a refusal (409) puts the card back where it was.
 */
export function useMoveIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: MOVE_MUTATION_KEY,
    mutationFn: ({ incident, action }: MoveVariables) => incidentAction(incident.id, action),
    onMutate: async ({ incident, to }: MoveVariables) => {
      await queryClient.cancelQueries({ queryKey: BOARD_KEY });
      queryClient.setQueryData<BoardData>(BOARD_KEY, (old) => replaceIncident(old, incident.id, (i) => ({ ...i, status: to })));
    },
    onError: (_error, { incident }) => {
      // Only this card goes back: another move in flight keeps its own state.
      queryClient.setQueryData<BoardData>(BOARD_KEY, (old) => replaceIncident(old, incident.id, () => incident));
    },
    onSuccess: (updated) => {
      queryClient.setQueryData<BoardData>(BOARD_KEY, (old) => replaceIncident(old, updated.id, () => updated));
      queryClient.setQueryData(incidentKeys.detail(updated.id), updated);
    },
    onSettled: (_data, _error, { incident }) => {
      if (queryClient.isMutating({ mutationKey: MOVE_MUTATION_KEY }) <= 1) {
        void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      }
      void queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incident.id) });
    },
  });
}

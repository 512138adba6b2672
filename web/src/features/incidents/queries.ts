import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  commentOnIncident,
  createIncident,
  getIncident,
  getIncidentNotifications,
  getIncidentTimeline,
  incidentAction,
  listIncidents,
  listServices,
  queryKeys,
  reassignIncident,
  type IncidentFilter,
  type NewIncident,
} from '../../api/endpoints';
import { isIncidentOpen, type Incident, type IncidentAction } from '../../api/types';
import { usePollFallback } from '../../live/polling';

export const INCIDENT_POLL_MS = 2_000;
export const INCIDENT_LIST_POLL_MS = 10_000;

export function useIncidents(filter: IncidentFilter) {
  const poll = usePollFallback();
  return useQuery({
    queryKey: queryKeys.incidents(filter),
    queryFn: ({ signal }) => listIncidents(filter, signal),
    placeholderData: keepPreviousData,
    refetchInterval: poll(INCIDENT_LIST_POLL_MS),
  });
}

/** Poll while the incident can still change on its own (escalations, SLA timers). */
export function incidentPollInterval(incident: Incident | undefined): number | false {
  return incident && !isIncidentOpen(incident.status) ? false : INCIDENT_POLL_MS;
}

export function useIncident(id: string) {
  const poll = usePollFallback();
  return useQuery({
    queryKey: queryKeys.incident(id),
    queryFn: ({ signal }) => getIncident(id, signal),
    refetchInterval: (query) => poll(incidentPollInterval(query.state.data)),
    staleTime: 0,
  });
}

export function useIncidentTimeline(id: string, live: boolean) {
  const poll = usePollFallback();
  return useQuery({
    queryKey: queryKeys.incidentTimeline(id),
    queryFn: ({ signal }) => getIncidentTimeline(id, signal),
    refetchInterval: poll(live ? INCIDENT_POLL_MS * 2 : false),
  });
}

export function useIncidentNotifications(id: string, live: boolean) {
  const poll = usePollFallback();
  return useQuery({
    queryKey: queryKeys.incidentNotifications(id),
    queryFn: ({ signal }) => getIncidentNotifications(id, signal),
    refetchInterval: poll(live ? INCIDENT_POLL_MS * 3 : false),
  });
}

export function useServices(enabled = true) {
  return useQuery({
    queryKey: queryKeys.services,
    queryFn: ({ signal }) => listServices(signal),
    staleTime: 60_000,
    enabled,
  });
}

/** After any change: the incident's cache gets the answer; lists and its history refetch. */
function useAfterChange() {
  const queryClient = useQueryClient();
  return (incident: Incident) => {
    queryClient.setQueryData(queryKeys.incident(incident.id), (old: Incident | undefined) => ({
      ...incident,
      // The action's answer has no live pages nor linked runs; keep the last ones we saw.
      ...(old?.pages && !incident.pages ? { pages: old.pages } : {}),
      ...(old?.runs && !incident.runs ? { runs: old.runs } : {}),
    }));
    void queryClient.invalidateQueries({ queryKey: queryKeys.allIncidents });
    void queryClient.invalidateQueries({ queryKey: queryKeys.incidentTimeline(incident.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.incidentNotifications(incident.id) });
  };
}

export function useIncidentAction(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (action: IncidentAction) => incidentAction(id, action),
    onSuccess: after,
  });
}

export function useComment(id: string) {
  const after = useAfterChange();
  return useMutation({ mutationFn: (note: string) => commentOnIncident(id, note), onSuccess: after });
}

export function useReassign(id: string) {
  const after = useAfterChange();
  return useMutation({ mutationFn: (assigneeId: string) => reassignIncident(id, assigneeId), onSuccess: after });
}

export function useCreateIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (incident: NewIncident) => createIncident(incident),
    onSuccess: ({ incident }) => {
      queryClient.setQueryData(queryKeys.incident(incident.id), incident);
      void queryClient.invalidateQueries({ queryKey: queryKeys.allIncidents });
    },
  });
}

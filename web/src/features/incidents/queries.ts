import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isIncidentOpen, type Incident, type IncidentAction } from '../../api/types';
import { incidentKeys, incidentsOptions, type IncidentFilter } from '../../entities/incident/api';
import { usePollFallback } from '../../live/polling';
import {
  commentOnIncident,
  createIncident,
  incidentAction,
  incidentNotificationsOptions,
  incidentOptions,
  incidentTimelineOptions,
  reassignIncident,
  type NewIncident,
} from './api';

export const INCIDENT_POLL_MS = 2_000;
export const INCIDENT_LIST_POLL_MS = 10_000;

export function useIncidents(filter: IncidentFilter) {
  const poll = usePollFallback();
  return useQuery({ ...incidentsOptions(filter), refetchInterval: poll(INCIDENT_LIST_POLL_MS) });
}

/** Poll while the incident can still change on its own (escalations, SLA timers). */
export function incidentPollInterval(incident: Incident | undefined): number | false {
  return incident && !isIncidentOpen(incident.status) ? false : INCIDENT_POLL_MS;
}

export function useIncident(id: string) {
  const poll = usePollFallback();
  return useQuery({ ...incidentOptions(id), refetchInterval: (query) => poll(incidentPollInterval(query.state.data)) });
}

export function useIncidentTimeline(id: string, live: boolean) {
  const poll = usePollFallback();
  return useQuery({ ...incidentTimelineOptions(id), refetchInterval: poll(live ? INCIDENT_POLL_MS * 2 : false) });
}

export function useIncidentNotifications(id: string, live: boolean) {
  const poll = usePollFallback();
  return useQuery({ ...incidentNotificationsOptions(id), refetchInterval: poll(live ? INCIDENT_POLL_MS * 3 : false) });
}

/** After any change: the incident's cache gets the answer; lists and its history refetch. */
function useAfterChange() {
  const queryClient = useQueryClient();
  return (incident: Incident) => {
    queryClient.setQueryData(incidentKeys.detail(incident.id), (old: Incident | undefined) => ({
      ...incident,
      // The action's answer has no live pages nor linked runs; keep the last ones we saw.
      ...(old?.pages && !incident.pages ? { pages: old.pages } : {}),
      ...(old?.runs && !incident.runs ? { runs: old.runs } : {}),
    }));
    void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    void queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incident.id) });
    void queryClient.invalidateQueries({ queryKey: incidentKeys.notifications(incident.id) });
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
      queryClient.setQueryData(incidentKeys.detail(incident.id), incident);
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
}

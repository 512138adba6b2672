import { queryOptions } from '@tanstack/react-query';
import { call, callData, type Route } from '../../api/call';
import type { Incident, IncidentAction, IncidentNotification, Severity, TimelineEvent } from '../../api/types';
import { incidentKeys } from '../../entities/incident/api';
import { normaliseIncident } from '../../entities/incident/normalise';

export async function getIncident(id: string, signal?: AbortSignal): Promise<Incident> {
  return normaliseIncident(await callData<'GET /api/v1/incidents/{id}', Incident>('GET /api/v1/incidents/{id}', { params: { id }, signal }));
}

export interface NewIncident {
  serviceId: string;
  title: string;
  severity: Severity;
  description?: string;
  dedupKey?: string;
}

/** POST /incidents — `deduplicated` when an open incident with the same key took it. */
export async function createIncident(incident: NewIncident): Promise<{ incident: Incident; deduplicated: boolean }> {
  const body = await call<'POST /api/v1/incidents', Incident>('POST /api/v1/incidents', { body: incident });
  return { incident: normaliseIncident(body.data), deduplicated: Boolean(body.deduplicated) };
}

type IncidentActionRoute = `POST /api/v1/incidents/{id}/${IncidentAction | 'reassign' | 'comment'}` & Route;

/** POST /incidents/:id/<action>, the updated incident; 409 when the incident's status does not allow it. */
async function act(route: IncidentActionRoute, id: string, body?: { assigneeId?: string; note?: string }): Promise<Incident> {
  return normaliseIncident(await callData<IncidentActionRoute, Incident>(route, { params: { id }, body }));
}

export function incidentAction(id: string, action: IncidentAction): Promise<Incident> {
  return act(`POST /api/v1/incidents/{id}/${action}`, id);
}

export function reassignIncident(id: string, assigneeId: string): Promise<Incident> {
  return act('POST /api/v1/incidents/{id}/reassign', id, { assigneeId });
}

export function commentOnIncident(id: string, note: string): Promise<Incident> {
  return act('POST /api/v1/incidents/{id}/comment', id, { note });
}

export function getIncidentTimeline(id: string, signal?: AbortSignal): Promise<TimelineEvent[]> {
  return callData('GET /api/v1/incidents/{id}/timeline', { params: { id }, signal });
}

export function getIncidentNotifications(id: string, signal?: AbortSignal): Promise<IncidentNotification[]> {
  return callData('GET /api/v1/incidents/{id}/notifications', { params: { id }, signal });
}

export const incidentOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.detail(id), queryFn: ({ signal }) => getIncident(id, signal), staleTime: 0 });

export const incidentTimelineOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => getIncidentTimeline(id, signal) });

export const incidentNotificationsOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.notifications(id), queryFn: ({ signal }) => getIncidentNotifications(id, signal) });

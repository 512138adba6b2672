import { queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { DataEnvelope, Incident, IncidentAction, IncidentNotification, Severity, TimelineEvent } from '../../api/types';
import { incidentKeys } from '../../entities/incident/api';
import { normaliseIncident } from '../../entities/incident/normalise';

export async function getIncident(id: string, signal?: AbortSignal): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}`, { signal });
  return normaliseIncident(body.data);
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
  const body = await request<DataEnvelope<Incident> & { deduplicated?: boolean }>('/api/v1/incidents', {
    method: 'POST',
    body: incident,
  });
  return { incident: normaliseIncident(body.data), deduplicated: Boolean(body.deduplicated) };
}

/** POST /incidents/:id/<action> — 409 when the incident's status does not allow it. */
export async function incidentAction(id: string, action: IncidentAction): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
  return normaliseIncident(body.data);
}

export async function reassignIncident(id: string, assigneeId: string): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}/reassign`, {
    method: 'POST',
    body: { assigneeId },
  });
  return normaliseIncident(body.data);
}

export async function commentOnIncident(id: string, note: string): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}/comment`, {
    method: 'POST',
    body: { note },
  });
  return normaliseIncident(body.data);
}

export async function getIncidentTimeline(id: string, signal?: AbortSignal): Promise<TimelineEvent[]> {
  const body = await request<DataEnvelope<TimelineEvent[]>>(`/api/v1/incidents/${encodeURIComponent(id)}/timeline`, { signal });
  return body.data;
}

export async function getIncidentNotifications(id: string, signal?: AbortSignal): Promise<IncidentNotification[]> {
  const body = await request<DataEnvelope<IncidentNotification[]>>(
    `/api/v1/incidents/${encodeURIComponent(id)}/notifications`,
    { signal },
  );
  return body.data;
}

export const incidentOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.detail(id), queryFn: ({ signal }) => getIncident(id, signal), staleTime: 0 });

export const incidentTimelineOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => getIncidentTimeline(id, signal) });

export const incidentNotificationsOptions = (id: string) =>
  queryOptions({ queryKey: incidentKeys.notifications(id), queryFn: ({ signal }) => getIncidentNotifications(id, signal) });

import { queryOptions } from '@tanstack/react-query';
import { callData } from '../../api/call';
import type { Impact, IncidentImpact } from '../../api/types';

export const assetKeys = {
  all: ['assets'] as const,
  impact: (id: string, depth: number) => ['assets', 'impact', id, depth] as const,
  incidentImpact: (id: string) => ['incidents', 'impact', id] as const,
};

/** GET /assets/:id/impact — what fails if the asset fails; nobody is paged. */
export const impactOptions = (id: string, depth = 6) =>
  queryOptions({
    queryKey: assetKeys.impact(id, depth),
    queryFn: ({ signal }): Promise<Impact> =>
      callData('GET /api/v1/assets/{id}/impact', { params: { id }, query: new URLSearchParams({ depth: String(depth) }), signal }),
  });

/** GET /incidents/:id/impact — the assets an incident names and their blast radius. */
export const incidentImpactOptions = (id: string) =>
  queryOptions({
    queryKey: assetKeys.incidentImpact(id),
    queryFn: ({ signal }): Promise<IncidentImpact> => callData('GET /api/v1/incidents/{id}/impact', { params: { id }, signal }),
  });

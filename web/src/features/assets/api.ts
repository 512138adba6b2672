import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call, callData } from '../../api/call';
import type { AssetFields, ImportAnswer, UpdateAssetRequest } from '../../api/generated';
import type { DomainIncident } from '../../api/generated';
import type { Asset, AssetChange, AssetGraph, AssetImport, AssetRelationship, AssetType, RelationshipType } from '../../api/types';

export interface AssetFilter {
  type: string;
  environment: string;
  lifecycle: string;
  tag: string;
  ownerTeam: string;
  q: string;
  /** "path=value" for attr.<path>=value; "" for none. */
  attr: string;
}

export const emptyAssetFilter: AssetFilter = { type: '', environment: '', lifecycle: '', tag: '', ownerTeam: '', q: '', attr: '' };

export const ASSET_PAGE_SIZE = 50;

/** The list query of a filter and a cursor ("" for the first page). */
export function assetQuery(f: AssetFilter, cursor: string): URLSearchParams {
  const query = new URLSearchParams({ limit: String(ASSET_PAGE_SIZE) });
  for (const key of ['type', 'environment', 'lifecycle', 'tag', 'ownerTeam', 'q'] as const) {
    if (f[key]) query.set(key, f[key]);
  }
  const [path, ...value] = f.attr.split('=');
  if (path && value.length) query.set(`attr.${path.trim()}`, value.join('=').trim());
  if (cursor) query.set('cursor', cursor);
  return query;
}

export const assetsKeys = {
  all: ['assets'] as const,
  one: (id: string) => ['assets', 'one', id] as const,
  types: ['asset-types'] as const,
};

/** Every page of a filter's assets, each read after the cursor the one before handed out. */
export const assetPagesOptions = (f: AssetFilter) =>
  infiniteQueryOptions({
    queryKey: ['assets', 'list', f],
    queryFn: ({ signal, pageParam }) => call('GET /api/v1/assets', { query: assetQuery(f, pageParam), signal }),
    initialPageParam: '',
    getNextPageParam: (last) => last.pagination.nextCursor || undefined,
    placeholderData: keepPreviousData,
  });

export const assetOptions = (id: string) =>
  queryOptions({
    queryKey: assetsKeys.one(id),
    queryFn: ({ signal }): Promise<Asset> => callData('GET /api/v1/assets/{id}', { params: { id }, signal }),
  });

export const assetTypesOptions = () =>
  queryOptions({ queryKey: assetsKeys.types, queryFn: ({ signal }): Promise<AssetType[]> => callData('GET /api/v1/asset-types', { signal }) });

export const relationshipTypesOptions = () =>
  queryOptions({
    queryKey: ['relationship-types'],
    queryFn: ({ signal }): Promise<RelationshipType[]> => callData('GET /api/v1/relationship-types', { signal }),
    staleTime: Infinity,
  });

export const relationshipsOptions = (id: string) =>
  queryOptions({
    queryKey: [...assetsKeys.one(id), 'relationships'],
    queryFn: ({ signal }): Promise<AssetRelationship[]> => callData('GET /api/v1/assets/{id}/relationships', { params: { id }, signal }),
  });

export const historyOptions = (id: string) =>
  queryOptions({
    queryKey: [...assetsKeys.one(id), 'history'],
    queryFn: ({ signal }): Promise<AssetChange[]> => callData('GET /api/v1/assets/{id}/history', { params: { id }, signal }),
  });

export const assetIncidentsOptions = (id: string) =>
  queryOptions({
    queryKey: [...assetsKeys.one(id), 'incidents'],
    queryFn: ({ signal }): Promise<DomainIncident[]> => callData('GET /api/v1/assets/{id}/incidents', { params: { id }, signal }),
  });

export interface GraphQuery {
  depth: number;
  direction: 'up' | 'down' | 'both';
  types: string[];
}

export function fetchGraph(id: string, g: GraphQuery, signal?: AbortSignal): Promise<AssetGraph> {
  const query = new URLSearchParams({ depth: String(g.depth), direction: g.direction });
  if (g.types.length) query.set('types', g.types.join(','));
  return callData('GET /api/v1/assets/{id}/graph', { params: { id }, query, signal });
}

export const createAsset = (a: AssetFields): Promise<Asset> => callData('POST /api/v1/assets', { body: a });

export const updateAsset = (id: string, patch: UpdateAssetRequest): Promise<Asset> =>
  callData('PATCH /api/v1/assets/{id}', { params: { id }, body: patch });

export async function relate(body: { type: string; sourceId: string; targetId: string }): Promise<void> {
  await call('POST /api/v1/relationships', { body: { ...body, attributes: {} } });
}

export async function endRelationship(id: string): Promise<void> {
  await call('DELETE /api/v1/relationships/{id}', { params: { id } });
}

/** POST /assets/import — a preview (dryRun) or a started import. */
export function importFile(file: string, opts: { format: string; atomic: boolean; dryRun: boolean }): Promise<ImportAnswer> {
  const query = new URLSearchParams({ format: opts.format, atomic: String(opts.atomic), dryRun: String(opts.dryRun) });
  return callData('POST /api/v1/assets/import', { query, body: file });
}

/** GET /asset-imports/:id, polled every second while it runs. */
export const importOptions = (id: string) =>
  queryOptions({
    queryKey: ['asset-imports', id],
    queryFn: ({ signal }): Promise<AssetImport> => callData('GET /api/v1/asset-imports/{id}', { params: { id }, signal }),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });

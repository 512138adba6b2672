import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Network, ShieldAlert } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Asset, AssetType } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Badge } from '../../components/ui/Badge';
import { Button, buttonClasses } from '../../components/ui/Button';
import { SectionCard } from '../../components/ui/Card';
import { BackLink, detailQueryFallback } from '../../components/ui/DetailQuery';
import { FactList } from '../../components/ui/FactList';
import { PageHeader } from '../../components/ui/PageHeader';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { ValueView } from '../../components/ui/ValueView';
import { assetIncidentsOptions, assetOptions, assetTypesOptions, assetsKeys, endRelationship } from './api';
import { AddRelationship } from './AddRelationship';
import { History } from './History';
import { relationshipsOptions } from './api';

/** /assets/:id — an asset: its facts, attributes (titled by its type's schema), relationships, incidents and history. */
export function AssetPage() {
  const { id = '' } = useParams();
  const query = useQuery(assetOptions(id));
  const types = useQuery(assetTypesOptions());
  const fallback = detailQueryFallback(query, { noun: 'asset', id, back: <BackLink to="/assets">All assets</BackLink> });
  if (fallback || !query.data) return fallback;
  const asset = query.data;
  const type = types.data?.find((t) => t.name === asset.type);
  return (
    <>
      <PageHeader
        eyebrow={<BackLink to="/assets">All assets</BackLink>}
        title={asset.name}
        description={`${type?.title ?? asset.type}${asset.environment ? ` in ${asset.environment}` : ''}`}
        actions={
          <>
            <Link to={`/assets/${id}/graph`} className={buttonClasses('secondary')}>
              <Network aria-hidden />
              Graph
            </Link>
            <Link to={`/assets/${id}/impact`} className={buttonClasses('secondary')}>
              <ShieldAlert aria-hidden />
              What if it fails?
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Attributes asset={asset} type={type} />
          <Relationships id={id} />
          <History id={id} />
        </div>
        <div className="space-y-6">
          <SectionCard title="Facts">
            <FactList
              facts={[
                ['Lifecycle', <Badge key="l">{asset.lifecycle}</Badge>],
                ['Owner team', asset.ownerTeam || '—'],
                ['External key', asset.externalKey || '—'],
                ['Tags', asset.tags.join(', ') || '—'],
                ['Updated', <RelativeTime key="u" at={asset.updatedAt} />],
              ]}
            />
          </SectionCard>
          <Incidents id={id} />
        </div>
      </div>
    </>
  );
}

/** The attributes, in the schema's order and with its titles; others after. */
function Attributes({ asset, type }: { asset: Asset; type?: AssetType }) {
  const attrs = asset.attributes ?? {};
  const props = ((type?.schema as { properties?: Record<string, { title?: string }> } | undefined)?.properties ?? {}) as Record<string, { title?: string }>;
  const keys = [...Object.keys(props).filter((k) => k in attrs), ...Object.keys(attrs).filter((k) => !(k in props))];
  return (
    <SectionCard title="Attributes">
      {keys.length === 0 ? (
        <p className="text-sm text-fg-muted">No attributes yet.</p>
      ) : (
        <dl className="grid gap-3 sm:grid-cols-2">
          {keys.map((k) => (
            <div key={k}>
              <dt className="text-xs text-fg-muted">{props[k]?.title ?? k}</dt>
              <dd className="text-sm break-words">
                <ValueView value={attrs[k]} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </SectionCard>
  );
}

function Relationships({ id }: { id: string }) {
  const canWrite = useCan('assets:write');
  const query = useQuery(relationshipsOptions(id));
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: endRelationship,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetsKeys.one(id) }),
  });
  const [adding, setAdding] = useState(false);
  return (
    <SectionCard
      title="Relationships"
      aside={canWrite && <Button size="sm" onClick={() => setAdding(true)}>Add relationship</Button>}
    >
      {(query.data ?? []).length === 0 ? (
        <p className="text-sm text-fg-muted">No relationships.</p>
      ) : (
        <ul className="divide-y divide-line text-sm">
          {(query.data ?? []).map((r) => (
            <li key={r.id} className="flex items-center gap-2 py-1.5">
              <span className="font-mono text-xs text-fg-muted">{r.verb}</span>
              <Link to={`/assets/${r.other.id}`} className="text-link hover:underline">
                {r.other.name}
              </Link>
              <span className="text-fg-muted">{r.other.type}</span>
              {r.attributes.redundancyGroup && <Badge tone="info">group {r.attributes.redundancyGroup}</Badge>}
              {canWrite && (
                <Button size="sm" variant="ghost" className="ml-auto" onClick={() => end.mutate(r.id)} aria-label={`End ${r.verb} ${r.other.name}`}>
                  End
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {adding && <AddRelationship id={id} onClose={() => setAdding(false)} />}
    </SectionCard>
  );
}

function Incidents({ id }: { id: string }) {
  const query = useQuery(assetIncidentsOptions(id));
  return (
    <SectionCard title="Incidents">
      {(query.data ?? []).length === 0 ? (
        <p className="text-sm text-fg-muted">No incident names this asset.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {(query.data ?? []).map((i) => (
            <li key={i.id}>
              <Link to={`/incidents/${i.id}`} className="text-link hover:underline">
                {i.title}
              </Link>{' '}
              <span className="text-fg-muted">{i.status}</span>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Boxes, Plus, Upload } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../auth/hooks';
import { Badge } from '../../components/ui/Badge';
import { Button, buttonClasses } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { FilterBar, FilterSelect } from '../../components/ui/FilterBar';
import { inputClasses } from '../../components/ui/input';
import { PageHeader } from '../../components/ui/PageHeader';
import { listQueryFallback } from '../../components/ui/listQueryFallback';
import { assetPagesOptions, assetTypesOptions, emptyAssetFilter, type AssetFilter } from './api';
import { NewAssetDialog } from './NewAssetDialog';
import { loadViews, saveView, type SavedView } from './savedViews';

const ROW_HEIGHT = 44;
const LIFECYCLES = ['planned', 'active', 'maintenance', 'retired'];

function filterFrom(params: URLSearchParams): AssetFilter {
  const f = { ...emptyAssetFilter };
  for (const key of Object.keys(f) as (keyof AssetFilter)[]) f[key] = params.get(key) ?? '';
  return f;
}

/** /assets — the inventory: filter, search, scroll through every asset (rows are virtualised and pages load as you scroll), save views. */
export function AssetsPage() {
  const canWrite = useCan('assets:write');
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const types = useQuery(assetTypesOptions());
  const query = useInfiniteQuery(assetPagesOptions(filter));
  const [views, setViews] = useState<SavedView[]>(loadViews);
  const [creating, setCreating] = useState(false);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];

  const change = (changes: Partial<AssetFilter>) => {
    const next = { ...filter, ...changes };
    setParams(new URLSearchParams(Object.entries(next).filter(([, v]) => v !== '')), { replace: true });
  };
  const attrInput = (key: 'environment' | 'ownerTeam' | 'tag' | 'attr', label: string, placeholder: string) => (
    <label className="space-y-1 text-xs font-medium text-fg-muted">
      {label}
      <input
        defaultValue={filter[key]}
        placeholder={placeholder}
        onBlur={(e) => e.target.value !== filter[key] && change({ [key]: e.target.value.trim() })}
        onKeyDown={(e) => e.key === 'Enter' && change({ [key]: e.currentTarget.value.trim() })}
        className={`${inputClasses} h-10`}
      />
    </label>
  );

  return (
    <>
      <PageHeader
        title="Assets"
        description="Everything the platform knows about: servers, VMs, databases, services and how they depend on each other."
        actions={
          <>
            <Link to="/assets/import" className={buttonClasses('secondary')}>
              <Upload aria-hidden />
              Import
            </Link>
            {canWrite && (
              <Button variant="primary" onClick={() => setCreating(true)}>
                <Plus aria-hidden />
                New asset
              </Button>
            )}
          </>
        }
      />
      <FilterBar
        breakpoint="lg"
        search={{ label: 'Search assets', placeholder: 'Name or attribute value', value: filter.q, onSearch: (q) => change({ q }) }}
        onClear={() => setParams(new URLSearchParams())}
        footer={
          <div className="flex flex-wrap items-end gap-2 text-sm">
            <FilterSelect
              label="Saved views"
              value=""
              options={[['', views.length ? 'Open a saved view…' : 'No saved views'], ...views.map((v) => [v.name, v.name] as [string, string])]}
              onChange={(name) => {
                const v = views.find((view) => view.name === name);
                if (v) change(v.filter);
              }}
            />
            <Button
              className="h-10"
              onClick={() => {
                const name = window.prompt('Name this view');
                if (name?.trim()) setViews(saveView(name.trim(), filter));
              }}
            >
              Save view
            </Button>
          </div>
        }
      >
        <FilterSelect
          label="Type"
          value={filter.type}
          options={[['', 'All types'], ...(types.data ?? []).map((t) => [t.name, t.title] as [string, string])]}
          onChange={(type) => change({ type })}
        />
        <FilterSelect
          label="Lifecycle"
          value={filter.lifecycle}
          options={[['', 'Any lifecycle'], ...LIFECYCLES.map((l) => [l, l] as [string, string])]}
          onChange={(lifecycle) => change({ lifecycle })}
        />
        {attrInput('environment', 'Environment', 'production')}
        {attrInput('tag', 'Tag', 'zone-1')}
        {attrInput('ownerTeam', 'Owner team', 'payments')}
        {attrInput('attr', 'Attribute', 'os=Debian 12')}
      </FilterBar>
      {listQueryFallback(
        query,
        {
          loading: 'Loading assets…',
          error: 'Could not load assets',
          empty: rows.length === 0 && (
            <EmptyState icon={<Boxes />} title="No asset matches">
              Add assets one by one, or import a CSV, NDJSON or Backstage file.
            </EmptyState>
          ),
        },
      ) ?? <AssetRows rows={rows} more={query.hasNextPage} loadMore={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} />}
      {creating && <NewAssetDialog types={types.data ?? []} onClose={() => setCreating(false)} />}
    </>
  );
}

interface AssetRowsProps {
  rows: { id: string; name: string; type: string; environment: string; lifecycle: string; ownerTeam: string; tags: string[] }[];
  more: boolean;
  loading: boolean;
  loadMore: () => void;
}

/** Only the rows in view are in the page; the next page loads when the last rows come into view. */
function AssetRows({ rows, more, loading, loadMore }: AssetRowsProps) {
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtual.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (more && !loading && last >= rows.length - 10) loadMore();
  }, [last, more, loading, rows.length]);
  return (
    <Card className="overflow-hidden">
      <div role="table" aria-label="Assets" aria-rowcount={rows.length} className="text-sm">
        <div role="row" className="grid grid-cols-[2fr_1fr_1fr_1fr_2fr] gap-2 border-b border-line bg-surface-muted px-4 py-2 font-medium">
          <span role="columnheader">Name</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Environment</span>
          <span role="columnheader">Lifecycle</span>
          <span role="columnheader">Owner and tags</span>
        </div>
        <div ref={parent} className="max-h-[70vh] overflow-auto" data-testid="asset-rows">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const a = rows[item.index];
              if (!a) return null;
              return (
                <div
                  key={a.id}
                  role="row"
                  aria-rowindex={item.index + 1}
                  className="absolute inset-x-0 grid grid-cols-[2fr_1fr_1fr_1fr_2fr] items-center gap-2 border-b border-line px-4"
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <span role="cell" className="truncate">
                    <Link to={`/assets/${a.id}`} className="text-link hover:underline">
                      {a.name}
                    </Link>
                  </span>
                  <span role="cell">{a.type}</span>
                  <span role="cell">{a.environment || '—'}</span>
                  <span role="cell">
                    <Badge tone={a.lifecycle === 'active' ? 'success' : 'neutral'}>{a.lifecycle}</Badge>
                  </span>
                  <span role="cell" className="truncate text-fg-muted">
                    {[a.ownerTeam, ...a.tags].filter(Boolean).join(' · ')}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        <p className="px-4 py-2 text-xs text-fg-muted" aria-live="polite">
          {rows.length} asset{rows.length === 1 ? '' : 's'}
          {more ? ' shown; more load as you scroll' : ''}
        </p>
      </div>
    </Card>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Background, Controls, MiniMap, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { AssetGraph, AssetNode } from '../../api/types';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { BackLink } from '../../components/ui/DetailQuery';
import { FilterSelect } from '../../components/ui/FilterBar';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock } from '../../components/ui/Spinner';
import { impactOptions } from '../../entities/asset/api';
import { cn } from '../../lib/cn';
import { fetchGraph, relationshipTypesOptions, type GraphQuery } from './api';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './layout';

type AssetNodeData = { name: string; type: string; status: string; root: boolean };

/** A node: name and type, red when down, amber when degraded (blast radius on). */
const AssetBox = memo(function AssetBox({ data }: NodeProps<Node<AssetNodeData>>) {
  return (
    <div
      data-status={data.status || 'up'}
      className={cn(
        'rounded border bg-surface px-2 py-1 text-xs shadow-sm',
        data.root && 'border-2 border-link',
        data.status === 'down' && 'border-danger bg-danger/10',
        data.status === 'degraded' && 'border-warning bg-warning/10',
      )}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
    >
      <div className="truncate font-medium">{data.name}</div>
      <div className="truncate text-fg-muted">{data.type}</div>
    </div>
  );
});

const nodeTypes = { asset: AssetBox };

function merge(a: AssetGraph | undefined, b: AssetGraph): AssetGraph {
  if (!a) return b;
  const nodes = new Map(a.nodes.map((n) => [n.id, n]));
  for (const n of b.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const edges = new Map(a.edges.map((e) => [e.id, e]));
  for (const e of b.edges) edges.set(e.id, e);
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: a.truncated || b.truncated };
}

/** /assets/:id/graph — the relationship graph around an asset: depth, direction and type filters, expand a node by double-clicking, the blast radius in colour. */
export function GraphPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [q, setQ] = useState<GraphQuery>({ depth: 2, direction: 'both', types: [] });
  const [graph, setGraph] = useState<AssetGraph>();
  const [placed, setPlaced] = useState<Map<string, { x: number; y: number }>>(new Map());
  const [blast, setBlast] = useState(false);
  const relTypes = useQuery(relationshipTypesOptions());
  const impact = useQuery({ ...impactOptions(id), enabled: blast });

  useEffect(() => {
    const controller = new AbortController();
    fetchGraph(id, q, controller.signal).then(setGraph, () => undefined);
    return () => controller.abort();
  }, [id, q]);
  useEffect(() => {
    if (!graph) return;
    let live = true;
    void layoutGraph(graph).then((list) => live && setPlaced(new Map(list.map((p) => [p.id, p]))));
    return () => {
      live = false;
    };
  }, [graph]);

  const status = useMemo(() => new Map((blast ? (impact.data?.assets ?? []) : []).map((a) => [a.id, a.status])), [blast, impact.data]);
  const nodes: Node<AssetNodeData>[] = useMemo(
    () =>
      (graph?.nodes ?? []).map((n: AssetNode) => ({
        id: n.id,
        type: 'asset',
        position: placed.get(n.id) ?? { x: 0, y: 0 },
        data: { name: n.name, type: n.type, status: status.get(n.id) ?? '', root: n.id === id },
      })),
    [graph, placed, status, id],
  );
  const edges: Edge[] = useMemo(
    () => (graph?.edges ?? []).map((e) => ({ id: e.id, source: e.sourceId, target: e.targetId, label: e.type.replace('_', ' '), animated: status.has(e.targetId) && status.has(e.sourceId) })),
    [graph, status],
  );
  const expand = (nodeId: string) =>
    void queryClient.fetchQuery({ queryKey: ['graph', nodeId, q.types], queryFn: ({ signal }) => fetchGraph(nodeId, { ...q, depth: 1 }, signal) }).then((g) => setGraph((cur) => merge(cur, g)));

  return (
    <>
      <PageHeader eyebrow={<BackLink to={`/assets/${id}`}>Back to the asset</BackLink>} title="Relationship graph" documentTitle="Asset graph" />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <FilterSelect label="Depth" value={String(q.depth)} options={[1, 2, 3, 4, 5, 6].map((d) => [String(d), String(d)] as [string, string])} onChange={(d) => setQ({ ...q, depth: Number(d) })} />
        <FilterSelect
          label="Direction"
          value={q.direction}
          options={[['both', 'Both ways'], ['down', 'What it needs'], ['up', 'What needs it']]}
          onChange={(d) => setQ({ ...q, direction: d as GraphQuery['direction'] })}
        />
        <FilterSelect
          label="Relationship"
          value={q.types[0] ?? ''}
          options={[['', 'All relationships'], ...(relTypes.data ?? []).map((t) => [t.name, t.name.replace('_', ' ')] as [string, string])]}
          onChange={(t) => setQ({ ...q, types: t ? [t] : [] })}
        />
        <Button className="h-10" variant={blast ? 'primary' : 'secondary'} aria-pressed={blast} onClick={() => setBlast(!blast)}>
          Blast radius
        </Button>
        {blast && impact.data && (
          <p className="text-sm" aria-live="polite">
            <span className="text-danger">■</span> {impact.data.down} down <span className="text-warning">■</span> {impact.data.degraded} degraded
          </p>
        )}
        <p className="text-sm text-fg-muted">
          {graph ? `${graph.nodes.length} assets, ${graph.edges.length} relationships${graph.truncated ? ' (capped)' : ''}` : ''} · double-click a node to expand it
        </p>
      </div>
      <Card className="h-[70vh] overflow-hidden">
        {graph ? (
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodeDoubleClick={(_, node) => expand(node.id)}
            onNodeClick={(e, node) => e.metaKey && void navigate(`/assets/${node.id}`)}
            onlyRenderVisibleElements
            nodesConnectable={false}
            fitView
            minZoom={0.05}
          >
            <Background />
            <Controls />
            <MiniMap pannable zoomable />
          </ReactFlow>
        ) : (
          <LoadingBlock label="Loading the graph…" />
        )}
      </Card>
    </>
  );
}

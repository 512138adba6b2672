import type { ELK as Elk } from 'elkjs/lib/elk-api';
import type { AssetGraph } from '../../api/types';

export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 44;

export interface Placed {
  id: string;
  x: number;
  y: number;
}

let elk: Promise<Elk> | undefined;

/** ELK in a Web Worker where the browser has them (the page stays responsive while it lays out), on the main thread otherwise (tests). */
function layoutEngine(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk-api').then(({ default: ELK }) => {
    if (typeof Worker !== 'undefined') {
      return new ELK({ workerFactory: () => new Worker(new URL('elkjs/lib/elk-worker.min.js', import.meta.url)) });
    }
    return import('elkjs/lib/elk.bundled.js').then(({ default: Bundled }) => new Bundled() as Elk);
  });
  return elk;
}

/** Positions a graph's nodes with ELK's layered layout, edges pointing down (source above target). */
export async function layoutGraph(graph: Pick<AssetGraph, 'nodes' | 'edges'>): Promise<Placed[]> {
  const engine = await layoutEngine();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '24',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.filter((e) => ids.has(e.sourceId) && ids.has(e.targetId)).map((e) => ({ id: e.id, sources: [e.sourceId], targets: [e.targetId] })),
  });
  return (result.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0 }));
}

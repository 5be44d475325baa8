import graphlib from '@dagrejs/graphlib';
import type { Graph } from '../ir/graph.js';

/**
 * Graph algorithms over the node-level dataflow (producer → consumer edges), delegated to
 * @dagrejs/graphlib. Node ids are stringified node indices in graphlib and numbers here.
 */
function dataflow(graph: Graph, keep: (nodeId: number) => boolean = () => true): graphlib.Graph {
  const g = new graphlib.Graph({ directed: true });
  const producer = new Map<number, number>();
  for (const n of graph.nodes) {
    if (!keep(n.id)) continue;
    g.setNode(String(n.id));
    for (const t of n.outputs) producer.set(t, n.id);
  }
  for (const n of graph.nodes) {
    if (!keep(n.id)) continue;
    for (const t of n.inputs) {
      const p = producer.get(t);
      if (p !== undefined) g.setEdge(String(p), String(n.id));
    }
  }
  return g;
}

/** Node ids in a topological order, or undefined when the dataflow has a cycle. */
export function topologicalOrder(graph: Graph): number[] | undefined {
  const g = dataflow(graph);
  if (!graphlib.alg.isAcyclic(g)) return undefined;
  return graphlib.alg.topsort(g).map(Number);
}

/** Each cycle as a list of node ids (empty when acyclic). */
export function findCycles(graph: Graph): number[][] {
  return graphlib.alg.findCycles(dataflow(graph)).map((c) => c.map(Number).sort((a, b) => a - b));
}

/**
 * Maximal weakly connected groups of the nodes that satisfy `keep`, each sorted by id and the
 * groups ordered by their first node: the candidate regions an offloader may claim.
 */
export function connectedRegions(graph: Graph, keep: (nodeId: number) => boolean): number[][] {
  const regions = graphlib.alg.components(dataflow(graph, keep)).map((c) => c.map(Number).sort((a, b) => a - b));
  return regions.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** For each node, the nodes whose outputs it reads (its producers), sorted by id. */
export function nodePredecessors(graph: Graph): Map<number, number[]> {
  const g = dataflow(graph);
  return new Map(graph.nodes.map((n) => [n.id, (g.predecessors(String(n.id)) ?? []).map(Number).sort((a, b) => a - b)]));
}

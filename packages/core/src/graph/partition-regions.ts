import type { OffloadDecision, OffloadPartition, OffloadRegionInfo } from '../extension/offloader.js';
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { opDefOf } from '../ops/op-defs.js';
import { connectedRegions } from './dataflow.js';

/** What an offloader says of one node: undefined when it can run it, else why not. */
export type NodeVerdict = (node: Node, graph: Graph) => string | undefined;

function consumers(graph: Graph): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const n of graph.nodes) for (const t of n.inputs) if (t >= 0) m.set(t, [...(m.get(t) ?? []), n.id]);
  return m;
}

/**
 * A view only joins behind the node that produces its input, when nothing else reads that
 * input: then the region keeps both names on one buffer and never needs a copy.
 */
function viewVerdicts(graph: Graph, verdict: (string | undefined)[]): void {
  const readers = consumers(graph);
  const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((t) => [t, n.id] as const)));
  for (const n of graph.nodes) {
    if (!opDefOf(n).isView || verdict[n.id] !== undefined) continue;
    const src = n.inputs[0] ?? -1;
    const p = producer.get(src);
    const alone = (readers.get(src) ?? []).length === 1 && !graph.outputs.includes(src);
    if (p === undefined || verdict[p] !== undefined || !alone)
      verdict[n.id] = 'a view joins a region only right behind the node it reshapes';
  }
}

/** Node-level dataflow: the producers and the consumers of each node. */
function neighbours(graph: Graph): { preds: number[][]; succs: number[][] } {
  const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((t) => [t, n.id] as const)));
  const preds = graph.nodes.map(() => [] as number[]);
  const succs = graph.nodes.map(() => [] as number[]);
  for (const n of graph.nodes) {
    for (const t of n.inputs) {
      const p = producer.get(t);
      if (p === undefined || preds[n.id]?.includes(p)) continue;
      preds[n.id]?.push(p);
      succs[p]?.push(n.id);
    }
  }
  return { preds, succs };
}

/** Nodes outside `set` reachable from it along `next` edges. */
function reachOutside(set: ReadonlySet<number>, next: readonly number[][]): Set<number> {
  const seen = new Set<number>();
  const stack = [...set];
  while (stack.length > 0) {
    for (const m of next[stack.pop() as number] ?? []) {
      if (set.has(m) || seen.has(m)) continue;
      seen.add(m);
      stack.push(m);
    }
  }
  return seen;
}

/** Convex: no path leaves the set and comes back, so one node can stand for all of it. */
function isConvex(set: ReadonlySet<number>, edges: { preds: number[][]; succs: number[][] }): boolean {
  const below = reachOutside(set, edges.succs);
  for (const a of reachOutside(set, edges.preds)) if (below.has(a)) return false;
  return true;
}

/**
 * Maximal connected groups of supported nodes (connectedRegions), each cut into convex pieces:
 * in execution order, a node joins the pieces of its producers, merged, when the result stays
 * convex; else the first of them it can join alone; else it starts a piece.
 */
function candidateRegions(graph: Graph, supported: (id: number) => boolean): number[][] {
  const edges = neighbours(graph);
  return connectedRegions(graph, supported).flatMap((component) => {
    const pieces: Set<number>[] = [];
    const pieceOf = new Map<number, number>();
    for (const v of component) {
      const near = [...new Set((edges.preds[v] ?? []).map((p) => pieceOf.get(p)).filter((k): k is number => k !== undefined))];
      const merged = new Set([v, ...near.flatMap((k) => [...(pieces[k] as Set<number>)])]);
      const target =
        near.length > 0 && isConvex(merged, edges)
          ? near
          : near.filter((k) => isConvex(new Set([...(pieces[k] as Set<number>), v]), edges)).slice(0, 1);
      if (target.length === 0) {
        pieceOf.set(v, pieces.push(new Set([v])) - 1);
        continue;
      }
      const [keep, ...absorbed] = target as [number, ...number[]];
      const into = pieces[keep] as Set<number>;
      into.add(v);
      pieceOf.set(v, keep);
      for (const k of absorbed) {
        for (const m of pieces[k] as Set<number>) {
          into.add(m);
          pieceOf.set(m, keep);
        }
        pieces[k] = new Set();
      }
    }
    return pieces.filter((p) => p.size > 0).map((p) => [...p].sort((a, b) => a - b));
  });
}

/**
 * The outer nodes in an order that respects the dataflow, as close to the stored one as it
 * allows: among the ready nodes, the one whose first original node comes first.
 */
function stableOrder(items: ReadonlyArray<{ key: number; reads: readonly number[]; writes: readonly number[] }>): number[] {
  const producer = new Map(items.flatMap((it, i) => it.writes.map((t) => [t, i] as const)));
  const waiting = items.map((it) => new Set(it.reads.map((t) => producer.get(t)).filter((p): p is number => p !== undefined)));
  const done = new Set<number>();
  const order: number[] = [];
  while (order.length < items.length) {
    let best = -1;
    items.forEach((it, i) => {
      if (done.has(i) || [...(waiting[i] as Set<number>)].some((p) => !done.has(p))) return;
      if (best === -1 || it.key < (items[best] as { key: number }).key) best = i;
    });
    if (best === -1) throw new Error('partition made a cycle (a region is not convex)');
    done.add(best);
    order.push(best);
  }
  return order;
}

function regionBoundary(graph: Graph, members: ReadonlySet<number>): { inputs: number[]; outputs: number[] } {
  const produced = new Set(graph.nodes.filter((n) => members.has(n.id)).flatMap((n) => n.outputs));
  const inputs: number[] = [];
  for (const n of graph.nodes) {
    if (!members.has(n.id)) continue;
    for (const t of n.inputs) {
      if (t < 0 || produced.has(t) || inputs.includes(t) || graph.tensors[t]?.data !== undefined) continue;
      inputs.push(t);
    }
  }
  const usedOutside = new Set([...graph.outputs, ...graph.nodes.filter((n) => !members.has(n.id)).flatMap((n) => n.inputs)]);
  const outputs = [...produced].filter((t) => usedOutside.has(t)).sort((a, b) => a - b);
  return { inputs, outputs };
}

/**
 * The partition every offloader needs: each node judged by `verdict`, views attached behind
 * their producer, maximal convex connected regions of accepted nodes (each with at least one
 * node that computes), and each region replaced by one OFFLOAD_REGION node whose body holds
 * its nodes, the outer order kept as close to the stored one as the dataflow allows. Outer nodes are renumbered in order; body nodes and `decisions` keep the input
 * graph's ids.
 */
export function partitionRegions(graph: Graph, offloader: string, config: string, judge: NodeVerdict): OffloadPartition {
  const verdict = graph.nodes.map((n) => judge(n, graph));
  viewVerdicts(graph, verdict);
  const regions = candidateRegions(graph, (id) => verdict[id] === undefined).filter((r) => {
    const computes = r.some((id) => !opDefOf(graph.nodes[id] as Node).isView);
    if (!computes) for (const id of r) verdict[id] = 'a region of views alone computes nothing';
    return computes;
  });
  regions.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  const regionOf = new Map(regions.flatMap((r, k) => r.map((id) => [id, k] as const)));
  type Item = { key: number; reads: readonly number[]; writes: readonly number[]; make: (id: number) => Node };
  const items: Item[] = graph.nodes
    .filter((n) => !regionOf.has(n.id))
    .map((n) => ({ key: n.id, reads: n.inputs, writes: n.outputs, make: (id: number): Node => ({ ...n, id }) }));
  regions.forEach((members, k) => {
    const { inputs, outputs } = regionBoundary(graph, new Set(members));
    // Body nodes keep the ids they had in the input graph, so reports can name them.
    const body: Graph = {
      name: `${graph.name}/region${k}`,
      tensors: graph.tensors,
      nodes: members.map((id) => graph.nodes[id] as Node),
      inputs,
      outputs,
      ...(graph.requantRounding === undefined ? {} : { requantRounding: graph.requantRounding }),
    };
    const attrs = { offloader, config, body };
    items.push({
      key: members[0] ?? 0,
      reads: inputs,
      writes: outputs,
      make: (id) => ({ id, op: 'OFFLOAD_REGION', name: `${offloader} region ${k}`, inputs, outputs, attrs }),
    });
  });
  const order = stableOrder(items);
  const nodes = order.map((i, id) => (items[i] as Item).make(id));
  const infos: OffloadRegionInfo[] = regions.map((members) => ({
    nodes: members,
    regionNode: nodes.findIndex((n) => n.op === 'OFFLOAD_REGION' && n.attrs.body.nodes[0]?.id === members[0]),
  }));
  const decisions: OffloadDecision[] = graph.nodes.map((n) => {
    const k = regionOf.get(n.id);
    return k === undefined ? { nodeId: n.id, reason: verdict[n.id] ?? 'not claimed' } : { nodeId: n.id, region: k };
  });
  return { graph: { ...graph, nodes }, decisions, regions: infos };
}

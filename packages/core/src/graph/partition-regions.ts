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

/** Runs of consecutive supported nodes (in execution order), split into connected groups. */
function candidateRegions(graph: Graph, supported: (id: number) => boolean): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  for (const n of graph.nodes) {
    if (supported(n.id)) run.push(n.id);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  // A run is convex (every path between two of its nodes stays inside it), and so is each of
  // its connected components: a region node can take the place of its last member.
  return runs.flatMap((r) => {
    const inRun = new Set(r);
    return connectedRegions(graph, (id) => inRun.has(id));
  });
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
 * its nodes. Outer nodes are renumbered in order; body nodes and `decisions` keep the input
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
  const regionOf = new Map(regions.flatMap((r, k) => r.map((id) => [id, k] as const)));
  const nodes: Node[] = [];
  const infos: OffloadRegionInfo[] = [];
  for (const n of graph.nodes) {
    const k = regionOf.get(n.id);
    if (k === undefined) {
      nodes.push({ ...n, id: nodes.length });
      continue;
    }
    const members = regions[k] as number[];
    if (members[members.length - 1] !== n.id) continue;
    const set = new Set(members);
    const { inputs, outputs } = regionBoundary(graph, set);
    // Body nodes keep the ids they had in the input graph, so reports can name them.
    const bodyNodes = members.map((id) => graph.nodes[id] as Node);
    const body: Graph = { name: `${graph.name}/region${k}`, tensors: graph.tensors, nodes: bodyNodes, inputs, outputs };
    infos[k] = { nodes: members, regionNode: nodes.length };
    nodes.push({
      id: nodes.length,
      op: 'OFFLOAD_REGION',
      name: `${offloader} region ${k}`,
      inputs,
      outputs,
      attrs: { offloader, config, body },
    });
  }
  const decisions: OffloadDecision[] = graph.nodes.map((n) => {
    const k = regionOf.get(n.id);
    return k === undefined ? { nodeId: n.id, reason: verdict[n.id] ?? 'not claimed' } : { nodeId: n.id, region: k };
  });
  return { graph: { ...graph, nodes }, decisions, regions: infos };
}

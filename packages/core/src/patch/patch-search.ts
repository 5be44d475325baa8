import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { lowerBound } from '../memory/lower-bound.js';
import { planWith } from '../memory/run-planners.js';
import { OP_DEFS } from '../ops/op-defs.js';
import type { OpDef } from '../ops/op-def.js';
import type { CompileOptions, CompileServices, PatchSpec } from '../pipeline/compile-options.js';
import { DEFAULT_PLANNER, prepare } from '../pipeline/compile.js';
import { stageProblem } from './patch-stage.js';

/** Band counts tried for each stage: few bands recompute little, many keep the bands small. */
export const SEARCH_BANDS: readonly number[] = [2, 3, 4, 6, 8, 12, 16, 24];
/** Longest stage tried, in nodes: the halo grows with every layer, so long stages recompute much. */
export const SEARCH_MAX_NODES = 10;
/** First stages the search tries a second stage after (see `firstStages`). */
const PAIR_FIRSTS = 60;
/** Searching planners (ilp) get this long per candidate on the front: the heuristics usually meet the bound. */
const FRONT_TIME_LIMIT_MS = 200;

/** One way to run the model: its stages, the arena it needs and the MACs it adds. */
export interface PatchCandidate {
  readonly patches: readonly PatchSpec[];
  /** The tensor-level lower bound of the transformed program (the arena no planner can beat). */
  readonly bound: number;
  /** The arena the planner reached (on the front only). */
  readonly arena?: number;
  readonly planner?: string;
  /** MACs the bands recompute (halo rows), and that as a fraction of the model's MACs. */
  readonly extraMacs: number;
  readonly extraFraction: number;
  /** Index in the original graph of the node running when the bound is reached (where a further stage would help). */
  readonly peakNode?: number;
}

export interface PatchSearch {
  /** The model's MACs run whole (the cost model: one MAC per multiply-accumulate, nothing else counted). */
  readonly macs: number;
  /** No stage: today's plan. */
  readonly baseline: PatchCandidate;
  /** Pareto front (arena against extra MACs), smallest arena first; the baseline included. */
  readonly front: readonly PatchCandidate[];
  /** Within the budget with the fewest extra MACs (then the smallest arena), when any fits. */
  readonly chosen?: PatchCandidate;
  /** The smallest arena found at any compute cost. */
  readonly smallest: PatchCandidate;
  readonly evaluated: number;
}

function graphMacs(graph: Graph): number {
  return graph.nodes.reduce((s, n) => s + (OP_DEFS[n.op] as OpDef<typeof n.op>).macs(n as never, graph), 0);
}

/** Keeps the points no other beats on both `size` and extra MACs; ties keep the first. */
function paretoFront(cs: readonly PatchCandidate[], size: (c: PatchCandidate) => number): PatchCandidate[] {
  const sorted = [...cs].sort((a, b) => size(a) - size(b) || a.extraMacs - b.extraMacs);
  const front: PatchCandidate[] = [];
  for (const c of sorted) {
    const last = front[front.length - 1];
    if (last === undefined || c.extraMacs < last.extraMacs) front.push(c);
  }
  return front;
}

/** Every stage the search tries: ranges of 2..SEARCH_MAX_NODES bandable nodes, each band count that fits. */
function singleStages(graph: Graph): PatchSpec[] {
  const specs: PatchSpec[] = [];
  for (let first = 0; first < graph.nodes.length - 1; first++) {
    for (let last = first + 1; last < Math.min(graph.nodes.length, first + SEARCH_MAX_NODES); last++) {
      if (stageProblem(graph, { first, last }) !== undefined) continue;
      const rows = graph.tensors[(graph.nodes[last] as Node).outputs[0] ?? -1]?.shape[1] ?? 0;
      for (const bands of SEARCH_BANDS) if (bands <= rows) specs.push({ first, last, bands });
    }
  }
  return specs;
}

/**
 * The budget-driven search: every single stage (ranges × band counts), then every pair of
 * disjoint stages from the single-stage front, each judged by its transformed program's
 * lower bound and its recomputed MACs; the front is then planned for real (the options'
 * planner, default auto) and the cheapest plan within `budget` chosen. Without a budget the
 * choice is the baseline. Pure apart from the planners' time limits.
 */
export function searchPatches(graph: Graph, o: CompileOptions, services: CompileServices, budget: number | undefined): PatchSearch {
  const macs = graphMacs(graph);
  let evaluated = 0;
  const judge = (patches: readonly PatchSpec[]): PatchCandidate | undefined => {
    evaluated++;
    try {
      const prepared = prepare(graph, { ...o, patches }, services);
      const extraMacs = Math.round(graphMacs(prepared.graph) - macs);
      const bound = lowerBound(prepared.problem);
      const peakNode = originalIndex(patches, prepared.program.schedule[bound.step] ?? 0);
      return { patches, bound: bound.bytes, extraMacs, extraFraction: macs === 0 ? 0 : extraMacs / macs, peakNode };
    } catch {
      // A stage a kernel cannot run on bands, or one the pins or pools refuse: not a candidate.
      return undefined;
    }
  };
  // The model as it is must compile: its failure is the user's error, not a candidate's.
  const whole = prepare(graph, o, services);
  evaluated++;
  const baseline: PatchCandidate = { patches: [], bound: lowerBound(whole.problem).bytes, extraMacs: 0, extraFraction: 0 };
  const singles = singleStages(graph)
    .map((s) => judge([s]))
    .filter((c): c is PatchCandidate => c !== undefined);
  // A second stage helps only where the first one left the peak: try the stages over that node.
  const pairs: PatchCandidate[] = [];
  const specs = singleStages(graph);
  for (const a of firstStages(singles, baseline.bound)) {
    const pa = a.patches[0] as PatchSpec;
    const peak = a.peakNode ?? -1;
    for (const pb of specs) {
      const disjoint = pb.last < pa.first || pb.first > pa.last;
      if (!disjoint || peak < pb.first || peak > pb.last) continue;
      const c = judge(pb.first < pa.first ? [pb, pa] : [pa, pb]);
      if (c !== undefined) pairs.push(c);
    }
  }
  const bounded = paretoFront([baseline, ...singles, ...pairs], (c) => c.bound);
  const planned = bounded.map((c) => plan(graph, o, services, c));
  const front = paretoFront(planned, (c) => c.arena ?? c.bound);
  const fits = front.filter((c) => budget !== undefined && (c.arena ?? Number.POSITIVE_INFINITY) <= budget);
  const chosen =
    budget === undefined
      ? front.find((c) => c.patches.length === 0)
      : [...fits].sort((a, b) => a.extraMacs - b.extraMacs || (a.arena ?? 0) - (b.arena ?? 0))[0];
  const smallest = front[0] ?? baseline;
  return {
    macs,
    baseline: front.find((c) => c.patches.length === 0) ?? plan(graph, o, services, baseline),
    front,
    ...(chosen === undefined ? {} : { chosen }),
    smallest,
    evaluated,
  };
}

/**
 * First stages worth pairing: those that lower the bound at all, the cheapest first, at most
 * PAIR_FIRSTS. Every band count is kept, not only the bound's front: when a first stage only
 * moves the peak to later layers its bound hides its own size, which the second stage then
 * uncovers (person_detect's 48×48 layers, then its 24×24 ones).
 */
function firstStages(singles: readonly PatchCandidate[], bound: number): PatchCandidate[] {
  return singles
    .filter((c) => c.bound < bound)
    .sort((a, b) => a.extraMacs - b.extraMacs || a.bound - b.bound)
    .slice(0, PAIR_FIRSTS);
}

/** The index in the original graph of node `index` of the graph `patches` made (a stage: its first node). */
function originalIndex(patches: readonly PatchSpec[], index: number): number {
  let shift = 0;
  for (const p of [...patches].sort((a, b) => a.first - b.first)) {
    const at = p.first - shift;
    if (index < at) break;
    if (index === at) return p.first;
    shift += p.last - p.first;
  }
  return index + shift;
}

function plan(graph: Graph, o: CompileOptions, services: CompileServices, c: PatchCandidate): PatchCandidate {
  const prepared = prepare(graph, { ...o, patches: c.patches }, services);
  const p = planWith(
    services.planners,
    o.planner ?? DEFAULT_PLANNER,
    prepared.problem,
    Math.min(o.timeLimitMs ?? FRONT_TIME_LIMIT_MS, FRONT_TIME_LIMIT_MS),
  );
  return { ...c, arena: p.pools.reduce((s, x) => s + x.used, 0), planner: p.planner };
}

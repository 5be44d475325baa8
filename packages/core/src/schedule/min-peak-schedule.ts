import { nodePredecessors } from '../graph/dataflow.js';
import type { Program } from '../lowering/program.js';
import type { LiveBytesModel } from './live-bytes-model.js';
import { liveBytesModel, liveDuring, orderPeak } from './live-bytes-model.js';

/** Past this many partial schedules of one length, the exact search gives way to the heuristic. */
export const EXACT_STATE_LIMIT = 20_000;

export interface ScheduleChoice {
  /** Node ids in the chosen execution order. */
  readonly order: readonly number[];
  /** Peak live bytes in the program's own order and in the chosen one. */
  readonly peakBefore: number;
  readonly peakAfter: number;
  /** True when the order was found by exhaustive search (it is then a minimum). */
  readonly exact: boolean;
}

interface State {
  readonly done: ReadonlySet<number>;
  readonly order: readonly number[];
  readonly peak: number;
}

const keyOf = (done: ReadonlySet<number>): string => [...done].sort((a, b) => a - b).join(',');

function readyNodes(preds: readonly (readonly number[])[], done: ReadonlySet<number>): number[] {
  const ready: number[] = [];
  for (let v = 0; v < preds.length; v++) if (!done.has(v) && (preds[v] ?? []).every((p) => done.has(p))) ready.push(v);
  return ready;
}

/**
 * Exact: dynamic programming over the sets of nodes already run (the live bytes at the next
 * step depend only on that set, not on the order inside it), keeping the lowest peak per
 * set. Ready nodes are tried in stored order and only a strictly lower peak replaces a
 * state, so ties keep the stored order. Undefined when some length has too many sets.
 */
function exactOrder(model: LiveBytesModel, preds: readonly (readonly number[])[]): number[] | undefined {
  let layer = new Map<string, State>([['', { done: new Set(), order: [], peak: 0 }]]);
  for (let k = 0; k < model.nodes.length; k++) {
    const next = new Map<string, State>();
    for (const s of layer.values()) {
      for (const v of readyNodes(preds, s.done)) {
        const peak = Math.max(s.peak, liveDuring(model, s.done, v));
        const done = new Set(s.done).add(v);
        const key = keyOf(done);
        const seen = next.get(key);
        if (seen === undefined || peak < seen.peak) next.set(key, { done, order: [...s.order, v], peak });
      }
    }
    if (next.size > EXACT_STATE_LIMIT) return undefined;
    layer = next;
  }
  return [...layer.values()][0]?.order.slice();
}

/** Heuristic: run next the ready node that needs the fewest live bytes now (ties: stored order). */
function greedyOrder(model: LiveBytesModel, preds: readonly (readonly number[])[]): number[] {
  const done = new Set<number>();
  const order: number[] = [];
  while (order.length < model.nodes.length) {
    let best = -1;
    let bestBytes = Number.POSITIVE_INFINITY;
    for (const v of readyNodes(preds, done)) {
      const bytes = liveDuring(model, done, v);
      if (bytes < bestBytes) [best, bestBytes] = [v, bytes];
    }
    if (best < 0) break;
    done.add(best);
    order.push(best);
  }
  return order;
}

/**
 * The Scheduler step: a topological order of the program's nodes with the lowest peak of
 * live bytes it can find — exact on graphs whose partial schedules stay few (chains and
 * short branches, such as ResNet's skip connections), greedy beyond. Never worse than the
 * program's own order, which it keeps on ties.
 */
export function minPeakSchedule(program: Program): ScheduleChoice {
  const model = liveBytesModel(program);
  const position = new Map(model.nodes.map((id, i) => [id, i]));
  const byId = nodePredecessors(program.graph);
  const preds = model.nodes.map((id) => (byId.get(id) ?? []).map((p) => position.get(p) ?? -1).filter((p) => p >= 0));
  const stored = model.nodes.map((_, i) => i);
  const peakBefore = orderPeak(model, stored);
  const exact = exactOrder(model, preds);
  const candidate = exact ?? greedyOrder(model, preds);
  const candidatePeak = candidate.length === stored.length ? orderPeak(model, candidate) : Number.POSITIVE_INFINITY;
  const chosen = candidatePeak < peakBefore ? candidate : stored;
  return {
    order: chosen.map((i) => model.nodes[i] ?? -1),
    peakBefore,
    peakAfter: Math.min(peakBefore, candidatePeak),
    exact: exact !== undefined,
  };
}

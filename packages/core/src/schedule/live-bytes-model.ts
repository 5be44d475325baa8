import type { Program } from '../lowering/program.js';

/** A buffer as the scheduler sees it: who makes it, who reads it, whether it must last to the end. */
export interface ScheduledBuffer {
  readonly bytes: number;
  /** Position (in the program's schedule) of the producing node; -1 for model inputs. */
  readonly producer: number;
  /** Positions of the nodes that read it (views included). */
  readonly consumers: readonly number[];
  readonly keep: boolean;
}

/** What any order of the program's nodes would keep alive: buffers and per-node workspace. */
export interface LiveBytesModel {
  readonly nodes: readonly number[];
  readonly buffers: readonly ScheduledBuffer[];
  readonly workspace: readonly number[];
}

/** Derives the model from a program lowered in any order (buffers do not depend on the order). */
export function liveBytesModel(program: Program): LiveBytesModel {
  const nodes = program.schedule;
  const position = new Map(nodes.map((id, i) => [id, i]));
  const readers = new Map<number, number[]>();
  nodes.forEach((id, i) => {
    for (const t of program.graph.nodes[id]?.inputs ?? []) readers.set(t, [...(readers.get(t) ?? []), i]);
  });
  const buffers = program.buffers
    .filter((b) => b.kind !== 'workspace')
    .map((b) => ({
      bytes: b.bytes,
      // State exists before the first step and outlives the last, as lowering keeps it.
      producer: b.kind === 'input' || b.kind === 'persistent' ? -1 : (position.get(program.schedule[b.firstStep] ?? -1) ?? -1),
      consumers: [...new Set(b.tensors.flatMap((t) => readers.get(t) ?? []))].sort((x, y) => x - y),
      keep: b.kind === 'output' || b.kind === 'persistent',
    }));
  const workspace = program.steps.map((s) => (s.workspace === undefined ? 0 : (program.buffers[s.workspace]?.bytes ?? 0)));
  return { nodes, buffers, workspace };
}

/**
 * Bytes alive while node `v` runs after exactly the nodes in `done` ran: what lowering
 * would give that step. A buffer is alive from its producer's step to its last reader's
 * step (model inputs from the first step, outputs to the end).
 */
export function liveDuring(model: LiveBytesModel, done: ReadonlySet<number>, v: number): number {
  let bytes = model.workspace[v] ?? 0;
  for (const b of model.buffers) {
    const made = b.producer === -1 || b.producer === v || done.has(b.producer);
    if (!made) continue;
    const pending = b.consumers.some((c) => c === v || !done.has(c));
    const firstStep = b.producer === -1 ? done.size === 0 : b.producer === v;
    if (b.keep || pending || firstStep) bytes += b.bytes;
  }
  return bytes;
}

/** The peak of live bytes over an order (positions into `model.nodes`). */
export function orderPeak(model: LiveBytesModel, order: readonly number[]): number {
  const done = new Set<number>();
  let peak = 0;
  for (const v of order) {
    peak = Math.max(peak, liveDuring(model, done, v));
    done.add(v);
  }
  return peak;
}

import type { RowSpan } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { axisWindow, effectiveFilter } from '../ops/padding.js';

/** Ops a patch stage may hold: each output row depends on a fixed window of input rows. */
export const BANDABLE_OPS = ['CONV_2D', 'DEPTHWISE_CONV_2D', 'AVERAGE_POOL_2D', 'MAX_POOL_2D', 'ADD', 'MUL'] as const;
export type BandableOp = (typeof BANDABLE_OPS)[number];

export function isBandableOp(op: string): op is BandableOp {
  return (BANDABLE_OPS as readonly string[]).includes(op);
}

/** How one output row maps to input rows along the height: TFLite's window geometry. */
export interface RowWindow {
  readonly stride: number;
  /** Filter extent in rows, dilation included (1 for elementwise ops). */
  readonly extent: number;
  /** Padding rows before the first input row. */
  readonly before: number;
  /** Rows of the (full) input. */
  readonly inRows: number;
}

/** The height geometry of a bandable node, reading its first input. */
export function rowWindow(node: Node, graph: Graph): RowWindow {
  const inRows = graph.tensors[node.inputs[0] ?? -1]?.shape[1] ?? 0;
  switch (node.op) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      const kh = graph.tensors[node.inputs[1] ?? -1]?.shape[1] ?? 1;
      const a = node.attrs;
      const w = axisWindow(a.padding, inRows, kh, a.strideH, a.dilationH);
      return { stride: a.strideH, extent: effectiveFilter(kh, a.dilationH), before: w.before, inRows };
    }
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      const a = node.attrs;
      const w = axisWindow(a.padding, inRows, a.filterH, a.strideH, 1);
      return { stride: a.strideH, extent: a.filterH, before: w.before, inRows };
    }
    default:
      return { stride: 1, extent: 1, before: 0, inRows };
  }
}

/**
 * The input rows needed for output rows `out` (non-empty): the windows' union, clipped to the
 * tensor, since rows outside it are padding the kernels skip.
 */
export function inputRowsFor(w: RowWindow, out: RowSpan): RowSpan {
  const start = Math.max(0, out.start * w.stride - w.before);
  const end = Math.min(w.inRows, (out.end - 1) * w.stride - w.before + w.extent);
  return { start, end };
}

/** The smallest span holding both (either may be absent). */
export function hull(a: RowSpan | undefined, b: RowSpan): RowSpan {
  return a === undefined ? b : { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** `rows` split into `bands` contiguous spans, as equal as possible, in order. */
export function splitRows(rows: number, bands: number): RowSpan[] {
  return Array.from({ length: bands }, (_, k) => ({ start: Math.floor((k * rows) / bands), end: Math.floor(((k + 1) * rows) / bands) }));
}

/** Activation inputs of a body node that carry rows (all of them for the ops bands allow). */
export function rowInputs(node: Node, graph: Graph): number[] {
  const spatial = node.op === 'ADD' || node.op === 'MUL' ? node.inputs : node.inputs.slice(0, 1);
  return spatial.filter((id) => id >= 0 && graph.tensors[id]?.data === undefined);
}

/**
 * Walks back from each band of the last output: the rows each body node must compute so the
 * band's rows can be produced, the hull of what its readers need. `rows[b][i]` for node i.
 */
export function bandRows(body: Graph, graph: Graph, outputBands: readonly RowSpan[]): RowSpan[][] {
  const out = body.outputs[0] ?? -1;
  return outputBands.map((band) => {
    const need = new Map<number, RowSpan>([[out, band]]);
    const rows: RowSpan[] = new Array<RowSpan>(body.nodes.length);
    for (let i = body.nodes.length - 1; i >= 0; i--) {
      const node = body.nodes[i] as Node;
      const mine = need.get(node.outputs[0] ?? -1) ?? { start: 0, end: 0 };
      rows[i] = mine;
      if (mine.end <= mine.start) continue;
      const inRows = inputRowsFor(rowWindow(node, graph), mine);
      for (const t of rowInputs(node, graph)) need.set(t, hull(need.get(t), inRows));
    }
    return rows;
  });
}

import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { constInt32, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { expectSameInt8Quant } from './same-quantization.js';

/** TFLite Micro's strided slice handles up to five dimensions. */
export const STRIDED_SLICE_MAX_RANK = 5;

/** One input axis of a strided slice: the first index read, the step, how many are read. */
export interface SliceAxis {
  readonly start: number;
  readonly stride: number;
  readonly count: number;
  /** Removed from the output shape (shrink_axis_mask). */
  readonly shrink: boolean;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * The first index TFLite's StartForAxis reads: a masked begin is the far end for the
 * direction, a negative one counts from the end, then clamped (to [-1, n-1] backwards,
 * because the stop is exclusive).
 */
function startForAxis(begin: number, masked: boolean, stride: number, n: number): number {
  let start = masked ? (stride > 0 ? INT_MIN : INT_MAX) : begin;
  if (start < 0) start += n;
  return stride > 0 ? clamp(start, 0, n) : clamp(start, -1, n - 1);
}

/** TFLite's StopForAxis, for an axis that is not shrunk. */
function stopForAxis(end: number, masked: boolean, stride: number, n: number): number {
  let stop = masked ? (stride > 0 ? INT_MAX : INT_MIN) : end;
  if (stop < 0) stop += n;
  return stride > 0 ? clamp(stop, 0, n) : clamp(stop, -1, n - 1);
}

/**
 * Every input axis of the slice from the constant begin, end and strides and the masks, as
 * TFLite's strided_slice_logic resolves them. Refused where TFLite Micro would read out of
 * bounds or disagree with TensorFlow: a shrunk axis whose begin is not an index of the axis,
 * is masked or walks backwards, and empty results.
 */
export function stridedSliceAxes(node: NodeOf<'STRIDED_SLICE'>, graph: Graph): SliceAxis[] {
  const x = input(node, graph, 0);
  const label = nodeLabel(node);
  const rank = x.shape.length;
  const begin = constInt32(node, input(node, graph, 1), 'begin');
  const end = constInt32(node, input(node, graph, 2), 'end');
  const strides = constInt32(node, input(node, graph, 3), 'strides');
  if (rank > STRIDED_SLICE_MAX_RANK)
    fail(opAttributeInvalid(label, `input has rank ${rank}; TFLite Micro slices up to ${STRIDED_SLICE_MAX_RANK}`));
  if (begin.length !== rank || end.length !== rank || strides.length !== rank) {
    fail(opShapeMismatch(label, `begin, end and strides need ${rank} values each, have ${begin.length}, ${end.length}, ${strides.length}`));
  }
  const { beginMask, endMask, shrinkAxisMask } = node.attrs;
  return x.shape.map((n, k) => {
    const bit = 1 << k;
    const stride = strides[k] as number;
    if (stride === 0) fail(opAttributeInvalid(label, `stride on axis ${k} is 0`));
    const start = startForAxis(begin[k] as number, (beginMask & bit) !== 0, stride, n);
    if ((shrinkAxisMask & bit) !== 0) {
      const b = begin[k] as number;
      // TensorFlow and TFLite disagree on a masked begin there; neither reading is safe to pick.
      if ((beginMask & bit) !== 0) fail(opAttributeInvalid(label, `shrunk axis ${k} also has begin_mask set`));
      if (b < -n || b >= n) fail(opAttributeInvalid(label, `shrunk axis ${k} begins at ${b}, outside [${-n}, ${n})`));
      if (stride < 0) fail(opAttributeInvalid(label, `shrunk axis ${k} has a negative stride`));
      return { start, stride, count: 1, shrink: true };
    }
    const stop = stopForAxis(end[k] as number, (endMask & bit) !== 0, stride, n);
    const count = Math.max(0, Math.ceil((stop - start) / stride));
    if (count === 0) fail(opShapeMismatch(label, `the slice of axis ${k} is empty`));
    return { start, stride, count, shrink: false };
  });
}

export const stridedSlice: OpDef<'STRIDED_SLICE'> = {
  op: 'STRIDED_SLICE',
  inputs: [4, 4],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    return [stridedSliceAxes(node, graph).flatMap((a) => (a.shrink ? [] : [a.count]))];
  },
  verify(node, graph) {
    expectSameInt8Quant(node, output(node, graph, 0), 'output', input(node, graph, 0), 'input');
  },
  macs: () => 0,
};

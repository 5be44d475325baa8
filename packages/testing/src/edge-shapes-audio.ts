import type { ConformanceGraph } from './edge-shapes.js';
import { GraphBuilder } from './graph-builder.js';

/** TRANSPOSE and STRIDED_SLICE: one strided copy, checked where axes merge, walk backwards or go. */
function stridedCopies(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(40);
    const x = b.input([1, 3, 4, 2], 0.1, -3);
    const y = b.activation([1, 4, 3, 2], 0.1, -3);
    b.node('TRANSPOSE', [x, b.int32Const([4], [0, 2, 1, 3])], [y], {});
    out.push({ title: 'TRANSPOSE of H and W (channels stay contiguous)', graph: b.build('edge_transpose_hw', [y]) });
  }
  {
    const b = new GraphBuilder(41);
    const x = b.input([2, 3, 5], 0.2, 4);
    const y = b.activation([5, 2, 3], 0.2, 4);
    b.node('TRANSPOSE', [x, b.int32Const([3], [2, 0, 1])], [y], {});
    out.push({ title: 'TRANSPOSE of the last axis to the front (strided inner loop)', graph: b.build('edge_transpose_last_first', [y]) });
  }
  {
    const b = new GraphBuilder(42);
    const x = b.input([2, 1, 3, 2, 2], 0.05, 0);
    const y = b.activation([2, 3, 2, 2, 1], 0.05, 0);
    b.node('TRANSPOSE', [x, b.int32Const([5], [4, 2, 0, 3, 1])], [y], {});
    out.push({ title: 'TRANSPOSE of rank 5 with a unit axis', graph: b.build('edge_transpose_rank5', [y]) });
  }
  {
    // Axis 1: 1, 3, 5; axis 2 from -1 (7) backwards by 3 to the masked end: 7, 4, 1.
    const b = new GraphBuilder(43);
    const x = b.input([1, 6, 8], 0.1, 2);
    const y = b.activation([1, 3, 3], 0.1, 2);
    const c = (v: number[]) => b.int32Const([3], v);
    b.node('STRIDED_SLICE', [x, c([0, 1, -1]), c([1, 6, 0]), c([1, 2, -3])], [y], { beginMask: 0, endMask: 4, shrinkAxisMask: 0 });
    out.push({ title: 'STRIDED_SLICE with a step of 2 and a negative stride to a masked end', graph: b.build('edge_slice_strides', [y]) });
  }
  {
    // Axis 0 shrunk at 1; axis 1 begin masked (0) to 4; axis 2 from 2 to 5.
    const b = new GraphBuilder(44);
    const x = b.input([2, 4, 6], 0.3, -7);
    const y = b.activation([4, 3], 0.3, -7);
    const c = (v: number[]) => b.int32Const([3], v);
    b.node('STRIDED_SLICE', [x, c([1, 3, 2]), c([2, 4, 5]), c([1, 1, 1])], [y], { beginMask: 2, endMask: 0, shrinkAxisMask: 1 });
    out.push({ title: 'STRIDED_SLICE shrinking the first axis, a masked begin', graph: b.build('edge_slice_shrink_first', [y]) });
  }
  {
    // Rows 0 and 2; the last axis shrunk at -2 (3): a column of a matrix.
    const b = new GraphBuilder(45);
    const x = b.input([3, 5], 0.1, 0);
    const y = b.activation([2], 0.1, 0);
    const c = (v: number[]) => b.int32Const([2], v);
    b.node('STRIDED_SLICE', [x, c([0, -2]), c([3, 0]), c([2, 1])], [y], { beginMask: 0, endMask: 0, shrinkAxisMask: 2 });
    out.push({ title: 'STRIDED_SLICE shrinking the last axis at a negative index', graph: b.build('edge_slice_shrink_last', [y]) });
  }
  return out;
}

/** SPLIT, UNPACK and PACK: slabs taken apart and put together. */
function slabs(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(46);
    const x = b.input([1, 4, 6], 0.1, 3);
    const ys = [0, 1, 2].map(() => b.activation([1, 4, 2], 0.1, 3));
    b.node('SPLIT', [b.int32Const([], [2]), x], ys, { numSplits: 3 });
    out.push({ title: 'SPLIT in three along the last axis', graph: b.build('edge_split_last', ys) });
  }
  {
    const b = new GraphBuilder(47);
    const x = b.input([4, 3], 0.1, 3);
    const ys = [0, 1].map(() => b.activation([2, 3], 0.1, 3));
    b.node('SPLIT', [b.int32Const([1], [-2]), x], ys, { numSplits: 2 });
    out.push({ title: 'SPLIT in two along the outermost axis (negative)', graph: b.build('edge_split_outer', ys) });
  }
  {
    const b = new GraphBuilder(48);
    const x = b.input([3, 2, 4], 0.2, -1);
    const ys = [0, 1].map(() => b.activation([3, 4], 0.2, -1));
    b.node('UNPACK', [x], ys, { count: 2, axis: 1 });
    out.push({ title: 'UNPACK along a middle axis', graph: b.build('edge_unpack_middle', ys) });
  }
  {
    const b = new GraphBuilder(49);
    const x = b.input([2, 3], 0.2, -1);
    const ys = [0, 1, 2].map(() => b.activation([2], 0.2, -1));
    b.node('UNPACK', [x], ys, { count: 3, axis: -1 });
    out.push({ title: 'UNPACK along the last axis (negative)', graph: b.build('edge_unpack_last', ys) });
  }
  {
    const b = new GraphBuilder(50);
    const xs = [0, 1, 2].map(() => b.input([2, 3], 0.15, 6));
    const y = b.activation([2, 3, 3], 0.15, 6);
    b.node('PACK', xs, [y], { count: 3, axis: 1 });
    out.push({ title: 'PACK of three along a middle axis', graph: b.build('edge_pack_middle', [y]) });
  }
  {
    const b = new GraphBuilder(51);
    const xs = [0, 1].map(() => b.input([4], 0.15, 6));
    const y = b.activation([4, 2], 0.15, 6);
    b.node('PACK', xs, [y], { count: 2, axis: -1 });
    out.push({ title: 'PACK of two along a new last axis', graph: b.build('edge_pack_last', [y]) });
  }
  return out;
}

/** GATHER with constant indices (computed ones are checked in the e2e suite: random ones fall outside). */
function gathers(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(52);
    const x = b.input([5, 3], 0.1, 0);
    const y = b.activation([2, 2, 3], 0.1, 0);
    b.node('GATHER', [x, b.int32Const([2, 2], [4, 0, 2, 2])], [y], { axis: 0, batchDims: 0 });
    out.push({ title: 'GATHER rows with a [2,2] index tensor, repeating one', graph: b.build('edge_gather_rows', [y]) });
  }
  {
    const b = new GraphBuilder(53);
    const x = b.input([2, 6, 3], 0.1, 0);
    const y = b.activation([2, 3, 3], 0.1, 0);
    b.node('GATHER', [x, b.int32Const([3], [5, 0, 3])], [y], { axis: -2, batchDims: 0 });
    out.push({ title: 'GATHER along a middle axis (negative)', graph: b.build('edge_gather_middle', [y]) });
  }
  return out;
}

/** SUB, MINIMUM and MAXIMUM, broadcast and flat. */
function binaries(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(54);
    const x = b.input([1, 4, 1, 3], 0.05, -10);
    const z = b.input([1, 1, 5, 3], 0.02, 7);
    const y = b.activation([1, 4, 5, 3], 0.06, -20);
    b.node('SUB', [x, z], [y], { activation: 'RELU' });
    out.push({ title: 'SUB broadcasting both operands, RELU', graph: b.build('edge_sub_broadcast', [y]) });
  }
  {
    const b = new GraphBuilder(55);
    const x = b.input([2, 9], 0.1, 3);
    const z = b.input([2, 9], 0.1, 3);
    const y = b.activation([2, 9], 0.1, 3);
    b.node('SUB', [x, z], [y], { activation: 'NONE' });
    out.push({ title: 'SUB of equal shapes and scales (flat, saturating)', graph: b.build('edge_sub_flat', [y]) });
  }
  {
    const b = new GraphBuilder(56);
    const x = b.input([2, 3, 4], 0.1, -2);
    const z = b.input([4], 0.1, -2);
    const lo = b.activation([2, 3, 4], 0.1, -2);
    const hi = b.activation([2, 3, 4], 0.1, -2);
    b.node('MINIMUM', [x, z], [lo], {});
    b.node('MAXIMUM', [x, z], [hi], {});
    out.push({ title: 'MINIMUM and MAXIMUM broadcasting a row', graph: b.build('edge_min_max_broadcast', [lo, hi]) });
  }
  {
    const b = new GraphBuilder(57);
    const x = b.input([5, 7], 0.1, 9);
    const z = b.input([5, 7], 0.1, 9);
    const y = b.activation([5, 7], 0.1, 9);
    b.node('MAXIMUM', [x, z], [y], {});
    out.push({ title: 'MAXIMUM of equal shapes (flat)', graph: b.build('edge_max_flat', [y]) });
  }
  return out;
}

/** SQUARED_DIFFERENCE (its own rescales), TANH (saturating beyond the input radius) and RSQRT. */
function rescaling(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(58);
    const x = b.input([1, 4, 1, 6], 0.05, -10);
    const z = b.input([1, 1, 3, 6], 0.03, 7);
    const y = b.activation([1, 4, 3, 6], 0.02, -128);
    b.node('SQUARED_DIFFERENCE', [x, z], [y], {});
    out.push({ title: 'SQUARED_DIFFERENCE broadcasting both operands, different scales', graph: b.build('edge_sqdiff_broadcast', [y]) });
  }
  {
    const b = new GraphBuilder(59);
    const x = b.input([3, 11], 0.1, 5);
    const z = b.input([3, 11], 0.1, 5);
    const y = b.activation([3, 11], 0.6, -100);
    b.node('SQUARED_DIFFERENCE', [x, z], [y], {});
    out.push({ title: 'SQUARED_DIFFERENCE of equal shapes (flat, saturating)', graph: b.build('edge_sqdiff_flat', [y]) });
  }
  {
    const b = new GraphBuilder(61);
    const x = b.input([2, 37], 0.07, -9);
    const y = b.activation([2, 37], 1 / 128, 0);
    b.node('TANH', [x], [y], {});
    out.push({ title: 'TANH over the whole int8 range, past the input radius', graph: b.build('edge_tanh', [y]) });
  }
  {
    const b = new GraphBuilder(62);
    const x = b.input([5, 8], 0.003, 20);
    const y = b.activation([5, 8], 1 / 128, 0);
    b.node('TANH', [x], [y], {});
    out.push({ title: 'TANH of a fine input scale (no saturation)', graph: b.build('edge_tanh_fine', [y]) });
  }
  // Zero point -128: every int8 input is a valid (non-negative) real value.
  {
    const b = new GraphBuilder(63);
    const x = b.input([2, 37], 0.02, -128);
    const y = b.activation([2, 37], 0.05, -128);
    b.node('RSQRT', [x], [y], {});
    out.push({ title: 'RSQRT over the whole int8 range, saturating near zero, 0 → 127', graph: b.build('edge_rsqrt', [y]) });
  }
  {
    const b = new GraphBuilder(64);
    const x = b.input([4, 9], 0.5, -128);
    const y = b.activation([4, 9], 1 / 64, 0);
    b.node('RSQRT', [x], [y], {});
    out.push({ title: 'RSQRT of a coarse input scale into a fine output', graph: b.build('edge_rsqrt_coarse', [y]) });
  }
  return out;
}

/** The small ops of audio models (issue 16), in edge shapes for the interp-vs-C suites. */
export function audioEdgeShapes(): ConformanceGraph[] {
  return [...stridedCopies(), ...slabs(), ...gathers(), ...binaries(), ...rescaling()];
}

import type { Graph, KernelCall, KernelParam, Node, NodeOf } from '@anvil/core';
import { nodeLabel } from '@anvil/core';
import { addParams, mulParams, subParams } from '@anvil/interp';
import type { AddParams, BinaryOperands } from '@anvil/interp';
import { broadcastStrides, kernelDims } from './kernel-dims.js';

/**
 * The loop structure of a binary op: the output's axes merged and padded to the kernels'
 * six, each input's stride per axis (0 where it broadcasts), and `flat` when neither input
 * broadcasts, so both are read in output order.
 */
export function binaryLayout(
  node: Node,
  p: Pick<BinaryOperands, 'input1Shape' | 'input2Shape' | 'outputShape'>,
): Array<readonly [string, KernelParam]> {
  const total = p.outputShape.reduce((a, d) => a * d, 1);
  const flat = [p.input1Shape, p.input2Shape].every((s) => s.reduce((a, d) => a * d, 1) === total);
  const d = kernelDims(
    nodeLabel(node),
    p.outputShape,
    [p.input1Shape, p.input2Shape].map((s) => broadcastStrides(s, p.outputShape)),
  );
  return [
    ['flat', flat ? 1 : 0],
    ['out_shape', d.extents],
    ['in1_stride', d.strides[0] as number[]],
    ['in2_stride', d.strides[1] as number[]],
  ];
}

/**
 * The quantization fields every int8 ADD kernel takes (the portable one and the SIMD ones of
 * target plugins), structural: read at run time they cost the elementwise loop its registers.
 */
export function addQuantParams(p: AddParams): Array<readonly [string, KernelParam]> {
  return [
    ['left_shift', p.leftShift],
    ['input1_offset', p.input1Offset],
    ['input1_multiplier', p.input1Multiplier],
    ['input1_shift', p.input1Shift],
    ['input2_offset', p.input2Offset],
    ['input2_multiplier', p.input2Multiplier],
    ['input2_shift', p.input2Shift],
    ['output_offset', p.outputOffset],
    ['output_multiplier', p.outputMultiplier],
    ['output_shift', p.outputShift],
    ['act_min', p.activationMin],
    ['act_max', p.activationMax],
  ];
}

/** int8 ADD: `runtime-c/kernels/anvil_add_s8.h`. */
export function emitAdd(node: NodeOf<'ADD'>, graph: Graph): KernelCall {
  const p = addParams(node, graph);
  return { function: 'anvil_add_s8', operands: [0, 1], params: [...binaryLayout(node, p), ...addQuantParams(p)] };
}

/** int8 SUB: `runtime-c/kernels/anvil_sub_s8.h`, ADD's fields with the second operand subtracted. */
export function emitSub(node: NodeOf<'SUB'>, graph: Graph): KernelCall {
  const p = subParams(node, graph);
  return { function: 'anvil_sub_s8', operands: [0, 1], params: [...binaryLayout(node, p), ...addQuantParams(p)] };
}

/** int8 MUL: `runtime-c/kernels/anvil_mul_s8.h`. */
export function emitMul(node: NodeOf<'MUL'>, graph: Graph): KernelCall {
  const p = mulParams(node, graph);
  return {
    function: 'anvil_mul_s8',
    operands: [0, 1],
    params: [
      ...binaryLayout(node, p),
      ['input1_offset', p.input1Offset],
      ['input2_offset', p.input2Offset],
      ['output_offset', p.outputOffset],
      ['output_multiplier', p.outputMultiplier],
      ['output_shift', p.outputShift],
      ['act_min', p.activationMin],
      ['act_max', p.activationMax],
    ],
  };
}

import { SVDF_SLOT } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { svdfParams } from '@anvil/interp';
import { optionalWeight } from './optional-weight.js';

/** SVDF, int8 with int16 state: `runtime-c/kernels/anvil_svdf_s8.h`; the state pointer is into the persistent pool. */
export function emitSvdf(node: NodeOf<'SVDF'>, graph: Graph, ctx: KernelEmitContext): KernelCall {
  const p = svdfParams(node, graph);
  return {
    function: 'anvil_svdf_s8',
    operands: [SVDF_SLOT.input],
    params: [
      ['batch', p.batch],
      ['input_size', p.inputSize],
      ['filters', p.filters],
      ['memory', p.memory],
      ['units', p.units],
      ['rank', p.rank],
      ['input_zero_point', p.inputZeroPoint],
      ['output_zero_point', p.outputZeroPoint],
      ['feature_multiplier', p.feature.multiplier],
      ['feature_shift', p.feature.shift],
      ['output_multiplier', p.output.multiplier],
      ['output_shift', p.output.shift],
      ['weights_feature', ctx.weightSymbol(node.inputs[SVDF_SLOT.weightsFeature] as number)],
      ['weights_time', ctx.weightSymbol(node.inputs[SVDF_SLOT.weightsTime] as number)],
      ['bias', optionalWeight(node.inputs[SVDF_SLOT.bias], ctx)],
      ['state', `(int16_t *)(${ctx.stateBuffer(node.inputs[SVDF_SLOT.state] as number)})`],
    ],
  };
}

import { nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import type { LogisticParams } from './logistic.js';
import { logisticInputScaling } from './logistic.js';
import { inputTensor, tensorQuant } from './node-tensors.js';

/** The int8 input of TANH is prepared exactly as LOGISTIC's (TFLM tanh.cc): Q4.27 after rescaling. */
export type TanhParams = LogisticParams;

export function tanhParams(node: NodeOf<'TANH'>, graph: Graph): TanhParams {
  const qx = tensorQuant(node, inputTensor(node, graph, 0), 'input');
  const s = logisticInputScaling(qx.scale, nodeLabel(node));
  return { inputZeroPoint: qx.zeroPoint, inputRangeRadius: s.radius, inputMultiplier: s.multiplier, inputLeftShift: s.leftShift };
}

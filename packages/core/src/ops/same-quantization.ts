import { fail } from '../errors/anvil-error.js';
import { opQuantizationInvalid } from '../errors/builders.js';
import type { OpType } from '../ir/attributes.js';
import { nodeLabel } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { expectDType, expectPerTensor } from './node-access.js';

/**
 * An int8 tensor quantized per tensor exactly like `ref`. The data-movement kernels of TFLite
 * Micro (transpose, slices, split, pack, gather) copy bytes without requantizing: on tensors
 * quantized differently they would give a wrong answer, so Anvil refuses them.
 */
export function expectSameInt8Quant(node: NodeOf<OpType>, t: Tensor, role: string, ref: Tensor, refRole: string): void {
  expectDType(node, t, ['int8'], role);
  expectDType(node, ref, ['int8'], refRole);
  const q = expectPerTensor(node, t, role);
  const r = expectPerTensor(node, ref, refRole);
  if (q.scale[0] !== r.scale[0] || q.zeroPoint[0] !== r.zeroPoint[0]) {
    fail(
      opQuantizationInvalid(
        nodeLabel(node),
        `${role} quantization (scale ${q.scale[0]}, zero point ${q.zeroPoint[0]}) differs from the ${refRole}'s (scale ${r.scale[0]}, zero point ${r.zeroPoint[0]}); ${node.op} copies bytes and does not requantize`,
      ),
    );
  }
}

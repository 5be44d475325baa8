import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { perTensor } from '../ir/quantization.js';

/** Test-only helpers to write small graphs by hand. */
export function act(id: number, shape: number[], scale = 0.5, zp = 0): Tensor {
  return { id, name: `t${id}`, shape, dtype: 'int8', quant: perTensor(scale, zp) };
}

export function addNode(id: number, a: number, b: number, out: number): Node {
  return { id, op: 'ADD', name: `add${id}`, inputs: [a, b], outputs: [out], attrs: { activation: 'NONE' } };
}

/** t0 + t1 → t2; t2 + t0 → t3 */
export function twoAdds(): Graph {
  return {
    name: 'two-adds',
    tensors: [act(0, [1, 4]), act(1, [1, 4]), act(2, [1, 4]), act(3, [1, 4])],
    nodes: [addNode(0, 0, 1, 2), addNode(1, 2, 0, 3)],
    inputs: [0, 1],
    outputs: [3],
  };
}

/** A host-like target with no features: what lowering and pipeline specs compile for. */
export const testTarget: Target = {
  name: 'test-cpu',
  description: 'a test target',
  cpu: 'native',
  features: [],
  toolchain: { cc: 'cc', cflags: [], ldflags: [], packages: [] },
  arenaAlignment: 16,
};

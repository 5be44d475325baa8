import { windowOutputShape } from './conv-2d.js';
import { expectDType, expectPerTensor, expectRank, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { fail } from '../errors/anvil-error.js';
import { opQuantizationInvalid } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';

function pool<K extends 'AVERAGE_POOL_2D' | 'MAX_POOL_2D'>(op: K): OpDef<K> {
  return {
    op,
    inputs: [1, 1],
    outputs: 1,
    isView: false,
    inferShapes(node, graph) {
      const x = input(node, graph, 0);
      expectRank(node, x, 4, 'input');
      const a = node.attrs;
      const window = { padding: a.padding, strideH: a.strideH, strideW: a.strideW, dilationH: 1, dilationW: 1 };
      return [windowOutputShape(node, x.shape, a.filterH, a.filterW, window, x.shape[3] ?? 0)];
    },
    verify(node, graph) {
      const x = input(node, graph, 0);
      const y = output(node, graph, 0);
      expectDType(node, x, ['int8'], 'input');
      expectDType(node, y, ['int8'], 'output');
      const qx = expectPerTensor(node, x, 'input');
      const qy = expectPerTensor(node, y, 'output');
      // TFLite's int8 pooling copies the quantization through; it never rescales.
      if (qx.scale[0] !== qy.scale[0] || qx.zeroPoint[0] !== qy.zeroPoint[0]) {
        fail(opQuantizationInvalid(nodeLabel(node), 'pooling input and output must share scale and zero point'));
      }
    },
    macs: (node, graph) => {
      const y = output(node, graph, 0);
      return y.shape.reduce((p, d) => p * d, 1) * node.attrs.filterH * node.attrs.filterW;
    },
  };
}

export const averagePool2d: OpDef<'AVERAGE_POOL_2D'> = pool('AVERAGE_POOL_2D');
export const maxPool2d: OpDef<'MAX_POOL_2D'> = pool('MAX_POOL_2D');

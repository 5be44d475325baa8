import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opQuantizationInvalid, opShapeMismatch } from '../errors/builders.js';
import type { ConvAttrs } from '../ir/attributes.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { OpType } from '../ir/attributes.js';
import type { NodeOf } from '../ir/node.js';

type Node = NodeOf<OpType>;
import { elementCount } from '../ir/tensor.js';
import { expectDType, expectPerTensor, expectRank, input, optionalInput, output, quantOf, expectPositiveScales } from './node-access.js';
import type { OpDef } from './op-def.js';
import { axisWindow } from './padding.js';

/** Checks stride/dilation and returns the NHWC output shape of a 2-D window op. */
export function windowOutputShape(
  node: Node,
  inShape: readonly number[],
  filterH: number,
  filterW: number,
  attrs: Pick<ConvAttrs, 'padding' | 'strideH' | 'strideW' | 'dilationH' | 'dilationW'>,
  channels: number,
): number[] {
  const steps = { strideH: attrs.strideH, strideW: attrs.strideW, dilationH: attrs.dilationH, dilationW: attrs.dilationW };
  for (const [k, v] of Object.entries(steps)) {
    if (!Number.isInteger(v) || v < 1) fail(opAttributeInvalid(nodeLabel(node), `${k} is ${v}, must be a positive integer`));
  }
  if (filterH < 1 || filterW < 1) fail(opShapeMismatch(nodeLabel(node), `filter is ${filterH}×${filterW}`));
  const [n, h, w] = inShape as [number, number, number];
  const y = axisWindow(attrs.padding, h, filterH, attrs.strideH, attrs.dilationH);
  const x = axisWindow(attrs.padding, w, filterW, attrs.strideW, attrs.dilationW);
  if (y.out < 1 || x.out < 1) {
    fail(opShapeMismatch(nodeLabel(node), `window ${filterH}×${filterW} does not fit input ${h}×${w}`));
  }
  return [n, y.out, x.out, channels];
}

/** Shared checks of the int8 conv family: int8 activations, int8 per-channel weights, int32 bias. */
export function verifyConvQuant(node: Node, graph: Graph, channelAxis: number): void {
  const x = input(node, graph, 0);
  const w = input(node, graph, 1);
  const y = output(node, graph, 0);
  expectDType(node, x, ['int8'], 'input');
  expectDType(node, w, ['int8'], 'filter');
  expectDType(node, y, ['int8'], 'output');
  expectPerTensor(node, x, 'input');
  expectPerTensor(node, y, 'output');
  const wq = quantOf(node, w, 'filter');
  expectPositiveScales(node, w, wq, 'filter');
  const channels = w.shape[channelAxis] ?? 0;
  if (wq.scale.length !== 1 && (wq.scale.length !== channels || wq.axis !== channelAxis)) {
    fail(
      opShapeMismatch(
        nodeLabel(node),
        `filter has ${wq.scale.length} scales on axis ${wq.axis}; expected 1 or ${channels} on axis ${channelAxis}`,
      ),
    );
  }
  if (wq.zeroPoint.some((z) => z !== 0)) {
    fail(opShapeMismatch(nodeLabel(node), 'int8 filter zero points must be 0 (symmetric weights)'));
  }
  if (w.data === undefined) fail(opShapeMismatch(nodeLabel(node), 'filter must be a constant'));
  const b = optionalInput(node, graph, 2);
  if (b !== undefined) {
    expectDType(node, b, ['int32'], 'bias');
    // TFLite's quantization spec: int32 biases are symmetric (scale input × filter, zero point 0).
    if (b.quant !== undefined && b.quant.zeroPoint.some((z) => z !== 0)) {
      fail(
        opQuantizationInvalid(
          nodeLabel(node),
          `bias "${b.name}" has zero point ${b.quant.zeroPoint.find((z) => z !== 0)}; int32 biases must have zero point 0`,
        ),
      );
    }
    if (elementCount(b.shape) !== channels) {
      fail(opShapeMismatch(nodeLabel(node), `bias has ${elementCount(b.shape)} elements, expected ${channels}`));
    }
  }
}

export const conv2d: OpDef<'CONV_2D'> = {
  op: 'CONV_2D',
  inputs: [2, 3],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const w = input(node, graph, 1);
    expectRank(node, x, 4, 'input');
    expectRank(node, w, 4, 'filter');
    const [oc, kh, kw, ic] = w.shape as [number, number, number, number];
    const inC = x.shape[3] ?? 0;
    if (ic < 1 || inC % ic !== 0) {
      fail(opShapeMismatch(nodeLabel(node), `input has ${inC} channels, filter expects ${ic}`));
    }
    return [windowOutputShape(node, x.shape, kh, kw, node.attrs, oc)];
  },
  verify(node, graph) {
    verifyConvQuant(node, graph, 0);
    const x = input(node, graph, 0);
    const w = input(node, graph, 1);
    if (x.shape[3] !== w.shape[3]) {
      fail(opShapeMismatch(nodeLabel(node), 'grouped convolution is not supported (input channels != filter channels)'));
    }
  },
  macs(node, graph) {
    const w = input(node, graph, 1);
    const y = output(node, graph, 0);
    const [, kh, kw, ic] = w.shape as [number, number, number, number];
    return elementCount(y.shape) * kh * kw * ic;
  },
};

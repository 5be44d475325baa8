import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opQuantizationInvalid } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { sameShape } from './elementwise.js';
import { expectDType, expectPerTensor, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** int8 → int8 softmax over the last axis. TFLite requires output scale 1/256, zero point -128. */
export const softmax: OpDef<'SOFTMAX'> = sameShape('SOFTMAX', (node, graph) => {
  const x = input(node, graph, 0);
  const y = output(node, graph, 0);
  expectDType(node, x, ['int8'], 'input');
  expectDType(node, y, ['int8'], 'output');
  expectPerTensor(node, x, 'input');
  const q = expectPerTensor(node, y, 'output');
  if (q.scale[0] !== 1 / 256 || q.zeroPoint[0] !== -128) {
    fail(opQuantizationInvalid(nodeLabel(node), 'int8 softmax output must have scale 1/256 and zero point -128'));
  }
  if (!(node.attrs.beta > 0) || !Number.isFinite(node.attrs.beta)) {
    fail(opAttributeInvalid(nodeLabel(node), `beta is ${node.attrs.beta}, must be finite and > 0`));
  }
});

/** int8 logistic; TFLite requires output scale 1/256, zero point -128. */
export const logistic: OpDef<'LOGISTIC'> = sameShape('LOGISTIC', (node, graph) => {
  const x = input(node, graph, 0);
  const y = output(node, graph, 0);
  expectDType(node, x, ['int8'], 'input');
  expectDType(node, y, ['int8'], 'output');
  expectPerTensor(node, x, 'input');
  const q = expectPerTensor(node, y, 'output');
  if (q.scale[0] !== 1 / 256 || q.zeroPoint[0] !== -128) {
    fail(opQuantizationInvalid(nodeLabel(node), 'int8 logistic output must have scale 1/256 and zero point -128'));
  }
});

/** int8 tanh; its output is TFLite's fixed Q0.7 (scale 1/128, zero point 0), which the kernel writes. */
export const tanh: OpDef<'TANH'> = sameShape('TANH', (node, graph) => {
  const x = input(node, graph, 0);
  const y = output(node, graph, 0);
  expectDType(node, x, ['int8'], 'input');
  expectDType(node, y, ['int8'], 'output');
  expectPerTensor(node, x, 'input');
  const q = expectPerTensor(node, y, 'output');
  if (q.scale[0] !== 1 / 128 || q.zeroPoint[0] !== 0) {
    fail(opQuantizationInvalid(nodeLabel(node), 'int8 tanh output must have scale 1/128 and zero point 0'));
  }
});

/** int8 1/√x (TFLM elementwise.cc): any per-tensor output quantization; inputs below the zero point fail at run time. */
export const rsqrt: OpDef<'RSQRT'> = sameShape('RSQRT', (node, graph) => {
  const x = input(node, graph, 0);
  const y = output(node, graph, 0);
  expectDType(node, x, ['int8'], 'input');
  expectDType(node, y, ['int8'], 'output');
  expectPerTensor(node, x, 'input');
  expectPerTensor(node, y, 'output');
});

/** float32 → int8, or int8 → int8 requantization. */
export const quantize: OpDef<'QUANTIZE'> = sameShape('QUANTIZE', (node, graph) => {
  const x = input(node, graph, 0);
  const y = output(node, graph, 0);
  expectDType(node, x, ['float32', 'int8'], 'input');
  expectDType(node, y, ['int8'], 'output');
  if (x.dtype === 'int8') expectPerTensor(node, x, 'input');
  expectPerTensor(node, y, 'output');
});

/** int8 → float32. */
export const dequantize: OpDef<'DEQUANTIZE'> = sameShape('DEQUANTIZE', (node, graph) => {
  const x = input(node, graph, 0);
  const y = output(node, graph, 0);
  expectDType(node, x, ['int8'], 'input');
  expectDType(node, y, ['float32'], 'output');
  expectPerTensor(node, x, 'input');
});

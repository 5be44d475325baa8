import { errors, fail } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { graphInput, graphOutput } from './edges.js';
import { foldDequantizeLinear, foldQuantizeLinear, foldSoftmax } from './fold-qdq.js';
import { FoldContext, label, unsupported } from './fold-context.js';
import type { QConst } from './fold-context.js';
import { foldConv } from './fold-conv.js';
import { foldBinary, foldConcat } from './fold-elementwise.js';
import { checkGemm, foldFullyConnected } from './fold-gemm.js';
import { foldLayout, LAYOUT_OPS } from './fold-layout.js';
import { foldPool } from './fold-pool.js';
import { foldQOperator, QOPERATOR_OPS } from './fold-qoperator.js';
import { GraphBuilder } from './graph-builder.js';
import type { OnnxModel, OnnxNode } from './onnx-model.js';

const QDQ_OPS: ReadonlySet<string> = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'Conv',
  'Gemm',
  'MatMul',
  'AveragePool',
  'GlobalAveragePool',
  'MaxPool',
  'GlobalMaxPool',
  'Add',
  'Mul',
  'Concat',
  'Softmax',
  'Relu',
  'Clip',
  ...LAYOUT_OPS,
]);

function opName(n: OnnxNode): string {
  return n.domain === '' ? n.opType : `${n.domain}:${n.opType}`;
}

function isSupported(n: OnnxNode): boolean {
  return n.domain === ''
    ? QDQ_OPS.has(n.opType) || QOPERATOR_OPS.has(n.opType)
    : n.domain === 'com.microsoft' && QOPERATOR_OPS.has(n.opType);
}

/** Every unsupported operator, by name and count, in one error, before anything is converted. */
function checkOperators(model: OnnxModel): void {
  const counts = new Map<string, number>();
  for (const n of model.nodes) if (!isSupported(n)) counts.set(opName(n), (counts.get(opName(n)) ?? 0) + 1);
  if (counts.size > 0) fail(errors.unsupportedOperators(new Map([...counts].sort())));
}

function constOf(ctx: FoldContext, n: OnnxNode, slot: number): QConst | undefined {
  const name = n.inputs[slot];
  if (name === undefined || name === '') return undefined;
  const v = ctx.value(n, slot);
  if (v.kind !== 'const')
    unsupported(
      n,
      `input ${slot} is computed; Anvil needs constant (DequantizeLinear of an initializer) weights`,
      'keep weights as initializers',
    );
  return v.c;
}

function foldNode(ctx: FoldContext, n: OnnxNode): void {
  if (n.domain === 'com.microsoft' || QOPERATOR_OPS.has(n.opType)) {
    foldQOperator(ctx, n);
    return;
  }
  const first = n.outputs[0] ?? '';
  const quantized = () => {
    const o = ctx.outputQuant(n, first);
    for (const a of o.absorbed) ctx.absorbed.add(a);
    return o;
  };
  switch (n.opType) {
    case 'QuantizeLinear':
      return foldQuantizeLinear(ctx, n);
    case 'DequantizeLinear':
      return foldDequantizeLinear(ctx, n);
    case 'Conv':
      return foldConv(ctx, n, ctx.act(n, 0), constOf(ctx, n, 1) as QConst, constOf(ctx, n, 2), quantized());
    case 'Gemm': {
      const transB = checkGemm(ctx, n);
      return foldFullyConnected(ctx, n, ctx.act(n, 0), constOf(ctx, n, 1) as QConst, constOf(ctx, n, 2), transB, quantized());
    }
    case 'MatMul':
      return foldFullyConnected(ctx, n, ctx.act(n, 0), constOf(ctx, n, 1) as QConst, undefined, false, quantized());
    case 'AveragePool':
    case 'GlobalAveragePool':
      return foldPool(ctx, n, 'average', n.opType.startsWith('Global'), ctx.act(n, 0), quantized());
    case 'MaxPool':
    case 'GlobalMaxPool': {
      if (n.outputs.length > 1 && n.outputs[1] !== '') unsupported(n, 'returns indices', 'export MaxPool without the indices output');
      const x = ctx.act(n, 0);
      // QOperator graphs pool int8 tensors directly (ONNX MaxPool takes int8): the scale carries through.
      const out = ctx.isInt8(n.inputs[0] ?? '') ? { name: first, q: ctx.b.quantOf(x), activation: 'NONE' as const } : quantized();
      return foldPool(ctx, n, 'max', n.opType.startsWith('Global'), x, out);
    }
    case 'Add':
    case 'Mul':
      return foldBinary(ctx, n, n.opType === 'Add' ? 'ADD' : 'MUL', ctx.value(n, 0), ctx.value(n, 1), quantized());
    case 'Concat':
      return foldConcat(
        ctx,
        n,
        n.inputs.map((_, i) => ctx.act(n, i)),
        quantized(),
      );
    case 'Softmax':
      return foldSoftmax(ctx, n);
    case 'Relu':
    case 'Clip':
      return unsupported(
        n,
        'applies an activation to a value that is already quantized',
        'put the activation between its operator and the QuantizeLinear',
      );
    default:
      if (LAYOUT_OPS.has(n.opType)) {
        ctx.define(first, foldLayout(ctx, n, ctx.act(n, 0)));
        if (ctx.floatViews.has(n.inputs[0] ?? '')) ctx.floatViews.add(first);
        return;
      }
      unsupported(n, 'is not supported', 'see the importer README for the supported operators');
  }
}

/**
 * ONNX (QDQ or QOperator, int8) → Anvil's int8 graph. Every DequantizeLinear → float op →
 * QuantizeLinear group becomes one int8 op whose output quantization is the QuantizeLinear's
 * (a ReLU folded into its zero point clamps through the int8 range, as written). NCHW
 * tensors are stored NHWC once, at the graph input and at every op that makes one; layout
 * operators relabel or view. The graph's float edges are left to the application and noted.
 */
export function toGraph(model: OnnxModel, name: string): Graph {
  return foldModel(model, name).graph;
}

/** Where an ONNX int8 value lives in the imported graph: a tensor, and the perm from ONNX's axes to its stored axes. */
export interface OnnxValueLayout {
  readonly tensor: number;
  readonly logicalShape: readonly number[];
  /** Stored axis i is ONNX axis perm[i]. */
  readonly perm: readonly number[];
}

export interface FoldedModel {
  readonly graph: Graph;
  /** Every int8 activation of the ONNX graph (QuantizeLinear outputs, their float views, QLinear* outputs) by name. */
  readonly values: ReadonlyMap<string, OnnxValueLayout>;
}

/** As `toGraph`, also saying where each ONNX value went, so tools can compare tensors by ONNX name. */
export function foldModel(model: OnnxModel, name: string): FoldedModel {
  checkOperators(model);
  const b = new GraphBuilder();
  const ctx = new FoldContext(model, b);
  const inputs = model.inputs.map((i) => graphInput(ctx, i.name, i.elemType, i.dims));
  for (const n of model.nodes) {
    if (ctx.absorbed.has(n)) continue;
    if (n.outputs.length === 0 || n.outputs[0] === '') fail(errors.modelCorrupt(`${label(n)} has no output`));
    foldNode(ctx, n);
  }
  const outputs = model.outputs.map((o) => graphOutput(ctx, o.name, o.elemType));
  const source: Record<string, string> = {
    format: 'onnx',
    irVersion: String(model.irVersion),
    opset: String(model.opset),
  };
  if (model.producer !== '') source['producer'] = model.producer;
  if (b.applicationSteps.length > 0) source['application'] = b.applicationSteps.join('\n');
  if (b.notes.length > 0) source['notes'] = b.notes.join('\n');
  const values = new Map<string, OnnxValueLayout>();
  for (const [k, v] of ctx.values)
    if (v.kind === 'act') values.set(k, { tensor: v.act.tensor, logicalShape: v.act.logical, perm: v.act.perm });
  // onnxruntime rescales in float with one rounding; the graph asks every backend for the same.
  return { graph: { name, tensors: b.tensors, nodes: b.nodes, inputs, outputs, source, requantRounding: 'single' }, values };
}

import { AnvilError, errors, fail } from '@anvil/core';
import { checkDecodeBudget, MAX_MODEL_BYTES } from './decode-budget.js';
import { elementsOf, readInitializer } from './initializer.js';
import { safeInt } from './int64.js';
import type { OnnxAttribute, OnnxInitializer, OnnxModel, OnnxNode, OnnxValueInfo } from './onnx-model.js';
import type { DecodedAttribute, DecodedGraph, DecodedModel, DecodedNode, DecodedValueInfo } from './schema/decoded.js';
import { modelType } from './schema/onnx-proto.js';

/** Default-domain opsets whose QuantizeLinear/DequantizeLinear semantics Anvil implements. */
export const MIN_OPSET = 10;
export const MAX_OPSET = 22;
export const MAX_NODES = 1 << 16;
export const MAX_INITIALIZERS = 1 << 16;

const ATTRIBUTE_TYPES = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

function decode(bytes: Uint8Array, fileName: string): DecodedModel {
  if (bytes.length === 0) fail(errors.modelTooSmall(0, 1));
  if (bytes.length > MAX_MODEL_BYTES) fail(errors.modelTooLarge(fileName, bytes.length, MAX_MODEL_BYTES));
  const type = modelType();
  try {
    checkDecodeBudget(bytes, type);
    return type.decode(bytes) as unknown as DecodedModel;
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    // protobufjs reports bad wire data with plain Errors (index out of range, invalid wire type).
    fail(errors.modelCorrupt(`not a readable ONNX protobuf: ${e instanceof Error ? e.message : String(e)}`), e);
  }
}

function attribute(a: DecodedAttribute, what: string): OnnxAttribute {
  switch (a.type) {
    case ATTRIBUTE_TYPES.FLOAT:
      return { kind: 'float', value: a.f };
    case ATTRIBUTE_TYPES.INT:
      return { kind: 'int', value: safeInt(a.i, what) };
    case ATTRIBUTE_TYPES.STRING:
      return { kind: 'string', value: new TextDecoder().decode(a.s) };
    case ATTRIBUTE_TYPES.FLOATS:
      return { kind: 'floats', value: [...a.floats] };
    case ATTRIBUTE_TYPES.INTS:
      return { kind: 'ints', value: a.ints.map((v) => safeInt(v, what)) };
    default:
      return { kind: 'other', type: a.type };
  }
}

function node(n: DecodedNode, index: number): OnnxNode {
  const attributes = new Map<string, OnnxAttribute>();
  for (const a of n.attribute) attributes.set(a.name, attribute(a, `attribute ${a.name} of node ${index} (${n.op_type})`));
  return {
    index,
    name: n.name,
    opType: n.op_type,
    domain: n.domain === 'ai.onnx' ? '' : n.domain,
    inputs: [...n.input],
    outputs: [...n.output],
    attributes,
  };
}

function valueInfo(v: DecodedValueInfo, role: string): OnnxValueInfo {
  const tt = v.type?.tensor_type;
  if (tt === undefined || tt === null)
    fail(errors.modelUnsupportedFeature(`graph ${role} "${v.name}" is not a tensor`, 'Anvil imports tensor inputs and outputs only'));
  const dims = (tt.shape?.dim ?? []).map((d, axis) => {
    // A named dimension is a free batch size only on axis 0; Anvil compiles batch 1.
    if (d.dim_param !== '' && axis === 0) return 1;
    const n = safeInt(d.dim_value, `dimension ${axis} of graph ${role} "${v.name}"`);
    if (d.dim_param !== '' || n <= 0) {
      fail(
        errors.modelUnsupportedFeature(
          `graph ${role} "${v.name}" has a dynamic dimension ${axis}`,
          'export the model with fixed shapes (batch 1)',
        ),
      );
    }
    return n;
  });
  // The same element bound as constants: shapes derived from these size what the import allocates.
  elementsOf(dims, `graph ${role} "${v.name}"`);
  return { name: v.name, elemType: tt.elem_type, dims };
}

function defaultOpset(m: DecodedModel): number {
  const entry = m.opset_import.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  const opset = entry === undefined ? 0 : safeInt(entry.version, 'opset version');
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    fail(
      errors.modelUnsupportedFeature(
        entry === undefined ? 'the model imports no default-domain opset' : `the model uses opset ${opset}`,
        `convert it to an opset between ${MIN_OPSET} and ${MAX_OPSET} (onnx.version_converter)`,
      ),
    );
  }
  return opset;
}

function graphOf(m: DecodedModel): DecodedGraph {
  const g = m.graph;
  if (g === undefined || g === null) fail(errors.modelCorrupt('the model has no graph'));
  if (g.node.length > MAX_NODES) fail(errors.modelCorrupt(`the graph has ${g.node.length} nodes (limit ${MAX_NODES})`));
  if (g.initializer.length > MAX_INITIALIZERS) {
    fail(errors.modelCorrupt(`the graph has ${g.initializer.length} initializers (limit ${MAX_INITIALIZERS})`));
  }
  if (g.sparse_initializer.length > 0) {
    fail(errors.modelUnsupportedFeature('the graph has sparse initializers', 'export the model with dense weights'));
  }
  return g;
}

/**
 * ONNX protobuf → OnnxModel. Size, decode budget and opset are checked first; then every
 * initializer, node and graph input/output is converted and checked. Throws AnvilError only.
 */
export function readModel(bytes: Uint8Array, fileName: string): OnnxModel {
  const m = decode(bytes, fileName);
  const g = graphOf(m);
  const opset = defaultOpset(m);
  const initializers = new Map<string, OnnxInitializer>();
  for (const t of g.initializer) {
    if (initializers.has(t.name)) fail(errors.modelCorrupt(`initializer "${t.name}" is defined twice`));
    initializers.set(t.name, readInitializer(t));
  }
  return {
    irVersion: safeInt(m.ir_version, 'ir_version'),
    producer: [m.producer_name, m.producer_version].filter((s) => s !== '').join(' '),
    opset,
    graphName: g.name,
    nodes: g.node.map(node),
    initializers,
    // Before IR 4 initializers were listed as graph inputs too; they are constants, not inputs.
    inputs: g.input.filter((v) => !initializers.has(v.name)).map((v) => valueInfo(v, 'input')),
    outputs: g.output.map((v) => valueInfo(v, 'output')),
  };
}

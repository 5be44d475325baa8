import { errors, fail, isOpType, LSTM_INPUTS, perTensor } from '@anvil/core';
import type { DType, Graph, Node, OpType, Quantization, Tensor } from '@anvil/core';
import type { FlatReader } from './flat-reader.js';
import { readAttrs, unsupportedVariants } from './operator-options.js';
import { readBuffer, readTensor } from './read-model.js';
import type { RawModel, RawOperator, RawTensor } from './read-model.js';
import { OTHER_TENSOR_TYPES, TENSOR_TYPES } from './schema/tensor-types.js';

/** TFLite operators that map onto an IR op under another name. */
const ALIASES: ReadonlyMap<string, OpType> = new Map<string, OpType>([['PADV2', 'PAD']]);

export function irOp(name: string): OpType | undefined {
  return ALIASES.get(name) ?? (isOpType(name) ? name : undefined);
}

/**
 * The IR op of every operator, after checking them all: unsupported operators are reported
 * together, by name and count, before any tensor is read.
 */
export function resolveOps(model: RawModel): OpType[] {
  const unsupported = new Map<string, number>();
  const ops = model.subgraph.operators.map((o, i) => {
    const code = model.opcodes[o.opcodeIndex];
    if (code === undefined) fail(errors.modelIndexOutOfRange(`operator ${i} opcode`, o.opcodeIndex, model.opcodes.length));
    const op = irOp(code.name);
    if (op === undefined) unsupported.set(code.name, (unsupported.get(code.name) ?? 0) + 1);
    return op;
  });
  if (unsupported.size > 0) fail(errors.unsupportedOperators(new Map([...unsupported].sort())));
  return ops as OpType[];
}

function dtypeOf(t: RawTensor): DType {
  const d = TENSOR_TYPES.get(t.type);
  if (d === undefined) {
    const name = OTHER_TENSOR_TYPES.get(t.type) ?? `type code ${t.type}`;
    fail(
      errors.modelUnsupportedFeature(
        `tensor "${t.name}" has element type ${name}`,
        'Anvil compiles int8 models; quantize with full-integer quantization',
      ),
    );
  }
  return d;
}

function quantOf(t: RawTensor): Quantization | undefined {
  if (t.scale.length === 0) return undefined;
  const zeroPoint = t.zeroPoint.length === 0 ? t.scale.map(() => 0) : t.zeroPoint;
  if (zeroPoint.length !== t.scale.length) {
    fail(errors.modelCorrupt(`tensor "${t.name}" has ${t.scale.length} scales but ${zeroPoint.length} zero points`));
  }
  if (t.scale.length === 1) return perTensor(t.scale[0] ?? 0, zeroPoint[0] ?? 0);
  return { scale: t.scale, zeroPoint, axis: channelAxis(t) };
}

/**
 * The per-channel axis. Some converters stamp the filter's axis (3) on rank-1 biases too
 * (person_detect does); TFLite ignores it there, so when the stored axis is out of range we
 * take the one axis whose extent matches the number of scales, and fail only if that is ambiguous.
 */
function channelAxis(t: RawTensor): number {
  if (t.quantizedDimension >= 0 && t.quantizedDimension < t.shape.length) return t.quantizedDimension;
  const candidates = t.shape.flatMap((d, i) => (d === t.scale.length ? [i] : []));
  if (candidates.length !== 1) {
    fail(errors.modelCorrupt(`tensor "${t.name}" is quantized along axis ${t.quantizedDimension} but has rank ${t.shape.length}`));
  }
  return candidates[0] as number;
}

function toTensor(r: FlatReader, model: RawModel, raw: RawTensor, id: number): Tensor {
  if (raw.sparse) fail(errors.modelUnsupportedFeature(`tensor "${raw.name}" is sparse`, 'export the model with dense weights'));
  if (raw.shape.some((d) => d < 0)) {
    fail(
      errors.modelUnsupportedFeature(
        `tensor "${raw.name}" has a dynamic shape [${raw.shape.join(',')}]`,
        'export with fixed input shapes (batch 1)',
      ),
    );
  }
  const bufferTable = model.buffers[raw.buffer];
  if (bufferTable === undefined && raw.buffer !== 0) {
    fail(errors.modelIndexOutOfRange(`tensor "${raw.name}" buffer`, raw.buffer, model.buffers.length));
  }
  const bytes = bufferTable === undefined ? new Uint8Array(0) : readBuffer(r, bufferTable);
  const quant = quantOf(raw);
  const base = { id, name: raw.name, shape: raw.shape, dtype: dtypeOf(raw) };
  // Copy constants out of the file so typed-array views of them are aligned. A variable
  // tensor's bytes are not a constant but the state's starting value.
  const stored = bytes.byteLength > 0 ? bytes.slice() : undefined;
  const withData = raw.variable
    ? { ...base, persistent: true, ...(stored === undefined ? {} : { initial: stored }) }
    : stored === undefined
      ? base
      : { ...base, data: stored };
  return quant === undefined ? withData : { ...withData, quant };
}

function checkTensorRefs(ids: readonly number[], count: number, what: string, allowAbsent: boolean): void {
  for (const id of ids) {
    if (allowAbsent && id === -1) continue;
    if (id < 0 || id >= count) fail(errors.modelIndexOutOfRange(`${what} tensor`, id, count));
  }
}

/** Older files stop an operator's input list at its last present slot; the rest are absent. */
function padInputs(inputs: readonly number[], count: number): number[] {
  return [...inputs, ...new Array<number>(Math.max(0, count - inputs.length)).fill(-1)];
}

/**
 * Operators Anvil knows but not in every variant the format allows: each variant in use is
 * reported like an unsupported operator, by the option that is not supported, all together.
 */
function refuseVariants(r: FlatReader, operators: readonly RawOperator[], ops: readonly OpType[], tensors: readonly Tensor[]): void {
  const unsupported = new Map<string, number>();
  operators.forEach((raw, i) => {
    const op = ops[i] as OpType;
    for (const v of unsupportedVariants(r, op, raw, `${op} #${i}`, (t) => tensors[t]?.dtype)) {
      const name = `${op} (${v})`;
      unsupported.set(name, (unsupported.get(name) ?? 0) + 1);
    }
  });
  if (unsupported.size > 0) fail(errors.unsupportedOperators(new Map([...unsupported].sort())));
}

/** Converts the raw model into the IR; `ops` comes from `resolveOps`. */
export function toGraph(r: FlatReader, model: RawModel, ops: readonly OpType[], name: string): Graph {
  const sg = model.subgraph;
  const tensorTables = r.tableVector(sg.table, 0, 'SubGraph.tensors');
  const tensors = tensorTables.map((t, i) => toTensor(r, model, readTensor(r, t), i));
  checkTensorRefs(sg.inputs, tensors.length, 'subgraph input', false);
  checkTensorRefs(sg.outputs, tensors.length, 'subgraph output', false);
  sg.operators.forEach((raw, i) => {
    const label = `${ops[i] ?? ''} #${i}`;
    checkTensorRefs(raw.inputs, tensors.length, `${label} input`, true);
    checkTensorRefs(raw.outputs, tensors.length, `${label} output`, false);
  });
  refuseVariants(r, sg.operators, ops, tensors);
  const nodes = sg.operators.map((raw, i): Node => {
    const op = ops[i] as OpType;
    const label = `${op} #${i}`;
    const outName = tensors[raw.outputs[0] ?? -1]?.name ?? '';
    const inputs = op === 'UNIDIRECTIONAL_SEQUENCE_LSTM' ? padInputs(raw.inputs, LSTM_INPUTS) : raw.inputs;
    return { id: i, op, name: outName, inputs, outputs: raw.outputs, attrs: readAttrs(r, op, raw, label) } as Node;
  });
  return {
    name,
    tensors,
    nodes,
    inputs: sg.inputs,
    outputs: sg.outputs,
    source: { format: 'tflite', schemaVersion: String(model.version), subgraph: sg.name },
  };
}

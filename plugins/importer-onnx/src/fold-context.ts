import { errors, fail } from '@anvil/core';
import type { Activation } from '@anvil/core';
import type { Act, GraphBuilder, QParams } from './graph-builder.js';
import { identity, permute, sameOrder, samePerm } from './layout.js';
import { ONNX_DTYPE } from './onnx-model.js';
import type { OnnxAttribute, OnnxInitializer, OnnxModel, OnnxNode } from './onnx-model.js';

/** An integer constant behind a DequantizeLinear (or a QLinear* operand), with its quantization. */
export interface QConst {
  readonly name: string;
  readonly init: OnnxInitializer;
  /** int8 data with uint8 shifted by -128, or the int32 data as stored. */
  readonly bytes: Uint8Array;
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  /** The logical axis the scales run along (meaningful when there are several). */
  readonly axis: number;
}

export type Value = { readonly kind: 'act'; readonly act: Act } | { readonly kind: 'const'; readonly c: QConst };

/** Where a float result goes: the QuantizeLinear that gives its int8 tensor, and any activation between. */
export interface OutputQuant {
  readonly q: QParams;
  readonly name: string;
  readonly activation: Activation;
  /** Nodes the op absorbs (the Relu/Clip and the QuantizeLinear). */
  readonly absorbed: readonly OnnxNode[];
}

export function label(n: OnnxNode): string {
  return `${n.opType} node ${n.index}${n.name === '' ? '' : ` ("${n.name}")`}`;
}

export function unsupported(n: OnnxNode, what: string, hint: string): never {
  fail(errors.modelUnsupportedFeature(`${label(n)}: ${what}`, hint));
}

/** Shared state of one import: the ONNX model, the Graph being built, and what each ONNX value became. */
export class FoldContext {
  readonly values = new Map<string, Value>();
  readonly absorbed = new Set<OnnxNode>();
  /**
   * ONNX names that are float in the model but int8 in Anvil (DequantizeLinear outputs, float
   * graph inputs, layout operators on those): every other value is int8 in ONNX too.
   */
  readonly floatViews = new Set<string>();
  private readonly consumers = new Map<string, OnnxNode[]>();
  private readonly graphOutputs: ReadonlySet<string>;

  constructor(
    readonly model: OnnxModel,
    readonly b: GraphBuilder,
  ) {
    for (const n of model.nodes) {
      for (const i of n.inputs) if (i !== '') this.consumers.set(i, [...(this.consumers.get(i) ?? []), n]);
    }
    this.graphOutputs = new Set(model.outputs.map((o) => o.name));
  }

  consumersOf(name: string): readonly OnnxNode[] {
    return this.consumers.get(name) ?? [];
  }

  isGraphOutput(name: string): boolean {
    return this.graphOutputs.has(name);
  }

  attr(n: OnnxNode, name: string): OnnxAttribute | undefined {
    return n.attributes.get(name);
  }

  int(n: OnnxNode, name: string, fallback: number): number {
    const a = n.attributes.get(name);
    if (a === undefined) return fallback;
    if (a.kind !== 'int') fail(errors.modelCorrupt(`${label(n)}: attribute ${name} is not an integer`));
    return a.value;
  }

  float(n: OnnxNode, name: string, fallback: number): number {
    const a = n.attributes.get(name);
    if (a === undefined) return fallback;
    if (a.kind !== 'float') fail(errors.modelCorrupt(`${label(n)}: attribute ${name} is not a float`));
    return a.value;
  }

  ints(n: OnnxNode, name: string): readonly number[] | undefined {
    const a = n.attributes.get(name);
    if (a === undefined) return undefined;
    if (a.kind !== 'ints') fail(errors.modelCorrupt(`${label(n)}: attribute ${name} is not a list of integers`));
    return a.value;
  }

  string(n: OnnxNode, name: string, fallback: string): string {
    const a = n.attributes.get(name);
    if (a === undefined) return fallback;
    if (a.kind !== 'string') fail(errors.modelCorrupt(`${label(n)}: attribute ${name} is not a string`));
    return a.value;
  }

  /** Input `slot` of `n`, which must be present. */
  inputName(n: OnnxNode, slot: number): string {
    const name = n.inputs[slot];
    if (name === undefined || name === '') fail(errors.modelCorrupt(`${label(n)} lacks input ${slot}`));
    return name;
  }

  initializer(n: OnnxNode, slot: number): OnnxInitializer {
    const name = this.inputName(n, slot);
    const init = this.model.initializers.get(name);
    if (init === undefined)
      unsupported(n, `input ${slot} ("${name}") is computed, Anvil needs a constant there`, 'fold constants before exporting (onnxsim)');
    return init;
  }

  /** Scale (float32) and zero point (int8/uint8, or int32 for biases) values of constant operands. */
  scalesOf(n: OnnxNode, slot: number): number[] {
    const init = this.initializer(n, slot);
    if (init.dataType !== ONNX_DTYPE.FLOAT) unsupported(n, `scale "${init.name}" is not float32`, 'export float32 scales');
    const view = new DataView(init.bytes.buffer, init.bytes.byteOffset, init.bytes.byteLength);
    return Array.from({ length: init.bytes.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }

  /** Zero points as signed values of Anvil's int8 (uint8 ones shifted by -128); absent means 0 of `fallbackType`. */
  zeroPointsOf(n: OnnxNode, slot: number, count: number): { values: number[]; uint8: boolean } {
    const name = n.inputs[slot];
    if (name === undefined || name === '') return { values: new Array<number>(count).fill(0), uint8: false };
    const init = this.initializer(n, slot);
    const v = new DataView(init.bytes.buffer, init.bytes.byteOffset, init.bytes.byteLength);
    switch (init.dataType) {
      case ONNX_DTYPE.INT8:
        return { values: Array.from({ length: init.bytes.length }, (_, i) => v.getInt8(i)), uint8: false };
      case ONNX_DTYPE.UINT8:
        return { values: Array.from({ length: init.bytes.length }, (_, i) => v.getUint8(i) - 128), uint8: true };
      case ONNX_DTYPE.INT32:
        return { values: Array.from({ length: init.bytes.length / 4 }, (_, i) => v.getInt32(4 * i, true)), uint8: false };
      default:
        return unsupported(n, `zero point "${init.name}" has an element type Anvil does not quantize to`, 'quantize to int8');
    }
  }

  /** The single per-tensor scale and zero point of operands (scaleSlot, scaleSlot + 1). */
  perTensor(n: OnnxNode, scaleSlot: number): QParams {
    const scales = this.scalesOf(n, scaleSlot);
    const zps = this.zeroPointsOf(n, scaleSlot + 1, 1).values;
    if (scales.length !== 1 || zps.length !== 1) {
      unsupported(
        n,
        `activation quantization has ${scales.length} scales and ${zps.length} zero points`,
        'quantize activations per tensor',
      );
    }
    return { scale: scales[0] ?? 0, zeroPoint: zps[0] ?? 0 };
  }

  /** A constant integer tensor with its (possibly per-channel) quantization along `axis`. */
  qconst(n: OnnxNode, dataSlot: number, scaleSlot: number, axis: number): QConst {
    const init = this.initializer(n, dataSlot);
    const scale = this.scalesOf(n, scaleSlot);
    const zp = this.zeroPointsOf(n, scaleSlot + 1, scale.length);
    if (zp.values.length !== scale.length) {
      fail(errors.modelCorrupt(`${label(n)}: ${scale.length} scales but ${zp.values.length} zero points`));
    }
    const rank = init.dims.length;
    const a = axis < 0 ? axis + rank : axis;
    if (scale.length > 1 && (a < 0 || a >= rank || init.dims[a] !== scale.length)) {
      fail(errors.modelCorrupt(`${label(n)}: ${scale.length} scales along axis ${axis} of "${init.name}" [${init.dims.join(',')}]`));
    }
    let bytes = init.bytes;
    if (init.dataType === ONNX_DTYPE.UINT8) bytes = init.bytes.map((u) => u ^ 0x80);
    else if (init.dataType !== ONNX_DTYPE.INT8 && init.dataType !== ONNX_DTYPE.INT32) {
      unsupported(n, `"${init.name}" is not an int8, uint8 or int32 constant`, 'quantize weights to int8 and biases to int32');
    }
    return { name: init.name, init, bytes, scale, zeroPoint: zp.values, axis: a };
  }

  value(n: OnnxNode, slot: number): Value {
    const name = this.inputName(n, slot);
    const v = this.values.get(name);
    if (v !== undefined) return v;
    if (this.model.initializers.has(name)) {
      unsupported(
        n,
        `input ${slot} ("${name}") is a float constant; Anvil computes on int8 values`,
        'quantize the model (QDQ or QOperator)',
      );
    }
    return fail(errors.modelCorrupt(`${label(n)} reads "${name}" before any node produces it (nodes must be in topological order)`));
  }

  act(n: OnnxNode, slot: number): Act {
    const v = this.value(n, slot);
    if (v.kind !== 'act')
      unsupported(
        n,
        `input ${slot} ("${v.c.name}") is a constant where Anvil needs an activation`,
        'fold constant subgraphs before exporting',
      );
    return v.act;
  }

  /** The same values stored in layout `perm`; a RESHAPE when only unit axes move, else unsupported. */
  materialize(n: OnnxNode, act: Act, perm: readonly number[]): Act {
    if (samePerm(act.perm, perm)) return act;
    if (!sameOrder(act.logical, act.perm, perm)) {
      unsupported(
        n,
        `needs its input [${act.logical.join(',')}] in axis order [${perm.join(',')}] but it is stored as [${act.perm.join(',')}]; Anvil has no transpose operator`,
        'move the transpose to where only unit axes move, or export the model channels-last',
      );
    }
    const t = this.b.tensors[act.tensor];
    const out = this.b.addAct(`${t?.name ?? 'x'}:${perm.join('')}`, act.logical, perm, this.b.quantOf(act));
    this.b.addNode('RESHAPE', `${t?.name ?? 'x'}:${perm.join('')}`, [act.tensor], [out.tensor], {});
    return out;
  }

  /** The values in ONNX's own (row-major logical) order, as FULLY_CONNECTED and reshapes read them. */
  logicalOrder(n: OnnxNode, act: Act): Act {
    if (sameOrder(act.logical, act.perm, identity(act.logical.length))) return act;
    return this.materialize(n, act, identity(act.logical.length));
  }

  /**
   * Where the float result `name` of a float operator is quantized: its only consumer must be
   * a QuantizeLinear, optionally behind a Relu or Clip(0, 6), which become the op's fused activation.
   */
  outputQuant(n: OnnxNode, name: string): OutputQuant {
    const absorbed: OnnxNode[] = [];
    let activation: Activation = 'NONE';
    let current = name;
    for (;;) {
      const users = this.consumersOf(current);
      const only = users[0];
      if (users.length !== 1 || only === undefined || this.isGraphOutput(current)) {
        unsupported(
          n,
          `its float output "${current}" is not quantized by exactly one QuantizeLinear`,
          'quantize every operator output (QDQ format)',
        );
      }
      if (only.opType === 'QuantizeLinear' && only.domain === '') {
        absorbed.push(only);
        const out = only.outputs[0] ?? '';
        return { q: this.perTensor(only, 1), name: out, activation, absorbed };
      }
      if (activation === 'NONE' && only.opType === 'Relu') activation = 'RELU';
      else if (activation === 'NONE' && only.opType === 'Clip' && this.isRelu6(only)) activation = 'RELU6';
      else unsupported(n, `its float output feeds ${label(only)} before any QuantizeLinear`, 'quantize every operator output (QDQ format)');
      absorbed.push(only);
      current = only.outputs[0] ?? '';
    }
  }

  private isRelu6(clip: OnnxNode): boolean {
    const bound = (slot: number, attr: string): number | undefined => {
      const name = clip.inputs[slot];
      if (name !== undefined && name !== '') {
        const init = this.model.initializers.get(name);
        if (init?.dataType !== ONNX_DTYPE.FLOAT || init.bytes.length !== 4) return undefined;
        return new DataView(init.bytes.buffer, init.bytes.byteOffset, 4).getFloat32(0, true);
      }
      return this.float(clip, attr, Number.NaN);
    };
    return bound(1, 'min') === 0 && bound(2, 'max') === 6;
  }

  /** Whether ONNX itself holds `name` as an integer tensor (a QuantizeLinear or QLinear* output). */
  isInt8(name: string): boolean {
    return this.values.get(name)?.kind === 'act' && !this.floatViews.has(name);
  }

  /** Records the int8 result of an op under its QuantizeLinear's output name. */
  define(name: string, act: Act, absorbed: readonly OnnxNode[] = []): void {
    this.values.set(name, { kind: 'act', act });
    for (const a of absorbed) this.absorbed.add(a);
  }

  newAct(name: string, logical: readonly number[], perm: readonly number[], q: QParams): Act {
    return this.b.addAct(name, logical, perm, q);
  }

  shapeOf(act: Act): number[] {
    return permute(act.logical, act.perm);
  }
}

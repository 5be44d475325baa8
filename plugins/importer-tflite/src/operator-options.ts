import { errors, fail } from '@anvil/core';
import type { Activation, DType, OpAttrs, OpType, Padding } from '@anvil/core';
import { unsupportedLstmVariants } from './lstm-variant.js';
import { unsupportedSvdfVariants } from './svdf-variant.js';
import type { FlatReader } from './flat-reader.js';
import type { LstmOptions } from './lstm-variant.js';
import type { SvdfOptions } from './svdf-variant.js';
import type { RawOperator } from './read-model.js';

/** BuiltinOptions union tags (schema.fbs) of the option tables read here. */
const OPTIONS_TAG: Partial<Record<OpType, number>> = {
  CONV_2D: 1,
  DEPTHWISE_CONV_2D: 2,
  AVERAGE_POOL_2D: 5,
  MAX_POOL_2D: 5,
  FULLY_CONNECTED: 8,
  SOFTMAX: 9,
  CONCATENATION: 10,
  ADD: 11,
  MUL: 21,
  MEAN: 27,
  SVDF: 6,
  UNIDIRECTIONAL_SEQUENCE_LSTM: 71,
  TRANSPOSE: 26,
  STRIDED_SLICE: 32,
  SPLIT: 35,
  PACK: 59,
  UNPACK: 64,
  GATHER: 23,
  SUB: 28,
  MINIMUM: 39,
  MAXIMUM: 39,
  SQUARED_DIFFERENCE: 76,
};

const ACTIVATIONS: ReadonlyMap<number, Activation> = new Map<number, Activation>([
  [0, 'NONE'],
  [1, 'RELU'],
  [2, 'RELU_N1_TO_1'],
  [3, 'RELU6'],
]);

/** Reads one options table; absent fields take the schema defaults. */
class Options {
  constructor(
    private readonly r: FlatReader,
    private readonly table: number | undefined,
    private readonly label: string,
  ) {}

  int(id: number, fallback = 0): number {
    return this.table === undefined ? fallback : this.r.scalarField(this.table, id, 'i32', fallback, `${this.label} options`);
  }

  byte(id: number, fallback = 0): number {
    return this.table === undefined ? fallback : this.r.scalarField(this.table, id, 'i8', fallback, `${this.label} options`);
  }

  float(id: number, fallback = 0): number {
    return this.table === undefined ? fallback : this.r.scalarField(this.table, id, 'f32', fallback, `${this.label} options`);
  }

  bool(id: number): boolean {
    return this.byte(id) !== 0;
  }

  padding(id: number): Padding {
    const p = this.byte(id);
    if (p !== 0 && p !== 1) fail(errors.modelCorrupt(`${this.label} has padding code ${p}`));
    return p === 0 ? 'SAME' : 'VALID';
  }

  activation(id: number): Activation {
    const code = this.byte(id);
    const a = ACTIVATIONS.get(code);
    if (a === undefined) {
      const name = code === 4 ? 'TANH' : code === 5 ? 'SIGN_BIT' : `code ${code}`;
      fail(errors.modelUnsupportedFeature(`${this.label} has fused activation ${name}`, 'use RELU, RELU6 or no fused activation'));
    }
    return a;
  }
}

/** The typed attributes of a supported operator from its TFLite options table. */
export function readAttrs<K extends OpType>(r: FlatReader, op: K, raw: RawOperator, label: string): OpAttrs[K] {
  const tag = OPTIONS_TAG[op];
  if (tag !== undefined && raw.optionsType !== 0 && raw.optionsType !== tag) {
    fail(errors.modelCorrupt(`${label} carries options of union type ${raw.optionsType}, expected ${tag}`));
  }
  const o = new Options(r, tag === undefined ? undefined : raw.options, label);
  const attrs: { [P in OpType]: () => OpAttrs[P] } = {
    ADD: () => ({ activation: o.activation(0) }),
    MUL: () => ({ activation: o.activation(0) }),
    CONV_2D: () => ({
      padding: o.padding(0),
      strideW: o.int(1),
      strideH: o.int(2),
      activation: o.activation(3),
      dilationW: o.int(4, 1),
      dilationH: o.int(5, 1),
    }),
    DEPTHWISE_CONV_2D: () => ({
      padding: o.padding(0),
      strideW: o.int(1),
      strideH: o.int(2),
      depthMultiplier: o.int(3),
      activation: o.activation(4),
      dilationW: o.int(5, 1),
      dilationH: o.int(6, 1),
    }),
    AVERAGE_POOL_2D: () => pool(o),
    MAX_POOL_2D: () => pool(o),
    FULLY_CONNECTED: () => {
      if (o.byte(1) !== 0) fail(errors.modelUnsupportedFeature(`${label} uses shuffled weights`, 'export with the default weights format'));
      return { activation: o.activation(0), keepNumDims: o.bool(2) };
    },
    SOFTMAX: () => ({ beta: o.float(0) }),
    CONCATENATION: () => ({ axis: o.int(0), activation: o.activation(1) }),
    MEAN: () => ({ keepDims: o.bool(0) }),
    // Variants are refused before this (see lstm-variant.ts); what remains are these two.
    UNIDIRECTIONAL_SEQUENCE_LSTM: () => ({ timeMajor: o.bool(3), cellClip: o.float(1) }),
    // Variants are refused before this (see svdf-variant.ts): the activation is NONE or RELU.
    SVDF: () => ({ rank: o.int(0), activation: o.byte(1) === 1 ? 'RELU' : 'NONE' }),
    RESHAPE: () => ({}),
    PAD: () => ({}),
    QUANTIZE: () => ({}),
    DEQUANTIZE: () => ({}),
    LOGISTIC: () => ({}),
    TRANSPOSE: () => ({}),
    STRIDED_SLICE: () => {
      // Ellipsis, new axes and offset change which axes begin and end address; refused by name.
      unsupportedIf(o.int(2) !== 0, 'STRIDED_SLICE', 'ellipsis_mask');
      unsupportedIf(o.int(3) !== 0, 'STRIDED_SLICE', 'new_axis_mask');
      unsupportedIf(o.bool(5), 'STRIDED_SLICE', 'offset');
      return { beginMask: o.int(0), endMask: o.int(1), shrinkAxisMask: o.int(4) };
    },
    SPLIT: () => ({ numSplits: o.int(0) }),
    PACK: () => ({ count: o.int(0), axis: o.int(1) }),
    UNPACK: () => ({ count: o.int(0), axis: o.int(1) }),
    GATHER: () => {
      unsupportedIf(o.int(1) !== 0, 'GATHER', 'batch_dims');
      return { axis: o.int(0), batchDims: 0 };
    },
    SUB: () => ({ activation: o.activation(0) }),
    MINIMUM: () => ({}),
    MAXIMUM: () => ({}),
    SQUARED_DIFFERENCE: () => ({}),
    TANH: () => ({}),
    RSQRT: () => ({}),
    // Made by offloaders from supported nodes; no TFLite operator code maps to it.
    OFFLOAD_REGION: () => fail(errors.modelUnsupportedFeature(`${label} is an offloaded region`, 'import the model before partitioning')),
    // Made by the patch-stage pass; no TFLite operator code maps to it either.
    PATCH_STAGE: () => fail(errors.modelUnsupportedFeature(`${label} is a patch stage`, 'import the model before patching')),
  };
  return attrs[op]();
}

/** UnidirectionalSequenceLSTMOptions as stored, for the variant check. */
export function readLstmOptions(r: FlatReader, raw: RawOperator, label: string): LstmOptions {
  const tag = OPTIONS_TAG.UNIDIRECTIONAL_SEQUENCE_LSTM;
  if (raw.optionsType !== 0 && raw.optionsType !== tag) {
    fail(errors.modelCorrupt(`${label} carries options of union type ${raw.optionsType}, expected ${tag}`));
  }
  const o = new Options(r, raw.options, label);
  return {
    activationCode: o.byte(0),
    cellClip: o.float(1),
    projClip: o.float(2),
    timeMajor: o.bool(3),
    asymmetricQuantizeInputs: o.bool(4),
    diagonalRecurrentTensors: o.bool(5),
  };
}

/** SVDFOptions as stored, for the variant check. */
export function readSvdfOptions(r: FlatReader, raw: RawOperator, label: string): SvdfOptions {
  const tag = OPTIONS_TAG.SVDF;
  if (raw.optionsType !== 0 && raw.optionsType !== tag) {
    fail(errors.modelCorrupt(`${label} carries options of union type ${raw.optionsType}, expected ${tag}`));
  }
  const o = new Options(r, raw.options, label);
  return { rank: o.int(0), activationCode: o.byte(1), asymmetricQuantizeInputs: o.bool(2) };
}

/**
 * The variants of a stateful operator Anvil does not run (see lstm-variant.ts and
 * svdf-variant.ts), each by the option's name; empty for other operators.
 */
export function unsupportedVariants(
  r: FlatReader,
  op: OpType,
  raw: RawOperator,
  label: string,
  tensorType: (index: number) => DType | undefined,
): string[] {
  if (op === 'UNIDIRECTIONAL_SEQUENCE_LSTM') return unsupportedLstmVariants(raw.inputs, tensorType, readLstmOptions(r, raw, label));
  if (op === 'SVDF') return unsupportedSvdfVariants(raw.inputs, tensorType, readSvdfOptions(r, raw, label));
  return [];
}

/** A variant of a supported operator that Anvil does not run: reported as an unsupported operator, the option named. */
function unsupportedIf(cond: boolean, op: string, option: string): void {
  if (cond) fail(errors.unsupportedOperators(new Map([[`${op} with ${option}`, 1]])));
}

function pool(o: Options): OpAttrs['AVERAGE_POOL_2D'] {
  return {
    padding: o.padding(0),
    strideW: o.int(1),
    strideH: o.int(2),
    filterW: o.int(3),
    filterH: o.int(4),
    activation: o.activation(5),
  };
}

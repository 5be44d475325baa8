import type { Graph } from './graph.js';

/** Fused activation, kept as an attribute of the op that produces the value. */
export type Activation = 'NONE' | 'RELU' | 'RELU6' | 'RELU_N1_TO_1';
export type Padding = 'SAME' | 'VALID';

export interface ConvAttrs {
  readonly padding: Padding;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly activation: Activation;
}

export interface DepthwiseConvAttrs extends ConvAttrs {
  readonly depthMultiplier: number;
}

export interface PoolAttrs {
  readonly padding: Padding;
  readonly strideH: number;
  readonly strideW: number;
  readonly filterH: number;
  readonly filterW: number;
  readonly activation: Activation;
}

export interface FullyConnectedAttrs {
  readonly activation: Activation;
  readonly keepNumDims: boolean;
}

export interface ElementwiseAttrs {
  readonly activation: Activation;
}

export interface SoftmaxAttrs {
  readonly beta: number;
}

export interface ConcatAttrs {
  readonly axis: number;
  readonly activation: Activation;
}

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM as far as Anvil runs it: the standard (Keras) integer LSTM
 * with four gates, no peephole, projection or layer norm (the importer refuses those by
 * name). The cell gate's activation is always tanh; the other gates are sigmoid.
 */
export interface LstmAttrs {
  /** Input laid out [time, batch, features] instead of [batch, time, features]. */
  readonly timeMajor: boolean;
  /** Clip the cell state to ±cellClip (real units) after each update; 0 means no clip. */
  readonly cellClip: number;
}

/**
 * SVDF (int8 input, int16 state and time weights): `rank` filters per output unit. TFLM's
 * integer kernel applies no fused activation (only the int8 saturation), so `activation` is
 * kept for reports and the importer admits only NONE and RELU.
 */
export interface SvdfAttrs {
  readonly rank: number;
  readonly activation: 'NONE' | 'RELU';
}

export interface MeanAttrs {
  readonly keepDims: boolean;
}

/**
 * A subgraph an offloader claimed (see extension/offloader.ts). `body` shares the outer
 * graph's tensor table: its inputs and outputs are exactly the region node's, and its nodes
 * are the claimed ones in their original order, so anyone can still execute or inspect them.
 */
export interface RegionAttrs {
  /** The offloader that claimed it (its `name`); only that offloader's strategy lowers it. */
  readonly offloader: string;
  /** The accelerator configuration it was partitioned for (e.g. `ethos-u55-128`). */
  readonly config: string;
  readonly body: Graph;
}

/** Rows [start, end) of an NHWC tensor (axis 1). */
export interface RowSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A chain (or small DAG) of spatial nodes run band by band (see patch/patch-stage.ts): for
 * each band of the stage output's rows, every body node computes only the rows the band
 * needs, recomputing the halo the bands share, so intermediate tensors exist one band at a
 * time (in the step's workspace) instead of whole. `body` shares the outer graph's tensor
 * table; its inputs and outputs are exactly the stage node's.
 */
export interface PatchStageAttrs {
  readonly body: Graph;
  /** `rows[b][i]`: the output rows body node i computes in band b (the bands run in order). */
  readonly rows: readonly (readonly RowSpan[])[];
}

export type NoAttrs = Readonly<Record<string, never>>;

/** STRIDED_SLICE masks (bit i for axis i); ellipsis and new-axis masks are refused on import. */
export interface StridedSliceAttrs {
  readonly beginMask: number;
  readonly endMask: number;
  readonly shrinkAxisMask: number;
}

export interface SplitAttrs {
  readonly numSplits: number;
}

/** PACK and UNPACK: `count` tensors stacked along, or taken apart along, `axis`. */
export interface PackAttrs {
  readonly count: number;
  readonly axis: number;
}

export interface GatherAttrs {
  readonly axis: number;
  readonly batchDims: number;
}

/**
 * Every op the IR knows and the attributes it carries. Adding an op here makes the
 * compiler demand an `OpDef` for it (see ops/op-defs.ts), so no op can be half-added.
 */
export interface OpAttrs {
  ADD: ElementwiseAttrs;
  AVERAGE_POOL_2D: PoolAttrs;
  CONCATENATION: ConcatAttrs;
  CONV_2D: ConvAttrs;
  DEPTHWISE_CONV_2D: DepthwiseConvAttrs;
  DEQUANTIZE: NoAttrs;
  FULLY_CONNECTED: FullyConnectedAttrs;
  LOGISTIC: NoAttrs;
  MAX_POOL_2D: PoolAttrs;
  MEAN: MeanAttrs;
  MUL: ElementwiseAttrs;
  OFFLOAD_REGION: RegionAttrs;
  PAD: NoAttrs;
  PATCH_STAGE: PatchStageAttrs;
  QUANTIZE: NoAttrs;
  RESHAPE: NoAttrs;
  SOFTMAX: SoftmaxAttrs;
  SVDF: SvdfAttrs;
  UNIDIRECTIONAL_SEQUENCE_LSTM: LstmAttrs;
  TRANSPOSE: NoAttrs;
  STRIDED_SLICE: StridedSliceAttrs;
  SPLIT: SplitAttrs;
  PACK: PackAttrs;
  UNPACK: PackAttrs;
  GATHER: GatherAttrs;
  SUB: ElementwiseAttrs;
  MINIMUM: NoAttrs;
  MAXIMUM: NoAttrs;
  SQUARED_DIFFERENCE: NoAttrs;
  TANH: NoAttrs;
  RSQRT: NoAttrs;
}

export type OpType = keyof OpAttrs;

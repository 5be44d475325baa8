/** A feature map in one of the driver's regions: NHWC int8, batch 1, densely packed. */
export interface FeatureMap {
  readonly region: number;
  readonly offset: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly zeroPoint: number;
}

export interface Window {
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

export interface Block {
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

interface Common {
  /** The graph node it came from, for reports. */
  readonly nodeId: number;
  readonly ifm: FeatureMap;
  readonly ofm: FeatureMap;
  readonly activationMin: number;
  readonly activationMax: number;
  block: Block;
}

/** CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED (a 1×1 convolution over a 1×rows image). */
export interface ConvOp extends Common {
  readonly kind: 'conv' | 'depthwise';
  readonly window: Window;
  readonly depthMultiplier: number;
  /** Offset and length of its encoded weights in the weight region. */
  weightOffset: number;
  readonly weights: Uint8Array;
  /** Bytes of the coded weight bits within `weights`. */
  readonly weightBits: number;
}

export interface PoolOp extends Common {
  readonly kind: 'avgpool' | 'maxpool';
  readonly window: Window;
}

export interface ElementwiseOp extends Common {
  readonly kind: 'add' | 'mul';
  readonly ifm2: FeatureMap;
  readonly leftShift: number;
  readonly multiplier1: number;
  readonly shift1: number;
  readonly multiplier2: number;
  readonly shift2: number;
  readonly outputMultiplier: number;
  readonly outputShift: number;
}

/** int8 SOFTMAX over each row of `c` values; the rows are the feature map's h × w pixels. */
export interface SoftmaxOp extends Common {
  readonly kind: 'softmax';
  readonly inputMultiplier: number;
  readonly inputLeftShift: number;
  readonly diffMin: number;
}

/** A copy from the weight region (flash) into scratch: a constant operand made readable as a feature map. */
export interface DmaOp {
  readonly kind: 'dma';
  readonly nodeId: number;
  readonly data: Uint8Array;
  /** Where `data` sits in the weight region (16-byte aligned, like the weight streams). */
  readonly srcOffset: number;
  readonly dstRegion: number;
  readonly dstOffset: number;
}

/** The operations that compute a feature map, block by block. */
export type ComputeOp = ConvOp | PoolOp | ElementwiseOp | SoftmaxOp;
export type NpuOp = ComputeOp | DmaOp;

export function isElementwise(op: NpuOp): op is ElementwiseOp {
  return op.kind === 'add' || op.kind === 'mul';
}

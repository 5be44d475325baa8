import type { OpType } from '@anvil/core';

/**
 * Every operator limit of the NPU, in one place. The partitioner checks nodes against these
 * (and against the configuration's SHRAM, see check-node.ts); SPEC.md explains them.
 */
export const CONSTRAINTS = {
  /** Ops the NPU executes. RESHAPE is accepted inside a region as an alias (no command). */
  ops: [
    'CONV_2D',
    'DEPTHWISE_CONV_2D',
    'FULLY_CONNECTED',
    'AVERAGE_POOL_2D',
    'MAX_POOL_2D',
    'ADD',
    'MUL',
    'SOFTMAX',
    'RESHAPE',
  ] as readonly OpType[],
  /** Stride per axis, except along an axis with one output (the window is applied once). */
  strideMax: 3,
  dilationMax: 2,
  /** A window larger than this per axis is decomposed into passes that share the accumulators. */
  kernelPassMax: 8,
  /** Largest dilated window extent per axis, passes included. */
  kernelExtentMax: 64,
  /**
   * Base-pointer registers a command stream can address (BASEP0..7 of Ethos-U55/U65, which the
   * core driver programs from its base-address table): weights, scratch, then one per region
   * input and output (REGION in stream/format.ts).
   */
  basePointersMax: 8,
  /** Largest height, width or depth of any feature map (16-bit block counters). */
  dimMax: 65535,
  /** Batches: the NPU walks one image; FULLY_CONNECTED rows become the width instead. */
  batchMax: 1,
  /**
   * Weights of one output channel: the hardware streams them from the decoder to the MACs
   * (SHRAM does not hold them), but our simulator decodes one channel at a time into a buffer
   * of this size (NPU_WEIGHTS_PER_CHANNEL_MAX in runtime-c/npu/anvil_npu_stream.h).
   */
  weightsPerChannelMax: 98304,
  /** Input channels in SHRAM at once: the input depth is walked in blocks of this (int8; Vela 3.10). */
  ifmDepthBlock: 32,
  /** SHRAM is allocated in banks; two are reserved for the output stage (Vela 3.10's architecture model). */
  shramBankBytes: 1024,
  shramOutputBanks: 2,
  /** Bytes a command stream may address in one region (32-bit offsets, positive int32). */
  regionBytesMax: 0x7fffffff,
} as const;

export type SupportedOp = (typeof CONSTRAINTS.ops)[number];

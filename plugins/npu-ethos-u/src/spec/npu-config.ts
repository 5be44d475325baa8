import { CONSTRAINTS } from './constraints.js';
import type { NpuSystem } from './npu-system.js';

/** The smallest piece of output the MAC array produces at once (height × width × channels). */
export interface MicroBlock {
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

/**
 * One NPU configuration: the accelerator's numbers the compiler, the estimator and the
 * simulator share, and the system it runs in. Rates given per element or per cycle must be
 * whole multiples of 1/RATE_SCALE (npu-system.ts): they travel in the stream as integers.
 * npu-configs.ts states where each number comes from.
 */
export interface NpuConfig {
  /** The name users pass to `--npu`. */
  readonly name: string;
  /** Multiply-accumulates per cycle of the MAC array: micro-block elements × dot-product depth. */
  readonly macsPerCycle: number;
  /** Output micro-block: blocks are computed in whole micro-blocks, partial ones cost a whole one. */
  readonly microBlock: MicroBlock;
  /** Input channels each MAC lane sums per cycle: fewer input channels leave lanes idle. */
  readonly dotProductDepth: number;
  /** Depthwise: one kernel tap per micro-block per cycle, plus this many cycles per micro-block. */
  readonly depthwiseTapOverheadCycles: number;
  /** Output stage (requantize, clamp, write) cycles per output element. */
  readonly outputCyclesPerElement: number;
  /** The same for MAX_POOL_2D, whose output stage skips the scaling. */
  readonly maxPoolOutputCyclesPerElement: number;
  /** Pooling window elements per cycle. */
  readonly poolElementsPerCycle: number;
  /** Elementwise cycles per output element. */
  readonly addCyclesPerElement: number;
  readonly mulCyclesPerElement: number;
  /** Weights the decoder delivers per cycle: what bounds FULLY_CONNECTED, whose weights are used once. */
  readonly decoderWeightsPerCycle: number;
  /** Least cycles to load one micro-block depth of channels' weights, however few they are. */
  readonly weightStepFloorCycles: number;
  /**
   * SOFTMAX as the hardware runs it: a sequence of this many elementwise steps (and an exp
   * lookup table), each an operation with its setup, over the row's elements at the MUL rate.
   */
  readonly softmaxSteps: number;
  /** Fixed cost of starting one operation (register load, pipeline fill), per kernel pass. */
  readonly opSetupCycles: number;
  /** Internal buffer, in 1 KiB banks: double-buffered input blocks and accumulators (fitsShram). */
  readonly shramBytes: number;
  /** Largest output block depth the accumulators hold. */
  readonly maxBlockDepth: number;
  /** The system configuration when none is chosen. */
  readonly defaultSystem: string;
  /** The system chosen (`--npu-system`, or `defaultSystem`). */
  readonly system: NpuSystem;
}

/** The accelerator's own numbers, without the system around it. */
export type NpuAccelerator = Omit<NpuConfig, 'system'>;

/**
 * Whether an input block and an accumulator block, each double-buffered (one filling while the
 * other is used), fit SHRAM's banks beside the output banks. Weights are not stored: they
 * stream from the decoder. No operation uses a lookup table yet, so no LUT banks are reserved.
 */
export function fitsShram(c: NpuConfig, ifmBlockBytes: number, accBlockBytes: number): boolean {
  const banks = (bytes: number): number => Math.ceil(bytes / CONSTRAINTS.shramBankBytes);
  const available = Math.floor(c.shramBytes / CONSTRAINTS.shramBankBytes) - CONSTRAINTS.shramOutputBanks;
  return 2 * banks(ifmBlockBytes) + 2 * banks(accBlockBytes) <= available;
}

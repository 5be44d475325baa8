/**
 * One NPU configuration: the numbers the compiler, the estimator and the simulator share.
 * All are integers (cycles are counted in whole units on both sides), and every
 * throughput is a power of two so the C cycle model can use the same integer divisions.
 */
export interface NpuConfig {
  /** The name users pass to `--npu`. */
  readonly name: string;
  /** Multiply-accumulates per cycle of the MAC array for CONV_2D and FULLY_CONNECTED. */
  readonly macsPerCycle: number;
  /** Depthwise MACs per cycle: the array is fed one input channel per output, so a quarter. */
  readonly depthwiseMacsPerCycle: number;
  /** Pooling window elements and elementwise results per cycle. */
  readonly elementsPerCycle: number;
  /** Internal buffer: half holds decoded weights, a quarter IFM windows, a quarter accumulators. */
  readonly shramBytes: number;
  /** Bytes per cycle between the NPU and SRAM (arena: IFM, OFM, scratch). */
  readonly sramBytesPerCycle: number;
  /** Bytes per cycle from flash (command stream, encoded weights). */
  readonly flashBytesPerCycle: number;
  /** Fixed cost of starting one operation (register load, pipeline fill). */
  readonly opSetupCycles: number;
  /** Largest output block depth the accumulators hold. */
  readonly maxBlockDepth: number;
  /** Clock used for inferences/s in reports, in Hz. */
  readonly clockHz: number;
}

/** Weight buffer: the first half of SHRAM, where one block of output channels' weights is decoded. */
export function weightBufferBytes(c: NpuConfig): number {
  return c.shramBytes / 2;
}

/** IFM buffer: the third quarter of SHRAM, holding the input window one output block reads. */
export function ifmBufferBytes(c: NpuConfig): number {
  return c.shramBytes / 4;
}

/** Accumulator buffer: the last quarter, int32 per output element of a block. */
export function accBufferBytes(c: NpuConfig): number {
  return c.shramBytes / 4;
}

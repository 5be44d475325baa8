/**
 * The command stream: little-endian 32-bit words. A header (`HEADER_WORDS`) names the format
 * and the configuration it was compiled for; then commands, each one header word
 * `opcode | arg << 8 | payloadWords << 16` followed by its payload. runtime-c/npu/anvil_npu_stream.h
 * defines the same numbers for the simulator (a test checks they agree).
 */
export const STREAM_MAGIC = 0x5550_4e41; // "ANPU"
export const STREAM_VERSION = 4;

/**
 * Header word indices: the configuration the simulator computes and counts with. Rates are
 * integers per RATE_SCALE (64) cycles or elements, so 0.5 B/cycle flash is 32.
 */
export const HEADER = {
  magic: 0,
  version: 1,
  words: 2,
  macsPerCycle: 3,
  microBlockH: 4,
  microBlockW: 5,
  microBlockC: 6,
  dotProductDepth: 7,
  shramBytes: 8,
  sramBytesPer64Cycles: 9,
  flashBytesPer64Cycles: 10,
  sramLatencyCycles: 11,
  flashLatencyCycles: 12,
  flashBurstBytes: 13,
  opSetupCycles: 14,
  outputCyclesPer64: 15,
  maxPoolOutputCyclesPer64: 16,
  poolElementsPerCycle: 17,
  addCyclesPer64: 18,
  mulCyclesPer64: 19,
  depthwiseTapOverheadCycles: 20,
  decoderWeightsPerCycle: 21,
  weightStepFloorCycles: 22,
  softmaxSteps: 23,
} as const;
export const HEADER_WORDS = 24;

export const OPCODE = {
  /** arg = register, payload = its new value (int32). */
  setReg: 0x01,
  /** arg 0 = convolution (also fully connected as 1×1), 1 = depthwise. */
  conv: 0x10,
  /** arg 0 = average, 1 = max. */
  pool: 0x11,
  /** arg 0 = add, 1 = mul. */
  elementwise: 0x12,
  /** int8 softmax over each row of C values (TFLite's fixed-point arithmetic), arg 0. */
  softmax: 0x13,
  /** Copies DMA_LEN bytes between regions (e.g. flash constants into SRAM scratch). */
  dma: 0x20,
  stop: 0xff,
} as const;

/** Register file: every operation reads the registers it needs; values persist between ops. */
export const REG = {
  ifmRegion: 0,
  ifmBase: 1,
  ifmH: 2,
  ifmW: 3,
  ifmC: 4,
  ifmZeroPoint: 5,
  ifm2Region: 6,
  ifm2Base: 7,
  ifm2ZeroPoint: 8,
  ofmRegion: 9,
  ofmBase: 10,
  ofmH: 11,
  ofmW: 12,
  ofmC: 13,
  ofmZeroPoint: 14,
  kernelH: 15,
  kernelW: 16,
  strideH: 17,
  strideW: 18,
  dilationH: 19,
  dilationW: 20,
  padTop: 21,
  padLeft: 22,
  depthMultiplier: 23,
  weightRegion: 24,
  weightBase: 25,
  weightLength: 26,
  activationMin: 27,
  activationMax: 28,
  blockH: 29,
  blockW: 30,
  blockC: 31,
  ewLeftShift: 32,
  ewMultiplier1: 33,
  ewShift1: 34,
  ewMultiplier2: 35,
  ewShift2: 36,
  ewOutputMultiplier: 37,
  ewOutputShift: 38,
  dmaSrcRegion: 39,
  dmaSrc: 40,
  dmaDstRegion: 41,
  dmaDst: 42,
  dmaLength: 43,
  smInputMultiplier: 44,
  smInputLeftShift: 45,
  smDiffMin: 46,
  /** The second elementwise operand's shape: each axis the output's or 1 (broadcast). */
  ifm2H: 47,
  ifm2W: 48,
  ifm2C: 49,
} as const;
export const REG_COUNT = 50;
export type RegName = keyof typeof REG;

/** Region numbers the driver binds base pointers to. Inputs and outputs follow in order. */
export const REGION = { weights: 0, scratch: 1, firstIo: 2 } as const;

/** Weight stream layout: a header, per-channel parameters, then the coded bits. */
export const WEIGHT_HEADER_BYTES = 8;
export const WEIGHT_CHANNEL_BYTES = 10;
/** Largest Golomb-Rice quotient a valid stream holds (zigzag of an int8 delta is at most 510). */
export const WEIGHT_MAX_QUOTIENT = 510;
export const WEIGHT_MAX_RICE_K = 7;
/** A channel's code byte: its mode bits, and where the zero-run mode keeps the runs' k. */
export const WEIGHT_CODE = { delta: 0x80, zeroRun: 0x40, runKShift: 3 } as const;

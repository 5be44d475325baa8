import { inputChannels, inputSpan } from '../compile/block-config.js';
import type { ComputeOp, DmaOp, NpuOp } from '../compile/npu-op.js';
import { isElementwise } from '../compile/npu-op.js';
import { CONSTRAINTS } from '../spec/constraints.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { RATE_SCALE } from '../spec/npu-system.js';
import type { StreamConfig } from '../spec/stream-config.js';
import { streamConfig } from '../spec/stream-config.js';

/** What one operation costs. The simulator counts the same quantities the same way (npu_cycles.c). */
export interface OpCost {
  /** Cycles the operation occupies the MAC array and the SRAM port. */
  readonly execCycles: number;
  /** Cycles to fetch its encoded weights from flash (overlapped with the previous operation). */
  readonly weightFetchCycles: number;
  readonly blocks: number;
  /** Blocks whose compute exceeded their SRAM traffic. */
  readonly computeBoundBlocks: number;
  readonly macs: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);

/** Passes a window needs: the kernel is cut into at most kernelPassMax × kernelPassMax pieces. */
export function kernelPasses(op: ComputeOp): number {
  if (isElementwise(op) || op.kind === 'softmax') return 1;
  return ceilDiv(op.window.kernelH, CONSTRAINTS.kernelPassMax) * ceilDiv(op.window.kernelW, CONSTRAINTS.kernelPassMax);
}

/** Micro-blocks covering a block: a partial micro-block costs a whole one. */
function microBlocks(s: StreamConfig, bh: number, bw: number, bc: number): number {
  return ceilDiv(bh, s.microBlockH) * ceilDiv(bw, s.microBlockW) * ceilDiv(bc, s.microBlockC);
}

/** Cycles for `n` elements at a rate in cycles per RATE_SCALE elements. */
const scaled = (n: number, per64: number): number => ceilDiv(n * per64, RATE_SCALE);

/**
 * Cycles the weight decoder needs for a block's channels: every block streams its channels'
 * weights (SHRAM does not keep them), at least the floor per micro-block depth of channels.
 */
function decodeCycles(s: StreamConfig, bc: number, perChannel: number): number {
  return Math.max(s.weightStepFloorCycles * ceilDiv(bc, s.microBlockC), ceilDiv(bc * perChannel, s.decoderWeightsPerCycle));
}

/**
 * Compute cycles and SRAM bytes of one output block of bh × bw × bc at channel c0: the MAC
 * array, the weight decoder and the output stage run as a pipeline, so the slowest sets the pace.
 */
function blockCost(op: ComputeOp, s: StreamConfig, bh: number, bw: number, c0: number, bc: number) {
  const written = bh * bw * bc;
  if (op.kind === 'softmax') return { compute: s.softmaxSteps * scaled(written, s.mulCyclesPer64), macs: 0, read: written, written };
  if (isElementwise(op)) {
    return { compute: scaled(written, op.kind === 'add' ? s.addCyclesPer64 : s.mulCyclesPer64), macs: 0, read: 2 * written, written };
  }
  const w = op.window;
  const ih = inputSpan(bh, w.strideH, w.kernelH, w.dilationH, op.ifm.h);
  const iw = inputSpan(bw, w.strideW, w.kernelW, w.dilationW, op.ifm.w);
  const read = ih * iw * inputChannels(op, c0, bc);
  const taps = w.kernelH * w.kernelW;
  if (op.kind === 'conv') {
    const perChannel = taps * op.ifm.c;
    const mac = microBlocks(s, bh, bw, bc) * taps * ceilDiv(op.ifm.c, s.dotProductDepth);
    const compute = Math.max(mac, decodeCycles(s, bc, perChannel), scaled(written, s.outputCyclesPer64));
    return { compute, macs: written * perChannel, read, written };
  }
  if (op.kind === 'depthwise') {
    const mac = microBlocks(s, bh, bw, bc) * (taps + s.depthwiseTapOverheadCycles);
    const compute = Math.max(mac, decodeCycles(s, bc, taps), scaled(written, s.outputCyclesPer64));
    return { compute, macs: written * taps, read, written };
  }
  const out = scaled(written, op.kind === 'maxpool' ? s.maxPoolOutputCyclesPer64 : s.outputCyclesPer64);
  return { compute: Math.max(ceilDiv(written * taps, s.poolElementsPerCycle), out), macs: 0, read, written };
}

/** Cycles to bring `bytes` from flash: its latency, then whole bursts at flash bandwidth. */
export function flashCycles(s: StreamConfig, bytes: number): number {
  if (bytes === 0) return 0;
  return s.flashLatencyCycles + ceilDiv(ceilDiv(bytes, s.flashBurstBytes) * s.flashBurstBytes * RATE_SCALE, s.flashBytesPer64Cycles);
}

/**
 * Cycles of one operation, block by block in the order the NPU runs them (channel blocks
 * outermost, then rows, then columns): each block costs the larger of its compute and its
 * SRAM traffic (the two overlap), plus a setup per operation and kernel pass and the SRAM
 * latency before the first input arrives.
 */
export function opCost(op: NpuOp, config: NpuConfig): OpCost {
  const s = streamConfig(config);
  if (op.kind === 'dma') return dmaCost(op, s);
  const b = op.block;
  // SOFTMAX is a sequence of elementwise operations, each with its own setup.
  let exec = s.opSetupCycles * (op.kind === 'softmax' ? s.softmaxSteps : kernelPasses(op)) + s.sramLatencyCycles;
  let blocks = 0;
  let computeBound = 0;
  let macs = 0;
  let read = 0;
  let written = 0;
  for (let c0 = 0; c0 < op.ofm.c; c0 += b.c) {
    const bc = Math.min(b.c, op.ofm.c - c0);
    for (let y0 = 0; y0 < op.ofm.h; y0 += b.h) {
      const bh = Math.min(b.h, op.ofm.h - y0);
      for (let x0 = 0; x0 < op.ofm.w; x0 += b.w) {
        const bw = Math.min(b.w, op.ofm.w - x0);
        const k = blockCost(op, s, bh, bw, c0, bc);
        const memory = ceilDiv((k.read + k.written) * RATE_SCALE, s.sramBytesPer64Cycles);
        exec += Math.max(k.compute, memory);
        blocks++;
        if (k.compute > memory) computeBound++;
        macs += k.macs;
        read += k.read;
        written += k.written;
      }
    }
  }
  const weightBytes = op.kind === 'conv' || op.kind === 'depthwise' ? op.weights.length : 0;
  return {
    execCycles: exec,
    weightFetchCycles: flashCycles(s, weightBytes),
    blocks,
    computeBoundBlocks: computeBound,
    macs,
    bytesRead: read + weightBytes,
    bytesWritten: written,
  };
}

/** A DMA is limited by its slower side, flash; it moves bytes but computes nothing. */
function dmaCost(op: DmaOp, s: StreamConfig): OpCost {
  const n = op.data.length;
  return {
    execCycles: s.opSetupCycles + flashCycles(s, n),
    weightFetchCycles: 0,
    blocks: 0,
    computeBoundBlocks: 0,
    macs: 0,
    bytesRead: n,
    bytesWritten: n,
  };
}

/**
 * A region's cycles: operation i's weights stream in from flash while operation i-1 runs
 * (one operation of look-ahead), and an operation starts when both its predecessor has
 * finished and its weights have arrived.
 */
export function regionCycles(costs: readonly Pick<OpCost, 'execCycles' | 'weightFetchCycles'>[]): number {
  let fetchDone = 0;
  let prevStart = 0;
  let end = 0;
  for (const c of costs) {
    fetchDone = Math.max(fetchDone, prevStart) + c.weightFetchCycles;
    const start = Math.max(end, fetchDone);
    end = start + c.execCycles;
    prevStart = start;
  }
  return end;
}

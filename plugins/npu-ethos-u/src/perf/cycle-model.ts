import { inputChannels, inputSpan } from '../compile/block-config.js';
import type { ComputeOp, DmaOp, NpuOp } from '../compile/npu-op.js';
import { isElementwise } from '../compile/npu-op.js';
import { CONSTRAINTS } from '../spec/constraints.js';
import type { NpuConfig } from '../spec/npu-config.js';

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
  if (isElementwise(op)) return 1;
  return ceilDiv(op.window.kernelH, CONSTRAINTS.kernelPassMax) * ceilDiv(op.window.kernelW, CONSTRAINTS.kernelPassMax);
}

/** Compute cycles and SRAM bytes of one output block of bh × bw × bc at channel c0. */
function blockCost(op: ComputeOp, config: NpuConfig, bh: number, bw: number, c0: number, bc: number) {
  if (isElementwise(op)) {
    const n = bh * bw * bc;
    return { compute: ceilDiv(n, config.elementsPerCycle), macs: 0, read: 2 * n, written: n };
  }
  const w = op.window;
  const ih = inputSpan(bh, w.strideH, w.kernelH, w.dilationH, op.ifm.h);
  const iw = inputSpan(bw, w.strideW, w.kernelW, w.dilationW, op.ifm.w);
  const read = ih * iw * inputChannels(op, c0, bc);
  const kernel = w.kernelH * w.kernelW;
  const written = bh * bw * bc;
  if (op.kind === 'conv') {
    const macs = written * kernel * op.ifm.c;
    return { compute: ceilDiv(macs, config.macsPerCycle), macs, read, written };
  }
  if (op.kind === 'depthwise') {
    const macs = written * kernel;
    return { compute: ceilDiv(macs, config.depthwiseMacsPerCycle), macs, read, written };
  }
  return { compute: ceilDiv(written * kernel, config.elementsPerCycle), macs: 0, read, written };
}

/**
 * Cycles of one operation, block by block in the order the NPU runs them (channel blocks
 * outermost, then rows, then columns): each block costs the larger of its compute and its
 * SRAM traffic (the two overlap), plus a setup per operation and kernel pass.
 */
export function opCost(op: NpuOp, config: NpuConfig): OpCost {
  if (op.kind === 'dma') return dmaCost(op, config);
  const b = op.block;
  let exec = config.opSetupCycles * kernelPasses(op);
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
        const k = blockCost(op, config, bh, bw, c0, bc);
        const memory = ceilDiv(k.read + k.written, config.sramBytesPerCycle);
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
    weightFetchCycles: ceilDiv(weightBytes, config.flashBytesPerCycle),
    blocks,
    computeBoundBlocks: computeBound,
    macs,
    bytesRead: read + weightBytes,
    bytesWritten: written,
  };
}

/** A DMA is limited by its slower side, flash; it moves bytes but computes nothing. */
export function dmaCost(op: DmaOp, config: NpuConfig): OpCost {
  const n = op.data.length;
  return {
    execCycles: config.opSetupCycles + ceilDiv(n, config.flashBytesPerCycle),
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

import { CONSTRAINTS } from '../spec/constraints.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { fitsShram } from '../spec/npu-config.js';
import type { Block, ComputeOp } from './npu-op.js';
import { isElementwise } from './npu-op.js';

/** Input rows (or columns) an output block of `out` rows reads, clipped to the feature map. */
export function inputSpan(out: number, stride: number, kernel: number, dilation: number, size: number): number {
  return Math.min(size, (out - 1) * stride + (Math.min(kernel, CONSTRAINTS.kernelPassMax) - 1) * dilation + 1);
}

/** Distinct input channels a block of output channels [c0, c0 + n) reads. */
export function inputChannels(op: ComputeOp, c0: number, n: number): number {
  if (op.kind === 'conv') return op.ifm.c;
  if (op.kind === 'depthwise') return Math.floor((c0 + n - 1) / op.depthMultiplier) - Math.floor(c0 / op.depthMultiplier) + 1;
  return n;
}

/** Input bytes a block holds in SHRAM at once: its window, at most one depth block of channels deep. */
function ifmBlockBytes(op: ComputeOp, b: Block): number {
  if (isElementwise(op)) return 2 * b.h * b.w * b.c;
  if (op.kind === 'softmax') return b.h * b.w * b.c;
  const w = op.window;
  const ih = inputSpan(b.h, w.strideH, w.kernelH, w.dilationH, op.ifm.h);
  const iw = inputSpan(b.w, w.strideW, w.kernelW, w.dilationW, op.ifm.w);
  return ih * iw * Math.min(inputChannels(op, 0, b.c), CONSTRAINTS.ifmDepthBlock);
}

function fits(op: ComputeOp, b: Block, config: NpuConfig): boolean {
  return fitsShram(config, ifmBlockBytes(op, b), 4 * b.h * b.w * b.c);
}

/**
 * The output block the NPU works on: as deep as the accumulators allow (in steps of 8
 * channels), then as tall and wide as SHRAM allows, halving the larger side until the
 * double-buffered input block and accumulators fit. Smaller SHRAM means more, smaller blocks.
 */
export function chooseBlock(op: ComputeOp, config: NpuConfig): Block {
  // A softmax row is one block's depth: its maximum and sum need every value of the row.
  let c = op.kind === 'softmax' ? op.ofm.c : Math.min(op.ofm.c, config.maxBlockDepth);
  let h = op.ofm.h;
  let w = op.ofm.w;
  for (;;) {
    if (fits(op, { h, w, c }, config)) return { h, w, c };
    if (h === 1 && w === 1) {
      if (c === 1 || op.kind === 'softmax') return { h, w, c };
      c = Math.max(1, c >= 16 ? c - 8 : Math.floor(c / 2));
      h = op.ofm.h;
      w = op.ofm.w;
    } else if (h >= w) h = Math.ceil(h / 2);
    else w = Math.ceil(w / 2);
  }
}

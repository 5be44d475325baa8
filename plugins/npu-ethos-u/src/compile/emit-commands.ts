import { CommandWriter } from '../stream/command-writer.js';
import type { RegValues } from '../stream/command-writer.js';
import { OPCODE, REGION } from '../stream/format.js';
import type { NpuConfig } from '../spec/npu-config.js';
import type { DmaOp, FeatureMap, NpuOp, Window } from './npu-op.js';

function fm(prefix: 'ifm' | 'ofm', f: FeatureMap): RegValues {
  return prefix === 'ifm'
    ? { ifmRegion: f.region, ifmBase: f.offset, ifmH: f.h, ifmW: f.w, ifmC: f.c, ifmZeroPoint: f.zeroPoint }
    : { ofmRegion: f.region, ofmBase: f.offset, ofmH: f.h, ofmW: f.w, ofmC: f.c, ofmZeroPoint: f.zeroPoint };
}

function window(w: Window): RegValues {
  return {
    kernelH: w.kernelH,
    kernelW: w.kernelW,
    strideH: w.strideH,
    strideW: w.strideW,
    dilationH: w.dilationH,
    dilationW: w.dilationW,
    padTop: w.padTop,
    padLeft: w.padLeft,
  };
}

function emitDma(out: CommandWriter, op: DmaOp): void {
  out.set({
    dmaSrcRegion: REGION.weights,
    dmaSrc: op.srcOffset,
    dmaDstRegion: op.dstRegion,
    dmaDst: op.dstOffset,
    dmaLength: op.data.length,
  });
  out.op(OPCODE.dma, 0);
}

/** The register writes and the operation command of one op. */
function emitOp(out: CommandWriter, op: NpuOp): void {
  if (op.kind === 'dma') return emitDma(out, op);
  out.set({
    ...fm('ifm', op.ifm),
    ...fm('ofm', op.ofm),
    activationMin: op.activationMin,
    activationMax: op.activationMax,
    blockH: op.block.h,
    blockW: op.block.w,
    blockC: op.block.c,
  });
  switch (op.kind) {
    case 'conv':
    case 'depthwise':
      out.set({
        ...window(op.window),
        depthMultiplier: op.depthMultiplier,
        weightRegion: REGION.weights,
        weightBase: op.weightOffset,
        weightLength: op.weights.length,
      });
      out.op(OPCODE.conv, op.kind === 'conv' ? 0 : 1);
      return;
    case 'avgpool':
    case 'maxpool':
      out.set(window(op.window));
      out.op(OPCODE.pool, op.kind === 'avgpool' ? 0 : 1);
      return;
    case 'add':
    case 'mul':
      out.set({
        ifm2Region: op.ifm2.region,
        ifm2Base: op.ifm2.offset,
        ifm2ZeroPoint: op.ifm2.zeroPoint,
        ifm2H: op.ifm2.h,
        ifm2W: op.ifm2.w,
        ifm2C: op.ifm2.c,
        ewLeftShift: op.leftShift,
        ewMultiplier1: op.multiplier1,
        ewShift1: op.shift1,
        ewMultiplier2: op.multiplier2,
        ewShift2: op.shift2,
        ewOutputMultiplier: op.outputMultiplier,
        ewOutputShift: op.outputShift,
      });
      out.op(OPCODE.elementwise, op.kind === 'add' ? 0 : 1);
      return;
    case 'softmax':
      out.set({ smInputMultiplier: op.inputMultiplier, smInputLeftShift: op.inputLeftShift, smDiffMin: op.diffMin });
      out.op(OPCODE.softmax, 0);
      return;
  }
}

/** The command stream of a region's operations, in order. */
export function emitCommands(ops: readonly NpuOp[], config: NpuConfig): Uint32Array {
  const out = new CommandWriter(config);
  for (const op of ops) emitOp(out, op);
  return out.finish();
}

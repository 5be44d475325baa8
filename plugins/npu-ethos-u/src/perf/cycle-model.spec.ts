import { describe, expect, it } from 'vitest';
import type { ConvOp, ElementwiseOp } from '../compile/npu-op.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { opCost, regionCycles } from './cycle-model.js';

const config: NpuConfig = {
  name: 'test',
  macsPerCycle: 32,
  depthwiseMacsPerCycle: 8,
  elementsPerCycle: 2,
  shramBytes: 16384,
  sramBytesPerCycle: 8,
  flashBytesPerCycle: 4,
  opSetupCycles: 10,
  maxBlockDepth: 16,
  clockHz: 1,
};
const fm = (h: number, w: number, c: number) => ({ region: 0, offset: 0, h, w, c, zeroPoint: 0 });

describe('cycle model (hand-computed cases)', () => {
  it('a 3×3 conv, 4×4×8 → 4×4×16, SAME, in 2×4×16 blocks: compute bound', () => {
    const op: ConvOp = {
      kind: 'conv',
      nodeId: 0,
      ifm: fm(4, 4, 8),
      ofm: fm(4, 4, 16),
      window: { kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 1, padLeft: 1 },
      depthMultiplier: 1,
      activationMin: -128,
      activationMax: 127,
      block: { h: 2, w: 4, c: 16 },
      weightOffset: 0,
      weights: new Uint8Array(100),
      weightBits: 0,
    };
    // Each block: 2·4·16 outputs × 9 × 8 = 9216 MACs → 288 cycles; reads min(4, 2+2)=4 rows ×
    // min(4, 4+2)=4 cols × 8 = 128 B, writes 128 B → 32 cycles. Two blocks + 10 setup = 586.
    // Weights: 100 B at 4 B/cycle = 25 cycles of fetch.
    const c = opCost(op, config);
    expect(c).toEqual({
      execCycles: 586,
      weightFetchCycles: 25,
      blocks: 2,
      computeBoundBlocks: 2,
      macs: 18432,
      bytesRead: 356,
      bytesWritten: 256,
    });
  });

  it('an add of 10×1×4 in blocks of 4×1×4: memory bound, the last block partial', () => {
    const op: ElementwiseOp = {
      kind: 'add',
      nodeId: 0,
      ifm: fm(10, 1, 4),
      ifm2: fm(10, 1, 4),
      ofm: fm(10, 1, 4),
      activationMin: -128,
      activationMax: 127,
      block: { h: 4, w: 1, c: 4 },
      leftShift: 20,
      multiplier1: 1,
      shift1: 0,
      multiplier2: 1,
      shift2: 0,
      outputMultiplier: 1,
      outputShift: 0,
    };
    // Blocks of 16, 16, 8 elements: compute 8, 8, 4 cycles; traffic 48, 48, 24 B → 6, 6, 3 cycles.
    expect(opCost(op, config).execCycles).toBe(10 + 8 + 8 + 4);
  });

  it("a region overlaps each op's weight fetch with the previous op", () => {
    // Op 0 waits for its 50-cycle fetch, runs 100; op 1's 30-cycle fetch runs during op 0;
    // op 2's 200-cycle fetch starts when op 1 starts (150) and ends at 350, after op 1 (230).
    expect(
      regionCycles([
        { execCycles: 100, weightFetchCycles: 50 },
        { execCycles: 80, weightFetchCycles: 30 },
        { execCycles: 10, weightFetchCycles: 200 },
      ]),
    ).toBe(360);
  });
});

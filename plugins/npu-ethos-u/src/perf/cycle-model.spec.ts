import { describe, expect, it } from 'vitest';
import type { ConvOp, ElementwiseOp, SoftmaxOp } from '../compile/npu-op.js';
import { chooseBlock } from '../compile/block-config.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { npuConfig } from '../spec/npu-configs.js';
import type { NpuSystem } from '../spec/npu-system.js';
import { streamConfig } from '../spec/stream-config.js';
import { flashCycles, opCost, regionCycles } from './cycle-model.js';

const system: NpuSystem = {
  name: 'test-system',
  clockHz: 1,
  sramBytesPerCycle: 8,
  flashBytesPerCycle: 1,
  sramLatencyCycles: 5,
  flashLatencyCycles: 7,
  flashBurstBytes: 16,
};
const config: NpuConfig = {
  name: 'test',
  macsPerCycle: 128,
  microBlock: { h: 2, w: 1, c: 8 },
  dotProductDepth: 8,
  depthwiseTapOverheadCycles: 3,
  outputCyclesPerElement: 0.5,
  maxPoolOutputCyclesPerElement: 0.25,
  poolElementsPerCycle: 2,
  addCyclesPerElement: 1.5,
  mulCyclesPerElement: 0.75,
  decoderWeightsPerCycle: 8,
  weightStepFloorCycles: 32,
  opSetupCycles: 10,
  softmaxSteps: 30,
  shramBytes: 16384,
  maxBlockDepth: 16,
  defaultSystem: 'test-system',
  system,
};
const fm = (h: number, w: number, c: number) => ({ region: 0, offset: 0, h, w, c, zeroPoint: 0 });

describe('cycle model (hand-computed cases)', () => {
  it('a 3×3 conv, 4×4×8 → 4×4×16, SAME, in 2×4×16 blocks: the weight decoder sets the pace', () => {
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
    // Each block: 1·4·2 = 8 micro-blocks of 2×1×8, 9 taps × one 8-deep step each → 72 MAC
    // cycles; the decoder streams 16 channels × 72 weights at 8 per cycle → 144 (over the floor
    // of 32 per 8 channels, 64); output stage 128 × 0.5 = 64. Reads min(4, 2+2)=4 rows ×
    // min(4, 4+2)=4 cols × 8 = 128 B, writes 128 B → 32 cycles. Two blocks + 10 setup + 5
    // SRAM latency = 303. Weights: 100 B → 7 bursts of 16 = 112 B at 1 B/cycle + 7 latency = 119.
    const c = opCost(op, config);
    expect(c).toEqual({
      execCycles: 303,
      weightFetchCycles: 119,
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
    // Blocks of 16, 16, 8 elements at 1.5 cycles each: 24, 24, 12; traffic 48, 48, 24 B → 6, 6, 3 cycles.
    expect(opCost(op, config).execCycles).toBe(10 + 5 + 24 + 24 + 12);
    // MUL runs twice as fast: 12, 12, 6.
    expect(opCost({ ...op, kind: 'mul' }, config).execCycles).toBe(10 + 5 + 12 + 12 + 6);
  });

  it('a SOFTMAX of 12 values is 30 elementwise steps, each with its setup, at the MUL rate', () => {
    const op: SoftmaxOp = {
      kind: 'softmax',
      nodeId: 0,
      ifm: fm(1, 1, 12),
      ofm: fm(1, 1, 12),
      activationMin: -128,
      activationMax: 127,
      block: { h: 1, w: 1, c: 12 },
      inputMultiplier: 1 << 30,
      inputLeftShift: 20,
      diffMin: -100,
    };
    // 30 setups of 10, latency 5, then one block: 30 steps × ceil(12 × 0.75) = 270 cycles of
    // compute against 24 B of traffic (3 cycles).
    expect(opCost(op, config).execCycles).toBe(30 * 10 + 5 + 30 * 9);
    // On ethos-u55-128 (setup 64, SRAM latency 32): 1,920 + 32 + 270 = 2,222 cycles, where Vela
    // 3.10 gives about 2.1–2.2k for the shared models' softmax (npu.md). A row is never split.
    const u128 = npuConfig('ethos-u55-128');
    expect(chooseBlock(op, u128)).toEqual({ h: 1, w: 1, c: 12 });
    expect(opCost(op, u128).execCycles).toBe(2222);
  });

  it('a 3×3 depthwise on 3×3×8: partial micro-blocks cost whole ones', () => {
    const op: ConvOp = {
      kind: 'depthwise',
      nodeId: 0,
      ifm: fm(3, 3, 8),
      ofm: fm(3, 3, 8),
      window: { kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 1, padLeft: 1 },
      depthMultiplier: 1,
      activationMin: -128,
      activationMax: 127,
      block: { h: 3, w: 3, c: 8 },
      weightOffset: 0,
      weights: new Uint8Array(0),
      weightBits: 0,
    };
    // Rows 3 → 2 micro-blocks of 2, × 3 columns × 1 = 6, each 9 taps + 3 = 12 cycles → 72;
    // decoder max(32, 72 / 8) = 32; output 72 × 0.5 = 36; traffic 144 B → 18. 10 + 5 + 72.
    expect(opCost(op, config).execCycles).toBe(87);
  });

  it('a conv with 3 input channels pays for the whole 8-deep dot product', () => {
    const op: ConvOp = {
      kind: 'conv',
      nodeId: 0,
      ifm: fm(8, 8, 3),
      ofm: fm(8, 8, 8),
      window: { kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 1, padLeft: 1 },
      depthMultiplier: 1,
      activationMin: -128,
      activationMax: 127,
      block: { h: 8, w: 8, c: 8 },
      weightOffset: 0,
      weights: new Uint8Array(0),
      weightBits: 0,
    };
    // 4·8·1 = 32 micro-blocks × 9 taps × one step = 288 cycles, as for 8 input channels
    // (1,728 MACs would take 13.5 cycles at 128 per cycle); decoder max(32, 216 / 8); output 32.
    const c = opCost(op, config);
    expect(c.execCycles).toBe(10 + 5 + 288);
    expect(c.macs).toBe(64 * 8 * 27);
  });

  it("FULLY_CONNECTED 640→128 on ethos-u55-128 is bound by the weight decoder, within 30% of Vela 3.10's 12,861 cycles", () => {
    const u55 = npuConfig('ethos-u55-128');
    const op: ConvOp = {
      kind: 'conv',
      nodeId: 0,
      ifm: fm(1, 1, 640),
      ofm: fm(1, 1, 128),
      window: { kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0 },
      depthMultiplier: 1,
      activationMin: -128,
      activationMax: 127,
      block: { h: 1, w: 1, c: 1 },
      weightOffset: 0,
      weights: new Uint8Array(0),
      weightBits: 0,
    };
    op.block = chooseBlock(op, u55);
    const cycles = opCost(op, u55).execCycles;
    // 81,920 weights at 8 per cycle: at least 10,240 cycles, against 1,280 for the MAC array.
    expect(cycles).toBeGreaterThanOrEqual(10_240);
    expect(Math.abs(cycles - 12_861) / 12_861).toBeLessThanOrEqual(0.3);
  });

  it('flash transfers pay the latency and whole bursts at the system bandwidth (0.5 B/cycle too)', () => {
    const s = streamConfig(config);
    expect(flashCycles(s, 0)).toBe(0);
    expect(flashCycles(s, 100)).toBe(7 + 112);
    const slow = streamConfig({ ...config, system: { ...system, flashBytesPerCycle: 0.5 } });
    expect(flashCycles(slow, 100)).toBe(7 + 224);
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

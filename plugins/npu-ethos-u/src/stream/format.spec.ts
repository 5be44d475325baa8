import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NPU_RUNTIME_DIR } from '../emit/runtime-files.js';
import { npuConfig } from '../spec/npu-configs.js';
import { CommandWriter } from './command-writer.js';
import { CONSTRAINTS } from '../spec/constraints.js';
import { RATE_SCALE } from '../spec/npu-system.js';
import {
  HEADER,
  HEADER_WORDS,
  OPCODE,
  REG,
  REG_COUNT,
  STREAM_MAGIC,
  STREAM_VERSION,
  WEIGHT_CHANNEL_BYTES,
  WEIGHT_CODE,
  WEIGHT_HEADER_BYTES,
} from './format.js';

/** `#define NAME value` pairs of the simulator's header. */
function cDefines(): Map<string, number> {
  const text = readFileSync(join(NPU_RUNTIME_DIR, 'anvil_npu_stream.h'), 'utf8');
  return new Map([...text.matchAll(/^#define (NPU_\w+) (0x[0-9A-Fa-f]+|\d+)u?$/gm)].map((m) => [m[1] as string, Number(m[2])]));
}

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

describe('command stream format', () => {
  it('the C simulator uses the same numbers as the compiler (every register, opcode and header field)', () => {
    const c = cDefines();
    for (const [name, value] of Object.entries(REG)) expect(c.get(`NPU_REG_${snake(name)}`), name).toBe(value);
    expect(c.get('NPU_REG_COUNT')).toBe(REG_COUNT);
    expect(c.get('NPU_OP_SET_REG')).toBe(OPCODE.setReg);
    expect(c.get('NPU_OP_CONV')).toBe(OPCODE.conv);
    expect(c.get('NPU_OP_POOL')).toBe(OPCODE.pool);
    expect(c.get('NPU_OP_ELEMENTWISE')).toBe(OPCODE.elementwise);
    expect(c.get('NPU_OP_DMA')).toBe(OPCODE.dma);
    expect(c.get('NPU_OP_STOP')).toBe(OPCODE.stop);
    expect(c.get('NPU_STREAM_MAGIC')).toBe(STREAM_MAGIC);
    expect(c.get('NPU_STREAM_VERSION')).toBe(STREAM_VERSION);
    expect(c.get('NPU_HEADER_WORDS')).toBe(HEADER_WORDS);
    for (const [name, value] of Object.entries(HEADER)) expect(c.get(`NPU_HDR_${snake(name)}`), name).toBe(value);
    expect(c.get('NPU_RATE_SCALE')).toBe(RATE_SCALE);
    expect(c.get('NPU_WEIGHTS_PER_CHANNEL_MAX')).toBe(CONSTRAINTS.weightsPerChannelMax);
    expect(c.get('NPU_WEIGHT_CODE_DELTA')).toBe(WEIGHT_CODE.delta);
    expect(c.get('NPU_WEIGHT_CODE_ZERO_RUN')).toBe(WEIGHT_CODE.zeroRun);
    expect(c.get('NPU_WEIGHT_CODE_RUN_K_SHIFT')).toBe(WEIGHT_CODE.runKShift);
    expect(c.get('NPU_WEIGHT_HEADER_BYTES')).toBe(WEIGHT_HEADER_BYTES);
    expect(c.get('NPU_WEIGHT_CHANNEL_BYTES')).toBe(WEIGHT_CHANNEL_BYTES);
    // Header words and registers are numbered from 0 without gaps or repeats.
    expect(
      Object.values(HEADER)
        .slice()
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: HEADER_WORDS }, (_, i) => i));
    expect(
      Object.values(REG)
        .slice()
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: REG_COUNT }, (_, i) => i));
  });

  it('writes a register only when its value changes, and ends with STOP and the word count', () => {
    const w = new CommandWriter(npuConfig('ethos-u55-64'));
    w.set({ ifmH: 3, ifmW: 4 }).op(OPCODE.pool, 1).set({ ifmH: 3, ifmW: 5 }).op(OPCODE.pool, 0);
    const s = w.finish();
    // Header, then: SET ifmH 3, SET ifmW 4, POOL max, SET ifmW 5 (ifmH unchanged), POOL avg, STOP.
    const body = Array.from(s.subarray(HEADER_WORDS));
    expect(body).toEqual([0x1_02_01, 3, 0x1_03_01, 4, 0x01_11, 0x1_03_01, 5, 0x00_11, 0xff]);
    expect(s[HEADER.words]).toBe(s.length);
    expect(s[HEADER.macsPerCycle]).toBe(64);
  });
});

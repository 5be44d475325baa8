import { describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { memoryFlags, parseBytes, parsePin, parsePool } from './memory-options.js';

describe('memory options', () => {
  it('reads sizes in bytes, binary and decimal units', () => {
    expect(parseBytes('65536', '--sram')).toBe(65536);
    expect(parseBytes('64KiB', '--sram')).toBe(65536);
    expect(parseBytes('64kB', '--sram')).toBe(64000);
    expect(parseBytes('1MiB', '--sram')).toBe(1048576);
    expect(() => parseBytes('64 apples', '--sram')).toThrow(AnvilError);
  });

  it('refuses sizes a JS number cannot hold exactly', () => {
    expect(parseBytes(String(Number.MAX_SAFE_INTEGER), '--pool')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseBytes('9007199254740992', '--pool')).toThrow(/too large to be a size/);
    expect(() => parseBytes('9'.repeat(400), '--pin')).toThrow(/too large to be a size/);
  });

  it('reads pools with optional access, and keeps flash for the weights', () => {
    expect(parsePool('dtcm:64KiB')).toEqual({ name: 'dtcm', size: 65536, access: ['cpu', 'dma'] });
    expect(parsePool('npu_sram:32KiB:npu+dma').access).toEqual(['npu', 'dma']);
    expect(() => parsePool('sram:1KiB:gpu')).toThrow(/unknown access gpu/);
    const flags = memoryFlags(['dtcm:64KiB', 'sram:256KiB', 'flash:1MiB'], ['x=app']);
    expect(flags.pools.map((p) => p.name)).toEqual(['dtcm', 'sram']);
    expect(flags.flashBytes).toBe(1048576);
    expect(flags.pins).toEqual([{ pattern: 'x', target: { kind: 'app' } }]);
    expect(memoryFlags(['sram:1KiB'], []).flashBytes).toBeUndefined();
    expect(() => memoryFlags(['sram:1KiB', 'sram:2KiB'], [])).toThrow(/given twice/);
  });

  it('reads pins to a pool, an offset or the application; the last = splits', () => {
    expect(parsePin('model/conv*=dtcm')).toEqual({ pattern: 'model/conv*', target: { kind: 'pool', pool: 'dtcm' } });
    expect(parsePin('a=b=sram@4KiB')).toEqual({ pattern: 'a=b', target: { kind: 'offset', pool: 'sram', offset: 4096 } });
    expect(parsePin('input_1=app')).toEqual({ pattern: 'input_1', target: { kind: 'app' } });
    expect(() => parsePin('=app')).toThrow(/not PATTERN=TARGET/);
  });
});

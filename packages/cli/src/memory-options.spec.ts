import { describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { parseBytes, parsePin, parsePool, poolsFrom } from './memory-options.js';

describe('memory options', () => {
  it('reads sizes in bytes, binary and decimal units', () => {
    expect(parseBytes('65536', '--sram')).toBe(65536);
    expect(parseBytes('64KiB', '--sram')).toBe(65536);
    expect(parseBytes('64kB', '--sram')).toBe(64000);
    expect(parseBytes('1MiB', '--sram')).toBe(1048576);
    expect(() => parseBytes('64 apples', '--sram')).toThrow(AnvilError);
  });

  it('reads pools with optional access, and keeps flash for the weights', () => {
    expect(parsePool('dtcm:64KiB', 16)).toEqual({ name: 'dtcm', size: 65536, alignment: 16, access: ['cpu', 'dma'] });
    expect(parsePool('npu_sram:32KiB:npu+dma', 16).access).toEqual(['npu', 'dma']);
    expect(() => parsePool('sram:1KiB:gpu', 16)).toThrow(/unknown access gpu/);
    const choice = poolsFrom(['dtcm:64KiB', 'sram:256KiB', 'flash:1MiB'], 16, []);
    expect(choice.ram.map((p) => p.name)).toEqual(['dtcm', 'sram']);
    expect(choice.flash).toBe(1048576);
    expect(() => poolsFrom(['sram:1KiB', 'sram:2KiB'], 16, [])).toThrow(/given twice/);
  });

  it('reads pins to a pool, an offset or the application; the last = splits', () => {
    expect(parsePin('model/conv*=dtcm')).toEqual({ pattern: 'model/conv*', target: { kind: 'pool', pool: 'dtcm' } });
    expect(parsePin('a=b=sram@4KiB')).toEqual({ pattern: 'a=b', target: { kind: 'offset', pool: 'sram', offset: 4096 } });
    expect(parsePin('input_1=app')).toEqual({ pattern: 'input_1', target: { kind: 'app' } });
    expect(() => parsePin('=app')).toThrow(/not PATTERN=TARGET/);
  });
});

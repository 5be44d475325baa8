import { describe, expect, it } from 'vitest';
import { configKey, npuConfig, NPU_CONFIGS } from './npu-configs.js';
import { streamConfig } from './stream-config.js';

describe('NPU configurations and systems', () => {
  it("each accelerator's MACs per cycle are its micro-block times the 8-deep dot product", () => {
    for (const c of NPU_CONFIGS) expect(c.microBlock.h * c.microBlock.w * c.microBlock.c * c.dotProductDepth, c.name).toBe(c.macsPerCycle);
  });

  it("a bare name takes the accelerator's default system; `@name` picks another", () => {
    const u55 = npuConfig('ethos-u55-128');
    expect(u55.system).toMatchObject({ name: 'high-end-embedded', clockHz: 500_000_000, sramBytesPerCycle: 8, flashBytesPerCycle: 1 });
    expect(u55.system).toMatchObject({ sramLatencyCycles: 32, flashLatencyCycles: 64 });
    const deep = npuConfig('ethos-u55-128@deep-embedded');
    expect(deep.system).toMatchObject({ clockHz: 200_000_000, flashBytesPerCycle: 0.5 });
    expect(streamConfig(deep).flashBytesPer64Cycles).toBe(32);
    expect(npuConfig('ethos-u65-512').system).toMatchObject({ name: 'u65-high-end', flashBytesPerCycle: 12, flashLatencyCycles: 500 });
  });

  it('a system given as JSON, and the key every configuration reads back as', () => {
    const json = {
      name: 'board',
      clockHz: 100_000_000,
      sramBytesPerCycle: 4,
      flashBytesPerCycle: 0.25,
      sramLatencyCycles: 8,
      flashLatencyCycles: 100,
      flashBurstBytes: 64,
    };
    const c = npuConfig(`ethos-u55-64@${JSON.stringify(json)}`);
    expect(c.system).toEqual(json);
    for (const key of ['ethos-u55-128', 'ethos-u55-32@deep-embedded', `ethos-u55-64@${JSON.stringify(json)}`]) {
      expect(npuConfig(configKey(npuConfig(key)))).toEqual(npuConfig(key));
    }
    expect(configKey(npuConfig('ethos-u55-128'))).toBe('ethos-u55-128');
    expect(configKey(npuConfig('ethos-u55-128@deep-embedded'))).toBe('ethos-u55-128@deep-embedded');
  });

  it('refuses unknown names, broken JSON, missing fields and rates the stream cannot carry', () => {
    expect(() => npuConfig('ethos-u55-100')).toThrow(/unknown NPU configuration/);
    expect(() => npuConfig('ethos-u55-128@nowhere')).toThrow(/unknown NPU system configuration "nowhere"/);
    expect(() => npuConfig('ethos-u55-128@{"clockHz":')).toThrow(/not valid JSON/);
    const ok = { clockHz: 1, sramBytesPerCycle: 8, flashBytesPerCycle: 1, sramLatencyCycles: 0, flashLatencyCycles: 0, flashBurstBytes: 1 };
    expect(() => npuConfig(`ethos-u55-128@${JSON.stringify({ ...ok, flashBurstBytes: undefined })}`)).toThrow(/flashBurstBytes/);
    expect(() => npuConfig(`ethos-u55-128@${JSON.stringify({ ...ok, flashBytesPerCycle: 0.3 })}`)).toThrow(/flashBytesPerCycle is 0.3/);
    expect(() => npuConfig(`ethos-u55-128@${JSON.stringify({ ...ok, sramBytesPerCycle: 0 })}`)).toThrow(/sramBytesPerCycle is 0/);
    expect(npuConfig(`ethos-u55-128@${JSON.stringify(ok)}`).system.name).toBe('custom');
    expect(() => npuConfig(`ethos-u55-128@${JSON.stringify({ ...ok, name: 'x */ y' })}`)).toThrow(/not a plain name/);
  });
});

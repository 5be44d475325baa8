import { describe, expect, it } from 'vitest';
import type { Offloader } from '../extension/offloader.js';
import { offloadConfigName } from '../extension/offloader.js';
import { findOffloader } from './offload-stage.js';

// Only the members findOffloader reads; the rest would be the offloader's business.
const fake = (name: string, configs: string[]): Offloader => ({ name, configs }) as unknown as Offloader;

describe('choosing the offloader for --npu', () => {
  it('matches the configuration name, with or without the options after "@"', () => {
    const a = fake('a', ['npu-1', 'npu-2']);
    const b = fake('b', ['other']);
    expect(findOffloader([a, b], 'npu-2')).toBe(a);
    expect(findOffloader([a, b], 'other@fast')).toBe(b);
    expect(findOffloader([a, b], 'npu-1@{"clockHz":1}')).toBe(a);
    expect(offloadConfigName('npu-1@x@y')).toBe('npu-1');
  });

  it('refuses a name no offloader offers, options or not, listing the ones there are', () => {
    expect(() => findOffloader([fake('a', ['npu-1'])], 'npu-3@fast')).toThrow(/no offloader offers the NPU configuration "npu-3@fast"/);
    expect(() => findOffloader([fake('a', ['npu-1'])], '@npu-1')).toThrow(/no offloader offers/);
  });
});

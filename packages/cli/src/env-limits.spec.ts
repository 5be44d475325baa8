import { describe, expect, it } from 'vitest';
import { limitsFromEnv } from './env-limits.js';

describe('limitsFromEnv', () => {
  it('leaves the defaults alone when the variables are unset or empty', () => {
    expect(limitsFromEnv({})).toEqual({});
    expect(limitsFromEnv({ ANVIL_MAX_MODEL_BYTES: '', ANVIL_PLUGIN_TIMEOUT_MS: '' })).toEqual({});
  });

  it('reads a model size limit in any size syntax and a plugin timeout in ms', () => {
    expect(limitsFromEnv({ ANVIL_MAX_MODEL_BYTES: '512MiB', ANVIL_PLUGIN_TIMEOUT_MS: '2000' })).toEqual({
      maxModelBytes: 512 * 2 ** 20,
      pluginTimeoutMs: 2000,
    });
  });

  it('refuses values that are not sizes or counts, naming the variable', () => {
    expect(() => limitsFromEnv({ ANVIL_MAX_MODEL_BYTES: 'lots' })).toThrow(/ANVIL_MAX_MODEL_BYTES lots is not a size/);
    expect(() => limitsFromEnv({ ANVIL_MAX_MODEL_BYTES: '0' })).toThrow(/allows no model/);
    expect(() => limitsFromEnv({ ANVIL_PLUGIN_TIMEOUT_MS: '1e3' })).toThrow(/ANVIL_PLUGIN_TIMEOUT_MS 1e3 is not a whole number/);
    expect(() => limitsFromEnv({ ANVIL_PLUGIN_TIMEOUT_MS: '0' })).toThrow(/out of range/);
  });
});

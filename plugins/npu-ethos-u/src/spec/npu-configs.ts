import { errors, fail } from '@anvil/core';
import type { NpuConfig } from './npu-config.js';

/** U55-like parts run from the MCU's SRAM over a 64-bit bus; the U65-like one has a 128-bit bus. */
function u55(macs: number, shramKiB: number): NpuConfig {
  return {
    name: `ethos-u55-${macs}`,
    macsPerCycle: macs,
    depthwiseMacsPerCycle: macs / 4,
    elementsPerCycle: Math.max(1, macs / 16),
    shramBytes: shramKiB * 1024,
    sramBytesPerCycle: 8,
    flashBytesPerCycle: 4,
    opSetupCycles: 64,
    maxBlockDepth: Math.max(16, macs / 4),
    clockHz: 500_000_000,
  };
}

/**
 * The configurations `--npu` accepts, in our own numbers (not Arm's): MACs per cycle 32 to 256
 * like the U55, 512 like the U65. `ethos-u55-32` has the smallest SHRAM and so the smallest
 * blocks: it is the configuration the tests use to force splitting.
 */
export const NPU_CONFIGS: readonly NpuConfig[] = [
  u55(32, 16),
  u55(64, 16),
  u55(128, 24),
  u55(256, 48),
  {
    name: 'ethos-u65-512',
    macsPerCycle: 512,
    depthwiseMacsPerCycle: 128,
    elementsPerCycle: 32,
    shramBytes: 96 * 1024,
    sramBytesPerCycle: 16,
    flashBytesPerCycle: 8,
    opSetupCycles: 64,
    maxBlockDepth: 128,
    clockHz: 1_000_000_000,
  },
];

export function npuConfig(name: string): NpuConfig {
  const c = NPU_CONFIGS.find((x) => x.name === name);
  if (c === undefined) {
    fail(errors.cliBadArgument(`unknown NPU configuration "${name}"`, `choose one of: ${NPU_CONFIGS.map((x) => x.name).join(', ')}`));
  }
  return c;
}

import { OFFLOAD_OPTIONS_SEPARATOR, errors, fail } from '@anvil/core';
import type { MicroBlock, NpuAccelerator, NpuConfig } from './npu-config.js';
import type { NpuSystem } from './npu-system.js';
import { NPU_SYSTEMS, parseSystem, scaledRate } from './npu-system.js';

/**
 * Where the numbers come from. From Arm Vela 3.10's architecture model, as recorded in
 * /work/shared/notes/npu.md: MACs per cycle and SHRAM sizes; the output micro-blocks
 * (1×1×4, 1×1×8, 2×1×8, 2×2×8 for U55-32/64/128/256) and the 8-deep dot product over input
 * channels; on u55-128 the output stage's 0.5 cycles per element (0.25 for max pooling),
 * ADD 1.5 and MUL 0.75 cycles per element, depthwise at macs/8 per cycle at peak and about
 * macs/10.7 for 3×3 (9 taps take 12 cycles per micro-block: 3 cycles of overhead), a 32-cycle
 * weight-load floor per step, and the weight decoder's one 8-channel × 32-deep step per
 * 32 cycles (8 weights per cycle) that bounds FULLY_CONNECTED.
 * SOFTMAX lowered to about 30 elementwise operations plus an exp LUT (about 2.1–2.2k cycles on
 * the shared models), which we cost as 30 steps at the MUL rate, each with the operation setup.
 * Ours: the per-element rates of the other configurations, scaled from u55-128's by their
 * micro-block (output stage) or MAC count (elementwise); pooling window rate (macs/16 per
 * cycle, within 1.03–1.36× of Vela's); the 64-cycle operation setup; U65-512 as one array of
 * 2×2×16 (Vela models two cores of 256 MACs).
 */
function u55(macs: number, microBlock: MicroBlock, shramKiB: number): NpuAccelerator {
  const ublock = microBlock.h * microBlock.w * microBlock.c;
  return {
    name: `ethos-u55-${macs}`,
    macsPerCycle: macs,
    microBlock,
    dotProductDepth: 8,
    depthwiseTapOverheadCycles: 3,
    outputCyclesPerElement: 8 / ublock,
    maxPoolOutputCyclesPerElement: 4 / ublock,
    poolElementsPerCycle: Math.max(1, macs / 16),
    addCyclesPerElement: (1.5 * 128) / macs,
    mulCyclesPerElement: (0.75 * 128) / macs,
    decoderWeightsPerCycle: 8,
    weightStepFloorCycles: 32,
    opSetupCycles: 64,
    softmaxSteps: 30,
    shramBytes: shramKiB * 1024,
    maxBlockDepth: Math.max(16, macs / 4),
    defaultSystem: 'high-end-embedded',
  };
}

/** The accelerators `--npu` accepts: MACs per cycle 32 to 256 like the U55, 512 like the U65. */
export const NPU_ACCELERATORS: readonly NpuAccelerator[] = [
  u55(32, { h: 1, w: 1, c: 4 }, 16),
  u55(64, { h: 1, w: 1, c: 8 }, 16),
  u55(128, { h: 2, w: 1, c: 8 }, 24),
  u55(256, { h: 2, w: 2, c: 8 }, 48),
  {
    ...u55(512, { h: 2, w: 2, c: 16 }, 96),
    name: 'ethos-u65-512',
    maxBlockDepth: 128,
    defaultSystem: 'u65-high-end',
  },
];

/** Every accelerator with its default system: `ethos-u55-32` has the smallest SHRAM, the tests' splitting case. */
export const NPU_CONFIGS: readonly NpuConfig[] = NPU_ACCELERATORS.map((a) => withSystem(a, systemNamed(a.defaultSystem)));

function systemNamed(name: string): NpuSystem {
  const s = NPU_SYSTEMS.find((x) => x.name === name);
  if (s === undefined) {
    fail(
      errors.cliBadArgument(
        `unknown NPU system configuration "${name}"`,
        `choose one of: ${NPU_SYSTEMS.map((x) => x.name).join(', ')} or a JSON file`,
      ),
    );
  }
  return s;
}

function withSystem(a: NpuAccelerator, system: NpuSystem): NpuConfig {
  const config = { ...a, system };
  // Refuse now, not in the middle of a stream, a rate the stream cannot carry exactly.
  for (const k of ['outputCyclesPerElement', 'maxPoolOutputCyclesPerElement', 'addCyclesPerElement', 'mulCyclesPerElement'] as const) {
    scaledRate(config[k], `${a.name} ${k}`);
  }
  return config;
}

/** Separates the accelerator from the system in a configuration string: `ethos-u55-128@deep-embedded`. */
export const SYSTEM_SEPARATOR = OFFLOAD_OPTIONS_SEPARATOR;

/**
 * The configuration a name stands for: an accelerator, then optionally `@` and a system,
 * named (`deep-embedded`) or given inline as JSON (what `--npu-system file.json` passes on).
 */
export function npuConfig(name: string): NpuConfig {
  const at = name.indexOf(SYSTEM_SEPARATOR);
  const accel = at < 0 ? name : name.slice(0, at);
  const a = NPU_ACCELERATORS.find((x) => x.name === accel);
  if (a === undefined) {
    fail(errors.cliBadArgument(`unknown NPU configuration "${accel}"`, `choose one of: ${NPU_ACCELERATORS.map((x) => x.name).join(', ')}`));
  }
  if (at < 0) return withSystem(a, systemNamed(a.defaultSystem));
  const system = name.slice(at + 1);
  if (!system.startsWith('{')) return withSystem(a, systemNamed(system));
  let json: unknown;
  try {
    json = JSON.parse(system);
  } catch (e) {
    fail(errors.cliBadArgument(`the NPU system configuration is not valid JSON: ${(e as Error).message}`, 'check the file'));
  }
  return withSystem(a, parseSystem(json, 'custom'));
}

/** The string `npuConfig` reads back as this configuration: what regions record as theirs. */
export function configKey(c: NpuConfig): string {
  if (c.system.name === c.defaultSystem && NPU_SYSTEMS.some((s) => s === c.system)) return c.name;
  const named = NPU_SYSTEMS.find((s) => s === c.system);
  return `${c.name}${SYSTEM_SEPARATOR}${named === undefined ? JSON.stringify(c.system) : named.name}`;
}

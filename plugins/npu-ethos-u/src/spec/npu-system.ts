import { errors, fail } from '@anvil/core';

/**
 * The system around the NPU: its clock and the two memories it reads. SRAM holds the arena
 * (feature maps, scratch); "flash" is wherever the weights and command stream live (off-chip
 * flash on a U55, DRAM on a U65). Bandwidths are bytes per NPU cycle and may be fractions.
 */
export interface NpuSystem {
  readonly name: string;
  readonly clockHz: number;
  readonly sramBytesPerCycle: number;
  readonly flashBytesPerCycle: number;
  /** Cycles before the first byte of a transfer arrives. */
  readonly sramLatencyCycles: number;
  readonly flashLatencyCycles: number;
  /** Flash is read in whole bursts: a transfer's length rounds up to this. */
  readonly flashBurstBytes: number;
}

/**
 * Arm Vela 3.10's default system configurations (vela.ini, as recorded in
 * /work/shared/notes/npu.md): SRAM on the 8-byte AXI port at clock scale 1; off-chip flash at
 * scale 0.125 (1 B/cycle) on the high-end part and 0.0625 (0.5 B/cycle) on the deep-embedded
 * one; the U65's DRAM at 12 B/cycle (scale 0.75 of its 16-byte port). Latencies and burst
 * lengths are Vela's too.
 */
export const NPU_SYSTEMS: readonly NpuSystem[] = [
  {
    name: 'high-end-embedded',
    clockHz: 500_000_000,
    sramBytesPerCycle: 8,
    flashBytesPerCycle: 1,
    sramLatencyCycles: 32,
    flashLatencyCycles: 64,
    flashBurstBytes: 128,
  },
  {
    name: 'deep-embedded',
    clockHz: 200_000_000,
    sramBytesPerCycle: 8,
    flashBytesPerCycle: 0.5,
    sramLatencyCycles: 32,
    flashLatencyCycles: 64,
    flashBurstBytes: 128,
  },
  {
    name: 'u65-high-end',
    clockHz: 1_000_000_000,
    sramBytesPerCycle: 16,
    flashBytesPerCycle: 12,
    sramLatencyCycles: 32,
    flashLatencyCycles: 500,
    flashBurstBytes: 128,
  },
];

/**
 * Rates travel in the command stream as integers per RATE_SCALE cycles (or elements), so the
 * estimator and the C simulator divide the same integers: 0.5 B/cycle is 32 per 64 cycles.
 */
export const RATE_SCALE = 64;

/** A rate in RATE_SCALE units, refused when it is not a whole number of them. */
export function scaledRate(value: number, what: string): number {
  const s = value * RATE_SCALE;
  if (!Number.isInteger(s) || s < 1 || s > 0xffff) {
    fail(errors.cliBadArgument(`${what} is ${value}`, `use a positive multiple of 1/${RATE_SCALE} below ${0x10000 / RATE_SCALE}`));
  }
  return s;
}

const FIELDS = [
  'clockHz',
  'sramBytesPerCycle',
  'flashBytesPerCycle',
  'sramLatencyCycles',
  'flashLatencyCycles',
  'flashBurstBytes',
] as const;

/** A system from JSON (`--npu-system file.json`): every field present and in range. */
export function parseSystem(json: unknown, fallbackName: string): NpuSystem {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    fail(errors.cliBadArgument('the NPU system configuration is not a JSON object', `give ${FIELDS.join(', ')}`));
  }
  const o = json as Record<string, unknown>;
  const num = (k: (typeof FIELDS)[number], integer: boolean): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
      fail(
        errors.cliBadArgument(
          `NPU system field ${k} is ${JSON.stringify(v)}`,
          `give ${k} as a non-negative ${integer ? 'integer' : 'number'}`,
        ),
      );
    }
    return v;
  };
  const name = o['name'] ?? fallbackName;
  // The name goes into reports and into a comment of the generated C: plain characters only.
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    fail(
      errors.cliBadArgument(
        `NPU system name ${JSON.stringify(name)} is not a plain name`,
        'use at most 64 letters, digits, ".", "_" or "-"',
      ),
    );
  }
  const system: NpuSystem = {
    name,
    clockHz: num('clockHz', true),
    sramBytesPerCycle: num('sramBytesPerCycle', false),
    flashBytesPerCycle: num('flashBytesPerCycle', false),
    sramLatencyCycles: num('sramLatencyCycles', true),
    flashLatencyCycles: num('flashLatencyCycles', true),
    flashBurstBytes: num('flashBurstBytes', true),
  };
  if (system.clockHz < 1) fail(errors.cliBadArgument('NPU system clockHz is 0', 'give the clock in Hz'));
  if (system.flashBurstBytes < 1) fail(errors.cliBadArgument('NPU system flashBurstBytes is 0', 'give the burst in bytes (at least 1)'));
  if (system.sramLatencyCycles > 100_000 || system.flashLatencyCycles > 100_000) {
    fail(errors.cliBadArgument('an NPU system latency exceeds 100,000 cycles', 'give latencies in cycles of the NPU clock'));
  }
  scaledRate(system.sramBytesPerCycle, 'NPU system sramBytesPerCycle');
  scaledRate(system.flashBytesPerCycle, 'NPU system flashBytesPerCycle');
  return system;
}

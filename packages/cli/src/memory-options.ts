import { errors, fail } from '@anvil/core';
import type { PinSpec, PoolAccess, PoolSpec } from '@anvil/core';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1000, kb: 1000, kib: 1024, m: 1_000_000, mb: 1_000_000, mib: 1 << 20 };

/** `65536`, `64KiB`, `64kB`, `1MiB`… in bytes; binary units are powers of 1024, decimal ones of 1000. */
export function parseBytes(text: string, option: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m === null ? undefined : UNITS[(m[2] ?? '').toLowerCase()];
  if (m === null || unit === undefined)
    fail(errors.cliBadArgument(`${option} ${text} is not a size`, 'write bytes as 65536, 64KiB, 64kB or 1MiB'));
  const bytes = Number(m[1]) * unit;
  // Beyond 2^53 − 1 a JS number no longer holds every byte count exactly; no memory is that large.
  if (!Number.isSafeInteger(bytes))
    fail(errors.cliBadArgument(`${option} ${text} is too large to be a size`, `sizes go up to ${Number.MAX_SAFE_INTEGER} bytes`));
  return bytes;
}

const ACCESS: readonly PoolAccess[] = ['cpu', 'npu', 'dma'];

/**
 * `--pool name:size[:access]`, e.g. `dtcm:64KiB` or `sram:256KiB:cpu+dma`. Pools are listed
 * fastest first: buffers try them in that order, so the fast ones fill first.
 */
export function parsePool(text: string): PoolSpec {
  const [name, size, access] = text.split(':');
  if (name === undefined || !/^[A-Za-z_][\w-]*$/.test(name) || size === undefined)
    fail(errors.cliBadArgument(`--pool ${text} is not name:size[:access]`, 'e.g. --pool dtcm:64KiB --pool sram:256KiB:cpu+dma'));
  const who = (access ?? 'cpu+dma').split('+');
  const bad = who.find((a) => !(ACCESS as readonly string[]).includes(a));
  if (bad !== undefined)
    fail(errors.cliBadArgument(`--pool ${text}: unknown access ${bad}`, `access is any of ${ACCESS.join(', ')} joined by +`));
  return { name, size: parseBytes(size, '--pool'), access: who as PoolAccess[] };
}

/** `--pin PATTERN=POOL`, `PATTERN=POOL@OFFSET` or `PATTERN=app` (the last `=` splits). */
export function parsePin(text: string): PinSpec {
  const at = text.lastIndexOf('=');
  const pattern = text.slice(0, at);
  const where = text.slice(at + 1);
  if (at <= 0 || where.length === 0)
    fail(
      errors.cliBadArgument(
        `--pin ${text} is not PATTERN=TARGET`,
        'e.g. --pin "input_1*=app" --pin "*conv2*=dtcm" --pin "Identity=sram@0"',
      ),
    );
  if (where === 'app') return { pattern, target: { kind: 'app' } };
  const [pool, offset] = where.split('@');
  if (offset === undefined) return { pattern, target: { kind: 'pool', pool: pool ?? '' } };
  return { pattern, target: { kind: 'offset', pool: pool ?? '', offset: parseBytes(offset, '--pin') } };
}

/** The name of the pool that holds the weights: `--pool flash:SIZE` sets its capacity. */
export const FLASH = 'flash';

/** The memory flags as the pipeline takes them: RAM pools, flash capacity, pins. */
export interface MemoryFlags {
  readonly pools: readonly PoolSpec[];
  readonly flashBytes?: number;
  readonly pins: readonly PinSpec[];
}

/** Parses `--pool` and `--pin` once, at the edge; `flash:SIZE` becomes the flash capacity. */
export function memoryFlags(pools: readonly string[], pins: readonly string[]): MemoryFlags {
  const parsed = pools.map(parsePool);
  const dup = parsed.find((p, i) => parsed.findIndex((q) => q.name === p.name) !== i);
  if (dup !== undefined) fail(errors.cliBadArgument(`--pool ${dup.name} is given twice`, 'give each pool once'));
  const flash = parsed.find((p) => p.name === FLASH);
  return {
    pools: parsed.filter((p) => p.name !== FLASH),
    ...(flash === undefined ? {} : { flashBytes: flash.size }),
    pins: pins.map(parsePin),
  };
}

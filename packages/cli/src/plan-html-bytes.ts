export interface ByteTick {
  readonly value: number;
  readonly label: string;
}

const KIB = 1024;
const MIB = 1024 * 1024;

/** 1, 2 or 5 times a power of ten: the smallest such step at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Axis ticks for 0..max bytes, placed at round numbers of the unit the labels use: an arena
 * of 16,000 B gets 0, 2 KiB … 14 KiB rather than 2,000 B steps that read as 1.95 KiB.
 */
export function byteTicks(max: number, target = 8): ByteTick[] {
  const unit = max >= 4 * MIB ? MIB : max >= 4 * KIB ? KIB : 1;
  const name = unit === MIB ? 'MiB' : unit === KIB ? 'KiB' : 'B';
  const span = Math.max(max, 1) / unit;
  // Whole bytes: a step below one byte would label the same byte twice.
  const step = Math.max(niceStep(span / target), unit === 1 ? 1 : 0);
  const ticks: ByteTick[] = [];
  for (let k = 0; k * step <= span + 1e-9; k++) {
    const n = Math.round(k * step * 1000) / 1000;
    ticks.push({ value: Math.round(n * unit), label: n === 0 ? '0' : `${n.toLocaleString('en-US')} ${name}` });
  }
  return ticks;
}

/** Exact bytes for titles and captions, e.g. 16,512 B. */
export const formatBytes = (bytes: number): string => `${bytes.toLocaleString('en-US')} B`;

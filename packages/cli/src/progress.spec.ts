import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatElapsed, plainProgress, silentProgress, step } from './progress.js';

afterEach(() => vi.useRealTimers());

/** A plain reporter on a fake clock: performance time and wall time both from vitest's timers. */
function plain(): { lines: string[]; progress: ReturnType<typeof plainProgress> } {
  const lines: string[] = [];
  const progress = plainProgress((l) => lines.push(l), { now: () => Date.now(), clock: () => new Date(Date.now()) });
  return { lines, progress };
}

const at = (h: number, m: number, s: number): Date => new Date(2026, 0, 1, h, m, s);

describe('plainProgress', () => {
  it('a long step: a timestamped line when it starts, still-running lines, and the time it took', async () => {
    vi.useFakeTimers({ now: at(15, 42, 7) });
    const { lines, progress } = plain();
    let finish: (v: string) => void = () => undefined;
    const work = step(progress, 'building firmware (cortex-m4, qemu-mps2-an386)', 'built', () => new Promise<string>((r) => (finish = r)), {
      long: true,
    });
    await vi.advanceTimersByTimeAsync(12_000);
    expect(lines).toEqual([
      '[15:42:07] anvil: building firmware (cortex-m4, qemu-mps2-an386)\n',
      '[15:42:10] anvil: building firmware (cortex-m4, qemu-mps2-an386): still running after 3 s\n',
    ]);
    await vi.advanceTimersByTimeAsync(1_500);
    finish('ok');
    expect(await work).toBe('ok');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines.slice(2)).toEqual([
      '[15:42:20] anvil: building firmware (cortex-m4, qemu-mps2-an386): still running after 13 s\n',
      '[15:42:20] anvil: built in 13.5 s\n',
    ]);
  });

  it('a short step that is not long leaves no line; a slow one is logged once it ends', async () => {
    vi.useFakeTimers({ now: at(9, 0, 0) });
    const { lines, progress } = plain();
    await step(progress, 'compiling m', 'compiled', () => 1);
    expect(lines).toEqual([]);
    const slow = step(progress, 'interpreting m', 'interpreted', () => new Promise((r) => setTimeout(r, 1500)));
    await vi.advanceTimersByTimeAsync(1500);
    await slow;
    expect(lines).toEqual(['[09:00:00] anvil: interpreting m\n', '[09:00:01] anvil: interpreted in 1.5 s\n']);
  });

  it('a long step refused before it yields (an option the runner checks first) leaves the error alone on stderr', async () => {
    vi.useFakeTimers();
    const { lines, progress } = plain();
    const refused = step(progress, 'qemu: building and running', 'built and ran', () => Promise.reject(new Error('bad option')), {
      long: true,
    });
    await expect(refused).rejects.toThrow('bad option');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toEqual([]);
  });

  it('a long step that fails after working says so, then stops', async () => {
    vi.useFakeTimers({ now: at(12, 0, 0) });
    const { lines, progress } = plain();
    const s = progress.begin('tune: counting', { long: true });
    await vi.advanceTimersByTimeAsync(10);
    s.update('tune [##..] 1/2 builds counted');
    await vi.advanceTimersByTimeAsync(1990);
    s.fail();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toEqual([
      '[12:00:00] anvil: tune: counting\n',
      '[12:00:00] anvil: tune [##..] 1/2 builds counted\n',
      '[12:00:02] anvil: tune [##..] 1/2 builds counted: failed after 2.0 s\n',
    ]);
  });

  it('silentProgress says nothing and passes results through', async () => {
    expect(await step(silentProgress, 'x', 'y', () => 7, { long: true })).toBe(7);
  });

  it('formats elapsed times in ms below a tenth of a second, in seconds above', () => {
    expect(formatElapsed(41.2)).toBe('41 ms');
    expect(formatElapsed(11_800)).toBe('11.8 s');
  });
});

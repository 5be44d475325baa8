import { afterEach, describe, expect, it, vi } from 'vitest';
import { withProgress } from './progress.js';

afterEach(() => vi.useRealTimers());

describe('withProgress', () => {
  it('says nothing about short work', async () => {
    const lines: string[] = [];
    expect(await withProgress(Promise.resolve(7), 'job', (l) => lines.push(l))).toBe(7);
    expect(lines).toEqual([]);
  });

  it('says what is still running, and for how long, until it ends', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let finish: (v: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const watched = withProgress(work, 'host-process: 5,000 inference(s)', (l) => lines.push(l), { afterMs: 3000, everyMs: 10_000 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(lines).toEqual([]);
    await vi.advanceTimersByTimeAsync(20_001);
    expect(lines).toEqual([
      'anvil: host-process: 5,000 inference(s): still running after 3 s\n',
      'anvil: host-process: 5,000 inference(s): still running after 13 s\n',
      'anvil: host-process: 5,000 inference(s): still running after 23 s\n',
    ]);
    finish('done');
    expect(await watched).toBe('done');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toHaveLength(3);
  });

  it('passes a failure through and stops', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    await expect(withProgress(Promise.reject(new Error('boom')), 'job', (l) => lines.push(l))).rejects.toThrow('boom');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Progress } from '../progress.js';
import { PHASE_EVERY_MS, phasedStep, phaseText } from './run-phases.js';

/** A progress that records what a step was told. */
function recording(): { progress: Progress; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    progress: {
      begin: (label) => {
        lines.push(`begin ${label}`);
        return { update: (t) => lines.push(t), succeed: (d) => lines.push(`done ${d}`), fail: () => lines.push('failed') };
      },
    },
  };
}

describe('phasedStep', () => {
  it('shows each new phase, then transfer progress at most every PHASE_EVERY_MS, and always the last set', async () => {
    const { progress, lines } = recording();
    let clock = 0;
    await phasedStep(
      progress,
      'qemu',
      async (on) => {
        on({ stage: 'build' });
        on({ stage: 'boot', board: 'qemu-mps2-an386' });
        for (let done = 1; done <= 5; done++) {
          on({ stage: 'transfer', done, total: 5 });
          clock += PHASE_EVERY_MS / 2;
        }
        return { outputs: [] };
      },
      () => clock,
    );
    expect(lines).toEqual([
      'begin qemu',
      'qemu: building',
      'qemu: booting qemu-mps2-an386',
      'qemu: inference 1 of 5 over the serial line',
      'qemu: inference 3 of 5 over the serial line',
      'qemu: inference 5 of 5 over the serial line',
      'done built and ran',
    ]);
  });

  it('marks the step failed and passes the error on', async () => {
    const { progress, lines } = recording();
    const boom = new Error('boom');
    await expect(phasedStep(progress, 'qemu', () => Promise.reject(boom))).rejects.toBe(boom);
    expect(lines).toEqual(['begin qemu', 'failed']);
  });

  it('names thousands as a reader expects', () => {
    expect(phaseText('x', { stage: 'transfer', done: 1200, total: 10000 })).toBe('x: inference 1,200 of 10,000 over the serial line');
  });
});

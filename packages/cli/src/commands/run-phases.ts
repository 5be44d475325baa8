import type { RunPhase, RunResult } from '@anvil/core';
import type { Progress } from '../progress.js';

/** A transfer line at most this often: a long host-driven run shows it is moving without flooding a log. */
export const PHASE_EVERY_MS = 2000;

/** What the progress line says in each phase of a run. */
export function phaseText(label: string, phase: RunPhase): string {
  switch (phase.stage) {
    case 'build':
      return `${label}: building`;
    case 'boot':
      return `${label}: booting ${phase.board}`;
    case 'transfer':
      return `${label}: inference ${phase.done.toLocaleString('en-US')} of ${phase.total.toLocaleString('en-US')} over the serial line`;
  }
}

/** The run as one progress step whose text follows the runner's phases (build, boot, transfer). */
export async function phasedStep(
  progress: Progress,
  label: string,
  work: (onPhase: (phase: RunPhase) => void) => Promise<RunResult>,
  now: () => number = () => performance.now(),
): Promise<RunResult> {
  const s = progress.begin(label, { long: true });
  let stage: RunPhase['stage'] | undefined;
  let shown = 0;
  const onPhase = (phase: RunPhase): void => {
    const at = now();
    const last = phase.stage === 'transfer' && phase.done === phase.total;
    if (phase.stage === stage && !last && at - shown < PHASE_EVERY_MS) return;
    stage = phase.stage;
    shown = at;
    s.update(phaseText(label, phase));
  };
  try {
    const result = await work(onPhase);
    s.succeed('built and ran');
    return result;
  } catch (e) {
    s.fail();
    throw e;
  }
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import { runCliAsync } from './support/run-cli.js';

// Progress through the real executable: in a log (stderr not a terminal) timestamped lines
// when a long step starts and ends, on a terminal a spinner ending in a ✔ line, and with
// --json nothing at all.

const work = mkdtempSync(join(tmpdir(), 'anvil-progress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const input = join(work, 'in.bin');
writeFileSync(input, new Uint8Array(490));
const bin = join(REPO_ROOT, 'packages/cli/bin/anvil.js');

const stamp = String.raw`\[\d\d:\d\d:\d\d\] anvil: `;
const took = String.raw`in \d+(\.\d)? (ms|s)`;

/** `script` from util-linux gives the command a terminal; it is absent on some systems. */
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('progress', () => {
  it('in a log: the run on host and the time-limited planner, each with its start and its time; nothing with --json', async () => {
    const [run, plan, quietRun, quietPlan] = await Promise.all([
      runCliAsync(['run', model, '--input', input, '--output', join(work, 'a')]),
      runCliAsync(['plan', model, '--planners', 'ilp', '--time-limit', '2000']),
      runCliAsync(['run', model, '--input', input, '--output', join(work, 'b'), '--json']),
      runCliAsync(['plan', model, '--planners', 'ilp', '--time-limit', '2000', '--json']),
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^${stamp}host-process: building and running 1 inference\\(s\\) \\(host\\)$`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^${stamp}built and ran ${took}$`, 'm'));
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(new RegExp(`^${stamp}planning kws_ref_model \\(ilp, time limit 2 s\\)\n${stamp}planned ${took}\n$`));
    for (const r of [quietRun, quietPlan]) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1 });
    }
  });

  it.skipIf(!hasScript)('on a terminal: a spinner that ends in a ✔ line with the time taken; none with --json', () => {
    // A pty nobody sized has no width; give it one, as a terminal window has.
    const onTerminal = (args: string): string => {
      // A user's terminal: under CI (set when the suite runs there) Anvil never draws spinners.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI'));
      const r = spawnSync('script', ['-qfec', `stty cols 100 rows 40; ${process.execPath} ${bin} ${args}`, '/dev/null'], {
        cwd: work,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stdout).toBe(0);
      return r.stdout;
    };
    const shown = onTerminal(`plan ${model} --planners ilp --time-limit 2000`);
    expect(shown).toMatch(new RegExp(`✔\\S* planned ${took}`));
    expect(shown).not.toMatch(/\[\d\d:\d\d:\d\d\] anvil:/);
    const quiet = onTerminal(`plan ${model} --planners ilp --time-limit 2000 --json`);
    expect(quiet).not.toContain('✔');
    expect(quiet).not.toContain('planning');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedModels } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// `anvil plan` and the memory options of compile, as a user runs them, on vww_96_int8:
// input 27,648 B and the first activation (18,432 B) are alive together at step 0, and the
// busiest step (2) holds 36,864 + 18,432 = 55,296 B. Largest-first needs 64,512 B.
const shared = sharedModels();
const work = mkdtempSync(join(tmpdir(), 'anvil-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Report {
  lowerBound: number;
  planners: Array<{
    planner: string;
    optimal: boolean;
    totalBytes: number;
    fits?: boolean;
    buffers: Array<{ name: string; firstStep: number; lastStep: number; pool: string; offset: number }>;
  }>;
}

describe.skipIf(!shared.available)(`anvil plan and memory options on vww_96_int8 ${shared.reason}`, () => {
  const model = join(shared.dir, 'vww_96_int8.tflite');

  it('--json: every planner against the bound; a 60,000-B budget fits hill-climb and ilp, not largest-first', () => {
    const r = runCli(['plan', model, '--sram', '60000', '--json', '--time-limit', '5000']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.lowerBound).toBe(55296);
    const by = new Map(report.planners.map((p) => [p.planner, p]));
    expect(by.get('greedy-by-size')?.totalBytes).toBe(64512);
    expect(by.get('greedy-by-size')?.fits).toBe(false);
    expect(by.get('hill-climb')?.fits).toBe(true);
    expect(by.get('ilp')).toMatchObject({ totalBytes: 55296, optimal: true, fits: true });
    const input = by.get('ilp')?.buffers.find((b) => b.name === 'input_1_int8');
    expect(input).toMatchObject({ firstStep: 0, lastStep: 0, pool: 'sram' });
  });

  // --no-patch: the model as it is (with patch stages 50,000 B fits; test/patch-stages.spec.ts).
  it('--sram below the bound: no plan fits (exit 1, a failed budget check), and the report names the minimum, the step and the tensors', () => {
    const r = runCli(['plan', model, '--sram', '50000', '--no-patch', '--planners', 'greedy-by-size,hill-climb']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('no plan fits 50,000 B: the smallest, hill-climb, needs 55,296 B');
    expect(r.stdout).toMatch(
      /no plan can use less than 55,296 B: at step 2 these are live together: model\/activation_2\/Relu.* \(36,864 B\), model\/activation_1\/Relu.* \(18,432 B\)/,
    );
  });

  it('--html writes one page with a chart per planner and a hover title per buffer, with nothing fetched', () => {
    const page = join(work, 'plan.html');
    const r = runCli(['plan', model, '--planners', 'greedy-by-size,ilp', '--html', page]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    // The charts are drawn in the page (test/plan-html.spec.ts renders them in Chromium); here, their slots and data.
    expect(html.match(/<div class="chart" data-kind="placement"/g)).toHaveLength(2);
    expect(html).toContain('input_1_int8\\n27,648 B at offset');
    expect(html).not.toMatch(/src="http/);
  });

  it('an impossible pool size fails before planning, with the numbers', () => {
    const r = runCli(['compile', model, '-o', join(work, 'small'), '--pool', 'sram:40000']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^anvil: PLAN_BUDGET_TOO_SMALL: sram has 40000 bytes but no plan can use fewer than 55296: at step 2/);
  });

  it('conflicting pins fail with both ranges and the steps', () => {
    const r = runCli([
      'compile',
      model,
      '-o',
      join(work, 'pins'),
      '--pin',
      'input_1_int8=sram@0',
      '--pin',
      'model/activation/Relu*=sram@0',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^anvil: PIN_CONFLICT: .*input_1_int8 \[0, 27648\) and model\/activation\/Relu.* \[0, 18432\) overlap in sram while both are live \(steps 0–0\)/,
    );
    const none = runCli(['plan', model, '--pin', 'no_such_tensor=app']);
    expect(none.stderr).toMatch(/^anvil: PIN_UNMATCHED: pin pattern no_such_tensor matches no tensor/);
  });

  it('two pools: dtcm (listed first) fills first within its 32 KiB; compile emits one base pointer per pool', () => {
    const r = runCli(['plan', model, '--pool', 'dtcm:32KiB', '--pool', 'sram:256KiB', '--json', '--planners', 'greedy-by-size,hill-climb']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { planners: Array<{ pools: Array<{ name: string; capacity: number | null; used: number }> }> };
    for (const p of report.planners) {
      expect(p.pools.map((q) => [q.name, q.capacity])).toEqual([
        ['dtcm', 32768],
        ['sram', 262144],
      ]);
      expect(p.pools[0]!.used).toBeGreaterThan(0);
      expect(p.pools[0]!.used).toBeLessThanOrEqual(32768);
    }
    const c = runCli(['compile', model, '-o', join(work, 'two'), '--pool', 'dtcm:32KiB', '--pool', 'sram:256KiB']);
    expect(c.status, c.stderr).toBe(0);
    const header = readFileSync(join(work, 'two', 'vww_96_int8.h'), 'utf8');
    expect(header).toContain('anvil_vww_96_int8_run(void *pool_dtcm, void *pool_sram, const int8_t *input0, int8_t *output0)');
    expect(header).toMatch(/#define ANVIL_VWW_96_INT8_POOL_DTCM_BYTES (\d+)/);
    expect(Number(/POOL_DTCM_BYTES (\d+)/.exec(header)?.[1])).toBeLessThanOrEqual(32768);
  });

  it('compile --planner ilp emits the 55,296-B arena', () => {
    const out = join(work, 'ilp');
    const r = runCli(['compile', model, '-o', out, '--planner', 'ilp', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'vww_96_int8.h'), 'utf8')).toContain('#define ANVIL_VWW_96_INT8_ARENA_BYTES 55296');
  });
});

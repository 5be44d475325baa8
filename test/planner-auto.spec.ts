import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, describeShared } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// The default memory planner is `auto`: every heuristic planner, the smallest plan kept, then
// ilp from it within about a second; the report names `auto` and the planner whose plan won.
const work = mkdtempSync(join(tmpdir(), 'anvil-auto-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface CompileJson {
  planner: string;
  optimal: boolean;
  arenaBytes: number;
  lowerBound: number;
}
interface PlanJson {
  planners: Array<{ planner: string; totalBytes: number; optimal: boolean; error?: string }>;
}

function compileDefault(model: string, out: string): { report: CompileJson; summary: string } {
  const r = runCli(['compile', model, '--target', 'host', '-o', out]);
  expect(r.status, r.stderr).toBe(0);
  return { report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as CompileJson, summary: r.stdout };
}

function planAll(model: string): PlanJson {
  const r = runCli(['plan', model, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
}

describe('compile without --planner: auto', () => {
  const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
  let first: CompileJson | undefined;

  it('kws: reports auto and the winning planner, with an arena no larger than any heuristic’s', () => {
    const { report, summary } = compileDefault(model, join(work, 'kws'));
    first = report;
    // kws's stored order peaks at 16,000 B (shared/models/README) and greedy-by-size, the first
    // planner registered, reaches it: auto keeps it (the first wins a tie) and ilp does not run.
    expect(report.planner).toBe('auto (greedy-by-size)');
    expect(report).toMatchObject({ optimal: true, arenaBytes: 16000, lowerBound: 16000 });
    expect(summary).toContain('planner auto (greedy-by-size, proven optimal): arena 16,000 B');
    const plan = planAll(model);
    const rows = plan.planners.filter((p) => p.planner !== 'auto');
    expect(rows.map((p) => p.planner)).toEqual(expect.arrayContaining(['greedy-by-size', 'greedy-by-conflicts', 'hill-climb', 'ilp']));
    for (const p of rows) expect(report.arenaBytes, p.planner).toBeLessThanOrEqual(p.totalBytes);
    // `plan --planners all` lists auto last, with the arena compile emits.
    expect(plan.planners.at(-1)).toMatchObject({ planner: 'auto', totalBytes: 16000, optimal: true });
  });

  it('plan lists auto in the table and accepts it by name; an unknown planner names it among the known', () => {
    const r = runCli(['plan', model]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^auto +16,000 +16,000 +0 +0% +proven/m);
    expect(r.stdout).toContain('auto: optimal — greedy-by-size: reaches the lower bound');
    const one = runCli(['plan', model, '--planners', 'auto', '--json']);
    expect(one.status, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as PlanJson).planners).toMatchObject([{ planner: 'auto', totalBytes: 16000 }]);
    const bad = runCli(['compile', model, '-o', join(work, 'bad'), '--planner', 'nope']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/PLANNER_NOT_FOUND: no memory planner named nope — known planners: .*ilp.*, auto/);
    // compile and run take plan's --time-limit for the searching planners, bounded the same way.
    const limited = runCli(['compile', model, '-o', join(work, 'limited'), '--time-limit', '500', '--json']);
    expect(limited.status, limited.stderr).toBe(0);
    expect((JSON.parse(limited.stdout) as CompileJson).arenaBytes).toBe(16000);
    const zero = runCli(['compile', model, '-o', join(work, 'zero'), '--time-limit', '0']);
    expect(zero.status).toBe(1);
    expect(zero.stderr).toMatch(/^anvil: CLI_BAD_ARGUMENT: --time-limit 0 is out of range/);
  });

  it('is deterministic: the same report again', () => {
    const again = compileDefault(model, join(work, 'kws-again')).report;
    expect(first).toBeDefined();
    expect({ ...again, compileMs: 0 }).toEqual({ ...first, compileMs: 0 });
  });
});

describeShared('compile without --planner on shared models: auto', (modelsDir) => {
  it('vww_96_int8: 55,296 B (the ilp figure, and the lower bound) where greedy-by-size needs 64,512 B', () => {
    const model = join(modelsDir, 'vww_96_int8.tflite');
    const { report, summary } = compileDefault(model, join(work, 'vww'));
    expect(report).toMatchObject({ arenaBytes: 55296, lowerBound: 55296, optimal: true });
    // hill-climb (registered before ilp) already reaches the bound, so it wins and ilp is not needed.
    expect(report.planner).toBe('auto (hill-climb)');
    expect(summary).toContain('planner auto (hill-climb, proven optimal): arena 55,296 B');
    expect(readFileSync(join(work, 'vww', 'vww_96_int8.h'), 'utf8')).toContain('#define ANVIL_VWW_96_INT8_ARENA_BYTES 55296');
    const rows = new Map(planAll(model).planners.map((p) => [p.planner, p]));
    expect(rows.get('greedy-by-size')?.totalBytes).toBe(64512);
    expect(rows.get('ilp')?.totalBytes).toBe(55296);
    for (const p of rows.values()) expect(report.arenaBytes, p.planner).toBeLessThanOrEqual(p.totalBytes);
  });
});

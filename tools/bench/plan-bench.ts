// Benchmark (not a test): per shared model and memory planner, the plan's bytes, its gap to
// the lower bound (live bytes at the busiest step) and solve time; ilp says whether it
// proved optimality and how. Plans are validated like every plan Anvil uses.
// Usage: npm run bench:plan [-- --models vww_96_int8,kws_ref_model] [-- --time-limit 10000] [-- --reorder]
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importModel, lowerBound, planTotal, runPlanners } from '@anvil/core';
import type { PlannerResult } from '@anvil/core';
import { openAnvil } from '@anvil/sdk';
import { REPO_ROOT, sharedModels, tfliteModelsWithRefs } from '@anvil/testing';
import { highsSolver, lpSolver, planIlp } from '@anvil/planner-ilp';
import { progress, progressDone } from './bench-progress.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const shared = sharedModels();
if (!shared.available) {
  console.error(shared.reason);
  process.exit(1);
}
const timeLimitMs = Number(opt('time-limit') ?? 10_000);
const only = opt('models')?.split(',');
const stems = tfliteModelsWithRefs(shared.dir).filter((s) => s !== 'trained_lstm_int8' && (only === undefined || only.includes(s)));

const anvil = await openAnvil({ projectDir: REPO_ROOT });
const planners = anvil.services().planners;
const rows: string[][] = [];
for (const stem of stems) {
  progress(`${stem}: every planner, then ilp cold with each solver (time limit ${timeLimitMs} ms each)`);
  const path = join(shared.dir, `${stem}.tflite`);
  const graph = importModel(anvil.services().importers, new Uint8Array(readFileSync(path)), basename(path));
  const memory = anvil.prepare(graph, { target: 'host', reorder: args.includes('--reorder') });
  const bound = lowerBound(memory.problem).bytes;
  // The ilp without a warm start, each solver alone: how far each gets from first fit.
  const cold: PlannerResult[] = [
    { planner: 'ilp cold, javascript-lp-solver', plan: planIlp(memory.problem, { timeLimitMs }, [{ solver: lpSolver, share: 1 }]) },
    { planner: 'ilp cold, HiGHS', plan: planIlp(memory.problem, { timeLimitMs }, [{ solver: highsSolver, share: 1 }]) },
  ];
  for (const r of [...runPlanners(planners, memory.problem, timeLimitMs), ...cold]) {
    if (r.plan === undefined) {
      rows.push([stem, r.planner, '-', '-', '-', r.error ?? 'no plan', '-']);
      continue;
    }
    const total = planTotal(r.plan);
    const gap = total - bound;
    rows.push([
      stem,
      r.planner,
      total.toLocaleString('en-US'),
      gap.toLocaleString('en-US'),
      bound === 0 ? '0%' : `${((100 * gap) / bound).toFixed(2)}%`,
      r.plan.optimal ? `yes (${r.plan.proof ?? ''})` : 'no',
      r.plan.solveMs.toFixed(1),
    ]);
  }
}
progressDone();
const header = ['model', 'planner', 'bytes', 'gap B', 'gap %', 'optimal', 'ms'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
const line = (cells: readonly string[]): string =>
  cells.map((x, c) => ((c >= 2 && c <= 4) || c === 6 ? x.padStart(widths[c] ?? 0) : x.padEnd(widths[c] ?? 0))).join('  ');
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));

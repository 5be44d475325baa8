import { writeFileSync } from 'node:fs';
import { KernelStrategyToken, MemoryPlannerToken, errors, fail, resolveAllOrNone, runPipeline } from '@anvil/core';
import type { Graph, MemoryPlanner } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import type { CommandDefinition } from '../cli-env.js';
import { collect } from '../cli-env.js';
import { findTarget } from '../compile-model.js';
import { loadModel } from '../load-model.js';
import { parseBytes } from '../memory-options.js';
import { planHtml } from '../plan-html.js';
import type { MemoryOptions } from '../plan-memory.js';
import { prepareMemory, runPlanners } from '../plan-memory.js';
import { planReport } from '../plan-report.js';
import type { PlanReport } from '../plan-report.js';
import { renderPlanReport } from './plan-table.js';

export interface PlanOptions extends MemoryOptions {
  readonly target: string;
  /** `all` or planner names. */
  readonly planners: string;
  /** The SRAM budget the plans are measured against. */
  readonly sram?: number;
  readonly json: boolean;
  readonly html?: string;
}

function choosePlanners(container: DependencyContainer, spec: string): MemoryPlanner[] {
  const all = resolveAllOrNone(container, MemoryPlannerToken);
  if (spec === 'all') return all;
  return spec.split(',').map((name) => {
    const p = all.find((x) => x.name === name);
    if (p === undefined)
      fail(
        errors.plannerNotFound(
          name,
          all.map((x) => x.name),
        ),
      );
    return p;
  });
}

/** Runs the planners on the model's problem and reports them against the bound and budget. */
export function planCommand(container: DependencyContainer, imported: Graph, o: PlanOptions): { report: PlanReport; text: string } {
  const target = findTarget(container, o.target);
  const graph = runPipeline(imported);
  const strategies = resolveAllOrNone(container, KernelStrategyToken);
  const memory = prepareMemory(container, graph, strategies, target, o);
  const results = runPlanners(choosePlanners(container, o.planners), memory.problem, o.timeLimitMs);
  const report = planReport({
    model: graph.name,
    target: target.name,
    problem: memory.problem,
    results,
    flash: memory.flash,
    appOwned: memory.appOwned,
    ...(o.sram === undefined ? {} : { budget: o.sram }),
    ...(memory.schedule === undefined ? {} : { schedule: memory.schedule }),
  });
  if (o.html !== undefined) writeFileSync(o.html, planHtml(report));
  return { report, text: o.json ? JSON.stringify(report, null, 2) : renderPlanReport(report) };
}

export const definePlan: CommandDefinition = (program, env) => {
  program
    .command('plan')
    .description('compare memory planners on a model: bytes per pool, distance from the lower bound, budget, proof, time')
    .argument('<model>', 'model file (.tflite)')
    .option('--target <name>', 'target whose kernels and alignment the plan is for', 'host')
    .option('--planners <list>', 'all, or planner names separated by commas', 'all')
    .option('--pool <name:size[:access]>', 'memory pool, fastest first (repeatable); flash:SIZE bounds the weights', collect, [])
    .option('--pin <pattern=target>', 'pin tensors to POOL, POOL@OFFSET or app (repeatable)', collect, [])
    .option('--sram <bytes>', 'SRAM budget: say which plans fit, or what sets the minimum')
    .option('--reorder', 'plan for the operator order with the lowest peak of live bytes')
    .option('--time-limit <ms>', 'time limit of searching planners (ilp), in milliseconds', '10000')
    .option('--json', 'machine-readable report')
    .option('--html <file>', 'write a self-contained page with each plan drawn as offset against step')
    .action(
      async (
        model: string,
        o: {
          target: string;
          planners: string;
          pool: string[];
          pin: string[];
          sram?: string;
          reorder?: boolean;
          timeLimit: string;
          json?: boolean;
          html?: string;
        },
      ) => {
        const { container } = await env.setup();
        const graph = await loadModel(container, model);
        const timeLimitMs = Number(o.timeLimit);
        if (!Number.isFinite(timeLimitMs) || timeLimitMs <= 0)
          fail(errors.cliBadArgument(`--time-limit ${o.timeLimit} is not a positive number of milliseconds`, 'e.g. --time-limit 10000'));
        const { text } = planCommand(container, graph, {
          target: o.target,
          planners: o.planners,
          pools: o.pool,
          pins: o.pin,
          reorder: o.reorder === true,
          timeLimitMs,
          json: o.json === true,
          ...(o.sram === undefined ? {} : { sram: parseBytes(o.sram, '--sram') }),
          ...(o.html === undefined ? {} : { html: o.html }),
        });
        env.out(`${text}\n`);
      },
    );
};

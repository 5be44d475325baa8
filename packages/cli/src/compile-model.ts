import {
  KernelStrategyToken,
  MemoryPlannerToken,
  TargetToken,
  errors,
  fail,
  defaultPools,
  lowerBound,
  lowerGraph,
  problemFromProgram,
  resolveAllOrNone,
  runPipeline,
  validatePlan,
} from '@anvil/core';
import type { Graph, KernelStrategy, LowerBound, MemoryPlan, Program, Target } from '@anvil/core';
import { cIdent, compileReport, emitModel, projectFiles, runtimeFiles } from '@anvil/codegen-c';
import type { CompileReport, GeneratedFile } from '@anvil/codegen-c';
import type { DependencyContainer } from 'tsyringe';

export interface CompileOptions {
  readonly target: string;
  readonly planner: string;
  /** `portable`: only the portable C kernels (a baseline for benchmarks). Default `all`. */
  readonly kernels?: 'all' | 'portable';
}

export interface Compiled {
  readonly name: string;
  readonly target: Target;
  readonly program: Program;
  readonly plan: MemoryPlan;
  readonly bound: LowerBound;
  readonly report: CompileReport;
  readonly files: readonly GeneratedFile[];
}

export function findTarget(container: DependencyContainer, name: string): Target {
  const targets = resolveAllOrNone(container, TargetToken);
  const t = targets.find((x) => x.name === name);
  if (t === undefined)
    fail(
      errors.targetNotFound(
        name,
        targets.map((x) => x.name),
      ),
    );
  return t;
}

/**
 * The compile flow, one stage after another, each a pure function of the previous result:
 * passes → schedule (stored order) → lowering (kernel per node) → memory plan (validated) → C.
 */
export function compileGraph(container: DependencyContainer, imported: Graph, options: CompileOptions): Compiled {
  const start = performance.now();
  const target = findTarget(container, options.target);
  const graph = runPipeline(imported);
  const schedule = graph.nodes.map((n) => n.id);
  const strategies: KernelStrategy[] = resolveAllOrNone(container, KernelStrategyToken).filter(
    (s) => options.kernels !== 'portable' || s.tier === 'portable',
  );
  const program = lowerGraph(graph, schedule, strategies, target);
  const problem = problemFromProgram(program, defaultPools(target.arenaAlignment));
  const planners = resolveAllOrNone(container, MemoryPlannerToken);
  const planner = planners.find((p) => p.name === options.planner);
  if (planner === undefined)
    fail(
      errors.plannerNotFound(
        options.planner,
        planners.map((p) => p.name),
      ),
    );
  const plan = planner.plan(problem, { seed: 1 });
  validatePlan(problem, plan);
  const bound = lowerBound(problem);
  const name = cIdent(graph.name);
  const emitted = emitModel(name, program, plan, new Map(strategies.map((s) => [s.name, s])), target);
  const sources = emitted.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path);
  const report = compileReport(graph.name, target.name, plan, bound, emitted.lowering, emitted.weightBytes, performance.now() - start);
  const files = [
    ...emitted.files,
    ...runtimeFiles(),
    ...projectFiles(name, sources, target.toolchain),
    { path: 'report.json', content: `${JSON.stringify(report, null, 2)}\n` },
  ];
  return { name, target, program, plan, bound, report, files };
}

import { KernelStrategyToken, TargetToken, errors, fail, lowerBound, resolveAllOrNone, runPipeline } from '@anvil/core';
import type { Graph, KernelStrategy, LowerBound, MemoryPlan, Program, ScheduleChoice, Target } from '@anvil/core';
import { cIdent, compileReport, emitModel, projectFiles, runtimeFiles } from '@anvil/codegen-c';
import type { CompileReport, GeneratedFile } from '@anvil/codegen-c';
import type { DependencyContainer } from 'tsyringe';
import type { MemoryOptions } from './plan-memory.js';
import { planWith, prepareMemory } from './plan-memory.js';
import type { Offloaded } from './offload.js';
import { offloadGraph } from './offload.js';
import { checkFlashWithOffload, restrictToNpuPools, userRamPools } from './offload-pools.js';

export interface CompileOptions extends MemoryOptions {
  readonly target: string;
  readonly planner: string;
  /** `portable`: only the portable C kernels (a baseline for benchmarks). Default `all`. */
  readonly kernels?: 'all' | 'portable';
  /** NPU configuration (`--npu ethos-u55-128`): its offloader claims regions before lowering. */
  readonly npu?: string;
}

export interface Compiled {
  readonly name: string;
  readonly target: Target;
  readonly program: Program;
  readonly plan: MemoryPlan;
  readonly bound: LowerBound;
  readonly report: CompileReport;
  readonly files: readonly GeneratedFile[];
  /** Present with `--reorder`: peak live bytes before and after. */
  readonly schedule?: ScheduleChoice;
  /** Present with `--npu`: the partition, where each node runs and the offloader's estimates. */
  readonly offload?: Offloaded;
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
 * passes → schedule (stored order, or lowest peak with reorder) → lowering (kernel per node)
 * → pools and pins → memory plan (validated) → C.
 */
export function compileGraph(container: DependencyContainer, imported: Graph, options: CompileOptions): Compiled {
  const start = performance.now();
  const target = findTarget(container, options.target);
  const passed = runPipeline(imported);
  // The offloader claims its regions first; everything after sees them as single nodes.
  const offload = options.npu === undefined ? undefined : offloadGraph(container, passed, options.npu);
  const graph = offload?.partition.graph ?? passed;
  const strategies: KernelStrategy[] = resolveAllOrNone(container, KernelStrategyToken).filter(
    (s) => options.kernels !== 'portable' || s.tier === 'portable',
  );
  const memory = prepareMemory(container, graph, strategies, target, options);
  const { program } = memory;
  if (offload !== undefined) checkFlashWithOffload(memory.flash, offload.report);
  const problem = offload === undefined ? memory.problem : restrictToNpuPools(memory.problem, program, userRamPools(options.pools ?? []));
  const plan = planWith(container, options.planner, problem, options.timeLimitMs);
  const bound = lowerBound(problem);
  const name = cIdent(graph.name);
  const emitted = emitModel(
    name,
    program,
    plan,
    new Map(strategies.map((s) => [s.name, s])),
    target,
    new Set(memory.appOwned.map((b) => b.id)),
  );
  const offloadFiles = offload?.offloader.runtimeFiles() ?? [];
  const sources = [...emitted.files, ...offloadFiles].filter((f) => f.path.endsWith('.c')).map((f) => f.path);
  const compiledReport = compileReport(
    graph.name,
    target.name,
    plan,
    bound,
    emitted.lowering,
    emitted.weightBytes,
    performance.now() - start,
  );
  const report = offload === undefined ? compiledReport : { ...compiledReport, offload: { ...offload.report, nodes: offload.placements } };
  const files = [
    ...emitted.files,
    ...runtimeFiles(),
    ...offloadFiles,
    ...projectFiles(name, sources, target.toolchain),
    { path: 'report.json', content: `${JSON.stringify(report, null, 2)}\n` },
  ];
  return {
    name,
    target,
    program,
    plan,
    bound,
    report,
    files,
    ...(memory.schedule === undefined ? {} : { schedule: memory.schedule }),
    ...(offload === undefined ? {} : { offload }),
  };
}

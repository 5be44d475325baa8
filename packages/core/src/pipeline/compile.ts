import { DEFAULT_CODE_SIZE } from '../lowering/code-size.js';
import type { CodeSize } from '../lowering/code-size.js';
import { fail } from '../errors/anvil-error.js';
import { cliBadArgument, planDoesNotFit, targetNotFound, tuningLogTargetMismatch } from '../errors/builders.js';
import { planTotal } from '../memory/build-plan.js';
import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { strategyChooser } from '../lowering/choose-strategy.js';
import { lowerGraph } from '../lowering/lower-graph.js';
import type { Program, StepKernel } from '../lowering/program.js';
import type { LowerBound } from '../memory/lower-bound.js';
import { checkPlanAddressSpace } from '../memory/check-address-space.js';
import { lowerBound } from '../memory/lower-bound.js';
import type { MemoryPlan } from '../memory/problem.js';
import { planWith } from '../memory/run-planners.js';
import type { ScheduleChoice } from '../schedule/min-peak-schedule.js';
import { minPeakSchedule } from '../schedule/min-peak-schedule.js';
import { PIPELINE, runPipeline } from '../pipeline.js';
import { applyPatches } from '../patch/apply-patches.js';
import { stageKernel } from '../patch/stage-kernel.js';
import type { PatchSearch } from '../patch/patch-search.js';
import { searchPatches } from '../patch/patch-search.js';
import type { CompileOptions, CompileServices } from './compile-options.js';
import type { MemoryProblem } from './memory-stage.js';
import { memoryProblem } from './memory-stage.js';
import type { Offloaded } from './offload-stage.js';
import { offloadGraph, regionKernel } from './offload-stage.js';

/** Stages `dumpAfter` may name, in order: the graph passes, then the pipeline's own. */
export const STAGES: readonly string[] = [...PIPELINE.map((p) => p.name), 'patch', 'offload', 'lower', 'memory', 'plan'];

/** Everything a compilation decided, ready for emission (codegen-c) or for reports. */
export interface CompiledModel extends MemoryProblem {
  /** The graph after the passes and the offloader's partition: what the program runs. */
  readonly graph: Graph;
  readonly target: Target;
  /** Present with `npu`: the partition, the compiled regions and the offloader's report. */
  readonly offload?: Offloaded;
  /** Present with `reorder`: the order chosen and the peaks before and after. */
  readonly schedule?: ScheduleChoice;
  readonly program: Program;
  readonly plan: MemoryPlan;
  readonly bound: LowerBound;
  /** How the emitter instantiates library kernels (the option, or its default). */
  readonly codeSize: CodeSize;
  readonly compileMs: number;
  /** Present with `sram`: the patch search and what it chose. */
  readonly patchSearch?: PatchSearch;
}

/** Everything up to the planning problem: what `plan` compares planners on, and `compile` plans. */
export type PreparedModel = Omit<CompiledModel, 'plan' | 'bound' | 'codeSize' | 'compileMs' | 'patchSearch'>;

/**
 * The compile pipeline, top to bottom. Each stage is a pure function of the previous
 * results, the options and the services; `dumpAfter` hands the named stage's result out.
 */
export function prepare(imported: Graph, o: CompileOptions, services: CompileServices): PreparedModel {
  const dump = <T>(stage: string, ir: T): T => {
    if (o.dumpAfter === stage) o.dump?.(stage, ir);
    return ir;
  };
  const target = findTarget(services.targets, o.target);
  // 1. Graph passes: verify, (later: fold, fuse, legalize), verify again.
  const verified = runPipeline(imported, PIPELINE, dump);
  // Bands run the CPU kernels on views; an NPU region is one command stream over whole
  // tensors, and the offloader has no form for a cascade of bands. Refused, never mixed silently.
  if (o.npu !== undefined && (o.patches?.length ?? 0) > 0) {
    fail(
      cliBadArgument(
        'patch stages cannot be combined with --npu: the offloader compiles whole-tensor command streams and cannot express a cascade of row bands',
        'drop --npu to run the banded layers on the CPU, or drop --sram to offload the model as it is',
      ),
    );
  }
  // 1b. Patch stages, when asked for (`--sram` chooses them): some layers run in row bands.
  // (`--dump-after patch` shows the graph either way: unchanged without stages.)
  const passed = dump('patch', o.patches === undefined || o.patches.length === 0 ? verified : applyPatches(verified, o.patches));
  // 2. Offload: the accelerator claims regions and compiles each once; later stages see single nodes.
  const offload = o.npu === undefined ? undefined : dump('offload', offloadGraph(services.offloaders, passed, o.npu));
  const graph = offload?.partition.graph ?? passed;
  // 3. Kernels: a compiled region lowers its own node; every other node goes to the first-wins strategy.
  const strategies = services.strategies.filter((s) => o.kernels !== 'portable' || s.tier === 'portable');
  if (o.tuning !== undefined && o.tuning.target !== target.name)
    fail(tuningLogTargetMismatch(o.tuningSource ?? 'the tuning log', o.tuning.target, target.name));
  const onCpu = strategyChooser(strategies, graph, target, o.tuning);
  const kernelOf = (node: Node): StepKernel => {
    const region = offload?.regions.get(node.id);
    if (region !== undefined && offload !== undefined) return regionKernel(offload.offloader, region);
    return node.op === 'PATCH_STAGE' ? stageKernel(node, graph, onCpu, target.arenaAlignment) : onCpu(node);
  };
  // 4. Schedule and lowering: the stored order, or with `reorder` the order with the lowest peak.
  const stored = lowerGraph(
    graph,
    graph.nodes.map((n) => n.id),
    kernelOf,
    target,
  );
  const schedule = o.reorder === true ? minPeakSchedule(stored) : undefined;
  const better = schedule !== undefined && schedule.peakAfter < schedule.peakBefore;
  const program = dump('lower', better ? lowerGraph(graph, schedule.order, kernelOf, target) : stored);
  // 5. Memory: pools, flash, pins, budget → the planning problem.
  const offloadFlash = [...(offload?.regions.values() ?? [])].reduce((s, r) => s + r.flashBytes, 0);
  const memory = dump(
    'memory',
    memoryProblem(
      graph,
      program,
      target,
      { ...o, offloadFlashBytes: offloadFlash, defaultAccess: offload === undefined ? [] : [offload.offloader.access] },
      services.pinResolvers,
    ),
  );
  return {
    graph,
    target,
    program,
    ...memory,
    ...(offload === undefined ? {} : { offload }),
    ...(schedule === undefined ? {} : { schedule }),
  };
}

/** `prepare`, then 6. the memory plan (validated) and its distance from the lower bound. */
export function compile(imported: Graph, o: CompileOptions, services: CompileServices): CompiledModel {
  const start = performance.now();
  // 0. With an SRAM budget and no stages given: the stages that fit it with the fewest extra MACs.
  const patchSearch =
    o.sram !== undefined && o.patches === undefined && o.npu === undefined ? searchPatches(imported, o, services, o.sram) : undefined;
  if (patchSearch !== undefined && patchSearch.chosen === undefined && o.sram !== undefined) {
    fail(planDoesNotFit('sram (with every patch stage tried)', patchSearch.smallest.arena ?? patchSearch.smallest.bound, o.sram));
  }
  const prepared = prepare(imported, patchSearch?.chosen === undefined ? o : { ...o, patches: patchSearch.chosen.patches }, services);
  const plan = planWith(services.planners, o.planner ?? DEFAULT_PLANNER, prepared.problem, o.timeLimitMs);
  if (o.dumpAfter === 'plan') o.dump?.('plan', plan);
  checkPlanAddressSpace(plan, prepared.target);
  const codeSize = o.codeSize ?? DEFAULT_CODE_SIZE;
  if (o.sram !== undefined && planTotal(plan) > o.sram) fail(planDoesNotFit('sram', planTotal(plan), o.sram));
  return {
    ...prepared,
    plan,
    bound: lowerBound(prepared.problem),
    codeSize,
    compileMs: performance.now() - start,
    ...(patchSearch === undefined ? {} : { patchSearch }),
  };
}

/** `auto`: every registered planner, the smallest plan kept (see `planAuto`). */
export const DEFAULT_PLANNER = 'auto';

export function findTarget(targets: readonly Target[], name: string): Target {
  const t = targets.find((x) => x.name === name);
  if (t === undefined)
    fail(
      targetNotFound(
        name,
        targets.map((x) => x.name),
      ),
    );
  return t;
}

import { errors, fail, runPlanners, searchPatches, withAuto } from '@anvil/core';
import type { CompileOptions, Graph, MemoryPlanner } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { writeOutputFiles } from '@anvil/sdk';
import { checkOutputFileWritable } from '../output-checks.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef } from '../json-output.js';
import { silentProgress, step } from '../progress.js';
import type { Progress } from '../progress.js';
import { plannerText, searches } from './step-labels.js';
import type { CommandDefinition } from '../cli-env.js';
import { collect } from '../cli-env.js';
import { TIME_LIMIT_MS, parseCount } from '../count-option.js';
import { dumpOptions } from '../dump-ir.js';
import { memoryFlags, parseBytes } from '../memory-options.js';
import { planHtml } from '../plan-html.js';
import { planPictureContext } from '../plan-html-context.js';
import { planReport } from '../plan-report.js';
import type { PlanReport } from '../plan-report.js';
import { renderPlanReport } from './plan-table.js';
import { patchReport } from '../patch-report.js';
import type { PatchReport } from '../patch-report.js';
import { renderPatchReport } from './patch-table.js';
import { NPU_SYSTEM_HELP, npuWithSystem } from '../npu-system-option.js';

export interface PlanOptions extends CompileOptions {
  /** `all` or planner names. */
  readonly planners: string;
  /** The SRAM budget the plans are measured against. */
  readonly sram?: number;
  /** false (`--no-patch`): measure the budget against the model as it is, with no patch search. */
  readonly patch?: boolean;
  readonly json: boolean;
  readonly html?: string;
  /** Replace an existing `html` file. */
  readonly force?: boolean;
  /** The model file as given, for the JSON report. */
  readonly modelPath?: string;
}

/** With a budget, whether some plan fits it: `plan --sram` fails (exit 1) when none does, as a CI check. */
export const someFits = (r: PlanReport): boolean => r.budget === undefined || r.planners.some((p) => p.fits === true);

function choosePlanners(all: readonly MemoryPlanner[], spec: string): MemoryPlanner[] {
  if (spec === 'all') return [...all];
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

/**
 * Runs the planners on the problem the compile pipeline prepares for the same options (so
 * `compile` with any of them uses the arena shown) and reports them against the bound and budget.
 */
export async function planCommand(
  anvil: Anvil,
  graph: Graph,
  o: PlanOptions,
  progress: Progress = silentProgress,
): Promise<{ report: PlanReport; text: string }> {
  if (o.html !== undefined) checkOutputFileWritable(o.html, o.force === true);
  // With a budget: search patch stages with the planners, and plan the model as the search chose it.
  const search =
    o.sram === undefined || o.patches !== undefined || o.patch === false || o.npu !== undefined
      ? undefined
      : await step(progress, `searching patch stages of ${graph.name} for ${o.sram} B`, 'searched', () =>
          searchPatches(graph, o, anvil.services(), o.sram),
        );
  const patches: PatchReport | undefined = search === undefined ? undefined : patchReport(graph, search, o.sram);
  const prepared = anvil.prepare(graph, search?.chosen === undefined ? o : { ...o, patches: search.chosen.patches });
  // `auto` (compile's default) is listed too: with all the others, its row is chosen from theirs.
  const chosen = choosePlanners(withAuto(anvil.services().planners), o.planners);
  const names = chosen.map((p) => p.name);
  const results = await step(
    progress,
    `planning ${prepared.graph.name} (${plannerText(names, o.timeLimitMs)})`,
    'planned',
    () => runPlanners(chosen, prepared.problem, o.timeLimitMs),
    { long: searches(names) },
  );
  const report = planReport({
    model: prepared.graph.name,
    target: prepared.target.name,
    problem: prepared.problem,
    results,
    flash: prepared.flash,
    appOwned: prepared.appOwned,
    ...(o.sram === undefined ? {} : { budget: o.sram }),
    ...(prepared.schedule === undefined ? {} : { schedule: prepared.schedule }),
  });
  if (o.html !== undefined)
    writeOutputFiles([{ path: o.html, content: planHtml(report, planPictureContext(prepared), patches) }], o.force === true);
  const json = (): string =>
    jsonDocument({
      ...report,
      ...(patches === undefined ? {} : { patches }),
      model: modelRef(o.modelPath ?? report.model, report.model),
      ...(o.html === undefined ? {} : { htmlFile: o.html }),
    });
  const text = patches === undefined ? renderPlanReport(report) : `${renderPlanReport(report)}\n${renderPatchReport(patches)}`;
  return { report, text: o.json ? json() : text };
}

export const definePlan: CommandDefinition = (program, env) => {
  const command = program
    .command('plan')
    .description('compare memory planners on a model: bytes per pool, distance from the lower bound, budget, proof, time')
    .argument('<model>', 'model file (.tflite or .onnx)')
    .option('--target <name>', 'target whose kernels and alignment the plan is for', 'host')
    .option('--planners <list>', 'all (auto included), or planner names separated by commas', 'all')
    .option('--pool <name:size[:access]>', 'memory pool, fastest first (repeatable); flash:SIZE bounds the weights', collect, [])
    .option('--pin <pattern=target>', 'pin tensors to POOL, POOL@OFFSET or app (repeatable)', collect, [])
    .option(
      '--sram <bytes>',
      'SRAM budget: search patch stages (row bands recomputing halos) with the planners for the plan that fits with the fewest extra MACs, say what changed; exit 1 when none fits',
    )
    .option('--no-patch', 'with --sram: judge the model as it is, without searching patch stages (no recomputation)')
    .option('--reorder', 'plan for the operator order with the lowest peak of live bytes')
    .option('--npu <config>', 'plan for the graph with this NPU configuration offloading what it can (as compile --npu)')
    .option('--npu-system <name|file.json>', NPU_SYSTEM_HELP)
    .option('--time-limit <ms>', 'time limit of searching planners (ilp), in milliseconds, at most 3,600,000', '10000')
    .option('--json', 'machine-readable report (schema in the CLI README)')
    .option('--html <file>', 'write a self-contained page with each plan drawn as offset against step (its folder must exist)')
    .option('--force', 'replace an existing --html file')
    .option('--dump-after <stage>', 'print the IR after a compile stage as JSON on stderr (a wrong name lists the stages)')
    .action(
      async (
        model: string,
        o: {
          target: string;
          planners: string;
          pool: string[];
          pin: string[];
          sram?: string;
          patch: boolean;
          reorder?: boolean;
          timeLimit: string;
          json?: boolean;
          html?: string;
          npu?: string;
          npuSystem?: string;
          force?: boolean;
          dumpAfter?: string;
        },
      ) => {
        const timeLimitMs = parseCount(o.timeLimit, '--time-limit', TIME_LIMIT_MS);
        const npu = npuWithSystem(o.npu, o.npuSystem);
        const options: PlanOptions = {
          target: o.target,
          planners: o.planners,
          ...memoryFlags(o.pool, o.pin),
          reorder: o.reorder === true,
          patch: o.patch,
          timeLimitMs,
          json: o.json === true,
          force: o.force === true,
          ...(o.sram === undefined ? {} : { sram: parseBytes(o.sram, '--sram') }),
          ...(o.html === undefined ? {} : { html: o.html }),
          ...(npu === undefined ? {} : { npu }),
          ...dumpOptions(o.dumpAfter),
          modelPath: model,
        };
        // The page's path is refused before the plugins load and the planners run.
        if (o.html !== undefined) checkOutputFileWritable(o.html, o.force === true);
        const anvil = await env.setup();
        if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
        const graph = await anvil.loadModel(model);
        const { report, text } = await planCommand(anvil, graph, options, env.progress(o.json === true || o.dumpAfter !== undefined));
        env.out(`${text}\n`);
        if (!someFits(report)) env.setExitCode(1);
      },
    );
  withHelpAfter(
    command,
    env.choices,
    ['--target', '--planners', '--npu'],
    [
      'anvil plan model.tflite --sram 64KiB',
      'anvil plan model.tflite --planners greedy-by-size,ilp --time-limit 5000 --html plan.html',
      'anvil plan model.tflite --pool dtcm:32KiB --pool sram:256KiB --json',
    ],
  );
};

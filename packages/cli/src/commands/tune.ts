import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { errors, fail } from '@anvil/core';
import type { CompileOptions, Graph, TuningLog } from '@anvil/core';
import type { Anvil, TuneProgress, TuneResult } from '@anvil/sdk';
import { tuneModel, writeOutputFiles } from '@anvil/sdk';
import { checkOutputFileWritable } from '../output-checks.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef } from '../json-output.js';
import { silentProgress } from '../progress.js';
import type { Progress, ProgressStep } from '../progress.js';
import type { CommandDefinition } from '../cli-env.js';
import { parseCodeSize } from '../code-size-option.js';
import { parseCount } from '../count-option.js';
import { formatTable } from '../format-table.js';
import { readTuningLog } from '../tuning-log-file.js';

export interface TuneCommandOptions {
  readonly compile: CompileOptions;
  readonly board?: string;
  readonly out: string;
  readonly jobs: number;
  readonly resume: boolean;
  readonly force: boolean;
  readonly json: boolean;
  /** The model file as given, for the JSON report. */
  readonly modelPath?: string;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** Node labels carry TFLite's long tensor names; a table shows their start. */
const shortName = (label: string): string => (label.length > 48 ? `${label.slice(0, 47)}…` : label);

/** A text bar for progress lines: `[#####.....]`. */
function bar(done: number, total: number, width = 20): string {
  const full = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

/** The log an earlier run left at `out`, to resume from; it must be for the same target. */
function resumeFrom(out: string, target: string): TuningLog | undefined {
  if (!existsSync(out)) return undefined;
  const log = readTuningLog(out);
  if (log.target !== target) fail(errors.tuningLogTargetMismatch(out, log.target, target));
  return log;
}

const json = (log: TuningLog): string => `${JSON.stringify(log, null, 2)}\n`;

/**
 * Counts every kernel candidate of every kind of node on a board and writes the fastest to a
 * tuning log (`compile --tuning-log`). The log is saved after every round, so `--resume`
 * continues an interrupted run where it stopped.
 */
export async function tuneCommand(anvil: Anvil, graph: Graph, o: TuneCommandOptions, progress: Progress = silentProgress): Promise<string> {
  // A log is the user's file: replaced only when resuming it (it was ours) or with --force.
  checkOutputFileWritable(o.out, o.force || o.resume);
  const resume = o.resume ? resumeFrom(o.out, o.compile.target) : undefined;
  const save = (log: TuningLog): void => void writeOutputFiles([{ path: o.out, content: json(log) }], true);
  // The tuner reports its stages: the rounds of candidates, then the tuned build; each is a step.
  let current: ProgressStep | undefined;
  const next = (label: string, done?: string): void => {
    if (done !== undefined) current?.succeed(done);
    current = progress.begin(label, { long: true });
  };
  const where = o.board ?? `the default board of ${o.compile.target}`;
  const result = await tuneModel(anvil, {
    graph,
    options: o.compile,
    jobs: o.jobs,
    onStage: (s) => {
      if (s.stage === 'rounds') next(`tune: counting kernel candidates on ${where}: ${s.rounds} build(s), ${o.jobs} at a time`);
      else next('tune: building and counting the tuned firmware', `tune: ${s.roundsRun} build(s) counted`);
    },
    onRound: (p: TuneProgress): void => {
      save(p.log);
      current?.update(`tune ${bar(p.done, p.total)} ${p.done}/${p.total} builds counted (${p.counted.length} candidate(s))`);
    },
    ...(o.board === undefined ? {} : { board: o.board }),
    ...(resume === undefined ? {} : { resume }),
  }).catch((e: unknown) => {
    current?.fail();
    throw e;
  });
  current?.succeed('tune: tuned build counted');
  save(result.log);
  if (o.json) return jsonDocument({ model: modelRef(o.modelPath ?? graph.name, graph.name), ...result, outputFile: o.out });
  return renderTune(result, o.out);
}

function renderTune(r: TuneResult, out: string): string {
  const choice = (c: { strategy: string; variant?: string }): string =>
    c.variant === undefined ? c.strategy : `${c.strategy} (${c.variant})`;
  const rows = r.nodes.map((x) => [
    String(x.step),
    x.op,
    shortName(x.node),
    String(x.candidates),
    choice(x.choice),
    n(x.defaultInstructions),
    n(x.tunedInstructions),
  ]);
  const ratio = r.defaultCost > 0 ? (r.tunedCost / r.defaultCost).toFixed(3) : '-';
  return [
    formatTable(['step', 'op', 'node', 'candidates', 'chosen', `default ${r.unit}`, `tuned ${r.unit}`], rows, new Set([0, 3, 5, 6])),
    `${r.runner}: ${n(r.defaultCost)} ${r.unit} per inference with the default kernels, ${n(r.tunedCost)} tuned (${ratio}×); every build checked against the interpreter`,
    `builds counted: ${r.roundsRun} (${r.roundsRun - 1} of ${r.rounds} round(s) of candidates${r.roundsRun - 1 < r.rounds ? ', the rest already in the resumed log' : ''}, then the tuned build)`,
    `wrote ${out} (use it with: anvil compile … --tuning-log ${out})`,
  ].join('\n');
}

export const defineTune: CommandDefinition = (program, env) => {
  const command = program
    .command('tune')
    .description('count every kernel candidate of every layer on a board and keep the fastest in a tuning log (compile --tuning-log)')
    .argument('<model>', 'model file (.tflite or .onnx)')
    .requiredOption('--target <name>', 'target to tune for (a target with a board runner, e.g. cortex-m4, cortex-m55)')
    .requiredOption('-o, --out <file>', 'tuning log to write (JSON), saved after every build so --resume can continue it')
    .option('--board <name>', "board to count on (see the list below); default: the target's")
    .option('--planner <name>', 'memory planner; auto: the smallest plan of them all', 'auto')
    .option('--code-size <size>', 'small, balanced or fast, as compile will use it', 'balanced')
    .option('--jobs <n>', 'builds and runs at once (default: the number of cores)')
    .option('--resume', 'continue the log at --out: candidates it already counted are not counted again')
    .option('--force', 'replace an existing file at --out instead of refusing')
    .option('--json', 'machine-readable summary (schema in the CLI README)')
    .action(
      async (
        model: string,
        o: {
          target: string;
          out: string;
          board?: string;
          planner: string;
          codeSize: string;
          jobs?: string;
          resume?: boolean;
          force?: boolean;
          json?: boolean;
        },
      ) => {
        const cores = availableParallelism();
        const jobs =
          o.jobs === undefined ? cores : parseCount(o.jobs, '--jobs', { min: 1, max: 64, why: 'each job is a compiler or an emulator' });
        const compile: CompileOptions = { target: o.target, planner: o.planner, codeSize: parseCodeSize(o.codeSize) };
        const anvil = await env.setup();
        const graph = await anvil.loadModel(model);
        const text = await tuneCommand(
          anvil,
          graph,
          {
            compile,
            out: o.out,
            jobs,
            resume: o.resume === true,
            force: o.force === true,
            json: o.json === true,
            modelPath: model,
            ...(o.board === undefined ? {} : { board: o.board }),
          },
          env.progress(o.json === true),
        );
        env.out(`${text}\n`);
      },
    );
  withHelpAfter(
    command,
    env.choices,
    ['--target', '--board', '--planner'],
    [
      'anvil tune model.tflite --target cortex-m4 -o tuning.json',
      'anvil compile model.tflite --target cortex-m4 --tuning-log tuning.json -o build/model',
    ],
  );
};

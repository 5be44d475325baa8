import type { CommandDefinition } from '../cli-env.js';
import { codegenOptions, withCodegenFlags } from './codegen-flags.js';
import type { CodegenFlags } from './codegen-flags.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, fail, findTarget, tensorBytes } from '@anvil/core';
import type { CompileOptions, Graph, RunPhase, RunResult, Runner, Target, Tensor } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { lockOutputFolder, writeArtifact } from '@anvil/sdk';
import { checkOutputs, collectInputs, readInputs, writeOutputs } from '../io-files.js';
import { checkOutputDir } from '../output-checks.js';
import { ITERATIONS, parseCount } from '../count-option.js';
import type { CountRange } from '../count-option.js';
import { silentProgress, step } from '../progress.js';
import type { Progress } from '../progress.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef, outputRefs } from '../json-output.js';
import { compileLabel } from './step-labels.js';
import { renderCompileSummary } from './compile-summary.js';
import { renderFootprint, renderProfile } from './run-profile.js';
import { patchReport } from '../patch-report.js';
import { renderOffloadSummary } from './npu-summary.js';
import { phasedStep } from './run-phases.js';

/** Line speeds a UART may be set to: from the slowest in use to what USB-serial adapters reach. */
const BAUD: CountRange = { min: 300, max: 12_000_000 };

export interface RunCommandOptions extends CompileOptions {
  /** The `--input` values: each a file, or a comma-separated list of files (see `inputPaths`). */
  readonly input: string | readonly string[];
  readonly output: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly sanitize: boolean;
  readonly iterations: number;
  /** Keep the generated folder here instead of a temporary one. */
  readonly buildDir?: string;
  /** Board for runners with several (`qemu-mps2-an386`). */
  readonly board?: string;
  /** Per-step costs (`--profile`). */
  readonly profile?: boolean;
  /** Boot once and send every inference through the board's serial RPC (`--host-driven`). */
  readonly hostDriven?: boolean;
  /** A board already flashed with the host-driven firmware, on this serial port (`--port`, `--baud`). */
  readonly port?: { readonly path: string; readonly baud: number };
  /** Report the spread (min, median, max) of the per-inference costs (`--repeat N`: N inferences). */
  readonly repeat?: boolean;
  /** The model file as given, for the JSON report. */
  readonly modelPath?: string;
}

/** Compiles, builds and runs the model on the target; writes outputs like `anvil interp`. */
export async function runCommand(anvil: Anvil, graph: Graph, o: RunCommandOptions, progress: Progress = silentProgress): Promise<string> {
  const inputs = await readInputs(o.input);
  if (inputs.length !== graph.inputs.length) fail(errors.inputCountMismatch(inputs.length, graph.inputs.length));
  inputs.forEach((bytes, k) => {
    const expected = tensorBytes(graph.tensors[graph.inputs[k] ?? -1] as Tensor);
    if (bytes.length !== expected) fail(errors.inputSizeMismatch(k, bytes.length, expected));
  });
  checkOutputs(o.output, graph.outputs.length, o.force);
  if (o.buildDir !== undefined) checkOutputDir(o.buildDir);
  // Options that cannot apply are refused before anything is compiled, built or booted.
  const target = findTarget(anvil.services().targets, o.target);
  const runner = anvil.services().runners.find((r) => r.canRun(target));
  if (runner === undefined) fail(errors.targetNotFound(`${o.target} (no runner can run it)`, []));
  checkRunnerOptions(runner, target, o);
  const compiled = await step(progress, compileLabel(graph, o), 'compiled', () => anvil.compile(graph, o));
  const artifact = anvil.emit(compiled);
  const dir = o.buildDir ?? mkdtempSync(join(tmpdir(), 'anvil-run-'));
  // A kept build folder stays locked through the build and the run, not only the write: a
  // second run sharing it would rebuild the executable this one is running.
  const lock = o.buildDir === undefined ? undefined : lockOutputFolder(dir);
  try {
    writeArtifact(dir, artifact.files, o.buildDir === undefined || o.force, lock === undefined ? {} : { lock });
    const running = (onPhase: (phase: RunPhase) => void): Promise<RunResult> =>
      runner.run({
        artifactDir: dir,
        // Only what Anvil generated is built: a user's own C kept in --build-dir stays out.
        sources: artifact.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path),
        model: artifact.name,
        target: compiled.target,
        inputs,
        outputBytes: graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor)),
        sanitize: o.sanitize,
        iterations: o.iterations,
        ...(o.board === undefined ? {} : { board: o.board }),
        profile: o.profile === true,
        ...(o.hostDriven === true || o.port !== undefined ? { hostDriven: true } : {}),
        ...(o.port === undefined ? {} : { port: o.port }),
        onPhase,
      });
    const where = runner.boards === undefined ? compiled.target.name : `${compiled.target.name}, ${o.board ?? 'its default board'}`;
    const count = `${o.iterations.toLocaleString('en-US')} inference(s)`;
    const label =
      o.port !== undefined
        ? `${runner.name}: running ${count} on the board at ${o.port.path} (${compiled.target.name}, host-driven)`
        : `${runner.name}: building and running ${count} (${where}${o.hostDriven === true ? ', host-driven over the serial line' : ''})`;
    const result = await phasedStep(progress, label, running);
    const paths = writeOutputs(o.output, result.outputs, o.force);
    const cost = result.cost === undefined ? undefined : { ...result.cost, runner: runner.name };
    const spread = o.repeat === true && result.costs !== undefined ? costSpread(result.costs) : undefined;
    const extra = {
      ...(o.hostDriven === true || o.port !== undefined ? { hostDriven: true } : {}),
      ...(o.port === undefined ? {} : { port: o.port.path }),
      ...(spread === undefined ? {} : { repeat: spread }),
      ...(result.profile === undefined ? {} : { profile: result.profile }),
      ...(result.footprint === undefined ? {} : { footprint: result.footprint }),
      ...(compiled.patchSearch === undefined ? {} : { patches: patchReport(graph, compiled.patchSearch, o.sram) }),
    };
    if (o.json)
      return jsonDocument({
        ...artifact.report,
        model: modelRef(o.modelPath ?? graph.name, artifact.report.model),
        runner: runner.name,
        cost,
        ...extra,
        ...(o.buildDir === undefined ? {} : { buildDir: o.buildDir }),
        outputs: outputRefs(graph, paths),
      });
    const costLine =
      cost === undefined
        ? o.port === undefined
          ? []
          : [`${o.port.path}: the board's firmware reports no count (it has no counter to read)`]
        : o.port === undefined
          ? [`${runner.name}: ${cost.value.toLocaleString('en-US')} ${cost.unit} per inference`]
          : [`${o.port.path}: ${cost.value.toLocaleString('en-US')} ${cost.unit} per inference (the board's own counter)`];
    const fmt = (n: number): string => n.toLocaleString('en-US');
    const spreadLine =
      spread === undefined || cost === undefined
        ? []
        : [`${spread.count} inferences: min ${fmt(spread.min)}, median ${fmt(spread.median)}, max ${fmt(spread.max)} ${cost.unit}`];
    return [
      renderCompileSummary(artifact.report),
      ...(compiled.offload === undefined ? [] : [renderOffloadSummary(compiled.offload)]),
      ...(compiled.patchSearch === undefined ? [] : [patchReport(graph, compiled.patchSearch, o.sram).changed]),
      ...costLine,
      ...spreadLine,
      ...(result.footprint === undefined ? [] : [renderFootprint(result.footprint)]),
      ...(result.profile === undefined || cost === undefined ? [] : [renderProfile(artifact.report, result.profile, cost.unit)]),
      ...paths.map((p, k) => `output ${k} → ${p}`),
    ].join('\n');
  } finally {
    lock?.release();
    if (o.buildDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** Min, median and max of the per-inference costs (`--repeat`). */
export function costSpread(costs: readonly number[]): { count: number; min: number; median: number; max: number } {
  const sorted = [...costs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? 0,
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/**
 * `--board`, `--profile` and `--host-driven` only where the runner has boards, per-step costs
 * and a serial RPC: a usage error otherwise.
 */
function checkRunnerOptions(runner: Runner, target: Target, o: Pick<RunCommandOptions, 'board' | 'profile' | 'hostDriven' | 'port'>): void {
  if (o.port !== undefined && runner.canHostDrive !== true)
    fail(
      errors.cliBadArgument(
        `--port: ${target.name} runs as a ${runner.name}, not on a board with a serial line`,
        'drop --port, or give the target the board was flashed for (e.g. --target cortex-m4)',
      ),
    );
  if (o.port !== undefined && o.board !== undefined)
    fail(errors.cliBadArgument('--port with --board: the board on the port is the one that runs', 'drop --board'));
  if (o.hostDriven === true && runner.canHostDrive !== true)
    fail(
      errors.cliBadArgument(
        `--host-driven: ${target.name} runs as a ${runner.name}, with no serial line to drive`,
        'drop --host-driven, or run on a board target (e.g. --target cortex-m4)',
      ),
    );
  const boards = runner.boards?.(target);
  if (o.board !== undefined && boards === undefined)
    fail(
      errors.cliBadArgument(
        `--board ${o.board}: ${target.name} runs as a ${runner.name}, not on a board`,
        'drop --board, or choose a target that runs on a board (e.g. --target cortex-m4)',
      ),
    );
  if (o.board !== undefined && boards !== undefined && !boards.includes(o.board))
    fail(errors.cliBadArgument(`--board ${o.board} cannot run ${target.name}`, `boards for ${target.name}: ${boards.join(', ')}`));
  if (o.profile === true && runner.canProfile !== true)
    fail(
      errors.cliBadArgument(
        `--profile: ${runner.name} cannot count each step on ${target.name}`,
        'drop --profile, or run on a board target (e.g. --target cortex-m4)',
      ),
    );
}

export const defineRun: CommandDefinition = (program, env) => {
  const command = program
    .command('run')
    .description('compile, build and run the model on a target; outputs are written like `anvil interp`')
    .argument('<model>', 'model file (.tflite or .onnx)')
    .requiredOption(
      '--input <file>',
      'raw little-endian input tensor, in model input order: repeat the flag, or separate names with commas (a name with a comma is taken whole); - reads standard input',
      collectInputs,
    )
    .requiredOption('--output <prefix>', 'write PREFIX_0.bin, PREFIX_1.bin, … (one per model output)');
  withCodegenFlags(command, 'target to run on')
    .option('--build-dir <dir>', 'keep the generated sources and build here (as compile -o: only files anvil wrote are replaced)')
    .option('--sanitize', 'host only: build with AddressSanitizer and UBSan')
    .option('--iterations <n>', 'inferences to time, 1 to 1,000,000 (outputs are from the last)', '1')
    .option('--board <name>', "board to run on (see the list below); default: the target's")
    .option('--profile', 'print the cost of every step (per-layer table)')
    .option('--host-driven', 'boot the board once and send every inference through its serial line (RPC) instead of a semihosting boot')
    .option(
      '--port <path>',
      'a board already flashed with the host-driven firmware of this model, on this serial port (or tcp:HOST:PORT for a serial line over TCP): nothing is built or booted',
    )
    .option('--baud <n>', 'with --port: the line speed', '115200')
    .option('--repeat <n>', 'run N inferences of the input and report the min, median and max cost (instead of --iterations)')
    .option('--force', 'overwrite existing output files, and files at generated paths in --build-dir')
    .option('--json', 'machine-readable summary (schema in the CLI README)')
    .action(
      async (
        model: string,
        o: CodegenFlags & {
          input: string[];
          output: string;
          buildDir?: string;
          sanitize?: boolean;
          iterations: string;
          board?: string;
          profile?: boolean;
          hostDriven?: boolean;
          port?: string;
          baud: string;
          repeat?: string;
          force?: boolean;
          json?: boolean;
        },
      ) => {
        if (o.repeat !== undefined && o.iterations !== '1')
          fail(errors.cliBadArgument('--repeat with --iterations: both set the number of inferences', 'give one of the two'));
        if (o.port === undefined && o.baud !== '115200')
          fail(errors.cliBadArgument('--baud without --port: only a serial port has a line speed', 'add --port PATH, or drop --baud'));
        const baud = parseCount(o.baud, '--baud', BAUD);
        const iterations =
          o.repeat === undefined ? parseCount(o.iterations, '--iterations', ITERATIONS) : parseCount(o.repeat, '--repeat', ITERATIONS);
        const options = codegenOptions(o);
        const anvil = await env.setup();
        if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
        const graph = await anvil.loadModel(model);
        const text = await runCommand(
          anvil,
          graph,
          {
            ...options,
            input: o.input,
            output: o.output,
            force: o.force === true,
            json: o.json === true,
            sanitize: o.sanitize === true,
            iterations,
            ...(o.buildDir === undefined ? {} : { buildDir: o.buildDir }),
            ...(o.board === undefined ? {} : { board: o.board }),
            profile: o.profile === true,
            ...(o.hostDriven === true ? { hostDriven: true } : {}),
            ...(o.port === undefined ? {} : { port: { path: o.port, baud } }),
            ...(o.repeat === undefined ? {} : { repeat: true }),
            modelPath: model,
          },
          env.progress(o.json === true || o.dumpAfter !== undefined),
        );
        env.out(`${text}\n`);
      },
    );
  withHelpAfter(
    command,
    env.choices,
    ['--target', '--board', '--planner', '--npu'],
    [
      'anvil run model.tflite --input in.bin --output out/result --iterations 100',
      'anvil run model.tflite --target cortex-m4 --board qemu-mps2-an386 --input in.bin --output out/result --profile',
      'anvil run model.tflite --target cortex-m55 --host-driven --repeat 5 --input in.bin --output out/result',
      'anvil run model.tflite --target cortex-m4 --port /dev/ttyACM0 --baud 115200 --input in.bin --output out/result',
      'anvil run model.tflite --target cortex-m4 --port tcp:127.0.0.1:4444 --input in.bin --output out/result',
    ],
  );
};

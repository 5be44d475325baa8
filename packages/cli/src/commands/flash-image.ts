import type { CommandDefinition } from '../cli-env.js';
import type { Graph } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { writeArtifact } from '@anvil/sdk';
import { codegenOptions, withCodegenFlags } from './codegen-flags.js';
import type { CodegenFlags } from './codegen-flags.js';
import { firmwareRunner, withCompiledFolder } from './firmware-command.js';
import type { FirmwareCommandOptions } from './firmware-command.js';
import { renderCompileSummary } from './compile-summary.js';
import { checkOutputDir } from '../output-checks.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef } from '../json-output.js';
import { silentProgress, step } from '../progress.js';
import type { Progress } from '../progress.js';

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const fmt = (n: number): string => n.toLocaleString('en-US');

/** Compiles the model, builds the board's firmware and writes the files to flash. */
export async function flashImageCommand(
  anvil: Anvil,
  graph: Graph,
  o: FirmwareCommandOptions,
  progress: Progress = silentProgress,
): Promise<string> {
  const { runner, target } = firmwareRunner(anvil, o, 'flashImage', 'flash-image');
  const kind = o.hostDriven ? 'host-driven' : 'standalone';
  const { result, artifact } = await withCompiledFolder(anvil, graph, o, progress, async (request, artifact) => {
    const label = `${runner.name}: building the ${kind} firmware image (${target.name}, ${o.board ?? 'its default board'})`;
    // firmwareRunner refused a runner without the capability.
    const build = runner.flashImage as NonNullable<typeof runner.flashImage>;
    const made = await step(progress, label, 'built', () => build(request), { long: true });
    return { result: made, artifact };
  });
  writeArtifact(o.out, result.files, o.force);
  if (o.json)
    return jsonDocument({
      model: modelRef(o.modelPath ?? graph.name, artifact.report.model),
      target: target.name,
      board: result.board,
      hostDriven: o.hostDriven,
      ...(result.modelId === undefined ? {} : { modelId: result.modelId }),
      loadAddress: hex(result.loadAddress),
      flashBytes: result.flashBytes,
      ramBytes: result.ramBytes,
      outputDir: o.out,
      files: result.files.map((f) => f.path),
    });
  return [
    renderCompileSummary(artifact.report),
    `${kind} firmware for ${result.board} (${target.name})${result.modelId === undefined ? '' : `, model id ${result.modelId.slice(0, 8)}`}:` +
      ` flash ${fmt(result.flashBytes)} bytes at ${hex(result.loadAddress)}, static RAM ${fmt(result.ramBytes)} bytes (data, bss, stack)`,
    `wrote ${result.files.map((f) => f.path).join(', ')} to ${o.out}`,
  ].join('\n');
}

export const defineFlashImage: CommandDefinition = (program, env) => {
  const command = program
    .command('flash-image')
    .description("build the model's firmware for a board and write the files to flash: ELF, raw binary, Intel HEX, flash-image.json")
    .argument('<model>', 'model file (.tflite)')
    .requiredOption(
      '-o, --out <dir>',
      'output folder; anvil replaces only the files it wrote there (listed in .anvil-manifest.json) and leaves all others alone',
    );
  withCodegenFlags(command, 'target to build the firmware for (a board target, e.g. cortex-m4)')
    .option('--board <name>', "board to build for (see the list below); default: the target's")
    .option('--host-driven', 'firmware that serves the serial RPC (anvil run --port) instead of reading files through semihosting')
    .option('--force', 'write into a non-empty folder, overwriting files at the paths anvil generates (never removing any)')
    .option('--json', 'print the image (board, model id, load address, sizes, files) as JSON instead of the summary')
    .action(
      async (model: string, o: CodegenFlags & { out: string; board?: string; hostDriven?: boolean; force?: boolean; json?: boolean }) => {
        const options = codegenOptions(o);
        checkOutputDir(o.out);
        const anvil = await env.setup();
        if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
        const graph = await anvil.loadModel(model);
        const text = await flashImageCommand(
          anvil,
          graph,
          {
            ...options,
            out: o.out,
            force: o.force === true,
            json: o.json === true,
            ...(o.board === undefined ? {} : { board: o.board }),
            hostDriven: o.hostDriven === true,
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
      'anvil flash-image model.tflite --target cortex-m4 --host-driven -o fw/image',
      'anvil flash-image model.tflite --target rv32imac --board qemu-riscv32-virt -o fw/image-rv',
    ],
  );
};

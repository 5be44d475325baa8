import type { CommandDefinition } from '../cli-env.js';
import { PROJECT_TEMPLATES, errors, fail } from '@anvil/core';
import type { ProjectTemplate } from '@anvil/core';
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

export interface ProjectCommandOptions extends FirmwareCommandOptions {
  readonly template: ProjectTemplate;
}

/** `--template`: one of the build systems a project can come with. */
export function parseTemplate(value: string): ProjectTemplate {
  const found = PROJECT_TEMPLATES.find((t) => t === value);
  if (found === undefined)
    fail(errors.cliBadArgument(`--template ${value}: no such project template`, `give one of: ${PROJECT_TEMPLATES.join(', ')}`));
  return found;
}

/** How to build the project the command wrote, one shell line. */
const buildLine = (template: ProjectTemplate, dir: string): string =>
  template === 'make' ? `make -C ${dir}` : `cmake -S ${dir} -B ${dir}/build && cmake --build ${dir}/build`;

/** Compiles the model and writes a standalone firmware project for the target's board. */
export async function projectCommand(
  anvil: Anvil,
  graph: Graph,
  o: ProjectCommandOptions,
  progress: Progress = silentProgress,
): Promise<string> {
  const { runner, target } = firmwareRunner(anvil, o, 'project', 'project');
  const kind = o.hostDriven ? 'host-driven' : 'standalone';
  const { result, artifact } = await withCompiledFolder(anvil, graph, o, progress, async (request, artifact) => {
    const label = `${runner.name}: writing the ${kind} firmware project (${target.name}, ${o.board ?? 'its default board'}, ${o.template})`;
    const made = await step(progress, label, 'written', () =>
      // firmwareRunner refused a runner without the capability.
      (runner.project as NonNullable<typeof runner.project>)({
        ...request,
        files: artifact.files.map((f) => f.path),
        template: o.template,
      }),
    );
    return { result: made, artifact };
  });
  writeArtifact(o.out, result.files, o.force);
  if (o.json)
    return jsonDocument({
      model: modelRef(o.modelPath ?? graph.name, artifact.report.model),
      target: target.name,
      board: result.board,
      template: o.template,
      hostDriven: o.hostDriven,
      ...(result.modelId === undefined ? {} : { modelId: result.modelId }),
      outputDir: o.out,
      files: result.files.map((f) => f.path),
    });
  return [
    renderCompileSummary(artifact.report),
    `wrote ${result.files.length} files to ${o.out}: ${kind} firmware for ${result.board} (${target.name})` +
      (result.modelId === undefined ? '' : `, model id ${result.modelId.slice(0, 8)}`),
    `build: ${buildLine(o.template, o.out)}; run and flash: ${o.out}/README.md`,
  ].join('\n');
}

export const defineProject: CommandDefinition = (program, env) => {
  const command = program
    .command('project')
    .description(
      'write a standalone firmware project for a board: the compiled model, board startup and linker scripts, main.c, build files, README',
    )
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('--template <name>', `build system of the project: ${PROJECT_TEMPLATES.join(' or ')}`)
    .requiredOption(
      '-o, --out <dir>',
      'output folder; anvil replaces only the files it wrote there (listed in .anvil-manifest.json) and leaves all others alone',
    );
  withCodegenFlags(command, 'target to build the firmware for (a board target, e.g. cortex-m4)')
    .option('--board <name>', "board to build for (see the list below); default: the target's")
    .option('--host-driven', 'firmware that serves the serial RPC (anvil run --port) instead of reading files through semihosting')
    .option('--force', 'write into a non-empty folder, overwriting files at the paths anvil generates (never removing any)')
    .option('--json', 'print what was written (board, model id, files) as JSON instead of the summary')
    .action(
      async (
        model: string,
        o: CodegenFlags & { template: string; out: string; board?: string; hostDriven?: boolean; force?: boolean; json?: boolean },
      ) => {
        const template = parseTemplate(o.template);
        const options = codegenOptions(o);
        // A path that can never be written is refused before the (perhaps long) compile.
        checkOutputDir(o.out);
        const anvil = await env.setup();
        if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
        const graph = await anvil.loadModel(model);
        const text = await projectCommand(
          anvil,
          graph,
          {
            ...options,
            template,
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
      'anvil project model.tflite --target cortex-m4 --template make -o fw/kws',
      'anvil project model.tflite --target cortex-m4 --board qemu-mps2-an386 --template cmake --host-driven -o fw/kws-rpc',
    ],
  );
};

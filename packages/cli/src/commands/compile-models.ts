import { errors, fail } from '@anvil/core';
import type { CompileOptions, Graph } from '@anvil/core';
import { combineArtifacts } from '@anvil/codegen-c';
import type { CombinedReport } from '@anvil/codegen-c';
import type { Anvil } from '@anvil/sdk';
import { writeArtifact } from '@anvil/sdk';
import { formatCount } from '../format-table.js';
import { jsonDocument, modelRef } from '../json-output.js';
import type { Progress } from '../progress.js';
import { step } from '../progress.js';
import { renderCompileSummary } from './compile-summary.js';
import { compileLabel } from './step-labels.js';

export interface CompileModelsOptions extends CompileOptions {
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
  /** C identifier of the combined library (`lib<name>.a`, `<name>.h`). */
  readonly name: string;
  /** The model files as given, for the JSON report. */
  readonly modelPaths: readonly string[];
}

/** Why options made for one model cannot apply to several. */
export function checkMultiModelOptions(o: Pick<CompileOptions, 'tuning' | 'pins' | 'sram'>): void {
  if (o.tuning !== undefined)
    fail(errors.cliBadArgument('--tuning-log with several models: a tuning log is one model’s', 'compile the tuned model on its own'));
  if ((o.pins ?? []).length > 0)
    fail(errors.cliBadArgument('--pin with several models: pin patterns name one model’s tensors', 'compile the pinned model on its own'));
  // The search judges one model's arena; the models share one arena, which it does not see.
  if (o.sram !== undefined)
    fail(
      errors.cliBadArgument(
        '--sram with several models: the patch search fits one model’s arena to the budget',
        'compile each model on its own with --sram',
      ),
    );
}

/** `anvil compile A B … -o DIR`: every model under its own prefix in one folder, one shared arena. */
export async function compileModelsCommand(
  anvil: Anvil,
  graphs: readonly Graph[],
  o: CompileModelsOptions,
  progress: Progress,
): Promise<string> {
  const compiled = [];
  for (const g of graphs) compiled.push(await step(progress, compileLabel(g, o), 'compiled', () => anvil.compile(g, o)));
  const names = compiled.map((c) => c.graph.name);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined)
    fail(errors.cliBadArgument(`two models are both named ${clash}`, 'rename one of the files: a model’s C prefix is its file name'));
  if (names.includes(o.name)) fail(errors.cliBadArgument(`--name ${o.name} is also a model’s name`, 'choose another --name'));
  const combined = combineArtifacts(compiled, o.name);
  writeArtifact(o.out, combined.files, o.force);
  if (o.json)
    return jsonDocument({
      name: combined.name,
      target: combined.report.target,
      arena: combined.report.arena,
      models: combined.report.models.map((r, i) => ({ ...r, model: modelRef(o.modelPaths[i] ?? r.model, r.model) })),
      outputDir: o.out,
      files: combined.files.map((f) => f.path),
    });
  return [
    ...combined.report.models.map(renderCompileSummary),
    arenaLine(combined.report),
    `wrote ${combined.files.length} files to ${o.out} (library ${combined.name}: ${combined.name}.h, lib${combined.name}.a)`,
  ].join('\n\n');
}

/** The saving of one shared arena over one arena per model. */
export function arenaLine(r: CombinedReport): string {
  const a = r.arena;
  const each = a.perModel.map((m) => `${m.model} ${formatCount(m.bytes)} B`).join(', ');
  return `shared arena ${formatCount(a.sharedBytes)} B for ${r.models.length} models (${each}): separate arenas would take ${formatCount(a.separateBytes)} B, ${formatCount(a.savedBytes)} B saved`;
}

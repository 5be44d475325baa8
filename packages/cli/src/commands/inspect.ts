import type { CommandDefinition } from '../cli-env.js';
import type { Anvil } from '@anvil/sdk';
import { formatShape, graphStats, isAnvilError, offloadGraph, requantRoundingNote, requantRoundingOf, runPipeline } from '@anvil/core';
import { renderOffloadOps, renderOffloadSummary, renderPlacements } from './npu-summary.js';
import type { Graph, GraphStats, Offloaded, TensorSummary } from '@anvil/core';
import { formatCount, formatTable } from '../format-table.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef } from '../json-output.js';
import { renderOutline } from './inspect-outline.js';
import { NPU_SYSTEM_HELP, npuWithSystem } from '../npu-system-option.js';

function tensorLine(t: TensorSummary): string {
  const q =
    t.scale === undefined
      ? ''
      : ` scale ${t.scale.length === 1 ? String(t.scale[0]) : `${t.scale.length} per-channel`} zp ${t.zeroPoint?.length === 1 ? String(t.zeroPoint[0]) : '…'}`;
  return `  [${t.id}] ${t.name}: ${t.dtype} ${formatShape(t.shape)} (${formatCount(t.bytes)} B)${q}`;
}

/** The human-readable inspect report. */
export function renderInspect(stats: GraphStats): string {
  const rows = stats.nodes.map((n) => [
    String(n.id),
    n.op,
    n.inputShapes.map(formatShape).join(', '),
    n.outputShapes.map(formatShape).join(', '),
    formatCount(n.macs),
    formatCount(n.weightBytes),
    formatCount(n.activationBytes),
  ]);
  const t = stats.totals;
  rows.push(['', 'total', '', '', formatCount(t.macs), formatCount(t.weightBytes), formatCount(t.activationBytes)]);
  return [
    `model ${stats.name}: ${t.nodes} operators`,
    'inputs:',
    ...stats.inputs.map(tensorLine),
    'outputs:',
    ...stats.outputs.map(tensorLine),
    '',
    formatTable(['#', 'op', 'inputs', 'outputs', 'MACs', 'weight B', 'activation B'], rows, new Set([0, 4, 5, 6])),
  ].join('\n');
}

/** What the importer left to the application or changed on import (graph.source), as indented lines. */
function importerNotes(graph: Graph): string {
  const section = (title: string, text: string | undefined): string[] =>
    text === undefined || text === '' ? [] : ['', title, ...text.split('\n').map((l) => `  ${l}`)];
  return [
    ...section('left to the application:', graph.source?.['application']),
    ...section('import notes:', graph.source?.['notes']),
    ...section('requantization:', requantRoundingNote(graph)),
  ].join('\n');
}

export function inspect(graph: Graph, json: boolean, offload?: Offloaded, modelPath: string = graph.name): string {
  const stats = graphStats(graph);
  if (json) {
    // Inputs and outputs carry `index` (their order in the model) as interp and run report them.
    const indexed = (list: readonly TensorSummary[]): object[] => list.map((t, index) => ({ index, ...t }));
    return jsonDocument({
      model: modelRef(modelPath, stats.name),
      inputs: indexed(stats.inputs),
      outputs: indexed(stats.outputs),
      nodes: stats.nodes,
      totals: stats.totals,
      requantRounding: requantRoundingOf(graph),
      ...(offload === undefined ? {} : { offload: { ...offload.report, nodes: offload.placements } }),
    });
  }
  if (offload === undefined) return renderInspect(stats) + importerNotes(graph);
  const ops = renderOffloadOps(offload);
  return [
    renderInspect(stats) + importerNotes(graph),
    '',
    renderPlacements(offload.placements),
    ...(ops === '' ? [] : ['', ops]),
    '',
    renderOffloadSummary(offload),
  ].join('\n');
}

/** The pipeline's own first stages (passes, offload), so inspect shows what compile would offload. */
function offloadOf(anvil: Anvil, graph: Graph, npu: string): Offloaded {
  return offloadGraph(anvil.services().offloaders, runPipeline(graph), npu);
}

export const defineInspect: CommandDefinition = (program, env) => {
  const command = program
    .command('inspect')
    .description('print inputs, outputs and a per-operator table (shapes, MACs, weight and activation bytes)')
    .argument('<model>', 'model file (.tflite or .onnx)')
    .option('--json', 'machine-readable output (schema in the CLI README)')
    .option('--npu <config>', 'also say, per operator, whether this NPU configuration runs it and why not, with estimates')
    .option('--npu-system <name|file.json>', NPU_SYSTEM_HELP)
    .action(async (model: string, o: { json?: boolean; npu?: string; npuSystem?: string }) => {
      const npu = npuWithSystem(o.npu, o.npuSystem);
      const anvil = await env.setup();
      if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
      const graph = await anvil.loadModel(model).catch(async (e: unknown) => {
        // A model with operators Anvil lacks is still shown, each operator marked; the command fails all the same.
        const outline = isAnvilError(e) && e.code === 'UNSUPPORTED_OPERATORS' ? await anvil.outlineModel(model) : undefined;
        if (outline === undefined || !isAnvilError(e)) throw e;
        if (o.json === true) {
          env.out(
            `${jsonDocument({ model: modelRef(model, outline.name), supported: false, outline, error: { code: e.code, message: e.message, hint: e.hint } })}\n`,
          );
          env.setExitCode(1);
          return undefined;
        }
        env.out(`${renderOutline(outline)}\n`);
        throw e;
      });
      if (graph === undefined) return;
      const offload = npu === undefined ? undefined : offloadOf(anvil, graph, npu);
      env.out(`${inspect(graph, o.json === true, offload, model)}\n`);
    });
  withHelpAfter(command, env.choices, ['--npu'], ['anvil inspect model.tflite', 'anvil inspect model.tflite --npu ethos-u55-128 --json']);
};

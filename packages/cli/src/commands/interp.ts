import { errors, fail, formatShape } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { readInputs, writeOutputs } from '../io-files.js';

export interface InterpOptions {
  readonly input: string;
  readonly output: string;
  readonly force: boolean;
  readonly json: boolean;
}

/** Runs the reference interpreter on raw input files and writes raw outputs. */
export async function interpCommand(graph: Graph, opts: InterpOptions): Promise<string> {
  const inputs = await readInputs(opts.input);
  if (inputs.length !== graph.inputs.length) fail(errors.inputCountMismatch(inputs.length, graph.inputs.length));
  const outputs = interpret(graph, inputs);
  const paths = await writeOutputs(opts.output, outputs, opts.force);
  const described = graph.outputs.map((id, i) => {
    const t = graph.tensors[id];
    return { index: i, name: t?.name ?? '', dtype: t?.dtype ?? '', shape: t?.shape ?? [], file: paths[i] ?? '' };
  });
  if (opts.json) return JSON.stringify({ model: graph.name, outputs: described }, null, 2);
  return described.map((d) => `output ${d.index} ${d.name}: ${d.dtype} ${formatShape(d.shape)} → ${d.file}`).join('\n');
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnerToken, errors, fail, resolveAllOrNone, tensorBytes } from '@anvil/core';
import type { Graph, Tensor } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import { compileGraph } from '../compile-model.js';
import { readInputs, writeOutputs } from '../io-files.js';
import { writeArtifact } from '../write-artifact.js';
import { renderCompileSummary } from './compile-summary.js';

export interface RunCommandOptions {
  readonly target: string;
  readonly planner: string;
  readonly input: string;
  readonly output: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly sanitize: boolean;
  readonly iterations: number;
  /** Keep the generated folder here instead of a temporary one. */
  readonly buildDir?: string;
}

/** Compiles, builds and runs the model on the target; writes outputs like `anvil interp`. */
export async function runCommand(container: DependencyContainer, graph: Graph, o: RunCommandOptions): Promise<string> {
  const inputs = await readInputs(o.input);
  if (inputs.length !== graph.inputs.length) fail(errors.inputCountMismatch(inputs.length, graph.inputs.length));
  inputs.forEach((bytes, k) => {
    const expected = tensorBytes(graph.tensors[graph.inputs[k] ?? -1] as Tensor);
    if (bytes.length !== expected) fail(errors.inputSizeMismatch(k, bytes.length, expected));
  });
  const compiled = compileGraph(container, graph, { target: o.target, planner: o.planner });
  const runner = resolveAllOrNone(container, RunnerToken).find((r) => r.canRun(compiled.target));
  if (runner === undefined) fail(errors.targetNotFound(`${o.target} (no runner can run it)`, []));
  const dir = o.buildDir ?? mkdtempSync(join(tmpdir(), 'anvil-run-'));
  try {
    writeArtifact(dir, compiled.files, o.buildDir === undefined || o.force);
    const result = await runner.run({
      artifactDir: dir,
      model: compiled.name,
      target: compiled.target,
      inputs,
      outputBytes: graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor)),
      sanitize: o.sanitize,
      iterations: o.iterations,
    });
    const paths = await writeOutputs(o.output, result.outputs, o.force);
    const cost = result.cost === undefined ? undefined : { ...result.cost, runner: runner.name };
    if (o.json) return JSON.stringify({ ...compiled.report, runner: runner.name, cost, outputs: paths }, null, 2);
    const costLine = cost === undefined ? [] : [`${runner.name}: ${cost.value.toLocaleString('en-US')} ${cost.unit} per inference`];
    return [renderCompileSummary(compiled.report), ...costLine, ...paths.map((p, k) => `output ${k} → ${p}`)].join('\n');
  } finally {
    if (o.buildDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

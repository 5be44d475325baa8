import type { Graph } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import { compileGraph } from '../compile-model.js';
import { writeArtifact } from '../write-artifact.js';
import { renderCompileSummary } from './compile-summary.js';

export interface CompileCommandOptions {
  readonly target: string;
  readonly planner: string;
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
}

export function compileCommand(container: DependencyContainer, graph: Graph, o: CompileCommandOptions): string {
  const compiled = compileGraph(container, graph, { target: o.target, planner: o.planner });
  writeArtifact(o.out, compiled.files, o.force);
  if (o.json) return JSON.stringify({ ...compiled.report, outputDir: o.out }, null, 2);
  return `${renderCompileSummary(compiled.report)}\nwrote ${compiled.files.length} files to ${o.out}`;
}

import { fail } from '../errors/anvil-error.js';
import { graphInvalid } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { bandRows, isBandableOp, rowInputs, splitRows } from './band-rows.js';

/** Consecutive nodes (indices into `graph.nodes`, inclusive) to run as one patch stage. */
export interface StageRange {
  readonly first: number;
  readonly last: number;
}

/**
 * Why `range` cannot become a patch stage, or undefined when it can: every node bandable on
 * NHWC batch-1 tensors, and exactly one tensor leaving the range (the last node's output),
 * so every other intermediate can live one band at a time.
 */
export function stageProblem(graph: Graph, range: StageRange): string | undefined {
  const { first, last } = range;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last >= graph.nodes.length || last <= first) {
    return `nodes ${first}..${last} are not a range of at least two nodes of the graph's ${graph.nodes.length}`;
  }
  const members = graph.nodes.slice(first, last + 1);
  for (const n of members) {
    if (!isBandableOp(n.op)) return `${nodeLabel(n)} cannot run in row bands`;
    for (const id of [...rowInputs(n, graph), ...n.outputs]) {
      const t = graph.tensors[id];
      if (t === undefined || t.shape.length !== 4 || t.shape[0] !== 1)
        return `${nodeLabel(n)} does not read and write NHWC tensors of batch 1`;
    }
    const out = graph.tensors[n.outputs[0] ?? -1]?.shape ?? [];
    if ((n.op === 'ADD' || n.op === 'MUL') && rowInputs(n, graph).some((id) => graph.tensors[id]?.shape.join() !== out.join())) {
      return `${nodeLabel(n)} broadcasts`;
    }
  }
  const produced = new Set(members.flatMap((n) => n.outputs));
  const outside = new Set([...graph.outputs, ...graph.nodes.filter((_, i) => i < first || i > last).flatMap((n) => n.inputs)]);
  const leaving = [...produced].filter((t) => outside.has(t));
  const lastOut = members[members.length - 1]?.outputs[0];
  if (leaving.length !== 1 || leaving[0] !== lastOut) return "more than the last node's output is read after the range";
  return undefined;
}

/**
 * The pass: replaces nodes `range` by one PATCH_STAGE node whose body runs them in `bands`
 * row bands of the last output (as equal as possible), each node computing the rows its
 * band needs (see `bandRows`). Pure; outer nodes are renumbered in order, body nodes keep
 * their ids so reports can name them.
 */
export function patchStage(graph: Graph, range: StageRange, bands: number): Graph {
  const problem = stageProblem(graph, range);
  if (problem !== undefined) fail(graphInvalid(`cannot patch nodes ${range.first}..${range.last}: ${problem}`));
  const members = graph.nodes.slice(range.first, range.last + 1);
  const output = members[members.length - 1]?.outputs[0] as number;
  const height = graph.tensors[output]?.shape[1] ?? 0;
  if (!Number.isInteger(bands) || bands < 1 || bands > height) {
    fail(graphInvalid(`cannot cut ${height} output rows into ${bands} bands`));
  }
  const produced = new Set(members.flatMap((n) => n.outputs));
  const inputs = [...new Set(members.flatMap((n) => n.inputs))].filter(
    (id) => id >= 0 && !produced.has(id) && graph.tensors[id]?.data === undefined,
  );
  const body: Graph = {
    name: `${graph.name}/stage${range.first}`,
    tensors: graph.tensors,
    nodes: members,
    inputs,
    outputs: [output],
    ...(graph.requantRounding === undefined ? {} : { requantRounding: graph.requantRounding }),
  };
  const rows = bandRows(body, graph, splitRows(height, bands));
  const first = members[0] as Node;
  const last = members[members.length - 1] as Node;
  const stage: Node = {
    id: range.first,
    op: 'PATCH_STAGE',
    name: `${first.name || nodeLabel(first)} … ${last.name || nodeLabel(last)} in ${bands} bands`,
    inputs,
    outputs: [output],
    attrs: { body, rows },
  };
  const nodes = [...graph.nodes.slice(0, range.first), stage, ...graph.nodes.slice(range.last + 1)].map((n, id) => ({ ...n, id }) as Node);
  return { ...graph, nodes };
}

import { fail } from '../errors/anvil-error.js';
import { graphInvalid } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node, NodeOf } from '../ir/node.js';
import { bandRows, isBandableOp, rowInputs } from '../patch/band-rows.js';
import { verifyGraph } from '../passes/verify-graph.js';
import type { OpDef } from './op-def.js';
import { OP_DEFS } from './op-defs.js';

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function nodeMacs(node: Node, graph: Graph): number {
  return (OP_DEFS[node.op] as OpDef<typeof node.op>).macs(node as never, graph);
}

/** Output rows of a body node: axis 1 of its NHWC output. */
function outRows(node: Node, graph: Graph): number {
  return graph.tensors[node.outputs[0] ?? -1]?.shape[1] ?? 0;
}

/** MACs of the body as run band by band: each node's MACs per output row times the rows it computes. */
export function patchStageMacs(node: NodeOf<'PATCH_STAGE'>, graph: Graph): number {
  return node.attrs.body.nodes.reduce((s, inner, i) => {
    const rows = node.attrs.rows.reduce((r, band) => r + Math.max(0, (band[i]?.end ?? 0) - (band[i]?.start ?? 0)), 0);
    const h = outRows(inner, graph);
    return s + (h === 0 ? 0 : (nodeMacs(inner, graph) / h) * rows);
  }, 0);
}

/** MACs the body would take run once, whole: what the bands add is the difference. */
export function patchStageBodyMacs(node: NodeOf<'PATCH_STAGE'>, graph: Graph): number {
  return node.attrs.body.nodes.reduce((s, inner) => s + nodeMacs(inner, graph), 0);
}

function checkBodyNode(stage: string, node: Node, graph: Graph): void {
  if (!isBandableOp(node.op)) fail(graphInvalid(`${stage}: ${nodeLabel(node)} cannot run in row bands`));
  const tensors = [...rowInputs(node, graph), ...node.outputs].map((id) => graph.tensors[id]);
  const out = graph.tensors[node.outputs[0] ?? -1];
  for (const t of tensors) {
    if (t === undefined || t.shape.length !== 4 || t.shape[0] !== 1) {
      fail(graphInvalid(`${stage}: ${nodeLabel(node)} must read and write NHWC tensors of batch 1`));
    }
    // Elementwise ops run on row bands of equal-shaped operands, never broadcast.
    if ((node.op === 'ADD' || node.op === 'MUL') && !sameIds(t.shape, out?.shape ?? [])) {
      fail(graphInvalid(`${stage}: ${nodeLabel(node)} broadcasts; only equal shapes run in row bands`));
    }
  }
}

/**
 * The bands must tile the output's rows in order, and in every band each node must compute
 * at least the rows its readers in the stage need (stage inputs are whole, so any rows do).
 */
function checkRows(stage: string, node: NodeOf<'PATCH_STAGE'>, graph: Graph): void {
  const body = node.attrs.body;
  const last = body.nodes.length - 1;
  const height = outRows(body.nodes[last] as Node, graph);
  let next = 0;
  node.attrs.rows.forEach((band, b) => {
    if (band.length !== body.nodes.length)
      fail(graphInvalid(`${stage}: band ${b} lists ${band.length} nodes, the body has ${body.nodes.length}`));
    const o = band[last] as { start: number; end: number };
    if (o.start !== next || o.end <= o.start)
      fail(graphInvalid(`${stage}: band ${b} computes output rows [${o.start}, ${o.end}), expected to start at ${next}`));
    next = o.end;
    // The rows the stage needs of each node in this band, derived afresh from the output band.
    const needed = bandRows(body, graph, [o])[0] ?? [];
    body.nodes.forEach((inner, i) => {
      const got = band[i] as { start: number; end: number };
      const want = needed[i] as { start: number; end: number };
      const h = outRows(inner, graph);
      if (got.start < 0 || got.end > h || got.start > want.start || got.end < want.end) {
        fail(
          graphInvalid(
            `${stage}: band ${b} computes rows [${got.start}, ${got.end}) of ${nodeLabel(inner)}, which must lie in [0, ${h}) and hold [${want.start}, ${want.end})`,
          ),
        );
      }
    });
  });
  if (next !== height) fail(graphInvalid(`${stage}: the bands cover ${next} of ${height} output rows`));
}

/**
 * A patch stage (see ir/attributes.ts PatchStageAttrs): shapes are the body's; its MACs are
 * what it runs, the recomputed halo rows included.
 */
export const patchStage: OpDef<'PATCH_STAGE'> = {
  op: 'PATCH_STAGE',
  inputs: [1, Number.MAX_SAFE_INTEGER],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    return node.outputs.map((id) => graph.tensors[id]?.shape ?? []);
  },
  verify(node, graph) {
    const stage = nodeLabel(node);
    const body = node.attrs.body;
    if (!sameIds(body.inputs, node.inputs) || !sameIds(body.outputs, node.outputs)) {
      fail(graphInvalid(`${stage}: its body reads or writes other tensors than the stage node`));
    }
    if (body.tensors !== graph.tensors || body.nodes.length === 0) {
      fail(graphInvalid(`${stage}: its body must be non-empty and share the graph's tensor table`));
    }
    verifyGraph(body);
    for (const inner of body.nodes) checkBodyNode(stage, inner, graph);
    const lastNode = body.nodes[body.nodes.length - 1] as Node;
    if (lastNode.outputs[0] !== node.outputs[0]) fail(graphInvalid(`${stage}: its last body node must produce the stage output`));
    if (node.attrs.rows.length === 0) fail(graphInvalid(`${stage}: it has no bands`));
    checkRows(stage, node, graph);
  },
  macs(node, graph) {
    return patchStageMacs(node, graph);
  },
};

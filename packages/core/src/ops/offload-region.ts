import { fail } from '../errors/anvil-error.js';
import { graphInvalid } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { verifyGraph } from '../passes/verify-graph.js';
import type { OpDef } from './op-def.js';
import { OP_DEFS } from './op-defs.js';

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function macsOf(graph: Graph, body: Graph): number {
  return body.nodes.reduce((s, n) => s + (OP_DEFS[n.op] as OpDef<typeof n.op>).macs(n as never, graph), 0);
}

/**
 * An offloaded region: its outputs are its body's, computed by the body's nodes, so shapes
 * and cost are the body's. The body must read and write exactly the node's tensors.
 */
export const offloadRegion: OpDef<'OFFLOAD_REGION'> = {
  op: 'OFFLOAD_REGION',
  inputs: [0, Number.MAX_SAFE_INTEGER],
  outputs: [1, Number.MAX_SAFE_INTEGER],
  isView: false,
  inferShapes(node: NodeOf<'OFFLOAD_REGION'>, graph: Graph) {
    return node.outputs.map((id) => graph.tensors[id]?.shape ?? []);
  },
  verify(node, graph) {
    const body = node.attrs.body;
    if (!sameIds(body.inputs, node.inputs) || !sameIds(body.outputs, node.outputs)) {
      fail(graphInvalid(`${nodeLabel(node)}: its body reads or writes other tensors than the region node`));
    }
    if (body.tensors !== graph.tensors || body.nodes.length === 0) {
      fail(graphInvalid(`${nodeLabel(node)}: its body must be non-empty and share the graph's tensor table`));
    }
    // The body's own shapes, types and order, exactly as the outer graph's would be checked.
    verifyGraph(body);
  },
  macs(node, graph) {
    return macsOf(graph, node.attrs.body);
  },
};

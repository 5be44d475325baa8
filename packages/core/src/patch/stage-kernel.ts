import { fail } from '../errors/anvil-error.js';
import { internal, graphInvalid } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node, NodeOf } from '../ir/node.js';
import type { StepKernel } from '../lowering/program.js';
import { bandLayout } from './band-layout.js';

/**
 * The step kernel of a patch stage: each body node lowered as it would be alone (the same
 * first-wins choice, so SIMD kernels stay), and the workspace holding the band buffers and
 * every body kernel's scratch. Accelerator kernels cannot run on bands: refused, not replaced.
 */
export function stageKernel(node: NodeOf<'PATCH_STAGE'>, graph: Graph, innerOf: (node: Node) => StepKernel, alignment: number): StepKernel {
  const inner = node.attrs.body.nodes.map((n) => {
    const k = innerOf(n);
    if (k.access.length > 0 || k.stage !== undefined) {
      fail(graphInvalid(`${nodeLabel(node)}: ${nodeLabel(n)} is lowered to ${k.name}, which cannot run on row bands`));
    }
    return k;
  });
  const layout = bandLayout(
    node,
    graph,
    inner.map((k) => k.workspaceBytes),
    alignment,
  );
  const backends = [...new Set(inner.map((k) => k.backend))].join(', ');
  return {
    name: 'patch-stage',
    backend: `${node.attrs.rows.length} row bands of ${backends}`,
    workspaceBytes: layout.bytes,
    access: [],
    emit: () => fail(internal(`${nodeLabel(node)} is emitted band by band from its body's kernels, not as one kernel`)),
    stage: { inner, layout },
  };
}

import type { Graph, KernelEmitContext, Node, Tensor } from '@anvil/core';
import { cType } from './c-text.js';

/** Non-constant input slots, in order: they become parameters x0, x1, … */
export function activationInputs(node: Node, graph: Graph): number[] {
  return node.inputs.filter((id) => isActivation(graph, id));
}

function isActivation(graph: Graph, id: number): boolean {
  return id >= 0 && graph.tensors[id]?.data === undefined;
}

/**
 * The kernel parameter list by the convention of `EmittedKernel`: activation inputs, then
 * outputs, then the workspace when there is one.
 */
export function kernelParams(node: Node, graph: Graph, workspace: boolean): string {
  const ins = activationInputs(node, graph).map((id, k) => `const ${cType((graph.tensors[id] as Tensor).dtype)} *ANVIL_RESTRICT x${k}`);
  const outs = node.outputs.map((id, k) => `${cType((graph.tensors[id] as Tensor).dtype)} *ANVIL_RESTRICT y${k}`);
  return [...ins, ...outs, ...(workspace ? ['void *ANVIL_RESTRICT workspace'] : [])].join(', ') || 'void';
}

/**
 * The C expression that reads input slot `slot`: a parameter, or a weight symbol for constants.
 * Parameters are numbered by slot, not by tensor: a node may read one tensor in two slots
 * (`x + x`), and each slot then has its own parameter.
 */
export function operand(node: Node, graph: Graph, ctx: KernelEmitContext, slot: number): string {
  const id = node.inputs[slot] ?? -1;
  const t = graph.tensors[id];
  if (t?.data !== undefined) return ctx.weightSymbol(id);
  return `x${node.inputs.slice(0, slot).filter((i) => isActivation(graph, i)).length}`;
}

export function prototype(fn: string, node: Node, graph: Graph, workspace: boolean): string {
  return `anvil_status_t ${fn}(${kernelParams(node, graph, workspace)})`;
}

import { fail } from '../errors/anvil-error.js';
import { graphInvalid } from '../errors/builders.js';
import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import { tensorBytes } from '../ir/tensor.js';
import type { Node } from '../ir/node.js';
import type { PoolAccess } from '../memory/problem.js';
import { opDefOf } from '../ops/op-defs.js';
import type { BufferKind, Program, ProgramBuffer, ProgramStep, StepKernel } from './program.js';

/** Picks the kernel of one node (see `chooseStrategy`; offloaded regions bring their own). */
export type KernelChooser = (node: Node) => StepKernel;

interface Draft {
  name: string;
  bytes: number;
  firstStep: number;
  lastStep: number;
  kind: BufferKind;
  tensors: number[];
  access: PoolAccess[];
}

/**
 * Lowers a scheduled graph: takes each node's kernel from `kernelOf`, gives every
 * non-constant tensor a buffer (views share their source's), adds workspaces, and derives
 * lifetimes and who must reach each buffer. Inputs live from step 0; outputs until the last
 * step, because the run function copies them out after the final kernel.
 */
export function lowerGraph(graph: Graph, schedule: readonly number[], kernelOf: KernelChooser, target: Target): Program {
  const drafts: Draft[] = [];
  const tensorBuffer = new Map<number, number>();
  const last = Math.max(0, schedule.length - 1);
  const newBuffer = (d: Draft): number => {
    // The interpreter runs zero-element tensors (as TFLM does), but a zero-byte buffer has no
    // place of its own in the arena: it would share an offset with a neighbour that a kernel
    // call declares `restrict`. No microcontroller model has one, so none is compiled.
    if (d.bytes === 0) fail(graphInvalid(`tensor "${d.name}" has no elements; Anvil does not compile zero-element tensors`));
    return drafts.push(d) - 1;
  };
  const touch = (tensor: number, step: number): void => {
    const b = tensorBuffer.get(tensor);
    const d = b === undefined ? undefined : drafts[b];
    if (d !== undefined) d.lastStep = Math.max(d.lastStep, step);
  };
  const reach = (b: number | undefined, who: readonly PoolAccess[]): void => {
    const d = b === undefined ? undefined : drafts[b];
    for (const a of who) if (d !== undefined && !d.access.includes(a)) d.access.push(a);
  };

  for (const id of graph.inputs) {
    const t = graph.tensors[id];
    if (t === undefined || t.data !== undefined) continue;
    tensorBuffer.set(
      id,
      newBuffer({ name: t.name, bytes: tensorBytes(t), firstStep: 0, lastStep: 0, kind: 'input', tensors: [id], access: [] }),
    );
  }

  // State is read before the first step and must survive past the last one, into the next run.
  for (const t of graph.tensors) {
    if (t.persistent !== true) continue;
    tensorBuffer.set(
      t.id,
      newBuffer({ name: t.name, bytes: tensorBytes(t), firstStep: 0, lastStep: last, kind: 'persistent', tensors: [t.id], access: [] }),
    );
  }

  const steps: ProgramStep[] = schedule.map((nodeId, step) => {
    const node = graph.nodes[nodeId] as Node;
    for (const i of node.inputs) if (i >= 0) touch(i, step);
    if (opDefOf(node).isView) {
      const src = tensorBuffer.get(node.inputs[0] ?? -1);
      const out = node.outputs[0] ?? -1;
      if (src !== undefined) {
        tensorBuffer.set(out, src);
        drafts[src]?.tensors.push(out);
        return { nodeId, op: node.op, strategy: 'view', backend: 'alias (no code)' };
      }
    }
    for (const o of node.outputs) {
      const t = graph.tensors[o];
      if (t === undefined) continue;
      tensorBuffer.set(
        o,
        newBuffer({ name: t.name, bytes: tensorBytes(t), firstStep: step, lastStep: step, kind: 'activation', tensors: [o], access: [] }),
      );
    }
    const kernel = kernelOf(node);
    const base = { nodeId, op: node.op, strategy: kernel.name, backend: kernel.backend, kernel };
    for (const t of [...node.inputs, ...node.outputs]) reach(tensorBuffer.get(t), kernel.access);
    if (kernel.workspaceBytes <= 0) return base;
    const workspace = newBuffer({
      name: `workspace of ${node.op} #${node.id}`,
      bytes: kernel.workspaceBytes,
      firstStep: step,
      lastStep: step,
      kind: 'workspace',
      tensors: [],
      access: [...kernel.access],
    });
    return { ...base, workspace };
  });

  for (const id of graph.outputs) {
    const b = tensorBuffer.get(id);
    const d = b === undefined ? undefined : drafts[b];
    if (d === undefined) continue;
    d.lastStep = last;
    if (d.kind === 'activation') d.kind = 'output';
  }

  const buffers: ProgramBuffer[] = drafts.map((d, id) => ({ id, alignment: target.arenaAlignment, ...d }));
  return { graph, target: target.name, schedule, steps, buffers, tensorBuffer };
}

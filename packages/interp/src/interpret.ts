import { errors, fail, initialBytes, isPersistent, tensorBytes, verifyGraph } from '@anvil/core';
import type { Graph, Node } from '@anvil/core';
import { executeNode } from './execute-node.js';

export interface InterpretOptions {
  /** Called after each node, in execution order, with the bytes of each of its outputs. */
  readonly onNode?: (node: Node, outputs: readonly Uint8Array[]) => void;
  /**
   * The persistent tensors' values carried from the previous run, by tensor id; a missing
   * entry starts from the tensor's initial value. Updated in place with the values this run
   * leaves, so passing the same map to the next run continues the sequence. Without it every
   * run starts from the initial values, as a freshly reset model does.
   */
  readonly state?: Map<number, Uint8Array>;
}

function checkInputs(graph: Graph, inputs: readonly Uint8Array[]): void {
  if (inputs.length !== graph.inputs.length) fail(errors.inputCountMismatch(inputs.length, graph.inputs.length));
  graph.inputs.forEach((id, i) => {
    const t = graph.tensors[id];
    const got = inputs[i]?.byteLength ?? 0;
    if (t !== undefined && got !== tensorBytes(t)) fail(errors.inputSizeMismatch(i, got, tensorBytes(t)));
  });
}

/**
 * Runs the graph and returns the bytes of every activation: the graph inputs and every node
 * output, keyed by tensor id. Each value is its own buffer (no aliasing between tensors), so
 * a caller can compare any intermediate with a reference dump.
 */
export function interpretAll(graph: Graph, inputs: readonly Uint8Array[], options: InterpretOptions = {}): Map<number, Uint8Array> {
  verifyGraph(graph);
  checkInputs(graph, inputs);
  const values = new Map<number, Uint8Array>();
  graph.inputs.forEach((id, i) => values.set(id, (inputs[i] as Uint8Array).slice()));
  const persistent = graph.tensors.filter(isPersistent);
  for (const t of persistent) values.set(t.id, (options.state?.get(t.id) ?? initialBytes(t)).slice());
  const read = (id: number): Uint8Array => {
    const v = values.get(id) ?? graph.tensors[id]?.data;
    if (v === undefined) fail(errors.graphInvalid(`tensor ${id} is read before it is produced`));
    return v;
  };
  for (const node of graph.nodes) {
    const outputs = executeNode(node, graph, read, (id, bytes) => values.set(id, bytes));
    node.outputs.forEach((id, i) => {
      const out = outputs[i];
      if (out !== undefined) values.set(id, out);
    });
    options.onNode?.(node, outputs);
  }
  for (const t of persistent) options.state?.set(t.id, (values.get(t.id) as Uint8Array).slice());
  return values;
}

/**
 * The reference interpreter: raw little-endian bytes for each graph input in, raw bytes for
 * each graph output out, computed with TensorFlow Lite Micro's reference integer arithmetic.
 */
export function interpret(graph: Graph, inputs: readonly Uint8Array[], options: Pick<InterpretOptions, 'state'> = {}): Uint8Array[] {
  const values = interpretAll(graph, inputs, options);
  return graph.outputs.map((id) => {
    const v = values.get(id) ?? graph.tensors[id]?.data;
    if (v === undefined) fail(errors.graphInvalid(`graph output ${id} is never produced`));
    return v.slice();
  });
}

import { fail } from '../errors/anvil-error.js';
import { graphCycle, graphInvalid, opShapeMismatch } from '../errors/builders.js';
import { findCycles } from '../graph/dataflow.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { tensorBytes } from '../ir/tensor.js';
import { opDefOf } from '../ops/op-defs.js';
import { checkTensorQuantization } from '../ops/quantization-rules.js';

function checkIndex(graph: Graph, id: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= graph.tensors.length) {
    fail(graphInvalid(`${what} refers to tensor ${id}; the graph has ${graph.tensors.length}`));
  }
}

/**
 * No tensor may exceed 256 MiB: far beyond any microcontroller's memory, and it keeps every
 * element index inside a C `int` and every host-side buffer of the interpreter bounded, so a
 * damaged shape field cannot make Anvil allocate without bound.
 */
export const MAX_TENSOR_BYTES = 256 * 1024 * 1024;

function checkStructure(graph: Graph): void {
  graph.tensors.forEach((t, i) => {
    if (t.id !== i) fail(graphInvalid(`tensor at index ${i} has id ${t.id}`));
    if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      fail(graphInvalid(`tensor "${t.name}" has shape [${t.shape.join(',')}]; dimensions must be known and >= 0`));
    }
    if (tensorBytes(t) > MAX_TENSOR_BYTES) {
      fail(
        graphInvalid(
          `tensor "${t.name}" [${t.shape.join(',')}] needs ${tensorBytes(t)} bytes, more than the ${MAX_TENSOR_BYTES}-byte limit`,
        ),
      );
    }
    if (t.data !== undefined && t.data.byteLength !== tensorBytes(t)) {
      fail(graphInvalid(`constant "${t.name}" holds ${t.data.byteLength} bytes, its shape needs ${tensorBytes(t)}`));
    }
    checkPersistent(t);
  });
  graph.inputs.forEach((id) => checkIndex(graph, id, 'graph input'));
  graph.outputs.forEach((id) => checkIndex(graph, id, 'graph output'));
  checkInterface(graph);
  for (const n of graph.nodes) {
    n.inputs.forEach((id) => id === -1 || checkIndex(graph, id, nodeLabel(n)));
    n.outputs.forEach((id) => checkIndex(graph, id, nodeLabel(n)));
  }
}

/** State is RAM the model rewrites, so it cannot also be flash data; its start value must fit it. */
function checkPersistent(t: Tensor): void {
  if (t.persistent !== true) {
    if (t.initial !== undefined) fail(graphInvalid(`tensor "${t.name}" has an initial value but is not persistent`));
    return;
  }
  if (t.data !== undefined) fail(graphInvalid(`persistent tensor "${t.name}" also holds constant data`));
  if (t.initial !== undefined && t.initial.byteLength !== tensorBytes(t)) {
    fail(graphInvalid(`persistent tensor "${t.name}" starts from ${t.initial.byteLength} bytes, its shape needs ${tensorBytes(t)}`));
  }
}

/**
 * Each persistent tensor is state of exactly one node, in a slot its op declares as state,
 * and nothing else reads or writes it: two owners would each see the other's updates, and a
 * plain reader would see a value that depends on the schedule.
 */
function checkStateUse(graph: Graph): void {
  const owner = new Map<number, Node>();
  for (const n of graph.nodes) {
    const stateSlots = opDefOf(n).stateInputs ?? [];
    n.inputs.forEach((id, slot) => {
      const t = id === -1 ? undefined : graph.tensors[id];
      const isState = stateSlots.includes(slot);
      if (t === undefined) {
        if (isState) fail(graphInvalid(`${nodeLabel(n)} has no state tensor in slot ${slot}`));
        return;
      }
      if (isState !== (t.persistent === true)) {
        fail(
          graphInvalid(
            isState
              ? `${nodeLabel(n)} keeps its state in "${t.name}", which is not a persistent tensor`
              : `${nodeLabel(n)} reads persistent tensor "${t.name}" in slot ${slot}, which is not a state slot of ${n.op}`,
          ),
        );
      }
      if (!isState) return;
      const other = owner.get(id);
      if (other !== undefined) fail(graphInvalid(`persistent tensor "${t.name}" is state of both ${nodeLabel(other)} and ${nodeLabel(n)}`));
      owner.set(id, n);
    });
    for (const id of n.outputs) {
      if (graph.tensors[id]?.persistent === true)
        fail(graphInvalid(`${nodeLabel(n)} writes persistent tensor "${graph.tensors[id]?.name}" as an output`));
    }
  }
  for (const id of [...graph.inputs, ...graph.outputs]) {
    const t = graph.tensors[id];
    if (t?.persistent === true) fail(graphInvalid(`persistent tensor "${t.name}" cannot be a graph input or output`));
  }
}

/**
 * What the generated API can honour. A model without outputs computes nothing anyone can
 * read, and one without inputs computes a constant; both would also give the C API empty
 * arrays, which C does not allow. An input is written by the application on every
 * inference, so it cannot also be a constant baked into flash, and one tensor cannot be two
 * inputs. (An input may be an output, and an output a constant: the C copies them out.)
 */
function checkInterface(graph: Graph): void {
  if (graph.outputs.length === 0) fail(graphInvalid('the graph has no outputs; a model must produce at least one'));
  if (graph.inputs.length === 0) {
    fail(graphInvalid('the graph has no inputs; its outputs would be constants (Anvil compiles models that take an input)'));
  }
  const seen = new Set<number>();
  graph.inputs.forEach((id, k) => {
    const t = graph.tensors[id];
    if (seen.has(id)) fail(graphInvalid(`graph input ${k} ("${t?.name}") is listed twice`));
    seen.add(id);
    if (t?.data !== undefined) fail(graphInvalid(`graph input ${k} ("${t.name}") is a constant; an input cannot hold stored data`));
  });
}

/** Each value defined once, and every use after its definition (nodes are in execution order). */
function checkOrder(graph: Graph): void {
  const defined = new Set<number>(graph.inputs);
  // State exists before the first node runs: it holds the previous invocation's value.
  graph.tensors.forEach((t) => (t.data !== undefined || t.persistent === true) && defined.add(t.id));
  const producedLater = new Set<number>(graph.nodes.flatMap((n) => n.outputs));
  for (const n of graph.nodes) {
    for (const id of n.inputs) {
      if (id === -1 || defined.has(id)) continue;
      const t = graph.tensors[id];
      if (!producedLater.has(id)) fail(graphInvalid(`${nodeLabel(n)} reads "${t?.name}", which nothing produces`));
      const cycles = findCycles(graph);
      if (cycles.length > 0) {
        const names = (cycles[0] ?? []).map((i) => graph.nodes[i]?.name ?? String(i));
        fail(graphCycle(names));
      }
      fail(graphInvalid(`${nodeLabel(n)} reads "${t?.name}" before it is produced; nodes are not in execution order`));
    }
    for (const id of n.outputs) {
      if (defined.has(id)) fail(graphInvalid(`${nodeLabel(n)} writes "${graph.tensors[id]?.name}", which is already defined`));
      defined.add(id);
    }
  }
  for (const id of graph.outputs) {
    if (!defined.has(id)) fail(graphInvalid(`graph output "${graph.tensors[id]?.name}" is never produced`));
  }
}

/**
 * A node that reads only constants computes a constant. Converters fold these, and the C
 * kernels take their data input as a parameter, so there is nothing to pass one.
 */
function checkReadsActivation(graph: Graph, node: Node): void {
  const present = node.inputs.filter((id) => id !== -1);
  if (present.length > 0 && present.every((id) => graph.tensors[id]?.data !== undefined)) {
    fail(graphInvalid(`${nodeLabel(node)} reads only constants; fold it into a constant when exporting the model`));
  }
}

function checkNode(graph: Graph, node: Node): void {
  const def = opDefOf(node);
  for (const id of [...node.inputs, ...node.outputs]) {
    const t = id === -1 ? undefined : graph.tensors[id];
    if (t !== undefined) checkTensorQuantization(nodeLabel(node), t);
  }
  checkReadsActivation(graph, node);
  const [min, max] = def.inputs;
  if (node.inputs.length < min || node.inputs.length > max) {
    fail(graphInvalid(`${nodeLabel(node)} has ${node.inputs.length} inputs, expected ${min}..${max}`));
  }
  const [lo, hi] = typeof def.outputs === 'number' ? [def.outputs, def.outputs] : def.outputs;
  if (node.outputs.length < lo || node.outputs.length > hi) {
    fail(graphInvalid(`${nodeLabel(node)} has ${node.outputs.length} outputs, expected ${lo === hi ? lo : `${lo}..${hi}`}`));
  }
  const shapes = def.inferShapes(node, graph);
  shapes.forEach((s, i) => {
    const t = graph.tensors[node.outputs[i] ?? -1];
    if (t === undefined) return;
    if (s.length !== t.shape.length || s.some((d, k) => d !== t.shape[k])) {
      fail(opShapeMismatch(nodeLabel(node), `output "${t.name}" is stored as [${t.shape.join(',')}], the op computes [${s.join(',')}]`));
    }
  });
  def.verify(node, graph);
}

/**
 * The graph verifier: structure, definition order, then every node's arity, shapes and
 * types. Runs on entry to the pipeline and before emission; throws the first problem found.
 */
export function verifyGraph(graph: Graph): Graph {
  checkStructure(graph);
  checkStateUse(graph);
  checkOrder(graph);
  for (const n of graph.nodes) checkNode(graph, n);
  // An input that is also an output may meet no node: its parameters still reach the user.
  graph.inputs.forEach((id, k) => checkTensorQuantization(`graph input ${k}`, graph.tensors[id] as Tensor));
  graph.outputs.forEach((id, k) => checkTensorQuantization(`graph output ${k}`, graph.tensors[id] as Tensor));
  return graph;
}

import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { tensorBytes } from '../ir/tensor.js';
import { opDefOf } from '../ops/op-defs.js';

export interface TensorSummary {
  readonly id: number;
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: number;
  readonly scale?: readonly number[];
  readonly zeroPoint?: readonly number[];
}

export interface NodeStats {
  readonly id: number;
  readonly op: string;
  readonly name: string;
  readonly inputShapes: ReadonlyArray<readonly number[]>;
  readonly outputShapes: ReadonlyArray<readonly number[]>;
  readonly macs: number;
  /** Bytes of constant inputs (weights, biases, constant parameters). */
  readonly weightBytes: number;
  /** Bytes of the non-constant values the node writes. */
  readonly activationBytes: number;
}

export interface GraphStats {
  readonly name: string;
  readonly inputs: readonly TensorSummary[];
  readonly outputs: readonly TensorSummary[];
  readonly nodes: readonly NodeStats[];
  readonly totals: { readonly macs: number; readonly weightBytes: number; readonly activationBytes: number; readonly nodes: number };
}

export function summarizeTensor(t: Tensor): TensorSummary {
  const base = { id: t.id, name: t.name, dtype: t.dtype, shape: t.shape, bytes: tensorBytes(t) };
  return t.quant === undefined ? base : { ...base, scale: t.quant.scale, zeroPoint: t.quant.zeroPoint };
}

function nodeStats(graph: Graph, node: Node): NodeStats {
  const ins = node.inputs
    .filter((i) => i >= 0)
    .map((i) => graph.tensors[i])
    .filter((t): t is Tensor => t !== undefined);
  const outs = node.outputs.map((i) => graph.tensors[i]).filter((t): t is Tensor => t !== undefined);
  return {
    id: node.id,
    op: node.op,
    name: node.name,
    inputShapes: ins.map((t) => t.shape),
    outputShapes: outs.map((t) => t.shape),
    macs: opDefOf(node).macs(node, graph),
    weightBytes: ins.filter((t) => t.data !== undefined).reduce((s, t) => s + tensorBytes(t), 0),
    activationBytes: outs.filter((t) => t.data === undefined).reduce((s, t) => s + tensorBytes(t), 0),
  };
}

/** Per-node and total cost figures for `anvil inspect`. Weights shared by nodes count once in totals. */
export function graphStats(graph: Graph): GraphStats {
  const nodes = graph.nodes.map((n) => nodeStats(graph, n));
  const constIds = new Set(graph.nodes.flatMap((n) => n.inputs).filter((i) => graph.tensors[i]?.data !== undefined));
  const weightBytes = [...constIds].reduce((s, i) => s + tensorBytes(graph.tensors[i] as Tensor), 0);
  return {
    name: graph.name,
    inputs: graph.inputs.map((i) => summarizeTensor(graph.tensors[i] as Tensor)),
    outputs: graph.outputs.map((i) => summarizeTensor(graph.tensors[i] as Tensor)),
    nodes,
    totals: {
      macs: nodes.reduce((s, n) => s + n.macs, 0),
      weightBytes,
      activationBytes: nodes.reduce((s, n) => s + n.activationBytes, 0),
      nodes: nodes.length,
    },
  };
}

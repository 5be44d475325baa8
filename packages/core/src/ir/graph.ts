import type { Node } from './node.js';
import type { Tensor } from './tensor.js';

/**
 * The core IR: an immutable dataflow graph. `nodes` is in a valid execution order
 * (importers keep the model's stored order; passes keep it topological).
 */
export interface Graph {
  readonly name: string;
  readonly tensors: readonly Tensor[];
  readonly nodes: readonly Node[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /**
   * Where the graph came from (importer name, format version), for reports. `application`, when
   * set, lists what the importer left to the application (float steps at the model's edges,
   * one per line); the generated header repeats it.
   */
  readonly source?: Readonly<Record<string, string>>;
}

export function tensorOf(graph: Graph, id: number): Tensor {
  const t = graph.tensors[id];
  if (t === undefined) throw new RangeError(`tensor ${id} out of range`);
  return t;
}

/** Human label for messages: `CONV_2D #3 (name)`. */
export function nodeLabel(node: Pick<Node, 'op' | 'id' | 'name'>): string {
  return `${node.op} #${node.id}${node.name ? ` (${node.name})` : ''}`;
}

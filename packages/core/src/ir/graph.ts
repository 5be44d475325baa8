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
  /**
   * How rescales round. Absent or `double`: TFLite's two roundings (a rounding doubling high
   * multiply, then a rounding right shift), which TFLite models are made for. `single`: one
   * rounding of the exact product, as onnxruntime's float requantization does; the multipliers
   * are then derived with no right shift (see @anvil/interp requantMultiplier), so every kernel,
   * SIMD or not, and the NPU simulator compute it with the arithmetic they already have.
   */
  readonly requantRounding?: RequantRounding;
}

export type RequantRounding = 'double' | 'single';

/** The rounding a graph's rescales use (absent means TFLite's double rounding). */
export function requantRoundingOf(graph: Pick<Graph, 'requantRounding'>): RequantRounding {
  return graph.requantRounding ?? 'double';
}

/** One line for reports and headers saying how the graph's rescales round. */
export function requantRoundingNote(graph: Pick<Graph, 'requantRounding'>): string {
  return requantRoundingOf(graph) === 'single'
    ? 'single rounding, as onnxruntime requantizes (one rounding of the exact product; TFLite models round twice)'
    : 'double rounding, as TFLite Micro requantizes (a rounding doubling high multiply, then a rounding shift)';
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

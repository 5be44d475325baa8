import type { OpType } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';

/**
 * What the core knows about an operator: its arity, how its output shapes follow from its
 * inputs and attributes, what makes an instance invalid, and its cost. Pure functions of
 * (node, graph); they throw AnvilError (OP_*) on an invalid instance.
 */
export interface OpDef<K extends OpType> {
  readonly op: K;
  /** Inclusive bounds on the number of input slots (absent optional inputs count). */
  readonly inputs: readonly [min: number, max: number];
  /** Exact number of outputs, or inclusive bounds when it varies (offloaded regions). */
  readonly outputs: number | readonly [min: number, max: number];
  /** True when the output is the input's bytes under another shape (no compute). */
  readonly isView: boolean;
  /**
   * Input slots holding persistent state (see `Tensor.persistent`) that the op reads and
   * overwrites in place on every invocation. Absent: the op keeps no state.
   */
  readonly stateInputs?: readonly number[];
  inferShapes(node: NodeOf<K>, graph: Graph): readonly (readonly number[])[];
  /** Type and quantization checks beyond shapes. */
  verify(node: NodeOf<K>, graph: Graph): void;
  /** Multiply-accumulates per inference (0 for data movement). */
  macs(node: NodeOf<K>, graph: Graph): number;
}

import type { Graph } from '@anvil/core';
import { interpret } from './interpret.js';

/** A model kept between invocations: what a generated `anvil_<model>_run` with its state is. */
export interface InterpreterSession {
  /** One invocation: the outputs, with the state left by the previous one (or the initial state). */
  run(inputs: readonly Uint8Array[]): Uint8Array[];
  /** Back to the initial state, as the generated `anvil_<model>_reset` does. */
  reset(): void;
  /** The persistent tensors' current values by tensor id (copies). */
  state(): Map<number, Uint8Array>;
}

export function createInterpreterSession(graph: Graph): InterpreterSession {
  const state = new Map<number, Uint8Array>();
  return {
    run: (inputs) => interpret(graph, inputs, { state }),
    reset: () => state.clear(),
    state: () => new Map([...state].map(([id, v]) => [id, v.slice()])),
  };
}

import type { OpAttrs, OpType } from './attributes.js';

/** One operator application. Inputs/outputs are tensor ids; -1 marks an absent optional input. */
export interface NodeOf<K extends OpType> {
  readonly id: number;
  readonly op: K;
  readonly name: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly attrs: OpAttrs[K];
}

/** Discriminated union over `op`, so a `switch (node.op)` narrows `attrs`. */
export type Node = { [K in OpType]: NodeOf<K> }[OpType];

export const ABSENT = -1;

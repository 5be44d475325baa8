import type { KernelEmitContext } from '@anvil/core';

/** The symbol of an optional constant input (a bias), or NULL when the slot is empty. */
export function optionalWeight(id: number | undefined, ctx: KernelEmitContext): string {
  return id !== undefined && id >= 0 ? ctx.weightSymbol(id) : 'NULL';
}

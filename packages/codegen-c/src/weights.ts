import type { Graph, Tensor } from '@anvil/core';
import { cType } from './c-text.js';

/** Decodes a constant's little-endian bytes into numbers of its dtype. */
export function constantValues(t: Tensor): ArrayLike<number> {
  const d = t.data ?? new Uint8Array(0);
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  switch (t.dtype) {
    case 'int8':
      return new Int8Array(d.buffer, d.byteOffset, d.byteLength);
    case 'uint8':
    case 'bool':
      return d;
    case 'int16':
      return Array.from({ length: d.byteLength / 2 }, (_, i) => view.getInt16(2 * i, true));
    case 'int32':
      return Array.from({ length: d.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true));
    case 'float32':
      return Array.from({ length: d.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
    case 'int64':
      return Array.from({ length: d.byteLength / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)));
  }
}

export interface WeightSymbol {
  readonly tensorId: number;
  readonly symbol: string;
  readonly ctype: string;
  readonly bytes: number;
}

export function weightSymbol(prefix: string, graph: Graph, tensorId: number): WeightSymbol {
  const t = graph.tensors[tensorId] as Tensor;
  return { tensorId, symbol: `${prefix}_w${tensorId}`, ctype: cType(t.dtype), bytes: t.data?.byteLength ?? 0 };
}

import type { NodeOf } from '../ir/node.js';
import type { Graph } from '../ir/graph.js';
import { tensorBytes } from '../ir/tensor.js';
import { firstFit } from '../memory/first-fit.js';
import type { Placed } from '../memory/first-fit.js';
import type { BufferRequest } from '../memory/problem.js';

/** Where a patch stage keeps its band buffers and its kernels' scratch, inside the step's workspace. */
export interface BandLayout {
  /** Byte offset in the workspace of each intermediate tensor's band buffer. */
  readonly band: ReadonlyMap<number, number>;
  /** Bytes of each band buffer: its largest band. */
  readonly bandBytes: ReadonlyMap<number, number>;
  /** Offset of body node i's kernel scratch (absent when it needs none). */
  readonly scratch: ReadonlyMap<number, number>;
  /** The workspace the stage needs: the high-water mark of all of the above. */
  readonly bytes: number;
}

/** Bytes of one row (axis 1) of an NHWC tensor. */
export function rowBytesOf(graph: Graph, id: number): number {
  const t = graph.tensors[id];
  const h = t?.shape[1] ?? 0;
  return t === undefined || h === 0 ? 0 : tensorBytes(t) / h;
}

/**
 * Plans the inside of a stage once for every band (each band reuses the same places): an
 * intermediate lives from its producer to its last reader in body order, a kernel's scratch
 * during its node only, and the largest go first, each at the lowest offset clear of those
 * alive with it. The same first fit the planners start from; a stage holds a handful of buffers.
 */
export function bandLayout(node: NodeOf<'PATCH_STAGE'>, graph: Graph, scratchBytes: readonly number[], alignment: number): BandLayout {
  const { body, rows } = node.attrs;
  const out = node.outputs[0];
  const requests: Array<BufferRequest & { tensor?: number; scratchOf?: number }> = [];
  body.nodes.forEach((inner, i) => {
    const id = inner.outputs[0] as number;
    if (id !== out) {
      const readers = body.nodes.map((n, j) => (n.inputs.includes(id) ? j : -1)).filter((j) => j >= 0);
      const most = Math.max(...rows.map((band) => (band[i]?.end ?? 0) - (band[i]?.start ?? 0)));
      requests.push({
        id: requests.length,
        name: graph.tensors[id]?.name ?? `t${id}`,
        bytes: most * rowBytesOf(graph, id),
        alignment,
        firstStep: i,
        lastStep: Math.max(i, ...readers),
        pools: ['stage'],
        tensor: id,
      });
    }
    const s = scratchBytes[i] ?? 0;
    if (s > 0) {
      requests.push({
        id: requests.length,
        name: `scratch ${i}`,
        bytes: s,
        alignment,
        firstStep: i,
        lastStep: i,
        pools: ['stage'],
        scratchOf: i,
      });
    }
  });
  const pool = { name: 'stage', size: Number.POSITIVE_INFINITY, alignment, access: [] };
  const placed: Placed[] = [];
  for (const req of [...requests].sort((a, b) => b.bytes - a.bytes || a.id - b.id)) {
    placed.push({ req, pool: 'stage', offset: firstFit(req, pool, placed) ?? 0 });
  }
  const band = new Map<number, number>();
  const bandBytes = new Map<number, number>();
  const scratch = new Map<number, number>();
  for (const p of placed) {
    const r = requests[p.req.id];
    if (r?.tensor !== undefined) {
      band.set(r.tensor, p.offset);
      bandBytes.set(r.tensor, r.bytes);
    }
    if (r?.scratchOf !== undefined) scratch.set(r.scratchOf, p.offset);
  }
  const bytes = placed.reduce((m, p) => Math.max(m, p.offset + p.req.bytes), 0);
  return { band, bandBytes, scratch, bytes };
}

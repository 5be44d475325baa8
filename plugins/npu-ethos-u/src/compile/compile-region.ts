import { alignUp, errors, fail, tensorBytes, validatePlan } from '@anvil/core';
import type { BufferRequest, Graph, MemoryPlan, NodeOf, PlanningProblem, Tensor } from '@anvil/core';
import type { OpCost } from '../perf/cycle-model.js';
import { opCost, regionCycles } from '../perf/cycle-model.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { REGION } from '../stream/format.js';
import { chooseBlock } from './block-config.js';
import { emitCommands } from './emit-commands.js';
import type { Placement } from './lower-node.js';
import { lowerNode } from './lower-node.js';
import type { NpuOp } from './npu-op.js';

/** Plans the NPU scratch: a pure planner of the planner suite, or core's first fit. */
export type ScratchPlanner = (problem: PlanningProblem) => MemoryPlan;

export const SCRATCH_POOL = 'npu-scratch';
const ALIGN = 16;

export interface CompiledRegion {
  readonly config: NpuConfig;
  readonly commandStream: Uint32Array;
  /** Every op's encoded weights, each start 16-byte aligned (region 0 at run time). */
  readonly weights: Uint8Array;
  /** Bytes of SRAM scratch (region 1) for the tensors that live only inside the region. */
  readonly scratchBytes: number;
  readonly scratchPlan: MemoryPlan;
  readonly ops: readonly NpuOp[];
  readonly costs: readonly OpCost[];
  readonly cycles: number;
  readonly rawWeightBytes: number;
  /** Every op's whole weight stream: channel tables (bias, scale) and coded bits. */
  readonly codedWeightBytes: number;
  /** The Golomb-Rice bits alone, what replaced the int8 weights. */
  readonly weightBitsBytes: number;
}

/** Views share their source's bytes: each tensor's root is the tensor a reshape chain starts at. */
function aliasRoots(body: Graph): Map<number, number> {
  const root = new Map<number, number>();
  for (const n of body.nodes) {
    if (n.op !== 'RESHAPE') continue;
    const src = n.inputs[0] ?? -1;
    root.set(n.outputs[0] ?? -1, root.get(src) ?? src);
  }
  return root;
}

function place(body: Graph, plan: ScratchPlanner): { at: Placement; scratch: MemoryPlan } {
  const roots = aliasRoots(body);
  const rootOf = (t: number): number => roots.get(t) ?? t;
  const at = new Map<number, { region: number; offset: number }>();
  body.inputs.forEach((t, k) => at.set(t, { region: REGION.firstIo + k, offset: 0 }));
  body.outputs.forEach((t, k) => at.set(rootOf(t), { region: REGION.firstIo + body.inputs.length + k, offset: 0 }));
  // Every other root is produced and consumed inside the region: a scratch buffer alive from
  // its producer to its last reader (through its views).
  const life = new Map<number, { first: number; last: number }>();
  body.nodes.forEach((n, step) => {
    for (const t of n.inputs) {
      const l = life.get(rootOf(t));
      if (l !== undefined) l.last = step;
    }
    for (const t of n.outputs) if (!life.has(rootOf(t))) life.set(rootOf(t), { first: step, last: step });
    // A constant operand of an elementwise op is DMA'd into scratch just before its first use.
    if (n.op === 'ADD' || n.op === 'MUL') {
      for (const t of n.inputs) if (body.tensors[t]?.data !== undefined && !life.has(t)) life.set(t, { first: step, last: step });
    }
  });
  const internal = [...life.keys()].filter((t) => !at.has(t)).sort((a, b) => a - b);
  const buffers: BufferRequest[] = internal.map((t, id) => ({
    id,
    name: (body.tensors[t] as Tensor).name,
    bytes: tensorBytes(body.tensors[t] as Tensor),
    alignment: ALIGN,
    firstStep: life.get(t)?.first ?? 0,
    lastStep: life.get(t)?.last ?? 0,
    pools: [SCRATCH_POOL],
    kind: 'activation',
  }));
  const problem: PlanningProblem = {
    pools: [{ name: SCRATCH_POOL, size: Number.POSITIVE_INFINITY, alignment: ALIGN, access: ['npu'] }],
    buffers,
    steps: Math.max(1, body.nodes.length),
  };
  const scratch = plan(problem);
  validatePlan(problem, scratch);
  for (const p of scratch.placements) at.set(internal[p.buffer] as number, { region: REGION.scratch, offset: p.offset });
  for (const [t, r] of roots) {
    const p = at.get(rootOf(r));
    if (p !== undefined) at.set(t, p);
  }
  return { at, scratch };
}

/**
 * Compiles one region for one configuration: places its tensors (inputs, outputs, scratch
 * planned by `plan`), lowers each node to an NPU operation with requantization from the
 * oracle's derivations, picks each operation's block, packs the weights and writes the
 * command stream; the cost model then prices the result.
 */
export function compileRegion(node: NodeOf<'OFFLOAD_REGION'>, config: NpuConfig, plan: ScratchPlanner): CompiledRegion {
  const body = node.attrs.body;
  const { at, scratch } = place(body, plan);
  const ops: NpuOp[] = [];
  let weightBytes = 0;
  let raw = 0;
  let bits = 0;
  const copied = new Set<number>();
  for (const n of body.nodes) {
    const op = lowerNode(n, body, at);
    if (op === undefined) continue;
    for (const t of op.kind === 'add' || op.kind === 'mul' ? n.inputs : []) {
      const data = body.tensors[t]?.data;
      const dst = at.get(t);
      if (data === undefined || dst === undefined || copied.has(t)) continue;
      copied.add(t);
      const srcOffset = alignUp(weightBytes, ALIGN);
      weightBytes = srcOffset + data.length;
      ops.push({ kind: 'dma', nodeId: n.id, data, srcOffset, dstRegion: dst.region, dstOffset: dst.offset });
    }
    op.block = chooseBlock(op, config);
    if (op.kind === 'conv' || op.kind === 'depthwise') {
      op.weightOffset = alignUp(weightBytes, ALIGN);
      weightBytes = op.weightOffset + op.weights.length;
      const w = body.tensors[n.inputs[1] ?? -1];
      raw += w === undefined ? 0 : tensorBytes(w);
      bits += op.weightBits;
    }
    ops.push(op);
  }
  if (ops.length === 0) fail(errors.internal(`${node.name} has no operation for the NPU`));
  const weights = new Uint8Array(alignUp(weightBytes, ALIGN));
  for (const op of ops) {
    if (op.kind === 'conv' || op.kind === 'depthwise') weights.set(op.weights, op.weightOffset);
    if (op.kind === 'dma') weights.set(op.data, op.srcOffset);
  }
  const costs = ops.map((op) => opCost(op, config));
  const scratchBytes = scratch.pools[0]?.used ?? 0;
  return {
    config,
    commandStream: emitCommands(ops, config),
    weights,
    scratchBytes,
    scratchPlan: scratch,
    ops,
    costs,
    cycles: regionCycles(costs),
    rawWeightBytes: raw,
    codedWeightBytes: weightBytes,
    weightBitsBytes: bits,
  };
}

import type { NodePlacement, OffloadOpEstimate, PreparedModel } from '@anvil/core';

/** What runs at one step of the schedule the plans index. */
export interface PlanStepContext {
  readonly op: string;
  readonly node: string;
  readonly unit: 'cpu' | 'npu';
}

/** The offloader's partition and, when it models them one by one, its estimate per operation. */
export interface PlanNpuContext {
  readonly config: string;
  readonly placements: readonly NodePlacement[];
  readonly ops: readonly OffloadOpEstimate[];
}

/**
 * What the picture shows beside the plan report: the report numbers steps but does not name
 * their operators, and says nothing of an NPU partition. Both come from the prepared model.
 */
export interface PlanPictureContext {
  readonly steps: readonly PlanStepContext[];
  readonly npu?: PlanNpuContext;
}

export function planPictureContext(prepared: PreparedModel): PlanPictureContext {
  const names = new Map(prepared.graph.nodes.map((n) => [n.id, n.name]));
  const regions = prepared.offload?.regions;
  const steps = prepared.program.steps.map((s): PlanStepContext => ({
    op: s.op,
    node: names.get(s.nodeId) ?? String(s.nodeId),
    unit: regions?.has(s.nodeId) === true ? 'npu' : 'cpu',
  }));
  const o = prepared.offload;
  if (o === undefined) return { steps };
  return { steps, npu: { config: o.report.config, placements: o.placements, ops: o.report.ops ?? [] } };
}

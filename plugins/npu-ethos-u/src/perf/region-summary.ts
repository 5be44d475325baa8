import { opDefOf } from '@anvil/core';
import type { Graph, NodeOf, OffloadReport } from '@anvil/core';
import type { CompiledRegion } from '../compile/compile-region.js';
import { OFFLOADER_NAME } from '../partition/partition-graph.js';

export interface RegionReport {
  readonly name: string;
  readonly nodes: number;
  readonly cycles: number;
  readonly commandStreamBytes: number;
  readonly weightBytes: number;
  readonly scratchBytes: number;
  readonly ops: ReadonlyArray<{
    node: string;
    kind: string;
    block: string;
    blocks: number;
    cycles: number;
    weightFetchCycles: number;
    bound: 'compute' | 'memory';
    macs: number;
  }>;
}

/** The Vela-like numbers: cycles, inferences/s at the clock, utilisation, flash and SRAM, compression. */
export function regionSummary(
  graph: Graph,
  regions: ReadonlyArray<{ node: NodeOf<'OFFLOAD_REGION'>; compiled: CompiledRegion }>,
): OffloadReport {
  const config = regions[0]?.compiled.config;
  const cycles = regions.reduce((s, r) => s + r.compiled.cycles, 0);
  const macs = regions.reduce((s, r) => s + opDefOf(r.node).macs(r.node, graph), 0);
  const ops = regions.reduce((s, r) => s + r.node.attrs.body.nodes.length, 0);
  const raw = regions.reduce((s, r) => s + r.compiled.rawWeightBytes, 0);
  const coded = regions.reduce((s, r) => s + r.compiled.codedWeightBytes, 0);
  const bits = regions.reduce((s, r) => s + r.compiled.weightBitsBytes, 0);
  const flash = regions.reduce((s, r) => s + r.compiled.weights.length + 4 * r.compiled.commandStream.length, 0);
  const scratch = Math.max(0, ...regions.map((r) => r.compiled.scratchBytes));
  const perRegion: RegionReport[] = regions.map(({ node, compiled }) => ({
    name: node.name,
    nodes: node.attrs.body.nodes.length,
    cycles: compiled.cycles,
    commandStreamBytes: 4 * compiled.commandStream.length,
    weightBytes: compiled.weights.length,
    scratchBytes: compiled.scratchBytes,
    ops: compiled.ops.map((op, i) => {
      const c = compiled.costs[i];
      const n = node.attrs.body.nodes.find((x) => x.id === op.nodeId);
      return {
        node: n === undefined ? `#${op.nodeId}` : `${n.op} #${n.id}`,
        kind: op.kind,
        block: op.kind === 'dma' ? '-' : `${op.block.h}×${op.block.w}×${op.block.c}`,
        blocks: c?.blocks ?? 0,
        cycles: c?.execCycles ?? 0,
        weightFetchCycles: c?.weightFetchCycles ?? 0,
        // A DMA only moves bytes; an op is compute bound when most of its blocks are.
        bound: op.kind !== 'dma' && (c?.computeBoundBlocks ?? 0) * 2 >= (c?.blocks ?? 0) ? 'compute' : 'memory',
        macs: c?.macs ?? 0,
      };
    }),
  }));
  const clock = config?.system.clockHz ?? 0;
  return {
    offloader: OFFLOADER_NAME,
    config: config?.name ?? 'none',
    regions: regions.length,
    offloadedOps: ops,
    offloadedMacs: macs,
    estimatedCycles: cycles,
    ops: perRegion.flatMap((r, region) =>
      r.ops.map((o) => ({ region, what: o.kind === 'dma' ? `DMA for ${o.node}` : o.node, cycles: o.cycles, macs: o.macs, bound: o.bound })),
    ),
    details: {
      // Said wherever the estimate is shown: the format is ours, so the figures are no promise about Arm's parts.
      note: "Anvil's own command stream and weight format, run by Anvil's simulator (not Arm silicon or Arm's driver); cycles are estimates",
      // The system configuration the cycles assume: clock, memory bandwidths and latencies.
      system: config?.system ?? null,
      clockHz: clock,
      inferencesPerSecond: cycles === 0 ? 0 : Math.round((100 * clock) / cycles) / 100,
      macUtilisation: cycles === 0 || config === undefined ? 0 : Math.round((10000 * macs) / (cycles * config.macsPerCycle)) / 10000,
      rawWeightBytes: raw,
      encodedWeightBytes: coded,
      // What the codec achieves: int8 weight bytes over the Golomb-Rice bytes that replace them.
      // The streams also carry 10 bytes per channel (bias, multiplier, shift, code): encodedWeightBytes.
      weightBitsBytes: bits,
      compressionRatio: bits === 0 ? 1 : Math.round((1000 * raw) / bits) / 1000,
      flashBytes: flash,
      scratchBytes: scratch,
      regions: perRegion,
    },
  };
}

import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { PoolAccess } from '../memory/problem.js';
import type { EmittedKernel, KernelEmitContext } from './kernel-strategy.js';
import { token } from './token.js';

/** What the offloader decided for one node of the graph it was given. */
export interface OffloadDecision {
  readonly nodeId: number;
  /** Index into `OffloadPartition.regions`, or undefined when the node stays on the CPU. */
  readonly region?: number;
  /** Why the node stays on the CPU (undefined when offloaded). */
  readonly reason?: string;
}

/** One claimed region: the original node ids and the id of the OFFLOAD_REGION node replacing them. */
export interface OffloadRegionInfo {
  readonly nodes: readonly number[];
  readonly regionNode: number;
}

export interface OffloadPartition {
  /** The graph with each region replaced by one OFFLOAD_REGION node (nodes renumbered). */
  readonly graph: Graph;
  readonly decisions: readonly OffloadDecision[];
  readonly regions: readonly OffloadRegionInfo[];
}

/**
 * One region compiled for the accelerator (command stream, encoded weights, scratch needs,
 * estimate). It flows forward unchanged: lowering takes its workspace from `scratchBytes`,
 * the flash check its `flashBytes`, emission calls `emit`, the report gets it back.
 */
export interface CompiledRegion {
  /** Bytes of scratch the region needs in a pool the accelerator reaches (its workspace). */
  readonly scratchBytes: number;
  /** Bytes it adds to flash (command stream, encoded weights). */
  readonly flashBytes: number;
  /** Estimated accelerator cycles of one run of the region. */
  readonly cycles: number;
  /** The C of the node's kernel: a call into the accelerator's driver. */
  emit(ctx: KernelEmitContext): EmittedKernel;
}

/**
 * An accelerator: it partitions a graph into regions it can run (one OFFLOAD_REGION node
 * each), compiles each region once, and reports on what it compiled. The CPU kernels handle
 * the rest by the usual first-wins choice.
 */
export interface Offloader<R extends CompiledRegion = CompiledRegion> {
  /** Matches `RegionAttrs.offloader` of the regions it makes. */
  readonly name: string;
  /** Configuration names `--npu` may choose, e.g. `ethos-u55-128`. */
  readonly configs: readonly string[];
  /** Who reads and writes the buffers its regions touch: they go only to pools with this access. */
  readonly access: PoolAccess;
  partition(graph: Graph, config: string): OffloadPartition;
  /** Compiles one region it made (its configuration is in the node's attributes). */
  compile(region: NodeOf<'OFFLOAD_REGION'>, graph: Graph): R;
  /** A JSON-able summary of what the compiled regions cost (cycles, bytes, utilisation). */
  report(graph: Graph, regions: ReadonlyArray<{ readonly node: NodeOf<'OFFLOAD_REGION'>; readonly compiled: R }>): OffloadReport;
  /** C the emitted regions need beside the generated code (driver, device), artifact-relative paths. */
  runtimeFiles(): ReadonlyArray<{ readonly path: string; readonly content: string }>;
}

/**
 * `--npu` names one of an offloader's `configs`, optionally followed by this separator and
 * options the offloader reads itself (the Ethos-U offloader's system configuration).
 */
export const OFFLOAD_OPTIONS_SEPARATOR = '@';

/** The configuration name a `--npu` value chooses its offloader by: what precedes the options. */
export function offloadConfigName(config: string): string {
  const at = config.indexOf(OFFLOAD_OPTIONS_SEPARATOR);
  return at < 0 ? config : config.slice(0, at);
}

/** The offloader's report: free-form per vendor, but always these totals for comparisons. */
export interface OffloadReport {
  readonly offloader: string;
  readonly config: string;
  readonly regions: number;
  readonly offloadedOps: number;
  readonly offloadedMacs: number;
  readonly estimatedCycles: number;
  /** Per operation, in execution order, when the offloader models them one by one. */
  readonly ops?: readonly OffloadOpEstimate[];
  readonly details: Readonly<Record<string, unknown>>;
}

/** One offloaded operation's estimate: what limits it and what it costs. */
export interface OffloadOpEstimate {
  readonly region: number;
  /** The node it came from (label) or what it is (e.g. a DMA). */
  readonly what: string;
  readonly cycles: number;
  readonly macs: number;
  readonly bound: 'compute' | 'memory';
}

/** Multi-provider: offloaders are chosen by configuration name (`--npu`). */
export const OffloaderToken = token<Offloader>('Offloader');

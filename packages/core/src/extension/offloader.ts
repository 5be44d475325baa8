import type { Graph } from '../ir/graph.js';
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
 * An accelerator: it partitions a graph into regions it can run (one OFFLOAD_REGION node each)
 * and lowers those nodes itself, through a KernelStrategy of tier `offload` it registers, so
 * the CPU kernels handle the rest by the usual first-wins choice. Reports are its own
 * (`report`), attached to the compile report as they are.
 */
export interface Offloader {
  /** Matches `RegionAttrs.offloader` of the regions it makes. */
  readonly name: string;
  /** Configuration names `--npu` may choose, e.g. `ethos-u55-128`. */
  readonly configs: readonly string[];
  partition(graph: Graph, config: string): OffloadPartition;
  /** A JSON-able summary of what the regions of `graph` cost (cycles, bytes, utilisation). */
  report(graph: Graph): OffloadReport;
  /** C the emitted regions need beside the generated code (driver, device), artifact-relative paths. */
  runtimeFiles(): ReadonlyArray<{ readonly path: string; readonly content: string }>;
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

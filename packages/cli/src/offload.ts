import { OffloaderToken, errors, fail, nodeLabel, resolveAllOrNone, verifyGraph } from '@anvil/core';
import type { AnvilPlugin, Graph, Offloader, OffloadPartition, OffloadReport } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';

/**
 * Offloader packages `--npu` loads by name when none registered yet offers the configuration:
 * they are found and registered exactly like a `--plugin`, so the CLI imports none of them.
 */
export const KNOWN_OFFLOADER_PACKAGES: readonly string[] = ['@anvil/npu-ethos-u'];

/** Per node of the imported graph: where it runs and, on the CPU, why. */
export interface NodePlacement {
  readonly node: number;
  readonly op: string;
  readonly name: string;
  readonly unit: 'npu' | 'cpu';
  readonly region?: number;
  readonly reason?: string;
}

export interface Offloaded {
  readonly offloader: Offloader;
  readonly partition: OffloadPartition;
  readonly placements: readonly NodePlacement[];
  readonly report: OffloadReport;
}

export function findOffloader(container: DependencyContainer, config: string): Offloader {
  const all = resolveAllOrNone(container, OffloaderToken);
  const o = all.find((x) => x.configs.includes(config));
  if (o === undefined) {
    const known = all.flatMap((x) => x.configs);
    fail(
      errors.cliBadArgument(
        `no offloader offers the NPU configuration "${config}"`,
        known.length > 0 ? `choose one of: ${known.join(', ')}` : 'load an offloader plugin (--plugin or anvil.config.json)',
      ),
    );
  }
  return o;
}

/** Loads the known offloader packages unless one already offers `config`. */
export async function ensureOffloader(
  container: DependencyContainer,
  config: string,
  load: (names: readonly string[]) => Promise<readonly AnvilPlugin[]>,
): Promise<void> {
  if (resolveAllOrNone(container, OffloaderToken).some((o) => o.configs.includes(config))) return;
  await load(KNOWN_OFFLOADER_PACKAGES);
}

/** Partitions the graph for `config` and says, per original node, where it runs. */
export function offloadGraph(container: DependencyContainer, graph: Graph, config: string): Offloaded {
  const offloader = findOffloader(container, config);
  const partition = offloader.partition(graph, config);
  verifyGraph(partition.graph);
  const placements = partition.decisions.map((d): NodePlacement => {
    const n = graph.nodes[d.nodeId];
    const base = { node: d.nodeId, op: n?.op ?? '?', name: n === undefined ? '' : nodeLabel(n) };
    return d.region === undefined ? { ...base, unit: 'cpu', reason: d.reason ?? '' } : { ...base, unit: 'npu', region: d.region };
  });
  return { offloader, partition, placements, report: offloader.report(partition.graph) };
}

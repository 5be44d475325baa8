import { describe, expect, it } from 'vitest';
import { compile } from '@anvil/core';
import type { CompileServices, CompiledModel, Graph, NodeOf, Offloader } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { greedyBySize } from '@anvil/planner-greedy';
import { hostTarget } from '@anvil/target-host';
import type { ConformanceGraph } from './edge-shapes.js';
import { edgeShapes } from './edge-shapes.js';
import { DEFAULT_SEEDS, expectHostRunMatchesInterpreter, hostCompiler } from './host-check.js';

export interface OffloaderConformance {
  readonly offloader: Offloader;
  /** The configuration compiled for (`--npu`); one of `offloader.configs`. */
  readonly config: string;
  /**
   * Graphs to offload. Default: the edge shapes (`edgeShapes`) of which the offloader claims
   * at least one node; graphs given here all run, claimed or not.
   */
  readonly graphs?: readonly ConformanceGraph[];
  /** Input seeds each graph runs on (default 1 to 4). */
  readonly seeds?: readonly number[];
}

/** What the pipeline draws on in the kit: the host target, the offloader, the portable C kernels, greedy-by-size. */
export function offloaderServices(offloader: Offloader): CompileServices {
  return {
    importers: [],
    targets: [hostTarget],
    strategies: PORTABLE_STRATEGIES,
    offloaders: [offloader],
    planners: [greedyBySize],
    pinResolvers: [],
  };
}

const nonNegativeInteger = (n: number): boolean => Number.isInteger(n) && n >= 0;

/**
 * The offload stage's figures agree with what it compiled: the report counts the compiled
 * regions, its cycles are their sum (finite, ≥ 0) and its ops their body nodes; every node of
 * `graph` has one placement (on the NPU with its region, or on the CPU with a reason); every
 * compiled region's scratch and flash bytes are non-negative integers; each region is one
 * program step lowered by the offloader.
 */
export function checkOffloadEstimates(graph: Graph, compiled: CompiledModel, offloader: Offloader, config: string): void {
  const offload = compiled.offload;
  expect(offload, 'the compile has an offload stage').toBeDefined();
  if (offload === undefined) return;
  const { report, regions, placements, partition } = offload;
  const regionNodes = partition.graph.nodes.filter(
    (n): n is NodeOf<'OFFLOAD_REGION'> => n.op === 'OFFLOAD_REGION' && n.attrs.offloader === offloader.name,
  );
  const compiledRegions = [...regions.values()];
  const bodyNodes = regionNodes.reduce((s, n) => s + n.attrs.body.nodes.length, 0);
  const cycles = compiledRegions.reduce((s, r) => s + r.cycles, 0);
  expect(report.offloader, 'report.offloader').toBe(offloader.name);
  expect(report.config, 'report.config').toBe(config);
  expect(regions.size, 'one compiled region per OFFLOAD_REGION node').toBe(regionNodes.length);
  expect(report.regions, 'report.regions counts the compiled regions').toBe(regions.size);
  expect(Number.isFinite(report.estimatedCycles) && report.estimatedCycles >= 0, 'report.estimatedCycles is finite and ≥ 0').toBe(true);
  expect(report.estimatedCycles, 'report.estimatedCycles is the sum of the regions’ cycles').toBeCloseTo(cycles, 6);
  expect(report.offloadedOps, 'report.offloadedOps counts the regions’ body nodes').toBe(bodyNodes);
  expect(Number.isFinite(report.offloadedMacs) && report.offloadedMacs >= 0, 'report.offloadedMacs is finite and ≥ 0').toBe(true);
  for (const r of compiledRegions) {
    expect(Number.isFinite(r.cycles) && r.cycles >= 0, `a region's cycles (${r.cycles}) are finite and ≥ 0`).toBe(true);
    expect(nonNegativeInteger(r.scratchBytes), `scratchBytes ${r.scratchBytes} is a non-negative integer`).toBe(true);
    expect(nonNegativeInteger(r.flashBytes), `flashBytes ${r.flashBytes} is a non-negative integer`).toBe(true);
  }
  expect(
    placements.map((p) => p.node).sort((a, b) => a - b),
    'every node has exactly one placement',
  ).toEqual(graph.nodes.map((n) => n.id));
  for (const p of placements) {
    if (p.unit === 'npu') expect(p.region !== undefined && p.region < partition.regions.length, `${p.name} names its region`).toBe(true);
    else expect((p.reason ?? '').length, `${p.name} stays on the CPU with a reason`).toBeGreaterThan(0);
  }
  expect(placements.filter((p) => p.unit === 'npu').length, 'NPU placements match the offloaded ops').toBe(bodyNodes);
  const steps = compiled.program.steps.filter((s) => s.backend === offloader.name);
  expect(steps.length, 'each compiled region is one step lowered by the offloader').toBe(regions.size);
}

/** Whether the offloader claims any node of the graph for `config` (a throw counts as yes: the test shows it). */
function claimsSome(offloader: Offloader, graph: Graph, config: string): boolean {
  try {
    return offloader.partition(graph, config).regions.length > 0;
  } catch {
    return true;
  }
}

/**
 * Registers the offloader conformance suite (vitest). Each graph is compiled through core's
 * pipeline (`compile` with `npu: config` for the host target, the portable C kernels for the
 * rest, greedy-by-size), its estimates checked (`checkOffloadEstimates`), then its C, the
 * offloader's `runtimeFiles` included, is built with the host's gcc under ASan and UBSan and
 * run on several inputs: every output byte-identical to the interpreter. The regions' C must
 * therefore build and run on the host (an accelerator ships a host model of its device, as
 * `@anvil/npu-ethos-u` does). Without gcc the builds skip, except under CI=true.
 *
 *     describeOffloaderConformance({ offloader: new AcmeOffloader(), config: 'acme' });
 */
export function describeOffloaderConformance(o: OffloaderConformance): void {
  const services = offloaderServices(o.offloader);
  const graphs = o.graphs ?? edgeShapes().filter((g) => claimsSome(o.offloader, g.graph, o.config));
  const compiled = new Map<Graph, CompiledModel>();
  const compiledOf = (graph: Graph): CompiledModel => {
    const hit = compiled.get(graph);
    if (hit !== undefined) return hit;
    const c = compile(graph, { target: hostTarget.name, npu: o.config, planner: greedyBySize.name }, services);
    compiled.set(graph, c);
    return c;
  };
  const host = hostCompiler();

  describe(`offloader conformance: ${o.offloader.name} (${o.config})`, () => {
    it('offloads at least one node of the graphs', () => {
      const offloaded = graphs.map((g) => compiledOf(g.graph).offload?.regions.size ?? 0);
      expect(
        offloaded.some((n) => n > 0),
        'no graph has a region: pass graphs in the shapes the accelerator runs (option graphs)',
      ).toBe(true);
    });
    for (const { title, graph } of graphs) {
      it(`${title}: estimates present and consistent`, () => {
        checkOffloadEstimates(graph, compiledOf(graph), o.offloader, o.config);
      });
      it.skipIf(host.skip)(
        `${title}: byte-identical to the interpreter on the host${host.skip ? ` (skipped: ${host.reason})` : ''}`,
        () => {
          expectHostRunMatchesInterpreter(graph, compiledOf(graph), o.seeds ?? DEFAULT_SEEDS);
        },
      );
    }
  });
}

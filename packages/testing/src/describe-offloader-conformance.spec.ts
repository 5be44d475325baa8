import { describe, expect, it } from 'vitest';
import { compile, partitionRegions } from '@anvil/core';
import type { CompiledRegion, Graph, Node, Offloader, OffloadReport } from '@anvil/core';
import { checkOffloadEstimates, offloaderServices } from './describe-offloader-conformance.js';
import { edgeShapes } from './edge-shapes.js';

/** An accelerator that claims ADDs and compiles each region to 10 cycles; `skew` makes its report lie. */
function adder(skew: Partial<OffloadReport> = {}): Offloader {
  return {
    name: 'fake-adder',
    configs: ['fake'],
    access: 'npu',
    partition: (graph: Graph, config: string) =>
      partitionRegions(graph, 'fake-adder', config, (n: Node) => (n.op === 'ADD' ? undefined : 'not an ADD')),
    compile: (): CompiledRegion => ({
      scratchBytes: 0,
      flashBytes: 0,
      cycles: 10,
      emit: () => {
        throw new Error('not emitted in this test');
      },
    }),
    report: (_graph, regions) => ({
      offloader: 'fake-adder',
      config: 'fake',
      regions: regions.length,
      offloadedOps: regions.reduce((s, r) => s + r.node.attrs.body.nodes.length, 0),
      offloadedMacs: 0,
      estimatedCycles: regions.reduce((s, r) => s + r.compiled.cycles, 0),
      details: {},
      ...skew,
    }),
    runtimeFiles: () => [],
  };
}

describe('checkOffloadEstimates', () => {
  const chain = edgeShapes().find((g) => g.graph.name === 'edge_chain_add');
  if (chain === undefined) throw new Error('no ADD chain');
  const check = (offloader: Offloader) => () =>
    checkOffloadEstimates(
      chain.graph,
      compile(chain.graph, { target: 'host', npu: 'fake' }, offloaderServices(offloader)),
      offloader,
      'fake',
    );

  it('accepts a report that adds up', () => {
    expect(check(adder())).not.toThrow();
  });

  it('catches cycles that are not the regions’ sum, a wrong region or op count, and negative bytes', () => {
    expect(check(adder({ estimatedCycles: 11 }))).toThrow(/sum of the regions/);
    expect(check(adder({ regions: 2 }))).toThrow(/counts the compiled regions/);
    expect(check(adder({ offloadedOps: 1 }))).toThrow(/body nodes/);
    const negative = {
      ...adder(),
      compile: (): CompiledRegion => ({ scratchBytes: -16, flashBytes: 0, cycles: 10, emit: () => ({ source: '', includes: [] }) }),
    };
    expect(check(negative)).toThrow(/scratchBytes -16/);
  });
});

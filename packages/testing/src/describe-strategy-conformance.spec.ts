import { describe, expect, it } from 'vitest';
import { compile, isKernelCall } from '@anvil/core';
import type { KernelStrategy } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { hostTarget } from '@anvil/target-host';
import { describeStrategyConformance, strategyChoices, strategyServices } from './describe-strategy-conformance.js';
import { edgeShapes } from './edge-shapes.js';
import { expectHostRunMatchesInterpreter, hostCompiler } from './host-check.js';

/** A portable kernel under another name and tier: what a target plugin's strategy looks like to the kit. */
function renamed(kernel: string, patch: Partial<KernelStrategy> = {}): KernelStrategy {
  const base = PORTABLE_STRATEGIES.find((s) => s.name === `portable-c/${kernel}`);
  if (base === undefined) throw new Error(`no portable ${kernel}`);
  return {
    name: `kit-check/${kernel}`,
    backend: 'kit-check',
    tier: 'target',
    ops: base.ops,
    claim: (node, graph, target) => base.claim(node, graph, target),
    workspaceBytes: (node, graph, target) => base.workspaceBytes(node, graph, target),
    emit: (node, ctx) => base.emit(node, ctx),
    ...patch,
  };
}

// The kit on correct kernels: the portable FULLY_CONNECTED and ADD, posing as a target's.
describeStrategyConformance({ target: hostTarget, strategies: [renamed('fully_connected_s8'), renamed('add_s8')] });

describe('the strategy kit catches', () => {
  const fc = edgeShapes().find((g) => g.graph.name === 'edge_fc_per_channel');
  if (fc === undefined) throw new Error('no FULLY_CONNECTED edge shape');

  it.skipIf(hostCompiler().skip)('a kernel whose output is off by one', () => {
    // The library call with its output offset one too high: every output moves by one.
    const broken = renamed('fully_connected_s8', {
      emit: (node, ctx) => {
        const k = PORTABLE_STRATEGIES.find((s) => s.name === 'portable-c/fully_connected_s8')?.emit(node, ctx);
        if (k === undefined || !isKernelCall(k)) throw new Error('no portable library kernel');
        return { ...k, params: k.params.map(([f, v]) => [f, f === 'output_offset' && typeof v === 'number' ? v + 1 : v] as const) };
      },
    });
    const compiled = compile(fc.graph, { target: 'host' }, strategyServices(hostTarget, [broken]));
    expect(strategyChoices(compiled, [broken]).map((c) => c.chosen)).toEqual(['kit-check/fully_connected_s8']);
    expect(() => expectHostRunMatchesInterpreter(fc.graph, compiled, [1])).toThrow(/first difference at byte \d+/);
  });

  it('a portable-tier claim that loses to the portable C kernel', () => {
    const tied = renamed('fully_connected_s8', { name: 'zz/fully_connected_s8', tier: 'portable' });
    const compiled = compile(fc.graph, { target: 'host' }, strategyServices(hostTarget, [tied]));
    expect(strategyChoices(compiled, [tied])).toEqual([
      { node: expect.any(String), op: 'FULLY_CONNECTED', chosen: 'portable-c/fully_connected_s8', claimedBy: ['zz/fully_connected_s8'] },
    ]);
  });
});

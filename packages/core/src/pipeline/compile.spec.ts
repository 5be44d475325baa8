import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import type { KernelStrategy } from '../extension/kernel-strategy.js';
import { kernelStrategy } from '../extension/kernel-strategy.js';
import type { CompiledRegion, Offloader } from '../extension/offloader.js';
import { partitionRegions } from '../graph/partition-regions.js';
import type { MemoryPlanner } from '../memory/memory-planner.js';
import { planInOrder } from '../memory/plan-in-order.js';
import { testTarget as target, twoAdds } from '../testing/tiny-graphs.js';
import type { CompileServices } from './compile-options.js';
import { STAGES, compile, prepare } from './compile.js';

// ADD on the CPU with 32 bytes of workspace, so workspaces show in the problem.
const cpuAdd: KernelStrategy = kernelStrategy<'ADD'>({
  name: 'test/add',
  backend: 'test-c',
  tier: 'portable',
  ops: ['ADD'],
  claim: () => 0,
  workspaceBytes: () => 32,
  emit: () => ({ source: '', includes: [] }),
});

const firstFit: MemoryPlanner = { name: 'first-fit', plan: (p) => planInOrder('first-fit', p, p.buffers, 0) };

// Claims the first ADD only; its compiled region needs 48 bytes of scratch and 100 of flash.
const compiledRegions: number[] = [];
const offloader: Offloader = {
  name: 'test-npu',
  configs: ['test-npu-1'],
  access: 'npu',
  partition: (graph, config) => partitionRegions(graph, 'test-npu', config, (n) => (n.id === 0 ? undefined : 'only the first')),
  compile(node): CompiledRegion {
    compiledRegions.push(node.id);
    return { scratchBytes: 48, flashBytes: 100, cycles: 7, emit: () => ({ source: '/* npu */', includes: [] }) };
  },
  report: (_graph, regions) => ({
    offloader: 'test-npu',
    config: 'test-npu-1',
    regions: regions.length,
    offloadedOps: 1,
    offloadedMacs: 0,
    estimatedCycles: regions.reduce((s, r) => s + r.compiled.cycles, 0),
    details: {},
  }),
  runtimeFiles: () => [],
};

const services: CompileServices = {
  importers: [],
  targets: [target],
  strategies: [cpuAdd],
  offloaders: [offloader],
  planners: [firstFit],
  pinResolvers: [],
};

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof AnvilError ? e.code : String(e);
  }
};

describe('compile', () => {
  it('lowers every node with its strategy, plans every buffer and reports the bound', () => {
    const c = compile(twoAdds(), { target: 'test-cpu', planner: 'first-fit' }, services);
    expect(c.program.steps.map((s) => s.kernel?.name)).toEqual(['test/add', 'test/add']);
    // Inputs t0 and t1, activations t2 and t3, one workspace per step.
    expect(c.program.buffers.map((b) => b.kind)).toEqual(['input', 'input', 'activation', 'workspace', 'output', 'workspace']);
    expect(c.plan.placements).toHaveLength(6);
    expect(c.bound.bytes).toBeGreaterThan(0);
    expect(c.offload).toBeUndefined();
  });

  it('with an NPU: each region compiled once, its kernel and scratch on the step, its buffers only in npu pools', () => {
    compiledRegions.length = 0;
    const c = compile(twoAdds(), { target: 'test-cpu', planner: 'first-fit', npu: 'test-npu-1' }, services);
    expect(compiledRegions).toHaveLength(1);
    const [region, add] = c.program.steps;
    expect(region?.kernel?.name).toBe('test-npu/region');
    expect(region?.kernel?.workspaceBytes).toBe(48);
    expect(add?.kernel?.name).toBe('test/add');
    expect(c.offload?.report.estimatedCycles).toBe(7);
    // The default arena is on the NPU's bus; the region's buffers (t0, t1, t2, its scratch) need it.
    expect(c.problem.pools[0]?.access).toContain('npu');
    expect(c.program.buffers.filter((b) => b.access.includes('npu')).map((b) => b.name)).toEqual([
      't0',
      't1',
      't2',
      'workspace of OFFLOAD_REGION #0',
    ]);
    expect(c.flash.used).toBe(100);
  });

  it('refuses a user pool the NPU cannot reach, and flash that cannot hold the streams', () => {
    const cpuOnly = [{ name: 'sram', size: 4096, access: ['cpu', 'dma'] as const }];
    expect(codeOf(() => prepare(twoAdds(), { target: 'test-cpu', npu: 'test-npu-1', pools: cpuOnly }, services))).toBe('CLI_BAD_ARGUMENT');
    expect(codeOf(() => prepare(twoAdds(), { target: 'test-cpu', npu: 'test-npu-1', flashBytes: 99 }, services))).toBe('PLAN_DOES_NOT_FIT');
    expect(codeOf(() => prepare(twoAdds(), { target: 'test-cpu', npu: 'test-npu-1', flashBytes: 100 }, services))).toBe('ok');
  });

  it('dumpAfter hands out exactly the named stage; unknown targets and planners are typed errors', () => {
    for (const stage of STAGES) {
      const seen: string[] = [];
      compile(
        twoAdds(),
        { target: 'test-cpu', planner: 'first-fit', npu: 'test-npu-1', dumpAfter: stage, dump: (s) => seen.push(s) },
        services,
      );
      expect(seen).toEqual([stage]);
    }
    expect(codeOf(() => compile(twoAdds(), { target: 'nope' }, services))).toBe('TARGET_NOT_FOUND');
    expect(codeOf(() => compile(twoAdds(), { target: 'test-cpu', planner: 'nope' }, services))).toBe('PLANNER_NOT_FOUND');
  });

  it('refuses a tuning log made for another target, and applies one made for this target', () => {
    const tuning = { format: 'anvil-tuning-log', version: 1, target: 'cortex-m4', board: 'b', entries: [] } as const;
    const other = { target: 'test-cpu', planner: 'first-fit', tuning, tuningSource: 'm4.json' };
    expect(codeOf(() => compile(twoAdds(), other, services))).toBe('TUNING_LOG_TARGET_MISMATCH');
    const own = { ...other, tuning: { ...tuning, target: 'test-cpu' } };
    expect(compile(twoAdds(), own, services).program.steps.map((s) => s.kernel?.tuning)).toEqual([undefined, undefined]);
  });
});

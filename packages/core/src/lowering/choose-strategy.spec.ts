import { describe, expect, it } from 'vitest';
import type { KernelEmitContext, KernelStrategy } from '../extension/kernel-strategy.js';
import { testTarget as target, twoAdds } from '../testing/tiny-graphs.js';
import { tuningKey } from '../tuning/tuning-log.js';
import type { TuningLog } from '../tuning/tuning-log.js';
import { kernelChoices, strategyChooser } from './choose-strategy.js';

/** A strategy for ADD whose emitted source names the variant it was asked for. */
function strategy(name: string, tier: 'target' | 'portable', priority: number | undefined, variants?: string[]): KernelStrategy {
  return {
    name,
    backend: name.split('/')[0] as string,
    tier,
    ops: ['ADD'],
    claim: () => priority,
    workspaceBytes: (_n, _g, _t, variant) => (variant === 'wide' ? 64 : 0),
    emit: (_n, ctx) => ({ source: `${name}:${ctx.variant ?? 'default'}`, includes: [] }),
    ...(variants === undefined ? {} : { variants: () => variants }),
  };
}

const ctx = (): KernelEmitContext => ({
  graph: twoAdds(),
  target,
  functionName: 'f',
  weightSymbol: () => 'w',
  stateBuffer: () => {
    throw new Error('no state in this graph');
  },
});
const source = (e: ReturnType<ReturnType<ReturnType<typeof strategyChooser>>['emit']>): string => ('source' in e ? e.source : e.function);

const SIMD = strategy('simd/add', 'target', 10, ['narrow', 'wide']);
const OTHER = strategy('other/add', 'target', 5);
const PORTABLE = strategy('portable/add', 'portable', 0);
const DECLINES = strategy('never/add', 'target', undefined, ['x']);
const ALL = [PORTABLE, DECLINES, OTHER, SIMD];

const log = (best: { strategy: string; variant?: string }): TuningLog => {
  const g = twoAdds();
  return {
    format: 'anvil-tuning-log',
    version: 1,
    target: target.name,
    board: 'b',
    entries: [{ key: tuningKey(g.nodes[0] as never, g), op: 'ADD', best, measured: [] }],
  };
};

describe('kernel choices and tuning logs', () => {
  it('offers the first-wins choice first, then every other claiming strategy by tier and priority, each variant', () => {
    const g = twoAdds();
    expect(kernelChoices(ALL, g.nodes[0] as never, g, target)).toEqual([
      { strategy: 'simd/add', variant: 'narrow' },
      { strategy: 'simd/add', variant: 'wide' },
      { strategy: 'other/add' },
      { strategy: 'portable/add' },
    ]);
  });

  it('without a log lowers first-wins with no variant and no tuning mark', () => {
    const g = twoAdds();
    const k = strategyChooser(ALL, g, target)(g.nodes[0] as never);
    expect([k.name, k.variant, k.tuning, source(k.emit(ctx()))]).toEqual(['simd/add', undefined, undefined, 'simd/add:default']);
  });

  it("applies a log's strategy and variant to every node of that kind, workspace included", () => {
    const g = twoAdds();
    const choose = strategyChooser(ALL, g, target, log({ strategy: 'simd/add', variant: 'wide' }));
    for (const node of g.nodes) {
      const k = choose(node);
      expect([k.name, k.variant, k.tuning, k.workspaceBytes, source(k.emit(ctx()))]).toEqual([
        'simd/add',
        'wide',
        'applied',
        64,
        'simd/add:wide',
      ]);
    }
    expect(choose(g.nodes[0] as never).name).toBe('simd/add');
    expect(strategyChooser(ALL, g, target, log({ strategy: 'portable/add' }))(g.nodes[0] as never).name).toBe('portable/add');
  });

  it('marks a log entry stale, and lowers first-wins, when its strategy or variant is not on offer', () => {
    const g = twoAdds();
    for (const best of [
      { strategy: 'never/add', variant: 'x' },
      { strategy: 'gone/add' },
      { strategy: 'simd/add', variant: 'gone' },
      { strategy: 'simd/add' },
    ]) {
      const k = strategyChooser(ALL, g, target, log(best))(g.nodes[0] as never);
      expect([k.name, k.variant, k.tuning], JSON.stringify(best)).toEqual(['simd/add', undefined, 'stale']);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import type { Graph } from '../ir/graph.js';
import { act, testTarget as target, twoAdds } from '../testing/tiny-graphs.js';
import { lowerGraph } from './lower-graph.js';
import type { StepKernel } from './program.js';

const kernel: StepKernel = { name: 'test/k', backend: 'test', workspaceBytes: 0, access: [], emit: () => ({ source: '', includes: [] }) };
const lower = (g: Graph) => lowerGraph(g, [0, 1], () => kernel, target);

describe('lowerGraph', () => {
  it('gives every non-constant tensor a buffer of its size', () => {
    const p = lower(twoAdds());
    expect(p.buffers.map((b) => [b.kind, b.bytes])).toEqual([
      ['input', 4],
      ['input', 4],
      ['activation', 4],
      ['output', 4],
    ]);
  });

  it('rule: zero-element tensors are not compiled (a zero-byte buffer would alias its neighbours)', () => {
    const g = twoAdds();
    const empty = { ...g, tensors: g.tensors.map((t) => act(t.id, [1, 0])) };
    expect(() => lower(empty)).toThrow(AnvilError);
    try {
      lower(empty);
    } catch (e) {
      expect(e instanceof AnvilError && e.code).toBe('GRAPH_INVALID');
    }
  });
});

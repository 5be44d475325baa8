import { describe, expect, it } from 'vitest';
import { OP_DEFS, verifyGraph } from '@anvil/core';
import type { OpType } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { edgeShapes } from './edge-shapes.js';
import { conformanceInputs } from './host-check.js';

describe('edge shapes', () => {
  it('are valid graphs the interpreter runs, with distinct names', () => {
    const shapes = edgeShapes();
    for (const { graph } of shapes) {
      verifyGraph(graph);
      expect(interpret(graph, conformanceInputs(graph, 1)).length).toBe(graph.outputs.length);
    }
    expect(new Set(shapes.map((s) => s.graph.name)).size).toBe(shapes.length);
  });

  it('cover every op a kernel strategy can lower (views, regions and patch stages need none)', () => {
    const covered = new Set(edgeShapes().flatMap((s) => s.graph.nodes.map((n) => n.op)));
    const missing = Object.keys(OP_DEFS).filter(
      (op) => !covered.has(op as OpType) && op !== 'RESHAPE' && op !== 'OFFLOAD_REGION' && op !== 'PATCH_STAGE',
    );
    expect(missing).toEqual([]);
  });
});

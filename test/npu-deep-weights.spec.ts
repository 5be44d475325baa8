import { expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { Graph, Tensor } from '@anvil/core';
import { interpretAll } from '@anvil/interp';
import { EthosUOffloader, firstFitScratch, isOurRegion } from '@anvil/npu-ethos-u';
import { GraphBuilder, firstDifference, xorshiftBytes } from '@anvil/testing';
import { buildSimulator, runSimulator } from './support/npu-sim.js';

// Weights stream from the decoder to the MACs and the input depth is walked in blocks, so
// operators whose weights per channel exceed what SHRAM could hold run on the NPU: a 3×3×1024
// convolution on ethos-u55-32 (9,216 weights per channel, 16 KiB SHRAM) and a FULLY_CONNECTED
// of 8,192 inputs on ethos-u55-128 (more than half its 24 KiB). The simulator must agree with
// the interpreter byte for byte and with the estimator cycle for cycle.
function deepConv(): Graph {
  const b = new GraphBuilder(21);
  const x = b.input([1, 3, 3, 1024], 0.02, 5);
  const w = b.weights([4, 3, 3, 1024], [0.001, 0.002, 0.0015, 0.003], 0);
  const y = b.activation([1, 1, 1, 4], 0.5, -3);
  b.node('CONV_2D', [x, w, b.bias([10, -200, 3000, 7])], [y], {
    padding: 'VALID',
    strideH: 1,
    strideW: 1,
    dilationH: 1,
    dilationW: 1,
    activation: 'NONE',
  });
  return b.build('deep_conv', [y]);
}

function deepFc(): Graph {
  const b = new GraphBuilder(22);
  const x = b.input([1, 8192], 0.02, -4);
  const w = b.weights([16, 8192], [0.001], 0);
  const y = b.activation([1, 16], 0.4, 1);
  b.node('FULLY_CONNECTED', [x, w, -1], [y], { activation: 'RELU', keepNumDims: false });
  return b.build('deep_fc', [y]);
}

it('deep weights run on the NPU: bit-exact with the interpreter, cycle-exact with the estimator', () => {
  const exe = buildSimulator();
  for (const [graph, config] of [
    [deepConv(), 'ethos-u55-32'],
    [deepFc(), 'ethos-u55-128'],
  ] as const) {
    const offloader = new EthosUOffloader(firstFitScratch);
    const partitioned = offloader.partition(graph, config);
    expect(
      partitioned.decisions.map((d) => d.reason ?? 'npu'),
      `${graph.name} ${config}`,
    ).toEqual(['npu']);
    const inputs = graph.inputs.map((id, k) => xorshiftBytes(31 + k, tensorBytes(graph.tensors[id] as Tensor)));
    const values = interpretAll(graph, inputs);
    for (const node of partitioned.graph.nodes.filter(isOurRegion)) {
      const c = offloader.compile(node);
      const sizes = node.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
      const run = runSimulator(
        exe,
        c.commandStream,
        c.weights,
        c.scratchBytes,
        node.inputs.map((id) => values.get(id) as Uint8Array),
        sizes,
      );
      expect(run.status, graph.name).toBe(0);
      expect(firstDifference(run.outputs[0] as Uint8Array, values.get(node.outputs[0] as number) as Uint8Array), graph.name).toBe(-1);
      expect(run.cycles, graph.name).toBe(c.cycles);
    }
  }
});

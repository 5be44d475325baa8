import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opQuantizationInvalid, opShapeMismatch } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { expectDType, expectPerTensor, expectRank, input, optionalInput, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** SVDF's input slots (schema order). */
export const SVDF_SLOT = { input: 0, weightsFeature: 1, weightsTime: 2, bias: 3, state: 4 } as const;

type SvdfNode = NodeOf<'SVDF'>;

/** Batch, input features, filters (units × rank), memory length and output units. */
export interface SvdfSizes {
  readonly batch: number;
  readonly inputSize: number;
  readonly filters: number;
  readonly memory: number;
  readonly units: number;
}

export function svdfSizes(node: SvdfNode, graph: Graph): SvdfSizes {
  const label = nodeLabel(node);
  const x = input(node, graph, SVDF_SLOT.input);
  const wf = input(node, graph, SVDF_SLOT.weightsFeature);
  const wt = input(node, graph, SVDF_SLOT.weightsTime);
  expectRank(node, x, 2, 'input');
  expectRank(node, wf, 2, 'feature weights');
  expectRank(node, wt, 2, 'time weights');
  const { rank } = node.attrs;
  const [batch = 0, inputSize = 0] = x.shape;
  const [filters = 0] = wf.shape;
  const memory = wt.shape[1] ?? 0;
  if (!Number.isInteger(rank) || rank < 1 || filters % rank !== 0) {
    fail(opAttributeInvalid(label, `rank ${rank} does not divide the ${filters} filters`));
  }
  return { batch, inputSize, filters, memory, units: filters / rank };
}

function expectShape(node: SvdfNode, t: Tensor, shape: readonly number[], role: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    fail(opShapeMismatch(nodeLabel(node), `${role} "${t.name}" is [${t.shape.join(',')}], expected [${shape.join(',')}]`));
  }
}

function expectZeroPoint(node: SvdfNode, t: Tensor, role: string): void {
  if (expectPerTensor(node, t, role).zeroPoint[0] !== 0) {
    fail(opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" must have zero point 0`));
  }
}

/**
 * SVDF as TFLM's integer kernel runs it: each invocation shifts every filter's memory of
 * int16 activations by one, appends the new feature projection of the input, and sums the
 * memory weighted by the time weights, `rank` filters per output unit. The state is a
 * persistent tensor the op updates in place.
 */
export const svdf: OpDef<'SVDF'> = {
  op: 'SVDF',
  inputs: [5, 5],
  outputs: 1,
  isView: false,
  stateInputs: [SVDF_SLOT.state],
  inferShapes(node, graph) {
    const { batch, units } = svdfSizes(node, graph);
    return [[batch, units]];
  },
  verify(node, graph) {
    const label = nodeLabel(node);
    const { batch, inputSize, filters, memory, units } = svdfSizes(node, graph);
    const x = input(node, graph, SVDF_SLOT.input);
    const wf = input(node, graph, SVDF_SLOT.weightsFeature);
    const wt = input(node, graph, SVDF_SLOT.weightsTime);
    const bias = optionalInput(node, graph, SVDF_SLOT.bias);
    const state = input(node, graph, SVDF_SLOT.state);
    const y = output(node, graph, 0);
    expectDType(node, x, ['int8'], 'input');
    expectDType(node, wf, ['int8'], 'feature weights');
    expectDType(node, wt, ['int16'], 'time weights');
    expectDType(node, state, ['int16'], 'state');
    expectDType(node, y, ['int8'], 'output');
    expectShape(node, wf, [filters, inputSize], 'feature weights');
    expectShape(node, wt, [filters, memory], 'time weights');
    expectShape(node, state, [batch, memory * filters], 'state');
    expectPerTensor(node, x, 'input');
    expectPerTensor(node, y, 'output');
    expectZeroPoint(node, wf, 'feature weights');
    expectZeroPoint(node, wt, 'time weights');
    // The kernel writes each new activation as is: a state zero point would have to be added.
    expectZeroPoint(node, state, 'state');
    if (wf.data === undefined || wt.data === undefined) fail(opShapeMismatch(label, 'the feature and time weights must be constants'));
    if (bias !== undefined) {
      expectDType(node, bias, ['int32'], 'bias');
      expectShape(node, bias, [units], 'bias');
      if (bias.data === undefined) fail(opShapeMismatch(label, 'the bias must be a constant'));
    }
    if (state.persistent !== true) fail(opShapeMismatch(label, `state "${state.name}" must be a persistent (variable) tensor`));
  },
  macs(node, graph) {
    const { batch, inputSize, filters, memory } = svdfSizes(node, graph);
    return batch * filters * (inputSize + memory);
  },
};

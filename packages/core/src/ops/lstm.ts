import { fail } from '../errors/anvil-error.js';
import { opQuantizationInvalid, opShapeMismatch } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { expectDType, expectPerTensor, expectRank, input, optionalInput, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** The 24 input slots of TFLite's LSTM, by role (schema order). */
export const LSTM_SLOT = {
  input: 0,
  inputToInput: 1,
  inputToForget: 2,
  inputToCell: 3,
  inputToOutput: 4,
  recurrentToInput: 5,
  recurrentToForget: 6,
  recurrentToCell: 7,
  recurrentToOutput: 8,
  cellToInput: 9,
  cellToForget: 10,
  cellToOutput: 11,
  inputGateBias: 12,
  forgetGateBias: 13,
  cellGateBias: 14,
  outputGateBias: 15,
  projectionWeights: 16,
  projectionBias: 17,
  hiddenState: 18,
  cellState: 19,
  inputLayerNorm: 20,
  forgetLayerNorm: 21,
  cellLayerNorm: 22,
  outputLayerNorm: 23,
} as const;

export const LSTM_INPUTS = 24;

/** The four gates in the order the integer kernel computes them, with their weight and bias slots. */
export const LSTM_GATES = [
  { gate: 'forget', inputWeights: LSTM_SLOT.inputToForget, recurrentWeights: LSTM_SLOT.recurrentToForget, bias: LSTM_SLOT.forgetGateBias },
  { gate: 'input', inputWeights: LSTM_SLOT.inputToInput, recurrentWeights: LSTM_SLOT.recurrentToInput, bias: LSTM_SLOT.inputGateBias },
  { gate: 'cell', inputWeights: LSTM_SLOT.inputToCell, recurrentWeights: LSTM_SLOT.recurrentToCell, bias: LSTM_SLOT.cellGateBias },
  { gate: 'output', inputWeights: LSTM_SLOT.inputToOutput, recurrentWeights: LSTM_SLOT.recurrentToOutput, bias: LSTM_SLOT.outputGateBias },
] as const;

/** Variants the format allows that Anvil does not run: their slots must be empty. */
const ABSENT_SLOTS: ReadonlyArray<readonly [number, string]> = [
  [LSTM_SLOT.cellToInput, 'peephole'],
  [LSTM_SLOT.cellToForget, 'peephole'],
  [LSTM_SLOT.cellToOutput, 'peephole'],
  [LSTM_SLOT.projectionWeights, 'projection'],
  [LSTM_SLOT.projectionBias, 'projection'],
  [LSTM_SLOT.inputLayerNorm, 'layer norm'],
  [LSTM_SLOT.forgetLayerNorm, 'layer norm'],
  [LSTM_SLOT.cellLayerNorm, 'layer norm'],
  [LSTM_SLOT.outputLayerNorm, 'layer norm'],
];

type LstmNode = NodeOf<'UNIDIRECTIONAL_SEQUENCE_LSTM'>;

/** Batch, time steps, input features, and cell units (= hidden units, there being no projection). */
export interface LstmSizes {
  readonly batch: number;
  readonly steps: number;
  readonly inputSize: number;
  readonly units: number;
}

export function lstmSizes(node: LstmNode, graph: Graph): LstmSizes {
  const x = input(node, graph, LSTM_SLOT.input);
  expectRank(node, x, 3, 'input');
  const [d0 = 0, d1 = 0, inputSize = 0] = x.shape;
  const w = input(node, graph, LSTM_SLOT.inputToForget);
  expectRank(node, w, 2, 'input-to-forget weights');
  const units = w.shape[0] ?? 0;
  return node.attrs.timeMajor ? { batch: d1, steps: d0, inputSize, units } : { batch: d0, steps: d1, inputSize, units };
}

function expectShape(node: LstmNode, t: Tensor, shape: readonly number[], role: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    fail(opShapeMismatch(nodeLabel(node), `${role} "${t.name}" is [${t.shape.join(',')}], expected [${shape.join(',')}]`));
  }
}

function expectSymmetric(node: LstmNode, t: Tensor, role: string): void {
  const q = expectPerTensor(node, t, role);
  if (q.zeroPoint[0] !== 0) fail(opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" must have zero point 0`));
}

/** True when `scale` is 2^k for an integer k, as the cell state's must be. */
export function powerOfTwoExponent(scale: number): number | undefined {
  const k = Math.round(Math.log2(scale));
  return 2 ** k === scale ? k : undefined;
}

/**
 * The integer LSTM (TFLite's int8x8_16: int8 input, weights and hidden state, int16 cell
 * state, int32 biases). The hidden and cell states are persistent tensors the op updates in
 * place; its output is the hidden state after each time step.
 */
export const lstm: OpDef<'UNIDIRECTIONAL_SEQUENCE_LSTM'> = {
  op: 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  inputs: [LSTM_INPUTS, LSTM_INPUTS],
  outputs: 1,
  isView: false,
  stateInputs: [LSTM_SLOT.hiddenState, LSTM_SLOT.cellState],
  inferShapes(node, graph) {
    const { batch, steps, units } = lstmSizes(node, graph);
    return [node.attrs.timeMajor ? [steps, batch, units] : [batch, steps, units]];
  },
  verify(node, graph) {
    const label = nodeLabel(node);
    for (const [slot, what] of ABSENT_SLOTS) {
      if (optionalInput(node, graph, slot) !== undefined)
        fail(opShapeMismatch(label, `has ${what} inputs (slot ${slot}), which Anvil does not run`));
    }
    const { batch, inputSize, units } = lstmSizes(node, graph);
    const x = input(node, graph, LSTM_SLOT.input);
    expectDType(node, x, ['int8'], 'input');
    expectPerTensor(node, x, 'input');
    for (const g of LSTM_GATES) {
      const wi = input(node, graph, g.inputWeights);
      const wr = input(node, graph, g.recurrentWeights);
      const b = input(node, graph, g.bias);
      expectDType(node, wi, ['int8'], `${g.gate} input weights`);
      expectDType(node, wr, ['int8'], `${g.gate} recurrent weights`);
      expectDType(node, b, ['int32'], `${g.gate} bias`);
      expectShape(node, wi, [units, inputSize], `${g.gate} input weights`);
      expectShape(node, wr, [units, units], `${g.gate} recurrent weights`);
      expectShape(node, b, [units], `${g.gate} bias`);
      expectSymmetric(node, wi, `${g.gate} input weights`);
      expectSymmetric(node, wr, `${g.gate} recurrent weights`);
      if (wi.data === undefined || wr.data === undefined || b.data === undefined) {
        fail(opShapeMismatch(label, `the ${g.gate} gate's weights and bias must be constants`));
      }
    }
    const h = input(node, graph, LSTM_SLOT.hiddenState);
    const c = input(node, graph, LSTM_SLOT.cellState);
    const y = output(node, graph, 0);
    for (const [t, role] of [
      [h, 'hidden state'],
      [c, 'cell state'],
    ] as const) {
      if (t.persistent !== true) fail(opShapeMismatch(label, `${role} "${t.name}" must be a persistent (variable) tensor`));
    }
    expectDType(node, h, ['int8'], 'hidden state');
    expectDType(node, c, ['int16'], 'cell state');
    expectDType(node, y, ['int8'], 'output');
    expectShape(node, h, [batch, units], 'hidden state');
    expectShape(node, c, [batch, units], 'cell state');
    const qh = expectPerTensor(node, h, 'hidden state');
    const qy = expectPerTensor(node, y, 'output');
    // The output is the hidden state's bytes, copied: any other quantization would misread them.
    if (qh.scale[0] !== qy.scale[0] || qh.zeroPoint[0] !== qy.zeroPoint[0]) {
      fail(opQuantizationInvalid(label, `output "${y.name}" must share the hidden state's scale and zero point`));
    }
    expectSymmetric(node, c, 'cell state');
    const power = powerOfTwoExponent(expectPerTensor(node, c, 'cell state').scale[0] ?? 0);
    if (power === undefined || power > 0 || power < -15) {
      fail(opQuantizationInvalid(label, `cell state "${c.name}" must have a scale of 2^k with -15 <= k <= 0`));
    }
    if (!(node.attrs.cellClip >= 0) || !Number.isFinite(node.attrs.cellClip)) {
      fail(opQuantizationInvalid(label, `cell_clip is ${node.attrs.cellClip}; it must be finite and >= 0`));
    }
  },
  macs(node, graph) {
    const { batch, steps, inputSize, units } = lstmSizes(node, graph);
    return batch * steps * 4 * units * (inputSize + units);
  },
};

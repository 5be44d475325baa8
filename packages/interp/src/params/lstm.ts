import { LSTM_GATES, LSTM_SLOT, lstmSizes, nodeLabel, powerOfTwoExponent } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { tanhRescaleForPower } from '../fixed-point/lut-activations.js';
import { fullyConnectedPerTensorMultiplier } from './fully-connected.js';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';

/**
 * The fixed scales of TFLM's integer LSTM, as the float32 literals it writes them: gate
 * pre-activations in Q3.12 and gate outputs in Q0.15. The second literal is not exactly 2^-15
 * once rounded to float32 (it is a few ulps below), and TFLM derives its multipliers from that
 * float, so the multipliers below come out as TFLM's and not as an exact 2^-15 would give.
 */
export const LSTM_GATE_INPUT_SCALE = Math.fround(0.00024414062);
export const LSTM_GATE_OUTPUT_SCALE = Math.fround(0.00003051757);

/** One gate's two fully connected products, each requantized to Q3.12 int16 on its own. */
export interface LstmGateParams {
  readonly input: QuantizedMultiplier;
  readonly recurrent: QuantizedMultiplier;
}

export interface LstmParams {
  readonly batch: number;
  readonly steps: number;
  readonly inputSize: number;
  readonly units: number;
  readonly timeMajor: boolean;
  /** Minus the input's and the hidden state's zero points (weights are symmetric). */
  readonly inputOffset: number;
  readonly hiddenOffset: number;
  readonly hiddenZeroPoint: number;
  /** In the kernel's order: forget, input, cell, output. */
  readonly gates: readonly [LstmGateParams, LstmGateParams, LstmGateParams, LstmGateParams];
  /** forget gate × cell state → cell state. */
  readonly forgetCell: QuantizedMultiplier;
  /** input gate × cell gate → cell state. */
  readonly inputCell: QuantizedMultiplier;
  /** tanh(cell) × output gate → hidden state (int8, with its zero point). */
  readonly hidden: QuantizedMultiplier;
  /** The rescale of the cell state into tanh's input (its scale is 2^power). */
  readonly cellTanh: { readonly multiplier: number; readonly leftShift: number };
  /** Cell clip in cell-state units, when the model clips (cell_clip > 0; it may quantize to 0). */
  readonly cellClip: number | undefined;
}

/** CreateInterGateMulParams: the product of two symmetric scales over the result's, in double. */
function mulMultiplier(a: number, b: number, out: number, label: string, what: string): QuantizedMultiplier {
  return requantMultiplier((a * b) / out, label, what);
}

/**
 * TFLM's int8x8_16 LSTM parameters. Each gate's input and recurrent products are fully
 * connected layers whose output tensor is a virtual int16 with scale 2^-12 (TFLM ignores the
 * file's intermediate tensors here), so their multipliers follow FULLY_CONNECTED's rule:
 * float32 product of input and weight scales, divided in double by 2^-12.
 */
export function lstmParams(node: NodeOf<'UNIDIRECTIONAL_SEQUENCE_LSTM'>, graph: Graph): LstmParams {
  const label = nodeLabel(node);
  const sizes = lstmSizes(node, graph);
  const qx = tensorQuant(node, inputTensor(node, graph, LSTM_SLOT.input), 'input');
  const qh = tensorQuant(node, inputTensor(node, graph, LSTM_SLOT.hiddenState), 'hidden state');
  const qc = tensorQuant(node, inputTensor(node, graph, LSTM_SLOT.cellState), 'cell state');
  tensorQuant(node, outputTensor(node, graph, 0), 'output');
  const gate = (g: (typeof LSTM_GATES)[number]): LstmGateParams => {
    const wi = tensorQuant(node, inputTensor(node, graph, g.inputWeights), `${g.gate} input weights`);
    const wr = tensorQuant(node, inputTensor(node, graph, g.recurrentWeights), `${g.gate} recurrent weights`);
    return {
      input: fullyConnectedPerTensorMultiplier(qx.scale, wi.scale, LSTM_GATE_INPUT_SCALE, label),
      recurrent: fullyConnectedPerTensorMultiplier(qh.scale, wr.scale, LSTM_GATE_INPUT_SCALE, label),
    };
  };
  const [f, i, c, o] = LSTM_GATES;
  const power = powerOfTwoExponent(qc.scale) ?? 0;
  // static_cast<int16_t> of the clamped double: truncation toward zero.
  const clip = Math.trunc(Math.min(Math.max(node.attrs.cellClip / qc.scale, -32768), 32767));
  return {
    ...sizes,
    timeMajor: node.attrs.timeMajor,
    inputOffset: -qx.zeroPoint,
    hiddenOffset: -qh.zeroPoint,
    hiddenZeroPoint: qh.zeroPoint,
    gates: [gate(f), gate(i), gate(c), gate(o)],
    forgetCell: mulMultiplier(LSTM_GATE_OUTPUT_SCALE, qc.scale, qc.scale, label, 'forget × cell'),
    inputCell: mulMultiplier(LSTM_GATE_OUTPUT_SCALE, LSTM_GATE_OUTPUT_SCALE, qc.scale, label, 'input × cell gate'),
    hidden: mulMultiplier(LSTM_GATE_OUTPUT_SCALE, LSTM_GATE_OUTPUT_SCALE, qh.scale, label, 'hidden'),
    cellTanh: tanhRescaleForPower(power),
    cellClip: node.attrs.cellClip > 0 ? clip : undefined,
  };
}

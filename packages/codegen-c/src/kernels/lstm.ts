import { LSTM_GATES, LSTM_SLOT } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, NodeOf, Tensor } from '@anvil/core';
import { lstmParams } from '@anvil/interp';

type LstmNode = NodeOf<'UNIDIRECTIONAL_SEQUENCE_LSTM'>;

/** A C array initializer of symbols, for the per-gate pointer fields. */
const symbols = (names: readonly string[]): string => `{${names.join(', ')}}`;

const int8Of = (t: Tensor | undefined): Int8Array =>
  t?.data === undefined ? new Int8Array(0) : new Int8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);

const int32Of = (t: Tensor | undefined, n: number): Int32Array => {
  if (t?.data === undefined) return new Int32Array(n);
  return new Int32Array(t.data.slice(0, 4 * n).buffer);
};

/** offset · Σ w[u] + bias[u] per unit, wrapping as int32 sums do in the kernel. */
export function foldedRow(w: Int8Array, depth: number, units: number, offset: number, bias: Int32Array): number[] {
  return Array.from({ length: units }, (_, u) => {
    let sum = 0;
    for (let d = 0; d < depth; d++) sum += w[u * depth + d] as number;
    return (Math.imul(offset, sum) + (bias[u] as number)) | 0;
  });
}

/**
 * The kernel's two folded-bias tables, gate-major (see anvil_lstm_s8.h): the input product's
 * bias with the input zero point folded in, and the recurrent product's hidden zero point.
 */
export function lstmFoldedBiases(node: LstmNode, graph: Graph): { input: number[]; recurrent: number[] } {
  const p = lstmParams(node, graph);
  const at = (s: number): Tensor | undefined => graph.tensors[node.inputs[s] ?? -1];
  const none = new Int32Array(p.units);
  return {
    input: LSTM_GATES.flatMap((g) =>
      foldedRow(int8Of(at(g.inputWeights)), p.inputSize, p.units, p.inputOffset, int32Of(at(g.bias), p.units)),
    ),
    recurrent: LSTM_GATES.flatMap((g) => foldedRow(int8Of(at(g.recurrentWeights)), p.units, p.units, p.hiddenOffset, none)),
  };
}

/**
 * int8x8_16 LSTM: `runtime-c/kernels/anvil_lstm_s8.h`. Weights and biases are flash symbols,
 * the hidden and cell state pointers into the persistent pool, the multipliers the
 * interpreter's (so both derive them from the same float32 scales in the same order).
 */
export function emitLstm(node: LstmNode, graph: Graph, ctx: KernelEmitContext, fn = 'anvil_lstm_s8'): KernelCall {
  const p = lstmParams(node, graph);
  const folded = lstmFoldedBiases(node, graph);
  const slot = (s: number): number => node.inputs[s] as number;
  const perGate = (f: (g: (typeof LSTM_GATES)[number]) => string): string => symbols(LSTM_GATES.map(f));
  return {
    function: fn,
    operands: [LSTM_SLOT.input],
    params: [
      ['batch', p.batch],
      ['steps', p.steps],
      ['input_size', p.inputSize],
      ['units', p.units],
      ['time_major', p.timeMajor ? 1 : 0],
      ['hidden_zero_point', p.hiddenZeroPoint],
      ['input_weights', perGate((g) => ctx.weightSymbol(slot(g.inputWeights)))],
      ['recurrent_weights', perGate((g) => ctx.weightSymbol(slot(g.recurrentWeights)))],
      ['input_bias', { table: { ctype: 'int32_t', values: folded.input } }],
      ['recurrent_bias', { table: { ctype: 'int32_t', values: folded.recurrent } }],
      ['input_multiplier', p.gates.map((g) => g.input.multiplier)],
      ['input_shift', p.gates.map((g) => g.input.shift)],
      ['recurrent_multiplier', p.gates.map((g) => g.recurrent.multiplier)],
      ['recurrent_shift', p.gates.map((g) => g.recurrent.shift)],
      ['forget_cell_multiplier', p.forgetCell.multiplier],
      ['forget_cell_shift', p.forgetCell.shift],
      ['input_cell_multiplier', p.inputCell.multiplier],
      ['input_cell_shift', p.inputCell.shift],
      ['hidden_multiplier', p.hidden.multiplier],
      ['hidden_shift', p.hidden.shift],
      ['cell_tanh_multiplier', p.cellTanh.multiplier],
      ['cell_tanh_shift', p.cellTanh.leftShift],
      ['clip_cell', p.cellClip === undefined ? 0 : 1],
      ['cell_clip', p.cellClip ?? 0],
      ['hidden', `(int8_t *)(${ctx.stateBuffer(slot(LSTM_SLOT.hiddenState))})`],
      ['cell', `(int16_t *)(${ctx.stateBuffer(slot(LSTM_SLOT.cellState))})`],
    ],
  };
}

/** Four int16 gate rows of one batch row: `anvil_lstm_s8_workspace_bytes`. */
export function lstmWorkspaceBytes(node: LstmNode, graph: Graph): number {
  return 4 * 2 * lstmParams(node, graph).units;
}

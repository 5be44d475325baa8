import { LSTM_GATES, LSTM_SLOT } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { lstmParams } from '@anvil/interp';

type LstmNode = NodeOf<'UNIDIRECTIONAL_SEQUENCE_LSTM'>;

/** A C array initializer of symbols, for the per-gate pointer fields. */
const symbols = (names: readonly string[]): string => `{${names.join(', ')}}`;

/**
 * int8x8_16 LSTM: `runtime-c/kernels/anvil_lstm_s8.h`. Weights and biases are flash symbols,
 * the hidden and cell state pointers into the persistent pool, the multipliers the
 * interpreter's (so both derive them from the same float32 scales in the same order).
 */
export function emitLstm(node: LstmNode, graph: Graph, ctx: KernelEmitContext): KernelCall {
  const p = lstmParams(node, graph);
  const slot = (s: number): number => node.inputs[s] as number;
  const perGate = (f: (g: (typeof LSTM_GATES)[number]) => string): string => symbols(LSTM_GATES.map(f));
  return {
    function: 'anvil_lstm_s8',
    operands: [LSTM_SLOT.input],
    params: [
      ['batch', p.batch],
      ['steps', p.steps],
      ['input_size', p.inputSize],
      ['units', p.units],
      ['time_major', p.timeMajor ? 1 : 0],
      ['input_offset', p.inputOffset],
      ['hidden_offset', p.hiddenOffset],
      ['hidden_zero_point', p.hiddenZeroPoint],
      ['input_weights', perGate((g) => ctx.weightSymbol(slot(g.inputWeights)))],
      ['recurrent_weights', perGate((g) => ctx.weightSymbol(slot(g.recurrentWeights)))],
      ['bias', perGate((g) => ctx.weightSymbol(slot(g.bias)))],
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

import { LSTM_SLOT } from '@anvil/core';
import type { DType } from '@anvil/core';

/** What an LSTM's options table says, read with the schema defaults. */
export interface LstmOptions {
  /** ActivationFunctionType code of the cell gate (4 is TANH). */
  readonly activationCode: number;
  readonly cellClip: number;
  readonly projClip: number;
  readonly timeMajor: boolean;
  readonly asymmetricQuantizeInputs: boolean;
  readonly diagonalRecurrentTensors: boolean;
}

const TANH = 4;
const ACTIVATION_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'NONE'],
  [1, 'RELU'],
  [2, 'RELU_N1_TO_1'],
  [3, 'RELU6'],
  [5, 'SIGN_BIT'],
]);

const present = (inputs: readonly number[], slot: number): boolean => (inputs[slot] ?? -1) >= 0;

/**
 * The element types decide which LSTM this is: Anvil runs TFLite's integer one (int8 input,
 * weights and hidden state, int16 cell state). A float32 input with int8 weights is the
 * hybrid kernel, int16 input the 16x8 one; each is named so the error says which.
 */
function typeVariant(dtypeOf: (slot: number) => DType | undefined): string | undefined {
  const x = dtypeOf(LSTM_SLOT.input);
  const w = dtypeOf(LSTM_SLOT.inputToForget);
  if (x === 'float32') return w === 'float32' ? 'float32' : 'hybrid';
  if (x === 'int16') return 'int16 activations';
  if (x !== 'int8' || w !== 'int8') return `${x ?? 'absent'} input with ${w ?? 'absent'} weights`;
  const h = dtypeOf(LSTM_SLOT.hiddenState);
  const c = dtypeOf(LSTM_SLOT.cellState);
  if (h !== 'int8' || c !== 'int16') return `${h ?? 'absent'} hidden state with ${c ?? 'absent'} cell state`;
  return undefined;
}

/**
 * Every option or input of this LSTM that Anvil does not implement, by the name the
 * UNSUPPORTED_OPERATORS error shows (`UNIDIRECTIONAL_SEQUENCE_LSTM (peephole)`). Empty when
 * the node is the variant Anvil runs exactly. Refusing here, before any kernel sees the node,
 * is what keeps a variant from being computed as if it were the plain one.
 */
export function unsupportedLstmVariants(
  inputs: readonly number[],
  tensorType: (index: number) => DType | undefined,
  o: LstmOptions,
): string[] {
  const out: string[] = [];
  const dtypeOf = (slot: number): DType | undefined => (present(inputs, slot) ? tensorType(inputs[slot] ?? -1) : undefined);
  const types = typeVariant(dtypeOf);
  if (types !== undefined) out.push(types);
  if (
    !present(inputs, LSTM_SLOT.inputToInput) ||
    !present(inputs, LSTM_SLOT.recurrentToInput) ||
    !present(inputs, LSTM_SLOT.inputGateBias)
  ) {
    out.push('CIFG');
  }
  if ([LSTM_SLOT.cellToInput, LSTM_SLOT.cellToForget, LSTM_SLOT.cellToOutput].some((s) => present(inputs, s))) out.push('peephole');
  if ([LSTM_SLOT.projectionWeights, LSTM_SLOT.projectionBias].some((s) => present(inputs, s))) out.push('projection');
  const norms = [LSTM_SLOT.inputLayerNorm, LSTM_SLOT.forgetLayerNorm, LSTM_SLOT.cellLayerNorm, LSTM_SLOT.outputLayerNorm];
  if (norms.some((s) => present(inputs, s))) out.push('layer norm');
  if (o.activationCode !== TANH) out.push(`activation ${ACTIVATION_NAMES.get(o.activationCode) ?? `code ${o.activationCode}`}`);
  if (o.projClip !== 0) out.push('proj_clip');
  if (o.asymmetricQuantizeInputs) out.push('asymmetric_quantize_inputs');
  if (o.diagonalRecurrentTensors) out.push('diagonal_recurrent_tensors');
  return out;
}

import { clamp } from '../fixed-point/int32.js';
import { sigmoidQ15, tanhQ15 } from '../fixed-point/lut-activations.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import type { LstmParams } from '../params/lstm.js';

const INT16_MIN = -32768;
const INT16_MAX = 32767;

/** The constant operands of one gate: weights [units, inputSize] and [units, units], bias [units]. */
export interface LstmGateWeights {
  readonly input: Int8Array;
  readonly recurrent: Int8Array;
  readonly bias: Int32Array;
}

/** The state the op carries from one invocation to the next, updated in place. */
export interface LstmState {
  readonly hidden: Int8Array;
  readonly cell: Int16Array;
}

/**
 * One fully connected product into int16 (TFLM's integer FullyConnected with an int16 output
 * of scale 2^-12 and zero point 0): int32 accumulation, optional bias, requantize, saturate.
 */
function gateProduct(
  x: Int8Array,
  xBase: number,
  xOffset: number,
  depth: number,
  w: Int8Array,
  bias: Int32Array | undefined,
  m: QuantizedMultiplier,
  units: number,
): Int16Array {
  const out = new Int16Array(units);
  for (let u = 0; u < units; u++) {
    let acc = 0;
    for (let d = 0; d < depth; d++) acc += (w[u * depth + d] as number) * ((x[xBase + d] as number) + xOffset);
    acc = (acc + (bias === undefined ? 0 : (bias[u] as number))) | 0;
    out[u] = clamp(multiplyByQuantizedMultiplier(acc, m.multiplier, m.shift), INT16_MIN, INT16_MAX);
  }
  return out;
}

/** One symmetric int16 × int16 elementwise product requantized (TFLM's MulElementwise). */
function mulRequant(a: number, b: number, m: QuantizedMultiplier, zeroPoint: number, lo: number, hi: number): number {
  return clamp(zeroPoint + multiplyByQuantizedMultiplier(a * b, m.multiplier, m.shift), lo, hi);
}

/**
 * One time step of one batch row: the four gates from the input row and the previous hidden
 * state (forget, input, cell, then output after the cell update, as TFLM orders them), the
 * cell state update with its optional clip, and the new hidden state. `state` is updated in
 * place; the new hidden row is also what the step outputs.
 */
function lstmStep(
  p: LstmParams,
  x: Int8Array,
  xBase: number,
  gates: readonly LstmGateWeights[],
  hidden: Int8Array,
  cell: Int16Array,
  row: number,
): void {
  const { units, inputSize } = p;
  const h = hidden.subarray(row * units, (row + 1) * units);
  const c = cell.subarray(row * units, (row + 1) * units);
  const gate = (k: number, activate: (v: number) => number): Int16Array => {
    const w = gates[k] as LstmGateWeights;
    const gp = p.gates[k as 0 | 1 | 2 | 3];
    const fromInput = gateProduct(x, xBase, p.inputOffset, inputSize, w.input, w.bias, gp.input, units);
    const fromHidden = gateProduct(h, 0, p.hiddenOffset, units, w.recurrent, undefined, gp.recurrent, units);
    return fromInput.map((v, u) => activate(clamp(v + (fromHidden[u] as number), INT16_MIN, INT16_MAX)));
  };
  const forget = gate(0, (v) => sigmoidQ15(v));
  const input = gate(1, (v) => sigmoidQ15(v));
  const cellGate = gate(2, (v) => tanhQ15(v, 0, 0));
  for (let u = 0; u < units; u++) {
    const kept = mulRequant(forget[u] as number, c[u] as number, p.forgetCell, 0, INT16_MIN, INT16_MAX);
    const added = mulRequant(input[u] as number, cellGate[u] as number, p.inputCell, 0, INT16_MIN, INT16_MAX);
    let next = clamp(kept + added, INT16_MIN, INT16_MAX);
    if (p.cellClip !== undefined) next = clamp(next, -p.cellClip, p.cellClip);
    c[u] = next;
  }
  const output = gate(3, (v) => sigmoidQ15(v));
  for (let u = 0; u < units; u++) {
    const t = tanhQ15(c[u] as number, p.cellTanh.multiplier, p.cellTanh.leftShift);
    h[u] = mulRequant(t, output[u] as number, p.hidden, p.hiddenZeroPoint, -128, 127);
  }
}

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM, TFLM's int8x8_16 integer kernel. Batch rows are independent,
 * so running each row through all its time steps (TFLM's batch-major order) gives the same
 * bytes as stepping all rows together (its time-major order). Returns the output sequence;
 * `state` holds the final hidden and cell states afterwards.
 */
export function lstm(p: LstmParams, x: Int8Array, gates: readonly LstmGateWeights[], state: LstmState): Int8Array {
  const { batch, steps, inputSize, units } = p;
  const out = new Int8Array(batch * steps * units);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const row = p.timeMajor ? t * batch + b : b * steps + t;
      lstmStep(p, x, row * inputSize, gates, state.hidden, state.cell, b);
      out.set(state.hidden.subarray(b * units, (b + 1) * units), row * units);
    }
  }
  return out;
}

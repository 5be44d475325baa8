import { SVDF_SLOT } from '@anvil/core';
import type { DType } from '@anvil/core';

/** What an SVDF's options table says, read with the schema defaults. */
export interface SvdfOptions {
  readonly rank: number;
  /** ActivationFunctionType code (0 NONE, 1 RELU, …). */
  readonly activationCode: number;
  readonly asymmetricQuantizeInputs: boolean;
}

const ACTIVATION_NAMES: ReadonlyMap<number, string> = new Map([
  [2, 'RELU_N1_TO_1'],
  [3, 'RELU6'],
  [4, 'TANH'],
  [5, 'SIGN_BIT'],
]);

/**
 * Every option or type of this SVDF that Anvil does not run, named for UNSUPPORTED_OPERATORS:
 * Anvil runs TFLM's integer SVDF with int16 time weights and state. TFLM's integer kernel
 * applies no fused activation, so only NONE and RELU (the converter's choice) are admitted,
 * and the others named, rather than guessed.
 */
export function unsupportedSvdfVariants(
  inputs: readonly number[],
  tensorType: (index: number) => DType | undefined,
  o: SvdfOptions,
): string[] {
  const out: string[] = [];
  const dtypeOf = (slot: number): DType | undefined => ((inputs[slot] ?? -1) >= 0 ? tensorType(inputs[slot] ?? -1) : undefined);
  const x = dtypeOf(SVDF_SLOT.input);
  const wf = dtypeOf(SVDF_SLOT.weightsFeature);
  if (x === 'float32') out.push(wf === 'float32' ? 'float32' : 'hybrid');
  else if (x !== 'int8' || wf !== 'int8') out.push(`${x ?? 'absent'} input with ${wf ?? 'absent'} weights`);
  else if (dtypeOf(SVDF_SLOT.weightsTime) !== 'int16' || dtypeOf(SVDF_SLOT.state) !== 'int16') out.push('int8 state');
  if (o.activationCode !== 0 && o.activationCode !== 1)
    out.push(`activation ${ACTIVATION_NAMES.get(o.activationCode) ?? `code ${o.activationCode}`}`);
  if (o.asymmetricQuantizeInputs) out.push('asymmetric_quantize_inputs');
  return out;
}

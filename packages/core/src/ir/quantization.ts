/**
 * Affine quantization: real = scale * (q - zeroPoint). One scale/zero-point pair means
 * per-tensor; several mean per-channel along `axis` (one pair per index of that axis).
 * Scales are float32 values held as JS numbers (exactly representable), because TFLite
 * derives its fixed-point multipliers from the float32 value and so must we.
 */
export interface Quantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly axis: number;
}

export function isPerChannel(q: Quantization): boolean {
  return q.scale.length > 1;
}

export function perTensor(scale: number, zeroPoint: number): Quantization {
  return { scale: [Math.fround(scale)], zeroPoint: [zeroPoint], axis: 0 };
}

/** Element types the IR can describe. Compute is int8; the rest appear at model edges. */
export const DTYPES = ['int8', 'uint8', 'int16', 'int32', 'int64', 'float32', 'bool'] as const;
export type DType = (typeof DTYPES)[number];

const BYTES: Readonly<Record<DType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  float32: 4,
  bool: 1,
};

export function dtypeBytes(dtype: DType): number {
  return BYTES[dtype];
}

/** Inclusive integer range of a quantized dtype, for saturation. */
export function dtypeRange(dtype: 'int8' | 'uint8' | 'int16' | 'int32'): readonly [number, number] {
  switch (dtype) {
    case 'int8':
      return [-128, 127];
    case 'uint8':
      return [0, 255];
    case 'int16':
      return [-32768, 32767];
    case 'int32':
      return [-2147483648, 2147483647];
  }
}

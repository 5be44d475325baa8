import type { DType } from '@anvil/core';

/** TFLite TensorType codes (schema.fbs) that map onto IR dtypes; others are unsupported. */
export const TENSOR_TYPES: ReadonlyMap<number, DType> = new Map<number, DType>([
  [0, 'float32'],
  [2, 'int32'],
  [3, 'uint8'],
  [4, 'int64'],
  [6, 'bool'],
  [7, 'int16'],
  [9, 'int8'],
]);

/** Names of the remaining codes, for error messages. */
export const OTHER_TENSOR_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'FLOAT16'],
  [5, 'STRING'],
  [8, 'COMPLEX64'],
  [10, 'FLOAT64'],
  [11, 'COMPLEX128'],
  [12, 'UINT64'],
  [13, 'RESOURCE'],
  [14, 'VARIANT'],
  [15, 'UINT32'],
  [16, 'UINT16'],
  [17, 'INT4'],
  [18, 'BFLOAT16'],
]);

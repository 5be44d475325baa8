import { errors, fail } from '@anvil/core';
import { safeInt } from './int64.js';
import { ONNX_DTYPE } from './onnx-model.js';
import type { OnnxDTypeCode, OnnxInitializer } from './onnx-model.js';
import type { DecodedTensor } from './schema/decoded.js';

/** No tensor Anvil can place on a microcontroller has more elements than this. */
export const MAX_TENSOR_ELEMENTS = 1 << 28;

const WIDTH: Readonly<Record<OnnxDTypeCode, number>> = { 1: 4, 2: 1, 3: 1, 5: 2, 6: 4, 7: 8 };

const TYPE_NAMES: Readonly<Record<number, string>> = {
  4: 'uint16',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
  21: 'uint4',
  22: 'int4',
};

export function isReadableDType(code: number): code is OnnxDTypeCode {
  return Object.hasOwn(WIDTH, code);
}

export function dtypeName(code: number): string {
  const known = Object.entries(ONNX_DTYPE).find(([, v]) => v === code);
  return known !== undefined ? known[0].toLowerCase() : (TYPE_NAMES[code] ?? `data type ${code}`);
}

/** The element count of `dims`, refusing negative extents and products past MAX_TENSOR_ELEMENTS. */
export function elementsOf(dims: readonly number[], what: string): number {
  let n = 1;
  for (const d of dims) {
    if (d < 0) fail(errors.modelCorrupt(`${what} has a negative dimension in [${dims.join(',')}]`));
    n *= d;
    if (n > MAX_TENSOR_ELEMENTS) fail(errors.modelCorrupt(`${what} has more than ${MAX_TENSOR_ELEMENTS} elements ([${dims.join(',')}])`));
  }
  return n;
}

/** Writes typed-list values as the little-endian bytes raw_data would have held. */
function fromList(code: OnnxDTypeCode, t: DecodedTensor, count: number, what: string): Uint8Array {
  const out = new Uint8Array(count * WIDTH[code]);
  const view = new DataView(out.buffer);
  const take = (list: readonly unknown[], field: string): void => {
    if (list.length !== count) fail(errors.modelCorrupt(`${what} holds ${list.length} values in ${field}, its dims say ${count}`));
  };
  switch (code) {
    case ONNX_DTYPE.FLOAT:
      take(t.float_data, 'float_data');
      t.float_data.forEach((v, i) => view.setFloat32(4 * i, v, true));
      break;
    case ONNX_DTYPE.INT64:
      take(t.int64_data, 'int64_data');
      t.int64_data.forEach((v, i) => view.setBigInt64(8 * i, BigInt(safeInt(v, `${what} value`)), true));
      break;
    default:
      // int8, uint8, int16 and int32 all travel in int32_data, one value per element.
      take(t.int32_data, 'int32_data');
      t.int32_data.forEach((v, i) => {
        if (code === ONNX_DTYPE.INT32) view.setInt32(4 * i, v, true);
        else if (code === ONNX_DTYPE.INT16) view.setInt16(2 * i, v, true);
        else out[i] = v & 0xff;
      });
  }
  return out;
}

/**
 * One initializer as dims and little-endian bytes, after checking its type, that its dims
 * are sane, and that the data it carries (raw_data or a typed list) has exactly the size
 * its dims give. Data stored in another file is refused: the importer sees only the model's
 * bytes, never its folder.
 */
export function readInitializer(t: DecodedTensor): OnnxInitializer {
  const what = `initializer "${t.name}"`;
  if (t.data_location === 1 || t.external_data.length > 0) {
    const location = t.external_data.find((e) => e.key === 'location')?.value ?? '?';
    fail(
      errors.modelUnsupportedFeature(
        `${what} keeps its data in the external file "${location}"`,
        'save the model with its weights inside the .onnx file (onnx.save_model(..., save_as_external_data=False))',
      ),
    );
  }
  const code = t.data_type;
  if (!isReadableDType(code)) {
    fail(errors.modelUnsupportedFeature(`${what} has element type ${dtypeName(code)}`, 'quantize the model to int8 (QDQ or QOperator)'));
  }
  const dims = t.dims.map((d) => safeInt(d, `${what} dimension`));
  const count = elementsOf(dims, what);
  if (t.raw_data.length > 0) {
    if (t.raw_data.length !== count * WIDTH[code]) {
      fail(errors.modelCorrupt(`${what} has ${t.raw_data.length} bytes of raw_data, its dims and type need ${count * WIDTH[code]}`));
    }
    // A copy, so typed views of it are aligned and independent of the file's buffer.
    return { name: t.name, dataType: code, dims, bytes: t.raw_data.slice() };
  }
  return { name: t.name, dataType: code, dims, bytes: fromList(code, t, count, what) };
}

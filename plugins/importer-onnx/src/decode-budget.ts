import type { Reader, Type } from 'protobufjs';
import { errors, fail } from '@anvil/core';
import { protobufjs } from './schema/protobufjs.js';

/** Larger files are refused before anything is decoded (microcontroller models are far smaller). */
export const MAX_MODEL_BYTES = 64 << 20;
/** Decoded objects may take this many bytes per file byte, plus DECODE_ALLOWANCE. */
export const DECODE_FACTOR = 24;
export const DECODE_ALLOWANCE = 64 << 20;
/** Nesting deeper than this is damage: ONNX models nest a handful of messages. */
export const MAX_DEPTH = 32;

/** Rough heap costs of what protobufjs builds: an object per message, a slot per list element. */
const MESSAGE_COST = 128;
const ELEMENT_COST = 16;

const FIXED_WIDTH: Readonly<Record<string, number>> = { float: 4, fixed32: 4, sfixed32: 4, double: 8, fixed64: 8, sfixed64: 8 };

interface Walk {
  readonly reader: Reader;
  readonly budget: number;
  used: number;
}

function charge(w: Walk, cost: number): void {
  w.used += cost;
  if (w.used > w.budget) {
    fail(errors.modelCorrupt(`decoding would build more than ${w.budget} bytes of objects from a ${w.reader.len}-byte file`));
  }
}

function walkMessage(w: Walk, type: Type, end: number, depth: number): void {
  if (depth > MAX_DEPTH) fail(errors.modelCorrupt(`messages nest deeper than ${MAX_DEPTH}`));
  const r = w.reader;
  while (r.pos < end) {
    const tag = r.uint32();
    const wireType = tag & 7;
    const field = type.fieldsById[tag >>> 3];
    if (field !== undefined && wireType === 2) {
      const length = r.uint32();
      if (length > end - r.pos) fail(errors.modelCorrupt(`${type.name}.${field.name} runs past the end of its message`));
      if (field.resolvedType instanceof protobufjs().Type) {
        charge(w, MESSAGE_COST);
        walkMessage(w, field.resolvedType, r.pos + length, depth + 1);
        continue;
      }
      // Packed numbers become one list slot each; bytes and strings are copied once.
      const packed = field.repeated && field.type !== 'bytes' && field.type !== 'string';
      charge(w, packed ? (length / (FIXED_WIDTH[field.type] ?? 1)) * ELEMENT_COST : length + ELEMENT_COST);
      r.skip(length);
      continue;
    }
    if (field?.repeated === true) charge(w, ELEMENT_COST);
    r.skipType(wireType);
  }
  if (r.pos !== end) fail(errors.modelCorrupt(`${type.name} ends inside a field`));
}

/**
 * Walks the encoded message with protobufjs's own Reader and the schema's field table
 * before decoding, charging what decoding would allocate. protobufjs bounds every read by
 * the buffer, but not the objects it builds: a file of empty sub-messages is a few bytes
 * each and a heap object each. Throws MODEL_CORRUPT past the budget or on bad wire data.
 */
export function checkDecodeBudget(bytes: Uint8Array, type: Type): number {
  const w: Walk = { reader: protobufjs().Reader.create(bytes), budget: DECODE_FACTOR * bytes.length + DECODE_ALLOWANCE, used: 0 };
  walkMessage(w, type, bytes.length, 0);
  return w.used;
}

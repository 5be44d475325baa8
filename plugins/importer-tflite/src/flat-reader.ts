import { fail } from '@anvil/core';
import { errors } from '@anvil/core';

/** A span of a flatbuffer vector: where its elements start and how many there are. */
export interface VectorSpan {
  readonly start: number;
  readonly length: number;
}

/**
 * How much the importer may materialise, in file bytes: this many per byte of the file,
 * plus `READ_ALLOWANCE`. See `FlatReader.charge` and the README.
 */
export const READ_FACTOR = 8;
export const READ_ALLOWANCE = 1 << 20;
/** What one table turned into a JS object (a tensor, an operator, a buffer) is charged. */
export const TABLE_COST = 64;

/**
 * A bounds-checked flatbuffer reader. The `flatbuffers` package's generated accessors trust
 * the bytes (JavaScript has no verifier), so a damaged file would surface as a RangeError or,
 * worse, as garbage. Every offset read here is checked against the file, and every vector's
 * extent is checked before anything is allocated for it.
 *
 * Bounding each vector by the file is not enough: offsets may point many times at one place,
 * so a small file can name the same large vector, string or buffer from thousands of tables
 * and make a naive reader allocate the square of its size. Every vector read (its bytes in
 * the file) and every table read from a vector (`TABLE_COST`) is therefore charged against
 * one budget of `READ_FACTOR` × the file size + `READ_ALLOWANCE`; a file that needs more is
 * MODEL_CORRUPT. A well-formed model reads each byte about once.
 */
export class FlatReader {
  private readonly view: DataView;
  private charged = 0;
  readonly budget: number;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = READ_FACTOR * bytes.byteLength + READ_ALLOWANCE;
  }

  /** Bytes charged so far. */
  get used(): number {
    return this.charged;
  }

  /** Counts `bytes` about to be materialised against the budget; fails once it is spent. */
  charge(bytes: number, what: string): void {
    this.charged += bytes;
    if (this.charged > this.budget) {
      fail(
        errors.modelCorrupt(
          `${what}: the file's offsets make it ${Math.round(this.charged / this.bytes.byteLength)}× larger than its ${this.bytes.byteLength} bytes ` +
            `when read (at most ${READ_FACTOR}× is accepted)`,
        ),
      );
    }
  }

  get size(): number {
    return this.bytes.byteLength;
  }

  private check(pos: number, width: number, what: string): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + width > this.bytes.byteLength) {
      fail(errors.modelCorrupt(`${what} at offset ${pos} lies outside the ${this.bytes.byteLength}-byte file`));
    }
  }

  u8(pos: number, what = 'byte'): number {
    this.check(pos, 1, what);
    return this.view.getUint8(pos);
  }

  i8(pos: number, what = 'byte'): number {
    this.check(pos, 1, what);
    return this.view.getInt8(pos);
  }

  u16(pos: number, what = 'uint16'): number {
    this.check(pos, 2, what);
    return this.view.getUint16(pos, true);
  }

  i32(pos: number, what = 'int32'): number {
    this.check(pos, 4, what);
    return this.view.getInt32(pos, true);
  }

  u32(pos: number, what = 'uint32'): number {
    this.check(pos, 4, what);
    return this.view.getUint32(pos, true);
  }

  f32(pos: number, what = 'float'): number {
    this.check(pos, 4, what);
    return this.view.getFloat32(pos, true);
  }

  /** int64/uint64 read as a JS number; values beyond 2^53 are rejected, not rounded. */
  i64(pos: number, what = 'int64'): number {
    this.check(pos, 8, what);
    const v = this.view.getBigInt64(pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      fail(errors.modelCorrupt(`${what} ${v} at offset ${pos} is out of range`));
    }
    return Number(v);
  }

  /** Follows a uoffset_t stored at `pos`. */
  indirect(pos: number, what: string): number {
    const target = pos + this.u32(pos, what);
    this.check(target, 1, what);
    return target;
  }

  /** Position of the root table. */
  root(): number {
    return this.indirect(0, 'root table offset');
  }

  /** Absolute position of field `id` of the table at `table`, or 0 when the field is absent. */
  field(table: number, id: number, what: string): number {
    const vtable = table - this.i32(table, `${what} vtable offset`);
    const vtableSize = this.u16(vtable, `${what} vtable`);
    if (vtableSize < 4 || vtableSize % 2 !== 0) fail(errors.modelCorrupt(`${what} vtable at offset ${vtable} has size ${vtableSize}`));
    this.check(vtable, vtableSize, `${what} vtable`);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtableSize) return 0;
    const rel = this.u16(vtable + slot, `${what} field ${id}`);
    return rel === 0 ? 0 : table + rel;
  }

  /** The table referenced by field `id`, or undefined when absent. */
  tableField(table: number, id: number, what: string): number | undefined {
    const f = this.field(table, id, what);
    return f === 0 ? undefined : this.indirect(f, what);
  }

  /** The vector referenced by field `id` with elements of `width` bytes; empty when absent. */
  vectorField(table: number, id: number, width: number, what: string): VectorSpan {
    const f = this.field(table, id, what);
    if (f === 0) return { start: 0, length: 0 };
    const at = this.indirect(f, what);
    const length = this.u32(at, `${what} length`);
    const start = at + 4;
    if (start + length * width > this.bytes.byteLength) {
      fail(errors.modelCorrupt(`${what} claims ${length} elements at offset ${start}, past the end of the file`));
    }
    this.charge(length * width, what);
    return { start, length };
  }

  /** Scalar field readers with the schema default when absent. */
  scalarField(table: number, id: number, kind: 'u8' | 'i8' | 'i32' | 'u32' | 'f32', fallback: number, what: string): number {
    const f = this.field(table, id, what);
    return f === 0 ? fallback : this[kind](f, what);
  }

  stringField(table: number, id: number, what: string): string {
    const span = this.vectorField(table, id, 1, what);
    return new TextDecoder('utf-8', { fatal: false }).decode(this.bytes.subarray(span.start, span.start + span.length));
  }

  int32Vector(table: number, id: number, what: string): number[] {
    const span = this.vectorField(table, id, 4, what);
    return Array.from({ length: span.length }, (_, i) => this.i32(span.start + 4 * i, what));
  }

  /** Positions of the tables in a vector of tables. */
  tableVector(table: number, id: number, what: string): number[] {
    const span = this.vectorField(table, id, 4, what);
    this.charge(span.length * TABLE_COST, what);
    return Array.from({ length: span.length }, (_, i) => this.indirect(span.start + 4 * i, what));
  }
}

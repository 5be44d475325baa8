/** Bits packed least-significant first into bytes, as the simulator's reader takes them. */
export class BitWriter {
  private readonly bytes: number[] = [];
  private bit = 0;

  write(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.bit % 8 === 0) this.bytes.push(0);
      const last = this.bytes.length - 1;
      this.bytes[last] = (this.bytes[last] as number) | (((value >>> i) & 1) << (this.bit % 8));
      this.bit++;
    }
  }

  get bitLength(): number {
    return this.bit;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Reads what BitWriter wrote; throws past the end (the simulator returns an error instead). */
export class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  read(count: number): number {
    let v = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('bit stream ends early');
      v |= ((byte >> (this.bit & 7)) & 1) << i;
      this.bit++;
    }
    return v >>> 0;
  }
}

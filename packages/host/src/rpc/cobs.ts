/**
 * Consistent Overhead Byte Stuffing: the encoding removes every 0x00 so that 0x00 can
 * delimit frames on the wire. The encoder emits the canonical form PROTOCOL.md section 1
 * specifies (a 254-byte run is followed by a 0x01 block), byte for byte what the C
 * encoder emits, so the two can be compared.
 */
export function cobsMaxEncodedLength(n: number): number {
  return n + Math.ceil((n + 1) / 254) + 1;
}

export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(data.length));
  let o = 0;
  let i = 0;
  for (;;) {
    let run = 0;
    while (i + run < data.length && data[i + run] !== 0 && run < 254) run++;
    out[o++] = run + 1;
    out.set(data.subarray(i, i + run), o);
    o += run;
    i += run;
    // A full block has no implicit zero after it, so the segment goes on (maybe empty).
    if (run === 254) continue;
    if (i === data.length) break;
    i++;
  }
  return out.slice(0, o);
}

/** The decoded bytes, or undefined when the input is not valid COBS (a zero, or a short block). */
export function cobsDecode(encoded: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(encoded.length);
  let o = 0;
  let i = 0;
  while (i < encoded.length) {
    const code = encoded[i++] ?? 0;
    if (code === 0) return undefined;
    for (let k = 1; k < code; k++) {
      if (i >= encoded.length) return undefined;
      const b = encoded[i++] ?? 0;
      if (b === 0) return undefined;
      out[o++] = b;
    }
    if (code !== 0xff && i < encoded.length) out[o++] = 0;
  }
  return out.slice(0, o);
}

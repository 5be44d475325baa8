import type { NpuConfig } from '../spec/npu-config.js';
import type { StreamConfig } from '../spec/stream-config.js';
import { streamConfig } from '../spec/stream-config.js';
import { HEADER, HEADER_WORDS, OPCODE, REG, REG_COUNT, STREAM_MAGIC, STREAM_VERSION } from './format.js';
import type { RegName } from './format.js';

/** Register values an operation needs; unspecified registers keep what they held. */
export type RegValues = Partial<Record<RegName, number>>;

/**
 * Builds a command stream. Registers are written only when they change, as a real driver's
 * stream would be, so the simulator must honour state carried between operations.
 */
export class CommandWriter {
  private readonly words: number[] = [];
  private readonly regs = new Array<number | undefined>(REG_COUNT).fill(undefined);

  constructor(config: NpuConfig) {
    const h = new Array<number>(HEADER_WORDS).fill(0);
    h[HEADER.magic] = STREAM_MAGIC;
    h[HEADER.version] = STREAM_VERSION;
    for (const [k, v] of Object.entries(streamConfig(config)) as [keyof StreamConfig, number][]) h[HEADER[k]] = v;
    this.words.push(...h);
  }

  private command(opcode: number, arg: number, payload: readonly number[]): void {
    this.words.push((opcode | (arg << 8) | (payload.length << 16)) >>> 0, ...payload.map((v) => v >>> 0));
  }

  set(values: RegValues): this {
    for (const [name, value] of Object.entries(values) as [RegName, number][]) {
      if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
        throw new RangeError(`register ${name} = ${value} is not an int32`);
      }
      const r = REG[name];
      if (this.regs[r] === value) continue;
      this.regs[r] = value;
      this.command(OPCODE.setReg, r, [value]);
    }
    return this;
  }

  op(opcode: number, arg: number): this {
    this.command(opcode, arg, []);
    return this;
  }

  /** Ends the stream and returns it, with the total word count in the header. */
  finish(): Uint32Array {
    this.command(OPCODE.stop, 0, []);
    const out = Uint32Array.from(this.words);
    out[HEADER.words] = out.length;
    return out;
  }
}

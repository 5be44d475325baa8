import { errors } from '@anvil/core';
import { RpcError } from './errors.js';
import type { Frame } from './frame.js';
import { RPC_VERSION, UNATTRIBUTED_SEQ } from './frame.js';

/** Request kinds (PROTOCOL.md section 3); a reply's kind is the request's with bit 7 set. */
export const RpcKind = {
  hello: 0x01,
  writeInput: 0x02,
  run: 0x03,
  readOutput: 0x04,
  profile: 0x05,
  stats: 0x06,
  fault: 0x07,
  reset: 0x08,
} as const;
export type RpcKindName = keyof typeof RpcKind;
export const REPLY_BIT = 0x80;
export const ERROR_KIND = 0xff;
/** Sent unasked, with seq 0xFFFF, by a board that restarted with a fault record pending. */
export const RESTART_NOTICE_KIND = 0xfe;

/** Device error codes (PROTOCOL.md section 5). */
export const DeviceErrorCode = {
  badCrc: 1,
  badLength: 2,
  frameTooLong: 3,
  unknownCommand: 4,
  versionMismatch: 5,
  badArgument: 6,
  runFailed: 7,
  timeout: 8,
  badFraming: 9,
  unsupported: 10,
} as const;
export type DeviceErrorName = keyof typeof DeviceErrorCode;

export const RUN_FORCE = 0x01;
export const RUN_CACHED = 0x01;
export const FAULT_CLEAR = 0x01;

export interface Request {
  readonly kind: number;
  readonly payload: Uint8Array;
}

function bytes(n: number, fill: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(n);
  fill(new DataView(out.buffer));
  return out;
}

function checkInt(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RpcError(errors.rpcRequestInvalid(`${name} ${value} is not an integer in 0..${max}`, 'pass a value the field can hold'));
  }
}

export function helloRequest(firstTensor = 0): Request {
  checkInt('first tensor', firstTensor, 0xff);
  return { kind: RpcKind.hello, payload: firstTensor === 0 ? new Uint8Array(0) : Uint8Array.of(firstTensor) };
}

export function writeInputRequest(input: number, offset: number, data: Uint8Array): Request {
  checkInt('input index', input, 0xff);
  checkInt('offset', offset, 0xffffffff);
  const payload = new Uint8Array(8 + data.length);
  const v = new DataView(payload.buffer);
  v.setUint8(0, input);
  v.setUint32(4, offset, true);
  payload.set(data, 8);
  return { kind: RpcKind.writeInput, payload };
}

/** The `write_input` requests that write all of `data`, each carrying at most `maxPayload - 8` bytes. */
export function writeInputChunks(input: number, data: Uint8Array, maxPayload: number): Request[] {
  const step = maxPayload - 8;
  if (step <= 0)
    throw new RpcError(errors.rpcRequestInvalid(`max payload ${maxPayload} leaves no room for data`, 'use the max payload hello reports'));
  const out: Request[] = [];
  let off = 0;
  // An empty input still gets one (empty) write, so the caller always sees a reply.
  do {
    out.push(writeInputRequest(input, off, data.subarray(off, off + step)));
    off += step;
  } while (off < data.length);
  return out;
}

export function runRequest(runId: number, force = false): Request {
  checkInt('run id', runId, 0xffffffff);
  return {
    kind: RpcKind.run,
    payload: bytes(8, (v) => {
      v.setUint32(0, runId, true);
      v.setUint8(4, force ? RUN_FORCE : 0);
    }),
  };
}

export function readOutputRequest(output: number, offset: number, maxBytes: number): Request {
  checkInt('output index', output, 0xff);
  checkInt('offset', offset, 0xffffffff);
  checkInt('max bytes', maxBytes, 0xffff);
  return {
    kind: RpcKind.readOutput,
    payload: bytes(12, (v) => {
      v.setUint8(0, output);
      v.setUint32(4, offset, true);
      v.setUint16(8, maxBytes, true);
    }),
  };
}

export function profileRequest(firstLayer: number, maxEntries: number): Request {
  checkInt('first layer', firstLayer, 0xffffffff);
  checkInt('max entries', maxEntries, 0xffff);
  return {
    kind: RpcKind.profile,
    payload: bytes(8, (v) => {
      v.setUint32(0, firstLayer, true);
      v.setUint16(4, maxEntries, true);
    }),
  };
}

export function statsRequest(): Request {
  return { kind: RpcKind.stats, payload: new Uint8Array(0) };
}

export function faultRequest(clear: boolean): Request {
  return { kind: RpcKind.fault, payload: Uint8Array.of(clear ? FAULT_CLEAR : 0) };
}

export function resetRequest(mode: 0 | 1): Request {
  return { kind: RpcKind.reset, payload: Uint8Array.of(mode, 0, 0, 0) };
}

/** A bounds-checked little-endian reader: running off the end is RPC_REPLY_MALFORMED. */
class Reader {
  private readonly view: DataView;
  constructor(
    private readonly what: string,
    private readonly data: Uint8Array,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  need(offset: number, n: number): void {
    if (offset + n > this.data.length) {
      throw malformed(this.what, `needs ${offset + n} bytes, has ${this.data.length}`);
    }
  }
  u8(o: number): number {
    this.need(o, 1);
    return this.view.getUint8(o);
  }
  u16(o: number): number {
    this.need(o, 2);
    return this.view.getUint16(o, true);
  }
  u32(o: number): number {
    this.need(o, 4);
    return this.view.getUint32(o, true);
  }
  i32(o: number): number {
    this.need(o, 4);
    return this.view.getInt32(o, true);
  }
  f32(o: number): number {
    this.need(o, 4);
    return this.view.getFloat32(o, true);
  }
  u64(o: number): bigint {
    this.need(o, 8);
    return this.view.getBigUint64(o, true);
  }
  slice(o: number, n: number): Uint8Array {
    this.need(o, n);
    return this.data.slice(o, o + n);
  }
  exactly(n: number): void {
    if (this.data.length !== n) throw malformed(this.what, `has ${this.data.length} bytes, expected ${n}`);
  }
}

function malformed(what: string, why: string): RpcError {
  return new RpcError(errors.rpcReplyMalformed(what, why, { reason: 'malformed' }));
}

export interface DeviceErrorInfo {
  readonly code: number;
  readonly name: DeviceErrorName | 'unknown';
  readonly requestKind: number;
  readonly deviceVersion: number;
  readonly detail: number;
  readonly detail2: number;
  /** No request is named: the device could not trust the frame (PROTOCOL.md section 5). */
  readonly unattributed: boolean;
}

export function parseDeviceError(frame: Frame): DeviceErrorInfo {
  const r = new Reader('error', frame.payload);
  r.exactly(12);
  const code = r.u16(0);
  const name = (Object.keys(DeviceErrorCode) as DeviceErrorName[]).find((k) => DeviceErrorCode[k] === code) ?? 'unknown';
  return {
    code,
    name,
    requestKind: r.u8(2),
    deviceVersion: r.u8(3),
    detail: r.i32(4),
    detail2: r.u32(8),
    unattributed: frame.seq === UNATTRIBUTED_SEQ,
  };
}

/** The typed error for an error reply; a version mismatch says which side to update. */
export function deviceErrorToRpcError(info: DeviceErrorInfo): RpcError {
  if (info.name === 'versionMismatch') {
    const side = info.detail === 1 ? 'the host (@anvil/host)' : 'the firmware (rebuild it with this runtime)';
    return new RpcError(
      errors.rpcVersionMismatch(`the device speaks RPC version ${info.deviceVersion}, the host ${info.detail2}`, side, { ...info }),
    );
  }
  return new RpcError(errors.rpcDeviceError(`the device answered ${info.name} (code ${info.code})`, hintFor(info), { ...info }));
}

function hintFor(info: DeviceErrorInfo): string {
  switch (info.name) {
    case 'runFailed':
      return `the model returned anvil_status_t ${info.detail} (anvil/status.h): check the inputs, or report it with the model`;
    case 'badArgument':
      return `request field at payload offset ${info.detail} exceeds ${info.detail2}: send what hello describes`;
    case 'unsupported':
      return 'the firmware was built without this feature: rebuild it with the feature on';
    default:
      return 'the board could not use the request (the line may corrupt bytes): check the cable and --baud, and try again';
  }
}

/** The reply's payload if it answers `kind`; an error reply or another kind is a typed error. */
export function expectReply(frame: Frame, kind: number): Uint8Array {
  if (frame.kind === ERROR_KIND) throw deviceErrorToRpcError(parseDeviceError(frame));
  if (frame.kind !== (kind | REPLY_BIT)) {
    throw new RpcError(
      errors.rpcReplyMalformed(`0x${(kind | REPLY_BIT).toString(16)}`, `came back as kind 0x${frame.kind.toString(16)}`, {
        reason: 'unexpected',
        kind: frame.kind,
      }),
    );
  }
  if (frame.version !== RPC_VERSION) {
    throw new RpcError(
      errors.rpcVersionMismatch(
        `reply has protocol version ${frame.version}, the host speaks ${RPC_VERSION}`,
        frame.version > RPC_VERSION ? 'the host (@anvil/host)' : 'the firmware (rebuild it with this runtime)',
        { deviceVersion: frame.version },
      ),
    );
  }
  return frame.payload;
}

export const DTYPES = ['int8', 'uint8', 'int16', 'int32', 'float32'] as const;
export type RpcDtype = (typeof DTYPES)[number] | 'other';

export interface TensorDescriptor {
  readonly dtype: RpcDtype;
  readonly direction: 'input' | 'output';
  readonly index: number;
  readonly bytes: number;
  readonly scale: number;
  readonly zeroPoint: number;
  readonly shape: readonly number[];
}

export interface HelloReply {
  readonly version: number;
  readonly faultPending: boolean;
  readonly hasProfile: boolean;
  readonly canReboot: boolean;
  readonly hasStackHighWater: boolean;
  readonly maxPayload: number;
  readonly countKind: 'none' | 'cycles' | 'instructions' | 'microseconds' | 'other';
  readonly inputCount: number;
  readonly outputCount: number;
  readonly arenaBytes: number;
  readonly poolBytes: number;
  readonly profileLayers: number;
  readonly firmwareId: string;
  readonly modelId: string;
  readonly target: string;
  readonly firstTensor: number;
  readonly tensors: readonly TensorDescriptor[];
}

const COUNT_KINDS = ['none', 'cycles', 'instructions', 'microseconds'] as const;
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

export function parseHelloReply(frame: Frame): HelloReply {
  const r = new Reader('hello', expectReply(frame, RpcKind.hello));
  const flags = r.u8(1);
  const targetLength = r.u8(7);
  if (targetLength > 32) throw malformed('hello', `states a target name of ${targetLength} bytes (at most 32)`);
  const inputCount = r.u8(5);
  const outputCount = r.u8(6);
  const firstTensor = r.u8(36);
  const count = r.u8(37);
  if (firstTensor + count > inputCount + outputCount)
    throw malformed('hello', `has descriptors past the ${inputCount + outputCount} tensors`);
  const tensors: TensorDescriptor[] = [];
  let o = 40 + targetLength;
  r.need(40, targetLength);
  for (let i = 0; i < count; i++) {
    const rank = r.u8(o + 1);
    if (rank > 6) throw malformed('hello', `has a tensor of rank ${rank} (at most 6)`);
    const dtype = r.u8(o);
    const shape: number[] = [];
    for (let d = 0; d < rank; d++) shape.push(r.u32(o + 16 + 4 * d));
    tensors.push({
      dtype: DTYPES[dtype] ?? 'other',
      direction: r.u8(o + 2) === 0 ? 'input' : 'output',
      index: r.u8(o + 3),
      bytes: r.u32(o + 4),
      scale: r.f32(o + 8),
      zeroPoint: r.i32(o + 12),
      shape,
    });
    o += 16 + 4 * rank;
  }
  r.exactly(o);
  const countKind = r.u8(4);
  return {
    version: r.u8(0),
    faultPending: (flags & 1) !== 0,
    hasProfile: (flags & 2) !== 0,
    canReboot: (flags & 4) !== 0,
    hasStackHighWater: (flags & 8) !== 0,
    maxPayload: r.u16(2),
    countKind: COUNT_KINDS[countKind] ?? 'other',
    inputCount,
    outputCount,
    arenaBytes: r.u32(8),
    poolBytes: r.u32(12),
    profileLayers: r.u32(16),
    firmwareId: hex(r.slice(20, 8)),
    modelId: hex(r.slice(28, 8)),
    target: String.fromCharCode(...r.slice(40, targetLength)),
    firstTensor,
    tensors,
  };
}

export interface WriteInputReply {
  readonly input: number;
  readonly offset: number;
  readonly written: number;
}

export function parseWriteInputReply(frame: Frame): WriteInputReply {
  const r = new Reader('write_input', expectReply(frame, RpcKind.writeInput));
  r.exactly(12);
  return { input: r.u8(0), offset: r.u32(4), written: r.u32(8) };
}

export interface RunReply {
  readonly runId: number;
  readonly cached: boolean;
  readonly countKind: number;
  readonly count: bigint;
}

export function parseRunReply(frame: Frame): RunReply {
  const r = new Reader('run', expectReply(frame, RpcKind.run));
  r.exactly(16);
  return { runId: r.u32(0), cached: (r.u8(4) & RUN_CACHED) !== 0, countKind: r.u8(5), count: r.u64(8) };
}

export interface ReadOutputReply {
  readonly output: number;
  readonly offset: number;
  readonly data: Uint8Array;
}

export function parseReadOutputReply(frame: Frame): ReadOutputReply {
  const payload = expectReply(frame, RpcKind.readOutput);
  const r = new Reader('read_output', payload);
  r.need(0, 8);
  return { output: r.u8(0), offset: r.u32(4), data: payload.slice(8) };
}

export interface ProfileReply {
  readonly layerCount: number;
  readonly firstLayer: number;
  readonly counts: readonly bigint[];
}

export function parseProfileReply(frame: Frame): ProfileReply {
  const payload = expectReply(frame, RpcKind.profile);
  const r = new Reader('profile', payload);
  r.need(0, 8);
  if ((payload.length - 8) % 8 !== 0) throw malformed('profile', `carries ${payload.length - 8} count bytes, not a multiple of 8`);
  const counts: bigint[] = [];
  for (let o = 8; o < payload.length; o += 8) counts.push(r.u64(o));
  return { layerCount: r.u32(0), firstLayer: r.u32(4), counts };
}

export interface StatsReply {
  readonly runs: number;
  readonly cachedRuns: number;
  readonly lastStatus: number;
  readonly lastRunId: number;
  /** Undefined when the firmware cannot measure it. */
  readonly stackHighWater: number | undefined;
  readonly framesOk: number;
  readonly framesRejected: number;
  readonly hasLastRun: boolean;
}

export function parseStatsReply(frame: Frame): StatsReply {
  const r = new Reader('stats', expectReply(frame, RpcKind.stats));
  r.exactly(32);
  const stack = r.u32(16);
  return {
    runs: r.u32(0),
    cachedRuns: r.u32(4),
    lastStatus: r.i32(8),
    lastRunId: r.u32(12),
    stackHighWater: stack === 0xffffffff ? undefined : stack,
    framesOk: r.u32(20),
    framesRejected: r.u32(24),
    hasLastRun: (r.u8(28) & 1) !== 0,
  };
}

export type FaultReply =
  | { readonly arch: 'none' }
  | {
      readonly arch: 'arm';
      readonly pc: number;
      readonly lr: number;
      readonly xpsr: number;
      readonly cfsr: number;
      readonly hfsr: number;
      readonly mmfar: number;
      readonly bfar: number;
    }
  | { readonly arch: 'riscv'; readonly mepc: number; readonly mcause: number; readonly mtval: number };

export function parseFaultReply(frame: Frame): FaultReply {
  const r = new Reader('fault', expectReply(frame, RpcKind.fault));
  const arch = r.u8(0);
  const count = r.u8(1);
  r.exactly(4 + 4 * count);
  const reg = (i: number): number => r.u32(4 + 4 * i);
  if (arch === 0 && count === 0) return { arch: 'none' };
  if (arch === 1 && count === 7)
    return { arch: 'arm', pc: reg(0), lr: reg(1), xpsr: reg(2), cfsr: reg(3), hfsr: reg(4), mmfar: reg(5), bfar: reg(6) };
  if (arch === 2 && count === 3) return { arch: 'riscv', mepc: reg(0), mcause: reg(1), mtval: reg(2) };
  throw malformed('fault', `has arch ${arch} with ${count} registers`);
}

export function parseResetReply(frame: Frame): { readonly mode: number } {
  const r = new Reader('reset', expectReply(frame, RpcKind.reset));
  r.exactly(4);
  return { mode: r.u8(0) };
}

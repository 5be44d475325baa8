import { randomInt } from 'node:crypto';
import { errors } from '@anvil/core';
import { RpcError, RpcTimeoutError } from './errors.js';
import { RpcDeviceFaultError } from './fault.js';
import type { DecodeResult, Frame } from './frame.js';
import { encodeRequest, FrameDecoder, UNATTRIBUTED_SEQ } from './frame.js';
import type { FaultReply, HelloReply, ProfileReply, Request, RunReply, StatsReply, TensorDescriptor } from './messages.js';
import {
  ERROR_KIND,
  RESTART_NOTICE_KIND,
  faultRequest,
  helloRequest,
  parseFaultReply,
  parseHelloReply,
  parseProfileReply,
  parseReadOutputReply,
  parseResetReply,
  parseRunReply,
  parseStatsReply,
  parseWriteInputReply,
  profileRequest,
  readOutputRequest,
  resetRequest,
  runRequest,
  statsRequest,
  writeInputChunks,
} from './messages.js';
import type { ByteTransport } from './transport.js';

export { RpcTimeoutError } from './errors.js';

/** Whether a failure is one of the client's typed ones (a device error or fault, a bad reply, a timeout). */
export function isRpcFailure(e: unknown): e is RpcError {
  return e instanceof RpcError;
}

export interface RpcClientOptions {
  /** How long one try waits for its reply. */
  readonly timeoutMs?: number;
  /** Tries after the first, each resending the same frame (same seq). */
  readonly retries?: number;
  /** How long one try of `run` waits: the inference happens before the reply. */
  readonly runTimeoutMs?: number;
  /** First run id (counts up); random by default, so two sessions do not share ids. */
  readonly firstRunId?: number;
}

/** What the client saw on the line: how often it had to try again, and why. */
export interface RpcLineCounters {
  requests: number;
  resends: number;
  timeouts: number;
  badFrames: number;
  unattributedErrors: number;
  lateReplies: number;
  /** Restart notices: the board crashed and came back while a request waited. */
  restarts: number;
}

const SEQ_LIMIT = 0xffff; // seq runs 0 .. 0xFFFE; 0xFFFF is the unattributed marker

/**
 * A host-side RPC session over any byte transport (PROTOCOL.md section 6): one request at a
 * time, a leading delimiter before each, replies matched by seq, and on a timeout, an
 * unattributed device error or an undecodable frame the same frame sent again, a bounded
 * number of times. Every command may be repeated; `run` carries a fresh run id per inference
 * and keeps it across its retries, so the device never runs one request twice.
 */
export class RpcClient {
  private readonly decoder = new FrameDecoder();
  private queue: DecodeResult[] = [];
  private wake: (() => void) | undefined;
  private seq: number;
  private runId: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly runTimeoutMs: number;
  /** The device's limit, from `hello`; until then the protocol's minimum. */
  maxPayload = 128;
  readonly counters: RpcLineCounters = {
    requests: 0,
    resends: 0,
    timeouts: 0,
    badFrames: 0,
    unattributedErrors: 0,
    lateReplies: 0,
    restarts: 0,
  };

  constructor(
    private readonly transport: ByteTransport,
    options: RpcClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.retries = options.retries ?? 4;
    this.runTimeoutMs = options.runTimeoutMs ?? 30_000;
    this.runId = (options.firstRunId ?? randomInt(0, 0x7fffffff)) >>> 0;
    this.seq = randomInt(0, SEQ_LIMIT);
    transport.onData((chunk) => {
      for (const r of this.decoder.push(chunk)) this.queue.push(r);
      this.wake?.();
    });
  }

  /** Sends a request until a reply with its seq comes back; the reply may be an error frame. */
  request(req: Request, timeoutMs = this.timeoutMs, retries = this.retries): Promise<Frame> {
    return this.exchange(req, timeoutMs, retries);
  }

  /**
   * One request, its resends, its reply. `beforeResend` runs when a try got no answer at all
   * or heard that the board restarted (not after a bad frame or an unattributed error, which
   * prove the device is alive): it may throw to stop the resends.
   */
  private async exchange(req: Request, timeoutMs: number, retries: number, beforeResend?: () => Promise<void>): Promise<Frame> {
    const seq = this.seq;
    this.seq = (this.seq + 1) % SEQ_LIMIT;
    const wire = encodeRequest(req.kind, seq, req.payload);
    // Whatever arrived before this request cannot answer it; an old error must not cause a resend.
    this.queue = [];
    this.counters.requests++;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) this.counters.resends++;
      await this.transport.write(wire);
      const reply = await this.awaitReply(seq, timeoutMs);
      if (reply === 'timeout' || reply === 'restarted') await beforeResend?.();
      else if (reply !== 'again') return reply;
    }
    throw new RpcTimeoutError(
      errors.rpcTimeout(`no reply to request kind 0x${req.kind.toString(16)} (seq ${seq}) after ${retries + 1} tries`, {
        kind: req.kind,
        seq,
        tries: retries + 1,
      }),
    );
  }

  /**
   * The reply with this seq; 'timeout' when none came, 'again' when one may have been spoiled,
   * 'restarted' when the board says it crashed and restarted (the request died with it).
   */
  private async awaitReply(seq: number, timeoutMs: number): Promise<Frame | 'timeout' | 'again' | 'restarted'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.queue.shift();
      if (r === undefined) {
        const left = deadline - Date.now();
        if (left <= 0) {
          this.counters.timeouts++;
          return 'timeout';
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
        continue;
      }
      if (!r.ok) {
        // It may have been this request's reply: ask again rather than wait out the timeout.
        this.counters.badFrames++;
        return 'again';
      }
      if (r.frame.seq === seq) return r.frame;
      if (r.frame.kind === RESTART_NOTICE_KIND && r.frame.seq === UNATTRIBUTED_SEQ) {
        this.counters.restarts++;
        return 'restarted';
      }
      if (r.frame.kind === ERROR_KIND && r.frame.seq === UNATTRIBUTED_SEQ) {
        // The device dropped a frame it could not trust, maybe this request.
        this.counters.unattributedErrors++;
        return 'again';
      }
      this.counters.lateReplies++;
    }
  }

  /** `hello` with every tensor descriptor (asked for again from where a reply stopped). */
  async hello(): Promise<HelloReply> {
    const first = parseHelloReply(await this.request(helloRequest()));
    const tensors: TensorDescriptor[] = [...first.tensors];
    const total = first.inputCount + first.outputCount;
    while (tensors.length < total) {
      const more = parseHelloReply(await this.request(helloRequest(tensors.length)));
      if (more.tensors.length === 0) throw unexpected('hello', `stops at descriptor ${tensors.length} of ${total}`);
      tensors.push(...more.tensors);
    }
    this.maxPayload = first.maxPayload;
    return { ...first, tensors };
  }

  /** Writes a whole input, in chunks that fit the device's max payload. */
  async writeInput(input: number, data: Uint8Array): Promise<void> {
    for (const chunk of writeInputChunks(input, data, this.maxPayload)) {
      const view = new DataView(chunk.payload.buffer, chunk.payload.byteOffset);
      const offset = view.getUint32(4, true);
      const r = parseWriteInputReply(await this.request(chunk));
      if (r.input !== input || r.offset !== offset || r.written !== chunk.payload.length - 8)
        throw unexpected(
          'write_input',
          `acknowledged input ${r.input} offset ${r.offset} (${r.written} bytes) for input ${input} offset ${offset}`,
        );
    }
  }

  /**
   * Runs one inference under a new run id; retries reuse the id, so the model runs once. A run
   * that gets no answer may have crashed the board, which restarts with an empty run cache:
   * sending it again would run the model again. So before any resend the board is asked
   * (`hello`) whether it kept a fault record; if so the record is read and cleared, and the
   * run fails with RPC_DEVICE_FAULT. The board serves again, so the session goes on.
   */
  async run(): Promise<RunReply> {
    const id = this.runId;
    this.runId = (this.runId + 1) >>> 0;
    const r = parseRunReply(await this.exchange(runRequest(id), this.runTimeoutMs, this.retries, () => this.throwIfFaulted('run')));
    if (r.runId !== id) throw unexpected('run', `answers run id ${r.runId}, not ${id}`);
    return r;
  }

  /** Throws RPC_DEVICE_FAULT, with the record read and cleared, when the board kept one. */
  async throwIfFaulted(during: string): Promise<void> {
    const hello = parseHelloReply(await this.request(helloRequest()));
    if (!hello.faultPending) return;
    const fault = await this.fault(true);
    if (fault.arch === 'none') return;
    throw new RpcDeviceFaultError(fault, during);
  }

  /** The board counter's count per program step of the last run (`profile`, in chunks). */
  async profile(): Promise<bigint[]> {
    const counts: bigint[] = [];
    let total: number | undefined;
    while (total === undefined || counts.length < total) {
      const r: ProfileReply = parseProfileReply(await this.request(profileRequest(counts.length, 0xffff)));
      if (r.firstLayer !== counts.length) throw unexpected('profile', `starts at layer ${r.firstLayer}, not ${counts.length}`);
      total = r.layerCount;
      if (r.counts.length === 0 && counts.length < total) throw unexpected('profile', `stops at layer ${counts.length} of ${total}`);
      counts.push(...r.counts);
    }
    return counts;
  }

  /** Reads a whole output of `bytes` bytes, in chunks. */
  async readOutput(output: number, bytes: number): Promise<Uint8Array> {
    const out = new Uint8Array(bytes);
    let offset = 0;
    while (offset < bytes) {
      const r = parseReadOutputReply(await this.request(readOutputRequest(output, offset, Math.min(0xffff, bytes - offset))));
      if (r.output !== output || r.offset !== offset) throw unexpected('read_output', `answers output ${r.output} offset ${r.offset}`);
      if (r.data.length === 0 || offset + r.data.length > bytes)
        throw unexpected('read_output', `carries ${r.data.length} bytes at ${offset} of an output of ${bytes}`);
      out.set(r.data, offset);
      offset += r.data.length;
    }
    return out;
  }

  async stats(): Promise<StatsReply> {
    return parseStatsReply(await this.request(statsRequest()));
  }

  async fault(clear = false): Promise<FaultReply> {
    return parseFaultReply(await this.request(faultRequest(clear)));
  }

  /** Mode 0 resets the session; mode 1 also reboots the board (under QEMU -no-reboot: ends it). */
  async reset(mode: 0 | 1 = 0, retries = this.retries): Promise<void> {
    const r = parseResetReply(await this.request(resetRequest(mode), this.timeoutMs, retries));
    if (r.mode !== mode) throw unexpected('reset', `answers mode ${r.mode}, not ${mode}`);
  }
}

function unexpected(what: string, why: string): RpcError {
  return new RpcError(errors.rpcReplyMalformed(what, why, { reason: 'unexpected' }));
}

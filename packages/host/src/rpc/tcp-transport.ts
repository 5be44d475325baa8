import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { errors } from '@anvil/core';
import { RpcError } from './errors.js';
import type { ByteTransport } from './transport.js';

export interface TcpConnectOptions {
  /**
   * How long to keep trying while the other end refuses: a QEMU started with
   * `-serial tcp:…,server=on` listens only once it has parsed its command line.
   */
  readonly retryMs?: number;
}

const RETRY_STEP_MS = 25;

/**
 * A serial line carried over TCP: QEMU's `-serial tcp:HOST:PORT,server=on` or a serial-to-network
 * bridge in front of a real board. Nagle's algorithm is off so a small request leaves at once.
 */
export class TcpTransport implements ByteTransport {
  private receiver: (chunk: Uint8Array) => void = () => undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receiver(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    // A dropped connection must not crash the process; the client's next write or wait reports it.
    socket.on('error', (e) => (this.failure = e));
  }

  static async connect(host: string, port: number, options: TcpConnectOptions = {}): Promise<TcpTransport> {
    const deadline = Date.now() + (options.retryMs ?? 0);
    for (;;) {
      try {
        return new TcpTransport(await connectOnce(host, port));
      } catch (e) {
        const refused = (e as NodeJS.ErrnoException).code === 'ECONNREFUSED';
        if (!refused || Date.now() >= deadline)
          throw new RpcError(
            errors.rpcDeviceError(
              `cannot connect to ${host}:${port}: ${(e as Error).message}`,
              'check that the board (or QEMU with -serial tcp:…,server=on) is listening on that address',
              { host, port },
            ),
          );
        await new Promise((resolve) => setTimeout(resolve, RETRY_STEP_MS));
      }
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.lost());
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => (err === null || err === undefined ? resolve() : reject(this.lost(err))));
    });
  }

  onData(receiver: (chunk: Uint8Array) => void): void {
    this.receiver = receiver;
  }

  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      // A peer that never answers the FIN must not hold the session open.
      setTimeout(() => this.socket.destroy(), 500).unref();
    });
  }

  private lost(err?: Error): RpcError {
    const why = (err ?? this.failure)?.message ?? 'closed';
    return new RpcError(errors.rpcDeviceError(`the TCP serial line dropped: ${why}`, 'check the board or bridge and run again'));
  }
}

function connectOnce(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const failed = (e: Error): void => {
      socket.destroy();
      reject(e);
    };
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.off('error', failed);
      resolve(socket);
    });
  });
}

import { SerialPort } from 'serialport';
import { errors } from '@anvil/core';
import { RpcError } from './errors.js';
import type { ByteTransport } from './transport.js';

/** Writes larger than this go out piece by piece with a drain between (a pty stalled on 64 KiB). */
const WRITE_CHUNK = 4096;

/** A serial port (or QEMU's pseudo-terminal) opened with the `serialport` package, raw 8N1. */
export class SerialTransport implements ByteTransport {
  private receiver: (chunk: Uint8Array) => void = () => undefined;

  private constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => this.receiver(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }

  static open(path: string, baudRate = 115200): Promise<SerialTransport> {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    return new Promise((resolve, reject) => {
      port.open((err) => {
        if (err === null || err === undefined) resolve(new SerialTransport(port));
        else
          reject(
            new RpcError(
              errors.rpcDeviceError(`cannot open ${path}: ${err.message}`, 'check the port name and that nothing else holds it', { path }),
            ),
          );
      });
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; at += WRITE_CHUNK) {
      const piece = Buffer.from(bytes.subarray(at, at + WRITE_CHUNK));
      await new Promise<void>((resolve, reject) => {
        this.port.write(piece, (err) => (err === null || err === undefined ? resolve() : reject(err)));
      });
      await new Promise<void>((resolve, reject) => {
        this.port.drain((err) => (err === null || err === undefined ? resolve() : reject(err)));
      });
    }
  }

  onData(receiver: (chunk: Uint8Array) => void): void {
    this.receiver = receiver;
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}

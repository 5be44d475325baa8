import { errors } from '@anvil/core';
import { RpcError } from './errors.js';
import { SerialTransport } from './serial-transport.js';
import { TcpTransport } from './tcp-transport.js';
import type { ByteTransport } from './transport.js';

/** Where a board's serial line is: a device path, or a TCP endpoint written `tcp:HOST:PORT`. */
export type LineAddress =
  { readonly kind: 'serial'; readonly path: string } | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

const TCP = /^tcp:(?:\[([^\]]+)\]|([^:]+)):(\d+)$/;

/** Reads a `--port` value; `tcp:…` that is not `tcp:HOST:PORT` with a port in 1..65535 is refused. */
export function parseLineAddress(port: string): LineAddress {
  if (!port.startsWith('tcp:')) return { kind: 'serial', path: port };
  const m = TCP.exec(port);
  const number = m === null ? Number.NaN : Number(m[3]);
  if (m === null || !Number.isInteger(number) || number < 1 || number > 65535)
    throw new RpcError(errors.rpcRequestInvalid(`${port} is not a TCP address`, 'write it as tcp:HOST:PORT, e.g. tcp:127.0.0.1:4444'));
  return { kind: 'tcp', host: (m[1] ?? m[2]) as string, port: number };
}

/** Opens the line; the baud rate only matters to a real serial port. */
export function openLine(address: LineAddress, baud: number): Promise<ByteTransport> {
  return address.kind === 'tcp' ? TcpTransport.connect(address.host, address.port) : SerialTransport.open(address.path, baud);
}

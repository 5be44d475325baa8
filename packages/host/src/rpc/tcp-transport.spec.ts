/**
 * The TCP line against the real C server: a local TCP server stands in for QEMU's
 * `-serial tcp:…,server=on` (or a serial-to-network bridge) and joins the connection to the
 * server's stdin/stdout. `--port` addresses are parsed strictly.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStdioServer, startStdioServer, STDIO_SERVER_BYTES } from '../testing/stdio-server.js';
import { hasTool } from '../tools.js';
import { RpcClient } from './client.js';
import { RpcError } from './errors.js';
import { openLine, parseLineAddress } from './open-transport.js';
import { TcpTransport } from './tcp-transport.js';

describe('parseLineAddress', () => {
  it('keeps device paths and reads tcp:HOST:PORT', () => {
    expect(parseLineAddress('/dev/ttyACM0')).toEqual({ kind: 'serial', path: '/dev/ttyACM0' });
    expect(parseLineAddress('tcp:127.0.0.1:4444')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 4444 });
    expect(parseLineAddress('tcp:board.local:1')).toEqual({ kind: 'tcp', host: 'board.local', port: 1 });
    expect(parseLineAddress('tcp:[::1]:65535')).toEqual({ kind: 'tcp', host: '::1', port: 65535 });
  });

  it.each(['tcp:', 'tcp:host', 'tcp:host:0', 'tcp:host:65536', 'tcp:host:12x', 'tcp::4444'])('refuses %s with a typed error', (a) => {
    expect(() => parseLineAddress(a)).toThrow(RpcError);
  });
});

const gcc = hasTool('gcc');
const dir = mkdtempSync(join(tmpdir(), 'anvil-rpc-tcp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!gcc && process.env['CI'] !== 'true')(`TcpTransport ${gcc ? '' : '(skipped: gcc is missing)'}`, () => {
  let child: ChildProcessWithoutNullStreams;
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    child = startStdioServer(buildStdioServer(dir));
    server = createServer((socket) => {
      socket.pipe(child.stdin, { end: false });
      child.stdout.pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const a = server.address();
    port = typeof a === 'object' && a !== null ? a.port : 0;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    child?.stdin.end();
  });

  it('carries a whole session: hello, a chunked input, a run and the output', async () => {
    const line = await openLine(parseLineAddress(`tcp:127.0.0.1:${port}`), 115200);
    try {
      const client = new RpcClient(line, { timeoutMs: 1000, retries: 2 });
      expect((await client.hello()).target).toBe('host-test');
      const input = Uint8Array.from({ length: STDIO_SERVER_BYTES }, (_, i) => (i * 3) & 0x7f);
      await client.writeInput(0, input);
      await client.run();
      expect(await client.readOutput(0, STDIO_SERVER_BYTES)).toEqual(input.map((b) => b + 1));
    } finally {
      await line.close();
    }
  });

  it('a refused connection is a typed error once the retry window closes', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const a = closed.address();
    const unused = typeof a === 'object' && a !== null ? a.port : 0;
    await new Promise((resolve) => closed.close(resolve));
    const e = await TcpTransport.connect('127.0.0.1', unused, { retryMs: 100 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).message).toContain(`127.0.0.1:${unused}`);
  });
});

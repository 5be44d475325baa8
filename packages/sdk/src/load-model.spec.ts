import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError, perTensor } from '@anvil/core';
import type { Graph, Importer } from '@anvil/core';
import { HEADER_BYTES, loadModel } from './load-model.js';

const dir = mkdtempSync(join(tmpdir(), 'anvil-load-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// An importer of files starting with "FAKE" that records what it was shown.
function fakeImporter(): Importer & { seen: number[]; imported: number } {
  const t = (id: number): Graph['tensors'][number] => ({ id, name: `t${id}`, shape: [1, 4], dtype: 'int8', quant: perTensor(0.5, 0) });
  const graph: Graph = {
    name: 'g',
    tensors: [t(0), t(1), t(2)],
    nodes: [{ id: 0, op: 'ADD', name: 'add', inputs: [0, 1], outputs: [2], attrs: { activation: 'NONE' } }],
    inputs: [0, 1],
    outputs: [2],
  };
  const i = {
    name: 'fake',
    seen: [] as number[],
    imported: 0,
    canImport(bytes: Uint8Array): boolean {
      i.seen.push(bytes.length);
      return String.fromCharCode(...bytes.subarray(0, 4)) === 'FAKE';
    },
    import(): Graph {
      i.imported += 1;
      return graph;
    },
  };
  return i;
}

async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message} — ${e.hint}`;
    throw e;
  }
  return 'ok';
}

// A sparse file: its size costs no disk and, unless it is read, no memory.
function sparse(path: string, head: string, bytes: number): string {
  writeFileSync(path, head);
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

describe('loadModel: only regular files, header first, size before reading', () => {
  it('reads a model file and imports it', async () => {
    const i = fakeImporter();
    writeFileSync(join(dir, 'ok.fake'), 'FAKE model');
    await expect(loadModel([i], join(dir, 'ok.fake'))).resolves.toMatchObject({ name: 'g' });
    expect(i.imported).toBe(1);
  });

  it('refuses directories, devices and FIFOs without reading them', async () => {
    const i = fakeImporter();
    mkdirSync(join(dir, 'folder.tflite'));
    expect(await error(loadModel([i], join(dir, 'folder.tflite')))).toBe(
      `MODEL_UNREADABLE: cannot read model ${join(dir, 'folder.tflite')}: it is a directory — pass a model file (.tflite) saved on disk`,
    );
    expect(await error(loadModel([i], '/dev/zero'))).toMatch(/^MODEL_UNREADABLE: cannot read model \/dev\/zero: it is a character device/);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    // Opening a FIFO with no writer would block forever: it must not be opened at all.
    expect(await error(loadModel([i], join(dir, 'pipe')))).toMatch(/it is a named pipe \(FIFO\)/);
    expect(await error(loadModel([i], join(dir, 'absent')))).toMatch(/^MODEL_UNREADABLE: .*: ENOENT/);
    expect(i.seen).toEqual([]);
  });

  it('lets importers see only the header first: a file none claims is refused at once', async () => {
    const i = fakeImporter();
    const big = sparse(join(dir, 'big.bin'), 'JUNK', 2 ** 31);
    const start = performance.now();
    expect(await error(loadModel([i], big))).toMatch(/^MODEL_FORMAT_UNKNOWN: no importer recognises big.bin/);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(i.seen).toEqual([HEADER_BYTES]);
  });

  it('refuses a claimed file above the limit before reading it', async () => {
    const i = fakeImporter();
    const big = sparse(join(dir, 'big.fake'), 'FAKE', 2 ** 31);
    expect(await error(loadModel([i], big))).toBe(
      `MODEL_TOO_LARGE: model ${big} is 2147483648 bytes, more than the limit of 268435456 bytes (256 MiB) — models for microcontrollers are far smaller; if this one really is a model, raise the limit with ANVIL_MAX_MODEL_BYTES`,
    );
    writeFileSync(join(dir, 'small.fake'), 'FAKE 12 bytes');
    expect(await error(loadModel([i], join(dir, 'small.fake'), { maxBytes: 12 }))).toMatch(
      /^MODEL_TOO_LARGE: .* is 13 bytes, more than the limit of 12 bytes/,
    );
    expect(await error(loadModel([i], join(dir, 'small.fake'), { maxBytes: 13 }))).toBe('ok');
    expect(i.imported).toBe(1);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { OUTPUT_LEDGER, isOwnOutput } from './output-ledger.js';
import { checkOutputFile } from './output-paths.js';
import { writeOutputFiles } from './write-output-files.js';

const root = mkdtempSync(join(tmpdir(), 'anvil-ledger-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof AnvilError) return e.code;
    throw e;
  }
};

describe('output ledger: Anvil knows the files it wrote', () => {
  it('replaces its own unchanged output without --force, and says so before any work (checkOutputFile)', () => {
    const out = join(root, 'out_0.bin');
    writeOutputFiles([{ path: out, content: Uint8Array.from([1, 2, 3]) }], false);
    expect(isOwnOutput(out)).toBe(true);
    expect(codeOf(() => checkOutputFile(out, false))).toBe('ok');
    writeOutputFiles([{ path: out, content: Uint8Array.from([4, 5]) }], false);
    expect([...readFileSync(out)]).toEqual([4, 5]);
    expect(isOwnOutput(out)).toBe(true);
  });

  it("refuses a file the user changed since, and one Anvil never wrote, and keeps the user's bytes", () => {
    const out = join(root, 'changed.bin');
    writeOutputFiles([{ path: out, content: 'anvil' }], false);
    writeFileSync(out, 'edited by hand');
    expect(isOwnOutput(out)).toBe(false);
    expect(codeOf(() => writeOutputFiles([{ path: out, content: 'again' }], false))).toBe('CLI_OUTPUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('edited by hand');
    const foreign = join(root, 'foreign.bin');
    writeFileSync(foreign, 'theirs');
    expect(codeOf(() => checkOutputFile(foreign, false))).toBe('CLI_OUTPUT_EXISTS');
    expect(codeOf(() => checkOutputFile(foreign, true))).toBe('ok');
  });

  it('a damaged ledger makes nothing Anvil’s: refusal, never a silent overwrite', () => {
    const dir = mkdtempSync(join(root, 'damaged-'));
    const out = join(dir, 'x.bin');
    writeOutputFiles([{ path: out, content: 'anvil' }], false);
    writeFileSync(join(dir, OUTPUT_LEDGER), '{ not json');
    expect(codeOf(() => writeOutputFiles([{ path: out, content: 'again' }], false))).toBe('CLI_OUTPUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('anvil');
  });
});

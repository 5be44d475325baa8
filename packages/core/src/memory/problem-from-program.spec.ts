import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import type { Program, ProgramBuffer } from '../lowering/program.js';
import { twoAdds } from '../testing/tiny-graphs.js';
import { problemFromProgram } from './problem-from-program.js';
import type { Pool, PoolAccess } from './problem.js';

const buffer = (id: number, access: PoolAccess[]): ProgramBuffer => ({
  id,
  name: `t${id}`,
  bytes: 16,
  alignment: 16,
  firstStep: 0,
  lastStep: 0,
  kind: 'activation',
  tensors: [id],
  access,
});
const program = (buffers: ProgramBuffer[]): Program => ({
  graph: twoAdds(),
  target: 't',
  schedule: [],
  steps: [],
  buffers,
  tensorBuffer: new Map(),
});
const pool = (name: string, access: PoolAccess[]): Pool => ({ name, size: 65536, alignment: 16, access });

function error(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message} — ${e.hint}`;
    throw e;
  }
  return 'ok';
}

describe('problemFromProgram: which pools a buffer may use', () => {
  it('refuses a pool the CPU cannot reach, naming it with its size and a fix', () => {
    expect(error(() => problemFromProgram(program([buffer(0, [])]), [pool('npumem', ['npu'])]))).toBe(
      'CLI_BAD_ARGUMENT: pool npumem (65536 bytes, access npu) can hold nothing: the CPU cannot reach it, and it reads or writes every buffer — add cpu to its access: --pool npumem:65536:cpu+npu',
    );
    // Even beside a usable pool: it could only ever stay empty.
    expect(error(() => problemFromProgram(program([buffer(0, [])]), [pool('sram', ['cpu']), pool('npumem', ['npu'])]))).toMatch(
      /^CLI_BAD_ARGUMENT: pool npumem/,
    );
  });

  it('names who else touches a buffer no pool serves, with a fix in the user’s own pool', () => {
    expect(error(() => problemFromProgram(program([buffer(0, ['npu'])]), [pool('sram', ['cpu', 'dma'])]))).toBe(
      'CLI_BAD_ARGUMENT: buffer "t0" is read or written by the NPU, but no pool it may use has npu access — give a pool npu access, e.g. --pool sram:65536:cpu+dma+npu',
    );
    const p = problemFromProgram(program([buffer(0, []), buffer(1, ['npu'])]), [pool('dtcm', ['cpu']), pool('sram', ['cpu', 'npu'])]);
    expect(p.buffers.map((b) => b.pools)).toEqual([['dtcm', 'sram'], ['sram']]);
  });
  it('sends model state to the persistent pool only, and nothing else there', () => {
    const state: ProgramBuffer = { ...buffer(1, []), kind: 'persistent' };
    const p = problemFromProgram(program([buffer(0, []), state]), [pool('sram', ['cpu']), pool('persistent', ['cpu'])]);
    expect(p.buffers.map((b) => [b.kind, b.pools])).toEqual([
      ['activation', ['sram']],
      ['persistent', ['persistent']],
    ]);
    expect(error(() => problemFromProgram(program([state]), [pool('sram', ['cpu'])]))).toMatch(
      /^CLI_BAD_ARGUMENT: state "t1" needs the persistent pool/,
    );
  });
});

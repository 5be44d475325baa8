import { describe, expect, it } from 'vitest';
import { BOARDS, boardFor } from './boards.js';

describe('boards', () => {
  it('picks the board with the target’s own core by default', () => {
    expect(boardFor('cortex-m3')?.machine).toBe('mps2-an385');
    expect(boardFor('cortex-m4')?.machine).toBe('mps2-an386');
    expect(boardFor('cortex-m7')?.machine).toBe('mps2-an500');
    expect(boardFor('cortex-m55')?.machine).toBe('mps3-an547');
    for (const t of ['rv32imc', 'rv32imac', 'rv32imac_zve32x']) expect(boardFor(t)?.name).toBe('qemu-riscv32-virt');
  });

  it('gives the vector target a CPU with the vector unit it was compiled for, and the scalar ones none', () => {
    const virt = boardFor('rv32imac_zve32x');
    expect(virt?.family.qemu).toBe('qemu-system-riscv32');
    expect(virt?.cpus?.['rv32imac_zve32x']).toBe('rv32,v=true,vlen=128,elen=32,vext_spec=v1.0');
    expect(virt?.cpus?.['rv32imac']).not.toContain('v=true');
    expect(virt?.family.sledStride).toBe(4);
    expect(boardFor('cortex-m4')?.family.sledStride).toBe(2);
  });

  it('accepts a named board only if it can run the target', () => {
    expect(boardFor('cortex-m4', 'qemu-mps2-an500')?.machine).toBe('mps2-an500');
    // An M55 image uses MVE, which the M4 board's CPU lacks.
    expect(boardFor('cortex-m55', 'qemu-mps2-an386')).toBeUndefined();
    expect(boardFor('host')).toBeUndefined();
    expect(boardFor('rv32imac', 'qemu-mps2-an386')).toBeUndefined();
    expect(boardFor('cortex-m4', 'qemu-riscv32-virt')).toBeUndefined();
  });

  it('has unique names and machines', () => {
    expect(new Set(BOARDS.map((b) => b.name)).size).toBe(BOARDS.length);
    expect(new Set(BOARDS.map((b) => b.machine)).size).toBe(BOARDS.length);
  });
});

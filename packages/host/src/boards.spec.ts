import { describe, expect, it } from 'vitest';
import { BOARDS, boardFor } from './boards.js';

describe('boards', () => {
  it('picks the board with the target’s own core by default', () => {
    expect(boardFor('cortex-m3')?.machine).toBe('mps2-an385');
    expect(boardFor('cortex-m4')?.machine).toBe('mps2-an386');
    expect(boardFor('cortex-m7')?.machine).toBe('mps2-an500');
    expect(boardFor('cortex-m55')?.machine).toBe('mps3-an547');
  });

  it('accepts a named board only if it can run the target', () => {
    expect(boardFor('cortex-m4', 'qemu-mps2-an500')?.machine).toBe('mps2-an500');
    // An M55 image uses MVE, which the M4 board's CPU lacks.
    expect(boardFor('cortex-m55', 'qemu-mps2-an386')).toBeUndefined();
    expect(boardFor('host')).toBeUndefined();
  });

  it('has unique names and machines', () => {
    expect(new Set(BOARDS.map((b) => b.name)).size).toBe(BOARDS.length);
    expect(new Set(BOARDS.map((b) => b.machine)).size).toBe(BOARDS.length);
  });
});

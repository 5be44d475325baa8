import { describe, expect, it } from 'vitest';
import { boardFor } from '../boards.js';
import { qemuCommand, shellLine } from './qemu-command.js';

describe('qemuCommand', () => {
  it('boots a standalone image with semihosting and one input set, a host-driven one with its UART on a pty', () => {
    const board = boardFor('cortex-m4');
    if (board === undefined) throw new Error('no M4 board');
    expect(shellLine(qemuCommand(board, 'cortex-m4', 'build/m.elf', false))).toBe(
      'qemu-system-arm -M mps2-an386 -nographic -monitor none -serial null -semihosting-config enable=on,target=native,arg=firmware,arg=1 -kernel build/m.elf',
    );
    expect(qemuCommand(board, 'cortex-m4', 'm.elf', true).join(' ')).toContain('-serial pty -no-reboot');
  });

  it('quotes only the words a shell would split or expand', () => {
    expect(shellLine(['a', 'b c', "it's", '$(X)'])).toBe(`a 'b c' 'it'\\''s' '$(X)'`);
  });
});

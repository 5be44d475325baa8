import type { Board } from '../boards.js';
import { qemuArgs } from '../qemu-args.js';

/**
 * The QEMU command line that boots a firmware image outside Anvil, as `anvil run` boots it but
 * without the counting plugin. Standalone: semihosting reads `in<set>_<k>.bin` from the working
 * folder and writes `out<set>_<k>.bin` (the last argument is the number of sets). Host-driven:
 * the UART on a pseudo-terminal QEMU names on start, and the guest's reset ends QEMU.
 */
export function qemuCommand(board: Board, target: string, elf: string, hostDriven: boolean): string[] {
  const cpu = board.cpus?.[target];
  return [
    board.family.qemu,
    ...qemuArgs({
      board,
      elf,
      ...(cpu === undefined ? {} : { cpu }),
      serial: hostDriven ? 'pty' : 'null',
      args: hostDriven ? ['firmware'] : ['firmware', '1'],
      ...(hostDriven ? { extra: ['-no-reboot'] } : {}),
    }),
  ];
}

/** Words joined for a shell: the few that need it single-quoted. */
export function shellLine(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(' ');
}

/** An emulated board the QEMU runner can build firmware for and launch. */
export interface Board {
  /** Name used on the command line (`--board qemu-mps2-an386`). */
  readonly name: string;
  /** QEMU machine (`-M`). */
  readonly machine: string;
  /** Folder under runtime-c/boards with its link.ld. */
  readonly dir: string;
  /** Targets whose code runs on the board's CPU; the first board listing a target is its default. */
  readonly targets: readonly string[];
}

/**
 * The boards of `../shared/notes/boards.md` that are wired up. A Cortex-M4 image also runs on
 * the M7 board (same ISA subset), but each target's default is the board with its own core.
 */
export const BOARDS: readonly Board[] = [
  { name: 'qemu-mps2-an385', machine: 'mps2-an385', dir: 'mps2-an385', targets: ['cortex-m3'] },
  { name: 'qemu-mps2-an386', machine: 'mps2-an386', dir: 'mps2-an386', targets: ['cortex-m4', 'cortex-m3'] },
  { name: 'qemu-mps2-an500', machine: 'mps2-an500', dir: 'mps2-an500', targets: ['cortex-m7', 'cortex-m4', 'cortex-m3'] },
  { name: 'qemu-mps3-an547', machine: 'mps3-an547', dir: 'mps3-an547', targets: ['cortex-m55'] },
];

/** The board to run a target on: the named one if it can, else the target's default. */
export function boardFor(target: string, name?: string): Board | undefined {
  if (name !== undefined) return BOARDS.find((b) => b.name === name && b.targets.includes(target));
  return BOARDS.find((b) => b.targets[0] === target) ?? BOARDS.find((b) => b.targets.includes(target));
}

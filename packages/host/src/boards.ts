/**
 * What boards of one architecture share: the emulator, the binutils, the startup code (under
 * runtime-c/boards) and how firmware links there.
 */
export interface BoardFamily {
  /** QEMU system emulator. */
  readonly qemu: string;
  /** Prefix of the binutils that read its ELF files (`size`, `nm`). */
  readonly binutils: string;
  /** Startup, traps, semihosting and the mark sled, relative to runtime-c/boards. */
  readonly startup: readonly string[];
  /** Folder (relative to runtime-c/boards) with the family's linker sections (sections.ld). */
  readonly common: string;
  /** Link flags besides the target's own: the C library, without its startup files. */
  readonly linkFlags: readonly string[];
  /** Extra QEMU options every board of the family needs. */
  readonly qemuArgs: readonly string[];
  /** Bytes between two entries of the mark sled (one return instruction each). */
  readonly sledStride: number;
}

export const ARM_FAMILY: BoardFamily = {
  qemu: 'qemu-system-arm',
  binutils: 'arm-none-eabi-',
  startup: ['common/anvil_board.c', 'common/anvil_semihost.c'],
  common: 'common',
  linkFlags: ['--specs=nano.specs', '--specs=nosys.specs'],
  qemuArgs: [],
  sledStride: 2,
};

export const RISCV_FAMILY: BoardFamily = {
  qemu: 'qemu-system-riscv32',
  binutils: 'riscv64-unknown-elf-',
  startup: ['riscv/anvil_board_riscv.c', 'common/anvil_semihost.c'],
  common: 'riscv',
  // The targets' own flags name picolibc (--specs=picolibc.specs); -nostartfiles drops its crt0.
  linkFlags: [],
  // No firmware in front of the image: QEMU jumps straight to its entry in DRAM.
  qemuArgs: ['-bios', 'none'],
  sledStride: 4,
};

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
  readonly family: BoardFamily;
  /** QEMU's `-cpu` per target, where the machine's default CPU is not the one the target needs. */
  readonly cpus?: Readonly<Record<string, string>>;
  /** The UART QEMU's first `-serial` reaches, for host-driven (serial RPC) firmware. */
  readonly uart?: BoardUart;
}

/** A polled UART driver of runtime-c/rpc and the address of its registers. */
export interface BoardUart {
  readonly driver: 'cmsdk' | '16550';
  readonly base: number;
}

const MPS2_UART0: BoardUart = { driver: 'cmsdk', base: 0x40004000 };

/**
 * The boards of `../shared/notes/boards.md` that are wired up. A Cortex-M4 image also runs on
 * the M7 board (same ISA subset), but each target's default is the board with its own core.
 * On RISC-V virt the vector target gets a CPU with the vector unit: VLEN 128 (what the
 * kernels are compiled for, `zvl128b`) and 32-bit elements (Zve32x).
 */
export const BOARDS: readonly Board[] = [
  { name: 'qemu-mps2-an385', machine: 'mps2-an385', dir: 'mps2-an385', targets: ['cortex-m3'], family: ARM_FAMILY, uart: MPS2_UART0 },
  {
    name: 'qemu-mps2-an386',
    machine: 'mps2-an386',
    dir: 'mps2-an386',
    targets: ['cortex-m4', 'cortex-m3'],
    family: ARM_FAMILY,
    uart: MPS2_UART0,
  },
  {
    name: 'qemu-mps2-an500',
    machine: 'mps2-an500',
    dir: 'mps2-an500',
    targets: ['cortex-m7', 'cortex-m4', 'cortex-m3'],
    family: ARM_FAMILY,
    uart: MPS2_UART0,
  },
  {
    name: 'qemu-mps3-an547',
    machine: 'mps3-an547',
    dir: 'mps3-an547',
    targets: ['cortex-m55'],
    family: ARM_FAMILY,
    uart: { driver: 'cmsdk', base: 0x49303000 },
  },
  {
    name: 'qemu-riscv32-virt',
    machine: 'virt',
    dir: 'riscv32-virt',
    targets: ['rv32imac', 'rv32imc', 'rv32imac_zve32x'],
    family: RISCV_FAMILY,
    uart: { driver: '16550', base: 0x10000000 },
    cpus: { rv32imc: 'rv32', rv32imac: 'rv32', rv32imac_zve32x: 'rv32,v=true,vlen=128,elen=32,vext_spec=v1.0' },
  },
];

/** The board to run a target on: the named one if it can, else the target's default. */
export function boardFor(target: string, name?: string): Board | undefined {
  if (name !== undefined) return BOARDS.find((b) => b.name === name && b.targets.includes(target));
  return BOARDS.find((b) => b.targets[0] === target) ?? BOARDS.find((b) => b.targets.includes(target));
}

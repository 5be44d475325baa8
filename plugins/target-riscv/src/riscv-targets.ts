import type { Target } from '@anvil/core';

/**
 * Flags every RISC-V build shares: C99 with warnings as errors, -O2 (the notes measured -Os at
 * about twice the instructions for these loops), one section per function and object so the
 * linker drops what a model does not use.
 */
export const RISCV_COMMON_CFLAGS = ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', '-ffunction-sections', '-fdata-sections'];

/** Debian packages of the GNU toolchain with picolibc and of QEMU's RISC-V system emulators. */
const GNU_PACKAGES = ['gcc-riscv64-unknown-elf', 'picolibc-riscv64-unknown-elf', 'qemu-system-misc'];

/** Where Debian's picolibc keeps its headers; clang, which has no picolibc of its own, is pointed there. */
export const PICOLIBC_INCLUDE = '/usr/lib/picolibc/riscv64-unknown-elf/include';

/** ISA features the kernel strategies test for. */
export const FEATURE_ZVE32X = 'zve32x';

/**
 * A scalar RV32 target built with the GNU toolchain. `-march` must name a picolibc multilib
 * exactly (rv32imc links against the rv32im libraries, see the board notes).
 */
function scalar(name: string, march: string, description: string): Target {
  return {
    name,
    description,
    cpu: march,
    features: [],
    toolchain: {
      cc: 'riscv64-unknown-elf-gcc',
      cflags: [...RISCV_COMMON_CFLAGS, `-march=${march}`, '-mabi=ilp32', '--specs=picolibc.specs'],
      ldflags: ['-Wl,--gc-sections'],
      packages: GNU_PACKAGES,
    },
    arenaAlignment: 16,
    addressBits: 32,
  };
}

/**
 * RV32IMAC with Zve32x and a vector length of at least 128 bits (`zvl128b`): the vector
 * kernels are written for VLEN = 128 at compile time. GCC 12 has no RVV intrinsics, so the
 * compiler is clang (Debian's clang-19); objects link through the GNU driver with picolibc.
 */
const VECTOR: Target = {
  name: 'rv32imac_zve32x',
  description: 'RV32IMAC with the embedded vector profile Zve32x, VLEN 128 (QEMU board qemu-riscv32-virt; clang-19)',
  cpu: 'rv32imac_zve32x_zvl128b',
  features: [FEATURE_ZVE32X],
  toolchain: {
    cc: 'clang-19',
    cflags: [
      '--target=riscv32-unknown-elf',
      '-march=rv32imac_zve32x_zvl128b',
      '-mabi=ilp32',
      '-isystem',
      PICOLIBC_INCLUDE,
      ...RISCV_COMMON_CFLAGS,
    ],
    ldflags: ['-Wl,--gc-sections'],
    linker: { cc: 'riscv64-unknown-elf-gcc', flags: ['-march=rv32imac', '-mabi=ilp32', '--specs=picolibc.specs'] },
    packages: [...GNU_PACKAGES, 'clang-19'],
  },
  arenaAlignment: 16,
  addressBits: 32,
};

export const RISCV_TARGETS: readonly Target[] = [
  scalar('rv32imc', 'rv32imc', 'RV32IMC, no atomics, no FPU (ESP32-C3 class; QEMU board qemu-riscv32-virt)'),
  scalar('rv32imac', 'rv32imac', 'RV32IMAC, no FPU (GD32V, CH32V, BL61x class; QEMU board qemu-riscv32-virt)'),
  VECTOR,
];

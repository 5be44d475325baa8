import type { Target } from '@anvil/core';

/** C99, warnings as errors: the generated code must be clean under the strictest flags. */
export const HOST_CFLAGS = ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', '-pedantic'];
export const SANITIZE_FLAGS = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer', '-g'];

// Node's own architecture: the host gcc builds for the same one, so its pointers are as wide.
const ARCHES_64 = ['arm64', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'x64'];

/** Pointer width of this machine, which the host build's `size_t` and offsets have. */
export const HOST_ADDRESS_BITS: 32 | 64 = ARCHES_64.includes(process.arch) ? 64 : 32;

export const hostTarget: Target = {
  name: 'host',
  description: 'this machine, with its gcc: for checking generated code and fast iteration',
  cpu: 'native',
  features: [],
  toolchain: { cc: 'gcc', cflags: HOST_CFLAGS, ldflags: ['-lm'], packages: ['gcc', 'make'] },
  arenaAlignment: 16,
  addressBits: HOST_ADDRESS_BITS,
};

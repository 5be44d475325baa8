import type { Target } from '@anvil/core';

/** C99, warnings as errors: the generated code must be clean under the strictest flags. */
export const HOST_CFLAGS = ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', '-pedantic'];
export const SANITIZE_FLAGS = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer', '-g'];

export const hostTarget: Target = {
  name: 'host',
  description: 'this machine, with its gcc: for checking generated code and fast iteration',
  cpu: 'native',
  features: [],
  toolchain: { cc: 'gcc', cflags: HOST_CFLAGS, ldflags: ['-lm'], packages: ['gcc', 'make'] },
  arenaAlignment: 16,
};

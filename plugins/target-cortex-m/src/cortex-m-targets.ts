import type { Target } from '@anvil/core';

/**
 * Flags every Cortex-M build shares: C99 with warnings as errors (the generated code must be
 * clean), -O2 (the notes measured -Os at 1.5–2× the instructions), and one section per
 * function and object so the linker drops what a model does not use.
 */
export const CORTEX_M_COMMON_CFLAGS = [
  '-std=c99',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-mthumb',
  '-ffunction-sections',
  '-fdata-sections',
];

const PACKAGES = ['gcc-arm-none-eabi', 'libnewlib-arm-none-eabi', 'qemu-system-arm'];

/** ISA features the kernel strategies test for. */
export const FEATURE_DSP = 'dsp';
export const FEATURE_MVE = 'mve';
export const FEATURE_FPU = 'fpu';

function cortexM(cpu: string, description: string, features: readonly string[], floatFlags: readonly string[]): Target {
  return {
    name: cpu,
    description,
    cpu,
    features,
    toolchain: {
      cc: 'arm-none-eabi-gcc',
      cflags: [...CORTEX_M_COMMON_CFLAGS, `-mcpu=${cpu}`, ...floatFlags],
      ldflags: ['-Wl,--gc-sections'],
      packages: PACKAGES,
    },
    // 16 so MVE's 128-bit loads from the arena never straddle more than they must.
    arenaAlignment: 16,
    addressBits: 32,
  };
}

export const CORTEX_M_TARGETS: readonly Target[] = [
  cortexM('cortex-m3', 'Armv7-M, no DSP extension, no FPU (QEMU board mps2-an385)', [], ['-mfloat-abi=soft']),
  cortexM(
    'cortex-m4',
    'Armv7E-M with the DSP extension and FPv4-SP (QEMU board mps2-an386)',
    [FEATURE_DSP, FEATURE_FPU],
    ['-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'],
  ),
  cortexM(
    'cortex-m7',
    'Armv7E-M with the DSP extension and FPv5 (QEMU board mps2-an500)',
    [FEATURE_DSP, FEATURE_FPU],
    ['-mfloat-abi=hard', '-mfpu=fpv5-d16'],
  ),
  cortexM(
    'cortex-m33',
    'Armv8-M Mainline with the DSP extension and FPv5-SP (no board wired yet)',
    [FEATURE_DSP, FEATURE_FPU],
    ['-mfloat-abi=hard', '-mfpu=fpv5-sp-d16'],
  ),
  // -mcpu=cortex-m55 implies MVE with floating point; the FPU is enabled by the board's reset code.
  cortexM(
    'cortex-m55',
    'Armv8.1-M with Helium (MVE) and the DSP extension (QEMU board mps3-an547)',
    [FEATURE_DSP, FEATURE_FPU, FEATURE_MVE],
    ['-mfloat-abi=hard'],
  ),
];

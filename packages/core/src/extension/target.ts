import { token } from './token.js';

/** How to compile C for a target. Flags are complete: no hidden defaults are added. */
export interface Toolchain {
  /** Compiler driver (e.g. `gcc`, `arm-none-eabi-gcc`). */
  readonly cc: string;
  readonly cflags: readonly string[];
  readonly ldflags: readonly string[];
  /**
   * The driver that links, when it is not `cc`, with the flags it needs (e.g. objects from
   * clang linked through a GNU driver that knows the target's C library).
   */
  readonly linker?: { readonly cc: string; readonly flags: readonly string[] };
  /** Debian packages that provide the toolchain, for the setup path and error hints. */
  readonly packages: readonly string[];
}

/** A machine Anvil generates code for. */
export interface Target {
  readonly name: string;
  readonly description: string;
  /** CPU name as the toolchain spells it (`-mcpu`), or `native` for the host. */
  readonly cpu: string;
  /** ISA features kernel strategies may rely on (`dsp`, `mve`, `fpu`, …). */
  readonly features: readonly string[];
  readonly toolchain: Toolchain;
  /** Alignment the arena base must have on this target. */
  readonly arenaAlignment: number;
  /**
   * Width of a data pointer (and of `size_t`): every pool, pin offset and planned arena must
   * fit in it. Default `DEFAULT_ADDRESS_BITS` (32), as on the microcontrollers Anvil is for.
   */
  readonly addressBits?: 32 | 64;
}

/** The address width of a target that does not state one: that of a microcontroller. */
export const DEFAULT_ADDRESS_BITS = 32;

/** Multi-provider: targets are chosen by name (`--target`). */
export const TargetToken = token<Target>('Target');

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeSize } from '@anvil/core';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { RISCV_TOOLS, qemuToolchain } from '@anvil/host';
import { edgeShapes } from '@anvil/testing';
import { kernelSuite } from './support/kernel-suite.js';
import { simdShapes } from './support/simd-shapes.js';

// The RISC-V kernels of runtime-c/kernels (`_rv32` scalar, `_rvv` Zve32x), each on shapes that
// reach their tails and edge paths plus the library's edge shapes, shared and specialised: all
// cases of a target and code size are one model, one firmware, one QEMU boot, every output
// compared with the interpreter. The vector target runs the scalar kernels too, wherever no
// vector kernel claims a node. A failure names the kernel and the case.

const toolchain = qemuToolchain(RISCV_TOOLS);
const SEEDS = [1, 2];
const BOARD = 'qemu-riscv32-virt';
// Per kernel: the scalar ones on rv32imac, the vector ones on the vector target, whose other
// cases (scalar kernels where no vector one claims, portable C) are checked together.
const TARGETS = [
  { target: 'rv32imac', isa: 'rv32' },
  { target: 'rv32imac_zve32x', isa: 'rvv' },
] as const;
const SIZES: readonly CodeSize[] = ['small', 'fast'];

/** The library's kernels for an ISA, from the files there: `anvil_<op>_<isa>_s8`. */
function kernelsFor(isa: string): string[] {
  const re = new RegExp(`^(anvil_[a-z0-9_]+_${isa}_s8)\\.c$`);
  return readdirSync(join(RUNTIME_C_DIR, 'kernels'))
    .map((f) => re.exec(f)?.[1])
    .filter((k): k is string => k !== undefined)
    .sort();
}

const cases = [...simdShapes().cases, ...edgeShapes()];

const { boardRun, kernelsOf, differences } = kernelSuite(cases, SEEDS);

describe.skipIf(!toolchain.available)(`RISC-V kernels of runtime-c/kernels on QEMU vs the interpreter ${toolchain.reason}`, () => {
  for (const { target, isa } of TARGETS)
    for (const size of SIZES) {
      const how = size === 'small' ? 'shared instance' : 'specialised';
      for (const kernel of kernelsFor(isa)) {
        it(`${kernel} (${how}) on ${BOARD} (${target}): every case it runs byte-identical on ${SEEDS.length} seeds`, async () => {
          const r = await boardRun(target, BOARD, size);
          const mine = cases.filter((c) => kernelsOf(r, c.graph).has(kernel));
          expect(mine.length, `no case reached ${kernel}`).toBeGreaterThanOrEqual(3);
          expect(differences(r, mine)).toEqual([]);
        });
      }
      it(`every other case (${how}) on ${BOARD} (${target}), in the other kernels it lowers to: byte-identical too`, async () => {
        const r = await boardRun(target, BOARD, size);
        const own = new RegExp(`_${isa}_s8$`);
        const rest = cases.filter((c) => ![...kernelsOf(r, c.graph)].some((k) => own.test(k)));
        expect(rest.length).toBeGreaterThan(10);
        expect(differences(r, rest)).toEqual([]);
      });
    }
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeSize, Graph } from '@anvil/core';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { interpret } from '@anvil/interp';
import { RISCV_TOOLS, qemuToolchain, runFirmwareAsync } from '@anvil/host';
import type { FirmwareRun } from '@anvil/host';
import { conformanceInputs, edgeShapes, firstDifference } from '@anvil/testing';
import type { ConformanceGraph } from '@anvil/testing';
import { buildForBoard } from './support/qemu-build.js';
import type { QemuBuild } from './support/qemu-build.js';
import { simdShapes } from './support/simd-shapes.js';
import { unionGraph } from './support/union-graph.js';

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

interface BoardRun {
  readonly build: QemuBuild;
  readonly run: FirmwareRun;
  readonly firstOutput: readonly number[];
}

const runs = new Map<string, Promise<BoardRun>>();
function boardRun(target: string, size: CodeSize): Promise<BoardRun> {
  const key = `${target}/${size}`;
  const hit = runs.get(key);
  if (hit !== undefined) return hit;
  const started = (async () => {
    const { graph, firstOutput } = unionGraph(
      `kernels_${size}`,
      cases.map((c) => c.graph),
    );
    const build = await buildForBoard(graph, target, BOARD, { codeSize: size });
    const sets = SEEDS.map((seed) => cases.flatMap((c) => conformanceInputs(c.graph, seed)));
    return { build, run: await runFirmwareAsync(build.firmware, build.board, sets, build.outputBytes), firstOutput };
  })();
  runs.set(key, started);
  return started;
}

/** The library kernel each case's nodes called, from the union's report (node names carry the case). */
function kernelsOf(r: BoardRun, g: Graph): Set<string> {
  return new Set(
    r.build.compiled.report.nodes.filter((n) => n.name.startsWith(`${g.name}/`) && n.kernel !== undefined).map((n) => n.kernel as string),
  );
}

/** Every difference between the board's outputs and the interpreter's, for these cases. */
function differences(r: BoardRun, mine: readonly ConformanceGraph[]): string[] {
  const failures: string[] = [];
  for (const c of mine) {
    const k = cases.indexOf(c);
    SEEDS.forEach((seed, s) => {
      const want = interpret(c.graph, conformanceInputs(c.graph, seed));
      want.forEach((bytes, o) => {
        const got = r.run.outputs[s]?.[(r.firstOutput[k] as number) + o] ?? new Uint8Array(0);
        const at = firstDifference(got, bytes);
        if (at >= 0)
          failures.push(`${c.title}, seed ${seed}, output ${o}: first difference at byte ${at} (got ${got[at]}, interpreter ${bytes[at]})`);
      });
    });
  }
  return failures;
}

describe.skipIf(!toolchain.available)(`RISC-V kernels of runtime-c/kernels on QEMU vs the interpreter ${toolchain.reason}`, () => {
  for (const { target, isa } of TARGETS)
    for (const size of SIZES) {
      const how = size === 'small' ? 'shared instance' : 'specialised';
      for (const kernel of kernelsFor(isa)) {
        it(`${kernel} (${how}) on ${BOARD} (${target}): every case it runs byte-identical on ${SEEDS.length} seeds`, async () => {
          const r = await boardRun(target, size);
          const mine = cases.filter((c) => kernelsOf(r, c.graph).has(kernel));
          expect(mine.length, `no case reached ${kernel}`).toBeGreaterThanOrEqual(3);
          expect(differences(r, mine)).toEqual([]);
        });
      }
      it(`every other case (${how}) on ${BOARD} (${target}), in the other kernels it lowers to: byte-identical too`, async () => {
        const r = await boardRun(target, size);
        const own = new RegExp(`_${isa}_s8$`);
        const rest = cases.filter((c) => ![...kernelsOf(r, c.graph)].some((k) => own.test(k)));
        expect(rest.length).toBeGreaterThan(10);
        expect(differences(r, rest)).toEqual([]);
      });
    }
});

import { describe, expect, it } from 'vitest';
import type { CodeSize, Graph } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { qemuToolchain, runFirmware } from '@anvil/host';
import type { FirmwareRun } from '@anvil/host';
import { conformanceInputs, edgeShapes, firstDifference } from '@anvil/testing';
import type { ConformanceGraph } from '@anvil/testing';
import { buildForBoard } from './support/qemu-build.js';
import type { QemuBuild } from './support/qemu-build.js';
import { unionGraph } from './support/union-graph.js';
import { simdShapes } from './support/simd-shapes.js';

// The Cortex-M kernels of runtime-c/kernels (`_dsp` on the M4, `_mve` on the M55), each on
// shapes that reach every path they have (im2col and pointwise, odd K and pixel counts,
// channel tails, taps in the padding, per-tensor and per-channel), shared and specialised:
// all cases of a board and code size are one model, one firmware, one QEMU boot, and every
// output is compared with the interpreter. A failure names the kernel and the case.

const toolchain = qemuToolchain();
const SEEDS = [1, 2];
const BOARDS = [
  { isa: 'dsp', target: 'cortex-m4', board: 'qemu-mps2-an386' },
  { isa: 'mve', target: 'cortex-m55', board: 'qemu-mps3-an547' },
] as const;
const SIZES: readonly CodeSize[] = ['small', 'fast'];

const { cases: simdCases, addLowered: ADD_LOWERED, poolLowered: POOL_LOWERED } = simdShapes();

const cases = [...simdCases, ...edgeShapes()];

interface BoardRun {
  readonly build: QemuBuild;
  readonly run: FirmwareRun;
  readonly firstOutput: readonly number[];
}

const runs = new Map<string, Promise<BoardRun>>();
function boardRun(target: string, board: string, size: CodeSize): Promise<BoardRun> {
  const key = `${board}/${size}`;
  const hit = runs.get(key);
  if (hit !== undefined) return hit;
  const started = (async () => {
    const { graph, firstOutput } = unionGraph(
      `kernels_${size}`,
      cases.map((c) => c.graph),
    );
    const build = await buildForBoard(graph, target, board, { codeSize: size });
    const sets = SEEDS.map((seed) => cases.flatMap((c) => conformanceInputs(c.graph, seed)));
    return { build, run: runFirmware(build.firmware, build.board, sets, build.outputBytes), firstOutput };
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

describe.skipIf(!toolchain.available)(`Cortex-M kernels of runtime-c/kernels on QEMU vs the interpreter ${toolchain.reason}`, () => {
  for (const { isa, target, board } of BOARDS)
    for (const size of SIZES) {
      const how = size === 'small' ? 'shared instance' : 'specialised';
      for (const op of ['conv2d', 'depthwise_conv2d', 'fully_connected', 'add', 'avgpool2d', 'maxpool2d']) {
        const kernel = `anvil_${op}_${isa}_s8`;
        it(`${kernel} (${how}) on ${board}: every case it runs byte-identical on ${SEEDS.length} seeds`, async () => {
          const r = await boardRun(target, board, size);
          const mine = cases.filter((c) => kernelsOf(r, c.graph).has(kernel));
          expect(mine.length, `no case reached ${kernel}`).toBeGreaterThanOrEqual(3);
          expect(differences(r, mine)).toEqual([]);
        });
      }
      it(`ADD (${how}) on ${board}: anvil_add_${isa}_s8 without broadcasting, anvil_add_s8 with it`, async () => {
        const r = await boardRun(target, board, size);
        for (const [c, lowered] of ADD_LOWERED)
          expect([...kernelsOf(r, c.graph)], c.title).toEqual([lowered === 'simd' ? `anvil_add_${isa}_s8` : 'anvil_add_s8']);
      });
      it(`pooling (${how}) on ${board}: anvil_{avg,max}pool2d_${isa}_s8, the portable kernel past 255 average taps`, async () => {
        const r = await boardRun(target, board, size);
        for (const [c, { op, lowered }] of POOL_LOWERED) {
          const kind = op === 'AVERAGE_POOL_2D' ? 'avgpool2d' : 'maxpool2d';
          expect([...kernelsOf(r, c.graph)], c.title).toEqual([lowered === 'simd' ? `anvil_${kind}_${isa}_s8` : `anvil_${kind}_s8`]);
        }
      });
      it(`the portable kernels (${how}) on ${board}: every other case byte-identical too`, async () => {
        const r = await boardRun(target, board, size);
        const simd = new RegExp(`_${isa}_s8$`);
        const rest = cases.filter((c) => ![...kernelsOf(r, c.graph)].some((k) => simd.test(k)));
        expect(rest.length).toBeGreaterThan(10);
        expect(differences(r, rest)).toEqual([]);
      });
    }
});

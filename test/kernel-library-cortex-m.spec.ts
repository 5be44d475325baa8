import { describe, expect, it } from 'vitest';
import type { CodeSize } from '@anvil/core';
import { qemuToolchain } from '@anvil/host';
import { edgeShapes } from '@anvil/testing';
import { kernelSuite } from './support/kernel-suite.js';
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

const { boardRun, kernelsOf, differences } = kernelSuite(cases, SEEDS);

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

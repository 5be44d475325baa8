import { describe, expect, it } from 'vitest';
import type { CodeSize, KernelStrategy } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { qemuToolchain, runFirmware } from '@anvil/host';
import type { FirmwareRun } from '@anvil/host';
import { conformanceInputs, firstDifference } from '@anvil/testing';
import type { ConformanceGraph } from '@anvil/testing';
import { convCase } from './support/conv-case.js';
import { buildForBoard } from './support/qemu-build.js';
import { unionGraph } from './support/union-graph.js';

// Every layout variant of the DSP convolution (anvil_conv2d_dsp_s8.h: the filter rows
// in place, pre-extended to halfword pairs, and the columns pre-extended too) on shapes that
// reach every path: im2col with taps in the padding, pointwise with an odd pixel count, K not
// a multiple of 4 (and odd), odd out_c and a single one, per-tensor and per-channel, stride,
// dilation and two batches. The variant is forced on every convolution by wrapping the DSP
// convolution strategy (the tuner reaches only the variants convVariants offers); per variant and code size all cases are one model, one firmware, one
// boot on the M4, every output compared byte for byte with the interpreter.

const toolchain = qemuToolchain();
const VARIANTS = ['in-place', 'pairs', 'pairs-col'] as const;
const SIZES: readonly CodeSize[] = ['fast', 'small'];
const SEEDS = [1, 2];
const TARGET = 'cortex-m4';
const BOARD = 'qemu-mps2-an386';
const DSP_CONV = 'cortex-m-dsp/conv2d_s8';

const same = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 } as const;

function shapes(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  const conv = (title: string, seed: number, x: number[], w: number[], y: number[], attrs: object, scales: number[]): void => {
    out.push(convCase(title, `variants_${out.length}`, seed, { x, w, y }, attrs, scales));
  };
  const perChannel = (n: number): number[] => Array.from({ length: n }, (_, c) => 0.005 + 0.003 * c);
  conv(
    '3×3 SAME (taps in the padding), 8 → 5 (odd out_c), K = 72, per-channel',
    51,
    [1, 5, 6, 8],
    [5, 3, 3, 8],
    [1, 5, 6, 5],
    { ...same, activation: 'RELU' },
    perChannel(5),
  );
  conv(
    '1×1 pointwise, 7 → 6, K = 7 (odd, tail of 3), 15 pixels (odd), per-tensor',
    52,
    [1, 5, 3, 7],
    [6, 1, 1, 7],
    [1, 5, 3, 6],
    { ...same, activation: 'NONE' },
    [0.02],
  );
  conv(
    '1×1 pointwise, 16 → 3 (odd out_c), K = 16, 16 pixels, per-channel',
    53,
    [1, 4, 4, 16],
    [3, 1, 1, 16],
    [1, 4, 4, 3],
    { ...same, activation: 'NONE' },
    perChannel(3),
  );
  conv(
    '1×1 pointwise, 32 → 1, 9 pixels, per-tensor',
    54,
    [1, 3, 3, 32],
    [1, 1, 1, 32],
    [1, 3, 3, 1],
    { ...same, activation: 'NONE' },
    [0.01],
  );
  conv(
    '3×2 VALID, stride 2, dilation 2, K = 18 (tail of 2), RELU6',
    55,
    [1, 9, 8, 3],
    [4, 3, 2, 3],
    [1, 3, 3, 4],
    { padding: 'VALID', strideH: 2, strideW: 2, dilationH: 2, dilationW: 2, activation: 'RELU6' },
    perChannel(4),
  );
  conv(
    '3×3 SAME stride 2, K = 45 (odd), 8 channels, per-tensor',
    56,
    [1, 7, 7, 5],
    [8, 3, 3, 5],
    [1, 4, 4, 8],
    { ...same, strideH: 2, strideW: 2, activation: 'NONE' },
    [0.01],
  );
  conv(
    '1×1 stride 2 (im2col), two batches, 12 → 9, 9 pixels',
    57,
    [2, 6, 6, 12],
    [9, 1, 1, 12],
    [2, 3, 3, 9],
    { ...same, strideH: 2, strideW: 2, activation: 'NONE' },
    perChannel(9),
  );
  conv(
    '3×3 SAME, 4 → 1 (a single output channel), K = 36',
    58,
    [1, 5, 5, 4],
    [1, 3, 3, 4],
    [1, 5, 5, 1],
    { ...same, activation: 'NONE' },
    [0.03],
  );
  conv(
    '10×4 SAME, 1 input channel (kws first layer), K = 40, 7 → 6 pixels wide',
    59,
    [1, 12, 7, 1],
    [6, 10, 4, 1],
    [1, 6, 4, 6],
    { ...same, strideH: 2, strideW: 2, activation: 'RELU' },
    perChannel(6),
  );
  return out;
}

const cases = shapes();

/** Bytes of two pre-extended columns (anvil_conv2d_simd_s8_workspace_bytes with pairs = 2). */
/** The session's strategies with the DSP convolution forced to `variant` on every node. */
function forcing(strategies: readonly KernelStrategy[], variant: string): KernelStrategy[] {
  return strategies.map((s) =>
    s.name !== DSP_CONV
      ? s
      : {
          ...s,
          // The strategy's own answer for the variant: the generated workspace check fails the run if it is short.
          workspaceBytes: (node, graph, target) => s.workspaceBytes(node, graph, target, variant),
          emit: (node, ctx) => s.emit(node, { ...ctx, variant }),
        },
  );
}

interface VariantRun {
  readonly run: FirmwareRun;
  readonly firstOutput: readonly number[];
  readonly kernels: readonly (string | undefined)[];
}

async function variantRun(variant: string, size: CodeSize): Promise<VariantRun> {
  const { graph, firstOutput } = unionGraph(
    `conv_${variant.replace('-', '_')}_${size}`,
    cases.map((c) => c.graph),
  );
  const build = await buildForBoard(graph, TARGET, BOARD, { codeSize: size, strategies: (s) => forcing(s, variant) });
  const sets = SEEDS.map((seed) => cases.flatMap((c) => conformanceInputs(c.graph, seed)));
  const kernels = build.compiled.report.nodes.map((n) => n.kernel);
  return { run: runFirmware(build.firmware, build.board, sets, build.outputBytes), firstOutput, kernels };
}

describe.skipIf(!toolchain.available)(`anvil_conv2d_dsp_s8 variants on ${BOARD} vs the interpreter ${toolchain.reason}`, () => {
  for (const variant of VARIANTS)
    for (const size of SIZES)
      it(`${variant} (${size === 'fast' ? 'specialised' : 'shared instance'}): every case byte-identical on ${SEEDS.length} seeds`, async () => {
        const r = await variantRun(variant, size);
        // The default layout is anvil_conv2d_dsp_s8; the pairs layouts are their own kernel.
        const kernel = variant === 'in-place' ? 'anvil_conv2d_dsp_s8' : 'anvil_conv2d_dsp_pairs_s8';
        expect(r.kernels.filter((k) => k === kernel).length).toBe(cases.length);
        const failures: string[] = [];
        cases.forEach((c, k) =>
          SEEDS.forEach((seed, s) => {
            interpret(c.graph, conformanceInputs(c.graph, seed)).forEach((want, o) => {
              const got = r.run.outputs[s]?.[(r.firstOutput[k] as number) + o] ?? new Uint8Array(0);
              const at = firstDifference(got, want);
              if (at >= 0)
                failures.push(`${c.title}, seed ${seed}: first difference at byte ${at} (got ${got[at]}, interpreter ${want[at]})`);
            });
          }),
        );
        expect(failures).toEqual([]);
      });
});

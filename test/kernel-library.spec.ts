import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnvilError, compile } from '@anvil/core';
import type { CodeSize, CompiledModel, Graph, KernelCall, KernelStrategy } from '@anvil/core';
import { PORTABLE_STRATEGIES, RUNTIME_C_DIR, emitArtifact } from '@anvil/codegen-c';
import { DEFAULT_SEEDS, edgeShapes, hostCompiler, strategyServices } from '@anvil/testing';
import { hostTarget } from '@anvil/target-host';
import { PICOLIBC_INCLUDE } from '@anvil/target-riscv';
import { runBatchOnHost } from './support/kernel-batch.js';
import type { BatchCase } from './support/kernel-batch.js';

// The kernel library's own tests: each portable kernel of runtime-c/kernels, called through
// its shared out-of-line instance (`--code-size small`) and through a specialised copy
// (`fast`), on the edge shapes every op is tested on (strides, dilations, SAME/VALID,
// per-channel and per-tensor, activations, broadcasting, chains), host C under ASan and
// UBSan, byte-identical to the interpreter on four seeds. One build per kernel, so a
// regression fails the test named after that kernel, not a model's.

const KERNELS_DIR = join(RUNTIME_C_DIR, 'kernels');
const SIZES: readonly CodeSize[] = ['small', 'fast'];
const services = strategyServices(hostTarget, PORTABLE_STRATEGIES);
const host = hostCompiler();

/** Why the Arm cross compiler cannot build here, or undefined; under CI=true it must. */
function armCompilerMissing(): string | undefined {
  const r = spawnSync('arm-none-eabi-gcc', ['--version'], { encoding: 'utf8' });
  if ((r.error === undefined && r.status === 0) || process.env['CI'] === 'true') return undefined;
  return 'arm-none-eabi-gcc not found (bash tools/setup-toolchains.sh arm installs it)';
}

function riscvCompilerMissing(): string | undefined {
  if (process.env['CI'] === 'true') return undefined;
  const missing = ['riscv64-unknown-elf-gcc', 'clang-19'].filter((cc) => spawnSync(cc, ['--version']).status !== 0);
  return missing.length === 0 ? undefined : `${missing.join(', ')} not found (bash tools/setup-toolchains.sh riscv installs them)`;
}

interface Compiled {
  readonly title: string;
  readonly graph: Graph;
  readonly compiled: CompiledModel;
  readonly size: CodeSize;
  readonly kernels: ReadonlySet<string>;
}

const compiled: Compiled[] = edgeShapes().flatMap(({ title, graph }, k) =>
  SIZES.map((size) => {
    // Each case is its own model in the one batch build: names must differ.
    const named = { ...graph, name: `k${k}_${size}_${graph.name}` };
    const c = compile(named, { target: hostTarget.name, planner: 'greedy-by-size', codeSize: size }, services);
    const kernels = new Set(emitArtifact(c).report.nodes.flatMap((n) => (n.kernel === undefined ? [] : [n.kernel])));
    return { title: `${title} (${size === 'small' ? 'shared instance' : 'specialised'})`, graph: named, compiled: c, size, kernels };
  }),
);
const kernels = [...new Set(compiled.flatMap((c) => [...c.kernels]))].sort();

describe('the portable kernels of runtime-c/kernels, each on the edge shapes, shared and specialised, vs the interpreter (host, ASan, UBSan)', () => {
  it('every portable op is lowered to a library kernel, none to generated source', () => {
    const unlowered = compiled.flatMap((c) =>
      emitArtifact(c.compiled)
        .report.nodes.filter((n) => n.function !== undefined && n.kernel === undefined)
        .map((n) => `${c.title}: ${n.op} (${n.strategy})`),
    );
    expect(unlowered).toEqual([]);
  });

  it('a strategy that calls a kernel the library does not have is named, as a plugin failure, not an internal error', () => {
    const fc = edgeShapes().find((g) => g.graph.name === 'edge_fc_per_channel');
    const portable = PORTABLE_STRATEGIES.find((s) => s.name === 'portable-c/fully_connected_s8');
    if (fc === undefined || portable === undefined) throw new Error('no FULLY_CONNECTED edge shape or kernel');
    for (const fn of ['anvil_nope_s8', '../../include/anvil/status']) {
      const rogue: KernelStrategy = {
        ...portable,
        name: 'acme/fc',
        tier: 'target',
        emit: (node, ctx) => ({ ...(portable.emit(node, ctx) as KernelCall), function: fn }),
      };
      const c = compile(fc.graph, { target: hostTarget.name }, strategyServices(hostTarget, [rogue]));
      let caught: unknown;
      try {
        emitArtifact(c);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AnvilError);
      expect((caught as AnvilError).code).toBe('PLUGIN_FAILED');
      expect((caught as AnvilError).message).toContain('acme/fc');
    }
  });

  for (const kernel of kernels) {
    const cases: BatchCase[] = compiled.filter((c) => c.kernels.has(kernel));
    it.skipIf(host.skip)(`${kernel}: ${cases.length / SIZES.length} edge shapes${host.skip ? ` (skipped: ${host.reason})` : ''}`, () => {
      const failures = runBatchOnHost(cases, DEFAULT_SEEDS).filter((r) => r.failure !== undefined);
      expect(failures.map((f) => `${f.title}: ${f.failure}`)).toEqual([]);
    });
  }
});

// The ISA a kernel file needs, from its name: `_dsp` the DSP extension, `_mve` Helium, `_rv32`
// the scalar RISC-V ones (GCC with picolibc), `_rvv` the vector extension (clang: GCC 12 has no
// RVV intrinsics).
function compilerFor(file: string): { cc: string; flags: string[] } {
  if (/_dsp_/.test(file))
    return { cc: 'arm-none-eabi-gcc', flags: ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'] };
  if (/_mve_/.test(file)) return { cc: 'arm-none-eabi-gcc', flags: ['-mcpu=cortex-m55', '-mthumb', '-mfloat-abi=hard'] };
  if (/_rv32_/.test(file)) return { cc: 'riscv64-unknown-elf-gcc', flags: ['-march=rv32imc', '-mabi=ilp32', '--specs=picolibc.specs'] };
  if (/_rvv_/.test(file))
    return {
      cc: 'clang-19',
      flags: ['--target=riscv32-unknown-elf', '-march=rv32imac_zve32x_zvl128b', '-mabi=ilp32', '-isystem', PICOLIBC_INCLUDE],
    };
  return { cc: 'gcc', flags: [] };
}

// Builds users make besides the target's -O2: debug, size, and registers reserved by an RTOS
// (which must turn the Helium inline asm off, as arm_mve.h says).
const OPTIMISATIONS: readonly (readonly string[])[] = [
  ['-O2'],
  ['-O0'],
  ['-Os', '-fno-omit-frame-pointer'],
  ['-O2', '-fno-omit-frame-pointer', '-ffixed-r9', '-DANVIL_NO_INLINE_ASM'],
];

describe('each kernel file builds alone (C99, -Wall -Wextra -Werror -pedantic, at -O2, -O0 and -Os)', () => {
  const files = readdirSync(KERNELS_DIR).filter((f) => f.endsWith('.c') || f.endsWith('.h'));
  const arm = armCompilerMissing();
  const riscv = riscvCompilerMissing();
  it('the library has a header and a source per public function', () => {
    const stems = (ext: string) =>
      files
        .filter((f) => f.endsWith(ext))
        .map((f) => f.slice(0, -ext.length))
        .sort();
    // Params headers shared by variants have no source of their own.
    expect(stems('.c').filter((s) => !stems('.h').includes(s))).toEqual([]);
    expect(stems('.c').length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const { cc, flags } = compilerFor(file);
    const cross = cc.startsWith('arm-') ? arm : cc === 'gcc' ? undefined : riscv;
    const skip = cross !== undefined ? cross : host.skip ? host.reason : undefined;
    it.skipIf(skip !== undefined)(`${file}${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
      // A header is built as a file that includes only it: it must bring what it needs.
      const args = file.endsWith('.h') ? ['-x', 'c', '-include', join(KERNELS_DIR, file), '/dev/null'] : [join(KERNELS_DIR, file)];
      // The ffixed-r9 line is an Arm RTOS build; the host and RISC-V compilers have no r9.
      for (const opt of OPTIMISATIONS.filter((o) => cc.startsWith('arm-') || !o.includes('-ffixed-r9'))) {
        const r = spawnSync(
          cc,
          [
            ...flags,
            '-std=c99',
            ...opt,
            '-Wall',
            '-Wextra',
            '-Werror',
            '-pedantic',
            `-I${join(RUNTIME_C_DIR, 'include')}`,
            '-c',
            ...args,
            '-o',
            '/dev/null',
          ],
          { encoding: 'utf8' },
        );
        expect(r.status, `${opt.join(' ')}: ${r.stderr}`).toBe(0);
      }
    });
  }
});

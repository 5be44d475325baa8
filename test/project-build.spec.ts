import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// The folder `anvil compile` writes must build on its own with its Makefile and with CMake,
// and its report must say how every node was lowered.
const work = mkdtempSync(join(tmpdir(), 'anvil-project-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');

describe('compiled project folder', () => {
  const out = join(work, 'kws');

  it('compile writes sources, build files and a report naming each node’s kernel', () => {
    const r = runCli(['compile', model, '--target', 'host', '-o', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      nodes: Array<{ op: string; strategy: string; backend: string }>;
      planner: string;
      arenaBytes: number;
      lowerBound: number;
      weightBytes: number;
    };
    expect(report.nodes).toHaveLength(13);
    expect(report.nodes.every((n) => n.strategy.length > 0 && n.backend.length > 0)).toBe(true);
    expect(report.nodes.find((n) => n.op === 'RESHAPE')?.strategy).toBe('view');
    // The default planner, auto: greedy-by-size (registered first) already reaches the bound, so it wins.
    expect(report.planner).toBe('auto (greedy-by-size)');
    // Peak live bytes of kws in stored order (shared/models/README: 16000); the plan reaches it.
    expect(report.lowerBound).toBe(16000);
    expect(report.arenaBytes).toBe(16000);
    expect(report.weightBytes).toBeGreaterThan(20000);
    for (const f of [
      'kws_ref_model.h',
      'kws_ref_model.c',
      'kws_ref_model_weights.c',
      'Makefile',
      'CMakeLists.txt',
      'runtime/include/anvil/status.h',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('its Makefile builds the static library with -std=c99 -pedantic -Werror (ANVIL_STRICT=1)', () => {
    const r = spawnSync('make', ['-C', out, '-j2', 'ANVIL_STRICT=1'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('-std=c99');
    expect(r.stdout).toContain('-pedantic');
    expect(r.stdout).toContain('-Werror');
    expect(existsSync(join(out, 'libkws_ref_model.a'))).toBe(true);
  });

  // Under CI=true cmake must be there (the setup installs it), so this never skips in CI.
  const noCmake = spawnSync('cmake', ['--version']).status !== 0 && process.env['CI'] !== 'true';
  it.skipIf(noCmake)('its CMakeLists.txt builds the same library (skipped on a machine without cmake)', () => {
    const build = join(work, 'cmake-build');
    const configure = spawnSync('cmake', ['-S', out, '-B', build, '-DANVIL_STRICT=ON'], { encoding: 'utf8' });
    expect(configure.status, configure.stderr).toBe(0);
    const make = spawnSync('cmake', ['--build', build, '-j2'], { encoding: 'utf8' });
    expect(make.status, make.stderr).toBe(0);
  });

  // Under CI=true the Arm toolchain is installed by the test command, so this never skips there.
  const noArm = spawnSync('arm-none-eabi-gcc', ['--version']).status !== 0 && process.env['CI'] !== 'true';
  it.skipIf(noArm)(
    'a Cortex-M55 folder builds with its Makefile and the cross compiler it names (skipped without arm-none-eabi-gcc)',
    () => {
      const m55 = join(work, 'kws-m55');
      expect(runCli(['compile', model, '--target', 'cortex-m55', '-o', m55]).status).toBe(0);
      const r = spawnSync('make', ['-C', m55, '-j2', 'ANVIL_STRICT=1'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('arm-none-eabi-gcc');
      expect(r.stdout).toContain('-mcpu=cortex-m55');
      expect(existsSync(join(m55, 'libkws_ref_model.a'))).toBe(true);
    },
  );

  // Under CI=true the RISC-V toolchains are installed by the test command, so this never skips there.
  const noRiscv =
    (spawnSync('riscv64-unknown-elf-gcc', ['--version']).status !== 0 || spawnSync('clang-19', ['--version']).status !== 0) &&
    process.env['CI'] !== 'true';
  it.skipIf(noRiscv)(
    'RISC-V folders build with their Makefile (gcc for rv32imac, clang for Zve32x) and with CMake as a cross build (skipped without the toolchains)',
    () => {
      for (const [target, cc, march] of [
        ['rv32imac', 'riscv64-unknown-elf-gcc', '-march=rv32imac'],
        ['rv32imac_zve32x', 'clang-19', '-march=rv32imac_zve32x_zvl128b'],
      ] as const) {
        const dir = join(work, `kws-${target}`);
        expect(runCli(['compile', model, '--target', target, '-o', dir]).status).toBe(0);
        const r = spawnSync('make', ['-C', dir, '-j2', 'ANVIL_STRICT=1'], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toContain(cc);
        expect(r.stdout).toContain(march);
        expect(existsSync(join(dir, 'libkws_ref_model.a'))).toBe(true);
      }
      // CMake leaves the flags to the application: a bare-metal cross build names its compiler and ISA.
      const build = join(work, 'cmake-rv32imac');
      const configure = spawnSync(
        'cmake',
        [
          '-S',
          join(work, 'kws-rv32imac'),
          '-B',
          build,
          '-DCMAKE_SYSTEM_NAME=Generic',
          '-DCMAKE_C_COMPILER=riscv64-unknown-elf-gcc',
          '-DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY',
          '-DCMAKE_C_FLAGS=-march=rv32imac -mabi=ilp32 --specs=picolibc.specs',
          '-DANVIL_STRICT=ON',
        ],
        { encoding: 'utf8' },
      );
      expect(configure.status, configure.stderr).toBe(0);
      const make = spawnSync('cmake', ['--build', build, '-j2'], { encoding: 'utf8' });
      expect(make.status, `${make.stdout}\n${make.stderr}`).toBe(0);
    },
  );

  it('a second compile into the folder it wrote replaces it; a user folder is refused', () => {
    expect(runCli(['compile', model, '-o', out]).status).toBe(0);
    const r = runCli(['compile', model, '-o', join(REPO_ROOT, 'packages')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^anvil: CLI_OUTPUT_EXISTS: /);
  });
});

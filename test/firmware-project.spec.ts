import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpret } from '@anvil/interp';
import { RISCV_TOOLS, boardFor, qemuToolchain, startQemuPty } from '@anvil/host';
import { REPO_ROOT, firstDifference, xorshift32 } from '@anvil/testing';
import { loadGraph } from './support/load-graph.js';
import { runCli, runCliAsync } from './support/run-cli.js';

// Issue 14: `anvil project` writes a firmware project that builds outside this repository with
// the cross toolchain alone (make or CMake) and runs under QEMU, standalone (semihosting files)
// and host-driven (serial RPC, driven by `anvil run --port`), to the interpreter's outputs;
// `anvil flash-image` writes the same host-driven firmware as ELF, raw binary and Intel HEX.
const toolchain = qemuToolchain();
const riscv = qemuToolchain(RISCV_TOOLS);
// Under CI=true cmake must be there (the setup installs it), so this never skips in CI.
const cmakeMissing = spawnSync('cmake', ['--version']).status !== 0;
if (cmakeMissing && process.env['CI'] === 'true') throw new Error('CI=true: cmake is missing; the firmware project tests must run in CI');
const work = mkdtempSync(join(tmpdir(), 'anvil-fw-project-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const TARGET = 'cortex-m4';
const BOARD = 'qemu-mps2-an386';
const STEM = 'kws_ref_model';

const graph = loadGraph(model);
const rand = xorshift32(1414);
const input = Uint8Array.from({ length: 490 }, () => rand() & 0xff);
const inputFile = join(work, 'in.bin');
writeFileSync(inputFile, input);
const expected = (): Uint8Array => interpret(graph, [input])[0] as Uint8Array;

type Template = 'make' | 'cmake';

interface Project {
  /** The copy that was built, away from where anvil wrote it. */
  readonly dir: string;
  readonly elf: string;
  readonly modelId?: string;
}

const projects = new Map<string, Promise<Project>>();

/** Writes the project with the CLI, copies it to a fresh folder and builds it there, once per kind. */
function project(template: Template, hostDriven: boolean): Promise<Project> {
  const key = `${template}-${hostDriven ? 'rpc' : 'std'}`;
  const known = projects.get(key);
  if (known !== undefined) return known;
  const made = (async (): Promise<Project> => {
    const out = join(work, `written-${key}`);
    const r = await runCliAsync([
      'project',
      model,
      '--target',
      TARGET,
      '--board',
      BOARD,
      '--template',
      template,
      ...(hostDriven ? ['--host-driven'] : []),
      '-o',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { board: string; template: string; hostDriven: boolean; modelId?: string; files: string[] };
    expect(doc).toMatchObject({ board: BOARD, template, hostDriven });
    expect(doc.files).toContain('main.c');
    expect(doc.files).toContain('README.md');
    expect(doc.files).toContain(`model/${STEM}.c`);
    expect(doc.files).toContain('board/link.ld');
    expect(doc.files.some((f) => f.startsWith('rpc/'))).toBe(hostDriven);
    // A copy somewhere else: the build cannot lean on the folder anvil wrote, nor on the repository.
    const dir = mkdtempSync(join(work, `copy-${key}-`));
    cpSync(out, dir, { recursive: true });
    rmSync(out, { recursive: true, force: true });
    for (const f of template === 'make'
      ? ['Makefile', 'README.md', 'main.c']
      : ['CMakeLists.txt', 'toolchain.cmake', 'README.md', 'main.c']) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toContain(REPO_ROOT);
      expect(text, f).not.toContain(out);
    }
    const steps =
      template === 'make'
        ? [['make', ['-C', dir, '-j4']] as const]
        : ([
            ['cmake', ['-S', dir, '-B', join(dir, 'build')]],
            ['cmake', ['--build', join(dir, 'build'), '-j4']],
          ] as const);
    for (const [command, args] of steps) {
      const b = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
      expect(b.status, `${command} ${args.join(' ')}\n${b.stdout}\n${b.stderr}`).toBe(0);
    }
    const elf = join(dir, 'build', `${STEM}.elf`);
    for (const ext of ['elf', 'bin', 'hex']) expect(existsSync(join(dir, 'build', `${STEM}.${ext}`)), ext).toBe(true);
    return { dir, elf, ...(doc.modelId === undefined ? {} : { modelId: doc.modelId }) };
  })();
  projects.set(key, made);
  return made;
}

/** Boots a standalone project with its own `run` target (the README's QEMU line) on in0_0.bin. */
function runStandalone(p: Project, template: Template): Uint8Array {
  writeFileSync(join(p.dir, 'in0_0.bin'), input);
  const r =
    template === 'make'
      ? spawnSync('make', ['-C', p.dir, 'run'], { encoding: 'utf8', timeout: 60_000 })
      : spawnSync('cmake', ['--build', join(p.dir, 'build'), '--target', 'run'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  // The firmware's semihosting console line (QEMU writes it to stdout or stderr, by its console setup).
  expect(`${r.stdout}${r.stderr}`).toMatch(/stack_bytes \d+/);
  return new Uint8Array(readFileSync(join(p.dir, 'out0_0.bin')));
}

/** Boots a host-driven ELF with its UART on a pty and runs the input through `anvil run --port`. */
async function runHostDriven(elf: string, cwd: string, name: string): Promise<{ output: Uint8Array; stdout: string }> {
  const board = boardFor(TARGET, BOARD);
  if (board === undefined) throw new Error(`no ${BOARD}`);
  const qemu = await startQemuPty({ board, elf, cwd });
  try {
    const prefix = join(work, name);
    const r = await runCliAsync([
      'run',
      model,
      '--target',
      TARGET,
      '--port',
      qemu.path,
      '--input',
      inputFile,
      '--output',
      prefix,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    return { output: new Uint8Array(readFileSync(`${prefix}_0.bin`)), stdout: r.stdout };
  } finally {
    await qemu.stop(500);
  }
}

describe.skipIf(!toolchain.available)(`firmware projects and flash images ${toolchain.reason}`, () => {
  it('make, standalone: copied away from the repository, it builds and runs under QEMU to the interpreter’s outputs', async () => {
    const p = await project('make', false);
    expect(firstDifference(runStandalone(p, 'make'), expected())).toBe(-1);
    const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
    expect(readme).toContain('make -j4');
    expect(readme).toContain(`qemu-system-arm -M mps2-an386 -nographic -monitor none -serial null`);
  });

  it('make, host-driven: booted on a pty and driven by `anvil run --port`, to the same outputs', async () => {
    const p = await project('make', true);
    expect(p.modelId).toMatch(/^[0-9a-f]{16}$/);
    const r = await runHostDriven(p.elf, p.dir, 'make-rpc');
    expect(firstDifference(r.output, expected())).toBe(-1);
    expect(JSON.parse(r.stdout)).toMatchObject({ hostDriven: true });
    expect(readFileSync(join(p.dir, 'README.md'), 'utf8')).toContain('-serial pty -no-reboot');
  });

  it.skipIf(cmakeMissing)('cmake, standalone and host-driven: the same outputs (skipped without cmake)', async () => {
    const [std, rpc] = await Promise.all([project('cmake', false), project('cmake', true)]);
    expect(firstDifference(runStandalone(std, 'cmake'), expected())).toBe(-1);
    const r = await runHostDriven(rpc.elf, rpc.dir, 'cmake-rpc');
    expect(firstDifference(r.output, expected())).toBe(-1);
    expect(rpc.modelId).toBe((await project('make', true)).modelId);
  });

  it.skipIf(cmakeMissing || !riscv.available)(
    `rv32imac_zve32x, cmake, standalone: clang compiles, the GNU driver links, the same outputs${riscv.reason === '' ? '' : ` ${riscv.reason}`}`,
    () => {
      const out = join(work, 'written-rvv');
      const r = runCli(['project', model, '--target', 'rv32imac_zve32x', '--template', 'cmake', '-o', out]);
      expect(r.status, r.stderr).toBe(0);
      const dir = mkdtempSync(join(work, 'copy-rvv-'));
      cpSync(out, dir, { recursive: true });
      rmSync(out, { recursive: true, force: true });
      for (const args of [
        ['-S', dir, '-B', join(dir, 'build')],
        ['--build', join(dir, 'build'), '-j4'],
      ]) {
        const b = spawnSync('cmake', args, { encoding: 'utf8', timeout: 120_000 });
        expect(b.status, `cmake ${args.join(' ')}\n${b.stdout}\n${b.stderr}`).toBe(0);
      }
      expect(firstDifference(runStandalone({ dir, elf: join(dir, 'build', `${STEM}.elf`) }, 'cmake'), expected())).toBe(-1);
    },
  );

  it('flash-image --host-driven: ELF, binary and HEX of the firmware the project builds; the ELF boots and serves', async () => {
    const out = join(work, 'image');
    const r = await runCliAsync(['flash-image', model, '--target', TARGET, '--board', BOARD, '--host-driven', '-o', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { modelId: string; loadAddress: string; flashBytes: number; ramBytes: number; files: string[] };
    expect(doc.files.sort()).toEqual(['flash-image.json', `${STEM}.bin`, `${STEM}.elf`, `${STEM}.hex`]);
    // The same identity as the project's: one model, one build, whichever way it is made.
    expect(doc.modelId).toBe((await project('make', true)).modelId);
    expect(doc.loadAddress).toBe('0x00000000');
    expect(doc.ramBytes).toBeGreaterThan(16_000);
    const manifest = JSON.parse(readFileSync(join(out, 'flash-image.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ target: TARGET, board: BOARD, hostDriven: true, modelId: doc.modelId, loadAddress: '0x00000000' });
    expect(manifest['io']).toMatch(/^serial RPC/);
    const elf = join(out, `${STEM}.elf`);
    const again = join(work, 'objcopy.bin');
    expect(spawnSync('arm-none-eabi-objcopy', ['-O', 'binary', elf, again]).status).toBe(0);
    expect(statSync(join(out, `${STEM}.bin`)).size).toBe(statSync(again).size);
    expect(firstDifference(new Uint8Array(readFileSync(join(out, `${STEM}.bin`))), new Uint8Array(readFileSync(again)))).toBe(-1);
    expect(statSync(join(out, `${STEM}.bin`)).size).toBe(doc.flashBytes);
    expect(readFileSync(join(out, `${STEM}.hex`), 'utf8')).toMatch(/^:[0-9A-F]+\r?\n/);
    const run = await runHostDriven(elf, out, 'image-rpc');
    expect(firstDifference(run.output, expected())).toBe(-1);
  });

  it('the host target has no board: a usage error; a user’s changed file is kept without --force', () => {
    for (const command of [['project', '--template', 'make'], ['flash-image']]) {
      const r = runCli([command[0] as string, model, ...command.slice(1), '-o', join(work, 'host')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^anvil: CLI_BAD_ARGUMENT: ${command[0]}: host runs as a host-process`));
    }
    const bad = runCli(['project', model, '--target', TARGET, '--template', 'ninja', '-o', join(work, 'ninja')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^anvil: CLI_BAD_ARGUMENT: --template ninja/);
    const out = join(work, 'owned');
    expect(runCli(['project', model, '--target', TARGET, '--template', 'make', '-o', out]).status).toBe(0);
    writeFileSync(join(out, 'main.c'), '/* mine */\n');
    const refused = runCli(['project', model, '--target', TARGET, '--template', 'make', '-o', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^anvil: CLI_OUTPUT_MODIFIED: /);
    expect(readFileSync(join(out, 'main.c'), 'utf8')).toBe('/* mine */\n');
    expect(runCli(['project', model, '--target', TARGET, '--template', 'make', '-o', out, '--force']).status).toBe(0);
    expect(readFileSync(join(out, 'main.c'), 'utf8')).toContain('Generated by Anvil');
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import type { CliResult } from './support/run-cli.js';
import { runCli, runCliAsync } from './support/run-cli.js';

// Issue 19, "paths and ownership": Anvil removes only files it wrote, never a user's; every
// bad output path is a typed user error with a hint; concurrent writers to one folder are
// told, not silently interleaved. All through the real `anvil` executable.

const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const work = mkdtempSync(join(tmpdir(), 'anvil-hardening-paths-'));
afterAll(() => {
  for (const d of readdirSync(work)) chmodSync(join(work, d), 0o755);
  rmSync(work, { recursive: true, force: true });
});

const MANIFEST = '.anvil-manifest.json';
const LOCK = '.anvil-lock';
const zeros = join(work, 'zeros.bin');
writeFileSync(zeros, new Uint8Array(490));
/** The same model under another name, so its files are named differently. */
const otherModel = join(work, 'other_model.tflite');
copyFileSync(model, otherModel);

/** Every file and folder below `dir` with its content, to show that nothing was written or removed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const key = relative(dir, p);
      if (statSync(p).isDirectory()) {
        out[`${key}/`] = '';
        walk(p);
      } else out[key] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A user's own project folder: none of its names is one Anvil generates. */
function userFolder(name: string): { dir: string; files: Record<string, string> } {
  const dir = join(work, name);
  const files: Record<string, string> = {
    'notes.txt': 'my notes\n',
    'src/app.h': '#define MY_APP 1\n',
    // The user's own program: `run` must build only what Anvil generated, or two mains collide.
    'src/app.c': 'int main(void) { return 3; }\n',
    'docs/design.md': '# mine\n',
    '.hidden': 'secret\n',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, files };
}

function expectUserFilesKept(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) expect(readFileSync(join(dir, path), 'utf8'), path).toBe(content);
}

/** Exit 1, one line `anvil: CODE: message — hint`, not INTERNAL. */
function expectUserError(r: CliResult, code: string): void {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^anvil: ${code}: .+ — .+`));
  expect(r.stderr).not.toContain('INTERNAL');
}

function expectOk(r: CliResult): void {
  expect(r.status, r.stderr).toBe(0);
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The manifest lists exactly the files Anvil's write left, each with its content's hash. */
function expectConsistentFolder(dir: string, ignore: readonly string[] = []): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { files: Array<{ path: string; sha256: string }> };
  const listed = manifest.files.map((f) => f.path).sort();
  expect(new Set(listed).size).toBe(listed.length);
  for (const f of manifest.files) expect(sha256(readFileSync(join(dir, f.path))), f.path).toBe(f.sha256);
  const present = Object.keys(snapshot(dir))
    .filter((p) => !p.endsWith('/') && p !== MANIFEST && !ignore.includes(p))
    .sort();
  expect(present).toEqual(listed);
  return listed;
}

const compile = (out: string, ...extra: string[]): CliResult => runCli(['compile', model, '-o', out, ...extra]);

describe('no user file is ever lost', () => {
  it('a user folder survives compile, compile --force, then compile without --force (the old trap), and again', () => {
    const { dir, files } = userFolder('proj');
    const before = snapshot(dir);
    expectUserError(compile(dir), 'CLI_OUTPUT_EXISTS');
    expect(snapshot(dir)).toEqual(before);
    expectOk(compile(dir, '--force'));
    expectUserFilesKept(dir, files);
    expect(existsSync(join(dir, 'kws_ref_model.c'))).toBe(true);
    expectOk(compile(dir));
    expectUserFilesKept(dir, files);
    expectOk(compile(dir, '--force'));
    expectOk(runCli(['compile', otherModel, '-o', dir]));
    expectUserFilesKept(dir, files);
    // The first model's files went with the recompile; the user's stayed.
    expect(existsSync(join(dir, 'kws_ref_model.c'))).toBe(false);
    expect(existsSync(join(dir, 'other_model.c'))).toBe(true);
    expectConsistentFolder(dir, Object.keys(files));
  });

  it('run --build-dir into a user folder: refused without --force; with it and after it, the user files stay', () => {
    const { dir, files } = userFolder('run-build');
    const before = snapshot(dir);
    const out = (k: number): string[] => ['--output', join(work, `run-build-out${k}`)];
    const run = (...extra: string[]): CliResult => runCli(['run', model, '--input', zeros, '--build-dir', dir, ...extra]);
    expectUserError(run(...out(0)), 'CLI_OUTPUT_EXISTS');
    expect(snapshot(dir)).toEqual(before);
    expectOk(run(...out(1), '--force'));
    expectUserFilesKept(dir, files);
    expectOk(run(...out(2)));
    expectUserFilesKept(dir, files);
    expectOk(runCli(['compile', model, '-o', dir]));
    expectUserFilesKept(dir, files);
    const ref = runCli(['interp', model, '--input', zeros, '--output', join(work, 'run-build-ref')]);
    expectOk(ref);
    for (const k of [1, 2])
      expect(readFileSync(join(work, `run-build-out${k}_0.bin`))).toEqual(readFileSync(join(work, 'run-build-ref_0.bin')));
  });

  it('-o $PWD, -o ., -o .. are refused with or without --force, twice, and nothing is written or removed', () => {
    const { dir } = userFolder('cwd');
    const before = snapshot(dir);
    const attempts = [
      [dir],
      [dir],
      ['.'],
      ['.'],
      [dir, '--force'],
      ['.', '--force'],
      ['./', '--force'],
      ['..', '--force'],
      ['/', '--force'],
    ];
    for (const args of attempts) {
      expectUserError(runCli(['compile', model, '-o', ...args], dir), 'CLI_OUTPUT_INVALID');
      expect(snapshot(dir)).toEqual(before);
    }
    expectUserError(
      runCli(['run', model, '--input', zeros, '--output', join(work, 'cwd-out'), '--build-dir', '.', '--force'], dir),
      'CLI_OUTPUT_INVALID',
    );
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(work, 'cwd-out_0.bin'))).toBe(false);
  });

  it('files a user adds inside a folder Anvil made survive recompiles, with and without --force', () => {
    const dir = join(work, 'anvil-made');
    expectOk(compile(dir));
    const mine = {
      'notes.txt': 'mine\n',
      'kernels/my_kernel.c': 'int mine;\n',
      'runtime/include/my.h': '#pragma once\n',
      'build/x.o': 'obj',
    };
    for (const [p, c] of Object.entries(mine)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), c);
    }
    expectOk(compile(dir));
    expectUserFilesKept(dir, mine);
    expectOk(compile(dir, '--force'));
    expectUserFilesKept(dir, mine);
    expectOk(runCli(['compile', otherModel, '-o', dir]));
    expectUserFilesKept(dir, mine);
    expectConsistentFolder(dir, Object.keys(mine));
  });

  it('a generated file the user changed is not overwritten without --force; the error names it', () => {
    const dir = join(work, 'edited');
    expectOk(compile(dir));
    writeFileSync(join(dir, 'Makefile'), '# my tuned Makefile\n');
    const before = snapshot(dir);
    const r = compile(dir);
    expectUserError(r, 'CLI_OUTPUT_MODIFIED');
    expect(r.stderr).toContain('Makefile');
    expect(r.stderr).toContain('--force');
    expect(snapshot(dir)).toEqual(before);
    // A model that no longer generates it does not remove it either.
    const other = runCli(['compile', otherModel, '-o', dir]);
    expectUserError(other, 'CLI_OUTPUT_MODIFIED');
    expect(snapshot(dir)).toEqual(before);
    expectOk(compile(dir, '--force'));
    expect(readFileSync(join(dir, 'Makefile'), 'utf8')).not.toContain('my tuned');
    expectConsistentFolder(dir);
  });

  it('a user file at a path Anvil generates is replaced only with --force', () => {
    const dir = join(work, 'collide');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Makefile'), 'all:\n\techo mine\n');
    expectUserError(compile(dir), 'CLI_OUTPUT_EXISTS');
    expect(readFileSync(join(dir, 'Makefile'), 'utf8')).toContain('mine');
    expectOk(compile(dir, '--force'));
    expect(readFileSync(join(dir, 'Makefile'), 'utf8')).not.toContain('mine');
  });

  it('the old .anvil-output marker no longer hands a folder to Anvil', () => {
    const { dir, files } = userFolder('old-marker');
    writeFileSync(join(dir, '.anvil-output'), 'This folder was written by `anvil compile`; it is replaced on the next compile.\n');
    const before = snapshot(dir);
    expectUserError(compile(dir), 'CLI_OUTPUT_EXISTS');
    expect(snapshot(dir)).toEqual(before);
    expectUserFilesKept(dir, files);
  });

  it('plan --html refuses an existing file without --force, and replaces it with', () => {
    const page = join(work, 'page.html');
    writeFileSync(page, 'my page');
    const plan = (...extra: string[]): CliResult => runCli(['plan', model, '--planners', 'greedy-by-size', '--html', page, ...extra]);
    expectUserError(plan(), 'CLI_OUTPUT_EXISTS');
    expect(readFileSync(page, 'utf8')).toBe('my page');
    expectOk(plan('--force'));
    expect(readFileSync(page, 'utf8')).toContain('<html');
  });
});

describe('every bad output path is a typed user error with a hint; nothing is written or removed', () => {
  const box = join(work, 'box');
  mkdirSync(join(box, 'dir'), { recursive: true });
  mkdirSync(join(box, 'x_0.bin'));
  writeFileSync(join(box, 'a-file.txt'), 'mine');
  const input = ['--input', zeros];
  const cases: Array<[string, string[], string]> = [
    ['compile -o naming a file', ['compile', model, '-o', 'a-file.txt'], 'CLI_OUTPUT_INVALID'],
    ['compile -o /dev/null', ['compile', model, '-o', '/dev/null'], 'CLI_OUTPUT_INVALID'],
    ['compile -o ""', ['compile', model, '-o', ''], 'CLI_OUTPUT_INVALID'],
    ['compile -o .', ['compile', model, '-o', '.', '--force'], 'CLI_OUTPUT_INVALID'],
    ['compile -o below a file', ['compile', model, '-o', 'a-file.txt/out'], 'CLI_OUTPUT_INVALID'],
    ['compile -o a folder that cannot be created', ['compile', model, '-o', '/sys/anvil-out'], 'CLI_OUTPUT_UNWRITABLE'],
    ['run --build-dir naming a file', ['run', model, ...input, '--output', 'r', '--build-dir', 'a-file.txt'], 'CLI_OUTPUT_INVALID'],
    ['an output prefix whose parent is a file', ['interp', model, ...input, '--output', 'a-file.txt/out'], 'CLI_OUTPUT_INVALID'],
    ['an output prefix naming a folder', ['interp', model, ...input, '--output', 'dir/'], 'CLI_OUTPUT_INVALID'],
    ['an output path that is a folder', ['interp', model, ...input, '--output', 'x', '--force'], 'CLI_OUTPUT_INVALID'],
    ['an empty output prefix', ['interp', model, ...input, '--output', ''], 'CLI_OUTPUT_INVALID'],
    ['an output prefix in a missing folder', ['interp', model, ...input, '--output', 'missing/out'], 'CLI_OUTPUT_INVALID'],
    ['run with an output prefix whose parent is a file', ['run', model, ...input, '--output', 'a-file.txt/out'], 'CLI_OUTPUT_INVALID'],
    ['plan --html onto a folder', ['plan', model, '--planners', 'greedy-by-size', '--html', 'dir'], 'CLI_OUTPUT_INVALID'],
    [
      'plan --html into a missing folder',
      ['plan', model, '--planners', 'greedy-by-size', '--html', 'missing/p.html'],
      'CLI_OUTPUT_INVALID',
    ],
    ['plan --html onto a device', ['plan', model, '--planners', 'greedy-by-size', '--html', '/dev/null', '--force'], 'CLI_OUTPUT_INVALID'],
    ['plugin new -o naming a file', ['plugin', 'new', 'adder', '-o', 'a-file.txt'], 'CLI_OUTPUT_INVALID'],
    ['plugin new -o .', ['plugin', 'new', 'adder', '-o', '.'], 'CLI_OUTPUT_INVALID'],
  ];
  const before = snapshot(box);
  describe.concurrent('in a sandbox folder', () => {
    for (const [what, args, code] of cases)
      it(what, async ({ expect: local }) => {
        const r = await runCliAsync(args, box);
        expectUserError(r, code);
        local(snapshot(box)).toEqual(before);
      });
  });

  // Root writes through permission bits, so as root the CLI runs as `nobody` (setpriv), a
  // user the folder really refuses; as anyone else it runs as itself.
  it('a read-only output folder', () => {
    const asUser = (args: readonly string[]): CliResult => {
      if (process.getuid?.() !== 0) return runCli(args);
      const r = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(REPO_ROOT, 'packages/cli/bin/anvil.js'), ...args],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
      );
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    // `nobody` must reach the folder and read the input, as a user would their own files.
    chmodSync(work, 0o755);
    chmodSync(zeros, 0o644);
    const ro = join(work, 'read-only');
    mkdirSync(ro);
    writeFileSync(join(ro, 'kept.txt'), 'mine');
    chmodSync(ro, 0o555);
    const before = snapshot(ro);
    expectUserError(asUser(['compile', model, '-o', join(ro, 'out')]), 'CLI_OUTPUT_UNWRITABLE');
    expectUserError(asUser(['compile', model, '-o', ro, '--force']), 'CLI_OUTPUT_UNWRITABLE');
    expectUserError(asUser(['interp', model, '--input', zeros, '--output', join(ro, 'o')]), 'CLI_OUTPUT_UNWRITABLE');
    expect(snapshot(ro)).toEqual(before);
  });
});

describe('concurrent writers to one folder', () => {
  it('two different models compiled into one folder at once: one is told the folder is busy, or both land in turn, consistently', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = join(work, `race-${round}`);
      const results = await Promise.all([runCliAsync(['compile', model, '-o', dir]), runCliAsync(['compile', otherModel, '-o', dir])]);
      for (const r of results) {
        expect(r.stderr).not.toContain('INTERNAL');
        if (r.status !== 0) expectUserError(r, 'CLI_OUTPUT_LOCKED');
      }
      expect(results.some((r) => r.status === 0)).toBe(true);
      expect(existsSync(join(dir, LOCK))).toBe(false);
      const listed = expectConsistentFolder(dir);
      // Exactly one model's files, complete: its sources and the report naming it.
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { model: string };
      const stem = report.model;
      expect(listed).toContain(`${stem}.c`);
      const other = stem === 'kws_ref_model' ? 'other_model' : 'kws_ref_model';
      expect(listed.some((p) => p.includes(other))).toBe(false);
    }
  });

  it('a folder another live anvil holds is refused with CLI_OUTPUT_LOCKED and left as it was; a dead holder’s lock is reclaimed', async () => {
    const dir = join(work, 'held');
    expectOk(compile(dir));
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(dir, LOCK), JSON.stringify({ pid: holder.pid, host: hostname(), token: 'held-by-test' }));
      const before = snapshot(dir);
      const r = runCli(['compile', otherModel, '-o', dir]);
      expectUserError(r, 'CLI_OUTPUT_LOCKED');
      expect(r.stderr).toContain(LOCK);
      expectUserError(
        runCli(['run', model, '--input', zeros, '--output', join(work, 'held-out'), '--build-dir', dir]),
        'CLI_OUTPUT_LOCKED',
      );
      expect(snapshot(dir)).toEqual(before);
    } finally {
      holder.kill();
      await new Promise((done) => holder.once('exit', done));
    }
    expectOk(runCli(['compile', otherModel, '-o', dir]));
    expect(existsSync(join(dir, LOCK))).toBe(false);
    expectConsistentFolder(dir);
  });

  it('two runs sharing one --build-dir: each succeeds with the right outputs or is told the folder is busy', async () => {
    const dir = join(work, 'shared-build');
    const ref = runCli(['interp', model, '--input', zeros, '--output', join(work, 'shared-ref')]);
    expectOk(ref);
    const results = await Promise.all(
      [0, 1].map((k) => runCliAsync(['run', model, '--input', zeros, '--output', join(work, `shared-out${k}`), '--build-dir', dir])),
    );
    results.forEach((r, k) => {
      expect(r.stderr).not.toContain('INTERNAL');
      if (r.status !== 0) expectUserError(r, 'CLI_OUTPUT_LOCKED');
      else expect(readFileSync(join(work, `shared-out${k}_0.bin`))).toEqual(readFileSync(join(work, 'shared-ref_0.bin')));
    });
    expect(results.some((r) => r.status === 0)).toBe(true);
  });
});

describe('--input', () => {
  it('takes a path containing a comma whole, and may be repeated (one input per flag)', () => {
    const comma = join(work, 'in,put.bin');
    copyFileSync(zeros, comma);
    expectOk(runCli(['interp', model, '--input', zeros, '--output', join(work, 'plain')]));
    expectOk(runCli(['interp', model, '--input', comma, '--output', join(work, 'comma')]));
    expect(readFileSync(join(work, 'comma_0.bin'))).toEqual(readFileSync(join(work, 'plain_0.bin')));
    expectOk(runCli(['run', model, '--input', comma, '--output', join(work, 'comma-run')]));
    expect(readFileSync(join(work, 'comma-run_0.bin'))).toEqual(readFileSync(join(work, 'plain_0.bin')));
    // Each flag is one input, and the comma list (of names without commas) still works.
    expectUserError(runCli(['interp', model, '--input', comma, '--input', comma, '--output', join(work, 'two')]), 'INPUT_COUNT_MISMATCH');
    expectUserError(runCli(['interp', model, '--input', `${zeros},${zeros}`, '--output', join(work, 'two')]), 'INPUT_COUNT_MISMATCH');
    expect(existsSync(join(work, 'two_0.bin'))).toBe(false);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import type { CliResult } from './support/run-cli.js';
import { runCli } from './support/run-cli.js';

// Issue 19, "Bounds": every input that used to hang, exhaust memory, end the CLI silently or
// be reported as a bug in Anvil now ends within 10 s as one typed line with a hint, exit 1.
// The project sits in the repository so that plugins written here resolve `@anvil/core`.
mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
const project = mkdtempSync(join(REPO_ROOT, 'out', 'hardening-bounds-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const BIN = join(REPO_ROOT, 'packages/cli/bin/anvil.js');
// Start-up takes well under a second; a hang would take forever.
const HANG_LIMIT_MS = 10_000;

interface TimedResult extends CliResult {
  readonly ms: number;
}

/**
 * The real executable, like `runCli`, but with extra environment variables and killed after
 * the hang limit, so a regression fails the test instead of stalling the suite.
 */
function anvil(args: readonly string[], env: Readonly<Record<string, string>> = {}): TimedResult {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: HANG_LIMIT_MS + 5_000,
    env: { ...process.env, ...env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - start };
}

/** Exit 1 with one line `anvil: CODE: message — hint`, never INTERNAL or a stack trace. */
function expectUserError(r: CliResult, code: string): string {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^anvil: ${code}: .+ — .+\\n$`));
  expect(r.stderr).not.toMatch(/INTERNAL|\n\s+at /);
  return r.stderr;
}

function expectPromptError(r: TimedResult, code: string): string {
  expect(r.ms, r.stderr).toBeLessThan(HANG_LIMIT_MS);
  return expectUserError(r, code);
}

// A sparse file: its size costs neither disk nor, unless it is read, memory.
function sparse(name: string, head: string, bytes: number): string {
  const path = join(project, name);
  writeFileSync(path, head);
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

function plugin(name: string, source: string): string {
  const dir = join(project, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), source);
  return name;
}

const registering = (name: string, register: string): string =>
  plugin(name, `export const plugin = { name: '${name}', version: '1.0.0', ${register} };\n`);

describe('model files: regular files only, header first, size before reading', () => {
  it('/dev/zero, a FIFO and a directory are refused at once', () => {
    expect(expectPromptError(anvil(['inspect', '/dev/zero']), 'MODEL_UNREADABLE')).toContain('it is a character device');
    execFileSync('mkfifo', [join(project, 'model.tflite')]);
    expect(expectPromptError(anvil(['inspect', join(project, 'model.tflite')]), 'MODEL_UNREADABLE')).toContain('named pipe');
    expect(expectUserError(runCli(['inspect', project]), 'MODEL_UNREADABLE')).toContain('it is a directory');
  });

  it('a 2 GiB file no importer claims is refused after reading its header', () => {
    const big = sparse('big.bin', 'not a model', 2 ** 31);
    expect(expectPromptError(anvil(['inspect', big]), 'MODEL_FORMAT_UNKNOWN')).toContain('no importer recognises big.bin');
  });

  it('a 2 GiB file an importer claims is refused by size, unread; the limit can be changed', () => {
    const big = sparse('big.tflite', 'TFL3', 2 ** 31);
    expect(expectPromptError(anvil(['inspect', big]), 'MODEL_TOO_LARGE')).toContain(
      'is 2147483648 bytes, more than the limit of 268435456 bytes (256 MiB)',
    );
    expect(expectUserError(anvil(['inspect', model], { ANVIL_MAX_MODEL_BYTES: '16KiB' }), 'MODEL_TOO_LARGE')).toContain(
      'more than the limit of 16384 bytes',
    );
    expect(expectUserError(anvil(['inspect', model], { ANVIL_MAX_MODEL_BYTES: 'huge' }), 'CLI_BAD_ARGUMENT')).toContain(
      'ANVIL_MAX_MODEL_BYTES huge is not a size',
    );
  });
});

describe('counts the user gives are bounded', () => {
  const input = join(project, 'input.bin');
  writeFileSync(input, new Uint8Array(490));

  it('run --iterations is a whole number from 1 to 1,000,000', () => {
    for (const n of ['0', '1000001', '1e9']) {
      const r = anvil(['run', model, '--input', input, '--output', join(project, 'out'), '--iterations', n]);
      expect(expectPromptError(r, 'CLI_BAD_ARGUMENT')).toContain(`--iterations ${n} is`);
    }
  });

  it('a QEMU board takes at most 100 iterations: its counts are exact anyway', () => {
    const r = runCli(['run', model, '--target', 'cortex-m4', '--input', input, '--output', join(project, 'out'), '--iterations', '101']);
    expect(expectUserError(r, 'CLI_BAD_ARGUMENT')).toContain('--iterations 101: a QEMU board runs at most 100');
  });

  it('plan --time-limit is a whole number of milliseconds up to an hour', () => {
    for (const n of ['0', '3600001']) {
      expect(expectPromptError(anvil(['plan', model, '--time-limit', n]), 'CLI_BAD_ARGUMENT')).toContain(`--time-limit ${n} is`);
    }
  });

  it('a run of many iterations says on stderr that it is still running', () => {
    // Measure the inference first, then ask for about 6 s of it: long enough to be reported
    // (after 3 s) on any machine, short enough for the suite.
    const out = join(project, 'progress');
    const probe = runCli(['run', model, '--input', input, '--output', out, '--force', '--json', '--iterations', '20']);
    expect(probe.status, probe.stderr).toBe(0);
    const ns = (JSON.parse(probe.stdout) as { cost: { value: number } }).cost.value;
    const iterations = Math.min(1_000_000, Math.ceil(6e9 / ns));
    const r = runCli(['run', model, '--input', input, '--output', out, '--force', '--iterations', String(iterations)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^\\[\\d\\d:\\d\\d:\\d\\d\\] anvil: host-process: building and running ${iterations.toLocaleString('en-US')} inference\\(s\\) \\(host\\): still running after \\d+ s$`,
        'm',
      ),
    );
    expect(readFileSync(`${out}_0.bin`)).toHaveLength(12);
  });
});

describe('plugins cannot hang the CLI, end it silently, or crash it with a stack trace', () => {
  plugin('never-loads', `await new Promise(() => {});\nexport const plugin = { name: 'never-loads', version: '1.0.0', register() {} };\n`);
  plugin(
    'busy-loading',
    `await new Promise(() => setInterval(() => {}, 1000));\nexport const plugin = { name: 'busy-loading', version: '1.0.0', register() {} };\n`,
  );
  plugin('exits-at-import', `process.exit(0);\nexport const plugin = {};\n`);
  registering('exits-in-register', 'register() { process.exit(3); }');
  registering('rejects-in-register', "async register() { throw new Error('no licence'); }");
  plugin('throws-at-import', `throw new Error('cannot start');\nexport const plugin = {};\n`);

  const cases: ReadonlyArray<{ name: string; env?: Record<string, string>; expected: string }> = [
    { name: 'never-loads', expected: 'never-loads (import): never finished: it awaits a promise that nothing is left to settle' },
    // The default limit: the whole command ends within the 10 s hang limit.
    { name: 'busy-loading', expected: 'busy-loading (import): did not finish within 5 s (ANVIL_PLUGIN_TIMEOUT_MS sets the limit)' },
    {
      name: 'busy-loading',
      env: { ANVIL_PLUGIN_TIMEOUT_MS: '2000' },
      expected: 'busy-loading (import): did not finish within 2 s (ANVIL_PLUGIN_TIMEOUT_MS sets the limit)',
    },
    { name: 'exits-at-import', expected: 'exits-at-import (import): called process.exit(0) while loading' },
    { name: 'exits-in-register', expected: 'exits-in-register (register): called process.exit(3) while loading' },
    { name: 'rejects-in-register', expected: 'rejects-in-register (register): no licence' },
    { name: 'throws-at-import', expected: 'throws-at-import (import): cannot start' },
  ];
  for (const c of cases) {
    it(`${c.name}${c.env === undefined ? '' : ' (limit set by the environment)'}: PLUGIN_FAILED naming the plugin and the hook`, () => {
      const r = anvil(['--project', project, '--plugin', c.name, 'inspect', model], c.env);
      expect(expectPromptError(r, 'PLUGIN_FAILED')).toBe(`anvil: PLUGIN_FAILED: ${c.expected} — report this to the plugin's authors\n`);
    });
  }

  it('a package that cannot be resolved is still PLUGIN_NOT_FOUND', () => {
    expectUserError(runCli(['--project', project, '--plugin', 'no-such-anvil-plugin', 'inspect', model]), 'PLUGIN_NOT_FOUND');
  });

  it('an importer that returns null or a non-graph is PLUGIN_FAILED in import', () => {
    const importer = (name: string, result: string): string =>
      registering(
        name,
        `register(c) { c.register(Symbol.for('anvil:Importer'), { useValue: { name: 'odd', canImport: (_b, f) => f.endsWith('.odd'), import: () => (${result}) } }); }`,
      );
    writeFileSync(join(project, 'model.odd'), 'odd');
    const run = (name: string): string =>
      expectUserError(runCli(['--project', project, '--plugin', name, 'inspect', join(project, 'model.odd')]), 'PLUGIN_FAILED');
    expect(run(importer('null-importer', 'null'))).toContain('null-importer (import): returned null, not a graph');
    expect(run(importer('shapeless-importer', "{ name: 'g', tensors: 3, nodes: [], inputs: [], outputs: [] }"))).toContain(
      'shapeless-importer (import): returned a graph whose `tensors` is not an array',
    );
  });
});

describe('anvil.config.json is checked against its schema', () => {
  const config = join(project, 'config');
  mkdirSync(config, { recursive: true });
  const file = join(config, 'anvil.config.json');
  const cases: ReadonlyArray<[string, string]> = [
    ['null', 'the file must hold a JSON object, not null'],
    ['[]', 'the file must hold a JSON object, not an array'],
    ['5', 'the file must hold a JSON object, not the number 5'],
    ['{"plugin": ["@anvil/planner-ilp"]}', 'unknown key "plugin"'],
    ['{"plugins": "@anvil/planner-ilp"}', '"plugins" must be an array of package names'],
  ];
  for (const [text, message] of cases) {
    it(`${text}: CONFIG_INVALID naming the file and the key`, () => {
      writeFileSync(file, text);
      expect(expectUserError(runCli(['--project', config, 'inspect', model]), 'CONFIG_INVALID')).toContain(`${file}: ${message}`);
    });
  }
});

describe('pools and pins must fit the target’s address width', () => {
  it('a pin beyond 4 GiB on a 32-bit target is refused with the numbers; a 64-bit host takes it', () => {
    const r = runCli(['plan', model, '--target', 'cortex-m4', '--pin', 'input_1=sram@1099511627776']);
    expect(expectUserError(r, 'ADDRESS_SPACE_EXCEEDED')).toContain(
      '"input_1" (490 bytes) pinned at sram@1099511627776 reaches byte 1099511628266, beyond what the 32-bit target cortex-m4 can address (at most 4294967295 bytes)',
    );
    const wraps = runCli(['compile', model, '--target', 'cortex-m4', '--pin', 'input_1=sram@4294967296', '-o', join(project, 'wraps')]);
    expectUserError(wraps, 'ADDRESS_SPACE_EXCEEDED');
    expect(runCli(['plan', model, '--planners', 'greedy-by-size', '--pin', 'input_1=sram@4294967296']).status).toBe(0);
  });

  it('a pool larger than the address space is refused', () => {
    const r = runCli(['plan', model, '--target', 'cortex-m4', '--pool', 'sram:5000MiB']);
    expect(expectUserError(r, 'ADDRESS_SPACE_EXCEEDED')).toContain('pool sram (5242880000 bytes)');
  });

  it('a pool the CPU cannot reach is named, with its size and the fix', () => {
    const r = runCli(['plan', model, '--pool', 'npumem:64KiB:npu']);
    expect(expectUserError(r, 'CLI_BAD_ARGUMENT')).toBe(
      'anvil: CLI_BAD_ARGUMENT: pool npumem (65536 bytes, access npu) can hold nothing: the CPU cannot reach it, and it reads or writes every buffer — add cpu to its access: --pool npumem:65536:cpu+npu\n',
    );
  });
});

describe('start-up does not depend on reserving large virtual memory', () => {
  const limited = (kib: number): CliResult => {
    const r = spawnSync('bash', ['-c', `ulimit -v ${kib} && exec "$0" "$1" inspect "$2"`, process.execPath, BIN, model], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it('runs under ulimit -v 4000000 (about 3.8 GiB)', () => {
    const r = limited(4_000_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('model kws_ref_model: 13 operators');
  });

  it('says so, typed, when the limit is too low for Node to start at all', () => {
    expectUserError(limited(2_000_000), 'MEMORY_LIMIT_TOO_LOW');
  });
});

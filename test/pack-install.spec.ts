import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';
import { interpret } from '@anvil/interp';
import { REPO_ROOT, hostCompiler, xorshiftBytes } from '@anvil/testing';

// Every package packed as npm publishes it, installed from the tarballs into a folder outside
// the repository, as a user would: nothing there can reach the workspace (no symlinks, no
// parent node_modules), so a file missing from `files`, an undeclared dependency or an export
// pointing at TypeScript fails here. Third-party packages come from the registry (or npm's
// cache, which `npm ci` filled). A planner plugin is scaffolded by the installed CLI, built
// against the installed packages, and used by that CLI.

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

// npm run from within `npm test` passes its own settings down (npm_config_*, the workspace);
// the installs here must see a user's plain environment.
const plainEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'INIT_CWD'));

function run(cmd: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env: plainEnv, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ status, stdout, stderr });
    });
  });
}

async function ok(cmd: string, args: readonly string[], cwd: string): Promise<Run> {
  const r = await run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

const NPM_QUIET = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly json: Record<string, unknown>;
}

function publishedPackages(): WorkspacePackage[] {
  const dirs = ['runtime-c', ...['packages', 'plugins'].flatMap((g) => readdirSync(join(REPO_ROOT, g)).map((d) => `${g}/${d}`))];
  return dirs
    .filter((d) => existsSync(join(REPO_ROOT, d, 'package.json')))
    .map((d) => ({ dir: d, json: JSON.parse(readFileSync(join(REPO_ROOT, d, 'package.json'), 'utf8')) as Record<string, unknown> }))
    .filter((p) => p.json['private'] !== true)
    .map((p) => ({ ...p, name: p.json['name'] as string }));
}

const host = hostCompiler();
const root = mkdtempSync(join(tmpdir(), 'anvil-pack-'));
const tarballs = join(root, 'tarballs');
const app = join(root, 'app');
const plugin = join(root, 'plugin');
const PLUGIN = '@acme/anvil-planner-first-use';
const packages = publishedPackages();
const tarballOf = new Map<string, string>();
const pluginChecks: Record<string, Run> = {};
const model = join(app, 'kws.tflite');
const input = xorshiftBytes(7, 490);
let expected: Buffer | undefined;
const anvil = (args: readonly string[]) => run(process.execPath, [join(app, 'node_modules/.bin/anvil'), ...args], app);

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  if (host.skip) return;
  // Packing ships dist/: make sure it is built from these sources (seconds when it is).
  await ok(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], REPO_ROOT);
  await ok(process.execPath, [join(REPO_ROOT, 'tools/bundle.mjs')], REPO_ROOT);
  mkdirSync(tarballs);
  const packed = await ok('npm', ['pack', '--json', '--pack-destination', tarballs, ...packages.flatMap((p) => ['-w', p.name])], REPO_ROOT);
  const list = JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>;
  for (const t of list) tarballOf.set(t.name, join(tarballs, t.filename));

  mkdirSync(app);
  const deps = Object.fromEntries([...tarballOf].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: deps }, null, 2));
  await ok('npm', ['install', ...NPM_QUIET], app);
  copyFileSync(join(REPO_ROOT, 'examples/kws_ref_model.tflite'), model);
  writeFileSync(join(app, 'in.bin'), input);
  const graph = importModel([new TfliteImporter()], new Uint8Array(readFileSync(model)), model);
  expected = Buffer.from(interpret(graph, [input])[0] as Uint8Array);

  // The plugin, scaffolded by the installed CLI and built against the installed packages:
  // its @anvil development dependencies are the tarballs (they are on no registry).
  await ok(
    process.execPath,
    [join(app, 'node_modules/.bin/anvil'), 'plugin', 'new', 'first-use', '--kind', 'planner', '--scope', '@acme', '-o', plugin],
    app,
  );
  const devTarballs = [
    '@anvil/core',
    '@anvil/testing',
    '@anvil/codegen-c',
    '@anvil/interp',
    '@anvil/runtime-c',
    '@anvil/planner-greedy',
    '@anvil/target-host',
  ];
  await ok('npm', ['install', ...NPM_QUIET, '-D', ...devTarballs.map((n) => tarballOf.get(n) ?? n)], plugin);
  for (const script of ['typecheck', 'build', 'test']) {
    pluginChecks[script] = await run('npm', ['run', script, ...(script === 'test' ? ['--', '--reporter', 'verbose'] : [])], plugin);
  }
  const pluginPacked = await ok('npm', ['pack', '--json', '--pack-destination', tarballs], plugin);
  const pluginTarball = join(tarballs, (JSON.parse(pluginPacked.stdout) as Array<{ filename: string }>)[0]?.filename ?? '');
  await ok('npm', ['install', ...NPM_QUIET, pluginTarball], app);
}, 600_000);

describe.skipIf(host.skip)(`packed and installed outside the repository ${host.reason}`, () => {
  it('every package ships compiled JavaScript with its types, a LICENSE and no specs or TypeScript sources', () => {
    expect([...tarballOf.keys()].sort()).toEqual(packages.map((p) => p.name).sort());
    for (const p of packages) {
      const installed = join(app, 'node_modules', p.name);
      const files = listFiles(installed);
      expect(files, p.name).toContain('LICENSE');
      expect(
        files.filter((f) => f.endsWith('.spec.js') || f.endsWith('.spec.ts') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
        p.name,
      ).toEqual([]);
      const exp = (p.json['exports'] as Record<string, unknown>)['.'] as Record<string, string> | undefined;
      if (exp === undefined) continue; // @anvil/runtime-c: C sources, reached through its package.json
      expect(existsSync(join(installed, exp['default'] ?? '')), `${p.name} exports ${exp['default']}`).toBe(true);
      expect(existsSync(join(installed, exp['types'] ?? '')), `${p.name} types ${exp['types']}`).toBe(true);
    }
    const cli = JSON.parse(readFileSync(join(app, 'node_modules/@anvil/cli/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(cli.dependencies)).not.toContain('tsx');
  });

  it('resolves every package inside the folder, never in the workspace', () => {
    const req = createRequire(join(app, 'package.json'));
    for (const p of packages) {
      const resolved = realpathSync(req.resolve(`${p.name}/package.json`));
      expect(resolved.startsWith(`${realpathSync(app)}/`), resolved).toBe(true);
    }
  });

  it('compile and run --target host work from the installed CLI, byte-identical to the interpreter', async () => {
    const version = await anvil(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')).version);

    const compiled = await anvil(['compile', model, '--target', 'host', '-o', join(app, 'out')]);
    expect(compiled.status, compiled.stderr).toBe(0);
    // The kernels and runtime headers come from the installed @anvil/runtime-c.
    expect(existsSync(join(app, 'out/runtime/include/anvil/platform.h'))).toBe(true);
    expect(readdirSync(join(app, 'out/runtime/kernels')).some((f) => f.startsWith('anvil_conv2d_s8'))).toBe(true);

    const ran = await anvil(['run', model, '--target', 'host', '--sanitize', '--input', join(app, 'in.bin'), '--output', join(app, 'got')]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(Buffer.from(readFileSync(join(app, 'got_0.bin'))).equals(expected as Buffer)).toBe(true);
  });

  it('a plugin scaffolded by the installed CLI typechecks, builds and passes its kit against the installed packages', () => {
    for (const [script, r] of Object.entries(pluginChecks)) expect(r.status, `npm run ${script}:\n${r.stdout}\n${r.stderr}`).toBe(0);
    expect(pluginChecks['test']?.stdout).toContain('planner conformance: ');
    expect(existsSync(join(plugin, 'dist/index.js'))).toBe(true);
  });

  it('the installed CLI loads the installed plugin, which registers into the one core there is', async () => {
    // @anvil/core is the plugin's peer: npm gives it the application's copy, not one of its own.
    expect(existsSync(join(app, 'node_modules', PLUGIN, 'node_modules/@anvil/core'))).toBe(false);
    const plan = await anvil(['--plugin', PLUGIN, 'plan', model, '--planners', 'first-use,greedy-by-size', '--json']);
    expect(plan.status, plan.stderr).toBe(0);
    const planners = (JSON.parse(plan.stdout) as { planners: Array<{ planner: string; error?: string }> }).planners;
    expect(planners.map((p) => [p.planner, p.error])).toEqual([
      ['first-use', undefined],
      ['greedy-by-size', undefined],
    ]);
    const ran = await anvil([
      '--plugin',
      PLUGIN,
      'run',
      model,
      '--target',
      'host',
      '--planner',
      'first-use',
      '--input',
      join(app, 'in.bin'),
      '--output',
      join(app, 'plugin'),
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(Buffer.from(readFileSync(join(app, 'plugin_0.bin'))).equals(expected as Buffer)).toBe(true);
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listFiles(dir, rel);
    return [rel];
  });
}

import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cIdent } from '@anvil/codegen-c';
import { importModel } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';
import { interpret } from '@anvil/interp';
import { REPO_ROOT, describeShared, loadRefs } from '@anvil/testing';
import { buildHost, hostTarget } from '@anvil/target-host';
import { runCli } from './support/run-cli.js';

// Each kind of scaffold is written by the real CLI into a temporary folder OUTSIDE the
// repository, gets its declared dependencies as symlinks to this checkout (the workspace
// packages by path, vitest and typescript from its node_modules: no registry), and must
// typecheck and pass its own spec, which runs its @anvil/testing conformance kit. A user
// project beside it loads each plugin by package name only, as an installed one would be.
const KINDS = [
  { kind: 'accelerator', name: 'adder', pkg: '@acme/anvil-npu-adder' },
  { kind: 'planner', name: 'first-use', pkg: '@acme/anvil-planner-first-use' },
  { kind: 'target', name: 'acme-cpu', pkg: '@acme/anvil-target-acme-cpu' },
] as const;
type Kind = (typeof KINDS)[number]['kind'];

const root = mkdtempSync(join(tmpdir(), 'anvil-plugin-new-'));
const project = join(root, 'project');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const packageDir = (kind: Kind): string => join(root, kind);

interface Run {
  readonly status: number;
  readonly output: string;
}

function run(args: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 110_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ status, output: `${stdout}${stderr}` });
    });
  });
}

/** Every declared dependency as a symlink to this checkout's copy (what `npm install` of file: paths would give). */
function linkDependencies(dir: string): void {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  for (const dep of Object.keys({ ...pkg['dependencies'], ...pkg['devDependencies'] })) {
    const link = join(dir, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules', dep)), link, 'dir');
  }
}

/** The package's own checks, as its author runs them: the repository's tsc (typecheck, then the build to dist/) and vitest on its folder. */
async function ownChecks(dir: string): Promise<{ tsc: Run; vitest: Run }> {
  const typecheck = await run([join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir]);
  const tsc =
    typecheck.status !== 0
      ? typecheck
      : await run([join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.build.json')]);
  const vitest = await run([join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter', 'verbose']);
  return { tsc, vitest };
}

const checks = new Map<Kind, Promise<{ tsc: Run; vitest: Run }>>();

beforeAll(() => {
  for (const { kind, name, pkg } of KINDS) {
    const dir = packageDir(kind);
    const r = runCli(['plugin', 'new', name, '--kind', kind, '--scope', '@acme', '-o', dir]);
    if (r.status !== 0) throw new Error(`plugin new --kind ${kind} failed: ${r.stderr}`);
    linkDependencies(dir);
    const installed = join(project, 'node_modules', pkg);
    mkdirSync(dirname(installed), { recursive: true });
    symlinkSync(dir, installed, 'dir');
  }
  // The slow part (typecheck, then the kits), for the three packages at once.
  for (const { kind } of KINDS) checks.set(kind, ownChecks(packageDir(kind)));
});

describe('anvil plugin new: each kind builds and passes its kit outside the repository', () => {
  it('scaffolds outside the repository, names packages by kind and declares the kit as a dev dependency', () => {
    expect(realpathSync(root).startsWith(`${realpathSync(REPO_ROOT)}/`)).toBe(false);
    for (const { kind, pkg } of KINDS) {
      const json = JSON.parse(readFileSync(join(packageDir(kind), 'package.json'), 'utf8')) as {
        name: string;
        peerDependencies: Record<string, string>;
        devDependencies: Record<string, string>;
        exports: Record<string, Record<string, string>>;
      };
      expect(json.name).toBe(pkg);
      // Core is the application's: a peer, so the plugin registers into the one core there is.
      expect(Object.keys(json.peerDependencies)).toEqual(['@anvil/core']);
      expect(json.exports['.']?.['default']).toBe('./dist/index.js');
      expect(Object.keys(json.devDependencies)).toContain('@anvil/testing');
    }
    // Without --kind it is an accelerator, named as before.
    const dir = join(root, 'default-kind');
    expect(runCli(['plugin', 'new', 'adder', '-o', dir]).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe('anvil-npu-adder');
  });

  it('refuses an unknown kind and a folder that is not empty', () => {
    expect(runCli(['plugin', 'new', 'x', '--kind', 'compiler', '-o', join(root, 'x')]).stderr).toMatch(
      /^anvil: CLI_BAD_ARGUMENT: --kind compiler/,
    );
    expect(runCli(['plugin', 'new', 'adder', '-o', packageDir('accelerator')]).stderr).toMatch(/^anvil: CLI_OUTPUT_EXISTS/);
  });

  for (const { kind, pkg } of KINDS) {
    it(`${kind}: ${pkg} builds and its own tests (the ${kind} kit) pass`, async () => {
      const { tsc, vitest } = await (checks.get(kind) as Promise<{ tsc: Run; vitest: Run }>);
      expect(tsc.status, tsc.output).toBe(0);
      expect(vitest.status, vitest.output).toBe(0);
      const kit = { accelerator: 'offloader', planner: 'planner', target: 'strategy' }[kind];
      expect(vitest.output).toContain(`${kit} conformance: `);
    });
  }
});

describeShared('anvil plugin new: the scaffolds loaded by the CLI on shared models', (modelsDir) => {
  // The CLI loads a plugin's built JavaScript (dist/), which its own checks' tsc wrote.
  beforeAll(async () => {
    await Promise.all(checks.values());
  });
  const cli = (kind: Kind, args: readonly string[]) =>
    runCli(['--project', project, '--plugin', KINDS.find((k) => k.kind === kind)?.pkg ?? '', ...args]);
  const graphOf = (modelPath: string) => importModel([new TfliteImporter()], new Uint8Array(readFileSync(modelPath)), modelPath);

  it('accelerator: its regions run on the host (sanitized) byte-identical to the interpreter, the rest on the CPU', () => {
    const refs = loadRefs(modelsDir, 'pretrainedResnet_quant');
    const graph = graphOf(refs.modelPath);
    const first = refs.runs[0];
    if (first === undefined) throw new Error('no reference run');
    const input = join(root, 'resnet_in.bin');
    writeFileSync(input, first.inputs[0] as Uint8Array);
    const inspect = cli('accelerator', ['inspect', refs.modelPath, '--npu', 'adder', '--json']);
    expect(inspect.status, inspect.stderr).toBe(0);
    const units = (JSON.parse(inspect.stdout) as { offload: { nodes: Array<{ op: string; unit: string }> } }).offload.nodes;
    // The accelerator only adds: exactly the ADD nodes run on it.
    expect(units.filter((n) => n.unit === 'npu').map((n) => n.op)).toEqual(graph.nodes.filter((n) => n.op === 'ADD').map(() => 'ADD'));
    const out = join(root, 'resnet_out');
    const r = cli('accelerator', ['run', refs.modelPath, '--npu', 'adder', '--sanitize', '--input', input, '--output', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const backends = (JSON.parse(r.stdout) as { nodes: Array<{ backend: string }> }).nodes.map((n) => n.backend);
    expect(backends.filter((b) => b === 'adder')).toHaveLength(3);
    const got = Buffer.from(readFileSync(`${out}_0.bin`));
    expect(got.equals(Buffer.from(interpret(graph, first.inputs)[0] as Uint8Array))).toBe(true);
    expect(got.equals(Buffer.from(first.outputs[0] as Uint8Array))).toBe(true);
  });

  it('planner: `plan --planners first-use` reports its plan, and a model compiled with it runs byte-identical to the refs', () => {
    const refs = loadRefs(modelsDir, 'kws_ref_model');
    const plan = cli('planner', ['plan', refs.modelPath, '--planners', 'first-use', '--json']);
    expect(plan.status, plan.stderr).toBe(0);
    const report = JSON.parse(plan.stdout) as {
      lowerBound: number;
      planners: Array<{ planner: string; totalBytes: number; error?: string }>;
    };
    expect(report.planners.map((p) => [p.planner, p.error])).toEqual([['first-use', undefined]]);
    expect(report.planners[0]?.totalBytes).toBeGreaterThanOrEqual(report.lowerBound);
    const first = refs.runs[0];
    if (first === undefined) throw new Error('no reference run');
    const input = join(root, 'kws_in.bin');
    writeFileSync(input, first.inputs[0] as Uint8Array);
    const out = join(root, 'kws_out');
    const r = cli('planner', ['run', refs.modelPath, '--planner', 'first-use', '--sanitize', '--input', input, '--output', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(Buffer.from(readFileSync(`${out}_0.bin`)).equals(Buffer.from(first.outputs[0] as Uint8Array))).toBe(true);
  });

  it('target: `compile --target acme-cpu` lowers the fully connected layers with its kernel; built on the host, byte-identical to the refs', () => {
    const refs = loadRefs(modelsDir, 'ad01_int8');
    const dir = join(root, 'ad01_acme');
    const r = cli('target', ['compile', refs.modelPath, '--target', 'acme-cpu', '-o', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { model: { name: string }; target: string; nodes: Array<{ op: string; backend: string }> };
    expect(report.target).toBe('acme-cpu');
    const fc = report.nodes.filter((n) => n.op === 'FULLY_CONNECTED');
    expect(fc.length).toBeGreaterThan(0);
    expect(fc.every((n) => n.backend === 'acme-cpu-c')).toBe(true);
    const exe = buildHost({
      artifactDir: dir,
      model: cIdent(report.model.name),
      target: hostTarget,
      inputs: [],
      outputBytes: [],
      sanitize: true,
    });
    for (const ref of refs.runs) {
      const ins = ref.inputs.map((bytes, k) => {
        const p = join(dir, `s${ref.seed}_in${k}.bin`);
        writeFileSync(p, bytes);
        return p;
      });
      const outs = ref.outputs.map((_, k) => join(dir, `s${ref.seed}_out${k}.bin`));
      const run = spawnSync(exe, ['1', ...ins, ...outs], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      outs.forEach((p, k) =>
        expect(Buffer.from(readFileSync(p)).equals(Buffer.from(ref.outputs[k] as Uint8Array)), `seed ${ref.seed}`).toBe(true),
      );
    }
  });
});

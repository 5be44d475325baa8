import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// A deliberately failing plugin for each hook Anvil calls, loaded by package name like any
// vendor's: each throw must reach the user as PLUGIN_FAILED naming the package and the hook,
// exit 1, never INTERNAL. The project sits in the repository so `@anvil/core` resolves.
mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
const project = mkdtempSync(join(REPO_ROOT, 'out', 'plugin-failed-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');

function plugin(name: string, body: string): string {
  const dir = join(project, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js' }));
  writeFileSync(
    join(dir, 'index.js'),
    `import { KernelStrategyToken, ImporterToken, MemoryPlannerToken, OffloaderToken, PinResolverToken, partitionRegions, provide } from '@anvil/core';
const boom = (hook) => { throw new TypeError(\`\${hook} went wrong\`); };
export const plugin = { name: '${name}', version: '1.0.0', register(c) { ${body} } };
`,
  );
  return name;
}

// A strategy that claims SOFTMAX (kws's last node) on every target, failing in `fail`.
const strategy = (fail: string): string => `provide(c, KernelStrategyToken, () => ({
  name: 'bad/softmax', backend: 'bad', tier: 'target', ops: ['SOFTMAX'],
  claim: () => ${fail === 'claim' ? "boom('claim')" : '100'},
  workspaceBytes: () => ${fail === 'workspace' ? "boom('workspace')" : '0'},
  emit: () => boom('emit'),
}));`;

// An offloader that takes SOFTMAX alone as its region, failing in `fail`.
const offloader = (fail: string): string => `provide(c, OffloaderToken, () => ({
  name: 'bad-npu', configs: ['bad-npu'], access: 'npu',
  partition: (g, config) => ${fail === 'partition' ? "boom('partition')" : "partitionRegions(g, 'bad-npu', config, (n) => (n.op === 'SOFTMAX' ? undefined : 'not mine'))"},
  compile: () => ${fail === 'compile' ? "boom('compile')" : "({ scratchBytes: 0, flashBytes: 0, cycles: 1, emit: () => boom('emit') })"},
  report: () => boom('report'),
  runtimeFiles: () => [],
}));`;

const CASES: ReadonlyArray<{ hook: string; register: string; args: (p: string) => string[] }> = [
  {
    hook: 'import',
    register: `provide(c, ImporterToken, () => ({ name: 'bad', canImport: (_b, f) => f.endsWith('.bad'), import: () => boom('import') }));`,
    args: () => ['inspect', join(project, 'model.bad')],
  },
  { hook: 'register', register: `boom('register');`, args: () => ['inspect', model] },
  { hook: 'claim', register: strategy('claim'), args: (p) => ['compile', model, '-o', join(project, p)] },
  { hook: 'workspace', register: strategy('workspace'), args: (p) => ['compile', model, '-o', join(project, p)] },
  { hook: 'emit', register: strategy('emit'), args: (p) => ['compile', model, '-o', join(project, p)] },
  { hook: 'partition', register: offloader('partition'), args: () => ['inspect', model, '--npu', 'bad-npu'] },
  { hook: 'compile', register: offloader('compile'), args: () => ['inspect', model, '--npu', 'bad-npu'] },
  { hook: 'report', register: offloader('report'), args: () => ['inspect', model, '--npu', 'bad-npu'] },
  {
    hook: 'plan',
    register: `provide(c, MemoryPlannerToken, () => ({ name: 'bad-planner', plan: () => boom('plan') }));`,
    args: () => ['plan', model, '--planners', 'bad-planner'],
  },
  {
    hook: 'resolve',
    register: `provide(c, PinResolverToken, () => ({ name: 'bad-pins', resolve: () => boom('resolve') }));`,
    args: () => ['plan', model, '--pin', 'input_1=app'],
  },
];

describe('a throwing plugin is named, with its hook, never reported as a bug in Anvil', () => {
  writeFileSync(join(project, 'model.bad'), 'not a model');
  for (const c of CASES) {
    it(`${c.hook}: PLUGIN_FAILED naming the package and the hook`, () => {
      const name = plugin(`anvil-bad-${c.hook}`, c.register);
      const r = runCli(['--project', project, '--plugin', name, ...c.args(`out-${c.hook}`)]);
      expect(r.status, r.stdout).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toBe(`anvil: PLUGIN_FAILED: ${name} (${c.hook}): ${c.hook} went wrong — report this to the plugin's authors\n`);
    });
  }
});

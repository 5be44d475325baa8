import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { REPO_ROOT } from '@anvil/testing';

// The boundaries are lint rules (eslint.config.js); this checks the rules really fire.
async function messages(file: string, source: string, rule: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}
const restricted = (file: string, source: string) => messages(file, source, 'no-restricted-imports');
const undeclared = (file: string, source: string) => messages(file, source, 'anvil/declared-imports');

describe('module boundaries', () => {
  it('core may not import a plugin', async () => {
    const msgs = await restricted('packages/core/src/x.ts', "import { plugin } from '@anvil/importer-tflite';\nexport const p = plugin;\n");
    expect(msgs.join()).toContain('core imports no other Anvil package');
  });

  it('a plugin may import core but not another package', async () => {
    expect(await restricted('plugins/importer-tflite/src/x.ts', "import { token } from '@anvil/core';\nexport const t = token;\n")).toEqual(
      [],
    );
    const msgs = await restricted(
      'plugins/importer-tflite/src/x.ts',
      "import { interpret } from '@anvil/interp';\nexport const i = interpret;\n",
    );
    expect(msgs.join()).toContain('plugins depend on @anvil/core only');
  });

  it('no relative imports across packages', async () => {
    const msgs = await restricted(
      'packages/core/src/x.ts',
      "import { x } from '../../../plugins/importer-tflite/src/index.js';\nexport const y = x;\n",
    );
    expect(msgs.join()).toContain('no relative imports into another package');
  });

  it('every package a shipped file imports is declared as a dependency or peer; tests may use development dependencies', async () => {
    expect(await undeclared('packages/cli/src/x.ts', "import { Command } from 'commander';\nexport const c = Command;\n")).toEqual([]);
    expect(
      await undeclared(
        'plugins/planner-ilp/src/x.ts',
        "import type { DependencyContainer } from 'tsyringe';\nexport type C = DependencyContainer;\n",
      ),
    ).toEqual(['tsyringe is imported but plugins/planner-ilp/package.json does not declare it in dependencies or peerDependencies']);
    expect(await undeclared('plugins/planner-ilp/src/x.ts', "export { describe } from 'vitest';\n")).toHaveLength(1);
    expect(await undeclared('plugins/planner-ilp/src/x.spec.ts', "export { describe } from 'vitest';\n")).toEqual([]);
    expect(await undeclared('packages/core/src/x.ts', "export const m = () => import('fast-check');\n")).toHaveLength(1);
    expect(
      await undeclared(
        'packages/core/src/x.ts',
        "import { join } from 'node:path';\nimport { readFileSync } from 'fs';\nexport const f = [join, readFileSync];\n",
      ),
    ).toEqual([]);
  });
});

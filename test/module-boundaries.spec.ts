import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { REPO_ROOT } from '@anvil/testing';

// The boundaries are a lint rule (eslint.config.js); this checks the rule really fires.
async function restricted(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
});

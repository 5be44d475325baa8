// Lint for every workspace project. Module boundaries are enforced here, from each
// package.json: a package may import only the @anvil packages it declares, plugins may
// import @anvil/core and nothing else of ours, and core imports no @anvil package at all.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = import.meta.dirname;

function projects() {
  return ['packages', 'plugins', 'test'].flatMap((group) => {
    const dir = join(root, group);
    if (!existsSync(dir)) return [];
    if (existsSync(join(dir, 'package.json'))) return [{ dir: group, group }];
    return readdirSync(dir)
      .filter((d) => existsSync(join(dir, d, 'package.json')))
      .map((d) => ({ dir: `${group}/${d}`, group }));
  });
}

function boundaryRule({ dir, group }) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => d.startsWith('@anvil/'));
  // A target plugin emits C kernels that must be bit-exact with the interpreter and follow
  // the C emitter's calling convention, so it may also use the interpreter's parameter
  // derivations (multipliers, shifts, offsets) and codegen-c's signature and table helpers.
  // Those are packages, not plugins: plugins still never import each other.
  // An offload plugin (@anvil/npu-*) compiles requantization into its command streams, which
  // must round exactly as the oracle does, so it may use the interpreter's derivations too.
  const pluginAllowed = pkg.name.startsWith('@anvil/target-')
    ? ['@anvil/core', '@anvil/interp', '@anvil/codegen-c']
    : pkg.name.startsWith('@anvil/npu-')
      ? ['@anvil/core', '@anvil/interp']
      : ['@anvil/core'];
  const allowed = pkg.name === '@anvil/core' ? [] : group === 'plugins' ? declared.filter((d) => pluginAllowed.includes(d)) : declared;
  const message =
    pkg.name === '@anvil/core'
      ? 'core imports no other Anvil package (plugins register into core, never the reverse)'
      : group === 'plugins'
        ? 'plugins depend on @anvil/core only (target plugins also on @anvil/interp and @anvil/codegen-c, offload plugins on @anvil/interp); they never import each other'
        : 'import only the @anvil packages declared in this package.json';
  return {
    files: [`${dir}/**/*.{ts,js,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@anvil/*', ...allowed.map((a) => `!${a}`)], message },
            { regex: '(^|/)(packages|plugins)/', message: 'no relative imports into another package; import it by name' },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/out/**', '.nx/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...projects().map(boundaryRule),
);

// Lint for every workspace project. Module boundaries are enforced here, from each
// package.json: a package may import only the @anvil packages it declares, plugins may
// import @anvil/core and nothing else of ours, and core imports no @anvil package at all.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = import.meta.dirname;

function projects() {
  return ['runtime-c', 'packages', 'plugins', 'test'].flatMap((group) => {
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
  const declared = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies }).filter((d) =>
    d.startsWith('@anvil/'),
  );
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

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const rootDevDependencies = Object.keys(readJson(join(root, 'package.json')).devDependencies ?? {});

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative and builtin specifiers. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

// What a package imports must be in its package.json, or an installed copy breaks on a user's
// machine while everything passes here (npm hoists the workspace's packages to the root).
// Shipped code may use dependencies and peer dependencies; tests and test helpers may also use
// development dependencies, the package's own or the workspace's.
const declaredImports = {
  meta: {
    type: 'problem',
    schema: [{ type: 'object' }],
    messages: { undeclared: '{{name}} is imported but {{where}} does not declare it in {{kinds}}' },
  },
  create(context) {
    const { dir, dev } = context.options[0];
    const pkg = readJson(join(root, dir, 'package.json'));
    const shipped = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies });
    const allowed = new Set([pkg.name, ...shipped, ...(dev ? [...Object.keys(pkg.devDependencies ?? {}), ...rootDevDependencies] : [])]);
    const check = (node) => {
      const source = node.source;
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const name = packageOf(source.value);
      if (name === undefined || allowed.has(name)) return;
      const kinds = dev ? 'dependencies, peerDependencies or devDependencies' : 'dependencies or peerDependencies';
      context.report({ node: source, messageId: 'undeclared', data: { name, where: `${dir}/package.json`, kinds } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const TEST_FILES = ['**/*.spec.ts', '**/src/testing/**', '**/src/test-model-builder.ts'];

function declaredImportsRules({ dir, group }) {
  const files = [`${dir}/**/*.{ts,js,mjs}`];
  const dev = group === 'test';
  return [
    {
      files,
      plugins: { anvil: { rules: { 'declared-imports': declaredImports } } },
      rules: { 'anvil/declared-imports': ['error', { dir, dev }] },
    },
    ...(dev ? [] : [{ files: TEST_FILES.map((t) => `${dir}/${t}`), rules: { 'anvil/declared-imports': ['error', { dir, dev: true }] } }]),
  ];
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
  ...projects().flatMap(declaredImportsRules),
);

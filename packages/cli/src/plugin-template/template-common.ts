/** One file of a scaffolded plugin package, relative to its folder. */
export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

/**
 * package.json of a scaffold (`dependencies`: what it needs besides `@anvil/core`): a package built to JavaScript (`dist/`) as Anvil's own are, so
 * the installed `anvil` loads it with no TypeScript at run time. `@anvil/core` is a peer
 * dependency (the plugin registers into the application's core, never a copy of its own);
 * `@anvil/testing` and the tools its spec runs on are development dependencies. The versions
 * are those this release of Anvil builds with.
 */
export function packageJson(pkg: string, description: string, dependencies: Readonly<Record<string, string>> = {}): string {
  return `${JSON.stringify(
    {
      name: pkg,
      version: '0.1.0',
      description,
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      types: './dist/index.d.ts',
      files: ['dist', 'README.md'],
      scripts: { build: 'tsc -p tsconfig.build.json', typecheck: 'tsc -p tsconfig.json', test: 'vitest run', prepack: 'npm run build' },
      peerDependencies: { '@anvil/core': ANVIL_RANGE },
      ...(Object.keys(dependencies).length === 0 ? {} : { dependencies }),
      devDependencies: {
        '@anvil/core': ANVIL_RANGE,
        '@anvil/testing': ANVIL_RANGE,
        '@types/node': '^20.19.0',
        typescript: '~5.9.3',
        vitest: '^4.0.0',
      },
    },
    null,
    2,
  )}\n`;
}

/** The Anvil packages a scaffold depends on: this release line. */
export const ANVIL_RANGE = '^0.1.0';

/** Anvil's own compiler settings, checking the sources and the specs (`npm run typecheck`). */
export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "lib": ["ES2022"],
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "verbatimModuleSyntax": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "noEmit": true
  },
  "include": ["src"]
}
`;

/** What `npm run build` compiles to `dist/`: the sources without their specs. */
export const TSCONFIG_BUILD = `{
  "extends": "./tsconfig.json",
  "compilerOptions": { "noEmit": false, "declaration": true, "rootDir": "src", "outDir": "dist" },
  "exclude": ["src/**/*.spec.ts"]
}
`;

/** `acme-npu` → `AcmeNpu`. */
export function className(name: string): string {
  return name
    .split('-')
    .map((p) => (p[0] ?? '').toUpperCase() + p.slice(1))
    .join('');
}

/** `acme-npu` → `acmeNpu`. */
export function camelName(name: string): string {
  const c = className(name);
  return (c[0] ?? '').toLowerCase() + c.slice(1);
}

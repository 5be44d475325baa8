/** One file of a scaffolded plugin package, relative to its folder. */
export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

/**
 * package.json of a scaffold. Anvil ships TypeScript sources, so the package does too (no
 * build step); `@anvil/testing` and the tools its spec runs on are development dependencies.
 * The versions are those this repository builds with.
 */
export function packageJson(pkg: string, description: string, dependencies: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(
    {
      name: pkg,
      version: '0.1.0',
      description,
      type: 'module',
      exports: { '.': './src/index.ts' },
      scripts: { typecheck: 'tsc -p tsconfig.json', test: 'vitest run' },
      dependencies,
      devDependencies: { '@anvil/testing': '*', '@types/node': '^20.19.0', typescript: '~5.9.3', vitest: '^4.0.0' },
    },
    null,
    2,
  )}\n`;
}

/** Anvil's own compiler settings: the plugin compiles against its sources as they are checked. */
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

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { CommandDefinition } from '../cli-env.js';
import { pluginTemplate } from '../plugin-template/template-files.js';

/** Writes a new accelerator plugin package; refuses a non-empty folder. Returns the files written. */
export function pluginNew(name: string, out: string, scope?: string): string[] {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    fail(errors.cliBadArgument(`plugin name "${name}" is not kebab-case`, 'use lowercase letters, digits and dashes, e.g. acme-npu'));
  }
  if (scope !== undefined && !/^@[a-z0-9-]+$/.test(scope))
    fail(errors.cliBadArgument(`scope "${scope}" is not like @acme`, 'e.g. --scope @acme'));
  if (existsSync(out) && readdirSync(out).length > 0) fail(errors.cliOutputExists(out));
  const pkg = `${scope === undefined ? '' : `${scope}/`}anvil-npu-${name}`;
  const files = pluginTemplate(pkg, name);
  for (const f of files) {
    const p = join(out, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  return files.map((f) => f.path);
}

export const definePluginNew: CommandDefinition = (program, env) => {
  program
    .command('plugin')
    .description('plugin tools')
    .command('new')
    .description('scaffold an accelerator plugin package (a working example that offloads ADD)')
    .argument('<name>', 'kebab-case name; also the configuration --npu selects')
    .option('-o, --out <dir>', 'folder to create (default ./anvil-npu-NAME)')
    .option('--scope <scope>', 'npm scope of the package, e.g. @acme')
    .action((name: string, o: { out?: string; scope?: string }) => {
      const out = resolve(o.out ?? `anvil-npu-${name}`);
      const files = pluginNew(name, out, o.scope);
      env.out(`wrote ${files.length} files to ${out}:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
    });
};

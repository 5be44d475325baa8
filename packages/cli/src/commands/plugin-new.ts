import { errors, fail } from '@anvil/core';
import { checkOutputFolder, writeArtifact } from '@anvil/sdk';
import type { CommandDefinition } from '../cli-env.js';
import { withHelpAfter } from '../help-choices.js';
import type { PluginKind } from '../plugin-template/template-files.js';
import { PLUGIN_KINDS, isPluginKind, pluginPackageName, pluginTemplate } from '../plugin-template/template-files.js';

/**
 * Writes a new plugin package of the given kind; refuses a non-empty folder. The package is the
 * user's from the start: no manifest is kept, so anvil never rewrites or removes its files.
 * Returns the files written.
 */
export function pluginNew(name: string, out: string, scope?: string, kind: PluginKind = 'accelerator'): string[] {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    fail(errors.cliBadArgument(`plugin name "${name}" is not kebab-case`, 'use lowercase letters, digits and dashes, e.g. acme-npu'));
  }
  if (scope !== undefined && !/^@[a-z0-9-]+$/.test(scope))
    fail(errors.cliBadArgument(`scope "${scope}" is not like @acme`, 'e.g. --scope @acme'));
  const pkg = `${scope === undefined ? '' : `${scope}/`}${pluginPackageName(kind, name)}`;
  const files = pluginTemplate(kind, pkg, name);
  writeArtifact(out, files, false, { manifest: false });
  return files.map((f) => f.path);
}

export const definePluginNew: CommandDefinition = (program, env) => {
  const command = program
    .command('plugin')
    .description('plugin tools')
    .command('new')
    .description(
      'scaffold a plugin package whose tests run its @anvil/testing conformance kit: an accelerator (offloads ADD), a memory planner (first fit by first use) or a target (a C99 fully connected kernel)',
    )
    .argument('<name>', 'kebab-case name; also what --npu, --planner or --target selects')
    .option('--kind <kind>', `what to scaffold: ${PLUGIN_KINDS.join(', ')}`, 'accelerator')
    .option('-o, --out <dir>', 'folder to create (default ./anvil-npu-NAME, ./anvil-planner-NAME or ./anvil-target-NAME)')
    .option('--scope <scope>', 'npm scope of the package, e.g. @acme')
    .action((name: string, o: { kind: string; out?: string; scope?: string }) => {
      if (!isPluginKind(o.kind))
        fail(errors.cliBadArgument(`--kind ${o.kind} is not a plugin kind`, `choose one of: ${PLUGIN_KINDS.join(', ')}`));
      const out = checkOutputFolder(o.out ?? pluginPackageName(o.kind, name));
      const files = pluginNew(name, out, o.scope, o.kind);
      env.out(`wrote ${files.length} files to ${out}:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
    });
  withHelpAfter(
    command,
    env.choices,
    [],
    ['anvil plugin new acme-npu', 'anvil plugin new first-use --kind planner --scope @acme -o packages/planner'],
  );
};

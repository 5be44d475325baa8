import { acceleratorTemplate } from './accelerator-template.js';
import { plannerTemplate } from './planner-template.js';
import type { TemplateFile } from './template-common.js';
import { targetTemplate } from './target-template.js';

export type { TemplateFile } from './template-common.js';

/** What `anvil plugin new --kind` scaffolds; each kind's spec runs its @anvil/testing kit. */
export const PLUGIN_KINDS = ['accelerator', 'planner', 'target'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** The package name prefix per kind: `anvil-npu-acme`, `anvil-planner-acme`, `anvil-target-acme`. */
const PREFIX: Readonly<Record<PluginKind, string>> = { accelerator: 'anvil-npu', planner: 'anvil-planner', target: 'anvil-target' };

export function isPluginKind(kind: string): kind is PluginKind {
  return (PLUGIN_KINDS as readonly string[]).includes(kind);
}

/** The unscoped package name of a plugin of this kind. */
export function pluginPackageName(kind: PluginKind, name: string): string {
  return `${PREFIX[kind]}-${name}`;
}

export function pluginTemplate(kind: PluginKind, pkg: string, name: string): TemplateFile[] {
  switch (kind) {
    case 'accelerator':
      return acceleratorTemplate(pkg, name);
    case 'planner':
      return plannerTemplate(pkg, name);
    case 'target':
      return targetTemplate(pkg, name);
  }
}

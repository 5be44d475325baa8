import type { Command } from 'commander';
import { withAuto } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';

/** What the loaded plugins offer: the values `--target`, `--board`, `--planner` and `--npu` accept. */
export interface HelpChoices {
  readonly targets: readonly string[];
  /** Per target with boards, the boards its runner has. */
  readonly boards: ReadonlyArray<{ readonly target: string; readonly boards: readonly string[] }>;
  readonly planners: readonly string[];
  readonly npus: readonly string[];
}

/** The options whose values a command's help lists. */
export type ChoiceOption = '--target' | '--board' | '--planner' | '--planners' | '--npu';

/**
 * Reads the choices from a session. NPU configurations come from offloader packages that are
 * otherwise loaded only when `--npu` names one, so they are loaded here; one that is not
 * installed only shortens the list.
 */
export async function helpChoices(anvil: Anvil): Promise<HelpChoices> {
  try {
    // No configuration is named "": this loads every known offloader package.
    await anvil.ensureOffloader('');
  } catch {
    // An optional package missing is no reason for help to fail.
  }
  const s = anvil.services();
  const boards = s.targets.flatMap((t) => {
    const list = s.runners.find((r) => r.canRun(t))?.boards?.(t) ?? [];
    return list.length === 0 ? [] : [{ target: t.name, boards: list }];
  });
  return {
    targets: s.targets.map((t) => t.name),
    boards,
    planners: withAuto(s.planners).map((p) => p.name),
    npus: [...new Set(s.offloaders.flatMap((o) => o.configs))],
  };
}

/** The lines of allowed values of one option (boards: one line per target). */
function valuesOf(c: HelpChoices, option: ChoiceOption): string[] {
  switch (option) {
    case '--target':
      return [c.targets.join(', ')];
    case '--board':
      return c.boards.length === 0 ? ['(no target runs on a board)'] : c.boards.map((b) => `${b.target}: ${b.boards.join(', ')}`);
    case '--planner':
      return [c.planners.join(', ')];
    case '--planners':
      return [`all, or any of: ${c.planners.join(', ')}`];
    case '--npu':
      return [c.npus.length === 0 ? '(no NPU plugin installed)' : c.npus.join(', ')];
  }
}

/** The text after a command's options: the allowed values (when known) and examples. */
export function helpAfter(c: HelpChoices | undefined, options: readonly ChoiceOption[], examples: readonly string[]): string {
  const width = Math.max(0, ...options.map((o) => o.length));
  const row = (o: ChoiceOption, values: readonly string[]): string[] => values.map((v, k) => `  ${(k === 0 ? o : '').padEnd(width)}  ${v}`);
  const allowed =
    c === undefined || options.length === 0
      ? []
      : ['', 'Allowed values (from the plugins loaded):', ...options.flatMap((o) => row(o, valuesOf(c, o)))];
  return [...allowed, '', examples.length === 1 ? 'Example:' : 'Examples:', ...examples.map((e) => `  $ ${e}`)].join('\n');
}

/** Adds the allowed values and examples to a command's `--help`. */
export function withHelpAfter(
  command: Command,
  c: HelpChoices | undefined,
  options: readonly ChoiceOption[],
  examples: readonly string[],
): Command {
  return command.addHelpText('after', helpAfter(c, options, examples));
}

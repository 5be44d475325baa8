import { compile } from '@anvil/core';
import type { CompileOptions, CompiledModel, Graph, KernelStrategy } from '@anvil/core';
import type { Anvil, Artifact } from '@anvil/sdk';
import { openAnvil } from '@anvil/sdk';
import { REPO_ROOT } from '@anvil/testing';

/** A compiled model with its C: what the end-to-end suites build and compare. */
export interface Compiled extends CompiledModel {
  readonly name: string;
  readonly files: Artifact['files'];
  readonly report: Artifact['report'];
}

const sessions = new Map<string, Promise<Anvil>>();

/** One session per plugin set, shared by the suites of a file: plugins load once. */
export function session(plugins: readonly string[] = []): Promise<Anvil> {
  const key = plugins.join(',');
  const hit = sessions.get(key);
  if (hit !== undefined) return hit;
  const opened = openAnvil({ projectDir: REPO_ROOT, plugins });
  sessions.set(key, opened);
  return opened;
}

/** Changes the session's kernel strategies for one compile (a test forcing a kernel variant). */
export type StrategiesOverride = (strategies: readonly KernelStrategy[]) => KernelStrategy[];

/**
 * The same pipeline as `anvil compile` (core's compile, codegen-c's emission), in process;
 * with `strategies`, core's compile on the session's services with that list instead.
 */
export async function compileModel(
  graph: Graph,
  options: CompileOptions,
  plugins: readonly string[] = [],
  strategies?: StrategiesOverride,
): Promise<Compiled> {
  const anvil = await session(plugins);
  const services = anvil.services();
  const compiled =
    strategies === undefined
      ? anvil.compile(graph, options)
      : compile(graph, options, { ...services, strategies: strategies(services.strategies) });
  const artifact = anvil.emit(compiled);
  return { ...compiled, name: artifact.name, files: artifact.files, report: artifact.report };
}

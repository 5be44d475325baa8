import 'reflect-metadata';
import { container as root } from 'tsyringe';
import {
  ImporterToken,
  KernelStrategyToken,
  MemoryPlannerToken,
  OffloaderToken,
  PinResolverToken,
  RunnerToken,
  TargetToken,
  compile,
  loadPlugins,
  offloadConfigName,
  prepare,
  readConfig,
  resolveAllOrNone,
} from '@anvil/core';
import type { AnvilPlugin, CompileOptions, CompileServices, CompiledModel, Graph, ModelOutline, PreparedModel, Runner } from '@anvil/core';
import { emitArtifact } from '@anvil/codegen-c';
import type { Artifact } from '@anvil/codegen-c';
import { loadModel, outlineModel } from './load-model.js';

/** Plugins every session loads; they register exactly as third-party plugins do. */
export const BUILTIN_PLUGINS: readonly string[] = [
  '@anvil/importer-tflite',
  '@anvil/importer-onnx',
  '@anvil/codegen-c',
  '@anvil/planner-greedy',
  '@anvil/planner-ilp',
  '@anvil/planner-pinning',
  '@anvil/target-host',
  '@anvil/target-cortex-m',
  '@anvil/target-riscv',
  '@anvil/host',
];

/**
 * Offloader packages loaded by name when `npu` names a configuration no registered offloader
 * offers: found and registered exactly like a `--plugin`, so nothing here imports them.
 */
export const KNOWN_OFFLOADER_PACKAGES: readonly string[] = ['@anvil/npu-ethos-u'];

export interface AnvilOptions {
  /** Directory holding `anvil.config.json`; plugins are resolved from here first. Default: cwd. */
  readonly projectDir?: string;
  /** Plugin packages to load after the built-in ones and the config's (`--plugin`). */
  readonly plugins?: readonly string[];
  /** Time each plugin may take to import, and then to register. Default `DEFAULT_PLUGIN_TIMEOUT_MS` (20 s). */
  readonly pluginTimeoutMs?: number;
  /** Model files larger than this are refused unread. Default `DEFAULT_MAX_MODEL_BYTES` (256 MiB). */
  readonly maxModelBytes?: number;
}

/** Everything registered, as plain values: what the pipeline and the runners draw on. */
export interface AnvilServices extends CompileServices {
  readonly runners: readonly Runner[];
}

/** A session: the plugins loaded once, then any number of models compiled. */
export interface Anvil {
  readonly plugins: readonly AnvilPlugin[];
  services(): AnvilServices;
  /** Loads the offloader that offers an NPU configuration, unless one registered already does. */
  ensureOffloader(config: string): Promise<void>;
  /** Reads and imports a model file (verified); a bad file is a typed error. */
  loadModel(path: string): Promise<Graph>;
  /** The operators of a model file, each marked supported or not (for models `loadModel` refuses). */
  outlineModel(path: string): Promise<ModelOutline | undefined>;
  /** Up to the planning problem: what `anvil plan` compares planners on. */
  prepare(graph: Graph, options: CompileOptions): PreparedModel;
  compile(graph: Graph, options: CompileOptions): CompiledModel;
  /** The C of a compiled model, as files to write (see `writeArtifact`). */
  emit(compiled: CompiledModel): Artifact;
}

/**
 * Opens a session. This is the one place the DI container is built: a child container per
 * session, filled by the built-in plugins, then those of `anvil.config.json`, then `plugins`.
 * Every registration goes through core's plugin loader, which tags a failing hook with its
 * plugin. Services are resolved into plain values for the pipeline.
 */
export async function openAnvil(o: AnvilOptions = {}): Promise<Anvil> {
  const projectDir = o.projectDir ?? process.cwd();
  const container = root.createChildContainer();
  const config = await readConfig(projectDir);
  const limits = o.pluginTimeoutMs === undefined ? {} : { timeoutMs: o.pluginTimeoutMs };
  const plugins = await loadPlugins([...BUILTIN_PLUGINS, ...(config.plugins ?? []), ...(o.plugins ?? [])], container, projectDir, limits);
  const services = (): AnvilServices => ({
    importers: resolveAllOrNone(container, ImporterToken),
    targets: resolveAllOrNone(container, TargetToken),
    strategies: resolveAllOrNone(container, KernelStrategyToken),
    offloaders: resolveAllOrNone(container, OffloaderToken),
    planners: resolveAllOrNone(container, MemoryPlannerToken),
    pinResolvers: resolveAllOrNone(container, PinResolverToken),
    runners: resolveAllOrNone(container, RunnerToken),
  });
  return {
    plugins,
    services,
    async ensureOffloader(npu) {
      if (services().offloaders.some((x) => x.configs.includes(offloadConfigName(npu)))) return;
      plugins.push(...(await loadPlugins(KNOWN_OFFLOADER_PACKAGES, container, projectDir, limits)));
    },
    loadModel: (path) => loadModel(services().importers, path, o.maxModelBytes === undefined ? {} : { maxBytes: o.maxModelBytes }),
    outlineModel: (path) => outlineModel(services().importers, path, o.maxModelBytes === undefined ? {} : { maxBytes: o.maxModelBytes }),
    prepare: (graph, options) => prepare(graph, options, services()),
    compile: (graph, options) => compile(graph, options, services()),
    emit: emitArtifact,
  };
}

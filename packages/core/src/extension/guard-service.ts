import { AnvilError, isAnvilError } from '../errors/anvil-error.js';
import { pluginFailed } from '../errors/builders.js';

// Methods whose hook, as users and plugin authors know it, is not the method name.
const HOOK_NAMES: Readonly<Record<string, string>> = { workspaceBytes: 'workspace', canImport: 'import' };

// Every proxy this module made, with its plugin: guarding twice returns the first guard as
// it is, and a caller that finds a service at fault can name the package, not the service.
const guards = new WeakMap<object, string>();
// One guard per object, so a method returning `this` (or a factory returning the same
// object on each resolve) yields the same proxy, and identity checks keep working.
const guardOf = new WeakMap<object, object>();

function hookName(prop: PropertyKey): string {
  const name = String(prop);
  return HOOK_NAMES[name] ?? name;
}

function toPluginError(e: unknown, plugin: string, hook: string): unknown {
  if (isAnvilError(e)) return e;
  return new AnvilError(pluginFailed(plugin, hook, e instanceof Error ? e.message : String(e)), { cause: e });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

// Containers and byte buffers are data: proxying them would only cost speed and identity,
// and their methods rely on internal slots that `this` = proxy would break.
function isData(value: object): boolean {
  return (
    Array.isArray(value) ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof WeakMap ||
    value instanceof WeakSet
  );
}

// Descriptors, not reads, so that no getter of the plugin runs just to decide.
function hasMethods(value: object): boolean {
  for (let o: object | null = value; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Reflect.ownKeys(o)) {
      if (key === 'constructor' && o !== value) continue;
      if (typeof Object.getOwnPropertyDescriptor(o, key)?.value === 'function') return true;
    }
  }
  return false;
}

// A proxy must report a frozen property's own value, so a frozen object's methods could not be
// wrapped on the object itself; the proxy then stands on a configurable copy of its properties.
function proxyTarget(value: object): object {
  const descriptors = Object.getOwnPropertyDescriptors(value) as Record<PropertyKey, PropertyDescriptor>;
  const keys = Reflect.ownKeys(descriptors);
  const pinned = keys.some((k) => {
    const d = descriptors[k];
    return d !== undefined && !d.configurable && d.writable === false && typeof d.value === 'function';
  });
  if (!pinned) return value;
  for (const k of keys) {
    const d = descriptors[k];
    if (d !== undefined) d.configurable = true;
  }
  return Object.create(Object.getPrototypeOf(value) as object | null, descriptors) as object;
}

function guardResult(result: unknown, plugin: string, hook: string): unknown {
  if (isThenable(result)) {
    return Promise.resolve(result).then(
      (v) => guardResult(v, plugin, hook),
      (e: unknown) => {
        throw toPluginError(e, plugin, hook);
      },
    );
  }
  return typeof result === 'object' && result !== null ? guardService(result, plugin) : result;
}

/**
 * Wraps a service a plugin provides so that whatever its methods throw, or their promises
 * reject with, that is not an AnvilError becomes PLUGIN_FAILED naming the plugin and the
 * hook. Plugins may be third-party: without this a TypeError in one surfaces as an
 * INTERNAL "bug in Anvil". AnvilErrors pass unchanged, since callers match on their codes
 * (PLAN_DOES_NOT_FIT, MODEL_CORRUPT…). Objects with methods that a method returns (an
 * offloader's compiled region and its `emit`) are guarded too; data is returned as it is.
 * Methods run with `this` = the object itself, not the proxy, so classes with private
 * state keep working. Returns `value` itself when it has no methods or is already guarded.
 */
export function guardService<T extends object>(value: T, plugin: string): T {
  if (guards.has(value)) return value;
  const existing = guardOf.get(value);
  if (existing !== undefined) return existing as T;
  if (isData(value) || !hasMethods(value)) return value;
  // Per property, so `guarded.m === guarded.m` as it is unguarded, and each names its hook.
  const wrappers = new Map<PropertyKey, { readonly member: object; readonly wrapper: unknown }>();
  const proxy = new Proxy(proxyTarget(value) as T, {
    get(_, prop) {
      const member: unknown = Reflect.get(value, prop, value);
      if (typeof member !== 'function' || prop === 'constructor' || member === Reflect.get(Object.prototype, prop)) return member;
      const cached = wrappers.get(prop);
      if (cached?.member === member) return cached.wrapper;
      const hook = hookName(prop);
      const wrapper = function guarded(...args: unknown[]): unknown {
        let result: unknown;
        try {
          result = Reflect.apply(member, value, args);
        } catch (e) {
          throw toPluginError(e, plugin, hook);
        }
        return guardResult(result, plugin, hook);
      };
      wrappers.set(prop, { member, wrapper });
      return wrapper;
    },
  });
  guards.set(proxy, plugin);
  guardOf.set(value, proxy);
  return proxy;
}

/** The plugin (package) that registered a guarded service; undefined for anything else. */
export function pluginOf(service: object): string | undefined {
  return guards.get(service);
}

import 'reflect-metadata';
import type { DependencyContainer, InjectionToken } from 'tsyringe';

/**
 * A typed DI token. A bare Symbol would make `container.resolve` return `unknown`; the
 * phantom type here makes `resolve(ImporterToken)` an `Importer` with no cast at call sites.
 */
export function token<T>(name: string): InjectionToken<T> {
  return Symbol.for(`anvil:${name}`) as InjectionToken<T>;
}

/** Registers a provider for a token through a factory whose result the compiler checks against T. */
export function provide<T>(container: DependencyContainer, tok: InjectionToken<T>, factory: (c: DependencyContainer) => T): void {
  container.register<T>(tok, { useFactory: factory });
}

/** Every provider of a multi-provider token, in registration order; empty when none. */
export function resolveAllOrNone<T>(container: DependencyContainer, tok: InjectionToken<T>): T[] {
  return container.isRegistered(tok, true) ? container.resolveAll<T>(tok) : [];
}

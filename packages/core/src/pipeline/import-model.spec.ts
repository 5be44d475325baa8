import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import { guardService } from '../extension/guard-service.js';
import type { Importer } from '../extension/importer.js';
import { twoAdds } from '../testing/tiny-graphs.js';
import { importModel } from './import-model.js';

// An importer as a plugin registers it: guarded, so errors can name the package.
const importer = (result: () => unknown): Importer =>
  guardService({ name: 'fake', canImport: () => true, import: result as () => ReturnType<Importer['import']> }, '@acme/fake-importer');

function error(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

const load = (i: Importer): unknown => importModel([i], new Uint8Array(8), 'm.fake');

describe('importModel: what an importer returns is checked before anything trusts it', () => {
  it('takes a well-formed graph, verified', () => {
    expect(error(() => load(importer(() => twoAdds())))).toBe('ok');
  });

  it('reports null, a non-object or a promise as the plugin failing in import, naming the package', () => {
    expect(error(() => load(importer(() => null)))).toBe('PLUGIN_FAILED: @acme/fake-importer (import): returned null, not a graph');
    expect(error(() => load(importer(() => 42)))).toBe('PLUGIN_FAILED: @acme/fake-importer (import): returned a number, not a graph');
    // A rejecting promise must not be left to reject unhandled.
    expect(error(() => load(importer(() => Promise.reject(new Error('late')))))).toBe(
      'PLUGIN_FAILED: @acme/fake-importer (import): returned a promise; import must return the graph itself, synchronously',
    );
  });

  it('reports a graph with fields of the wrong types the same way, saying which', () => {
    const g = twoAdds();
    expect(error(() => load(importer(() => ({ ...g, nodes: undefined }))))).toBe(
      'PLUGIN_FAILED: @acme/fake-importer (import): returned a graph whose `nodes` is not an array',
    );
    expect(error(() => load(importer(() => ({ ...g, tensors: [{ ...g.tensors[0], shape: 4 }] }))))).toBe(
      'PLUGIN_FAILED: @acme/fake-importer (import): returned a graph whose tensor 0 has a `shape` that is not an array of numbers',
    );
    expect(error(() => load(importer(() => ({ ...g, nodes: [{ ...g.nodes[0], attrs: null }] }))))).toContain(
      'node 0 has no `attrs` object',
    );
  });

  it('keeps the verifier’s code for a well-formed graph that is inconsistent', () => {
    expect(error(() => load(importer(() => ({ ...twoAdds(), outputs: [9] }))))).toMatch(/^GRAPH_INVALID: /);
  });
});

import { describe, expect, it } from 'vitest';
import { AnvilError, fail } from '../errors/anvil-error.js';
import { planDoesNotFit } from '../errors/builders.js';
import { guardService } from './guard-service.js';

const PLUGIN = '@acme/anvil-plugin';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

function expectPluginFailed(e: unknown, hook: string, reason: string): void {
  expect(e).toBeInstanceOf(AnvilError);
  const err = e as AnvilError;
  expect(err.code).toBe('PLUGIN_FAILED');
  expect(err.oneLine()).toBe(`PLUGIN_FAILED: ${PLUGIN} (${hook}): ${reason} — report this to the plugin's authors`);
}

describe('guardService', () => {
  it('turns a synchronous throw into PLUGIN_FAILED naming the plugin and the hook, keeping the cause', () => {
    const cause = new TypeError('x is undefined');
    const service = guardService(
      {
        plan(): number {
          throw cause;
        },
      },
      PLUGIN,
    );
    const e = thrown(() => service.plan());
    expectPluginFailed(e, 'plan', 'x is undefined');
    expect((e as AnvilError).cause).toBe(cause);
  });

  it('lets an AnvilError through with its own code', () => {
    const service = guardService({ plan: (): number => fail(planDoesNotFit('sram', 10, 5)) }, PLUGIN);
    const e = thrown(() => service.plan());
    expect(e).toBeInstanceOf(AnvilError);
    expect((e as AnvilError).code).toBe('PLAN_DOES_NOT_FIT');
  });

  it('converts a rejection, and returns what resolves', async () => {
    const service = guardService(
      {
        run: (ok: boolean): Promise<number> => (ok ? Promise.resolve(42) : Promise.reject(new Error('qemu died'))),
      },
      PLUGIN,
    );
    expect(await service.run(true)).toBe(42);
    expectPluginFailed(await rejected(service.run(false)), 'run', 'qemu died');
  });

  it('guards an object with methods that a method returns, under that method name', () => {
    const offloader = guardService(
      {
        compile: () => ({
          name: 'region 0',
          emit(): string {
            throw new RangeError('bad command stream');
          },
        }),
      },
      PLUGIN,
    );
    const region = offloader.compile();
    expect(region.name).toBe('region 0');
    expectPluginFailed(
      thrown(() => region.emit()),
      'emit',
      'bad command stream',
    );
  });

  it('calls methods on the object itself, so classes with private state work', () => {
    class Importer {
      readonly name = 'acme';
      private readonly magic = 'ACME';
      readonly #seen: string[] = [];
      canImport(bytes: Uint8Array): boolean {
        this.#seen.push(String(bytes.length));
        return new TextDecoder().decode(bytes.subarray(0, 4)) === this.magic;
      }
      get seen(): readonly string[] {
        return this.#seen;
      }
    }
    const importer = guardService(new Importer(), PLUGIN);
    expect(importer.canImport(new TextEncoder().encode('ACME...'))).toBe(true);
    expect(importer.canImport(new Uint8Array(2))).toBe(false);
    expect(importer.seen).toEqual(['7', '2']);
    expect(importer).toBeInstanceOf(Importer);
    const detached = importer.canImport;
    expect(detached(new Uint8Array(0))).toBe(false);
  });

  it('returns arrays, typed arrays and maps as they are', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const list = [{ f: (): number => 1 }];
    const map = new Map<string, number>();
    const service = guardService({ bytes: () => bytes, list: () => list, map: () => map, buffer: () => bytes.buffer }, PLUGIN);
    expect(service.bytes()).toBe(bytes);
    expect(service.list()).toBe(list);
    expect(service.map()).toBe(map);
    expect(service.buffer()).toBe(bytes.buffer);
  });

  it('does not wrap twice, and gives one guard per object', () => {
    const raw = {
      fail(): void {
        throw new Error('once');
      },
      self() {
        return this;
      },
    };
    const guarded = guardService(raw, PLUGIN);
    expect(guardService(guarded, 'another-plugin')).toBe(guarded);
    expect(guardService(raw, PLUGIN)).toBe(guarded);
    expect(guarded.self()).toBe(guarded);
    expect(guarded.fail).toBe(guarded.fail);
    const e = thrown(() => guarded.fail());
    expectPluginFailed(e, 'fail', 'once');
    expect((e as AnvilError).cause).toBeInstanceOf(Error);
    expect((e as AnvilError).cause).not.toBeInstanceOf(AnvilError);
  });

  it('names hooks as plugin authors know them: workspaceBytes is workspace, canImport is import', () => {
    const service = guardService(
      {
        workspaceBytes(): number {
          throw new Error('no shape');
        },
        canImport(): boolean {
          throw new Error('no bytes');
        },
      },
      PLUGIN,
    );
    expectPluginFailed(
      thrown(() => service.workspaceBytes()),
      'workspace',
      'no shape',
    );
    expectPluginFailed(
      thrown(() => service.canImport()),
      'import',
      'no bytes',
    );
  });

  it('guards frozen objects and leaves objects without methods as they are', () => {
    const frozen = guardService(
      Object.freeze({
        name: 'frozen',
        claim(): number {
          throw new Error('frozen claim');
        },
      }),
      PLUGIN,
    );
    expect(frozen.name).toBe('frozen');
    expect(Object.keys(frozen)).toEqual(['name', 'claim']);
    expectPluginFailed(
      thrown(() => frozen.claim()),
      'claim',
      'frozen claim',
    );
    const target = { name: 'host', features: ['fpu'] };
    expect(guardService(target, PLUGIN)).toBe(target);
  });
});

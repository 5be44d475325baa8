import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpret } from '@anvil/interp';
import { findTarget } from '@anvil/core';
import { ARM_TOOLS, boardFor, buildFirmwareAsync, firmwareMultiMain, qemuToolchain, runFirmwareAsync } from '@anvil/host';
import { openAnvil } from '@anvil/sdk';
import { REPO_ROOT, loadRefs, sharedModels } from '@anvil/testing';
import { loadGraph } from './support/load-graph.js';
import { runCli, runCliAsync } from './support/run-cli.js';

// Issue 16: several models in one firmware. `anvil compile A B C` puts them in one folder and
// one library with one arena the size of the largest (they run one at a time); one QEMU boot
// runs them in alternation over every reference seed, byte-identical to TFLite Micro and the
// interpreter, so sharing the arena never lets one model's leftovers reach another.
const shared = sharedModels();
const toolchain = qemuToolchain(ARM_TOOLS);
const STEMS = ['kws_ref_model', 'ad01_int8', 'vww_96_int8'] as const;
const dir = mkdtempSync(join(tmpdir(), 'anvil-multi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CombinedJson {
  name: string;
  arena: { sharedBytes: number; separateBytes: number; savedBytes: number; perModel: { model: string; bytes: number }[] };
  models: { model: { path: string; name: string }; arenaBytes: number }[];
  files: string[];
}

/** ANVIL_<MODEL>_ARENA_BYTES as the model's own header (the one-model code path) defines it. */
const headerArena = (folder: string, model: string): number =>
  Number(new RegExp(`#define ANVIL_${model.toUpperCase()}_ARENA_BYTES (\\d+)`).exec(readFileSync(join(folder, `${model}.h`), 'utf8'))?.[1]);

describe.skipIf(!shared.available)(`anvil compile with several models ${shared.reason}`, () => {
  const paths = STEMS.map((s) => join(shared.dir, `${s}.tflite`));

  it('refuses two models of one name, a library named like a model, and options made for one model', () => {
    const twice = runCli(['compile', paths[0] as string, paths[0] as string, '--target', 'host', '-o', join(dir, 'twice')]);
    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toContain('CLI_BAD_ARGUMENT');
    expect(twice.stderr).toContain('both named kws_ref_model');
    const named = runCli(['compile', ...paths.slice(0, 2), '--name', 'ad01_int8', '--target', 'host', '-o', join(dir, 'named')]);
    expect(named.stderr).toContain('--name ad01_int8 is also a model');
    const pinned = runCli(['compile', ...paths.slice(0, 2), '--pin', 'input_1=app', '--target', 'host', '-o', join(dir, 'pinned')]);
    expect(pinned.stderr).toMatch(/CLI_BAD_ARGUMENT: --pin with several models/);
  });

  describe.skipIf(!toolchain.available)(`one firmware, three models in alternation ${toolchain.reason}`, () => {
    for (const [target, boardName] of [
      ['cortex-m4', 'qemu-mps2-an386'],
      ['cortex-m55', 'qemu-mps3-an547'],
    ] as const) {
      it(`${target}: one shared arena, every seed of every model byte-identical in one boot`, async () => {
        const out = join(dir, target);
        const r = await runCliAsync(['compile', ...paths, '--target', target, '--name', 'sensors', '-o', out, '--json']);
        expect(r.status, r.stderr).toBe(0);
        const doc = JSON.parse(r.stdout) as CombinedJson;
        // The shared arena is the largest model's own (as its one-model header defines it); the saving is the rest.
        const own = STEMS.map((s) => headerArena(out, s));
        expect(doc.arena.sharedBytes).toBe(Math.max(...own));
        expect(doc.arena.separateBytes).toBe(own.reduce((a, b) => a + b, 0));
        expect(doc.arena.savedBytes).toBe(doc.arena.separateBytes - doc.arena.sharedBytes);
        expect(doc.models.map((m) => m.model.name)).toEqual([...STEMS]);
        expect(readFileSync(join(out, 'sensors.h'), 'utf8')).toContain(`#define ANVIL_SENSORS_ARENA_BYTES ${Math.max(...own)}`);

        const refs = STEMS.map((s) => loadRefs(shared.dir, s));
        const graphs = refs.map((x) => loadGraph(x.modelPath));
        const anvil = await openAnvil({ projectDir: REPO_ROOT });
        const board = boardFor(target, boardName);
        if (board === undefined) throw new Error(`${boardName} cannot run ${target}`);
        const fw = await buildFirmwareAsync({
          artifactDir: out,
          model: 'sensors',
          target: findTarget(anvil.services().targets, target),
          board,
          numInputs: 1,
          numOutputs: 1,
          profile: false,
          main: firmwareMultiMain(
            'sensors',
            graphs.map((g, i) => ({ name: STEMS[i] as string, numInputs: g.inputs.length, numOutputs: g.outputs.length })),
          ),
        });
        // Set s runs model s mod 3 on seed s div 3: kws, ad01, vww, kws, ad01, vww, …
        const seeds = refs[0]?.runs.length ?? 0;
        const sets = Array.from(
          { length: seeds * STEMS.length },
          (_, s) => refs[s % STEMS.length]?.runs[Math.floor(s / STEMS.length)]?.inputs ?? [],
        );
        const ran = await runFirmwareAsync(fw, board, sets, [0]);
        ran.outputs.forEach((outs, s) => {
          const m = s % STEMS.length;
          const run = refs[m]?.runs[Math.floor(s / STEMS.length)];
          const graph = graphs[m];
          if (run === undefined || graph === undefined) throw new Error('unreachable');
          expect(outs[0], `${STEMS[m]} seed ${run.seed}`).toEqual(run.outputs[0]);
          expect(outs[0], `${STEMS[m]} seed ${run.seed} vs interpreter`).toEqual(interpret(graph, run.inputs)[0]);
        });
        expect(ran.instructions).toHaveLength(sets.length);
      }, 240_000);
    }
  });
});

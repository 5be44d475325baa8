import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERSISTENT_POOL, tensorBytes } from '@anvil/core';
import type { Graph, Tensor } from '@anvil/core';
import { createInterpreterSession, interpret, interpretAll } from '@anvil/interp';
import { qemuToolchain, runFirmware } from '@anvil/host';
import { writeArtifact } from '@anvil/sdk';
import { SANITIZE_FLAGS, hostTarget } from '@anvil/target-host';
import { firstDifference, loadRefs, sharedModels } from '@anvil/testing';
import type { ModelRefs } from '@anvil/testing';
import { compileModel } from './support/compile.js';
import { buildForHost, runHost } from './support/host-build.js';
import { loadGraph } from './support/load-graph.js';
import { buildForBoard } from './support/qemu-build.js';

// trained_lstm_int8 (issue 16): the LSTM against TFLite Micro on every seed and every layer,
// its state planned in the persistent pool, and state carried across invocations exactly as
// the interpreter carries it, on the host (ASan/UBSan) and on QEMU Cortex-M4 and M55.
const shared = sharedModels();
const toolchain = qemuToolchain();
const STEM = 'trained_lstm_int8';

/** The model cut after its LSTM, whose output is the whole hidden-state sequence (560 bytes): the
 * strongest evidence per run, since the final softmax saturates to the same bytes for every seed. */
function lstmOnly(graph: Graph): Graph {
  const node = graph.nodes[0];
  if (node?.op !== 'UNIDIRECTIONAL_SEQUENCE_LSTM') throw new Error('operator 0 is not the LSTM');
  return { ...graph, nodes: [node], outputs: [...node.outputs] };
}

/** What a fresh interpreter session gives for these inputs, one invocation after another. */
function sessionOutputs(graph: Graph, sets: readonly (readonly Uint8Array[])[]): Uint8Array[][] {
  const session = createInterpreterSession(graph);
  return sets.map((inputs) => session.run(inputs));
}

const seedInputs = (refs: ModelRefs): Uint8Array[][] => refs.runs.map((r) => [...r.inputs]);

/**
 * A host driver for one-input, one-output models: runs every input file in turn through
 * `invoke` (state carried), writes each output, then resets and runs the first input again.
 */
function sequenceDriver(model: string): string {
  const upper = model.toUpperCase();
  return `#include <stdio.h>
#include <stdlib.h>
#include "anvil/compiler.h"
#include "${model}.h"

static unsigned char arena[ANVIL_${upper}_ARENA_BYTES > 0 ? ANVIL_${upper}_ARENA_BYTES : 1] ANVIL_ALIGNED(ANVIL_${upper}_ARENA_ALIGN);
static unsigned char in[ANVIL_${upper}_INPUT0_BYTES];
static unsigned char out[ANVIL_${upper}_OUTPUT0_BYTES];

static int run(const char *from, const char *to) {
  const void *ins[1] = {in};
  void *outs[1] = {out};
  FILE *f = fopen(from, "rb");
  if (f == NULL || fread(in, 1, sizeof in, f) != sizeof in) return 3;
  fclose(f);
  if (anvil_${model}_invoke(arena, ins, outs) != ANVIL_OK) return 4;
  f = fopen(to, "wb");
  if (f == NULL || fwrite(out, 1, sizeof out, f) != sizeof out) return 3;
  return fclose(f) == 0 ? 0 : 3;
}

int main(int argc, char **argv) {
  int n = (argc - 2) / 2, i, s;
  if (argc < 4 || (argc - 2) % 2 != 0) return 2;
  for (i = 0; i < n; ++i) if ((s = run(argv[1 + i], argv[1 + n + i])) != 0) return s;
  anvil_${model}_reset();
  return run(argv[1], argv[argc - 1]);
}
`;
}

describe.skipIf(!shared.available)(`${STEM} ${shared.reason}`, () => {
  const refs = shared.available ? loadRefs(shared.dir, STEM) : undefined;
  const load = (): { refs: ModelRefs; graph: Graph } => ({ refs: refs as ModelRefs, graph: loadGraph((refs as ModelRefs).modelPath) });

  it('imports its two state tensors as persistent, and the plan gives them their own pool', async () => {
    const { graph } = load();
    const state = graph.tensors.filter((t) => t.persistent === true);
    expect(state.map((t) => [t.dtype, t.shape])).toEqual([
      ['int8', [1, 20]],
      ['int16', [1, 20]],
    ]);
    const compiled = await compileModel(graph, { target: 'host', planner: 'greedy-by-size' });
    const pool = compiled.report.pools.find((p) => p.name === PERSISTENT_POOL);
    // 40 bytes of int8 hidden state and 40 of int16 cell state, each at a 16-byte aligned offset.
    expect(pool?.used).toBe(80);
    const header = compiled.files.find((f) => f.path === `${STEM}.h`)?.content ?? '';
    expect(header).toContain(`#define ANVIL_TRAINED_LSTM_INT8_STATE_BYTES 80`);
    expect(header).toContain(`void anvil_${STEM}_reset(void);`);
    const readme = compiled.files.find((f) => f.path === 'README.md')?.content ?? '';
    expect(readme).toContain(`keeps state between runs (80 bytes`);
    expect(readme).toContain(`anvil_${STEM}_reset()`);
    // The arena the application passes holds no state: the state is static in the generated C.
    const arena = Number(/#define ANVIL_TRAINED_LSTM_INT8_ARENA_BYTES (\d+)/.exec(header)?.[1]);
    const ram = compiled.report.pools.filter((p) => p.name !== PERSISTENT_POOL).reduce((s, p) => s + p.used, 0);
    expect(arena).toBe(ram);
  });

  it('interpreter: every seed-1 layer and every seed’s output byte-identical to TFLite Micro', () => {
    const { refs: r, graph } = load();
    const values = interpretAll(graph, (r.runs[0] as ModelRefs['runs'][number]).inputs);
    expect(r.layers.map((l) => l.file)).toEqual(['layers/op0_t23.bin', 'layers/op1_t24.bin', 'layers/op2_t25.bin', 'layers/op3_t26.bin']);
    for (const l of r.layers) expect(firstDifference(values.get(l.tensorIndex) as Uint8Array, l.bytes), l.file).toBe(-1);
    for (const run of r.runs) expect(firstDifference(interpret(graph, run.inputs)[0] as Uint8Array, run.outputs[0] as Uint8Array)).toBe(-1);
  });

  it('interpreter: a session carries the state, so runs after the first differ from a fresh run', () => {
    const { refs: r, graph } = load();
    const lstm = lstmOnly(graph);
    const sets = [...seedInputs(r), ...seedInputs(r)];
    const carried = sessionOutputs(lstm, sets);
    expect(firstDifference(carried[0]?.[0] as Uint8Array, (r.layers[0] as ModelRefs['layers'][number]).bytes)).toBe(-1);
    // Seed 1 again after three runs starts from another state: its sequence is not the fresh one.
    expect(firstDifference(carried[3]?.[0] as Uint8Array, carried[0]?.[0] as Uint8Array)).toBeGreaterThanOrEqual(0);
  });

  it('host C (ASan/UBSan): every seed byte-identical to TFLite Micro and the interpreter', async () => {
    const { refs: r, graph } = load();
    const build = await buildForHost(graph);
    const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
    for (const run of r.runs) {
      // One process per seed: each starts from the model's initial state, as TFLM's runs did.
      const got = runHost(build, run.inputs, outputBytes, `seed${run.seed}`)[0] as Uint8Array;
      expect(firstDifference(got, run.outputs[0] as Uint8Array), `seed ${run.seed} vs TFLM`).toBe(-1);
      expect(firstDifference(got, interpret(graph, run.inputs)[0] as Uint8Array), `seed ${run.seed} vs interp`).toBe(-1);
    }
  });

  it('host C (ASan/UBSan): six invocations in a row carry the state as the interpreter does; reset restores the start', async () => {
    const { refs: r, graph } = load();
    const lstm = lstmOnly(graph);
    const compiled = await compileModel(lstm, { target: 'host', planner: 'greedy-by-size' });
    const dir = mkdtempSync(join(tmpdir(), 'anvil-lstm-seq-'));
    writeArtifact(dir, compiled.files, true);
    const driver = join(dir, 'sequence.c');
    writeFileSync(driver, sequenceDriver(compiled.name));
    const sources = compiled.files.filter((f) => f.path.endsWith('.c')).map((f) => join(dir, f.path));
    const exe = join(dir, 'sequence');
    const cc = spawnSync(
      hostTarget.toolchain.cc,
      [
        ...hostTarget.toolchain.cflags,
        ...SANITIZE_FLAGS,
        `-I${dir}`,
        `-I${join(dir, 'runtime', 'include')}`,
        ...sources,
        driver,
        '-o',
        exe,
        ...hostTarget.toolchain.ldflags,
      ],
      { encoding: 'utf8' },
    );
    expect(cc.status, cc.stderr).toBe(0);
    const sets = [...seedInputs(r), ...seedInputs(r)];
    const ins = sets.map((s, i) => {
      const p = join(dir, `in${i}.bin`);
      writeFileSync(p, s[0] as Uint8Array);
      return p;
    });
    const outs = sets.map((_, i) => join(dir, `out${i}.bin`));
    const afterReset = join(dir, 'out-reset.bin');
    const run = spawnSync(exe, [...ins, ...outs, afterReset], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const expected = sessionOutputs(lstm, sets);
    outs.forEach((p, i) => {
      expect(firstDifference(new Uint8Array(readFileSync(p)), expected[i]?.[0] as Uint8Array), `invocation ${i + 1}`).toBe(-1);
    });
    // After the reset the first input gives the first run's sequence again, TFLM's seed-1 LSTM layer.
    const reset = new Uint8Array(readFileSync(afterReset));
    expect(firstDifference(reset, (r.layers[0] as ModelRefs['layers'][number]).bytes)).toBe(-1);
    expect(firstDifference(reset, expected[3]?.[0] as Uint8Array)).toBeGreaterThanOrEqual(0);
  });

  describe.skipIf(!toolchain.available)(`on QEMU ${toolchain.reason}`, () => {
    for (const { target, board } of [
      { target: 'cortex-m4', board: 'qemu-mps2-an386' },
      { target: 'cortex-m55', board: 'qemu-mps3-an547' },
    ]) {
      it(`${board} (${target}): the three seeds in one boot, state carried, byte-identical to the interpreter session`, async () => {
        const { refs: r, graph } = load();
        const lstm = lstmOnly(graph);
        const build = await buildForBoard(lstm, target, board);
        const sets = seedInputs(r);
        const run = runFirmware(build.firmware, build.board, sets, build.outputBytes);
        const expected = sessionOutputs(lstm, sets);
        expect(run.outputs).toHaveLength(sets.length);
        run.outputs.forEach((o, i) => expect(firstDifference(o[0] as Uint8Array, expected[i]?.[0] as Uint8Array), `set ${i}`).toBe(-1));
        // The first boot-time run is the fresh model: TFLM's seed-1 LSTM layer.
        expect(firstDifference(run.outputs[0]?.[0] as Uint8Array, (r.layers[0] as ModelRefs['layers'][number]).bytes)).toBe(-1);
      });
    }
  });
});

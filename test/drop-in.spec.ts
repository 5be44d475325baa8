import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Graph, Tensor } from '@anvil/core';
import { affineQuantize, dequantize, interpret } from '@anvil/interp';
import { MANIFEST_FILE } from '@anvil/sdk';
import { REPO_ROOT, describeShared } from '@anvil/testing';
import { loadGraph } from './support/load-graph.js';
import { runCli } from './support/run-cli.js';

// The compiled folder as an application uses it: the float ↔ int8 helpers of <model>_io.c
// next to the run function, built by the folder's own Makefile (warnings as errors on request),
// linked into a program of the application's; and the README and library.properties that say how.
const work = mkdtempSync(join(tmpdir(), 'anvil-drop-in-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const STRICT = ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', '-pedantic'];

interface Folder {
  readonly name: string;
  readonly dir: string;
  readonly graph: Graph;
}

/** `anvil compile MODEL --target host -o DIR`, then the folder's Makefile with ANVIL_STRICT=1. */
function compileAndBuild(modelPath: string, tag: string): Folder {
  const name = basename(modelPath, '.tflite');
  const dir = join(work, tag, name);
  const c = runCli(['compile', modelPath, '--target', 'host', '-o', dir]);
  expect(c.status, c.stderr).toBe(0);
  const make = spawnSync('make', ['-C', dir, '-j4', 'ANVIL_STRICT=1'], { encoding: 'utf8' });
  expect(make.status, make.stderr).toBe(0);
  expect(make.stdout).toContain('-Werror');
  return { name, dir, graph: loadGraph(modelPath) };
}

/** Builds an application's C file against the folder (its library, its include paths), strictly. */
function buildApp(folder: Folder, file: string, source: string): string {
  const app = join(folder.dir, '..', 'app');
  mkdirSync(app, { recursive: true });
  const src = join(app, file);
  writeFileSync(src, source);
  const exe = join(app, file.replace(/\.c$/, ''));
  const args = [
    ...STRICT,
    `-I${folder.dir}`,
    `-I${join(folder.dir, 'runtime/include')}`,
    src,
    join(folder.dir, `lib${folder.name}.a`),
    '-lm',
    '-o',
    exe,
  ];
  const r = spawnSync('gcc', args, { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return exe;
}

/**
 * The README's pattern with file I/O around it: float features from argv[1] → quantize helper →
 * run → dequantize helper; writes the quantized input, the raw output and the scores.
 */
function driverSource(name: string): string {
  const u = `ANVIL_${name.toUpperCase()}`;
  return `#include <stdio.h>

#include "anvil/compiler.h"
#include "${name}.h"

static uint8_t arena[${u}_ARENA_BYTES] ANVIL_ALIGNED(${u}_ARENA_ALIGN);
static float features[${u}_INPUT_0_COUNT];
static int8_t input_0[${u}_INPUT_0_COUNT];
static int8_t output_0[${u}_OUTPUT_0_COUNT];
static float scores[${u}_OUTPUT_0_COUNT];

static int io(const char *path, const char *mode, void *p, size_t n) {
  FILE *f = fopen(path, mode);
  size_t done;
  if (f == NULL) return 0;
  done = mode[0] == 'r' ? fread(p, 1, n, f) : fwrite(p, 1, n, f);
  return fclose(f) == 0 && done == n;
}

int main(int argc, char **argv) {
  int i, top = 0;
  if (argc != 5 || !io(argv[1], "rb", features, sizeof features)) return 2;
  anvil_${name}_quantize_input_0(features, input_0);
  if (anvil_${name}_run(arena, input_0, output_0) != ANVIL_OK) return 3;
  anvil_${name}_dequantize_output_0(output_0, scores);
  for (i = 1; i < ${u}_OUTPUT_0_COUNT; ++i)
    if (scores[i] > scores[top]) top = i;
  printf("top %d\\n", top);
  if (!io(argv[2], "wb", input_0, sizeof input_0) || !io(argv[3], "wb", output_0, sizeof output_0) || !io(argv[4], "wb", scores, sizeof scores)) return 4;
  return 0;
}
`;
}

interface Run {
  readonly quantized: Uint8Array;
  readonly output: Uint8Array;
  readonly scores: Float32Array;
  readonly top: number;
}

function runDriver(exe: string, features: Float32Array, tag: string): Run {
  const at = (what: string): string => `${exe}-${tag}.${what}.bin`;
  writeFileSync(at('features'), new Uint8Array(features.buffer, features.byteOffset, features.byteLength));
  const r = spawnSync(exe, [at('features'), at('in'), at('out'), at('scores')], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const scores = new Uint8Array(readFileSync(at('scores')));
  return {
    quantized: new Uint8Array(readFileSync(at('in'))),
    output: new Uint8Array(readFileSync(at('out'))),
    scores: new Float32Array(scores.buffer, scores.byteOffset, scores.byteLength / 4),
    top: Number(/top (\d+)/.exec(r.stdout)?.[1]),
  };
}

/** The per-tensor quantization of a model input or output. */
function quantOf(graph: Graph, id: number | undefined): { scale: number; zeroPoint: number } {
  const t = graph.tensors[id ?? -1] as Tensor;
  return { scale: t.quant?.scale[0] as number, zeroPoint: t.quant?.zeroPoint[0] as number };
}

const bits = (f: Float32Array): number[] => [...new Uint32Array(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength))];
const int8 = (b: Uint8Array): Int8Array => new Int8Array(b.buffer, b.byteOffset, b.byteLength);
const argmax = (v: ArrayLike<number>): number => Array.from(v).reduce((best, x, i, a) => (x > (a[best] as number) ? i : best), 0);

describe('the compiled folder drops into an application', () => {
  const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
  let folder: Folder;

  it('compiles, and its Makefile builds the library with warnings as errors only on request', () => {
    folder = compileAndBuild(model, 'example');
    for (const f of ['kws_ref_model_io.c', 'README.md', 'library.properties']) expect(existsSync(join(folder.dir, f)), f).toBe(true);
    const plain = spawnSync('make', ['-C', folder.dir, '-n', '-B'], { encoding: 'utf8' });
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('-Werror');
    expect(plain.stdout).not.toContain('-Wall');
    const cmake = readFileSync(join(folder.dir, 'CMakeLists.txt'), 'utf8');
    expect(cmake).toContain('option(ANVIL_STRICT');
    expect(cmake).toMatch(/if\(ANVIL_STRICT\)\n\s+target_compile_options\(kws_ref_model PRIVATE -Wall -Wextra -Werror -pedantic\)/);
    expect(cmake.replace(/#.*$/gm, '').match(/-Werror|-O2/g)).toEqual(['-Werror']);
  });

  it('the quantize and dequantize helpers agree bit for bit with the interpreter’s QUANTIZE and DEQUANTIZE', () => {
    const exe = buildApp(folder, 'driver.c', driverSource(folder.name));
    const qin = quantOf(folder.graph, folder.graph.inputs[0]);
    const qout = quantOf(folder.graph, folder.graph.outputs[0]);
    const header = readFileSync(join(folder.dir, 'kws_ref_model.h'), 'utf8');
    const macro = (m: string): number => Number(new RegExp(`#define ANVIL_KWS_REF_MODEL_${m} \\(?(-?[0-9.e+-]+)f?\\)?`).exec(header)?.[1]);
    expect(Math.fround(macro('INPUT_0_SCALE'))).toBe(qin.scale);
    expect(macro('INPUT_0_ZERO_POINT')).toBe(qin.zeroPoint);
    expect(Math.fround(macro('OUTPUT_0_SCALE'))).toBe(qout.scale);
    expect(macro('OUTPUT_0_ZERO_POINT')).toBe(qout.zeroPoint);
    // Ties either side of zero, saturation, values whose quotient leaves int32, NaN and ±∞, and a ramp.
    const n = 490;
    const features = new Float32Array(n);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      if (i < 300) features[i] = (i - 150 + 0.5) * qin.scale;
      else if (i < 400) features[i] = ((seed / 2 ** 32) * 2 - 1) * 200;
      else features[i] = [0, -0, 1e-30, -1e-30, 1e6, -1e6, 1e12, -1e12, NaN, Infinity, -Infinity][i % 11] as number;
    }
    const run = runDriver(exe, features, 'edge');
    const oracleIn = affineQuantize({ kind: 'affine', ...qin }, features);
    expect([...int8(run.quantized)]).toEqual([...oracleIn]);
    const oracleOut = interpret(folder.graph, [run.quantized])[0] as Uint8Array;
    expect([...run.output]).toEqual([...oracleOut]);
    const q = int8(run.output);
    expect(bits(run.scores)).toEqual(bits(dequantize(qout, q)));
    expect(bits(run.scores)).toEqual(bits(Float32Array.from(q, (v) => qout.scale * (v - qout.zeroPoint))));
    expect(run.top).toBe(argmax(run.scores));
  });

  it('the README explains every file and its main.c builds against the folder and runs', () => {
    const readme = readFileSync(join(folder.dir, 'README.md'), 'utf8');
    for (const s of [
      'kws_ref_model_io.c',
      'ANVIL_KWS_REF_MODEL_ARENA_BYTES',
      'Zephyr',
      'add_subdirectory',
      'STM32CubeIDE',
      'Arduino',
      'library.properties',
    ])
      expect(readme, s).toContain(s);
    const main = /```c\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(main).toContain('anvil_kws_ref_model_quantize_input_0');
    expect(main).toContain('anvil_kws_ref_model_dequantize_output_0');
    expect(main.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(22);
    const exe = buildApp(folder, 'main.c', main);
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^top class \d+ \(score [0-9.]+\)\n$/);
  });

  it('library.properties makes it an Arduino library; README and it are in the manifest', () => {
    const props = Object.fromEntries(
      readFileSync(join(folder.dir, 'library.properties'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as Record<string, string>;
    expect(props['name']).toBe('kws_ref_model');
    expect(props['version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(props['sentence']?.length).toBeGreaterThan(0);
    expect(props['architectures']).toBe('*');
    expect(props['includes']).toBe('kws_ref_model.h');
    const manifest = JSON.parse(readFileSync(join(folder.dir, MANIFEST_FILE), 'utf8')) as { files: Array<{ path: string }> };
    const listed = manifest.files.map((f) => f.path);
    expect(listed).toEqual(expect.arrayContaining(['README.md', 'library.properties', 'kws_ref_model_io.c']));
  });

  // Under CI=true cmake must be there (the setup installs it), so this never skips in CI.
  const noCmake = spawnSync('cmake', ['--version']).status !== 0 && process.env['CI'] !== 'true';
  it.skipIf(noCmake)('an application’s CMake project takes it with add_subdirectory (skipped on a machine without cmake)', () => {
    const app = join(work, 'cmake-app');
    mkdirSync(app, { recursive: true });
    const readme = readFileSync(join(folder.dir, 'README.md'), 'utf8');
    writeFileSync(join(app, 'main.c'), /```c\n([\s\S]*?)```/.exec(readme)?.[1] ?? '');
    writeFileSync(
      join(app, 'CMakeLists.txt'),
      `cmake_minimum_required(VERSION 3.13)\nproject(app C)\nadd_subdirectory(${folder.dir} model)\nadd_executable(app main.c)\ntarget_link_libraries(app PRIVATE kws_ref_model)\n`,
    );
    const build = join(app, 'build');
    const configure = spawnSync('cmake', ['-S', app, '-B', build, '-DANVIL_STRICT=ON'], { encoding: 'utf8' });
    expect(configure.status, configure.stderr).toBe(0);
    const make = spawnSync('cmake', ['--build', build, '-j4'], { encoding: 'utf8' });
    expect(make.status, `${make.stdout}\n${make.stderr}`).toBe(0);
    const r = spawnSync(join(build, 'app'), [], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^top class \d+/);
  });
});

// Real samples (shared/models/samples/manifest.json): their stored int8 features, as the float
// features a sensor pipeline would give (scale * (q - zero_point)), through the helpers.
const CLASSIFIED: ReadonlyArray<{ stem: string; sample: string; label: string }> = [
  { stem: 'kws_ref_model', sample: 'mlperf_sample', label: 'on' },
  { stem: 'person_detect', sample: 'person', label: 'person' },
  { stem: 'person_detect', sample: 'no_person', label: 'no person' },
  { stem: 'micro_speech_quantized', sample: 'yes', label: 'yes' },
  { stem: 'micro_speech_quantized', sample: 'no', label: 'no' },
  { stem: 'micro_speech_quantized', sample: 'silence', label: 'silence' },
  { stem: 'micro_speech_quantized', sample: 'noise', label: 'silence' },
];

describeShared('the helpers classify the shared real samples as labelled', (modelsDir) => {
  const samples = join(modelsDir, 'samples');
  const manifest = JSON.parse(readFileSync(join(samples, 'manifest.json'), 'utf8')) as Record<string, { labels?: string[] }>;
  const folders = new Map<string, { folder: Folder; exe: string }>();
  const built = (stem: string): { folder: Folder; exe: string } => {
    const have = folders.get(stem);
    if (have !== undefined) return have;
    const folder = compileAndBuild(join(modelsDir, `${stem}.tflite`), 'shared');
    const entry = { folder, exe: buildApp(folder, 'driver.c', driverSource(folder.name)) };
    folders.set(stem, entry);
    return entry;
  };

  for (const c of CLASSIFIED) {
    it(`${c.stem} ${c.sample} → ${c.label}, as the interpreter classifies it`, () => {
      const { folder, exe } = built(c.stem);
      const stored = new Uint8Array(readFileSync(join(samples, c.stem, `${c.sample}.in_0.bin`)));
      const qin = quantOf(folder.graph, folder.graph.inputs[0]);
      const qout = quantOf(folder.graph, folder.graph.outputs[0]);
      const features = Float32Array.from(int8(stored), (v) => qin.scale * (v - qin.zeroPoint));
      const run = runDriver(exe, features, c.sample);
      expect([...run.quantized]).toEqual([...stored]);
      expect([...int8(run.quantized)]).toEqual([...affineQuantize({ kind: 'affine', ...qin }, features)]);
      const oracle = interpret(folder.graph, [run.quantized])[0] as Uint8Array;
      expect([...run.output]).toEqual([...oracle]);
      expect([...run.output]).toEqual([...readFileSync(join(samples, c.stem, `${c.sample}.out_0.bin`))]);
      expect(bits(run.scores)).toEqual(bits(dequantize(qout, int8(oracle))));
      const labels = manifest[c.stem]?.labels ?? [];
      expect(labels[run.top]).toBe(c.label);
      expect(argmax(int8(oracle))).toBe(run.top);
    });
  }

  it('ad01_int8: the quantize helper turns the reference float features into the reference’s int8 input', () => {
    const { folder, exe } = built('ad01_int8');
    const raw = readFileSync(join(samples, 'ad01_int8', 'dcase01_slice0.float32.bin'));
    const features = new Float32Array(new Uint8Array(raw).buffer);
    const run = runDriver(exe, features, 'dcase01');
    expect([...run.quantized]).toEqual([...readFileSync(join(samples, 'ad01_int8', 'dcase01_slice0.in_0.bin'))]);
    expect([...run.output]).toEqual([...(interpret(folder.graph, [run.quantized])[0] as Uint8Array)]);
    expect(bits(run.scores)).toEqual(bits(dequantize(quantOf(folder.graph, folder.graph.outputs[0]), int8(run.output))));
  });
});

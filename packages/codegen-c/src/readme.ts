import { cType } from './c-text.js';
import type { GeneratedFile } from './emit-model.js';
import type { IoHelper } from './io-helpers.js';

/** What the output folder's README needs to know about the model. */
export interface ReadmeModel {
  /** C identifier: the API is `anvil_<name>_run`. */
  readonly name: string;
  readonly target: string;
  readonly arenaBytes: number;
  readonly arenaAlign: number;
  /** RAM pools the plan uses; more than one changes `anvil_<name>_run`'s signature. */
  readonly pools: number;
  /** Bytes of state the model keeps between runs (static in the generated C); 0 for none. */
  readonly stateBytes?: number;
  readonly io: readonly IoHelper[];
  /** Every file of the folder (paths), so the README lists only what is there. */
  readonly paths: readonly string[];
}

/** The README's example application: quantize a float input, run, dequantize, print the top class. */
export function exampleMain(m: ReadmeModel): string {
  const prefix = `anvil_${m.name}`;
  const upper = `ANVIL_${m.name.toUpperCase()}`;
  const inputs = m.io.filter((h) => h.kind === 'input');
  const outputs = m.io.filter((h) => h.kind === 'output');
  const buffer = (h: IoHelper): string => `${h.kind}_${h.index}`;
  const decls = [...inputs, ...outputs].map(
    (h) => `static ${cType(h.dtype)} ${buffer(h)}[${upper}_${h.kind.toUpperCase()}_${h.index}_COUNT];`,
  );
  const in0 = inputs[0];
  const out0 = outputs[0];
  const quantize = in0?.function !== undefined;
  const dequantize = out0?.function !== undefined;
  const args = [...inputs, ...outputs].map(buffer).join(', ');
  const run = m.pools > 1 ? `/* one block holding every pool: see ${upper}_POOL_*_OFFSET */` : '';
  const call =
    m.pools > 1
      ? `${prefix}_invoke(arena, (const void *const[]){${inputs.map(buffer).join(', ')}}, (void *const[]){${outputs.map(buffer).join(', ')}})`
      : `${prefix}_run(arena, ${args})`;
  const scores = dequantize ? 'scores' : out0 === undefined ? '' : buffer(out0);
  const lines = [
    '#include <stdio.h>',
    '',
    '#include "anvil/compiler.h"',
    `#include "${m.name}.h"`,
    '',
    `static uint8_t arena[${upper}_ARENA_BYTES] ANVIL_ALIGNED(${upper}_ARENA_ALIGN); ${run}`.trimEnd(),
    ...(quantize ? [`static float features[${upper}_INPUT_0_COUNT]; /* your sensor's float features */`] : []),
    ...decls,
    ...(dequantize ? [`static float scores[${upper}_OUTPUT_0_COUNT];`] : []),
    '',
    'int main(void) {',
    '  int i, top = 0;',
    ...(quantize ? [`  ${in0?.function}(features, input_0);`] : []),
    `  if (${call} != ANVIL_OK) return 1;`,
    ...(dequantize ? [`  ${out0?.function}(output_0, scores);`] : []),
    ...(out0 === undefined
      ? []
      : [
          `  for (i = 1; i < ${upper}_OUTPUT_0_COUNT; ++i)`,
          `    if (${scores}[i] > ${scores}[top]) top = i;`,
          `  printf("top class %d (score %f)\\n", top, (double)${scores}[top]);`,
        ]),
    ...(out0 === undefined ? ['  (void)i;', '  (void)top;'] : []),
    '  return 0;',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** One line per group of files the folder holds. */
function fileTable(m: ReadmeModel): string {
  const has = (p: string): boolean => m.paths.includes(p);
  const under = (dir: string): boolean => m.paths.some((p) => p.startsWith(dir));
  const rows: Array<[string, string, boolean]> = [
    [
      `${m.name}.h`,
      `the API: \`anvil_${m.name}_run\`, \`anvil_${m.name}_invoke\`, the arena and tensor-size macros, the quantization macros and helpers`,
      true,
    ],
    [`${m.name}.c`, 'the run function: one call per layer, every buffer at a fixed offset in the arena', true],
    [`${m.name}_io.c`, 'the float ↔ quantized conversion helpers of the inputs and outputs', has(`${m.name}_io.c`)],
    [`${m.name}_weights.c`, `the weights and constants, \`const\` (they stay in flash); declared in \`${m.name}_weights.h\``, true],
    [`${m.name}_kernels.h`, 'prototypes of the kernels the run function calls (internal)', true],
    ['kernels/', 'kernels generated for this model (specialised library kernels, emitted C)', under('kernels/')],
    ['runtime/include/', 'the runtime headers (`anvil/status.h`, `anvil/platform.h`…): add this folder to the include path', true],
    ['runtime/src/platform_default.c', 'weak defaults of the platform hooks (`anvil_platform_ticks`…); define your own to override', true],
    ['runtime/kernels/', 'the library kernels the model calls', under('runtime/kernels/')],
    ['runtime/npu/', 'the accelerator driver glue', under('runtime/npu/')],
    ['Makefile', `builds \`lib${m.name}.a\`: \`make\`, \`make CC=… CFLAGS=…\`, \`make ANVIL_STRICT=1\` for warnings as errors`, true],
    ['CMakeLists.txt', `the static library target \`${m.name}\` (options \`ANVIL_STRICT\`, \`ANVIL_TARGET_FLAGS\`, both OFF)`, true],
    ['library.properties', 'makes the folder an Arduino library (see below)', true],
    ['report.json', 'the compile report: arena, weights, how each layer was lowered', true],
  ];
  return rows
    .filter(([, , present]) => present)
    .map(([file, what]) => `| \`${file}\` | ${what} |`)
    .join('\n');
}

function ioTable(m: ReadmeModel): string {
  const upper = `ANVIL_${m.name.toUpperCase()}`;
  return m.io
    .map((h) => {
      const macro = `${upper}_${h.kind.toUpperCase()}_${h.index}`;
      const helper = h.function === undefined ? `none: ${h.why}` : `\`${h.function}\``;
      const quant = h.function === undefined ? '' : `\`${macro}_SCALE\`, \`${macro}_ZERO_POINT\``;
      return `| ${h.kind} ${h.index} | ${h.dtype}, \`${macro}_COUNT\` = ${h.count} | ${quant} | ${helper} |`;
    })
    .join('\n');
}

/** README.md of the output folder: what each file is, the arena, an example main.c, and how to add the folder to a build. */
export function readmeFile(m: ReadmeModel): GeneratedFile {
  const upper = `ANVIL_${m.name.toUpperCase()}`;
  const content = `# ${m.name} — generated by Anvil

The model compiled to plain C99 for \`${m.target}\`: no allocation, no I/O, no operating
system. Do not edit these files; recompile the model instead.

## Files

| file | what |
| --- | --- |
${fileTable(m)}

## Memory

The application supplies the arena, the RAM every intermediate tensor lives in:
\`${upper}_ARENA_BYTES\` (${m.arenaBytes} bytes for this compile), aligned to
\`${upper}_ARENA_ALIGN\` (${m.arenaAlign}). A static array is enough; one arena serves one
inference at a time.${m.pools > 1 ? ` The plan uses ${m.pools} RAM pools: \`anvil_${m.name}_run\` takes one base per pool, \`anvil_${m.name}_invoke\` one block holding them all.` : ''}${
    (m.stateBytes ?? 0) > 0
      ? `\n\nThe model keeps state between runs (${m.stateBytes} bytes, the plan's \`persistent\` pool): each run continues
the sequence the previous one left. It lives in static storage inside the generated C, not in the
arena, starts from the model's initial values, and \`anvil_${m.name}_reset()\` restores them. Runs
of this model must not overlap.`
      : ''
  }

## Inputs and outputs

| tensor | type, elements | quantization | helper |
| --- | --- | --- | --- |
${ioTable(m)}

A quantize helper rounds exactly as the model's own QUANTIZE does (\`roundf(x / scale) +
zero_point\`, saturated); a dequantize helper computes \`scale * (q - zero_point)\`.

## Example main.c

An example application (not a file of the library): quantize a float input, run, dequantize
and print the top class.

\`\`\`c
${exampleMain(m)}\`\`\`

Saved as \`main.c\` beside this folder's files, it builds on this machine with:

    make ANVIL_STRICT=1 && cc -std=c99 -I. -Iruntime/include main.c lib${m.name}.a -lm -o main

## Adding the folder to a project

**CMake, Zephyr.** Copy the folder into the application (say \`${m.name}/\`), then in the
application's \`CMakeLists.txt\`, after \`find_package(Zephyr …)\` and \`project(…)\`:

\`\`\`cmake
add_subdirectory(${m.name})
target_link_libraries(app PRIVATE ${m.name})
\`\`\`

The library takes Zephyr's CPU flags, defines and includes (\`zephyr_interface\`). To compile
the sources into \`app\` itself instead: \`target_sources(app PRIVATE …)\` with the \`.c\`
files the Makefile's \`SRCS\` lists, and \`target_include_directories(app PRIVATE ${m.name}
${m.name}/runtime/include)\`. Any other CMake project: the same two lines with your target.

**STM32CubeIDE.** Copy the folder into the project (say \`Middlewares/${m.name}\`); in
Project → Properties → C/C++ General → Paths and Symbols, add it under *Source Location*, and
add both \`Middlewares/${m.name}\` and \`Middlewares/${m.name}/runtime/include\` under
*Includes* (GNU C). The project's own CPU and optimisation settings apply. Exclude nothing:
every \`.c\` file here is part of the model.

**Arduino.** \`library.properties\` makes this an Arduino library whose sources are in
\`src/\`:

    mkdir -p ~/Arduino/libraries/${m.name}/src
    cp -R . ~/Arduino/libraries/${m.name}/src/
    mv ~/Arduino/libraries/${m.name}/src/library.properties ~/Arduino/libraries/${m.name}/

Arduino puts only \`src/\` on the include path, so pass the runtime headers' folder too, e.g.
with arduino-cli:

    arduino-cli compile --fqbn <board> \\
      --build-property "compiler.c.extra_flags=-I$HOME/Arduino/libraries/${m.name}/src/runtime/include" \\
      --build-property "compiler.cpp.extra_flags=-I$HOME/Arduino/libraries/${m.name}/src/runtime/include" <sketch>

(in the IDE, the same two properties in a \`platform.local.txt\`). The sketch then has
\`#include <${m.name}.h>\`; the header is \`extern "C"\`.

**Make.** \`make -C ${m.name} CC=… CFLAGS=…\` builds \`lib${m.name}.a\`; link it with \`-lm\`
and add \`-I${m.name} -I${m.name}/runtime/include\` to the application's flags.
`;
  return { path: 'README.md', content };
}

/** library.properties: the folder as an Arduino library. */
export function libraryProperties(name: string): GeneratedFile {
  const content = `name=${name}
version=1.0.0
author=Generated by Anvil
maintainer=Generated by Anvil
sentence=The ${name} model compiled to plain C by Anvil: anvil_${name}_run() and its quantization helpers.
paragraph=Recompile the model with Anvil rather than editing these files. See README.md.
category=Data Processing
architectures=*
includes=${name}.h
`;
  return { path: 'library.properties', content };
}

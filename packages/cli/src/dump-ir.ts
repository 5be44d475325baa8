import { STAGES, errors, fail } from '@anvil/core';
import type { CompileOptions } from '@anvil/core';

/** JSON of any stage's IR: constant data shown by size (weights would drown the rest), maps as objects. */
export function irJson(ir: unknown): string {
  return JSON.stringify(
    ir,
    (_key, value: unknown) => {
      if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
      if (value instanceof Map) return Object.fromEntries(value);
      if (value instanceof Set) return [...value];
      if (value === Number.POSITIVE_INFINITY) return 'Infinity';
      return value;
    },
    2,
  );
}

/** `--dump-after STAGE` as pipeline options: the stage checked against the pipeline's list, its IR to stderr. */
export function dumpOptions(stage: string | undefined): Pick<CompileOptions, 'dumpAfter' | 'dump'> {
  if (stage === undefined) return {};
  if (!STAGES.includes(stage))
    fail(errors.cliBadArgument(`--dump-after ${stage} is not a stage`, `stages, in order: ${STAGES.join(', ')}`));
  return { dumpAfter: stage, dump: (name, ir) => void process.stderr.write(`${irJson({ stage: name, ir })}\n`) };
}

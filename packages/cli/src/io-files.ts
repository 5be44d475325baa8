import { readFile, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { errors, fail } from '@anvil/core';
import { writeOutputFiles } from '@anvil/sdk';
import { checkOutputFileWritable } from './output-checks.js';

/** Commander collector for a repeatable `--input`: every flag's value, in order. */
export const collectInputs = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The input paths the `--input` values name, in order. `--input` may be repeated; a value that
 * names an existing file is that one path, commas and all, and any other value is a list of
 * paths separated by commas (the short form: `--input a.bin,b.bin`).
 */
export async function inputPaths(values: string | readonly string[]): Promise<string[]> {
  const list = typeof values === 'string' ? [values] : values;
  const paths = await Promise.all(list.map(async (v) => ((await isFile(v)) ? [v] : v.split(',').filter((p) => p.length > 0))));
  return paths.flat();
}

/** The most `--input -` reads from standard input: the verifier's cap on any one tensor. */
export const MAX_STDIN_BYTES = 256 * 2 ** 20;

/** All of a stream, refusing more than `max` bytes (a runaway pipe is an error, not an out-of-memory crash). */
export async function readStream(stream: NodeJS.ReadableStream & { isTTY?: boolean }, max = MAX_STDIN_BYTES): Promise<Uint8Array> {
  if (stream.isTTY === true)
    fail(
      errors.cliBadArgument('--input -: standard input is a terminal', 'pipe the raw input in, e.g. anvil run m.tflite --input - < in.bin'),
    );
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += b.length;
    if (bytes > max)
      fail(
        errors.cliBadArgument(
          `--input -: standard input holds more than ${max} bytes`,
          'no model input is that large; check what is piped in',
        ),
      );
    chunks.push(b);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Reads the raw input files the `--input` values name (see `inputPaths`); `-` is standard
 * input, which one input at most can be.
 */
export async function readInputs(values: string | readonly string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<Uint8Array[]> {
  const paths = await inputPaths(values);
  if (paths.filter((p) => p === '-').length > 1)
    fail(errors.cliBadArgument('--input - appears more than once', 'standard input can hold one input; give the others as files'));
  return Promise.all(
    paths.map(async (p) => {
      if (p === '-') return readStream(stdin);
      try {
        return new Uint8Array(await readFile(p));
      } catch (e) {
        fail(errors.inputFileUnreadable(p, (e as NodeJS.ErrnoException).code ?? String(e)));
      }
    }),
  );
}

/** `PREFIX_<i>.bin` for each of `count` outputs; a prefix must name files, not a folder. */
export function outputPaths(prefix: string, count: number): string[] {
  const hint = 'give a file name prefix, e.g. --output out/result writes out/result_0.bin';
  if (prefix.trim() === '') fail(errors.cliOutputInvalid(prefix, 'the --output prefix is empty', hint));
  if (prefix.endsWith('/') || prefix.endsWith(sep)) fail(errors.cliOutputInvalid(prefix, 'the --output prefix names a folder', hint));
  return Array.from({ length: count }, (_, i) => `${prefix}_${i}.bin`);
}

/** Checks every output path before the (perhaps long) work that makes the outputs. */
export function checkOutputs(prefix: string, count: number, force: boolean): void {
  for (const p of outputPaths(prefix, count)) checkOutputFileWritable(p, force);
}

/**
 * Writes `PREFIX_<i>.bin` for each output, atomically. Refuses to replace any existing file
 * unless `force`, checking all names before writing any, so a refusal leaves nothing
 * half-written. The prefix's folder must exist.
 */
export function writeOutputs(prefix: string, outputs: readonly Uint8Array[], force: boolean): string[] {
  const paths = outputPaths(prefix, outputs.length);
  return writeOutputFiles(
    paths.map((path, i) => ({ path, content: outputs[i] as Uint8Array })),
    force,
  );
}

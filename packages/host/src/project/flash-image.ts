import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { FlashImageRequest, FlashImageResult } from '@anvil/core';
import { buildFirmwareAsync } from '../build-firmware.js';
import { run, tail } from '../tools.js';
import { requireBoard } from './project-board.js';
import { qemuCommand, shellLine } from './qemu-command.js';

function tool(command: string, args: readonly string[]): string {
  const r = run(command, args);
  if (r.error !== undefined || r.status !== 0)
    fail(errors.toolchainFailed(command, tail(r.error === undefined ? `${r.stderr}\n${r.stdout}` : String(r.error))));
  return r.stdout;
}

/**
 * Where the image's loaded sections sit in flash, from `objdump -h`: the lowest load address
 * (LMA) of a section with the LOAD flag and a size, and the end of the highest. The span is what
 * `objcopy -O binary` writes, alignment gaps between sections included, so it is the number of
 * bytes a user flashes; the sum of the section sizes can be a few bytes less.
 */
export function loadSpan(objdumpHeaders: string): { readonly start: number; readonly end: number } {
  const lines = objdumpHeaders.split('\n');
  let start: number | undefined;
  let end = 0;
  lines.forEach((line, k) => {
    const m = /^\s*\d+\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s/i.exec(line);
    const flags = lines[k + 1] ?? '';
    const size = m === null ? 0 : Number.parseInt(m[1] as string, 16);
    if (m === null || !/\bLOAD\b/.test(flags) || size === 0) return;
    const lma = Number.parseInt(m[2] as string, 16);
    start = start === undefined ? lma : Math.min(start, lma);
    end = Math.max(end, lma + size);
  });
  if (start === undefined) fail(errors.toolchainFailed('objdump -h', 'the image loads no section'));
  return { start, end };
}

/** The lowest load address of the image (see loadSpan). */
export function loadAddress(objdumpHeaders: string): number {
  return loadSpan(objdumpHeaders).start;
}

/**
 * The firmware `anvil run` would build (standalone or host-driven), as files to flash: the ELF,
 * its raw binary and Intel HEX (the family's objcopy), and `flash-image.json` saying what they
 * are, where the binary goes and how to boot the ELF under QEMU.
 */
export async function flashImage(request: FlashImageRequest): Promise<FlashImageResult> {
  const board = requireBoard(request.target, request.board);
  const fw = await buildFirmwareAsync({
    artifactDir: request.artifactDir,
    ...(request.sources === undefined ? {} : { sources: request.sources }),
    model: request.model,
    target: request.target,
    board,
    numInputs: request.numInputs,
    numOutputs: request.numOutputs,
    profile: false,
    hostDriven: request.hostDriven,
  });
  const { binutils } = board.family;
  const bin = join(fw.buildDir, `${request.model}.bin`);
  const hex = join(fw.buildDir, `${request.model}.hex`);
  tool(`${binutils}objcopy`, ['-O', 'binary', fw.elf, bin]);
  tool(`${binutils}objcopy`, ['-O', 'ihex', fw.elf, hex]);
  const span = loadSpan(tool(`${binutils}objdump`, ['-h', fw.elf]));
  const at = span.start;
  const s = (name: string): number => fw.sections[name] ?? 0;
  const flashBytes = span.end - span.start;
  const ramBytes = s('.data') + s('.bss') + s('.noinit') + s('.stack');
  const names = { elf: `${request.model}.elf`, bin: `${request.model}.bin`, hex: `${request.model}.hex` };
  const manifest = {
    format: 1,
    model: request.model,
    target: request.target.name,
    board: board.name,
    hostDriven: request.hostDriven,
    ...(fw.modelId === undefined ? {} : { modelId: fw.modelId }),
    loadAddress: `0x${at.toString(16).padStart(8, '0')}`,
    flashBytes,
    ramBytes,
    // Where the image talks: a user flashing a standalone image on a board needs a debugger
    // attached, or it stops at its first semihosting call.
    io: request.hostDriven
      ? 'serial RPC on the board UART (anvil run --port)'
      : 'semihosting: inputs, outputs and exit go through a debugger (or QEMU -semihosting)',
    files: names,
    qemu: shellLine(qemuCommand(board, request.target.name, names.elf, request.hostDriven)),
  };
  return {
    files: [
      { path: names.elf, content: new Uint8Array(readFileSync(fw.elf)) },
      { path: names.bin, content: new Uint8Array(readFileSync(bin)) },
      { path: names.hex, content: readFileSync(hex, 'utf8') },
      { path: 'flash-image.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
    ],
    board: board.name,
    ...(fw.modelId === undefined ? {} : { modelId: fw.modelId }),
    loadAddress: at,
    flashBytes,
    ramBytes,
  };
}

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
 * The lowest load address (LMA) of the sections an image loads: where its raw binary starts,
 * as `objcopy -O binary` lays it out. Read from `objdump -h`: a header line, then its flags.
 */
export function loadAddress(objdumpHeaders: string): number {
  const lines = objdumpHeaders.split('\n');
  let lowest: number | undefined;
  lines.forEach((line, k) => {
    const m = /^\s*\d+\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s/i.exec(line);
    const flags = lines[k + 1] ?? '';
    if (m === null || !/\bLOAD\b/.test(flags) || Number.parseInt(m[1] as string, 16) === 0) return;
    const lma = Number.parseInt(m[2] as string, 16);
    lowest = lowest === undefined ? lma : Math.min(lowest, lma);
  });
  if (lowest === undefined) fail(errors.toolchainFailed('objdump -h', 'the image loads no section'));
  return lowest;
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
  const at = loadAddress(tool(`${binutils}objdump`, ['-h', fw.elf]));
  const s = (name: string): number => fw.sections[name] ?? 0;
  const flashBytes = s('.text') + s('.ARM.exidx') + s('.rodata') + s('.data');
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

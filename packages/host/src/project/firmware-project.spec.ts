import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import type { FirmwareFile, FirmwareProjectRequest, Target } from '@anvil/core';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { rpcIdHex, rpcModelId } from '../firmware-rpc-main.js';
import { firmwareProject } from './firmware-project.js';

const M4: Target = {
  name: 'cortex-m4',
  description: 'test',
  cpu: 'cortex-m4',
  features: [],
  toolchain: { cc: 'arm-none-eabi-gcc', cflags: ['-std=c99', '-O2', '-mcpu=cortex-m4'], ldflags: ['-Wl,--gc-sections'], packages: [] },
  arenaAlignment: 16,
};
const VECTOR: Target = {
  ...M4,
  name: 'rv32imac_zve32x',
  toolchain: {
    cc: 'clang-19',
    cflags: ['--target=riscv32-unknown-elf', '-isystem', '/usr/include/picolibc', '-O2'],
    ldflags: ['-Wl,--gc-sections'],
    linker: { cc: 'riscv64-unknown-elf-gcc', flags: ['-march=rv32imac', '--specs=picolibc.specs'] },
    packages: [],
  },
};

// A compiled folder as far as the project writer reads it: the header (for the RPC main) and sources.
const dir = mkdtempSync(join(tmpdir(), 'anvil-project-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'm.h'),
  '#define ANVIL_M_INPUT0_BYTES 4 /* int8 [1, 4] x */\n#define ANVIL_M_OUTPUT0_BYTES 2 /* int8 [1, 2] y */\n',
);
writeFileSync(join(dir, 'm.c'), 'int m;\n');

const request = (o: Partial<FirmwareProjectRequest>): FirmwareProjectRequest => ({
  artifactDir: dir,
  files: ['m.h', 'm.c'],
  sources: ['m.c'],
  model: 'm',
  target: M4,
  numInputs: 1,
  numOutputs: 1,
  hostDriven: false,
  template: 'make',
  ...o,
});

const text = (files: readonly FirmwareFile[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no ${path}`);
  return typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content);
};

describe('firmwareProject', () => {
  it('standalone, make: the model under model/, the board files flattened, a Makefile naming only project paths', async () => {
    const r = await firmwareProject(request({}));
    const paths = r.files.map((f) => f.path);
    expect(r.board).toBe('qemu-mps2-an386');
    expect(r.modelId).toBeUndefined();
    for (const p of ['model/m.h', 'model/m.c', 'board/anvil_board.c', 'board/anvil_semihost.c', 'board/anvil_board.h', 'board/link.ld'])
      expect(paths).toContain(p);
    expect(paths).toEqual(expect.arrayContaining(['board/sections.ld', 'main.c', 'Makefile', 'README.md']));
    expect(paths.some((p) => p.startsWith('rpc/'))).toBe(false);
    const makefile = text(r.files, 'Makefile');
    expect(makefile).toContain('CPPFLAGS := -Imodel -Imodel/runtime/include -Iboard\n');
    expect(makefile).toContain('LDFLAGS := -Lboard -nostartfiles --specs=nano.specs --specs=nosys.specs -T link.ld -Wl,--gc-sections');
    // A gcc driver links with the compile flags, which pick its C library.
    expect(makefile).toContain('LINKFLAGS := $(CFLAGS)');
    expect(makefile).toMatch(
      /SRCS := \\\n {2}main\.c \\\n {2}board\/anvil_board\.c \\\n {2}board\/anvil_semihost\.c \\\n {2}model\/m\.c\n/,
    );
    expect(makefile).toContain('-semihosting-config enable=on,target=native,arg=firmware,arg=1 -kernel $(ELF)');
    for (const f of r.files) {
      if (typeof f.content === 'string') {
        expect(f.content, f.path).not.toContain(RUNTIME_C_DIR);
        expect(f.content, f.path).not.toContain(dir);
      }
    }
    expect(text(r.files, 'main.c')).toContain('anvil_semihost_open');
  });

  it('host-driven: the RPC server and the board’s UART driver, the identities written into main.c', async () => {
    const r = await firmwareProject(request({ hostDriven: true, template: 'cmake' }));
    const paths = r.files.map((f) => f.path);
    expect(r.modelId).toBe(rpcIdHex(rpcModelId(dir, 'm')));
    for (const p of [
      'rpc/anvil_rpc_server.c',
      'rpc/anvil_rpc_server.h',
      'rpc/anvil_rpc_cobs.h',
      'rpc/anvil_uart_cmsdk.c',
      'rpc/anvil_uart_cmsdk.h',
    ])
      expect(paths).toContain(p);
    expect(paths).not.toContain('rpc/anvil_uart_16550.c');
    expect(paths).toEqual(expect.arrayContaining(['CMakeLists.txt', 'toolchain.cmake']));
    expect(paths).not.toContain('Makefile');
    const main = text(r.files, 'main.c');
    expect(main).toContain(`#define ANVIL_RPC_MODEL_ID 0x${rpcModelId(dir, 'm').toString(16)}u\n`);
    expect(main).toMatch(/#define ANVIL_RPC_FIRMWARE_ID 0x[0-9a-f]+u\n/);
    expect(main.indexOf('#define ANVIL_RPC_MODEL_ID')).toBeLessThan(main.indexOf('#ifndef ANVIL_RPC_MODEL_ID'));
    const cmake = text(r.files, 'CMakeLists.txt');
    expect(cmake).toContain('"-L${CMAKE_CURRENT_SOURCE_DIR}/board"');
    expect(cmake).toContain('"SHELL:-T link.ld"');
    expect(cmake).toContain('"-serial"\n  "pty"\n  "-no-reboot"');
    expect(text(r.files, 'README.md')).toContain('--port /dev/pts/N');
  });

  it('a compiler that cannot link (clang for Zve32x) links through its GNU driver, in make and CMake', async () => {
    const make = await firmwareProject(request({ target: VECTOR }));
    const makefile = text(make.files, 'Makefile');
    expect(make.board).toBe('qemu-riscv32-virt');
    expect(make.files.map((f) => f.path)).toContain('board/anvil_board_riscv.c');
    expect(makefile).toContain('CC := clang-19\nLINK := riscv64-unknown-elf-gcc\nOBJCOPY := riscv64-unknown-elf-objcopy\n');
    expect(makefile).toContain('LINKFLAGS := -march=rv32imac --specs=picolibc.specs\n');
    expect(makefile).toContain('-cpu rv32,v=true,vlen=128,elen=32,vext_spec=v1.0 -bios none');
    const cmake = await firmwareProject(request({ target: VECTOR, template: 'cmake' }));
    expect(text(cmake.files, 'toolchain.cmake')).toContain('set(CMAKE_C_COMPILER clang-19)');
    expect(text(cmake.files, 'toolchain.cmake')).toContain('set(CMAKE_SYSTEM_PROCESSOR riscv32)');
    expect(text(cmake.files, 'CMakeLists.txt')).toContain('set(CMAKE_C_LINK_EXECUTABLE "${ANVIL_LINK_DRIVER} <LINK_FLAGS>');
    // CMake de-duplicates options: a flag and its value stay one item.
    expect(text(cmake.files, 'CMakeLists.txt')).toContain('"SHELL:-isystem /usr/include/picolibc"');
  });

  it('a board that cannot run the target is a typed error', async () => {
    const e: unknown = await firmwareProject(request({ board: 'qemu-riscv32-virt' })).catch((x: unknown) => x);
    expect(isAnvilError(e) && e.code).toBe('TARGET_NOT_FOUND');
  });
});

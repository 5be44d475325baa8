import { describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import { loadAddress, loadSpan } from './flash-image.js';

const HEADERS = `
build/m.elf:     file format elf32-littlearm

Sections:
Idx Name          Size      VMA       LMA       File off  Algn
  0 .text         00008a10  00000000  00000000  00010000  2**3
                  CONTENTS, ALLOC, LOAD, READONLY, CODE
  1 .rodata       00005300  00008a10  00008a10  00018a10  2**4
                  CONTENTS, ALLOC, LOAD, READONLY, DATA
  2 .data         00000010  20000000  0000dd10  00020000  2**2
                  CONTENTS, ALLOC, LOAD, DATA
  3 .bss          00004000  20000010  0000dd20  00020010  2**4
                  ALLOC
  4 .comment      00000045  00000000  00000000  00020010  2**0
                  CONTENTS, READONLY
`;

describe('loadAddress', () => {
  it('is the lowest LMA of the sections the image loads (not .bss, not comments)', () => {
    expect(loadAddress(HEADERS)).toBe(0);
    const riscv = [
      'Idx Name          Size      VMA       LMA       File off  Algn',
      '  0 .text         00000100  80000000  80000000  00001000  2**2',
      '                  CONTENTS, ALLOC, LOAD, READONLY, CODE',
      '  1 .data         00000010  80400000  80000100  00002000  2**2',
      '                  CONTENTS, ALLOC, LOAD, DATA',
    ].join('\n');
    expect(loadAddress(riscv)).toBe(0x80000000);
  });

  it('spans the loaded sections with the gaps objcopy -O binary fills', () => {
    expect(loadSpan(HEADERS)).toEqual({ start: 0, end: 0xdd20 });
    const gap = [
      '  0 .text         000000fe  80000000  80000000  00001000  2**2',
      '                  CONTENTS, ALLOC, LOAD, READONLY, CODE',
      '  1 .data         00000010  80400000  80000100  00002000  2**2',
      '                  CONTENTS, ALLOC, LOAD, DATA',
    ].join('\n');
    // 0xfe + 0x10 bytes of sections, but 0x110 bytes to flash: .data's image is 4-aligned.
    expect(loadSpan(gap)).toEqual({ start: 0x80000000, end: 0x80000110 });
  });

  it('an image with nothing to load is a typed error', () => {
    let caught: unknown;
    try {
      loadAddress('Sections:\n');
    } catch (e) {
      caught = e;
    }
    expect(isAnvilError(caught) && caught.code).toBe('TOOLCHAIN_FAILED');
  });
});

import { describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import { cfsrNames, describeFault, hfsrNames, mcauseName, RpcDeviceFaultError } from './fault.js';
import type { DeviceFault } from './fault.js';

const arm = (over: Partial<Extract<DeviceFault, { arch: 'arm' }>> = {}): DeviceFault => ({
  arch: 'arm',
  pc: 0x1a2,
  lr: 0x3c5,
  xpsr: 0x01000003,
  cfsr: 0,
  hfsr: 0,
  mmfar: 0xe000ed34,
  bfar: 0xe000ed38,
  ...over,
});

describe('fault records', () => {
  it('names the CFSR and HFSR bits that are set, and only those', () => {
    expect(cfsrNames(1 << 16)).toEqual(['UNDEFINSTR']);
    expect(cfsrNames((1 << 9) | (1 << 15))).toEqual(['PRECISERR', 'BFARVALID']);
    expect(cfsrNames((1 << 1) | (1 << 7) | (1 << 25))).toEqual(['DACCVIOL', 'MMARVALID', 'DIVBYZERO']);
    expect(cfsrNames(0)).toEqual([]);
    expect(hfsrNames(0x40000000)).toEqual(['FORCED']);
    expect(hfsrNames(0x80000002)).toEqual(['VECTTBL', 'DEBUGEVT']);
  });

  it('shows a fault address only when its VALID bit says it holds one', () => {
    const precise = describeFault(arm({ cfsr: (1 << 9) | (1 << 15), bfar: 0x30000000 }));
    expect(precise).toContain('PC 0x000001a2');
    expect(precise).toContain('CFSR 0x00008200 (PRECISERR, BFARVALID)');
    expect(precise).toContain('BFAR 0x30000000');
    expect(precise).not.toContain('MMFAR');
    expect(describeFault(arm({ cfsr: 1 << 16 }))).not.toContain('BFAR');
  });

  it('names RISC-V causes, exceptions and interrupts apart', () => {
    expect(mcauseName(2)).toBe('illegal instruction');
    expect(mcauseName(7)).toBe('store/AMO access fault');
    expect(mcauseName(0x80000007)).toBe('interrupt 7');
    expect(mcauseName(24)).toBe('exception 24');
    expect(describeFault({ arch: 'riscv', mepc: 0x80000124, mcause: 2, mtval: 0 })).toBe(
      'PC 0x80000124, mcause 2 (illegal instruction), mtval 0x00000000',
    );
  });

  it('is an AnvilError with code RPC_DEVICE_FAULT carrying the registers and their meaning', () => {
    const e = new RpcDeviceFaultError(arm({ cfsr: 1 << 16, hfsr: 1 << 30 }), 'run');
    expect(isAnvilError(e)).toBe(true);
    expect(e.code).toBe('RPC_DEVICE_FAULT');
    expect(e.message).toMatch(/^the board faulted and restarted: PC 0x000001a2, .*UNDEFINSTR.*\(during run\)$/);
    expect(e.details).toMatchObject({ arch: 'arm', pc: 0x1a2, cfsrBits: ['UNDEFINSTR'], hfsrBits: ['FORCED'] });
    expect(e.hint).toMatch(/serves again/);
    const rv = new RpcDeviceFaultError({ arch: 'riscv', mepc: 0x80000010, mcause: 2, mtval: 0 }, 'run');
    expect(rv.details).toMatchObject({ arch: 'riscv', mcause: 2, cause: 'illegal instruction' });
  });
});

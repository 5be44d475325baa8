import { errors } from '@anvil/core';
import { RpcError } from './errors.js';
import type { FaultReply } from './messages.js';

/** Configurable Fault Status Register bits (Armv7-M / Armv8-M: MMFSR, BFSR, UFSR). */
const CFSR_BITS: readonly (readonly [number, string])[] = [
  [0, 'IACCVIOL'],
  [1, 'DACCVIOL'],
  [3, 'MUNSTKERR'],
  [4, 'MSTKERR'],
  [5, 'MLSPERR'],
  [7, 'MMARVALID'],
  [8, 'IBUSERR'],
  [9, 'PRECISERR'],
  [10, 'IMPRECISERR'],
  [11, 'UNSTKERR'],
  [12, 'STKERR'],
  [13, 'LSPERR'],
  [15, 'BFARVALID'],
  [16, 'UNDEFINSTR'],
  [17, 'INVSTATE'],
  [18, 'INVPC'],
  [19, 'NOCP'],
  [20, 'STKOF'],
  [24, 'UNALIGNED'],
  [25, 'DIVBYZERO'],
];

const HFSR_BITS: readonly (readonly [number, string])[] = [
  [1, 'VECTTBL'],
  [30, 'FORCED'],
  [31, 'DEBUGEVT'],
];

/** Exception causes (mcause with the interrupt bit clear) of the RISC-V privileged spec. */
const MCAUSE_NAMES: Readonly<Record<number, string>> = {
  0: 'instruction address misaligned',
  1: 'instruction access fault',
  2: 'illegal instruction',
  3: 'breakpoint',
  4: 'load address misaligned',
  5: 'load access fault',
  6: 'store/AMO address misaligned',
  7: 'store/AMO access fault',
  8: 'environment call from U-mode',
  9: 'environment call from S-mode',
  11: 'environment call from M-mode',
  12: 'instruction page fault',
  13: 'load page fault',
  15: 'store/AMO page fault',
};

const bitNames = (value: number, table: readonly (readonly [number, string])[]): string[] =>
  table.filter(([bit]) => ((value >>> bit) & 1) === 1).map(([, name]) => name);

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** The names of the CFSR bits that are set (UNDEFINSTR, PRECISERR, …), lowest bit first. */
export function cfsrNames(cfsr: number): string[] {
  return bitNames(cfsr, CFSR_BITS);
}

export function hfsrNames(hfsr: number): string[] {
  return bitNames(hfsr, HFSR_BITS);
}

/** What mcause means: an exception's name, or the interrupt it was. */
export function mcauseName(mcause: number): string {
  const code = mcause & 0x7fffffff;
  if (mcause >>> 31 === 1) return `interrupt ${code}`;
  return MCAUSE_NAMES[code] ?? `exception ${code}`;
}

export type DeviceFault = Exclude<FaultReply, { readonly arch: 'none' }>;

/** One line: where it faulted and why, with the status registers decoded. */
export function describeFault(f: DeviceFault): string {
  if (f.arch === 'riscv') {
    return `PC ${hex(f.mepc)}, mcause ${f.mcause >>> 0} (${mcauseName(f.mcause)}), mtval ${hex(f.mtval)}`;
  }
  const cfsr = cfsrNames(f.cfsr);
  const hfsr = hfsrNames(f.hfsr);
  const addresses = [
    ...(cfsr.includes('MMARVALID') ? [`MMFAR ${hex(f.mmfar)}`] : []),
    ...(cfsr.includes('BFARVALID') ? [`BFAR ${hex(f.bfar)}`] : []),
  ];
  return [
    `PC ${hex(f.pc)}, LR ${hex(f.lr)}, xPSR ${hex(f.xpsr)}`,
    `CFSR ${hex(f.cfsr)}${cfsr.length === 0 ? '' : ` (${cfsr.join(', ')})`}`,
    `HFSR ${hex(f.hfsr)}${hfsr.length === 0 ? '' : ` (${hfsr.join(', ')})`}`,
    ...addresses,
  ].join(', ');
}

/** The board faulted during a request and restarted; `fault` is the record it kept (RPC_DEVICE_FAULT). */
export class RpcDeviceFaultError extends RpcError {
  readonly fault: DeviceFault;

  constructor(fault: DeviceFault, during: string) {
    const decoded =
      fault.arch === 'arm' ? { cfsrBits: cfsrNames(fault.cfsr), hfsrBits: hfsrNames(fault.hfsr) } : { cause: mcauseName(fault.mcause) };
    super(errors.rpcDeviceFault(`${describeFault(fault)} (during ${during})`, { ...fault, ...decoded, during }));
    this.name = 'RpcDeviceFaultError';
    this.fault = fault;
  }
}

#include "anvil_rpc_fault.h"

#include <stdint.h>

/* Written by the handler only: RAM that happens to hold it at power-on is 1 in 2^32. */
#define ANVIL_RPC_FAULT_MAGIC 0xFA17C0DEu

typedef struct {
  uint32_t magic;
  anvil_rpc_fault_t fault;
} anvil_rpc_fault_slot_t;

static anvil_rpc_fault_slot_t anvil_rpc_fault_slot __attribute__((section(".noinit")));

anvil_rpc_fault_t *anvil_rpc_fault_record(void) {
  anvil_rpc_fault_slot_t *s = &anvil_rpc_fault_slot;
  uint32_t arch = s->fault.arch;
  if (s->magic != ANVIL_RPC_FAULT_MAGIC || (arch != ANVIL_RPC_ARCH_ARM && arch != ANVIL_RPC_ARCH_RISCV)) {
    uint32_t i;
    s->fault.arch = ANVIL_RPC_ARCH_NONE;
    for (i = 0u; i < 7u; ++i) s->fault.regs[i] = 0u;
    s->magic = ANVIL_RPC_FAULT_MAGIC;
  }
  return &s->fault;
}

#if defined(__riscv)

void _start(void);
void anvil_trap(void);
void anvil_rpc_trap_record(void) __attribute__((noreturn, used));
extern uint32_t __StackTop[];

/*
 * Replaces the board's weak handler. The faulting code's sp may be what faulted, so the record
 * is written on a fresh stack at the top; _start sets its own again.
 */
__attribute__((naked, aligned(4))) void anvil_trap(void) {
  __asm__ volatile(
      "la sp, __StackTop\n"
      "j anvil_rpc_trap_record\n");
}

#define ANVIL_RPC_CSR_READ(name, out) \
  __asm__ volatile(".option push\n.option arch, +zicsr\ncsrr %0, " name "\n.option pop\n" : "=r"(out))

void anvil_rpc_trap_record(void) {
  anvil_rpc_fault_slot_t *s = &anvil_rpc_fault_slot;
  uint32_t mepc;
  uint32_t mcause;
  uint32_t mtval;
  ANVIL_RPC_CSR_READ("mepc", mepc);
  ANVIL_RPC_CSR_READ("mcause", mcause);
  ANVIL_RPC_CSR_READ("mtval", mtval);
  s->fault.regs[0] = mepc;
  s->fault.regs[1] = mcause;
  s->fault.regs[2] = mtval;
  s->fault.arch = ANVIL_RPC_ARCH_RISCV;
  s->magic = ANVIL_RPC_FAULT_MAGIC;
  /* RISC-V keeps no sticky fault status. Back to the entry in machine mode (MPP = 3). */
  __asm__ volatile(
      ".option push\n"
      ".option arch, +zicsr\n"
      "csrw mepc, %0\n"
      "li t0, 0x1800\n"
      "csrs mstatus, t0\n"
      "mret\n"
      ".option pop\n"
      :
      : "r"((uint32_t)(uintptr_t)&_start)
      : "t0", "memory");
  __builtin_unreachable();
}

#else

void Reset_Handler(void);
void Fault_Handler(void);
void anvil_rpc_fault_arm(const uint32_t *frame, uint32_t exc_return) __attribute__((noreturn, used));
extern uint32_t __StackTop[];

#define ANVIL_SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define ANVIL_SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define ANVIL_SCB_MMFAR (*(volatile uint32_t *)0xE000ED34u)
#define ANVIL_SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)
#define ANVIL_FPCCR (*(volatile uint32_t *)0xE000EF34u)
#define ANVIL_FPCCR_LSPACT 1u
/* EXC_RETURN bits: 4 basic frame (no FP state), 3 return to Thread mode, 2 use PSP. */
#define ANVIL_EXC_RETURN_BASIC_FRAME (1u << 4)
#define ANVIL_EXC_RETURN_THREAD (1u << 3)
#define ANVIL_EXC_RETURN_PSP (1u << 2)
#define ANVIL_XPSR_THUMB (1u << 24)

/* Replaces the board's weak handler: the frame is on the stack EXC_RETURN bit 2 names. */
__attribute__((naked)) void Fault_Handler(void) {
  __asm__ volatile(
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "mov r1, lr\n"
      "b anvil_rpc_fault_arm\n");
}

void anvil_rpc_fault_arm(const uint32_t *frame, uint32_t exc_return) {
  anvil_rpc_fault_slot_t *s = &anvil_rpc_fault_slot;
  uint32_t *top;
  uint32_t cfsr = ANVIL_SCB_CFSR;
  uint32_t hfsr = ANVIL_SCB_HFSR;
  /* Stacked frame: r0, r1, r2, r3, r12, lr, pc, xPSR. */
  s->fault.regs[0] = frame[6];
  s->fault.regs[1] = frame[5];
  s->fault.regs[2] = frame[7];
  s->fault.regs[3] = cfsr;
  s->fault.regs[4] = hfsr;
  s->fault.regs[5] = ANVIL_SCB_MMFAR;
  s->fault.regs[6] = ANVIL_SCB_BFAR;
  s->fault.arch = ANVIL_RPC_ARCH_ARM;
  s->magic = ANVIL_RPC_FAULT_MAGIC;
  /* Both are write-one-to-clear: the next fault starts from a clean status. */
  ANVIL_SCB_CFSR = cfsr;
  ANVIL_SCB_HFSR = hfsr;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  /* A pending lazy FP save would later write registers into the stack about to be reused. */
  ANVIL_FPCCR &= ~ANVIL_FPCCR_LSPACT;
#endif
  /*
   * A fresh frame at the top of the stack whose return address is the reset handler; the
   * faulting code's frames below it are abandoned. Returning to Thread mode on MSP with a basic
   * frame keeps EXC_RETURN's security bits (Armv8-M), which on Armv7-M gives 0xFFFFFFF9.
   */
  /* Through an integer: the linker symbol marks the end of the stack, not an array to index. */
  top = (uint32_t *)((uintptr_t)__StackTop - 8u * sizeof(uint32_t));
  top[0] = 0u;
  top[1] = 0u;
  top[2] = 0u;
  top[3] = 0u;
  top[4] = 0u;
  top[5] = 0xFFFFFFFFu;
  top[6] = (uint32_t)(uintptr_t)&Reset_Handler & ~1u;
  top[7] = ANVIL_XPSR_THUMB;
  exc_return = (exc_return | ANVIL_EXC_RETURN_BASIC_FRAME | ANVIL_EXC_RETURN_THREAD) & ~ANVIL_EXC_RETURN_PSP;
  __asm__ volatile(
      "msr msp, %0\n"
      "isb\n"
      "bx %1\n"
      :
      : "r"(top), "r"(exc_return)
      : "memory");
  __builtin_unreachable();
}

#endif

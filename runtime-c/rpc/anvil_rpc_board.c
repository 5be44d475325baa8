#include "anvil_rpc_board.h"

#define ANVIL_SYS_CLOCK 0x10

/* The last reply's bytes sit in QEMU's character backend until the host reads them. */
#define ANVIL_RPC_REBOOT_DRAIN_MS 200u

#if defined(__riscv)
/* Same trap sequence as runtime-c/boards/common/anvil_semihost.c: one aligned function. */
__attribute__((noinline, aligned(16))) static int32_t anvil_rpc_semihost(int32_t op) {
  register int32_t a0 __asm__("a0") = op;
  register int32_t a1 __asm__("a1") = 0;
  __asm__ volatile(
      ".option push\n"
      ".option norvc\n"
      ".balign 16\n"
      "slli zero, zero, 0x1f\n"
      "ebreak\n"
      "srai zero, zero, 7\n"
      ".option pop\n"
      : "+r"(a0)
      : "r"(a1)
      : "memory");
  return a0;
}
#else
static int32_t anvil_rpc_semihost(int32_t op) {
  register int32_t r0 __asm__("r0") = op;
  register int32_t r1 __asm__("r1") = 0;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
#endif

uint32_t anvil_rpc_board_clock_ms(void) { return (uint32_t)anvil_rpc_semihost(ANVIL_SYS_CLOCK) * 10u; }

void anvil_rpc_board_reboot(void) {
  uint32_t start = anvil_rpc_board_clock_ms();
  while (anvil_rpc_board_clock_ms() - start < ANVIL_RPC_REBOOT_DRAIN_MS) {
  }
#if defined(__riscv)
  /* QEMU virt's test device (sifive_test at 0x100000): 0x7777 asks for a reset. */
  *(volatile uint32_t *)0x100000u = 0x7777u;
#else
  /* AIRCR: VECTKEY with SYSRESETREQ. */
  __asm__ volatile("dsb" ::: "memory");
  *(volatile uint32_t *)0xE000ED0Cu = 0x05FA0004u;
  __asm__ volatile("dsb" ::: "memory");
#endif
  for (;;) {
  }
}

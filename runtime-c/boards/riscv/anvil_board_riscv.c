/*
 * RISC-V (RV32, machine mode, no firmware in front) startup shared by the RISC-V boards: the
 * entry point, a trap handler that reports and exits, .data and .bss set up, main called, and
 * the instruction-count mark sled. Each board supplies only its linker script.
 */
#include <stdint.h>

#include "anvil/platform.h"
#include "anvil_board.h"
#include "anvil_semihost.h"

extern uint32_t __data_load__[];
extern uint32_t __data_start__[];
extern uint32_t __data_end__[];
extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];

int main(void);
void anvil_reset(void);
void anvil_trap(void);

/*
 * The stack first, then the trap vector; and on a vector target the vector unit, which is off
 * at reset (mstatus.VS = 0) and must be on before any C runs: the compiler may use vector
 * instructions anywhere, even in the copy loops below.
 */
__attribute__((naked, section(".text.entry"))) void _start(void) {
  /* GCC 12's -march predates the Zicsr split: name the extension for these lines only. */
  __asm__ volatile(
      ".option push\n"
      ".option arch, +zicsr\n"
      "la sp, __StackTop\n"
      "la t0, anvil_trap\n"
      "csrw mtvec, t0\n"
#if defined(__riscv_vector)
      "li t0, 0x200\n"
      "csrs mstatus, t0\n"
#endif
      ".option pop\n"
      "j anvil_reset\n");
}

__attribute__((used)) void anvil_reset(void) {
  const uint32_t *src = __data_load__;
  uint32_t *dst = __data_start__;
  while (dst < __data_end__) *dst++ = *src++;
  for (dst = __bss_start__; dst < __bss_end__; ++dst) *dst = 0u;
  anvil_semihost_exit(main());
}

/*
 * Direct mode needs a 4-byte-aligned handler. Any trap here is a fault: say so and stop. Weak:
 * host-driven firmware links its own (runtime-c/rpc/anvil_rpc_fault.c), which restarts.
 */
__attribute__((weak, aligned(4), used)) void anvil_trap(void) {
  anvil_semihost_puts("anvil: trap\n");
  anvil_semihost_exit(70);
}

/*
 * ANVIL_MARK_COUNT returns, uncompressed so every entry is 4 bytes whatever the target's
 * extensions: entry id is at sled + 4 * id.
 */
__attribute__((naked, noinline, aligned(4))) void anvil_mark_sled(void) {
  __asm__ volatile(
      ".option push\n"
      ".option norvc\n"
      "jalr zero, 0(ra)\n"
      "jalr zero, 0(ra)\n"
      "jalr zero, 0(ra)\n"
      "jalr zero, 0(ra)\n"
      ".option pop\n");
}

void anvil_mark(uint32_t id) {
  void (*entry)(void) = (void (*)(void))((uintptr_t)&anvil_mark_sled + 4u * id);
  entry();
}

/* All ones once mcycle is found to advance: reads cost the same instructions on or off. */
static uint32_t anvil_counter_mask;

static uint32_t anvil_mcycle(void) {
  uint32_t c;
  __asm__ volatile(
      ".option push\n"
      ".option arch, +zicsr\n"
      "csrr %0, mcycle\n"
      ".option pop\n"
      : "=r"(c));
  return c;
}

/* mcycle exists in every machine-mode hart but may be hardwired to 0: it counts once it moves. */
uint32_t anvil_board_counter_start(void) {
  uint32_t before = anvil_mcycle();
  uint32_t i;
  for (i = 0u; i < 16u; ++i) __asm__ volatile("nop");
  if (anvil_mcycle() == before) return 0u;
  anvil_counter_mask = 0xFFFFFFFFu;
  return 1u;
}

uint32_t anvil_board_counter_read(void) { return anvil_mcycle() & anvil_counter_mask; }

#ifdef ANVIL_PROFILE
/*
 * Each tick is a mark; the host turns consecutive pairs into per-step instruction counts. The
 * value is the board's counter (0 without one), which host-driven firmware reports per step.
 */
uint32_t anvil_platform_ticks(void) {
  anvil_mark(ANVIL_MARK_TICK);
  return anvil_board_counter_read();
}
#endif

void anvil_platform_abort(anvil_status_t status) {
  (void)status;
  anvil_semihost_puts("anvil: abort\n");
  anvil_semihost_exit(71);
}

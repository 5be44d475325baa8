/*
 * Cortex-M startup shared by every board: the vector table, a reset handler that enables the
 * FPU/MVE before any code that may use it, initialises .data and .bss, and calls main, and the
 * instruction-count mark sled. Each board supplies only its linker script.
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
void Reset_Handler(void);
void Fault_Handler(void);

__attribute__((naked, noinline, aligned(4))) void anvil_mark_sled(void) {
  /* ANVIL_MARK_COUNT Thumb returns, 2 bytes each: entry id is at sled + 2 * id. */
  __asm__ volatile(
      "bx lr\n"
      "bx lr\n"
      "bx lr\n"
      "bx lr\n");
}

void anvil_mark(uint32_t id) {
  /* The function address already carries the Thumb bit; entries are 2 bytes apart. */
  void (*entry)(void) = (void (*)(void))((uintptr_t)&anvil_mark_sled + 2u * id);
  entry();
}

#define ANVIL_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define ANVIL_DEMCR_TRCENA (1u << 24)
#define ANVIL_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define ANVIL_DWT_CTRL_CYCCNTENA 1u
#define ANVIL_DWT_CTRL_NOCYCCNT (1u << 25)
#define ANVIL_DWT_CYCCNT ((volatile uint32_t *)0xE0001004u)

/* Reads go to a constant zero until the counter is found, then to CYCCNT: one load either way. */
static const volatile uint32_t anvil_counter_off = 0u;
static const volatile uint32_t *anvil_counter = &anvil_counter_off;

/*
 * DWT is optional, and QEMU's M-profile models none: there DEMCR and the DWT read 0 without a
 * fault and CYCCNT never moves. So the counter only counts as present once it has advanced.
 */
uint32_t anvil_board_counter_start(void) {
  uint32_t before;
  uint32_t i;
  ANVIL_DEMCR |= ANVIL_DEMCR_TRCENA;
  if ((ANVIL_DWT_CTRL & ANVIL_DWT_CTRL_NOCYCCNT) != 0u) return 0u;
  ANVIL_DWT_CTRL |= ANVIL_DWT_CTRL_CYCCNTENA;
  before = *ANVIL_DWT_CYCCNT;
  for (i = 0u; i < 16u; ++i) __asm__ volatile("nop");
  if (*ANVIL_DWT_CYCCNT == before) return 0u;
  anvil_counter = ANVIL_DWT_CYCCNT;
  return 1u;
}

uint32_t anvil_board_counter_read(void) { return *anvil_counter; }

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

/* Weak: host-driven firmware links its own (runtime-c/rpc/anvil_rpc_fault.c), which restarts. */
__attribute__((weak)) void Fault_Handler(void) {
  anvil_semihost_puts("anvil: hard fault\n");
  anvil_semihost_exit(70);
}

void anvil_platform_abort(anvil_status_t status) {
  (void)status;
  anvil_semihost_puts("anvil: abort\n");
  anvil_semihost_exit(71);
}

/*
 * The FPU (and MVE, which shares its enable) must be on before anything compiled with
 * hard-float or MVE runs: GCC may vectorise the copy loops below. So enable it first, in
 * assembly, then barrier.
 */
__attribute__((used)) void Reset_Handler(void) {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  __asm__ volatile(
      "ldr r0, =0xE000ED88\n"
      "ldr r1, [r0]\n"
      "orr r1, r1, #(0xF << 20)\n"
      "str r1, [r0]\n"
      "dsb\n"
      "isb\n" ::
          : "r0", "r1", "memory");
#endif
  {
    const uint32_t *src = __data_load__;
    uint32_t *dst = __data_start__;
    while (dst < __data_end__) *dst++ = *src++;
    for (dst = __bss_start__; dst < __bss_end__; ++dst) *dst = 0u;
  }
  anvil_semihost_exit(main());
}

typedef void (*anvil_vector_t)(void);

/* Initial stack pointer, reset, then every fault and interrupt to one handler that reports it. */
__attribute__((section(".vectors"), used)) const anvil_vector_t anvil_vectors[16 + 32] = {
    (anvil_vector_t)(uintptr_t)__StackTop,
    Reset_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
};

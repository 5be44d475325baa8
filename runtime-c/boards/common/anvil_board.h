/*
 * What the firmware main needs from a board: the stack bounds (for painting the stack and
 * measuring its high-water mark) and the instruction-count marks.
 */
#ifndef ANVIL_BOARD_H
#define ANVIL_BOARD_H

#include <stdint.h>

/* Defined by each board's linker script. */
extern uint32_t __StackLimit[];
extern uint32_t __StackTop[];

/*
 * Marks for the host's instruction counter: a "sled" of return instructions, one per mark id.
 * Calling entry `id` costs a few instructions and nothing else; the QEMU plugin the runner
 * loads watches these addresses and logs the executed-instruction count each time one runs.
 * On a real board the sled is harmless.
 */
#define ANVIL_MARK_INFERENCE_BEGIN 1u
#define ANVIL_MARK_INFERENCE_END 2u
#define ANVIL_MARK_TICK 3u
#define ANVIL_MARK_COUNT 4u
void anvil_mark_sled(void);
void anvil_mark(uint32_t id);

/*
 * The board's own cycle counter (Arm: DWT CYCCNT; RISC-V: mcycle), for firmware that reports
 * what a real board measured. Off until anvil_board_counter_start finds one that advances:
 * standalone firmware never starts it. Reading costs the same instructions whether it is on or
 * off, so the marks count the same in every firmware built from one model.
 */
uint32_t anvil_board_counter_start(void); /* 1: the counter advances and is on; 0: none */
uint32_t anvil_board_counter_read(void);  /* 0 while off; wraps at 2^32 */

#endif

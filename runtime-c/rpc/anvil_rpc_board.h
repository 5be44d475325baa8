/*
 * What the host-driven firmware main needs from an emulated board besides its UART: a
 * millisecond clock for the server's inter-byte timeout and a way to reboot for `reset`
 * mode 1. Both lean on QEMU: the clock is semihosting SYS_CLOCK, and the reboot is the
 * machine's reset request, which ends QEMU when it runs with -no-reboot (how the host closes
 * a session). A real board replaces this file with its own timer and reset.
 */
#ifndef ANVIL_RPC_BOARD_H
#define ANVIL_RPC_BOARD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Free-running milliseconds (10 ms steps: SYS_CLOCK counts centiseconds); wraps. */
uint32_t anvil_rpc_board_clock_ms(void);

/* Waits long enough for the last reply to leave the UART, then resets the machine. */
void anvil_rpc_board_reboot(void) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif

/*
 * Platform hooks: the only things generated code asks of the platform. Each has a weak
 * default in src/platform_default.c, so a bare build links; a board overrides what it has.
 */
#ifndef ANVIL_PLATFORM_H
#define ANVIL_PLATFORM_H

#include <stdint.h>

#include "anvil/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Monotonic tick counter for profiling (cycles, instructions or timer ticks: the board says
 * which). Pre: none. Post: successive calls never decrease modulo 2^32. Default: returns 0.
 */
uint32_t anvil_platform_ticks(void);

/*
 * Called when the runtime meets a state it cannot continue from. Pre: status != ANVIL_OK.
 * Post: does not return. Default: spins forever (there is no OS to return to).
 */
void anvil_platform_abort(anvil_status_t status);

/*
 * Optional diagnostic text sink. Pre: message is a NUL-terminated string. Default: discards.
 */
void anvil_platform_log(const char *message);

#ifdef __cplusplus
}
#endif

#endif

/*
 * Polled driver for the CMSDK APB UART (Arm Cortex-M System Design Kit), as on QEMU's
 * mps2-an38x (UART0 at 0x40004000) and mps3-an547 (UART0 at 0x49303000). 8N1, no FIFO:
 * one byte each way. The base address is a parameter so one driver serves every board.
 */
#ifndef ANVIL_UART_CMSDK_H
#define ANVIL_UART_CMSDK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ANVIL_UART_CMSDK_MPS2_UART0 0x40004000u
#define ANVIL_UART_CMSDK_MPS3_UART0 0x49303000u

/*
 * Enables TX and RX with BAUDDIV = clock_hz / baud. The device needs BAUDDIV >= 16 (QEMU
 * ignores smaller values), so a result below 16 is raised to 16.
 */
void anvil_uart_cmsdk_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);
/* Returns 1 and stores the byte if one has arrived, else 0; never waits. */
int anvil_uart_cmsdk_try_get(uintptr_t base, uint8_t *byte);
/* Waits while the transmit buffer is full, then sends. */
void anvil_uart_cmsdk_put(uintptr_t base, uint8_t byte);
void anvil_uart_cmsdk_write(uintptr_t base, const uint8_t *bytes, uint32_t count);

#ifdef __cplusplus
}
#endif

#endif

/*
 * Polled driver for a 16550-compatible UART with byte-spaced registers, as on QEMU's RISC-V
 * virt machine (at 0x10000000). QEMU needs no line setup, so init only clears the FIFO
 * state; a real 16550 also wants its divisor latch set, which init does when clock_hz is
 * not 0.
 */
#ifndef ANVIL_UART_16550_H
#define ANVIL_UART_16550_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ANVIL_UART_16550_VIRT 0x10000000u

/* 8N1 with FIFOs on; clock_hz 0 leaves the divisor as it is. */
void anvil_uart_16550_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);
/* Returns 1 and stores the byte if one has arrived, else 0; never waits. */
int anvil_uart_16550_try_get(uintptr_t base, uint8_t *byte);
/* Waits for room in the transmit holding register, then sends. */
void anvil_uart_16550_put(uintptr_t base, uint8_t byte);
void anvil_uart_16550_write(uintptr_t base, const uint8_t *bytes, uint32_t count);

#ifdef __cplusplus
}
#endif

#endif

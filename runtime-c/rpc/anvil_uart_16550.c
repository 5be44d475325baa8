#include "anvil_uart_16550.h"

#define ANVIL_16550_RBR_THR 0u /* DLL when DLAB is set */
#define ANVIL_16550_IER 1u     /* DLM when DLAB is set */
#define ANVIL_16550_FCR 2u
#define ANVIL_16550_LCR 3u
#define ANVIL_16550_LSR 5u

#define ANVIL_16550_LSR_DATA_READY 0x01u
#define ANVIL_16550_LSR_THR_EMPTY 0x20u
#define ANVIL_16550_LCR_8N1 0x03u
#define ANVIL_16550_LCR_DLAB 0x80u

static volatile uint8_t *anvil_16550_reg(uintptr_t base, uint32_t offset) { return (volatile uint8_t *)(base + offset); }

void anvil_uart_16550_init(uintptr_t base, uint32_t clock_hz, uint32_t baud) {
  /* Polled: interrupts stay off. */
  *anvil_16550_reg(base, ANVIL_16550_IER) = 0u;
  if (clock_hz != 0u && baud != 0u) {
    uint32_t div = clock_hz / (16u * baud);
    if (div == 0u) div = 1u;
    *anvil_16550_reg(base, ANVIL_16550_LCR) = ANVIL_16550_LCR_DLAB;
    *anvil_16550_reg(base, ANVIL_16550_RBR_THR) = (uint8_t)(div & 0xFFu);
    *anvil_16550_reg(base, ANVIL_16550_IER) = (uint8_t)((div >> 8) & 0xFFu);
  }
  *anvil_16550_reg(base, ANVIL_16550_LCR) = ANVIL_16550_LCR_8N1;
  /* Enable and clear both FIFOs. */
  *anvil_16550_reg(base, ANVIL_16550_FCR) = 0x07u;
}

int anvil_uart_16550_try_get(uintptr_t base, uint8_t *byte) {
  if ((*anvil_16550_reg(base, ANVIL_16550_LSR) & ANVIL_16550_LSR_DATA_READY) == 0u) return 0;
  *byte = *anvil_16550_reg(base, ANVIL_16550_RBR_THR);
  return 1;
}

void anvil_uart_16550_put(uintptr_t base, uint8_t byte) {
  while ((*anvil_16550_reg(base, ANVIL_16550_LSR) & ANVIL_16550_LSR_THR_EMPTY) == 0u) {
  }
  *anvil_16550_reg(base, ANVIL_16550_RBR_THR) = byte;
}

void anvil_uart_16550_write(uintptr_t base, const uint8_t *bytes, uint32_t count) {
  uint32_t i;
  for (i = 0u; i < count; ++i) anvil_uart_16550_put(base, bytes[i]);
}

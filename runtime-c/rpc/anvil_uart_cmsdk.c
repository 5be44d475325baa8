#include "anvil_uart_cmsdk.h"

#define ANVIL_CMSDK_DATA 0x00u
#define ANVIL_CMSDK_STATE 0x04u
#define ANVIL_CMSDK_CTRL 0x08u
#define ANVIL_CMSDK_BAUDDIV 0x10u

#define ANVIL_CMSDK_STATE_TX_FULL 0x1u
#define ANVIL_CMSDK_STATE_RX_FULL 0x2u
#define ANVIL_CMSDK_CTRL_TX_EN 0x1u
#define ANVIL_CMSDK_CTRL_RX_EN 0x2u

static volatile uint32_t *anvil_cmsdk_reg(uintptr_t base, uint32_t offset) {
  return (volatile uint32_t *)(base + offset);
}

void anvil_uart_cmsdk_init(uintptr_t base, uint32_t clock_hz, uint32_t baud) {
  uint32_t div = baud == 0u ? 16u : clock_hz / baud;
  if (div < 16u) div = 16u;
  /* Divider first: enabling TX with an unset divider is a programming error on this UART. */
  *anvil_cmsdk_reg(base, ANVIL_CMSDK_BAUDDIV) = div;
  *anvil_cmsdk_reg(base, ANVIL_CMSDK_CTRL) = ANVIL_CMSDK_CTRL_TX_EN | ANVIL_CMSDK_CTRL_RX_EN;
}

int anvil_uart_cmsdk_try_get(uintptr_t base, uint8_t *byte) {
  if ((*anvil_cmsdk_reg(base, ANVIL_CMSDK_STATE) & ANVIL_CMSDK_STATE_RX_FULL) == 0u) return 0;
  /* Reading DATA clears RX_FULL. */
  *byte = (uint8_t)(*anvil_cmsdk_reg(base, ANVIL_CMSDK_DATA) & 0xFFu);
  return 1;
}

void anvil_uart_cmsdk_put(uintptr_t base, uint8_t byte) {
  while ((*anvil_cmsdk_reg(base, ANVIL_CMSDK_STATE) & ANVIL_CMSDK_STATE_TX_FULL) != 0u) {
  }
  *anvil_cmsdk_reg(base, ANVIL_CMSDK_DATA) = byte;
}

void anvil_uart_cmsdk_write(uintptr_t base, const uint8_t *bytes, uint32_t count) {
  uint32_t i;
  for (i = 0u; i < count; ++i) anvil_uart_cmsdk_put(base, bytes[i]);
}

#include "anvil_rpc_crc32.h"

/*
 * A 16-entry table, one nibble at a time: 64 bytes of flash instead of 1 KiB, and a frame is
 * at most a few hundred bytes, so the extra loop turn costs little.
 */
static const uint32_t anvil_rpc_crc32_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t anvil_rpc_crc32_update(uint32_t state, const uint8_t *bytes, uint32_t count) {
  uint32_t i;
  for (i = 0u; i < count; ++i) {
    state ^= bytes[i];
    state = (state >> 4) ^ anvil_rpc_crc32_nibble[state & 0x0Fu];
    state = (state >> 4) ^ anvil_rpc_crc32_nibble[state & 0x0Fu];
  }
  return state;
}

uint32_t anvil_rpc_crc32_final(uint32_t state) { return state ^ 0xFFFFFFFFu; }

uint32_t anvil_rpc_crc32(const uint8_t *bytes, uint32_t count) {
  return anvil_rpc_crc32_final(anvil_rpc_crc32_update(ANVIL_RPC_CRC32_INIT, bytes, count));
}

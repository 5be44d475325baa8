/* CRC-32 (IEEE 802.3: reflected 0xEDB88320, init and final XOR 0xFFFFFFFF) for RPC frames. */
#ifndef ANVIL_RPC_CRC32_H
#define ANVIL_RPC_CRC32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Start a CRC with ANVIL_RPC_CRC32_INIT, feed bytes with _update, finish with _final. */
#define ANVIL_RPC_CRC32_INIT 0xFFFFFFFFu
uint32_t anvil_rpc_crc32_update(uint32_t state, const uint8_t *bytes, uint32_t count);
uint32_t anvil_rpc_crc32_final(uint32_t state);
/* The CRC of one buffer. */
uint32_t anvil_rpc_crc32(const uint8_t *bytes, uint32_t count);

#ifdef __cplusplus
}
#endif

#endif

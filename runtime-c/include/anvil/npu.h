/*
 * The NPU driver: runs one compiled region (a command stream plus its encoded weights) on the
 * Ethos-U style NPU. On machines without one, runtime-c/npu is the device: a simulator that
 * decodes the stream, decompresses the weights, computes bit-exactly as TFLite Micro does and
 * counts cycles with the compiler's own cost model.
 */
#ifndef ANVIL_NPU_H
#define ANVIL_NPU_H

#include <stdint.h>

#include "anvil/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Driver failures: the stream or the memory it was given is unusable. Nothing is written
 * outside the regions, whatever the stream says. */
#define ANVIL_ERR_NPU_STREAM ANVIL_STATUS(ANVIL_CAT_RUNTIME, 0x10)  /* malformed command stream */
#define ANVIL_ERR_NPU_BOUNDS ANVIL_STATUS(ANVIL_CAT_RUNTIME, 0x11)  /* an access leaves its region */
#define ANVIL_ERR_NPU_WEIGHTS ANVIL_STATUS(ANVIL_CAT_RUNTIME, 0x12) /* corrupt weight stream */
#define ANVIL_ERR_NPU_CONFIG ANVIL_STATUS(ANVIL_CAT_RUNTIME, 0x13)  /* configuration this NPU lacks */
#define ANVIL_ERR_NPU_ARGUMENT ANVIL_STATUS(ANVIL_CAT_ARGUMENT, 0x10)

/* One memory region the stream addresses by number: 0 weights, 1 scratch, then the inputs and
 * outputs of the region in order. A read-only region (flash, inputs) is never written. */
typedef struct {
  uint8_t *base;
  uint32_t size;
  uint32_t writable;
} anvil_npu_region_t;

/* Base-pointer registers of the hardware (BASEP0..7): a stream addresses at most this many regions. */
#define ANVIL_NPU_REGIONS_MAX 8u

/* What one invocation did, counted by the device. */
typedef struct {
  uint64_t cycles;
  uint64_t macs;
  uint64_t bytes_read;
  uint64_t bytes_written;
  uint32_t ops;
  uint32_t blocks;
} anvil_npu_counters_t;

/*
 * Runs a command stream to its STOP command. Pre: cmd holds cmd_words words; regions holds
 * region_count (at most ANVIL_NPU_REGIONS_MAX) descriptors; counters may be NULL. Post: ANVIL_OK and the outputs written, or an
 * ANVIL_ERR_NPU_* status (then outputs may be partly written, nothing outside the regions).
 * Not reentrant: like the silicon it stands for, there is one device and one internal buffer.
 */
anvil_status_t anvil_npu_invoke(const uint32_t *cmd, uint32_t cmd_words, const anvil_npu_region_t *regions, uint32_t region_count,
                                anvil_npu_counters_t *counters);

#ifdef __cplusplus
}
#endif

#endif

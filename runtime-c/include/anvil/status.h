/* Anvil runtime status codes. A status is (category << 8) | code; 0 is success. */
#ifndef ANVIL_STATUS_H
#define ANVIL_STATUS_H

#include <stdint.h>

typedef int32_t anvil_status_t;

#define ANVIL_STATUS(category, code) ((anvil_status_t)(((category) << 8) | (code)))

/* Categories. */
#define ANVIL_CAT_OK 0
#define ANVIL_CAT_ARGUMENT 1 /* the caller passed something unusable */
#define ANVIL_CAT_RUNTIME 2  /* a kernel or driver failed */
#define ANVIL_CAT_PLATFORM 3 /* a platform hook failed */

#define ANVIL_OK ANVIL_STATUS(ANVIL_CAT_OK, 0)
#define ANVIL_ERR_NULL_POINTER ANVIL_STATUS(ANVIL_CAT_ARGUMENT, 1)
#define ANVIL_ERR_ARENA_MISALIGNED ANVIL_STATUS(ANVIL_CAT_ARGUMENT, 2)
#define ANVIL_ERR_ARENA_TOO_SMALL ANVIL_STATUS(ANVIL_CAT_ARGUMENT, 3)
#define ANVIL_ERR_KERNEL ANVIL_STATUS(ANVIL_CAT_RUNTIME, 1)
/* A kernel needs more workspace than the compiler planned for it (a compiler bug). */
#define ANVIL_ERR_WORKSPACE_TOO_SMALL ANVIL_STATUS(ANVIL_CAT_RUNTIME, 2)

#endif

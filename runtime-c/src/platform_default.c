/* Weak defaults for the platform hooks; see anvil/platform.h for the contracts. */
#include "anvil/compiler.h"
#include "anvil/platform.h"

ANVIL_WEAK uint32_t anvil_platform_ticks(void) { return 0u; }

ANVIL_WEAK void anvil_platform_abort(anvil_status_t status) {
  (void)status;
  for (;;) {
  }
}

ANVIL_WEAK void anvil_platform_log(const char *message) { (void)message; }

/*
 * Semihosting: the operation and its argument block in the first two argument registers, then
 * the architecture's trap. M-profile: BKPT 0xAB with r0, r1. RISC-V: EBREAK between the two
 * marker instructions `slli zero, zero, 0x1f` and `srai zero, zero, 7`, all three uncompressed
 * and within one page, with a0, a1.
 */
#include "anvil_semihost.h"

#include <string.h>

enum {
  SYS_OPEN = 0x01,
  SYS_CLOSE = 0x02,
  SYS_WRITE0 = 0x04,
  SYS_WRITE = 0x05,
  SYS_READ = 0x06,
  SYS_GET_CMDLINE = 0x15,
  SYS_EXIT_EXTENDED = 0x20
};

#if defined(__riscv)
/* Its own aligned function, so the three instructions never straddle a page. */
__attribute__((noinline, aligned(16))) static int32_t semihost_call(int32_t op, const void *arg) {
  register int32_t a0 __asm__("a0") = op;
  register const void *a1 __asm__("a1") = arg;
  __asm__ volatile(
      ".option push\n"
      ".option norvc\n"
      ".balign 16\n"
      "slli zero, zero, 0x1f\n"
      "ebreak\n"
      "srai zero, zero, 7\n"
      ".option pop\n"
      : "+r"(a0)
      : "r"(a1)
      : "memory");
  return a0;
}
#else
static int32_t semihost_call(int32_t op, const void *arg) {
  register int32_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
#endif

void anvil_semihost_puts(const char *text) { (void)semihost_call(SYS_WRITE0, text); }

int32_t anvil_semihost_open(const char *path, const char *mode) {
  /* Mode numbers index ISO C fopen modes: 1 is "rb", 5 is "wb". */
  const uint32_t block[3] = {(uint32_t)(uintptr_t)path, strcmp(mode, "wb") == 0 ? 5u : 1u, (uint32_t)strlen(path)};
  return semihost_call(SYS_OPEN, block);
}

int anvil_semihost_read(int32_t handle, void *buffer, size_t bytes) {
  const uint32_t block[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buffer, (uint32_t)bytes};
  /* Returns the number of bytes NOT read. */
  return semihost_call(SYS_READ, block) == 0 ? 0 : -1;
}

int anvil_semihost_write(int32_t handle, const void *buffer, size_t bytes) {
  const uint32_t block[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buffer, (uint32_t)bytes};
  return semihost_call(SYS_WRITE, block) == 0 ? 0 : -1;
}

void anvil_semihost_close(int32_t handle) {
  const uint32_t block[1] = {(uint32_t)handle};
  (void)semihost_call(SYS_CLOSE, block);
}

int anvil_semihost_cmdline(char *buffer, size_t bytes) {
  uint32_t block[2] = {(uint32_t)(uintptr_t)buffer, (uint32_t)bytes};
  return semihost_call(SYS_GET_CMDLINE, block) == 0 ? 0 : -1;
}

void anvil_semihost_exit(int code) {
  /* 0x20026 is ADP_Stopped_ApplicationExit; the second word is the exit status. */
  const uint32_t block[2] = {0x20026u, (uint32_t)code};
  (void)semihost_call(SYS_EXIT_EXTENDED, block);
  for (;;) {
  }
}

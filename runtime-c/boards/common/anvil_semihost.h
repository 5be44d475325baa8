/*
 * Semihosting calls (Arm and RISC-V) used by the standalone firmware on emulated boards: console text,
 * host file I/O, the command line and the exit status. The model library never includes this;
 * only the firmware main and the board code do.
 */
#ifndef ANVIL_SEMIHOST_H
#define ANVIL_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

/* Writes a NUL-terminated string to the host console (SYS_WRITE0). */
void anvil_semihost_puts(const char *text);

/* Opens a host file; mode is "rb" or "wb". Returns a handle >= 0, or -1. */
int32_t anvil_semihost_open(const char *path, const char *mode);

/* Reads exactly `bytes` bytes. Returns 0 on success, -1 on a short read. */
int anvil_semihost_read(int32_t handle, void *buffer, size_t bytes);

/* Writes exactly `bytes` bytes. Returns 0 on success, -1 otherwise. */
int anvil_semihost_write(int32_t handle, const void *buffer, size_t bytes);

void anvil_semihost_close(int32_t handle);

/* Copies the command line QEMU was given (-semihosting-config arg=…) into buffer; -1 on error. */
int anvil_semihost_cmdline(char *buffer, size_t bytes);

/* Ends the emulation with this exit status (SYS_EXIT_EXTENDED passes any code through). */
void anvil_semihost_exit(int code) __attribute__((noreturn));

#endif

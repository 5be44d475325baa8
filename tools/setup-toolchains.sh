#!/usr/bin/env bash
# Installs, only when missing, what building and running generated code needs:
#   host: gcc, make, cmake (host builds, the Makefile and CMake checks, the QEMU counting plugin)
#   arm:  arm-none-eabi-gcc + newlib (Cortex-M firmware) and qemu-system-arm (the emulated boards)
#   riscv: riscv64-unknown-elf-gcc + picolibc (RV32 firmware), clang-19 (RVV intrinsics for the
#          Zve32x target; GCC 12 has none) and qemu-system-riscv32 (from qemu-system-misc)
#   browser: Debian's chromium (the headless check that `plan --html` pages render)
# Usage: tools/setup-toolchains.sh [host|arm|riscv|browser|all]   (default: all)
# Idempotent and quiet when everything is present. Uses apt-get as root, or `sudo -n` (never
# prompts, so it cannot hang a script); it fails when it cannot install.
set -euo pipefail
group="${1:-all}"
need=()
if [ "$group" = host ] || [ "$group" = all ]; then
  command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
  command -v make >/dev/null 2>&1 || need+=(make)
  command -v cmake >/dev/null 2>&1 || need+=(cmake)
fi
if [ "$group" = arm ] || [ "$group" = all ]; then
  command -v arm-none-eabi-gcc >/dev/null 2>&1 || need+=(gcc-arm-none-eabi)
  # newlib's rdimon (semihosting) specs come from libnewlib-arm-none-eabi, not from the compiler package.
  if ! command -v arm-none-eabi-gcc >/dev/null 2>&1 || [ ! -f "$(arm-none-eabi-gcc -print-file-name=rdimon.specs 2>/dev/null)" ]; then
    need+=(libnewlib-arm-none-eabi)
  fi
  command -v qemu-system-arm >/dev/null 2>&1 || need+=(qemu-system-arm)
  command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
fi
if [ "$group" = riscv ] || [ "$group" = all ]; then
  command -v riscv64-unknown-elf-gcc >/dev/null 2>&1 || need+=(gcc-riscv64-unknown-elf)
  [ -f /usr/lib/picolibc/riscv64-unknown-elf/include/stdio.h ] || need+=(picolibc-riscv64-unknown-elf)
  command -v clang-19 >/dev/null 2>&1 || need+=(clang-19)
  command -v qemu-system-riscv32 >/dev/null 2>&1 || need+=(qemu-system-misc)
  command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
fi
if [ "$group" = browser ] || [ "$group" = all ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "setup-toolchains: installing ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

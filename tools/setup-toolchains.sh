#!/usr/bin/env bash
# Installs the cross toolchains and emulators the device tests need, only when missing:
# arm-none-eabi-gcc + newlib (Cortex-M firmware) and qemu-system-arm (the emulated boards).
# Idempotent and quiet when everything is present, so tools/test.sh can call it on every CI run.
set -euo pipefail
need=()
command -v arm-none-eabi-gcc >/dev/null 2>&1 || need+=(gcc-arm-none-eabi)
# newlib's rdimon (semihosting) specs come from libnewlib-arm-none-eabi, not from the compiler package.
if ! command -v arm-none-eabi-gcc >/dev/null 2>&1 || [ ! -f "$(arm-none-eabi-gcc -print-file-name=rdimon.specs 2>/dev/null)" ]; then
  need+=(libnewlib-arm-none-eabi)
fi
command -v qemu-system-arm >/dev/null 2>&1 || need+=(qemu-system-arm)
# The instruction-counting TCG plugin is built with the host's gcc.
command -v gcc >/dev/null 2>&1 || need+=(gcc)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "setup-toolchains: installing ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

/*
 * The fault record of host-driven firmware (PROTOCOL.md 3.7): a HardFault (Arm) or trap
 * (RISC-V) handler that writes the registers into RAM startup leaves alone (.noinit), clears
 * the sticky fault status and starts the firmware again from its entry, without a machine
 * reset (under QEMU -no-reboot a reset would end the session). Linked only into host-driven
 * builds: it overrides the board's weak handler, which reports over semihosting and exits.
 */
#ifndef ANVIL_RPC_FAULT_H
#define ANVIL_RPC_FAULT_H

#include "anvil_rpc_server.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The record, for anvil_rpc_model_t.fault. Call once at startup, before anything reads it: RAM
 * that no handler wrote (power-on garbage) is turned into "no record" here.
 */
anvil_rpc_fault_t *anvil_rpc_fault_record(void);

#ifdef __cplusplus
}
#endif

#endif

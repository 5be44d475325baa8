import { RunnerToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { qemuRunner } from './qemu-runner.js';

export { ARM_FAMILY, BOARDS, RISCV_FAMILY, boardFor } from './boards.js';
export type { BoardFamily } from './boards.js';
export type { Board } from './boards.js';
export { buildFirmware, buildFirmwareAsync, BOARDS_DIR } from './build-firmware.js';
export type { Firmware, FirmwareRequest } from './build-firmware.js';
export { firmwareMain } from './firmware-main.js';
export { firmwareMultiMain } from './firmware-multi-main.js';
export type { MainModel } from './firmware-multi-main.js';
export { insnPluginPath, INSN_PLUGIN_SOURCE } from './insn-plugin.js';
export { launchQemu, qemuSteps } from './qemu-launcher.js';
export type { Mark, QemuLaunch, QemuResult } from './qemu-launcher.js';
export { runFirmware, runFirmwareAsync, stepCosts } from './run-firmware.js';
export type { FirmwareRun } from './run-firmware.js';
export { qemuRunner, footprintOf, callSteps } from './qemu-runner.js';
export { ARM_TOOLS, RISCV_TOOLS, hasTool, qemuToolchain, qemuToolchainMissing, runToolSteps, runToolStepsAsync } from './tools.js';
export type { ToolCommand, ToolResult, ToolSteps, ToolchainAvailability } from './tools.js';

/** Registers the QEMU runner (emulated Cortex-M boards), like any plugin would. */
export const plugin: AnvilPlugin = {
  name: '@anvil/host',
  version: '0.1.0',
  register(container) {
    container.register(RunnerToken, { useValue: qemuRunner });
  },
};
export { firmwareRpcMain, headerTensors, rpcIdHex, rpcModelId, rpcPoolBytes } from './firmware-rpc-main.js';
export type { HeaderTensor, RpcMainOptions } from './firmware-rpc-main.js';
export type { BoardUart } from './boards.js';
export { RPC_DIR } from './build-firmware.js';
export { readMarks, startQemuPty, startQemuTcp } from './qemu-pty.js';
export type { QemuExit, QemuPty, QemuPtyLaunch } from './qemu-pty.js';
export { runHostDriven } from './run-host-driven.js';
export type { HostDrivenOptions, HostDrivenRun } from './run-host-driven.js';
export { RpcClient, isRpcFailure } from './rpc/client.js';
export type { RpcClientOptions, RpcLineCounters } from './rpc/client.js';
export type { HelloReply, TensorDescriptor } from './rpc/messages.js';
export { SerialTransport } from './rpc/serial-transport.js';
export { TcpTransport } from './rpc/tcp-transport.js';
export type { TcpConnectOptions } from './rpc/tcp-transport.js';
export { openLine, parseLineAddress } from './rpc/open-transport.js';
export type { LineAddress } from './rpc/open-transport.js';
export type { ByteTransport } from './rpc/transport.js';
export { RpcError, RpcTimeoutError, isRpcError } from './rpc/errors.js';
export { RpcDeviceFaultError, cfsrNames, describeFault, mcauseName } from './rpc/fault.js';
export type { DeviceFault } from './rpc/fault.js';
export { checkOutputs, driveSets } from './drive-sets.js';
export type { DrivenSets } from './drive-sets.js';
export { runOnPort } from './run-on-port.js';
export type { PortRun, PortRunRequest } from './run-on-port.js';
export { firmwareLayout } from './firmware-layout.js';
export type { FirmwareFileRef, FirmwareLayout, FirmwareRoot, LayoutRequest } from './firmware-layout.js';
export { firmwareProject } from './project/firmware-project.js';
export { flashImage } from './project/flash-image.js';
export { qemuCommand } from './project/qemu-command.js';

import { AnvilError } from '@anvil/core';
import type { ErrorInfo } from '@anvil/core';

/**
 * A failure of the serial RPC: an AnvilError with one of the catalogued RPC_* codes (built by
 * @anvil/core's `errors.rpc*`), so the CLI prints it like any other error. Its own class so a
 * driving loop can tell line and device failures from everything else.
 */
export class RpcError extends AnvilError {
  constructor(info: ErrorInfo) {
    super(info);
    this.name = 'RpcError';
  }
}

/** No reply after every try (RPC_TIMEOUT). */
export class RpcTimeoutError extends RpcError {
  constructor(info: ErrorInfo) {
    super(info);
    this.name = 'RpcTimeoutError';
  }
}

export function isRpcError(e: unknown): e is RpcError {
  return e instanceof RpcError;
}

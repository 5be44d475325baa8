/**
 * Typed errors of the serial RPC codec. They have the shape of @anvil/core's AnvilError
 * (code, message, hint, details) but their own codes: the RPC codes are not in core's
 * catalogue yet, and core is not ours to change from here.
 */
export const RPC_ERROR_CODES = [
  'RPC_DEVICE_ERROR',
  'RPC_FRAME_BAD_COBS',
  'RPC_FRAME_BAD_CRC',
  'RPC_FRAME_BAD_LENGTH',
  'RPC_FRAME_TOO_LONG',
  'RPC_REPLY_MALFORMED',
  'RPC_REPLY_UNEXPECTED',
  'RPC_REQUEST_INVALID',
  'RPC_VERSION_MISMATCH',
] as const;

export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly hint: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RpcErrorCode, message: string, hint: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  oneLine(): string {
    return `${this.code}: ${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

export function isRpcError(e: unknown): e is RpcError {
  return e instanceof RpcError;
}

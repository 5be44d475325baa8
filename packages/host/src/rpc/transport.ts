/**
 * A byte stream to a device (a serial port, a pseudo-terminal, a pipe): what the RPC client
 * needs and no more, so a test can wrap one to corrupt or drop bytes.
 */
export interface ByteTransport {
  /** Sends the bytes; resolves when the stream has taken them all. */
  write(bytes: Uint8Array): Promise<void>;
  /** Where received bytes go, in whatever chunks they arrive; replaces any earlier receiver. */
  onData(receiver: (chunk: Uint8Array) => void): void;
  close(): Promise<void>;
}

import { createRequire } from 'node:module';
import type * as Protobuf from 'protobufjs';

let lib: typeof Protobuf | undefined;

/**
 * protobufjs, loaded on first use: it takes about 0.1 s to load, and the CLI registers every
 * importer at start-up (`anvil --help` must stay under half a second) whether or not it ever
 * reads an ONNX file. Importers are synchronous, so this is a require, not an import().
 */
export function protobufjs(): typeof Protobuf {
  lib ??= createRequire(import.meta.url)('protobufjs') as typeof Protobuf;
  return lib;
}

import type { Graph, Importer } from '@anvil/core';
import { importOnnx } from './import-onnx.js';

function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.onnx$/i, '');
}

/**
 * Claims files named `*.onnx`. An ONNX file has no magic number (it is a bare protobuf), so
 * the name is the only cheap, reliable sign; other importers keep their own formats.
 */
export class OnnxImporter implements Importer {
  readonly name = 'onnx';

  canImport(_bytes: Uint8Array, fileName: string): boolean {
    return /\.onnx$/i.test(fileName);
  }

  import(bytes: Uint8Array, fileName: string): Graph {
    return importOnnx(bytes, stem(fileName));
  }
}

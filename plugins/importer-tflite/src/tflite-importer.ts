import type { Graph, Importer, ModelOutline } from '@anvil/core';
import { importTflite } from './import-tflite.js';
import { outlineTflite } from './outline-tflite.js';
import { TFLITE_IDENTIFIER } from './read-model.js';

function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.tflite$/i, '');
}

/** Claims files whose flatbuffer identifier is TFL3, or that are named `*.tflite`. */
export class TfliteImporter implements Importer {
  readonly name = 'tflite';

  canImport(bytes: Uint8Array, fileName: string): boolean {
    const id = bytes.byteLength >= 8 ? String.fromCharCode(...bytes.subarray(4, 8)) : '';
    return id === TFLITE_IDENTIFIER || /\.tflite$/i.test(fileName);
  }

  import(bytes: Uint8Array, fileName: string): Graph {
    return importTflite(bytes, stem(fileName));
  }

  outline(bytes: Uint8Array, fileName: string): ModelOutline {
    return outlineTflite(bytes, stem(fileName));
  }
}

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importModel } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';

export function loadGraph(path: string): Graph {
  return importModel([new TfliteImporter()], new Uint8Array(readFileSync(path)), basename(path));
}

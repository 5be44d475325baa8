import { ImporterToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { TfliteImporter } from './tflite-importer.js';

export { importTflite } from './import-tflite.js';
export { TfliteImporter } from './tflite-importer.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/importer-tflite',
  version: '0.1.0',
  register(container) {
    container.register(ImporterToken, { useValue: new TfliteImporter() });
  },
};

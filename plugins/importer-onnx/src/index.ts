import { ImporterToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { OnnxImporter } from './onnx-importer.js';

export { importOnnx, importOnnxWithValues } from './import-onnx.js';
export type { FoldedModel, OnnxValueLayout } from './to-graph.js';
export { OnnxImporter } from './onnx-importer.js';
export { writeOnnxModel } from './write-model.js';
export type { OnnxAttributeSpec, OnnxModelSpec, OnnxNodeSpec, OnnxTensorSpec, OnnxValueSpec } from './write-model.js';
export { readModel as readOnnxModel } from './read-model.js';
export type { OnnxModel, OnnxNode, OnnxInitializer, OnnxValueInfo, OnnxAttribute } from './onnx-model.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/importer-onnx',
  version: '0.1.0',
  register(container) {
    container.register(ImporterToken, { useValue: new OnnxImporter() });
  },
};

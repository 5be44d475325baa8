import type { AnvilPlugin } from '@anvil/core';

export const plugin: AnvilPlugin = {
  name: '@anvil/importer-onnx',
  version: '0.1.0',
  register() {},
};

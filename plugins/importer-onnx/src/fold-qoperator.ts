import type { FoldContext } from './fold-context.js';
import { unsupported } from './fold-context.js';
import type { OnnxNode } from './onnx-model.js';

/** onnxruntime's QOperator form: integer operators carrying their scales as inputs. */
export const QOPERATOR_OPS: ReadonlySet<string> = new Set<string>([]);

export function foldQOperator(_ctx: FoldContext, n: OnnxNode): void {
  unsupported(n, 'is not supported yet', 'export the model in QDQ form');
}

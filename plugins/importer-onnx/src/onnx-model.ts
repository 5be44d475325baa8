/**
 * The parts of an ONNX model the importer uses, as plain checked values: every int64 is a
 * safe integer, every initializer's bytes agree with its dims and type. Produced by
 * read-model.ts; consumed by the QDQ folding in to-graph.ts.
 */

/** ONNX TensorProto.DataType codes that Anvil reads. */
export const ONNX_DTYPE = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT16: 5,
  INT32: 6,
  INT64: 7,
} as const;

export type OnnxDTypeCode = (typeof ONNX_DTYPE)[keyof typeof ONNX_DTYPE];

/** A constant: dims and little-endian bytes of its element type (raw_data or the typed lists). */
export interface OnnxInitializer {
  readonly name: string;
  readonly dataType: OnnxDTypeCode;
  readonly dims: readonly number[];
  readonly bytes: Uint8Array;
}

export type OnnxAttribute =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'other'; readonly type: number };

export interface OnnxNode {
  /** Position in the stored node order, for messages. */
  readonly index: number;
  readonly name: string;
  readonly opType: string;
  /** '' for the default ONNX domain ('ai.onnx' is normalised to ''). */
  readonly domain: string;
  /** '' marks an absent optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, OnnxAttribute>;
}

/** A graph input or output: its element type and static shape. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  readonly dims: readonly number[];
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly producer: string;
  /** Opset of the default domain. */
  readonly opset: number;
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, OnnxInitializer>;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

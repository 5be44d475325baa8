import type { Int64 } from '../int64.js';

/**
 * What `ModelProto` decodes to under schema/onnx-proto.ts (keepCase names). Unset
 * optional fields read as the proto2 default; repeated fields as empty arrays.
 */
export interface DecodedStringEntry {
  readonly key: string;
  readonly value: string;
}

export interface DecodedTensor {
  readonly dims: readonly Int64[];
  readonly data_type: number;
  readonly float_data: readonly number[];
  readonly int32_data: readonly number[];
  readonly string_data: readonly Uint8Array[];
  readonly int64_data: readonly Int64[];
  readonly name: string;
  readonly raw_data: Uint8Array;
  readonly double_data: readonly number[];
  readonly uint64_data: readonly Int64[];
  readonly external_data: readonly DecodedStringEntry[];
  readonly data_location: number;
}

export interface DecodedAttribute {
  readonly name: string;
  readonly f: number;
  readonly i: Int64;
  readonly s: Uint8Array;
  readonly t?: DecodedTensor | null;
  readonly floats: readonly number[];
  readonly ints: readonly Int64[];
  readonly type: number;
}

export interface DecodedNode {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly name: string;
  readonly op_type: string;
  readonly attribute: readonly DecodedAttribute[];
  readonly domain: string;
}

export interface DecodedDimension {
  readonly dim_value: Int64;
  readonly dim_param: string;
}

export interface DecodedValueInfo {
  readonly name: string;
  readonly type?: {
    readonly tensor_type?: { readonly elem_type: number; readonly shape?: { readonly dim: readonly DecodedDimension[] } | null } | null;
  } | null;
}

export interface DecodedGraph {
  readonly node: readonly DecodedNode[];
  readonly name: string;
  readonly initializer: readonly DecodedTensor[];
  readonly input: readonly DecodedValueInfo[];
  readonly output: readonly DecodedValueInfo[];
  readonly sparse_initializer: readonly Uint8Array[];
}

export interface DecodedModel {
  readonly ir_version: Int64;
  readonly producer_name: string;
  readonly producer_version: string;
  readonly graph?: DecodedGraph | null;
  readonly opset_import: readonly { readonly domain: string; readonly version: Int64 }[];
}

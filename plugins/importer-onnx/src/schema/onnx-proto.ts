import type { Root, Type } from 'protobufjs';
import { protobufjs } from './protobufjs.js';

/**
 * The subset of the ONNX protobuf schema Anvil reads, written for protobufjs. Message and
 * field numbers are facts of the ONNX file format, taken from onnx/onnx's `onnx/onnx.proto`
 * (proto2, IR version 10); everything Anvil never looks at is left out, and protobufjs skips
 * fields a schema does not declare. Two fields Anvil only needs to notice (sparse
 * initializers, subgraph attributes) are declared as `bytes`, which has the same wire
 * type as an embedded message, so their presence is seen without decoding them.
 */
const ONNX_PROTO = `
syntax = "proto2";
package onnx;

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
  repeated StringStringEntryProto external_data = 13;
  optional int32 data_location = 14;
}

message TensorShapeProto {
  message Dimension {
    optional int64 dim_value = 1;
    optional string dim_param = 2;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  optional Tensor tensor_type = 1;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message AttributeProto {
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional bytes g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated bytes graphs = 11;
  optional int32 type = 20;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
  repeated bytes sparse_initializer = 15;
}

message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
`;

let root: Root | undefined;

/**
 * The parsed schema, built on first use: parsing costs a few milliseconds, and the CLI
 * loads every importer at start-up whether or not an ONNX file is read.
 */
export function onnxRoot(): Root {
  if (root === undefined) {
    root = protobufjs().parse(ONNX_PROTO, { keepCase: true }).root;
    // Links every field to its message type, which the decode-budget walk reads.
    root.resolveAll();
  }
  return root;
}

export function modelType(): Type {
  return onnxRoot().lookupType('onnx.ModelProto');
}

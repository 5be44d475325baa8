import { modelType } from './schema/onnx-proto.js';

/**
 * Writes ONNX files with protobufjs and the importer's own schema, for tests and tools that
 * need genuine encodings (including deliberately inconsistent ones): small one-operator
 * models for an onnxruntime oracle, damaged files for the reader's checks.
 */
export interface OnnxTensorSpec {
  readonly name: string;
  /** TensorProto.DataType: 1 float, 2 uint8, 3 int8, 6 int32, 7 int64. */
  readonly dataType: number;
  readonly dims: readonly number[];
  readonly raw?: Uint8Array;
  readonly int32?: readonly number[];
  readonly float?: readonly number[];
  readonly int64?: readonly number[];
  /** Marks the data as stored in another file (data_location EXTERNAL). */
  readonly externalLocation?: string;
}

export type OnnxAttributeSpec =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly s: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] };

export interface OnnxNodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attrs?: Readonly<Record<string, OnnxAttributeSpec>>;
}

export interface OnnxValueSpec {
  readonly name: string;
  readonly elemType: number;
  /** A string is a named (dynamic) dimension. */
  readonly dims: readonly (number | string)[];
}

export interface OnnxModelSpec {
  readonly opset?: number;
  readonly irVersion?: number;
  /** Further opset imports, e.g. { domain: 'com.microsoft', version: 1 }. */
  readonly extraOpsets?: readonly { readonly domain: string; readonly version: number }[];
  readonly nodes: readonly OnnxNodeSpec[];
  readonly initializers: readonly OnnxTensorSpec[];
  readonly inputs: readonly OnnxValueSpec[];
  readonly outputs: readonly OnnxValueSpec[];
}

const ATTRIBUTE_TYPE = { f: 1, i: 2, s: 3, floats: 6, ints: 7 } as const;

function tensorObject(t: OnnxTensorSpec): Record<string, unknown> {
  const o: Record<string, unknown> = { name: t.name, data_type: t.dataType, dims: [...t.dims] };
  if (t.raw !== undefined) o['raw_data'] = t.raw;
  if (t.int32 !== undefined) o['int32_data'] = [...t.int32];
  if (t.float !== undefined) o['float_data'] = [...t.float];
  if (t.int64 !== undefined) o['int64_data'] = [...t.int64];
  if (t.externalLocation !== undefined) {
    o['data_location'] = 1;
    o['external_data'] = [{ key: 'location', value: t.externalLocation }];
  }
  return o;
}

function attributeObject(name: string, a: OnnxAttributeSpec): Record<string, unknown> {
  const [key, value] = Object.entries(a)[0] as [keyof typeof ATTRIBUTE_TYPE, unknown];
  const v = key === 's' ? new TextEncoder().encode(value as string) : value;
  return { name, type: ATTRIBUTE_TYPE[key], [key]: v };
}

function valueObject(v: OnnxValueSpec): Record<string, unknown> {
  const dim = v.dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d }));
  return { name: v.name, type: { tensor_type: { elem_type: v.elemType, shape: { dim } } } };
}

export function writeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const type = modelType();
  const model = type.fromObject({
    ir_version: spec.irVersion ?? 8,
    producer_name: 'anvil-test',
    opset_import: [{ domain: '', version: spec.opset ?? 13 }, ...(spec.extraOpsets ?? [])],
    graph: {
      name: 'main',
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `n${i}`,
        op_type: n.op,
        domain: n.domain ?? '',
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attrs ?? {}).map(([k, a]) => attributeObject(k, a)),
      })),
      initializer: spec.initializers.map(tensorObject),
      input: spec.inputs.map(valueObject),
      output: spec.outputs.map(valueObject),
    },
  });
  return type.encode(model).finish();
}

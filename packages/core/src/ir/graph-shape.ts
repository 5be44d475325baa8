/**
 * Whether a value has the structure of a Graph, field by field, before anything trusts it:
 * an importer plugin may return anything (null, a promise, a half-built object), and the
 * verifier takes the types as given. Returns what the value is instead (to follow
 * "returned …"), or undefined when the structure holds; whether its contents are
 * consistent is the verifier's question.
 */
export function graphShapeProblem(value: unknown): string | undefined {
  if (value === null || value === undefined) return `${String(value)}, not a graph`;
  if (typeof value !== 'object') return `a ${typeof value}, not a graph`;
  if (typeof (value as { then?: unknown }).then === 'function') return 'a promise; import must return the graph itself, synchronously';
  const g = value as Record<string, unknown>;
  if (typeof g['name'] !== 'string') return 'a graph without a string `name`';
  for (const key of ['tensors', 'nodes', 'inputs', 'outputs']) {
    if (!Array.isArray(g[key])) return `a graph whose \`${key}\` is not an array`;
  }
  for (const key of ['inputs', 'outputs']) {
    if (!(g[key] as unknown[]).every((id) => typeof id === 'number')) return `a graph whose \`${key}\` are not all tensor ids`;
  }
  const tensors = g['tensors'] as unknown[];
  for (let i = 0; i < tensors.length; i++) {
    const problem = tensorShapeProblem(tensors[i]);
    if (problem !== undefined) return `a graph whose tensor ${i} ${problem}`;
  }
  const nodes = g['nodes'] as unknown[];
  for (let i = 0; i < nodes.length; i++) {
    const problem = nodeShapeProblem(nodes[i]);
    if (problem !== undefined) return `a graph whose node ${i} ${problem}`;
  }
  return undefined;
}

function isNumberArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((x) => typeof x === 'number');
}

function tensorShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'is not an object';
  const t = value as Record<string, unknown>;
  if (typeof t['id'] !== 'number') return 'has no numeric `id`';
  if (typeof t['name'] !== 'string') return 'has no string `name`';
  if (typeof t['dtype'] !== 'string') return 'has no string `dtype`';
  if (!isNumberArray(t['shape'])) return 'has a `shape` that is not an array of numbers';
  if (t['data'] !== undefined && !(t['data'] instanceof Uint8Array)) return 'has `data` that is not a Uint8Array';
  const q = t['quant'];
  if (q === undefined) return undefined;
  if (typeof q !== 'object' || q === null) return 'has a `quant` that is not an object';
  const { scale, zeroPoint, axis } = q as Record<string, unknown>;
  if (!isNumberArray(scale) || !isNumberArray(zeroPoint) || typeof axis !== 'number') {
    return 'has a `quant` that is not { scale: number[], zeroPoint: number[], axis: number }';
  }
  return undefined;
}

function nodeShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'is not an object';
  const n = value as Record<string, unknown>;
  if (typeof n['id'] !== 'number') return 'has no numeric `id`';
  if (typeof n['op'] !== 'string') return 'has no string `op`';
  if (typeof n['name'] !== 'string') return 'has no string `name`';
  if (!isNumberArray(n['inputs'])) return 'has `inputs` that are not tensor ids';
  if (!isNumberArray(n['outputs'])) return 'has `outputs` that are not tensor ids';
  if (typeof n['attrs'] !== 'object' || n['attrs'] === null) return 'has no `attrs` object';
  return undefined;
}

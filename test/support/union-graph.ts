import type { Graph, Node, Tensor } from '@anvil/core';

/**
 * The disjoint union of several graphs as one model: every graph's tensors and nodes, ids
 * shifted, inputs and outputs in order. One firmware then runs every case in one boot.
 * Returns the union and, per graph, the index of its first output in the union's outputs.
 */
export function unionGraph(name: string, graphs: readonly Graph[]): { graph: Graph; firstOutput: number[] } {
  const tensors: Tensor[] = [];
  const nodes: Node[] = [];
  const inputs: number[] = [];
  const outputs: number[] = [];
  const firstOutput: number[] = [];
  for (const g of graphs) {
    const t0 = tensors.length;
    const shift = (id: number): number => (id < 0 ? id : id + t0);
    tensors.push(...g.tensors.map((t) => ({ ...t, id: t.id + t0 })));
    nodes.push(
      ...g.nodes.map((n) => ({
        ...n,
        id: nodes.length + n.id,
        name: `${g.name}/${n.name}`,
        inputs: n.inputs.map(shift),
        outputs: n.outputs.map(shift),
      })),
    );
    inputs.push(...g.inputs.map(shift));
    firstOutput.push(outputs.length);
    outputs.push(...g.outputs.map(shift));
  }
  return { graph: { name, tensors, nodes, inputs, outputs }, firstOutput };
}

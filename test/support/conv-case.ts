import { GraphBuilder } from '@anvil/testing';
import type { ConformanceGraph } from '@anvil/testing';

/**
 * One int8 CONV_2D as a conformance case, the way the Cortex-M kernel suites write them: input
 * scale 0.05 and zero point -3, symmetric weights with `scales` (one, or one per output
 * channel), output 0.2 and 5, and a bias that varies in sign across channels.
 */
export function convCase(
  title: string,
  name: string,
  seed: number,
  shapes: { readonly x: number[]; readonly w: number[]; readonly y: number[] },
  attrs: object,
  scales: number[],
): ConformanceGraph {
  const b = new GraphBuilder(seed);
  const xi = b.input(shapes.x, 0.05, -3);
  const wi = b.weights(shapes.w, scales, 0);
  const yi = b.activation(shapes.y, 0.2, 5);
  const bias = b.bias(Array.from({ length: shapes.w[0] as number }, (_, c) => ((c * 997) % 3000) - 1500));
  b.node('CONV_2D', [xi, wi, bias], [yi], attrs as never);
  return { title, graph: b.build(name, [yi]) };
}

/**
 * Whether two graphs are the same network: same layers, params, fixed weights and connections.
 * Canvas positions do not count (moving a node does not invalidate trained weights).
 */
import type { NetworkGraph } from './graph';

const keys = new WeakMap<NetworkGraph, string>();

export function networkKey(graph: NetworkGraph): string {
  let key = keys.get(graph);
  if (key === undefined) {
    key = JSON.stringify([graph.nodes.map(({ position: _position, ...rest }) => rest), graph.edges.map((e) => [e.source, e.target])]);
    keys.set(graph, key);
  }
  return key;
}

export const sameNetwork = (a: NetworkGraph, b: NetworkGraph): boolean => a === b || networkKey(a) === networkKey(b);

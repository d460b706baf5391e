import type { NetworkGraph } from './graph';

/** The graph a new window opens with: a 4-feature input and one Dense unit (a linear regressor). */
export function starterGraph(): NetworkGraph {
  return {
    nodes: [
      { id: 'input_1', type: 'InputLayer', name: 'input_1', params: { shape: [4] }, position: { x: 80, y: 60 } },
      { id: 'dense_1', type: 'Dense', name: 'dense_1', params: { units: 1, activation: 'linear' }, position: { x: 80, y: 220 } },
    ],
    edges: [{ id: 'e_input_1_dense_1', source: 'input_1', target: 'dense_1' }],
  };
}

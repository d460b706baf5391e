import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../graph/build';
import { smallResNet } from '../templates/course-networks';
import { autoLayout, DAGRE_LIMIT, fastLayered } from './layout';

describe('fastLayered (big graphs)', () => {
  const chain = (n: number) =>
    sequentialGraph(
      [32, 32, 3],
      Array.from({ length: n - 1 }, () => ({ type: 'Activation', params: { activation: 'relu' } })),
    );

  it('a chain is one straight column, top-down, one rank per layer', () => {
    const laid = fastLayered(chain(5));
    expect(new Set(laid.nodes.map((n) => n.position!.x)).size).toBe(1);
    expect(laid.nodes.map((n) => n.position!.y)).toEqual([20, 150, 280, 410, 540]);
  });

  it('branches side by side below their input, merges below both; no two layers share a place', () => {
    const laid = fastLayered(smallResNet());
    const places = laid.nodes.map((n) => `${n.position!.x},${n.position!.y}`);
    expect(new Set(places).size).toBe(places.length);
    const y = new Map(laid.nodes.map((n) => [n.id, n.position!.y]));
    for (const e of laid.edges) expect(y.get(e.target)!, `${e.source} → ${e.target}`).toBeGreaterThan(y.get(e.source)!);
  });

  it('autoLayout uses it past DAGRE_LIMIT layers', () => {
    const big = chain(DAGRE_LIMIT + 1);
    expect(autoLayout(big)).toEqual(fastLayered(big));
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { randomExercise, type Difficulty } from './exercise';

describe('randomExercise', () => {
  it('is a valid network for 10,000 seeds at every difficulty, and the same for the same seed', () => {
    const types = new Map<Difficulty, Set<string>>();
    for (const difficulty of [1, 2, 3] as const) {
      const seen = new Set<string>();
      for (let seed = 0; seed < 10_000; seed++) {
        const graph = randomExercise(seed, difficulty);
        expect(analyzeGraph(graph).ok, `seed ${seed}, difficulty ${difficulty}`).toBe(true);
        for (const n of graph.nodes) seen.add(n.type);
      }
      types.set(difficulty, seen);
    }
    expect(JSON.stringify(randomExercise(42, 2))).toBe(JSON.stringify(randomExercise(42, 2)));
    expect(JSON.stringify(randomExercise(42, 2))).not.toBe(JSON.stringify(randomExercise(43, 2)));
    expect([...types.get(1)!].sort()).not.toContain('DepthwiseConv2D');
    for (const t of ['DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'Concatenate']) expect(types.get(3)!.has(t), t).toBe(true);
  }, 120_000);

  it('mixes stride, padding and dilation from difficulty 2', () => {
    const params = Array.from({ length: 200 }, (_, s) => randomExercise(s, 2)).flatMap((g) => g.nodes.map((n) => n.params));
    expect(params.some((p) => JSON.stringify(p.strides) === '[2,2]')).toBe(true);
    expect(params.some((p) => typeof p.padding === 'number')).toBe(true);
    expect(params.some((p) => JSON.stringify(p.dilation_rate) === '[2,2]')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../graph/build';
import { homeworkNet } from '../templates/course-networks';
import { makeHomework, parseHomework, serializeHomework } from './homework-file';

describe('homework file', () => {
  it('round-trips, asks shape and params by default, and holds no answers', () => {
    const made = makeHomework(homeworkNet(), { title: 'Week 3' });
    if (!made.ok) throw new Error(made.error);
    const text = serializeHomework(made.homework);
    expect(made.homework.ask).toEqual(['output_shape', 'params']);
    expect(text).not.toContain('1168');
    expect(text).not.toContain('(None');
    expect(parseHomework(text, 'w3.cnnhomework.json')).toEqual({ ok: true, value: made.homework });
  });

  it('refuses a broken network, a foreign file, a newer version and a damaged one, saying what is wrong', () => {
    expect(makeHomework(sequentialGraph([28, 28, 1], [{ type: 'Flatten' }, { type: 'Conv2D' }])).ok).toBe(false);
    expect(parseHomework('{', 'a.json')).toMatchObject({ ok: false, error: expect.stringContaining('a.json is not valid JSON') });
    expect(parseHomework('{"format":"cnn-studio-project"}', 'p.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('is not a CNN Studio homework'),
    });
    expect(parseHomework('{"format":"cnn-studio-homework","version":9}', 'n.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('newer CNN Studio'),
    });
    const damaged = parseHomework('{"format":"cnn-studio-homework","version":1,"hints":true,"ask":["colour"],"network":{"nodes":[],"edges":[]}}', 'd.json');
    expect(damaged).toMatchObject({ ok: false, error: expect.stringMatching(/^d\.json is damaged: ask\.0/) });
  });
});

import { describe, expect, it } from 'vitest';
import { exportFileFilter } from './file-filters';

describe('exportFileFilter', () => {
  it('names the kind of each exported file, with its last extension', () => {
    expect(exportFileFilter('net.py')).toEqual({ name: 'Python script (*.py)', extensions: ['py'] });
    expect(exportFileFilter('week3.cnnhomework.json')).toEqual({ name: 'CNN Studio homework (*.json)', extensions: ['json'] });
    expect(exportFileFilter('hw-Ada.answers.csv')).toEqual({ name: 'Homework answers (CSV) (*.csv)', extensions: ['csv'] });
    expect(exportFileFilter('Small_ResNet.svg')).toEqual({ name: 'SVG picture (*.svg)', extensions: ['svg'] });
    expect(exportFileFilter('model.json').name).toMatch(/TensorFlow\.js/);
    expect(exportFileFilter('weights.npz')).toEqual({ name: '*.npz', extensions: ['npz'] });
    expect(exportFileFilter('README')).toEqual({ name: 'All files', extensions: ['*'] });
  });
});

import { describe, expect, it } from 'vitest';
import { documentBaseName, kerasModelName, safeFileStem } from './file-names';

describe('export file names', () => {
  it('strip the project extension only', () => {
    expect(documentBaseName('Fashion-MNIST CNN.cnnstudio.json')).toBe('Fashion-MNIST CNN');
    expect(documentBaseName('model.json')).toBe('model.json');
  });
  it('make a safe file stem and a Keras model name', () => {
    expect(safeFileStem('Homework: MNIST CNN.cnnstudio.json')).toBe('Homework_MNIST_CNN');
    expect(kerasModelName('Fashion-MNIST CNN.cnnstudio.json')).toBe('Fashion_MNIST_CNN');
    expect(safeFileStem('…….cnnstudio.json')).toBe('_');
    expect(kerasModelName('.cnnstudio.json')).toBe('model');
  });
});

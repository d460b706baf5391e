// The default picture of "Look inside": a test image of the network's own dataset at the Input's size.
import { describe, expect, it } from 'vitest';
import { datasetChoices } from '../data/datasets';
import { smallMnistCnn } from '../templates/course-networks';
import { chooseDefaultInput, firstInputShape, imageSourceOf } from './input-choice';

const datasets = datasetChoices();
const own = { id: 'user:cifar', kind: 'images' as const, shape: [32, 32, 3] as [number, number, number] };

describe('chooseDefaultInput', () => {
  it('the default network (28×28×1, MNIST selected) starts on MNIST test image 1', () => {
    expect(firstInputShape(smallMnistCnn())).toEqual([28, 28, 1]);
    expect(chooseDefaultInput({ inputShape: firstInputShape(smallMnistCnn()), datasets, selectedId: 'mnist' })).toEqual({
      kind: 'sample',
      datasetId: 'mnist',
      index: 0,
    });
  });

  it('the dataset the weights were trained on comes before the selected one', () => {
    expect(chooseDefaultInput({ inputShape: [28, 28, 1], datasets, selectedId: 'mnist', trainedId: 'fashion-mnist' })).toMatchObject({
      kind: 'sample',
      datasetId: 'fashion-mnist',
    });
  });

  it('the selected dataset when it fits, else another image dataset of that size', () => {
    expect(chooseDefaultInput({ inputShape: [28, 28, 1], datasets, selectedId: 'fashion-mnist' })).toMatchObject({ datasetId: 'fashion-mnist' });
    // The regression set has no images: the first 28×28 image dataset instead.
    expect(chooseDefaultInput({ inputShape: [28, 28, 1], datasets, selectedId: 'synthetic-linear' })).toMatchObject({ kind: 'sample', datasetId: 'mnist' });
  });

  it('the Sobel task shows the MNIST digits it is made of', () => {
    expect(imageSourceOf('sobel:mnist')).toBe('mnist');
    expect(chooseDefaultInput({ inputShape: [28, 28, 1], datasets, selectedId: 'sobel:mnist' })).toEqual({ kind: 'sample', datasetId: 'mnist', index: 0 });
  });

  it('gray ↔ RGB converts like training batches; a different size does not fit', () => {
    expect(chooseDefaultInput({ inputShape: [28, 28, 3], datasets, selectedId: 'mnist' })).toMatchObject({ kind: 'sample', datasetId: 'mnist' });
    expect(chooseDefaultInput({ inputShape: [32, 32, 3], datasets: [...datasets, own], selectedId: 'mnist' })).toMatchObject({
      kind: 'sample',
      datasetId: 'user:cifar',
    });
    expect(chooseDefaultInput({ inputShape: [28, 28, 2], datasets, selectedId: 'mnist' })).toMatchObject({ kind: 'photo' });
  });

  it('an Input no dataset fits starts on a photo, with the selected dataset still offered', () => {
    expect(chooseDefaultInput({ inputShape: [224, 224, 3], datasets, selectedId: 'mnist' })).toEqual({ kind: 'photo', photoId: 'camera', datasetId: 'mnist' });
    expect(chooseDefaultInput({ inputShape: [4], datasets, selectedId: 'synthetic-linear' })).toEqual({ kind: 'photo', photoId: 'camera', datasetId: null });
    expect(chooseDefaultInput({ inputShape: null, datasets, selectedId: 'mnist' })).toMatchObject({ kind: 'photo' });
  });
});

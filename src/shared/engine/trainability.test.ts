import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../graph/build';
import { fashionMnistCnn, vgg16 } from '../templates/course-networks';
import { analyzeGraph } from './analyze';
import { estimateTrainingMemory, layerTrainingProblems, trainingProblems } from './trainability';

const mnist = { name: 'MNIST', height: 28, width: 28, channels: 1, classes: 10 };
const check = (graph: ReturnType<typeof fashionMnistCnn>, extra: Partial<Parameters<typeof trainingProblems>[0]> = {}) =>
  trainingProblems({
    graph,
    analysis: analyzeGraph(graph),
    data: mnist,
    loss: 'sparseCategoricalCrossentropy',
    batchSize: 64,
    optimizer: 'adam',
    memoryLimitBytes: 2 ** 31,
    ...extra,
  });

describe('trainability', () => {
  it('accepts the Fashion-MNIST CNN', () => expect(check(fashionMnistCnn())).toEqual([]));

  it('says what is wrong with the output and the last activation', () => {
    const wrongUnits = sequentialGraph([28, 28, 1], [{ type: 'Flatten' }, { type: 'Dense', params: { units: 64, activation: 'softmax' } }]);
    expect(check(wrongUnits)).toEqual([
      'The network outputs 64 values but MNIST has 10 classes. End it with Flatten (or global pooling) and Dense(10, softmax).',
    ]);
    const noSoftmax = sequentialGraph([28, 28, 1], [{ type: 'Flatten' }, { type: 'Dense', params: { units: 10 } }]);
    expect(check(noSoftmax)).toEqual(['"dense" should use the softmax activation: crossentropy needs class probabilities.']);
  });

  it('refuses dilated convolutions and activations tfjs lacks, with alternatives', () => {
    const g = sequentialGraph(
      [28, 28, 1],
      [
        { type: 'Conv2D', params: { filters: 4, dilation_rate: [2, 2], activation: 'leaky_relu' } },
        { type: 'Flatten' },
        { type: 'Dense', params: { units: 10, activation: 'softmax' } },
      ],
    );
    expect(check(g)).toEqual([
      expect.stringContaining('uses dilation 2×2: TensorFlow.js has no gradient for dilated convolutions'),
      expect.stringContaining('uses the leaky_relu activation, which TensorFlow.js does not have. Use a LeakyReLU layer'),
    ]);
  });

  it('refuses a grouped convolution, per layer, with what to do', () => {
    const g = sequentialGraph(
      [28, 28, 2],
      [
        { type: 'Conv2D', name: 'split', params: { filters: 4, groups: 2 } },
        { type: 'Flatten' },
        { type: 'Dense', params: { units: 10, activation: 'softmax' } },
      ],
    );
    expect(check(g, { data: { ...mnist, channels: 2 } })).toEqual([
      '"split" is a grouped convolution (groups 2): TensorFlow.js has no grouped convolutions. Use groups 1 for training (it stays grouped for export), or split it into 2 convolutions joined by a Concatenate.',
    ]);
  });

  it("asks each layer's spec what tfjs cannot train with its settings: ELU with α ≠ 1", () => {
    const g = sequentialGraph(
      [28, 28, 1],
      [{ type: 'ELU', params: { alpha: 0.5 } }, { type: 'Flatten' }, { type: 'Dense', params: { units: 10, activation: 'softmax' } }],
    );
    expect(check(g)).toEqual([
      '"elu" is an ELU with α 0.5: TensorFlow.js supports only α 1. Use α 1 for training (a LeakyReLU or PReLU also has a negative slope).',
    ]);
    expect(
      check(sequentialGraph([28, 28, 1], [{ type: 'ELU' }, { type: 'Flatten' }, { type: 'Dense', params: { units: 10, activation: 'softmax' } }])),
    ).toEqual([]);
  });

  it('lists, per layer and before a run, what tfjs cannot train: missing types and settings it ignores', () => {
    const g = sequentialGraph(
      [40, 4],
      [
        { type: 'Conv1D', name: 'padded', params: { filters: 4, kernel_size: [3], padding: 1 } },
        { type: 'MaxPooling1D', name: 'cf', params: { data_format: 'channels_first' } },
        { type: 'Conv1DTranspose', name: 'up', params: { filters: 2, kernel_size: [3] } },
        { type: 'Reshape', params: { target_shape: [2, 2, -1] } },
        { type: 'Conv2DTranspose', name: 'op', params: { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: 'same', output_padding: [1, 1] } },
        { type: 'Conv2D', name: 'fine', params: { filters: 2, padding: 1 } },
      ],
    );
    expect(layerTrainingProblems(g)).toEqual([
      {
        nodeId: 'padded',
        message:
          "\"padded\" uses padding 1 (PyTorch style), which exports as a ZeroPadding1D or Cropping1D layer that TensorFlow.js lacks. Use padding 'same' or 'valid' for training.",
      },
      { nodeId: 'cf', message: expect.stringMatching(/^"cf" uses data_format "channels_first", which TensorFlow\.js's MaxPooling1D ignores/) },
      { nodeId: 'up', message: '"up" is a Conv1DTranspose layer, which TensorFlow.js cannot train. Remove it for training (it stays valid for export).' },
      {
        nodeId: 'op',
        message:
          '"op" sets output_padding 1×1, which TensorFlow.js ignores, so it would train on other sizes. Clear the output padding (or use padding \'same\') for training.',
      },
    ]);
  });

  it('refuses a network whose memory estimate is too large, and shows the estimate', () => {
    const g = vgg16();
    const a = analyzeGraph(g);
    // 138M weights × 4 B × (weights + grads + 2 Adam slots) ≈ 2.2 GB before activations.
    expect(estimateTrainingMemory(a, 1, 'adam')).toBeGreaterThan(138_357_544 * 16);
    const problems = trainingProblems({
      graph: g,
      analysis: a,
      data: { ...mnist, height: 224, width: 224, channels: 3, classes: 1000 },
      loss: 'sparseCategoricalCrossentropy',
      batchSize: 32,
      optimizer: 'adam',
      memoryLimitBytes: 1.5 * 2 ** 30,
    });
    expect(problems).toEqual([expect.stringMatching(/^Training this network needs about \d+\.\d GiB .*more than the 1\.5 GiB allowed/)]);
  });

  it('refuses each layer type its spec marks as not in TensorFlow.js', () => {
    const g = sequentialGraph([28, 28, 1], [{ type: 'RandomFlip' }, { type: 'Flatten' }, { type: 'Dense', params: { units: 10, activation: 'softmax' } }]);
    expect(check(g)).toEqual(['"random_flip" is a RandomFlip layer, which TensorFlow.js cannot train. Remove it for training (it stays valid for export).']);
  });

  it('passes on the first network error', () => {
    const g = sequentialGraph([28, 28, 1], [{ type: 'Flatten' }, { type: 'Conv2D', params: { filters: 2 } }]);
    expect(check(g)[0]).toMatch(/^Fix the network first \(layer "conv2d"\): Conv2D expects/);
  });
});

/**
 * The networks of the course and the classics, as graphs. Used by "New from template" and pinned by
 * tests to the parameter totals Keras prints for them.
 */
import { sobelHorizontal } from '../lab/kernels';
import { GraphBuilder, sequentialGraph } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';

const conv = (filters: number, kernel: number, extra: Record<string, unknown> = {}) => ({
  type: 'Conv2D',
  params: { filters, kernel_size: [kernel, kernel], ...extra } as never,
});
const same = { padding: 'same', activation: 'relu' };

/** Homework: output dimensions and parameters of every layer (32×32×3 input). */
export function homeworkNet(): NetworkGraph {
  return sequentialGraph(
    [32, 32, 3],
    [
      conv(8, 3, { strides: [2, 2], padding: 'same' }),
      conv(16, 3, { strides: [2, 2], padding: 1 }),
      { type: 'MaxPooling2D', params: { pool_size: [2, 2] } },
      { type: 'GlobalAveragePooling2D' },
    ],
  );
}

/** Homework: three stride-2 convolutions and a dense classifier on MNIST. */
export function mnistHomeworkNet(): NetworkGraph {
  return sequentialGraph(
    [28, 28, 1],
    [
      conv(16, 3, { strides: [2, 2], padding: 'same', activation: 'relu' }),
      conv(32, 3, { strides: [2, 2], padding: 'same', activation: 'relu' }),
      conv(64, 3, { strides: [2, 2], padding: 'same', activation: 'relu' }),
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ],
  );
}

/**
 * The network a new window starts with: a small CNN for 28×28×1 digits that trains to ~98 % on MNIST
 * in about a minute here (conv 16@3 → pool → conv 32@3 → pool → dense 10; 12,810 parameters).
 */
export function smallMnistCnn(): NetworkGraph {
  return sequentialGraph(
    [28, 28, 1],
    [
      conv(16, 3, { activation: 'relu' }),
      { type: 'MaxPooling2D', params: { pool_size: [2, 2] } },
      conv(32, 3, { activation: 'relu' }),
      { type: 'MaxPooling2D', params: { pool_size: [2, 2] } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ],
  );
}

/** The course's Fashion-MNIST CNN (trained with Nadam): 1,413,834 parameters. */
export function fashionMnistCnn(): NetworkGraph {
  return sequentialGraph(
    [28, 28, 1],
    [
      conv(64, 7, same),
      { type: 'MaxPooling2D', params: { pool_size: [2, 2] } },
      conv(128, 3, same),
      conv(128, 3, same),
      { type: 'MaxPooling2D', params: { pool_size: [2, 2] } },
      conv(256, 3, same),
      conv(256, 3, same),
      { type: 'MaxPooling2D', params: { pool_size: [2, 2] } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 128, activation: 'relu' } },
      { type: 'Dropout', params: { rate: 0.5 } },
      { type: 'Dense', params: { units: 64, activation: 'relu' } },
      { type: 'Dropout', params: { rate: 0.5 } },
      { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ],
  );
}

/**
 * Sobel edge detector: one 3×3 convolution (no bias) on a 512×512 grayscale image, its kernel fixed to
 * the course's horizontal Sobel values (its custom `kernel_initializer` `kernel_h_init`); `fixedKernel: false` leaves it to learn.
 */
export function sobelNet(padding: 'valid' | 'same' = 'valid', fixedKernel = true): NetworkGraph {
  const graph = sequentialGraph([512, 512, 1], [conv(1, 3, { padding, use_bias: false })]);
  if (!fixedKernel) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.type === 'Conv2D' ? { ...n, weights: { kernel: { shape: [3, 3, 1, 1], values: sobelHorizontal().flat() } } } : n)),
  };
}

/** LeNet-5 (LeCun et al. 1998) in its usual Keras form: 61,706 parameters. */
export function leNet5(): NetworkGraph {
  return sequentialGraph(
    [32, 32, 1],
    [
      conv(6, 5, { activation: 'tanh' }),
      { type: 'AveragePooling2D', params: { pool_size: [2, 2] } },
      conv(16, 5, { activation: 'tanh' }),
      { type: 'AveragePooling2D', params: { pool_size: [2, 2] } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 120, activation: 'tanh' } },
      { type: 'Dense', params: { units: 84, activation: 'tanh' } },
      { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ],
  );
}

/** AlexNet as the course draws it (227×227×3, no grouping): 62,378,344 parameters. */
export function alexNet(): NetworkGraph {
  return sequentialGraph(
    [227, 227, 3],
    [
      conv(96, 11, { strides: [4, 4], activation: 'relu' }),
      { type: 'MaxPooling2D', params: { pool_size: [3, 3], strides: [2, 2] } },
      conv(256, 5, same),
      { type: 'MaxPooling2D', params: { pool_size: [3, 3], strides: [2, 2] } },
      conv(384, 3, same),
      conv(384, 3, same),
      conv(256, 3, same),
      { type: 'MaxPooling2D', params: { pool_size: [3, 3], strides: [2, 2] } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 4096, activation: 'relu' } },
      { type: 'Dropout', params: { rate: 0.5 } },
      { type: 'Dense', params: { units: 4096, activation: 'relu' } },
      { type: 'Dropout', params: { rate: 0.5 } },
      { type: 'Dense', params: { units: 1000, activation: 'softmax' } },
    ],
  );
}

/** VGG16 (Simonyan & Zisserman), as keras.applications.VGG16: 138,357,544 parameters. */
export function vgg16(): NetworkGraph {
  const block = (filters: number, n: number) => [
    ...Array.from({ length: n }, () => conv(filters, 3, same)),
    { type: 'MaxPooling2D', params: { pool_size: [2, 2] } as never },
  ];
  return sequentialGraph(
    [224, 224, 3],
    [
      ...block(64, 2),
      ...block(128, 2),
      ...block(256, 3),
      ...block(512, 3),
      ...block(512, 3),
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 4096, activation: 'relu' } },
      { type: 'Dense', params: { units: 4096, activation: 'relu' } },
      { type: 'Dense', params: { units: 1000, activation: 'softmax' } },
    ],
  );
}

/** A small ResNet: two residual blocks with identity and 1×1-projection shortcuts. */
export function smallResNet(): NetworkGraph {
  const b = new GraphBuilder();
  const input = b.input([32, 32, 3]);
  const stem = b.add('Conv2D', { filters: 16, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, [input]);
  // Identity block
  const a1 = b.add('Conv2D', { filters: 16, kernel_size: [3, 3], padding: 'same', use_bias: false }, [stem]);
  const n1 = b.add('BatchNormalization', {}, [a1]);
  const r1 = b.add('Activation', { activation: 'relu' }, [n1]);
  const a2 = b.add('Conv2D', { filters: 16, kernel_size: [3, 3], padding: 'same', use_bias: false }, [r1]);
  const n2 = b.add('BatchNormalization', {}, [a2]);
  const sum1 = b.add('Add', {}, [n2, stem]);
  const out1 = b.add('Activation', { activation: 'relu' }, [sum1]);
  // Downsampling block with a 1×1 projection shortcut
  const c1 = b.add('Conv2D', { filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: 'same', use_bias: false }, [out1]);
  const m1 = b.add('BatchNormalization', {}, [c1]);
  const q1 = b.add('Activation', { activation: 'relu' }, [m1]);
  const c2 = b.add('Conv2D', { filters: 32, kernel_size: [3, 3], padding: 'same', use_bias: false }, [q1]);
  const m2 = b.add('BatchNormalization', {}, [c2]);
  const proj = b.add('Conv2D', { filters: 32, kernel_size: [1, 1], strides: [2, 2], padding: 'same' }, [out1]);
  const sum2 = b.add('Add', {}, [m2, proj]);
  const out2 = b.add('Activation', { activation: 'relu' }, [sum2]);
  const gap = b.add('GlobalAveragePooling2D', {}, [out2]);
  b.add('Dense', { units: 10, activation: 'softmax' }, [gap]);
  return b.graph;
}

/** An Inception-style block: 1×1, 3×3 and 5×5 branches and a pooled branch, concatenated. */
export function inceptionBlock(): NetworkGraph {
  const b = new GraphBuilder();
  const input = b.input([28, 28, 192]);
  const p1 = b.add('Conv2D', { filters: 64, kernel_size: [1, 1], padding: 'same', activation: 'relu' }, [input]);
  const r3 = b.add('Conv2D', { filters: 96, kernel_size: [1, 1], padding: 'same', activation: 'relu' }, [input]);
  const p3 = b.add('Conv2D', { filters: 128, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, [r3]);
  const r5 = b.add('Conv2D', { filters: 16, kernel_size: [1, 1], padding: 'same', activation: 'relu' }, [input]);
  const p5 = b.add('Conv2D', { filters: 32, kernel_size: [5, 5], padding: 'same', activation: 'relu' }, [r5]);
  const pool = b.add('MaxPooling2D', { pool_size: [3, 3], strides: [1, 1], padding: 'same' }, [input]);
  const pp = b.add('Conv2D', { filters: 32, kernel_size: [1, 1], padding: 'same', activation: 'relu' }, [pool]);
  b.add('Concatenate', { axis: -1 }, [p1, p3, p5, pp]);
  return b.graph;
}

/** A small 3-D CNN for volumes (a CT scan or a 16-frame clip): 16 × 64 × 64 × 1 → two classes. */
export function volumeCnn3d(): NetworkGraph {
  const conv3 = (filters: number) => ({
    type: 'Conv3D',
    params: { filters, kernel_size: [3, 3, 3], padding: 'same', activation: 'relu' } as never,
  });
  return sequentialGraph(
    [16, 64, 64, 1],
    [
      conv3(8),
      { type: 'MaxPooling3D' },
      conv3(16),
      { type: 'MaxPooling3D' },
      conv3(32),
      { type: 'GlobalAveragePooling3D' },
      { type: 'Dense', params: { units: 2, activation: 'softmax' } },
    ],
  );
}

/** A 1-D CNN for sequences (128 steps of a 3-axis accelerometer → six activities). */
export function sequenceCnn1d(): NetworkGraph {
  const conv1 = (filters: number, kernel: number) => ({ type: 'Conv1D', params: { filters, kernel_size: [kernel], activation: 'relu' } as never });
  return sequentialGraph(
    [128, 3],
    [
      conv1(32, 5),
      { type: 'MaxPooling1D' },
      conv1(64, 5),
      { type: 'MaxPooling1D' },
      conv1(64, 3),
      { type: 'GlobalAveragePooling1D' },
      { type: 'Dropout', params: { rate: 0.5 } },
      { type: 'Dense', params: { units: 6, activation: 'softmax' } },
    ],
  );
}

/**
 * A small U-Net (Ronneberger et al. 2015) as the paper builds it: 'valid' 3×3 convolutions, so each skip
 * is cropped to the decoder's size before it is concatenated; upsampling by 2 then a 2×2 convolution
 * ("up-convolution"); a 1×1 convolution to two classes per pixel. 68 × 68 × 1 → 28 × 28 × 2.
 */
export function uNet(): NetworkGraph {
  const b = new GraphBuilder();
  const conv2 = (filters: number, kernel: number, from: string, extra: Record<string, unknown> = {}) =>
    b.add('Conv2D', { filters, kernel_size: [kernel, kernel], activation: 'relu', ...extra } as never, [from]);
  const twice = (filters: number, from: string) => conv2(filters, 3, conv2(filters, 3, from));
  const input = b.input([68, 68, 1]);
  const skip1 = twice(16, input); // 64 × 64
  const skip2 = twice(32, b.add('MaxPooling2D', {}, [skip1])); // 28 × 28
  const bottom = twice(64, b.add('MaxPooling2D', {}, [skip2])); // 10 × 10
  const up = (filters: number, from: string, skip: string, crop: number) => {
    const upConv = conv2(filters, 2, b.add('UpSampling2D', {}, [from]), { padding: 'same' });
    const cropped = b.add('Cropping2D', { cropping: [crop, crop] }, [skip]);
    return twice(filters, b.add('Concatenate', {}, [cropped, upConv]));
  };
  const dec2 = up(32, bottom, skip2, 4); // skip 28 → 20
  const dec1 = up(16, dec2, skip1, 16); // skip 64 → 32
  b.add('Conv2D', { filters: 2, kernel_size: [1, 1], activation: 'softmax' }, [dec1]);
  return b.graph;
}

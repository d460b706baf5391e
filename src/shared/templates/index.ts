/** "New from template": the course's networks, the classics, and a blank canvas. */
import { sequentialGraph } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';
import {
  alexNet,
  fashionMnistCnn,
  homeworkNet,
  inceptionBlock,
  leNet5,
  mnistHomeworkNet,
  smallMnistCnn,
  smallResNet,
  sequenceCnn1d,
  sobelNet,
  uNet,
  vgg16,
  volumeCnn3d,
} from './course-networks';

export interface Template {
  slug: string;
  title: string;
  description: string;
  /** The dataset the network is meant to train on (the Train tab picks it when the template opens). */
  dataset?: string;
  build(): NetworkGraph;
}

export const TEMPLATES: readonly Template[] = [
  { slug: 'blank', title: 'Blank', description: 'An Input layer (28 × 28 × 1) and nothing else.', build: () => sequentialGraph([28, 28, 1], []) },
  {
    slug: 'mnist-cnn',
    title: 'Small MNIST CNN',
    description: 'conv 16@3 → pool → conv 32@3 → pool → dense 10 on 28×28×1: trains in about a minute.',
    dataset: 'mnist',
    build: smallMnistCnn,
  },
  {
    slug: 'homework',
    title: 'Homework: dimensions',
    description: "32×32×3 → 'same' conv 8@3 s2 → conv 16@3 s2 p1 → max pool 2 → global average pool.",
    build: homeworkNet,
  },
  {
    slug: 'mnist-homework',
    title: 'Homework: MNIST CNN',
    description: 'Three stride-2 convolutions and a dense softmax on 28×28×1.',
    dataset: 'mnist',
    build: mnistHomeworkNet,
  },
  {
    slug: 'fashion-mnist',
    title: 'Fashion-MNIST CNN',
    description: "The course's CNN: 64@7 … dense 10 (1,413,834 parameters).",
    dataset: 'fashion-mnist',
    build: fashionMnistCnn,
  },
  {
    slug: 'sobel',
    title: 'Sobel edge detector',
    description: 'One 3×3 convolution with the Sobel kernel on a 512×512 grayscale image.',
    build: () => sobelNet('valid'),
  },
  { slug: 'lenet5', title: 'LeNet-5', description: 'LeCun et al. 1998 (61,706 parameters).', build: leNet5 },
  { slug: 'alexnet', title: 'AlexNet', description: 'Krizhevsky et al. 2012 on 227×227×3.', build: alexNet },
  { slug: 'vgg16', title: 'VGG16', description: 'Simonyan & Zisserman 2014 (138,357,544 parameters).', build: vgg16 },
  { slug: 'resnet-small', title: 'Small ResNet', description: 'Residual blocks with identity and 1×1 projection shortcuts.', build: smallResNet },
  { slug: 'inception', title: 'Inception block', description: '1×1, 3×3, 5×5 and pooled branches, concatenated.', build: inceptionBlock },
  {
    slug: 'cnn-1d',
    title: '1-D CNN for sequences',
    description: '128 steps × 3 sensor axes → Conv1D and MaxPooling1D → global average pool → 6 activities.',
    build: sequenceCnn1d,
  },
  {
    slug: 'cnn-3d',
    title: 'Small 3-D CNN for volumes',
    description: '16 × 64 × 64 × 1 (a scan or a clip) → three Conv3D, two MaxPooling3D → global average pool → 2 classes.',
    build: volumeCnn3d,
  },
  {
    slug: 'unet',
    title: 'U-Net (encoder/decoder)',
    description: "68×68×1 → 'valid' convolutions down, upsampling back up, cropped skips concatenated → 28×28×2 (a class per pixel).",
    build: uNet,
  },
];

export function getTemplate(slug: string): Template | undefined {
  return TEMPLATES.find((t) => t.slug === slug);
}

/**
 * What the layer specs share for their PyTorch form (`LayerSpec.toPytorch`): Python literals, the
 * activations as modules, TF-style padding, axis mapping from Keras' channels-last to PyTorch's
 * channels-first layout, and the helper classes (Python source) for what `torch.nn` lacks. The export
 * (`src/shared/codegen/pytorch-module.ts`) emits a helper once, at the top of the file, when a layer's
 * expression names it.
 */
import { windowOutput, type PaddingSpec } from '../conventions';
import type { PytorchLayer, PytorchWeight } from '../types';

/** A Python literal for a number, boolean or string. */
export function py(value: number | boolean | string | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** A Python tuple: `(1,)`, `(3, 3)`. */
export const pyTuple = (values: readonly number[]): string => (values.length === 1 ? `(${py(values[0]!)},)` : `(${values.map(py).join(', ')})`);

/** One number when every axis agrees (`3`), else a tuple (`(3, 5)`): as `nn.Conv2d` takes sizes. */
export const pySize = (values: readonly number[]): string => (values.every((v) => v === values[0]) ? py(values[0]!) : pyTuple(values));

/** Keras activations as PyTorch modules (tf.keras 2 semantics); `null` = linear. Softmax acts on Keras' last axis, dim 1 here. */
const ACTIVATION_MODULES: Record<string, string | null> = {
  linear: null,
  relu: 'nn.ReLU()',
  relu6: 'nn.ReLU6()',
  leaky_relu: 'nn.LeakyReLU(0.2)',
  elu: 'nn.ELU()',
  selu: 'nn.SELU()',
  gelu: 'nn.GELU()',
  swish: 'nn.SiLU()',
  silu: 'nn.SiLU()',
  mish: 'nn.Mish()',
  sigmoid: 'nn.Sigmoid()',
  hard_sigmoid: 'HardSigmoid()',
  tanh: 'nn.Tanh()',
  softmax: 'nn.Softmax(dim=1)',
  softplus: 'nn.Softplus()',
  softsign: 'nn.Softsign()',
  exponential: 'Exponential()',
};

export function activationModule(name: unknown): string | null {
  const key = typeof name === 'string' ? name : 'linear';
  const module = ACTIVATION_MODULES[key];
  if (module === undefined) throw new Error(`No PyTorch form for the activation "${key}".`);
  return module;
}

/** One part of a layer's module; several parts become an `nn.Sequential`, their weights prefixed by the index. */
export interface ModulePart {
  module: string;
  weights?: PytorchWeight[];
}

/** The layer's module from its parts (nulls skipped): one part as it is, several as `nn.Sequential(…)`. */
export function assemble(parts: (ModulePart | string | null)[], extra: { merge?: boolean } = {}): PytorchLayer {
  const list = parts.filter((p): p is ModulePart | string => p !== null).map((p) => (typeof p === 'string' ? { module: p } : p));
  if (list.length === 1) return { module: list[0]!.module, weights: list[0]!.weights ?? [], ...extra };
  return {
    module: `nn.Sequential(${list.map((p) => p.module).join(', ')})`,
    weights: list.flatMap((p, i) => (p.weights ?? []).map((w) => ({ ...w, torch: `${i}.${w.torch}` }))),
    ...extra,
  };
}

/** Padding before and after per axis, as TF computes it ('same' asymmetric, 'causal' on the left, integers on both sides). */
export function padsPerAxis(sizes: number[], kernel: number[], strides: number[], dilation: number[], padding: (string | number)[]): [number, number][] {
  return sizes.map((n, i) => {
    const r = windowOutput('', n, kernel[i]!, strides[i]!, dilation[i]!, padding[i] as PaddingSpec);
    return [r.padBefore, r.padAfter];
  });
}

/** `F.pad` order (last axis first): (left, right, top, bottom) for images, (left, right) for sequences, (…, front, back) for volumes. */
export const padOrder = (pads: [number, number][]): number[] => [...pads].reverse().flat();

export const symmetric = (pads: [number, number][]) => pads.every(([a, b]) => a === b);

/** A zero-padding module for explicit (asymmetric) pads, or null when there is none. */
export function zeroPad(pads: [number, number][], value = '0.0'): string | null {
  if (pads.every(([a, b]) => a === 0 && b === 0)) return null;
  const order = pyTuple(padOrder(pads));
  if (pads.length === 2) return value === '0.0' ? `nn.ZeroPad2d(${order})` : `nn.ConstantPad2d(${order}, ${value})`;
  return `nn.ConstantPad${pads.length}d(${order}, ${value})`;
}

/** The PyTorch (channels-first, batch included) dimension of a Keras axis (batch counted, or negative) of a rank-r shape. */
export function torchDim(kerasAxis: number, rank: number): number {
  const position = kerasAxis < 0 ? rank + kerasAxis : kerasAxis - 1;
  return position === rank - 1 ? 1 : position + 2;
}

/** A Keras (channels-last) shape in PyTorch's order: the last axis (channels) first. */
export const channelsFirst = (shape: readonly number[]): number[] => (shape.length > 1 ? [shape[shape.length - 1]!, ...shape.slice(0, -1)] : [...shape]);

export const kernelWeight = (shape: number[], permute: number[], keras = 'kernel', torch = 'weight'): PytorchWeight => ({
  keras,
  torch,
  shape,
  permute,
  init: 'glorot_uniform',
});
export const biasWeight = (n: number, torch = 'bias'): PytorchWeight => ({ keras: 'bias', torch, shape: [n], init: 'zeros' });

/**
 * Helper classes and functions (Python), by name; `needs` are emitted before them. A layer uses one by
 * naming it in its expression (`KerasFlatten()`), and the export emits only those used.
 */
export const PYTORCH_HELPERS: Record<string, { needs?: string[]; code: string }> = {
  HardSigmoid: {
    code: `class HardSigmoid(nn.Module):
    """Keras 2's hard_sigmoid: clip(0.2·x + 0.5, 0, 1) (PyTorch's Hardsigmoid uses x/6 + 1/2)."""

    def forward(self, x):
        return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)`,
  },
  Exponential: {
    code: `class Exponential(nn.Module):
    """Keras' exponential activation."""

    def forward(self, x):
        return torch.exp(x)`,
  },
  KerasFlatten: {
    code: `class KerasFlatten(nn.Module):
    """Keras' Flatten: values in channels-last order (H, W, C), so the Dense weights after it match Keras'."""

    def forward(self, x):
        return (x.movedim(1, -1) if x.dim() > 2 else x).flatten(1)`,
  },
  ChannelDense: {
    code: `class ChannelDense(nn.Linear):
    """Keras' Dense on a rank-3+ input: it acts on Keras' last axis, the channels (dim 1 here)."""

    def forward(self, x):
        return super().forward(x.movedim(1, -1)).movedim(-1, 1)`,
  },
  KerasPReLU: {
    code: `class KerasPReLU(nn.Module):
    """Keras' PReLU: max(x, 0) + α·min(x, 0), α of the input's shape (channels first) with 1 along shared axes."""

    def __init__(self, *shape):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        return torch.relu(x) - self.weight * torch.relu(-x)`,
  },
  KerasReshape: {
    code: `class KerasReshape(nn.Module):
    """Keras' Reshape, in Keras' channels-last order: channels last, reshape, channels first again."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        x = x.movedim(1, -1) if x.dim() > 2 else x
        x = x.reshape(x.shape[0], *self.shape)
        return x.movedim(-1, 1) if x.dim() > 2 else x

    def extra_repr(self):
        return f"shape={self.shape} (channels last)"`,
  },
  Crop: {
    code: `class Crop(nn.Module):
    """Keras' Cropping1D/2D/3D: removes (before, after) positions on each spatial axis, in Keras' order (D, H, W)."""

    def __init__(self, *crops):
        super().__init__()
        self.crops = crops

    def forward(self, x):
        axes = [slice(before, x.shape[2 + i] - after) for i, (before, after) in enumerate(self.crops)]
        return x[(slice(None), slice(None), *axes)]

    def extra_repr(self):
        return ", ".join(str(c) for c in self.crops)`,
  },
  AvgPoolSame: {
    code: `class AvgPoolSame(nn.Module):
    """Keras' average pooling with 'same' padding: TF pads asymmetrically and leaves the padding out of each mean."""

    def __init__(self, kernel_size, stride, padding):
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding  # padding in F.pad order: last axis first
        self.pool = getattr(F, f"avg_pool{len(kernel_size)}d")

    def forward(self, x):
        ones = torch.ones_like(x[:1, :1])
        total = self.pool(F.pad(x, self.padding), self.kernel_size, self.stride)
        count = self.pool(F.pad(ones, self.padding), self.kernel_size, self.stride)
        return total / count`,
  },
  DepthMaxPool: {
    code: `class DepthMaxPool(nn.Module):
    """Max over groups of k neighbouring channels (tf.nn.max_pool with ksize (1, 1, 1, k))."""

    def __init__(self, k):
        super().__init__()
        self.k = k

    def forward(self, x):
        n, c = x.shape[:2]
        return x.reshape(n, c // self.k, self.k, *x.shape[2:]).amax(2)`,
  },
  Merge: {
    code: `def channels_last(x):
    return x.movedim(1, -1) if x.dim() > 2 else x


def channels_first(x):
    return x.movedim(-1, 1) if x.dim() > 2 else x


class Merge(nn.Module):
    """Element-wise merge of a list of inputs, broadcast as Keras does: a size of 1 repeats, and an input
    of lower rank gets new axes right after the batch axis, in Keras' channels-last order."""

    def forward(self, inputs):
        rank = max(x.dim() for x in inputs)
        if all(x.dim() == rank for x in inputs):
            return self.op(list(inputs))
        xs = []
        for x in inputs:
            x = channels_last(x)
            while x.dim() < rank:
                x = x.unsqueeze(1)
            xs.append(x)
        return channels_first(self.op(xs))`,
  },
  Add: {
    needs: ['Merge'],
    code: `class Add(Merge):
    def op(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out`,
  },
  Subtract: {
    needs: ['Merge'],
    code: `class Subtract(Merge):
    def op(self, xs):
        return xs[0] - xs[1]`,
  },
  Multiply: {
    needs: ['Merge'],
    code: `class Multiply(Merge):
    def op(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = out * x
        return out`,
  },
  Average: {
    needs: ['Merge'],
    code: `class Average(Merge):
    def op(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out / len(xs)`,
  },
  Maximum: {
    needs: ['Merge'],
    code: `class Maximum(Merge):
    def op(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = torch.maximum(out, x)
        return out`,
  },
  Minimum: {
    needs: ['Merge'],
    code: `class Minimum(Merge):
    def op(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = torch.minimum(out, x)
        return out`,
  },
  Concatenate: {
    code: `class Concatenate(nn.Module):
    """Joins a list of inputs along dim (Keras' axis, mapped to channels-first)."""

    def __init__(self, dim=1):
        super().__init__()
        self.dim = dim

    def forward(self, inputs):
        return torch.cat(list(inputs), self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"`,
  },
  KerasBatchNorm: {
    code: `class KerasBatchNorm(nn.Module):
    """BatchNormalization on any axis, with or without γ (scale) and β (center), as Keras computes it."""

    def __init__(self, num_features, dim=1, eps=1e-3, momentum=0.01, center=True, scale=True):
        super().__init__()
        self.dim, self.eps, self.momentum = dim, eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features)) if scale else None
        self.bias = nn.Parameter(torch.zeros(num_features)) if center else None
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        x = x.movedim(self.dim, 1)
        y = F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, self.training, self.momentum, self.eps)
        return y.movedim(1, self.dim)`,
  },
  KerasLayerNorm: {
    code: `class KerasLayerNorm(nn.Module):
    """Keras' LayerNormalization: each sample's mean and variance over \`dims\` (Keras' axes, channels-first here); γ and β of those dims."""

    def __init__(self, shape, dims, eps=1e-3, center=True, scale=True):
        super().__init__()
        self.dims, self.eps = dims, eps
        self.weight = nn.Parameter(torch.ones(shape)) if scale else None
        self.bias = nn.Parameter(torch.zeros(shape)) if center else None

    def forward(self, x):
        mean = x.mean(self.dims, keepdim=True)
        var = x.var(self.dims, keepdim=True, unbiased=False)
        y = (x - mean) / torch.sqrt(var + self.eps)
        view = [x.shape[d] if d in self.dims else 1 for d in range(x.dim())]
        if self.weight is not None:
            y = y * self.weight.reshape(view)
        if self.bias is not None:
            y = y + self.bias.reshape(view)
        return y`,
  },
  GaussianNoise: {
    code: `class GaussianNoise(nn.Module):
    """Keras' GaussianNoise: x + N(0, stddev²) while training; x at inference."""

    def __init__(self, stddev):
        super().__init__()
        self.stddev = stddev

    def forward(self, x):
        return x + torch.randn_like(x) * self.stddev if self.training else x`,
  },
  GaussianDropout: {
    code: `class GaussianDropout(nn.Module):
    """Keras' GaussianDropout: x · N(1, rate / (1 − rate)) while training; x at inference."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        return x * (1 + torch.randn_like(x) * math.sqrt(self.rate / (1 - self.rate)))`,
  },
  ActivityRegularization: {
    code: `class ActivityRegularization(nn.Module):
    """Keras' ActivityRegularization: passes x through and keeps l1·Σ|x| + l2·Σx² (per batch, as Keras adds it) in
    \`self.loss\` while training; add the modules' \`.loss\` to your loss to train as Keras does."""

    def __init__(self, l1=0.0, l2=0.0):
        super().__init__()
        self.l1, self.l2, self.loss = l1, l2, 0.0

    def forward(self, x):
        if self.training:
            self.loss = (self.l1 * x.abs().sum() + self.l2 * x.square().sum()) / x.shape[0]
        return x`,
  },
  KerasPermute: {
    code: `class KerasPermute(nn.Module):
    """Keras' Permute: reorders the axes after the batch (1-based, in Keras' channels-last order)."""

    def __init__(self, *dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        x = x.movedim(1, -1) if x.dim() > 2 else x
        x = x.permute(0, *self.dims)
        return x.movedim(-1, 1) if x.dim() > 2 else x`,
  },
  RepeatVector: {
    code: `class RepeatVector(nn.Module):
    """Keras' RepeatVector: (N, F) → Keras' (N, n, F), channels-first here: (N, F, n)."""

    def __init__(self, n):
        super().__init__()
        self.n = n

    def forward(self, x):
        return x.unsqueeze(2).expand(-1, -1, self.n)`,
  },
  RandomBrightness: {
    code: `class RandomBrightness(nn.Module):
    """Keras' RandomBrightness: adds a random δ·(max − min), δ in [−factor, factor], to each image while training; clipped to the value range."""

    def __init__(self, factor, low=0.0, high=255.0):
        super().__init__()
        self.factor, self.low, self.high = factor, low, high

    def forward(self, x):
        if not self.training:
            return x
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        delta = (torch.rand(shape, device=x.device) * 2 - 1) * self.factor * (self.high - self.low)
        return torch.clamp(x + delta, self.low, self.high)`,
  },
  Rescaling: {
    code: `class Rescaling(nn.Module):
    """x · scale + offset."""

    def __init__(self, scale, offset=0.0):
        super().__init__()
        self.scale, self.offset = scale, offset

    def forward(self, x):
        return x * self.scale + self.offset

    def extra_repr(self):
        return f"scale={self.scale}, offset={self.offset}"`,
  },
  smart_resize: {
    code: `def smart_resize(x, height, width):
    """Keras' smart_resize: the largest centred crop with the target's aspect ratio, resized bilinearly."""
    h, w = x.shape[-2:]
    crop_h = max(1, min(h, int(w * height / width)))
    crop_w = max(1, min(w, int(h * width / height)))
    top, left = (h - crop_h) // 2, (w - crop_w) // 2
    x = x[..., top : top + crop_h, left : left + crop_w]
    return F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False)`,
  },
  CenterCrop: {
    needs: ['smart_resize'],
    code: `class CenterCrop(nn.Module):
    """Keras' CenterCrop: the centre window; an image smaller than it is resized (smart_resize) instead."""

    def __init__(self, height, width):
        super().__init__()
        self.height, self.width = height, width

    def forward(self, x):
        h, w = x.shape[-2:]
        if h >= self.height and w >= self.width:
            top, left = (h - self.height) // 2, (w - self.width) // 2
            return x[..., top : top + self.height, left : left + self.width]
        return smart_resize(x, self.height, self.width)`,
  },
  RandomCrop: {
    needs: ['smart_resize'],
    code: `class RandomCrop(nn.Module):
    """Keras' RandomCrop: a random window while training (when the image is large enough); smart_resize otherwise."""

    def __init__(self, height, width):
        super().__init__()
        self.height, self.width = height, width

    def forward(self, x):
        h, w = x.shape[-2:]
        if self.training and h >= self.height and w >= self.width:
            top = int(torch.randint(0, h - self.height + 1, ()))
            left = int(torch.randint(0, w - self.width + 1, ()))
            return x[..., top : top + self.height, left : left + self.width]
        return smart_resize(x, self.height, self.width)`,
  },
  RandomFlip: {
    code: `class RandomFlip(nn.Module):
    """Keras' RandomFlip: mirrors each image with probability 1/2 while training; identity at inference."""

    def __init__(self, mode="horizontal_and_vertical"):
        super().__init__()
        self.mode = mode

    def forward(self, x):
        if not self.training:
            return x
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        if "horizontal" in self.mode:
            x = torch.where(torch.rand(shape, device=x.device) < 0.5, x.flip(-1), x)
        if "vertical" in self.mode:
            x = torch.where(torch.rand(shape, device=x.device) < 0.5, x.flip(-2), x)
        return x`,
  },
  RandomAffine: {
    code: `class RandomAffine(nn.Module):
    """Base of Keras' RandomRotation / RandomZoom / RandomTranslation: a random affine warp per image while
    training (bilinear, reflected borders, Keras' defaults); identity at inference."""

    def forward(self, x):
        if not self.training:
            return x
        theta = self.sample(x.shape[0]).to(x)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        return F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)

    @staticmethod
    def uniform(n, low, high):
        return torch.rand(n) * (high - low) + low`,
  },
  RandomRotation: {
    needs: ['RandomAffine'],
    code: `class RandomRotation(RandomAffine):
    """Rotates by up to ±factor·360° while training."""

    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def sample(self, n):
        angle = self.uniform(n, -self.factor, self.factor) * 2 * math.pi
        cos, sin, zero = torch.cos(angle), torch.sin(angle), torch.zeros(n)
        return torch.stack([torch.stack([cos, -sin, zero], 1), torch.stack([sin, cos, zero], 1)], 1)`,
  },
  RandomZoom: {
    needs: ['RandomAffine'],
    code: `class RandomZoom(RandomAffine):
    """Zooms in or out by up to ±height_factor (both axes alike) while training."""

    def __init__(self, height_factor):
        super().__init__()
        self.height_factor = height_factor

    def sample(self, n):
        z = 1 + self.uniform(n, -self.height_factor, self.height_factor)
        zero = torch.zeros(n)
        return torch.stack([torch.stack([z, zero, zero], 1), torch.stack([zero, z, zero], 1)], 1)`,
  },
  RandomTranslation: {
    needs: ['RandomAffine'],
    code: `class RandomTranslation(RandomAffine):
    """Shifts by up to ±height_factor of the height and ±width_factor of the width while training."""

    def __init__(self, height_factor, width_factor):
        super().__init__()
        self.height_factor, self.width_factor = height_factor, width_factor

    def sample(self, n):
        tx = self.uniform(n, -self.width_factor, self.width_factor) * 2
        ty = self.uniform(n, -self.height_factor, self.height_factor) * 2
        one, zero = torch.ones(n), torch.zeros(n)
        return torch.stack([torch.stack([one, zero, tx], 1), torch.stack([zero, one, ty], 1)], 1)`,
  },
  RandomContrast: {
    code: `class RandomContrast(nn.Module):
    """Keras' RandomContrast: (x − mean) · c + mean per image and channel, c in [1 − factor, 1 + factor], while training."""

    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        if not self.training:
            return x
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        c = 1 + (torch.rand(shape, device=x.device) * 2 - 1) * self.factor
        mean = x.mean(dim=tuple(range(2, x.dim())), keepdim=True)
        return (x - mean) * c + mean`,
  },
};

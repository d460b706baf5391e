/**
 * The PyTorch training script around the exported module: one self-contained `.py` that prints the
 * layer table (`python model.py`), compares PyTorch's predictions with the app's on the exported test
 * images (`--check`), and trains with the app's settings (`--train`) — in one process, or as many as
 * `torchrun` starts, with DistributedDataParallel. The parts come back as sections too, so a notebook
 * can put them in cells.
 *
 * What it reproduces of the app's run: the data (bundled MNIST / Fashion-MNIST or local files, pixels
 * × 1/255 or standardized, gray ↔ RGB, TF1-style bilinear resize), the held-out validation slice and
 * the per-epoch order (the app's mulberry32 shuffles, bit for bit, in one process), the optimizers as
 * tfjs / the app apply them (Nadam is the app's Keras-3 rule), the losses on probabilities (Keras'
 * normalise-and-clip, never a second softmax), early stopping with restore-best and reduce-LR-on-plateau
 * as the app decides them, and the seed.
 */
import type { TrainingOptions } from '../api/training-protocol';
import { analyzeGraph } from '../engine/analyze';
import type { NetworkGraph } from '../graph/graph';
import type { NodeTensor } from '../project/weights';
import { BUNDLED_DATASETS, isBundledDatasetId } from '../data/image-dataset';
import { encodeNpz, type NpyArray } from './npz';
import { generatePytorchModule } from './pytorch-module';

export interface ScriptSettings {
  datasetId: string;
  /** Filled options (`trainingOptionsSchema.parse`). */
  options: TrainingOptions;
  /** The dataset's classes, in the app's order (the bundled datasets' are known). */
  classNames?: string[];
  /** The app's Input shape, channels-last (H, W, C). */
  inputShape: number[];
}

export interface ScriptSection {
  title: string;
  code: string;
}

export type PytorchScript = { ok: true; code: string; sections: ScriptSection[] } | { ok: false; error: string };

/** Where the checked predictions must agree (the script exits 1 beyond it). */
export const CHECK_TOLERANCE = 1e-4;

/** A JSON-like value as a Python literal. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`)
      .join(', ')}}`;
  throw new Error(`no Python literal for ${typeof value}`);
}

/** The training script for a graph: the module generator's code and the parts around it. */
export function generatePytorchScript(graph: NetworkGraph, settings: ScriptSettings, opts: { weightsFile?: string } = {}): PytorchScript {
  const module = generatePytorchModule(graph);
  if (!module.ok) return module;
  return pytorchScriptAround(module.code, settings, opts);
}

/** The script around a module's code (`build_model`, `INPUT_SHAPES`, `LAYER_SHAPES`, `LAYER_PARAMS`, `load_keras_weights`). */
export function pytorchScriptAround(moduleCode: string, settings: ScriptSettings, opts: { weightsFile?: string } = {}): PytorchScript {
  const { options, datasetId } = settings;
  if (settings.inputShape.length === 0) return { ok: false, error: 'The network has no Input shape.' };
  const bundled = isBundledDatasetId(datasetId) ? BUNDLED_DATASETS[datasetId] : undefined;
  const classNames = settings.classNames ?? bundled?.classNames ?? null;
  if (opts.weightsFile !== undefined && !/^[^/\\:*?"<>|]+\.npz$/.test(opts.weightsFile))
    return { ok: false, error: `"${opts.weightsFile}" is not a .npz file name without a path.` };
  const config = {
    dataset: datasetId,
    dataset_name: bundled?.name ?? datasetId,
    class_names: classNames,
    input_shape: settings.inputShape,
    optimizer: options.optimizer,
    momentum: options.momentum,
    loss: options.loss,
    learning_rate: options.learningRate,
    epochs: options.epochs,
    batch_size: options.batchSize,
    validation_split: options.validationSplit,
    shuffle: options.shuffle,
    preprocessing: options.preprocessing,
    early_stopping: options.earlyStopping && {
      monitor: options.earlyStopping.monitor,
      patience: options.earlyStopping.patience,
      restore_best_weights: options.earlyStopping.restoreBestWeights,
    },
    reduce_lr_on_plateau: options.reduceLrOnPlateau && {
      factor: options.reduceLrOnPlateau.factor,
      patience: options.reduceLrOnPlateau.patience,
      min_learning_rate: options.reduceLrOnPlateau.minLearningRate,
    },
    seed: options.seed,
    train_limit: options.trainLimit ?? null,
    test_limit: options.testLimit ?? null,
  };
  const settingsCode = [
    '# The settings the app trains with (Train tab). Flags override epochs, batch size and the training limit.',
    'SETTINGS = {',
    ...Object.entries(config).map(([k, v]) => `    ${JSON.stringify(k)}: ${pyLiteral(v)},`),
    '}',
    `# Trained weights exported with this script (Keras layout, "<layer>/<weight>"), and test images with the app's predictions.`,
    `WEIGHTS_FILE = ${pyLiteral(opts.weightsFile ?? null)}`,
    `CHECK_TOLERANCE = ${CHECK_TOLERANCE}`,
  ].join('\n');
  const sections: ScriptSection[] = [
    { title: 'Imports', code: header(opts.weightsFile) },
    { title: 'Model', code: moduleCode.trim() },
    { title: 'Settings', code: settingsCode },
    { title: 'Data', code: DATA.trim() },
    { title: 'Training', code: TRAINING.trim() },
    { title: 'Summary and check', code: SUMMARY.trim() },
    { title: 'Main', code: MAIN.trim() },
  ];
  const code = sections.map((s) => `# %% ${s.title}\n${s.code}\n`).join('\n\n');
  return { ok: true, code, sections };
}

function header(weightsFile: string | undefined): string {
  return String.raw`"""A network exported by CNN Studio: the PyTorch module and a script that trains it like the app.

    python model.py                  # the layer table: output shapes and parameters, checked against the app's
    python model.py --check          # PyTorch's predictions vs the app's on the exported test images${weightsFile ? ` (${weightsFile})` : ''}
    python model.py --train          # train with the app's settings; flags: --epochs N --batch-size N --limit N
                                     #   --data DIR (IDX files, a folder per class, or a CSV) --device cpu|cuda|auto --out DIR

Scale out with torchrun (DistributedDataParallel; gloo on CPUs, nccl on GPUs; --batch-size is per process;
Debian's torch 1.13 on Python 3.11 also needs torchrun's "--redirects 1 --tee 1"):
    torchrun --nproc_per_node=4 model.py --train                     # one machine, 4 processes (or 4 GPUs)
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv-backend=c10d --rdzv-endpoint=HOST:29500 --rdzv-id=run1 model.py --train
                                                                     # on each of 2 machines, HOST being one of them
"""
import argparse
import copy
import csv
import gzip
import math
import os
import struct
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# DDP's note on a 1-channel convolution's gradient layout: harmless, and said once per step.
warnings.filterwarnings("ignore", message="Grad strides do not match bucket view strides")`;
}

const DATA = String.raw`
INPUT_HWC = tuple(SETTINGS["input_shape"])  # the app's Input, channels-last


def read_idx(path):
    """An unsigned-byte IDX file (MNIST's format), gzip or not, as a numpy array."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find_idx(root, stem):
    for path in sorted(Path(root).rglob("*")):
        name = path.name.lower().replace(".", "-")
        if path.is_file() and name.startswith(stem) and "ubyte" in name:
            return path
    return None


def as_nhwc(images):
    return images[..., None] if images.ndim == 3 else images


def load_idx_folder(root):
    split = {}
    for key, prefix in (("train", "train"), ("test", "t10k")):
        images, labels = find_idx(root, prefix + "-images-idx3"), find_idx(root, prefix + "-labels-idx1")
        if images is not None and labels is not None:
            split[key] = (as_nhwc(read_idx(images)), read_idx(labels).astype(np.int64))
    if "train" not in split:
        raise SystemExit(f"{root}: no train-images-idx3-ubyte / train-labels-idx1-ubyte files")
    return split.get("train"), split.get("test"), SETTINGS["class_names"] or [str(i) for i in range(int(split["train"][1].max()) + 1)]


def class_order(found):
    known = SETTINGS["class_names"]
    if known and set(found) <= set(known):
        return list(known)
    return sorted(found)


def load_image_folder(root):
    """root/<class>/*.png, or root/train/<class>/… and root/test/<class>/…"""
    from PIL import Image

    height, width, channels = INPUT_HWC
    parts = [("train", root / "train"), ("test", root / "test")] if (root / "train").is_dir() else [("train", root)]
    classes = class_order(sorted({d.name for _, part in parts for d in part.iterdir() if d.is_dir()}))
    if not classes:
        raise SystemExit(f"{root}: neither IDX files, a CSV, nor a sub-folder per class")
    out = {}
    for key, part in parts:
        images, labels = [], []
        for label, name in enumerate(classes):
            for path in sorted((part / name).glob("*")) if (part / name).is_dir() else []:
                if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"):
                    continue
                image = Image.open(path).convert("L" if channels == 1 else "RGB")
                if image.size != (width, height):
                    image = image.resize((width, height), Image.BILINEAR)
                images.append(np.asarray(image, dtype=np.uint8).reshape(height, width, channels))
                labels.append(label)
        if images:
            out[key] = (np.stack(images), np.array(labels, dtype=np.int64))
    if "train" not in out:
        raise SystemExit(f"{root}: no images in the class folders")
    return out["train"], out.get("test"), classes


def load_csv_file(path, classes):
    """Rows of label, pixel, pixel, … (0–255, H × W × C channels-last); a header row is skipped."""
    height, width, channels = INPUT_HWC
    labels, rows = [], []
    with open(path, newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if not row:
                continue
            try:
                pixels = [float(v) for v in row[1:]]
            except ValueError:
                if i == 0:
                    continue  # a header
                raise
            labels.append(row[0].strip())
            rows.append(pixels)
    images = np.asarray(rows, dtype=np.float32).clip(0, 255).astype(np.uint8)
    size = images.shape[1]
    if size == height * width * channels:
        images = images.reshape(-1, height, width, channels)
    elif size == height * width:
        images = images.reshape(-1, height, width, 1)
    elif size == 3 * height * width:
        images = images.reshape(-1, height, width, 3)
    else:
        raise SystemExit(f"{path}: {size} pixels per row, but the Input is {height} × {width} × {channels}")
    return images, labels


def load_csv(root):
    files = [("train", root)] if root.is_file() else [("train", root / "train.csv"), ("test", root / "test.csv")]
    raw = {key: load_csv_file(path, None) for key, path in files if path.exists()}
    names = sorted({l for _, labels in raw.values() for l in labels})
    numeric = all(l.isdigit() for l in names)
    classes = SETTINGS["class_names"] or (None if numeric else class_order(names))
    if numeric:
        index = lambda l: int(l)
        classes = classes or [str(i) for i in range(max(int(l) for l in names) + 1)]
    else:
        classes = class_order(names) if not set(names) <= set(classes) else classes
        index = lambda l: classes.index(l)
    out = {key: (images, np.array([index(l) for l in labels], dtype=np.int64)) for key, (images, labels) in raw.items()}
    return out["train"], out.get("test"), classes


def load_torchvision(root):
    """torchvision's download. Fashion-MNIST comes in Zalando's 60,000 / 10,000 split; the app splits the
    70,000 images its own (stratified) way, so its test set holds other images: pass --data for the app's."""
    import torchvision

    kind = {"mnist": torchvision.datasets.MNIST, "fashion-mnist": torchvision.datasets.FashionMNIST}[SETTINGS["dataset"]]
    try:
        train = kind(str(root), train=True, download=True)
        test = kind(str(root), train=False, download=True)
    except (RuntimeError, OSError) as e:
        raise SystemExit(f"torchvision could not download {SETTINGS['dataset_name']} into {root} ({e}): pass --data DIR with its IDX files.")
    as_np = lambda d: (as_nhwc(d.data.numpy()), d.targets.numpy().astype(np.int64))
    return as_np(train), as_np(test), SETTINGS["class_names"] or list(train.classes)


def load_data(data_dir, download_root):
    """(train images, labels), (test images, labels) or None, class names; images N × H × W × C uint8."""
    if data_dir:
        root = Path(data_dir)
        if not root.exists():
            raise SystemExit(f"{root}: no such file or folder")
        if root.suffix.lower() == ".csv" or (root / "train.csv").exists():
            return load_csv(root)
        if root.is_dir() and find_idx(root, "train-images-idx3") is not None:
            return load_idx_folder(root)
        return load_image_folder(root)
    if SETTINGS["dataset"] in ("mnist", "fashion-mnist"):
        return load_torchvision(download_root)
    raise SystemExit(
        f'The app trained on "{SETTINGS["dataset_name"]}", which this script cannot download: '
        "pass --data with IDX files, a folder with a sub-folder per class, or a CSV of label + pixels."
    )


def resize_bilinear(x, height, width):
    """TensorFlow's resize_bilinear as tfjs runs it (align_corners=False, half_pixel_centers=False), NCHW."""

    def axis(size_in, size_out):
        src = torch.arange(size_out, dtype=torch.float32) * (size_in / size_out)
        low = src.floor().clamp(0, size_in - 1).long()
        high = src.ceil().clamp(0, size_in - 1).long()
        return low, high, src - src.floor()

    top, bottom, fy = axis(x.shape[2], height)
    left, right, fx = axis(x.shape[3], width)
    rows = x[:, :, top] + (x[:, :, bottom] - x[:, :, top]) * fy[None, None, :, None]
    return rows[..., left] + (rows[..., right] - rows[..., left]) * fx


def to_input(images, stats=None):
    """uint8 N × H × W × C → the Input as the app feeds it (× 1/255 or standardized; gray ↔ RGB; resized), NCHW float."""
    height, width, channels = INPUT_HWC
    x = torch.from_numpy(np.ascontiguousarray(images)).float() / 255.0
    if stats is not None:
        x = (x - stats[0]) / stats[1]
    if x.shape[-1] == 1 and channels == 3:
        x = x.repeat(1, 1, 1, 3)
    elif x.shape[-1] == 3 and channels == 1:
        x = (x * torch.tensor([0.299, 0.587, 0.114])).sum(-1, keepdim=True)
    x = x.permute(0, 3, 1, 2)
    if tuple(x.shape[2:]) != (height, width):
        x = resize_bilinear(x, height, width)
    return x.contiguous()


def standardization(images):
    """Per-pixel mean and standard deviation over the training images (x/255), as the app computes them."""
    x = images.astype(np.float64) / 255.0
    mean = x.mean(0)
    std = np.sqrt(np.maximum((x * x).mean(0) - mean * mean, 0)) + 1e-7
    return torch.from_numpy(mean.astype(np.float32)), torch.from_numpy(std.astype(np.float32))
`;

const TRAINING = String.raw`
def mulberry32(seed):
    """The app's seeded generator (src/shared/data/random.ts), bit for bit."""
    state = seed & 0xFFFFFFFF

    def rand():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rand


def shuffled(count, seed):
    """The app's seeded Fisher–Yates permutation of range(count)."""
    order = list(range(count))
    rand = mulberry32(seed)
    for i in range(count - 1, 0, -1):
        j = int(rand() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


class Nadam(torch.optim.Optimizer):
    """The app's Nadam (Keras 3's rule, momentum schedule u_t = β1·(1 − ½·0.96^t), ε = 1e-7)."""

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps, step=0, u_product=1.0))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            b1, b2, t = group["beta1"], group["beta2"], group["step"] + 1
            u_t = b1 * (1 - 0.5 * 0.96**t)
            u_next = b1 * (1 - 0.5 * 0.96 ** (t + 1))
            product_t = group["u_product"] * u_t
            product_next = product_t * u_next
            for p in group["params"]:
                if p.grad is None:
                    continue
                g, state = p.grad, self.state[p]
                if not state:
                    state["m"], state["v"] = torch.zeros_like(p), torch.zeros_like(p)
                m, v = state["m"], state["v"]
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                m_hat = m * (u_next / (1 - product_next)) + g * ((1 - u_t) / (1 - product_t))
                v_hat = v / (1 - b2**t)
                p.sub_(group["lr"] * m_hat / (v_hat.sqrt() + group["eps"]))
            group["step"], group["u_product"] = t, product_t


class RMSprop(torch.optim.Optimizer):
    """tfjs' RMSprop (decay 0.9, ε = 1e-7 inside the square root)."""

    def __init__(self, params, lr=1e-3, decay=0.9, eps=1e-7):
        super().__init__(params, dict(lr=lr, decay=decay, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["ms"] = torch.zeros_like(p)
                state["ms"].mul_(group["decay"]).addcmul_(p.grad, p.grad, value=1 - group["decay"])
                p.sub_(group["lr"] * p.grad / (state["ms"] + group["eps"]).sqrt())


class Adagrad(torch.optim.Optimizer):
    """tfjs' Adagrad (accumulators start at 0.1, ε = 1e-7 inside the square root)."""

    def __init__(self, params, lr=1e-2, initial=0.1, eps=1e-7):
        super().__init__(params, dict(lr=lr, initial=initial, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["sum"] = torch.full_like(p, group["initial"])
                state["sum"].addcmul_(p.grad, p.grad)
                p.sub_(group["lr"] * p.grad / (state["sum"] + group["eps"]).sqrt())


def make_optimizer(params):
    name, lr, momentum = SETTINGS["optimizer"], SETTINGS["learning_rate"], SETTINGS["momentum"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=name == "nesterov")
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-7)
    if name == "nadam":
        return Nadam(params, lr=lr)
    if name == "rmsprop":
        return RMSprop(params, lr=lr)
    if name == "adagrad":
        return Adagrad(params, lr=lr)
    raise SystemExit(f"unknown optimizer {name}")


EPSILON = 1e-7  # Keras' fuzz factor


def loss_and_correct(output, labels):
    """The app's loss on the network's output — class probabilities, the last layer's softmax already
    applied, so no second softmax: Keras normalises them to sum 1, clips to [ε, 1 − ε] and takes the log."""
    loss_name = SETTINGS["loss"]
    classes = output.shape[-1]
    if classes > 1:
        correct = (output.argmax(-1) == labels).sum()
        target = F.one_hot(labels, classes).to(output.dtype)
    else:
        correct = ((output[:, 0] > 0.5).long() == labels).sum()
        target = labels.to(output.dtype)[:, None]
    if loss_name in ("sparseCategoricalCrossentropy", "categoricalCrossentropy"):
        p = (output / output.sum(-1, keepdim=True)).clamp(EPSILON, 1 - EPSILON)
        loss = -(target * p.log()).sum(-1).mean()
    elif loss_name == "binaryCrossentropy":
        p = output.clamp(EPSILON, 1 - EPSILON)
        loss = -(target * p.log() + (1 - target) * (1 - p).log()).mean()
    else:
        loss = ((output - target) ** 2).mean()
    return loss, correct


def set_learning_rate(optimizer, lr):
    for group in optimizer.param_groups:
        group["lr"] = lr


class Run:
    """One process of a run: alone, or one of torchrun's (RANK, WORLD_SIZE, LOCAL_RANK in the environment)."""

    def __init__(self, device_flag):
        self.distributed = "RANK" in os.environ and "WORLD_SIZE" in os.environ
        self.rank = int(os.environ.get("RANK", 0))
        self.world = int(os.environ.get("WORLD_SIZE", 1))
        local_rank = int(os.environ.get("LOCAL_RANK", 0))
        cuda = device_flag == "cuda" or (device_flag == "auto" and torch.cuda.is_available())
        if device_flag == "cuda" and not torch.cuda.is_available():
            raise SystemExit("--device cuda: no CUDA device here")
        self.device = torch.device(f"cuda:{local_rank}" if cuda and self.distributed else "cuda" if cuda else "cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        if self.distributed:
            import torch.distributed as dist

            dist.init_process_group("nccl" if cuda else "gloo")
            self.dist = dist

    @property
    def main(self):
        return self.rank == 0

    def log(self, *parts):
        if self.main:
            print(*parts, flush=True)

    def total(self, *values):
        """Sums over the processes (values on one process as they are)."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.distributed:
            self.dist.all_reduce(t)
        return t.tolist()

    def barrier(self):
        if self.distributed:
            self.dist.barrier()

    def close(self):
        if self.distributed:
            # Every rank reaches the end before the group goes: one tearing down while another still
            # talks to it can fail that other rank.
            self.dist.barrier()
            self.dist.destroy_process_group()


def evaluate(run, model, images, labels, indices, stats, batch=256):
    """Loss and accuracy over the indices (split between the processes)."""
    mine = indices[run.rank :: run.world]
    loss_sum, correct, count = 0.0, 0, 0
    model.eval()
    with torch.no_grad():
        for start in range(0, len(mine), batch):
            chunk = mine[start : start + batch]
            x = to_input(images[chunk], stats).to(run.device)
            y = torch.from_numpy(labels[chunk]).to(run.device)
            loss, right = loss_and_correct(model(x), y)
            loss_sum += loss.item() * len(chunk)
            correct += right.item()
            count += len(chunk)
    loss_sum, correct, count = run.total(loss_sum, correct, count)
    return (loss_sum / count, correct / count) if count else None


def train(args):
    run = Run(args.device)
    seed = SETTINGS["seed"]
    out = Path(args.out)
    if run.main:
        out.mkdir(parents=True, exist_ok=True)
    # One process downloads / reads first, the others then find the files.
    if not run.main:
        run.barrier()
    (train_images, train_labels), test, classes = load_data(args.data, Path(args.download_root))
    if run.main:
        run.barrier()
    limit = args.limit or SETTINGS["train_limit"]
    if limit:
        train_images, train_labels = train_images[:limit], train_labels[:limit]
    if test is not None and SETTINGS["test_limit"]:
        test = (test[0][: SETTINGS["test_limit"]], test[1][: SETTINGS["test_limit"]])
    stats = standardization(train_images) if SETTINGS["preprocessing"] == "standardize" else None
    epochs = args.epochs or SETTINGS["epochs"]
    batch_size = args.batch_size or SETTINGS["batch_size"]

    # Validation as the app holds it out: the last fraction of a seeded permutation, or the test set.
    count = len(train_labels)
    order = shuffled(count, seed)
    held_out = int(count * SETTINGS["validation_split"])
    train_indices = np.array(order[: count - held_out], dtype=np.int64)
    if held_out:
        validation = (train_images, train_labels, np.array(order[count - held_out :], dtype=np.int64))
    elif test is not None:
        validation = (test[0], test[1], np.arange(len(test[1])))
    else:
        validation = None

    torch.manual_seed(seed)
    net = build_model().to(run.device)
    model = net
    if run.distributed:
        from torch.nn.parallel import DistributedDataParallel

        model = DistributedDataParallel(net, device_ids=[run.device.index] if run.device.type == "cuda" else None)
        from torch.utils.data.distributed import DistributedSampler

        sampler = DistributedSampler(range(len(train_indices)), num_replicas=run.world, rank=run.rank, shuffle=SETTINGS["shuffle"], seed=seed)
    torch.manual_seed(seed + run.rank)  # dropout masks differ between processes
    optimizer = make_optimizer(model.parameters())
    lr = SETTINGS["learning_rate"]

    run.log(
        f"{SETTINGS['dataset_name']}: {len(train_indices)} training images"
        + (f", {len(validation[2])} validation images" if validation else "")
        + f"; {epochs} epoch(s), batch {batch_size}"
        + (f" per process × {run.world} processes ({'nccl' if run.device.type == 'cuda' else 'gloo'})" if run.distributed else "")
        + f", {SETTINGS['optimizer']} lr {lr}, on {run.device}"
    )
    metrics_file = batches_file = None
    if run.main:
        metrics_file = open(out / "metrics.csv", "w", newline="")
        metrics = csv.writer(metrics_file, lineterminator="\n")
        metrics.writerow(["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"])
        batches_file = open(out / "batches.csv", "w", newline="")
        batches = csv.writer(batches_file, lineterminator="\n")
        batches.writerow(["epoch", "batch", "loss"])

    early, plateau = SETTINGS["early_stopping"], SETTINGS["reduce_lr_on_plateau"]
    monitor = early["monitor"] if early else "val_loss"
    best, since_best, plateau_best, since_plateau = None, 0, math.inf, 0
    for epoch in range(epochs):
        started = time.time()
        if run.distributed:
            sampler.set_epoch(epoch)
            epoch_order = train_indices[list(sampler)]
        elif SETTINGS["shuffle"]:
            epoch_order = train_indices[shuffled(len(train_indices), seed + epoch + 1)]
        else:
            epoch_order = train_indices
        model.train()
        loss_sum, correct, seen, steps = 0.0, 0, 0, 0
        batch_count = math.ceil(len(epoch_order) / batch_size)
        for b in range(batch_count):
            chunk = epoch_order[b * batch_size : (b + 1) * batch_size]
            x = to_input(train_images[chunk], stats).to(run.device)
            y = torch.from_numpy(train_labels[chunk]).to(run.device)
            optimizer.zero_grad()
            loss, right = loss_and_correct(model(x), y)
            if not torch.isfinite(loss):
                raise SystemExit(f"The loss became {loss.item()} at epoch {epoch + 1}, batch {b + 1}: training diverged. Lower the learning rate.")
            loss.backward()
            optimizer.step()
            value = loss.item()
            loss_sum, correct, seen, steps = loss_sum + value, correct + right.item(), seen + len(chunk), steps + 1
            if run.main:
                batches.writerow([epoch + 1, b + 1, f"{value:.6g}"])
                if batch_count >= 10 and (b + 1) % max(1, batch_count // 10) == 0:
                    print(f"  epoch {epoch + 1} batch {b + 1}/{batch_count}  loss {value:.4f}", flush=True)
        loss_sum, correct, seen, steps = run.total(loss_sum, correct, seen, steps)
        row = {"epoch": epoch + 1, "loss": loss_sum / steps, "accuracy": correct / seen}
        # The bare module, not DDP's wrapper: shards of unequal batch counts must not wait on DDP's buffer broadcasts.
        val = evaluate(run, net, *validation, stats) if validation else None
        if val:
            row["val_loss"], row["val_accuracy"] = val
        row["learning_rate"], row["seconds"] = lr, time.time() - started
        run.log(f"epoch {epoch + 1}/{epochs}  " + "  ".join(f"{k} {row[k]:.4g}" for k in ["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"] if k in row) + f"  {row['seconds']:.1f}s")
        if run.main:
            metrics.writerow([row.get(k, "") for k in ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"]])
            metrics_file.flush()
            torch.save({"epoch": epoch + 1, "model": net.state_dict(), "optimizer": optimizer.state_dict(), "settings": SETTINGS}, out / "checkpoint.pt")

        # Early stopping and reduce-LR-on-plateau, decided as the app decides them.
        stop = False
        if early and val:
            value = row["val_accuracy"] if monitor == "val_accuracy" else row["loss"] if monitor == "loss" else row["val_loss"]
            if best is None or (value > best[0] if monitor == "val_accuracy" else value < best[0]):
                best = (value, epoch + 1, copy.deepcopy(net.state_dict()) if early["restore_best_weights"] else None)
                since_best = 0
            else:
                since_best += 1
                stop = since_best > early["patience"]
        if plateau and val:
            if row["val_loss"] < plateau_best:
                plateau_best, since_plateau = row["val_loss"], 0
            else:
                since_plateau += 1
                if since_plateau > plateau["patience"]:
                    lr = max(lr * plateau["factor"], plateau["min_learning_rate"])
                    set_learning_rate(optimizer, lr)
                    since_plateau = 0
                    run.log(f"  learning rate → {lr:.3g}")
        if stop:
            run.log(f"Early stopping after epoch {epoch + 1}: no better {monitor} than epoch {best[1]}'s for {early['patience'] + 1} epoch(s).")
            break
    if best is not None and best[2] is not None:
        net.load_state_dict(best[2])
        run.log(f"Restored the weights of epoch {best[1]} (best {monitor}).")
    if run.main:
        metrics_file.close()
        batches_file.close()
        torch.save({"epoch": epoch + 1, "model": net.state_dict(), "optimizer": optimizer.state_dict(), "settings": SETTINGS}, out / "checkpoint.pt")
    if test is not None:
        # The last validation on the test set is the test evaluation (unless other weights were restored).
        restored = best is not None and best[2] is not None
        last_is_test = validation is not None and validation[0] is test[0] and val is not None and not restored
        result = val if last_is_test else evaluate(run, net, test[0], test[1], np.arange(len(test[1])), stats)
        run.log(f"Test set ({len(test[1])} images): loss {result[0]:.4f}, accuracy {result[1]:.4f}")
    run.log(f"Wrote {out / 'checkpoint.pt'} and {out / 'metrics.csv'}")
    run.close()
    return 0
`;

const SUMMARY = String.raw`
def count_params(module):
    """Parameters and floating-point buffers (BatchNorm's running statistics), as Keras counts weights."""
    return sum(p.numel() for p in module.parameters()) + sum(b.numel() for b in module.buffers() if b.is_floating_point())


def summary():
    """The layer table from forward hooks: each child's output shape and parameters, against the app's."""
    model = build_model().eval()
    rows, hooks = [], []
    for name, child in model.named_children():
        hooks.append(child.register_forward_hook(lambda m, i, o, name=name: rows.append((name, tuple(o.shape[1:]), count_params(m)))))
    with torch.no_grad():
        inputs = [torch.zeros(1, *shape) for shape in INPUT_SHAPES]
        model(inputs[0] if len(inputs) == 1 else tuple(inputs))
    for hook in hooks:
        hook.remove()
    mismatches = 0
    print(f"{'Layer':<28} {'Output shape':<22} {'Params':>12}")
    print("-" * 64)
    for name, shape, params in rows:
        note = ""
        want_shape, want_params = LAYER_SHAPES.get(name), LAYER_PARAMS.get(name)
        if want_shape is not None and tuple(want_shape) != shape:
            note += f"  ≠ the app's {tuple(want_shape)}"
        if want_params is not None and want_params != params:
            note += f"  ≠ the app's {want_params} params"
        mismatches += bool(note)
        print(f"{name:<28} {str(shape):<22} {params:>12,}{note}")
    print("-" * 64)
    print(f"{'Total':<51} {count_params(model):>12,}")
    return 1 if mismatches else 0


def check(weights):
    """PyTorch's predictions on the exported test images against the app's: the largest difference."""
    path = Path(weights) if weights else (Path(__file__).resolve().with_name(WEIGHTS_FILE) if WEIGHTS_FILE else None)
    if path is None:
        print("No trained weights were exported with this script: export the trained project, or pass --weights FILE.npz.")
        return 2
    if not path.exists():
        print(f"{path}: not found (it is exported beside the script)")
        return 2
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    model = build_model()
    load_keras_weights(model, {k: v for k, v in arrays.items() if not k.startswith("check/")})
    model.eval()
    if "check/predictions" not in arrays:
        print(f"{path} holds weights but no test images to check.")
        return 2
    expected = torch.from_numpy(arrays["check/predictions"].astype(np.float32))
    if "check/inputs" in arrays:
        x = torch.from_numpy(arrays["check/inputs"].astype(np.float32))
        x = x.permute(0, x.ndim - 1, *range(1, x.ndim - 1)).contiguous()
    else:
        x = to_input(arrays["check/images"])
    with torch.no_grad():
        got = model(x)
    difference = (got.reshape(expected.shape) - expected).abs().max().item()
    agree = (got.reshape(expected.shape).argmax(-1) == expected.argmax(-1)).float().mean().item() if expected.ndim == 2 else 1.0
    ok = difference <= CHECK_TOLERANCE
    print(f"{len(expected)} test images: largest difference between PyTorch's and the app's predictions {difference:.3g}", "(ok)" if ok else f"(more than {CHECK_TOLERANCE})")
    print(f"Same predicted class for {agree:.1%} of them.")
    return 0 if ok else 1
`;

const MAIN = String.raw`
def main(argv=None):
    parser = argparse.ArgumentParser(description="A network exported by CNN Studio: summary, --check, --train (also under torchrun).")
    parser.add_argument("--train", action="store_true", help="train with the app's settings")
    parser.add_argument("--check", action="store_true", help="compare PyTorch's predictions with the app's")
    parser.add_argument("--weights", help="the .npz to check (default: the one exported beside this script)")
    parser.add_argument("--epochs", type=int, help=f"epochs (the app's: {SETTINGS['epochs']})")
    parser.add_argument("--batch-size", type=int, help=f"batch size per process (the app's: {SETTINGS['batch_size']})")
    parser.add_argument("--limit", type=int, help="train on the first N training images")
    parser.add_argument("--data", help="local data: MNIST IDX files (.gz or not), a folder with a sub-folder per class, or a CSV of label + pixels")
    parser.add_argument("--download-root", default="data", help="where torchvision downloads MNIST / Fashion-MNIST (default: data)")
    parser.add_argument("--device", choices=["cpu", "cuda", "auto"], default="auto")
    parser.add_argument("--out", default="runs", help="checkpoint.pt, metrics.csv and batches.csv (default: runs)")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.weights)
    if args.train:
        return train(args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
`;

/** Name → Keras-layout array for each trained weight (`<layer name>/<weight name>`), plus the check images. */
export function trainedWeightsNpz(
  weights: NodeTensor[],
  graph: NetworkGraph,
  check?: {
    images: Uint8Array;
    count: number;
    height: number;
    width: number;
    channels: number;
    /** The app's outputs (probabilities), count × classes. */
    predictions: Float32Array;
    /** The Input exactly as the app fed it (count × the Input shape, channels-last): checked instead of converting the images (standardized data). */
    inputs?: Float32Array;
  },
): Uint8Array {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const arrays: Record<string, NpyArray> = {};
  for (const w of weights) {
    const layer = names.get(w.nodeId);
    if (layer === undefined) throw new Error(`weights of "${w.nodeId}/${w.name}" belong to no layer of the network`);
    const key = `${layer}/${w.name}`;
    if (arrays[key]) throw new Error(`two tensors are named "${key}"`);
    arrays[key] = { shape: w.shape, dtype: 'float32', data: w.values };
  }
  if (check) {
    const { images, count, height, width, channels, predictions } = check;
    if (count < 1 || predictions.length % count !== 0) throw new Error(`${predictions.length} prediction values for ${count} images`);
    arrays['check/images'] = { shape: [count, height, width, channels], dtype: 'uint8', data: images.subarray(0, count * height * width * channels) };
    arrays['check/predictions'] = { shape: [count, predictions.length / count], dtype: 'float32', data: predictions };
    if (check.inputs) {
      const analysis = analyzeGraph(graph);
      const inputShape = analysis.nodes[analysis.inputIds[0] ?? '']?.shape ?? [check.inputs.length / count];
      arrays['check/inputs'] = { shape: [count, ...inputShape], dtype: 'float32', data: check.inputs };
    }
  }
  return encodeNpz(arrays);
}

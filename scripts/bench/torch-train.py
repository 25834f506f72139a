"""Times training steps of our CNNs in PyTorch (the comparison for scripts/bench/training.ts).

Same architecture, loss, optimiser and batch size as the `reference` or `default` recipe (--arch), on real MNIST
batches, without augmentation (the tfjs side of the benchmark runs without it too).
Prints one JSON object: {"torch": version, "threads": n, "arch": name, "msPerBatch": [...], "cpuMsPerBatch": [...]}.
Usage: /usr/bin/python3 scripts/bench/torch-train.py DATA_DIR --arch reference --threads 2 --warmup 5 --batches 20
"""
import argparse
import json
import os
import struct
import time

import numpy as np
import torch
from torch import nn


def read_idx(path, magic):
    with open(path, "rb") as f:
        data = f.read()
    got, count = struct.unpack(">II", data[:8])
    if got != magic:
        raise SystemExit(f"{path}: magic {got}, expected {magic}")
    header = 16 if magic == 2051 else 8
    return np.frombuffer(data, dtype=np.uint8, offset=header), count


def load_split(data_dir, prefix):
    """One MNIST split ('train' or 't10k'): images [n, 1, 28, 28] scaled to [0, 1], and int64 labels."""
    pixels, count = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"), 2051)
    labels, _ = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte"), 2049)
    images = torch.from_numpy(pixels.reshape(count, 1, 28, 28).astype(np.float32) / 255.0)
    return images, torch.from_numpy(labels.astype(np.int64))


def build(arch):
    """The recipe's layers; softmax lives inside CrossEntropyLoss, as usual in PyTorch."""
    if arch == "reference":
        # Conv2D(60,3x3,relu) -> Conv2D(30,3x3,relu) -> Flatten -> Dense(10).
        return nn.Sequential(
            nn.Conv2d(1, 60, 3), nn.ReLU(),
            nn.Conv2d(60, 30, 3), nn.ReLU(),
            nn.Flatten(), nn.Linear(24 * 24 * 30, 10),
        )
    # Conv(16,5x5,same) -> pool -> Conv(32,3x3,same) -> pool -> Conv(64,3x3,same) -> pool -> Dense(128) ->
    # Dropout(0.25) -> Dense(10).
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3 * 3 * 64, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10),
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--batches", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--arch", choices=["reference", "default"], default="reference")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)

    images, targets = load_split(a.data_dir, "train")
    count = len(images)

    model = build(a.arch)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()

    times = []
    cpu_times = []  # process CPU time (all threads): less disturbed by other processes than wall time
    for step in range(a.warmup + a.batches):
        start = (step * a.batch_size) % (count - a.batch_size)
        x = images[start:start + a.batch_size]
        y = targets[start:start + a.batch_size]
        t0 = time.perf_counter()
        c0 = time.process_time()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()  # tfjs's trainOnBatch also reads the loss back
        ms = (time.perf_counter() - t0) * 1000
        cpu_ms = (time.process_time() - c0) * 1000
        if step >= a.warmup:
            times.append(ms)
            cpu_times.append(cpu_ms)
    print(json.dumps({
        "torch": torch.__version__, "threads": a.threads, "arch": a.arch, "msPerBatch": times, "cpuMsPerBatch": cpu_times,
    }))


if __name__ == "__main__":
    main()

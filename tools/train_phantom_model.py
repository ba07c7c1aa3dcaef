#!/usr/bin/python3
"""Trains a small 3-D U-Net on ChondroJ phantom knees and exports it as a ChondroJ model folder (README, "Learned
models (ONNX)"): model.onnx (opset 13), model.json, and model.pt (the PyTorch weights, for the interoperability tests
that compare ChondroJ's inference with PyTorch's forward pass).

Needs Debian's python3-torch, python3-numpy, python3-scipy and python3-nibabel, and the phantoms as folders holding
dess.nii.gz (the DESS series: `chondroj convert STUDY/DICOM/S1_SAG_3D_DESS_WE --out STUDY/dess.nii.gz`) and
labels.nii.gz (as `chondroj phantom` writes it). The committed model (tools/models/phantom-small) was made with

  for s in 11 12 13 14; do ./chondroj phantom --out ph$s --seed $s; done
  ./chondroj phantom --out ph15 --seed 15 --side left
  for s in 11 12 13 14 15; do ./chondroj convert ph$s/DICOM/S1_SAG_3D_DESS_WE --out ph$s/dess.nii.gz; done
  /usr/bin/python3 tools/train_phantom_model.py --out tools/models/phantom-small --minutes 15 ph11 ph12 ph13 ph14 ph15

It trains on test-bed studies the same way (images rendered from real manual label maps, README "Studies rendered
from real label maps"; made locally, never committed: the label maps' licences stay with them):

  ./chondroj phantom --from-labels 9014797_00m.nii.gz --contrast dess --seed 1 --out tb1
  ./chondroj convert tb1/DICOM --out tb1/dess.nii.gz
  /usr/bin/python3 tools/train_phantom_model.py --out my-model --minutes 60 tb1 tb2 ...

(checked on 2026-12-07 with one OAI map for 30 s, 12 iterations: the script reads the test bed's dess.nii.gz and
labels.nii.gz, which share the label map's grid, and writes the model folder; no such model is committed).

The network reads the image as ChondroJ's OnnxSegmenter gives it: its voxel axes permuted and flipped to the model's
axes (S, A, R), resampled linearly to 0.7 mm over the image's extent (edges aligned), z-scored over the whole grid.
The preprocessing here is written independently of ChondroJ's Java (the same rule, not the same code).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

AXES = ["S", "A", "R"]
SPACING = [0.7, 0.7, 0.7]
PATCH = [64, 96, 96]          # inference patch (model.json, ONNX input)
TRAIN_PATCH = [48, 64, 64]    # training patch (the network is fully convolutional)
CLASSES = ["background", "femur", "femoral_cartilage", "tibia", "tibial_cartilage", "patella", "patellar_cartilage"]
# ChondroJ's label values 0..9 -> class: lesions (7, 8, 9) are bone marrow of the femur, tibia, patella
LABEL_TO_CLASS = np.array([0, 1, 2, 3, 4, 5, 6, 1, 3, 5], np.int64)

LPS = {"L": (0, 1.0), "R": (0, -1.0), "P": (1, 1.0), "A": (1, -1.0), "S": (2, 1.0), "I": (2, -1.0)}


def network_grid(shape, affine_ras, axes=AXES, spacing=SPACING):
    """For each network dimension: (image axis, flipped, m, continuous image index of grid voxels 0..m-1)."""
    lin = np.array(affine_ras, float)[:3, :3] * np.array([-1.0, -1.0, 1.0])[:, None]  # RAS -> LPS rows
    size = np.linalg.norm(lin, axis=0)
    direction = lin / size
    best, best_perm = -1.0, None
    import itertools
    for perm in itertools.permutations(range(3)):
        score = sum(abs(direction[LPS[axes[d]][0], perm[d]]) for d in range(3))
        if score > best + 1e-9:
            best, best_perm = score, perm
    out = []
    for d in range(3):
        a = best_perm[d]
        row, sign = LPS[axes[d]]
        flipped = direction[row, a] * sign < 0
        n = shape[a]
        m = max(1, int(round(n * size[a] / spacing[d])))
        step = n / m
        i = np.arange(m)
        c = (n - 0.5 - (i + 0.5) * step) if flipped else (-0.5 + (i + 0.5) * step)
        out.append((a, flipped, m, c))
    return out


def to_grid(volume, grid, order):
    """volume resampled onto the network grid: C order [m0][m1][m2] (linear: clamped at the border, as ChondroJ)."""
    from scipy.ndimage import map_coordinates
    coords = np.zeros((3,) + tuple(g[2] for g in grid))
    for d, (a, _, m, c) in enumerate(grid):
        shape = [1, 1, 1]
        shape[d] = m
        coords[a] = np.clip(c, 0, volume.shape[a] - 1).reshape(shape) if order == 1 else np.clip(np.floor(c + 0.5), 0, volume.shape[a] - 1).reshape(shape)
    return map_coordinates(volume.astype(np.float64), coords, order=order, mode="nearest")


def zscore(x):
    return (x - x.mean()) / max(x.std(), 1e-8)


def load_case(folder):
    import nibabel as nib
    img = nib.load(os.path.join(folder, "dess.nii.gz"))
    lab = nib.load(os.path.join(folder, "labels.nii.gz"))
    grid = network_grid(img.shape, img.affine)
    x = zscore(to_grid(np.asarray(img.dataobj), grid, 1)).astype(np.float32)
    y = LABEL_TO_CLASS[to_grid(np.asarray(lab.dataobj), grid, 0).astype(np.int64)]
    return x, y


def make_net():
    import torch
    from torch import nn

    def block(cin, cout):
        return nn.Sequential(nn.Conv3d(cin, cout, 3, padding=1), nn.InstanceNorm3d(cout, affine=True), nn.LeakyReLU(0.01),
                             nn.Conv3d(cout, cout, 3, padding=1), nn.InstanceNorm3d(cout, affine=True), nn.LeakyReLU(0.01))

    class UNet(nn.Module):
        """Three levels (8, 16, 32 channels), max-pooling down, transposed convolutions up, skip connections."""

        def __init__(self, classes=len(CLASSES)):
            super().__init__()
            self.e1, self.e2, self.e3 = block(1, 8), block(8, 16), block(16, 32)
            self.u2, self.d2 = nn.ConvTranspose3d(32, 16, 2, stride=2), block(32, 16)
            self.u1, self.d1 = nn.ConvTranspose3d(16, 8, 2, stride=2), block(16, 8)
            self.out = nn.Conv3d(8, classes, 1)
            self.pool = nn.MaxPool3d(2)

        def forward(self, x):
            a = self.e1(x)
            b = self.e2(self.pool(a))
            c = self.e3(self.pool(b))
            b = self.d2(torch.cat([self.u2(c), b], 1))
            a = self.d1(torch.cat([self.u1(b), a], 1))
            return self.out(a)

    return UNet()


def sample(x, y, rng, patch):
    """A patch: half of them centred on a cartilage voxel (thin structures), the rest anywhere."""
    start = []
    if rng.random() < 0.5:
        idx = np.argwhere(np.isin(y, [2, 4, 6]))
        centre = idx[rng.integers(len(idx))]
        for d in range(3):
            start.append(int(np.clip(centre[d] - patch[d] // 2, 0, x.shape[d] - patch[d])))
    else:
        for d in range(3):
            start.append(int(rng.integers(0, x.shape[d] - patch[d] + 1)))
    sl = tuple(slice(s, s + p) for s, p in zip(start, patch))
    return x[sl], y[sl]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+", help="phantom folders holding dess.nii.gz and labels.nii.gz")
    ap.add_argument("--out", required=True, help="the model folder to write")
    ap.add_argument("--minutes", type=float, default=10.0, help="training time")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", help="a model.pt to start from (to train on), instead of random weights")
    ap.add_argument("--lr", type=float, default=3e-3)
    args = ap.parse_args()
    import torch
    torch.manual_seed(args.seed)
    torch.set_num_threads(os.cpu_count() or 1)
    rng = np.random.default_rng(args.seed)
    cases = [load_case(c) for c in args.cases]
    for c, (x, y) in zip(args.cases, cases):
        print(c, "grid", x.shape, "class voxels", np.bincount(y.ravel(), minlength=len(CLASSES)).tolist(), flush=True)
    net = make_net()
    if args.init:
        net.load_state_dict(torch.load(args.init, map_location="cpu"))
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    weights = torch.tensor([0.2, 1, 3, 1, 3, 1, 3], dtype=torch.float32)
    t0, it = time.time(), 0
    while time.time() - t0 < args.minutes * 60:
        batch = [sample(*cases[rng.integers(len(cases))], rng, TRAIN_PATCH) for _ in range(2)]
        xb = torch.from_numpy(np.stack([b[0] for b in batch])[:, None])
        yb = torch.from_numpy(np.stack([b[1] for b in batch]))
        logits = net(xb)
        p = torch.softmax(logits, 1)
        onehot = torch.nn.functional.one_hot(yb, len(CLASSES)).permute(0, 4, 1, 2, 3).float()
        inter, union = (p * onehot).sum((0, 2, 3, 4)), (p + onehot).sum((0, 2, 3, 4))
        dice = (2 * inter + 1) / (union + 1)
        loss = torch.nn.functional.cross_entropy(logits, yb, weight=weights) + (1 - dice[1:]).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        it += 1
        if it % 20 == 0:
            print("iteration %d, %.0f s, loss %.4f, dice %s" % (it, time.time() - t0, loss.item(), np.round(dice.detach().numpy(), 3).tolist()), flush=True)
    net.eval()
    os.makedirs(args.out, exist_ok=True)
    torch.save(net.state_dict(), os.path.join(args.out, "model.pt"))
    dummy = torch.zeros([1, 1] + PATCH)
    torch.onnx.export(net, dummy, os.path.join(args.out, "model.onnx"), opset_version=13, input_names=["image"], output_names=["logits"])
    spec = {"format": "chondroj-model/1", "name": "phantom-small",
            "description": "A small 3-D U-Net (8/16/32 channels) trained for %.0f minutes (%d iterations%s) on %d ChondroJ phantom knees by tools/train_phantom_model.py; "
                           "for proving the mechanism, not for real knees." % (args.minutes, it, ", continuing from earlier weights" if args.init else "", len(cases)),
            "axes": AXES, "spacing_mm": SPACING, "normalization": {"type": "zscore"}, "patch_size": PATCH, "step_fraction": 0.5,
            "mirror_axes": [], "classes": {str(i): c for i, c in enumerate(CLASSES)}}
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    print("wrote", args.out, "after", it, "iterations", flush=True)


if __name__ == "__main__":
    sys.exit(main())

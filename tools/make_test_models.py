#!/usr/bin/python3
"""Writes the tiny hand-built ONNX networks that the Java tests of the onnx module load (no Python needed to run them):

  pointwise3.onnx  logits [0, 100 x, -100 x] per voxel (class 1 where the input is positive, class 2 where negative)
  fd2.onnx         logits [0, (x[i+1] - x[i-1]) / 2] with x[i] along the input's last spatial dimension (zero-padded)
  conv3.onnx       logits of a 3 x 3 x 3 convolution with fixed pseudo-random weights (NumPy seed 22), 3 classes,
                   zero-padded: every output depends on its neighbours along every dimension, differently along
                   each, so patch borders, overlaps and mirroring all change the probabilities
  rank4.onnx       a 2-D network (input of rank 4): refused by ChondroJ

Every spatial dimension is symbolic, so one file serves any patch size in model.json. Needs Debian's python3-onnx
(onnx 1.12, its helper API); run from the repository root:
  /usr/bin/python3 tools/make_test_models.py onnx/src/test/resources/org/chondroj/onnx/models
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def conv_model(name, weights, pads, rank=5):
    dims = ["d%d" % i for i in range(rank - 2)]
    k = weights.shape[0]
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1] + dims)
    y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, k] + dims)
    w = numpy_helper.from_array(weights.astype(np.float32), "w")
    b = numpy_helper.from_array(np.zeros(k, np.float32), "b")
    node = helper.make_node("Conv", ["image", "w", "b"], ["logits"], pads=pads)
    graph = helper.make_graph([node], name, [x], [y], initializer=[w, b])
    model = helper.make_model(graph, producer_name="chondroj tools/make_test_models.py", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main(out):
    os.makedirs(out, exist_ok=True)
    pointwise = np.array([0.0, 100.0, -100.0]).reshape(3, 1, 1, 1, 1)
    onnx.save(conv_model("pointwise3", pointwise, [0, 0, 0, 0, 0, 0]), os.path.join(out, "pointwise3.onnx"))
    fd = np.zeros((2, 1, 1, 1, 3))
    fd[1, 0, 0, 0, :] = [-0.5, 0.0, 0.5]
    onnx.save(conv_model("fd2", fd, [0, 0, 1, 0, 0, 1]), os.path.join(out, "fd2.onnx"))
    conv = np.random.default_rng(22).normal(size=(3, 1, 3, 3, 3))
    onnx.save(conv_model("conv3", conv, [1, 1, 1, 1, 1, 1]), os.path.join(out, "conv3.onnx"))
    flat = np.array([0.0, 1.0]).reshape(2, 1, 1, 1)
    onnx.save(conv_model("rank4", flat, [0, 0, 0, 0], rank=4), os.path.join(out, "rank4.onnx"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "onnx/src/test/resources/org/chondroj/onnx/models")

#!/usr/bin/python3
"""A fake trained nnU-Net v2 model for NnUnetExportTest, written independently of tools/export_nnunet.py: the folder
layout, dataset.json, plans.json and a checkpoint whose 'network_weights' are random tensors under the parameter names
and shapes of dynamic_network_architectures' PlainConvUNet (enumerated here from the plans' arch_kwargs, duplicates
included: each ConvDropoutNormReLU's conv and norm also under all_modules.N, the encoder also under decoder.encoder),
and that network's forward pass written with torch.nn.functional from the weights alone.

  fake_nnunet.py make ROOT VARIANT[,VARIANT...]
      writes ROOT/VARIANT/Dataset999_FakeKnee/nnUNetTrainer__nnUNetPlans__3d_fullres/{dataset.json, plans.json,
      fold_0/checkpoint_final.pth} for each VARIANT: plain, ct (CTNormalization), two_channels, resenc (a
      ResidualEncoderUNet in the plans), old_plans (plans without 'architecture', as before nnU-Net 2.4); all have
      the same weights; prints the trained model folders, one a line
  fake_nnunet.py forward TRAINED_DIR IN.f32 p0,p1,p2 MIRROR OUT.f32 [logits|probabilities]
      IN.f32 float32 little-endian C order [p0][p1][p2]; OUT.f32 [K][p0][p1][p2]: the logits, or the softmax averaged
      over every combination of flips of MIRROR ('-' for none, else e.g. 0,1,2)
"""
import itertools
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

PATCH = [8, 16, 16]
FEATURES = [4, 8, 16]
KERNELS = [[1, 3, 3], [3, 3, 3], [3, 3, 3]]
STRIDES = [[1, 1, 1], [1, 2, 2], [2, 2, 2]]
CONVS = [2, 2, 2]
DECODER_CONVS = [2, 2]
LABELS = {"background": 0, "Femur": 1, "FemoralCartilage": 2, "Tibia": 3}


def arch_kwargs():
    return {"n_stages": 3, "features_per_stage": FEATURES, "conv_op": "torch.nn.modules.conv.Conv3d", "kernel_sizes": KERNELS,
            "strides": STRIDES, "n_conv_per_stage": CONVS, "n_conv_per_stage_decoder": DECODER_CONVS, "conv_bias": True,
            "norm_op": "torch.nn.modules.instancenorm.InstanceNorm3d", "norm_op_kwargs": {"eps": 1e-05, "affine": True},
            "dropout_op": None, "dropout_op_kwargs": None, "nonlin": "torch.nn.LeakyReLU", "nonlin_kwargs": {"inplace": True}}


def weights(classes, rng):
    """The state dict: every conv block as conv + norm (+ all_modules.0/1 duplicates), transposed convs, 1x1 seg layers."""
    sd = {}

    def tensor(*shape, scale=1.0, offset=0.0):
        return torch.from_numpy((offset + scale * rng.standard_normal(shape)).astype(np.float32))

    def block(prefix, cin, cout, kernel):
        conv_w = tensor(cout, cin, *kernel, scale=1.0 / np.sqrt(cin * np.prod(kernel)))
        conv_b, norm_w, norm_b = tensor(cout, scale=0.1), tensor(cout, scale=0.2, offset=1.0), tensor(cout, scale=0.2)
        for name, value in ((".conv.weight", conv_w), (".conv.bias", conv_b), (".norm.weight", norm_w), (".norm.bias", norm_b),
                            (".all_modules.0.weight", conv_w), (".all_modules.0.bias", conv_b), (".all_modules.1.weight", norm_w),
                            (".all_modules.1.bias", norm_b)):
            sd[prefix + name] = value

    channels = 1
    for s in range(len(FEATURES)):
        for i in range(CONVS[s]):
            block("encoder.stages.%d.0.convs.%d" % (s, i), channels if i == 0 else FEATURES[s], FEATURES[s], KERNELS[s])
        channels = FEATURES[s]
    for key in [k for k in sd if k.startswith("encoder.")]:
        sd["decoder." + key] = sd[key]
    for s in range(len(FEATURES) - 1):
        below, skip, stride = FEATURES[-(s + 1)], FEATURES[-(s + 2)], STRIDES[-(s + 1)]
        sd["decoder.transpconvs.%d.weight" % s] = tensor(below, skip, *stride, scale=1.0 / np.sqrt(below))
        sd["decoder.transpconvs.%d.bias" % s] = tensor(skip, scale=0.1)
        for i in range(DECODER_CONVS[s]):
            block("decoder.stages.%d.convs.%d" % (s, i), 2 * skip if i == 0 else skip, skip, KERNELS[-(s + 2)])
        sd["decoder.seg_layers.%d.weight" % s] = tensor(classes, skip, 1, 1, 1, scale=1.0 / np.sqrt(skip))
        sd["decoder.seg_layers.%d.bias" % s] = tensor(classes, scale=0.1)
    return sd


def make(root, variant):
    folder = os.path.join(root, variant, "Dataset999_FakeKnee", "nnUNetTrainer__nnUNetPlans__3d_fullres")
    os.makedirs(os.path.join(folder, "fold_0"), exist_ok=True)
    channels = {"0": "DESS", "1": "IW"} if variant == "two_channels" else {"0": "DESS"}
    dataset = {"channel_names": channels, "labels": LABELS, "numTraining": 12, "file_ending": ".nii.gz"}
    config = {"data_identifier": "nnUNetPlans_3d_fullres", "preprocessor_name": "DefaultPreprocessor", "batch_size": 2,
              "patch_size": PATCH, "median_image_size_in_voxels": [160, 384, 384], "spacing": [0.7, 0.3646, 0.3646],
              "normalization_schemes": ["CTNormalization" if variant == "ct" else "ZScoreNormalization"], "use_mask_for_norm": [False],
              "resampling_fn_data": "resample_data_or_seg_to_shape", "resampling_fn_seg": "resample_data_or_seg_to_shape",
              "resampling_fn_data_kwargs": {"is_seg": False, "order": 3, "order_z": 0, "force_separate_z": None},
              "resampling_fn_seg_kwargs": {"is_seg": True, "order": 1, "order_z": 0, "force_separate_z": None},
              "resampling_fn_probabilities": "resample_data_or_seg_to_shape",
              "resampling_fn_probabilities_kwargs": {"is_seg": False, "order": 1, "order_z": 0, "force_separate_z": None},
              "batch_dice": False}
    if variant == "old_plans":
        config.update({"UNet_class_name": "PlainConvUNet", "UNet_base_num_features": FEATURES[0], "unet_max_num_features": FEATURES[-1],
                       "n_conv_per_stage_encoder": CONVS, "n_conv_per_stage_decoder": DECODER_CONVS, "num_pool_per_axis": [1, 2, 2],
                       "pool_op_kernel_sizes": STRIDES, "conv_kernel_sizes": KERNELS})
    else:
        name = ("dynamic_network_architectures.architectures.unet.ResidualEncoderUNet" if variant == "resenc"
                else "dynamic_network_architectures.architectures.unet.PlainConvUNet")
        config["architecture"] = {"network_class_name": name, "arch_kwargs": arch_kwargs(),
                                  "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"]}
    plans = {"dataset_name": "Dataset999_FakeKnee", "plans_name": "nnUNetPlans", "original_median_spacing_after_transp": [0.7, 0.3646, 0.3646],
             "original_median_shape_after_transp": [160, 384, 384], "image_reader_writer": "SimpleITKIO",
             "transpose_forward": [0, 1, 2], "transpose_backward": [0, 1, 2], "configurations": {"3d_fullres": config},
             "experiment_planner_used": "ExperimentPlanner", "label_manager": "LabelManager",
             "foreground_intensity_properties_per_channel": {"0": {"max": 1200.0, "mean": 310.5, "median": 290.0, "min": 0.0,
                                                                   "percentile_00_5": 12.0, "percentile_99_5": 905.0, "std": 151.25}}}
    with open(os.path.join(folder, "dataset.json"), "w") as f:
        json.dump(dataset, f, indent=4)
    with open(os.path.join(folder, "plans.json"), "w") as f:
        json.dump(plans, f, indent=4)
    checkpoint = {"network_weights": weights(len(LABELS), np.random.default_rng(99)), "optimizer_state": {}, "grad_scaler_state": None,
                  "logging": {}, "_best_ema": 0.5, "current_epoch": 1000,
                  "init_args": {"plans": plans, "configuration": "3d_fullres", "fold": 0, "dataset_json": dataset, "unpack_dataset": True,
                                "device": torch.device("cpu")},
                  "trainer_name": "nnUNetTrainer", "inference_allowed_mirroring_axes": (0, 1, 2)}
    torch.save(checkpoint, os.path.join(folder, "fold_0", "checkpoint_final.pth"))
    print(folder)


def forward(sd, x):
    """PlainConvUNet's forward pass (deep supervision off) from the weights: conv, instance norm, leaky ReLU (0.01)."""

    def block(prefix, x, stride):
        w = sd[prefix + ".conv.weight"]
        x = F.conv3d(x, w, sd[prefix + ".conv.bias"], stride=stride, padding=[(k - 1) // 2 for k in w.shape[2:]])
        x = F.instance_norm(x, weight=sd[prefix + ".norm.weight"], bias=sd[prefix + ".norm.bias"], eps=1e-5)
        return F.leaky_relu(x, 0.01)

    skips = []
    for s in range(len(FEATURES)):
        for i in range(CONVS[s]):
            x = block("encoder.stages.%d.0.convs.%d" % (s, i), x, STRIDES[s] if i == 0 else 1)
        skips.append(x)
    x = skips[-1]
    for s in range(len(FEATURES) - 1):
        x = F.conv_transpose3d(x, sd["decoder.transpconvs.%d.weight" % s], sd["decoder.transpconvs.%d.bias" % s], stride=STRIDES[-(s + 1)])
        x = torch.cat((x, skips[-(s + 2)]), 1)
        for i in range(DECODER_CONVS[s]):
            x = block("decoder.stages.%d.convs.%d" % (s, i), x, 1)
    last = len(FEATURES) - 2
    return F.conv3d(x, sd["decoder.seg_layers.%d.weight" % last], sd["decoder.seg_layers.%d.bias" % last])


def run_forward(trained, input_file, dims, mirror, output_file, what):
    sd = torch.load(os.path.join(trained, "fold_0", "checkpoint_final.pth"), map_location="cpu")["network_weights"]
    shape = [int(d) for d in dims.split(",")]
    x = torch.from_numpy(np.fromfile(input_file, dtype="<f4").reshape([1, 1] + shape))
    with torch.no_grad():
        if what == "logits":
            out = forward(sd, x)[0]
        else:
            axes = [] if mirror == "-" else [int(a) for a in mirror.split(",")]
            out = torch.zeros(len(LABELS), *shape)
            combinations = [c for n in range(len(axes) + 1) for c in itertools.combinations(axes, n)]
            for c in combinations:
                flip = [a + 2 for a in c]
                y = forward(sd, torch.flip(x, flip) if flip else x)
                y = torch.softmax(y, 1)
                out += (torch.flip(y, flip) if flip else y)[0]
            out /= len(combinations)
    out.numpy().astype("<f4").tofile(output_file)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        for v in sys.argv[3].split(","):
            make(sys.argv[2], v)
    elif sys.argv[1] == "forward":
        run_forward(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7] if len(sys.argv) > 7 else "probabilities")
    else:
        sys.exit("usage: see the docstring")

#!/usr/bin/python3
"""Exports a trained nnU-Net v2 model (one fold) to a ChondroJ model folder (model.onnx + model.json).

  /usr/bin/python3 tools/export_nnunet.py TRAINED_MODEL_DIR OUT_DIR --axes S,A,R \\
      --classes 1=femur,2=femoral_cartilage,3=tibia,4=tibial_cartilage,5=patella,6=patellar_cartilage [--fold 0]

TRAINED_MODEL_DIR is nnU-Net's trainer folder, e.g.
nnUNet_results/Dataset123_Knee/nnUNetTrainer__nnUNetPlans__3d_fullres, holding dataset.json, plans.json and
fold_N/checkpoint_final.pth. Needs only torch and onnx (Debian: python3-torch, python3-onnx); nnunetv2 is not used.

What is read:
  * the checkpoint's 'network_weights' (loaded strictly), 'init_args'['configuration'] (else the folder name's last
    part) and 'inference_allowed_mirroring_axes' (-> mirror_axes; none when absent, as nnU-Net's predictor);
  * plans.json's configuration (with 'inherits_from' resolved): 'patch_size' -> patch_size, 'spacing' -> spacing_mm,
    'normalization_schemes'/'use_mask_for_norm' -> normalization, 'architecture' -> the network (plans written before
    nnU-Net 2.4, without 'architecture', are converted as nnU-Net converts them: PlainConvUNet only);
  * dataset.json's 'channel_names' (one channel only) and 'labels' (-> classes, through --classes).

The network: dynamic_network_architectures' class named by the plans when that package is installed; otherwise this
script's own re-implementation of PlainConvUNet (nnU-Net's default "3d_fullres" network: its module and parameter
names, so the checkpoint loads strictly). Any other architecture (ResidualEncoderUNet of the ResEnc presets, custom
trainers' networks) needs the real package and is refused without it. Deep supervision is off (only the full
resolution output). The ONNX network has the fixed input [1, 1, p0, p1, p2] ("image") and output [1, K, p0, p1, p2]
of logits ("logits"), K = the number of labels.

Normalisation: ZScoreNormalization -> "zscore" (ChondroJ uses the whole image's mean and standard deviation on the
network's grid; with use_mask_for_norm nnU-Net uses the voxels inside its crop mask: the same where the image has no
zero-valued background, which is the case of knee MRI; a warning is printed); CTNormalization -> "clip_zscore" with
the plans' foreground percentiles 0.5 and 99.5 and mean and std; NoNormalization -> "none". Others are refused.

Axes (--axes, required): the patient direction each of the network's three input dimensions grows towards, as
model.json's "axes". nnU-Net's arrays are SimpleITK's arrays of the training images, i.e. the image file's voxel axes
reversed (k, j, i), then transposed by the plans' 'transpose_forward' t (network dimension d = array axis t[d]). So:
take one training image (imagesTr/*_0000.nii.gz), get the direction its voxel index i, j, k grows towards (e.g.
python3 -c "import nibabel as n; print(n.aff2axcodes(n.load('case_0000.nii.gz').affine))" prints nibabel's codes,
e.g. ('L', 'P', 'S'), where each letter is the direction the index grows towards), reverse them (S, P, L), and reorder
by transpose_forward (printed by this script; [0, 1, 2] leaves them). All training images must share that orientation
(nnU-Net does not reorient them); if they do not, the model has learnt a mixture and no single "axes" is right.
Exception: plans whose image_reader_writer is NibabelIOWithReorient reoriented every image to RAS, so the array runs
S, A, R before transpose_forward; the script warns when --axes differs from that.

Classes (--classes, required): every foreground label of dataset.json mapped to a ChondroJ structure, as
LABEL=STRUCTURE with LABEL the label's value or name in dataset.json; background (0) is "background".

Limits: one fold per export (nnU-Net averages the folds: export one, or use ChondroJ with one); region-based
training (label values that are lists) and cascades (3d_cascade_fullres needs the low-resolution stage's
segmentation) are refused; nnU-Net resamples with third-order splines and normalises before resampling, ChondroJ
resamples linearly and normalises after, so the probabilities differ slightly from nnU-Net's own prediction.
The checkpoint is a Python pickle: export only checkpoints you trust.
"""
import argparse
import json
import os
import pydoc
import sys
import warnings

STRUCTURES = ["background", "femur", "femoral_cartilage", "tibia", "tibial_cartilage", "patella", "patellar_cartilage",
              "femoral_lesion", "tibial_lesion", "patellar_lesion"]
DIRECTIONS = {"L": 0, "R": 0, "A": 1, "P": 1, "S": 2, "I": 2}
PLAIN_CONV_UNET = "dynamic_network_architectures.architectures.unet.PlainConvUNet"


class ExportError(Exception):
    """A problem with the input, named by its file: printed as one line, exit status 2."""


def load_json(path):
    if not os.path.isfile(path):
        raise ExportError("%s: missing (a trained nnU-Net model folder holds dataset.json, plans.json and fold_N/)" % path)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError as e:
        raise ExportError("%s: not valid JSON (%s)" % (path, e))


def configuration(plans, name, plans_file):
    """The configuration's dict with 'inherits_from' resolved (as nnU-Net's PlansManager)."""
    configurations = plans.get("configurations", {})
    seen = []
    chain = []
    while True:
        if name not in configurations:
            raise ExportError("%s: no configuration \"%s\" (it has %s)" % (plans_file, name, ", ".join(configurations)))
        if name in seen:
            raise ExportError("%s: configurations inherit from each other in a circle: %s" % (plans_file, " -> ".join(seen + [name])))
        seen.append(name)
        chain.append(configurations[name])
        if "inherits_from" not in configurations[name]:
            break
        name = configurations[name]["inherits_from"]
    merged = {}
    for c in reversed(chain):
        merged.update(c)
    return merged


def architecture(config, plans_file):
    """(class name, arch_kwargs, names of the kwargs holding import paths), converting plans older than nnU-Net 2.4."""
    if "architecture" in config:
        a = config["architecture"]
        return a["network_class_name"], dict(a["arch_kwargs"]), list(a.get("_kw_requires_import", []))
    if config.get("UNet_class_name") != "PlainConvUNet":
        raise ExportError("%s: old plans format with network \"%s\": only PlainConvUNet can be converted; rerun nnU-Net's planning"
                          % (plans_file, config.get("UNet_class_name")))
    n = len(config["n_conv_per_stage_encoder"])
    dim = len(config["patch_size"])
    return PLAIN_CONV_UNET, {
        "n_stages": n,
        "features_per_stage": [min(config["UNet_base_num_features"] * 2 ** i, config["unet_max_num_features"]) for i in range(n)],
        "conv_op": "torch.nn.modules.conv.Conv%dd" % dim,
        "kernel_sizes": config["conv_kernel_sizes"],
        "strides": config["pool_op_kernel_sizes"],
        "n_conv_per_stage": config["n_conv_per_stage_encoder"],
        "n_conv_per_stage_decoder": config["n_conv_per_stage_decoder"],
        "conv_bias": True,
        "norm_op": "torch.nn.modules.instancenorm.InstanceNorm%dd" % dim,
        "norm_op_kwargs": {"eps": 1e-05, "affine": True},
        "dropout_op": None, "dropout_op_kwargs": None,
        "nonlin": "torch.nn.LeakyReLU", "nonlin_kwargs": {"inplace": True},
    }, ["conv_op", "norm_op", "dropout_op", "nonlin"]


def build_network(class_name, kwargs, requires_import, channels, classes, plans_file):
    """The network with deep supervision off: dynamic_network_architectures' class, or the re-implementation below."""
    kwargs = dict(kwargs)
    for key in requires_import:
        if kwargs.get(key) is not None:
            located = pydoc.locate(kwargs[key])
            if located is None:
                raise ExportError("%s: architecture member %s names \"%s\", which cannot be imported" % (plans_file, key, kwargs[key]))
            kwargs[key] = located
    try:
        import dynamic_network_architectures  # noqa: F401 (the real package, when installed)
        cls = pydoc.locate(class_name)
        if cls is None:
            raise ExportError("%s: the network class %s cannot be imported" % (plans_file, class_name))
        source = "dynamic_network_architectures"
    except ImportError:
        if class_name.split(".")[-1] != "PlainConvUNet":
            raise ExportError("%s: the network is %s; without the dynamic_network_architectures package this script can build "
                              "PlainConvUNet only (other architectures, e.g. ResidualEncoderUNet, need the real package installed)"
                              % (plans_file, class_name))
        cls = PlainConvUNet
        source = "tools/export_nnunet.py's PlainConvUNet"
    network = cls(input_channels=channels, num_classes=classes, deep_supervision=False, **kwargs)
    if hasattr(network, "decoder") and hasattr(network.decoder, "deep_supervision"):
        network.decoder.deep_supervision = False
    return network, source


# --- a minimal PlainConvUNet (nnU-Net's default network), with the module names of dynamic_network_architectures so
# that nnU-Net's checkpoints load strictly: encoder.stages.S.0.convs.I.{conv,norm,all_modules.N},
# decoder.{stages.S.convs.I..., transpconvs.S, seg_layers.S}, and decoder.encoder (the decoder refers to the encoder).

import torch  # noqa: E402
from torch import nn  # noqa: E402


def _per_stage(value, n):
    return list(value) if isinstance(value, (list, tuple)) else [value] * n


def _triple(value, dim):
    return list(value) if isinstance(value, (list, tuple)) else [value] * dim


class ConvBlock(nn.Module):
    """Convolution ("same" padding), optional dropout, norm and non-linearity, in that order (or non-linearity first)."""

    def __init__(self, conv_op, cin, cout, kernel, stride, bias, norm_op, norm_kwargs, dropout_op, dropout_kwargs, nonlin,
                 nonlin_kwargs, nonlin_first):
        super().__init__()
        dim = 3 if conv_op is nn.Conv3d else 2
        kernel = _triple(kernel, dim)
        self.conv = conv_op(cin, cout, kernel, _triple(stride, dim), padding=[(k - 1) // 2 for k in kernel], dilation=1, bias=bias)
        ops = [self.conv]
        if dropout_op is not None:
            self.dropout = dropout_op(**(dropout_kwargs or {}))
            ops.append(self.dropout)
        if norm_op is not None:
            self.norm = norm_op(cout, **(norm_kwargs or {}))
            ops.append(self.norm)
        if nonlin is not None:
            self.nonlin = nonlin(**(nonlin_kwargs or {}))
            ops.append(self.nonlin)
        if nonlin_first and norm_op is not None and nonlin is not None:
            ops[-1], ops[-2] = ops[-2], ops[-1]
        self.all_modules = nn.Sequential(*ops)

    def forward(self, x):
        return self.all_modules(x)


class ConvStack(nn.Module):
    """n ConvBlocks, the first with the stride."""

    def __init__(self, n, conv_op, cin, cout, kernel, stride, *block_args):
        super().__init__()
        self.convs = nn.Sequential(*[ConvBlock(conv_op, cin if i == 0 else cout, cout, kernel, stride if i == 0 else 1, *block_args)
                                     for i in range(n)])

    def forward(self, x):
        return self.convs(x)


class Encoder(nn.Module):
    def __init__(self, channels, n_stages, features, conv_op, kernels, strides, n_convs, block_args):
        super().__init__()
        stages = []
        for s in range(n_stages):
            stages.append(nn.Sequential(ConvStack(n_convs[s], conv_op, channels, features[s], kernels[s], strides[s], *block_args)))
            channels = features[s]
        self.stages = nn.Sequential(*stages)
        self.features = features
        self.strides = strides

    def forward(self, x):
        skips = []
        for stage in self.stages:
            x = stage(x)
            skips.append(x)
        return skips


class Decoder(nn.Module):
    def __init__(self, encoder, classes, n_convs, conv_op, kernels, bias, block_args):
        super().__init__()
        self.encoder = encoder
        self.deep_supervision = False
        transposed = nn.ConvTranspose3d if conv_op is nn.Conv3d else nn.ConvTranspose2d
        n = len(encoder.features)
        stages, transpconvs, seg_layers = [], [], []
        for s in range(1, n):
            below, skip = encoder.features[-s], encoder.features[-(s + 1)]
            stride = encoder.strides[-s]
            transpconvs.append(transposed(below, skip, stride, stride, bias=bias))
            stages.append(ConvStack(n_convs[s - 1], conv_op, 2 * skip, skip, kernels[-(s + 1)], 1, *block_args))
            seg_layers.append(conv_op(skip, classes, 1, 1, 0, bias=True))
        self.stages = nn.ModuleList(stages)
        self.transpconvs = nn.ModuleList(transpconvs)
        self.seg_layers = nn.ModuleList(seg_layers)

    def forward(self, skips):
        x = skips[-1]
        for s in range(len(self.stages)):
            x = self.stages[s](torch.cat((self.transpconvs[s](x), skips[-(s + 2)]), 1))
        return self.seg_layers[-1](x)


class PlainConvUNet(nn.Module):
    """nnU-Net's PlainConvUNet without deep supervision (the full-resolution output only)."""

    def __init__(self, input_channels, n_stages, features_per_stage, conv_op, kernel_sizes, strides, n_conv_per_stage, num_classes,
                 n_conv_per_stage_decoder, conv_bias=False, norm_op=None, norm_op_kwargs=None, dropout_op=None, dropout_op_kwargs=None,
                 nonlin=None, nonlin_kwargs=None, deep_supervision=False, nonlin_first=False):
        super().__init__()
        if conv_op not in (nn.Conv3d, nn.Conv2d):
            raise ExportError("conv_op %s is not supported by the re-implemented PlainConvUNet" % conv_op)
        dim = 3 if conv_op is nn.Conv3d else 2
        features = _per_stage(features_per_stage, n_stages)
        kernels = [_triple(k, dim) for k in _per_stage(kernel_sizes, n_stages)]
        stride_list = [_triple(s, dim) for s in _per_stage(strides, n_stages)]
        block_args = (conv_bias, norm_op, norm_op_kwargs, dropout_op, dropout_op_kwargs, nonlin, nonlin_kwargs, nonlin_first)
        self.encoder = Encoder(input_channels, n_stages, features, conv_op, kernels, stride_list, _per_stage(n_conv_per_stage, n_stages),
                               block_args)
        self.decoder = Decoder(self.encoder, num_classes, _per_stage(n_conv_per_stage_decoder, n_stages - 1), conv_op, kernels, conv_bias,
                               block_args)

    def forward(self, x):
        return self.decoder(self.encoder(x))


# --- the export

def normalization(config, plans, plans_file):
    scheme = config["normalization_schemes"][0]
    if scheme == "ZScoreNormalization":
        if config.get("use_mask_for_norm", [False])[0]:
            print("warning: %s: use_mask_for_norm is true: nnU-Net normalised with the mean and std of the voxels inside its crop "
                  "mask; ChondroJ uses the whole image (the same where the image has no zero-valued background)" % plans_file, file=sys.stderr)
        return {"type": "zscore"}
    if scheme == "CTNormalization":
        p = plans.get("foreground_intensity_properties_per_channel", plans.get("foreground_intensity_properties_by_modality", {})).get("0")
        if p is None:
            raise ExportError("%s: CTNormalization without foreground_intensity_properties_per_channel[\"0\"]" % plans_file)
        return {"type": "clip_zscore", "clip": [p["percentile_00_5"], p["percentile_99_5"]], "mean": p["mean"], "std": max(p["std"], 1e-8)}
    if scheme == "NoNormalization":
        return {"type": "none"}
    raise ExportError("%s: normalization scheme %s has no ChondroJ equivalent (ZScoreNormalization, CTNormalization, NoNormalization)"
                      % (plans_file, scheme))


def classes(dataset, mapping, dataset_file):
    labels = dataset.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise ExportError("%s: no \"labels\"" % dataset_file)
    by_value = {}
    for name, value in labels.items():
        if not isinstance(value, int):
            raise ExportError("%s: label \"%s\" is %s: region-based training is not supported (each output channel must be one label)"
                              % (dataset_file, name, json.dumps(value)))
        by_value[value] = name
    if sorted(by_value) != list(range(len(by_value))):
        raise ExportError("%s: label values must be 0 ... K-1, found %s" % (dataset_file, sorted(by_value)))
    names = {"0": "background"}
    for item in [m for m in mapping.split(",") if m.strip()]:
        if "=" not in item:
            raise ExportError("--classes: \"%s\" is not LABEL=STRUCTURE" % item)
        key, structure = [x.strip() for x in item.split("=", 1)]
        value = int(key) if key.isdigit() else labels.get(key)
        if value not in by_value:
            raise ExportError("--classes: \"%s\" is not a label of %s (%s)" % (key, dataset_file,
                                                                              ", ".join("%d=%s" % (v, n) for v, n in sorted(by_value.items()))))
        if structure not in STRUCTURES:
            raise ExportError("--classes: \"%s\" (for label %s) is not a ChondroJ structure name; known: %s" % (structure, key, ", ".join(STRUCTURES)))
        if value == 0 and structure != "background":
            raise ExportError("--classes: label 0 is nnU-Net's background; it stays \"background\"")
        names[str(value)] = structure
    missing = [v for v in sorted(by_value) if str(v) not in names]
    if missing:
        raise ExportError("--classes: labels %s of %s are not mapped (%s)" % (missing, dataset_file, ", ".join("%d=%s" % (v, by_value[v]) for v in missing)))
    used = [names[str(v)] for v in sorted(by_value)]
    duplicates = sorted({s for s in used if used.count(s) > 1})
    if duplicates:
        raise ExportError("--classes: %s given to more than one label; each structure is one class" % ", ".join(duplicates))
    return {str(v): names[str(v)] for v in sorted(by_value)}


def parse_axes(text):
    axes = [a.strip().upper() for a in text.replace(",", " ").split()] if ("," in text or " " in text) else list(text.strip().upper())
    if len(axes) != 3 or any(a not in DIRECTIONS for a in axes) or len({DIRECTIONS[a] for a in axes}) != 3:
        raise ExportError("--axes: \"%s\" is not three patient directions, one of L/R, one of A/P and one of S/I (e.g. S,A,R)" % text)
    return axes


def load_checkpoint(path):
    if not os.path.isfile(path):
        raise ExportError("%s: missing (the fold's checkpoint; see --fold and --checkpoint)" % path)
    try:
        try:
            return torch.load(path, map_location="cpu", weights_only=False)
        except TypeError:  # torch before 1.13 has no weights_only
            return torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001 (any unpickling problem is the file's)
        raise ExportError("%s: not a checkpoint torch can load (%s)" % (path, str(e).splitlines()[0] if str(e) else type(e).__name__))


def export(args):
    folder = args.model_dir
    if not os.path.isdir(folder):
        raise ExportError("%s: no such folder (give nnU-Net's trained model folder, e.g. nnUNet_results/DatasetXXX/"
                          "nnUNetTrainer__nnUNetPlans__3d_fullres)" % folder)
    dataset_file, plans_file = os.path.join(folder, "dataset.json"), os.path.join(folder, "plans.json")
    dataset, plans = load_json(dataset_file), load_json(plans_file)
    checkpoint_file = os.path.join(folder, "fold_%s" % args.fold, args.checkpoint)
    checkpoint = load_checkpoint(checkpoint_file)
    if not isinstance(checkpoint, dict) or "network_weights" not in checkpoint:
        raise ExportError("%s: no 'network_weights' (not an nnU-Net v2 checkpoint)" % checkpoint_file)
    init_args = checkpoint.get("init_args") or {}
    config_name = args.configuration or init_args.get("configuration") or os.path.basename(os.path.normpath(folder)).split("__")[-1]
    config = configuration(plans, config_name, plans_file)
    if "previous_stage" in config:
        raise ExportError("%s: configuration %s is a cascade stage (it reads the previous stage's segmentation); export a single-stage "
                          "configuration such as 3d_fullres" % (plans_file, config_name))
    patch = [int(p) for p in config["patch_size"]]
    if len(patch) != 3:
        raise ExportError("%s: configuration %s is %d-D (patch %s); ChondroJ runs 3-D networks" % (plans_file, config_name, len(patch), patch))
    channels = dataset.get("channel_names", dataset.get("modality", {}))
    if len(channels) != 1:
        raise ExportError("%s: the model reads %d input channels (%s); ChondroJ gives a network one image" % (dataset_file, len(channels),
                                                                                                          json.dumps(channels)))
    class_names = classes(dataset, args.classes, dataset_file)
    axes = parse_axes(args.axes)
    norm = normalization(config, plans, plans_file)
    class_name, kwargs, requires_import = architecture(config, plans_file)
    network, source = build_network(class_name, kwargs, requires_import, 1, len(class_names), plans_file)
    weights = checkpoint["network_weights"]
    weights = {(k[len("_orig_mod."):] if k.startswith("_orig_mod.") else k[len("module."):] if k.startswith("module.") else k): v
               for k, v in weights.items()}
    result = network.load_state_dict(weights, strict=False)
    if result.missing_keys or result.unexpected_keys:
        raise ExportError("%s: the weights do not fit the plans' %s (%s): missing %s, unexpected %s" % (
            checkpoint_file, class_name.split(".")[-1], source, result.missing_keys[:4] + (["..."] if len(result.missing_keys) > 4 else []),
            result.unexpected_keys[:4] + (["..."] if len(result.unexpected_keys) > 4 else [])))
    network.eval()
    mirror = checkpoint.get("inference_allowed_mirroring_axes")
    mirror = [] if mirror is None or args.no_mirroring else sorted(int(a) for a in mirror)

    os.makedirs(args.out_dir, exist_ok=True)
    onnx_file = os.path.join(args.out_dir, "model.onnx")
    warnings.filterwarnings("ignore", message=".*operator 'instance_norm' is set to train=True.*")  # instance norm has no running statistics
    with torch.no_grad():
        example = torch.zeros(1, 1, *patch)
        logits = network(example)
        if tuple(logits.shape) != (1, len(class_names), *patch):
            raise ExportError("%s: the network's output has shape %s, expected %s" % (checkpoint_file, tuple(logits.shape),
                                                                                     (1, len(class_names), *patch)))
        torch.onnx.export(network, example, onnx_file, input_names=["image"], output_names=["logits"], opset_version=args.opset,
                          do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(onnx_file))

    transpose = plans.get("transpose_forward", [0, 1, 2])
    if plans.get("image_reader_writer") == "NibabelIOWithReorient":
        expected = [["S", "A", "R"][t] for t in transpose]
        if axes != expected:
            print("warning: %s: the images were reoriented to RAS (NibabelIOWithReorient), so the network's axes are %s, not --axes %s"
                  % (plans_file, ",".join(expected), ",".join(axes)), file=sys.stderr)
    description = ("nnU-Net v2 %s, plans %s, configuration %s, fold %s (%s; network built by %s), exported by tools/export_nnunet.py; "
                   "nnU-Net's transpose_forward %s" % (checkpoint.get("trainer_name", "?"), plans.get("plans_name", "?"), config_name, args.fold,
                                                       os.path.abspath(folder), source, transpose))
    model = {
        "format": "chondroj-model/1",
        "name": args.name or "%s-%s-fold_%s" % (plans.get("dataset_name", os.path.basename(os.path.dirname(os.path.abspath(folder)))), config_name,
                                                args.fold),
        "description": description,
        "axes": axes,
        "spacing_mm": [float(s) for s in config["spacing"]],
        "normalization": norm,
        "patch_size": patch,
        "step_fraction": args.step_fraction,
        "mirror_axes": mirror,
        "classes": class_names,
    }
    with open(os.path.join(args.out_dir, "model.json"), "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2)
        f.write("\n")
    print("wrote %s and model.json: %s, patch %s, spacing %s mm, %s, mirror %s, %d classes, axes %s (transpose_forward %s)" % (
        onnx_file, source, patch, model["spacing_mm"], norm["type"], mirror, len(class_names), ",".join(axes), transpose))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir", help="nnU-Net's trained model folder (dataset.json, plans.json, fold_N/)")
    parser.add_argument("out_dir", help="the ChondroJ model folder to write (model.onnx, model.json)")
    parser.add_argument("--axes", required=True, help="patient directions of the network's input dimensions 0, 1, 2, e.g. S,A,R (see below)")
    parser.add_argument("--classes", required=True, help="LABEL=STRUCTURE,... for every foreground label of dataset.json (see below)")
    parser.add_argument("--fold", default="0", help="the fold to export: N or all (folder fold_N); default 0")
    parser.add_argument("--checkpoint", default="checkpoint_final.pth", help="the checkpoint file in the fold's folder")
    parser.add_argument("--configuration", help="the plans' configuration (default: the checkpoint's, else the folder name's)")
    parser.add_argument("--name", help="model.json's name")
    parser.add_argument("--step-fraction", type=float, default=0.5, help="sliding-window step as a fraction of the patch (nnU-Net: 0.5)")
    parser.add_argument("--no-mirroring", action="store_true", help="no mirror_axes (2^n times faster, slightly less accurate)")
    parser.add_argument("--opset", type=int, default=13, help="ONNX opset (default 13)")
    args = parser.parse_args(argv)
    if not 0 < args.step_fraction <= 1:
        parser.error("--step-fraction must be above 0 and at most 1")
    try:
        export(args)
    except ExportError as e:
        print("export_nnunet.py: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the PyTorch checkpoint fixtures of tests/AlgoLens.Tests/Fixtures/pt/ without torch.

torch.save (>= 1.6) writes a zip of STORED entries: <archive>/data.pkl (a pickle, protocol 2 by
default), <archive>/data/<key> (each storage's raw little-endian bytes), <archive>/version,
<archive>/byteorder and a few small records, each entry's data aligned to 64 bytes with padding
in the local header's extra field. In data.pkl a tensor is
    torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, OrderedDict())
where `storage` is a persistent id ('storage', torch.FloatStorage, key, location, numel), and a
state dict is a collections.OrderedDict carrying a `_metadata` attribute (pickled with BUILD).

This script imitates that with Python's own pickle module: it puts stand-ins for the few torch
names in sys.modules, so that the standard Pickler emits exactly the GLOBAL, REDUCE, BINPERSID and
memo opcodes that torch's (which is the same Pickler) would. The files are kept as golden bytes;
expected.json holds, for each file, the float32 values the importer must produce (or the refusal
it must give), so the C# tests check numbers, not just that something loaded.

Run from the repository root:  python3 tools/make_pt_fixtures.py
"""

import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile

OUT = os.path.join("tests", "AlgoLens.Tests", "Fixtures", "pt")

# --- stand-ins for the torch names a checkpoint refers to ---------------------------------------

torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
torch._utils = torch_utils
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils


def _global(module, name, obj):
    obj.__module__ = module.__name__
    obj.__qualname__ = name
    obj.__name__ = name
    setattr(module, name, obj)
    return obj


def _rebuild_tensor_v2(*args):
    raise AssertionError("never called: the fixtures are only pickled")


def _rebuild_parameter(*args):
    raise AssertionError("never called")


_global(torch_utils, "_rebuild_tensor_v2", _rebuild_tensor_v2)
_global(torch_utils, "_rebuild_parameter", _rebuild_parameter)

# storage type -> (struct format of one element, element size)
STORAGE_TYPES = {
    "FloatStorage": ("<f", 4),
    "DoubleStorage": ("<d", 8),
    "HalfStorage": ("<e", 2),
    "BFloat16Storage": (None, 2),
    "LongStorage": ("<q", 8),
    "BoolStorage": ("<?", 1),
}
for _name in STORAGE_TYPES:
    _global(torch, _name, type(_name, (), {}))


def f32(x):
    """x rounded to float32, as a Python float (exactly the value the importer must produce)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def bf16_bytes(x):
    bits = struct.unpack("<I", struct.pack("<f", x))[0]
    assert bits & 0xFFFF == 0, f"{x} is not exact in bfloat16"
    return struct.pack("<H", bits >> 16)


class Storage:
    """One torch storage: its type, key, device and elements."""

    def __init__(self, kind, key, values, location="cpu"):
        self.kind, self.key, self.values, self.location = kind, key, list(values), location

    def data(self):
        fmt, _ = STORAGE_TYPES[self.kind]
        if self.kind == "BFloat16Storage":
            return b"".join(bf16_bytes(v) for v in self.values)
        return b"".join(struct.pack(fmt, v) for v in self.values)


class Tensor:
    """A view of a storage, pickled as torch pickles a tensor."""

    def __init__(self, storage, offset, size, stride, parameter=False):
        self.storage, self.offset, self.size, self.stride, self.parameter = storage, offset, tuple(size), tuple(stride), parameter

    def __reduce_ex__(self, protocol):
        if self.parameter:
            plain = Tensor(self.storage, self.offset, self.size, self.stride)
            return (_rebuild_parameter, (plain, True, collections.OrderedDict()))
        return (_rebuild_tensor_v2, (self.storage, self.offset, self.size, self.stride, False, collections.OrderedDict()))

    def logical(self):
        """The values in row-major order of `size`, read through offset and strides."""
        out = []

        def walk(dim, base):
            if dim == len(self.size):
                out.append(self.storage.values[base])
                return
            for i in range(self.size[dim]):
                walk(dim + 1, base + i * self.stride[dim])

        walk(0, self.offset)
        return out


class TorchPickler(pickle.Pickler):
    """torch.save's persistent_id: storages go to data/<key>, the pickle holds only their ids."""

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", getattr(torch, obj.kind), obj.key, obj.location, getattr(obj, "numel", len(obj.values)))
        return None


class Evil:
    """What an attacker pickles: a call to os.system that a plain pickle.load would run."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/algolens-pt-fixture-pwned",))


# --- the tiny model ------------------------------------------------------------------------------

CONFIG = dict(n_layers=1, d_model=8, n_heads=2, d_head=4, d_mlp=16, d_vocab=5, d_vocab_out=5, n_ctx=3,
              act_fn="relu", normalization_type="LN", attn_only=False, eps=1e-05)


def values(seed, count):
    """Small multiples of 1/64: exact in float32, float16 and bfloat16."""
    return [((seed * 31 + i * 7) % 64 - 32) / 64 for i in range(count)]


def contiguous_strides(size):
    strides, step = [], 1
    for d in reversed(size):
        strides.insert(0, step)
        step *= d
    return tuple(strides)


def build_state_dict():
    """TransformerLens's names for the tiny model, stored in the awkward ways real checkpoints use."""
    keys = iter(str(i) for i in range(1000))
    sd = collections.OrderedDict()
    tensors = {}

    def plain(name, size, seed, kind="FloatStorage", location="cpu", parameter=False, vals=None):
        count = 1
        for d in size:
            count *= d
        storage = Storage(kind, next(keys), vals if vals is not None else values(seed, count), location)
        tensors[name] = Tensor(storage, 0, size, contiguous_strides(size), parameter)
        return tensors[name]

    # embed.W_E [5, 8] is the transpose of a [8, 5] storage: a non-contiguous view (stride (1, 5)).
    we = Storage("FloatStorage", next(keys), values(1, 40))
    tensors["embed.W_E"] = Tensor(we, 0, (5, 8), (1, 5))
    # pos_embed.W_pos [3, 8] starts 5 elements into a larger storage (a storage offset).
    pos = Storage("FloatStorage", next(keys), values(2, 5 + 24 + 3))
    tensors["pos_embed.W_pos"] = Tensor(pos, 5, (3, 8), (8, 1))
    # ln1.w is an expanded single element (stride 0), as torch.ones(1).expand(8) saves.
    tensors["blocks.0.ln1.w"] = Tensor(Storage("FloatStorage", next(keys), [1.0]), 0, (8,), (0,))
    plain("blocks.0.ln1.b", (8,), 3)
    # W_Q, W_K and W_V are three views of one fused QKV storage, at offsets 0, 64 and 128.
    qkv = Storage("FloatStorage", next(keys), values(4, 192))
    for i, name in enumerate(["W_Q", "W_K", "W_V"]):
        tensors[f"blocks.0.attn.{name}"] = Tensor(qkv, 64 * i, (2, 8, 4), (32, 4, 1))
    plain("blocks.0.attn.W_O", (2, 4, 8), 5, location="cuda:0")
    plain("blocks.0.attn.b_Q", (2, 4), 6)
    plain("blocks.0.attn.b_K", (2, 4), 7)
    plain("blocks.0.attn.b_V", (2, 4), 8)
    plain("blocks.0.attn.b_O", (8,), 9, kind="BFloat16Storage")
    # TransformerLens's buffers: not parameters, kept out of the weights by the importer.
    plain("blocks.0.attn.mask", (3, 3), 0, kind="BoolStorage", vals=[i >= j for i in range(3) for j in range(3)])
    plain("blocks.0.attn.IGNORE", (), 0, vals=[-1e5])
    plain("blocks.0.ln2.w", (8,), 10)
    plain("blocks.0.ln2.b", (8,), 11)
    plain("blocks.0.mlp.W_in", (8, 16), 12, parameter=True)
    plain("blocks.0.mlp.b_in", (16,), 13)
    plain("blocks.0.mlp.W_out", (16, 8), 14)
    plain("blocks.0.mlp.b_out", (8,), 15)
    plain("ln_final.w", (8,), 16)
    plain("ln_final.b", (8,), 17)
    # float64 with values float32 cannot hold exactly: the importer rounds them.
    plain("unembed.W_U", (8, 5), 0, kind="DoubleStorage", vals=[v + 1 / 3000 for v in values(18, 40)])
    plain("unembed.b_U", (5,), 19, kind="HalfStorage")

    for name, tensor in tensors.items():
        sd[name] = tensor
    # state_dict() sets this attribute; pickle writes it with BUILD after the items.
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("embed", {"version": 1})])
    return sd, tensors


def expected_tensors(tensors):
    out = collections.OrderedDict()
    for name, t in tensors.items():
        kind = t.storage.kind
        entry = {"dtype": kind, "shape": list(t.size)}
        if kind == "BoolStorage":
            entry["values"] = [bool(v) for v in t.logical()]
        else:
            entry["values"] = [f32(v) for v in t.logical()]
        out[name] = entry
    return out


# --- writing the zip as torch does ---------------------------------------------------------------

def storages_of(obj, found):
    if isinstance(obj, Tensor):
        found.setdefault(obj.storage.key, obj.storage)
    elif isinstance(obj, dict):
        for v in obj.values():
            storages_of(v, found)
    return found


def write_entry(zf, name, data, compress=zipfile.ZIP_STORED):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compress
    # Pad the local header's extra field so the data starts on a 64-byte boundary, as torch's
    # writer does (header id "FB").
    offset = zf.fp.tell()
    pad = (-(offset + 30 + len(name.encode()) + 4)) % 64
    info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
    zf.writestr(info, data)


def save(path, obj, archive, protocol=2, pickle_bytes=None, storages=None, compress=zipfile.ZIP_STORED, extra_entries=()):
    if pickle_bytes is None:
        buffer = io.BytesIO()
        TorchPickler(buffer, protocol=protocol).dump(obj)
        pickle_bytes = buffer.getvalue()
    if storages is None:
        storages = storages_of(obj, {})
    with zipfile.ZipFile(path, "w") as zf:
        write_entry(zf, f"{archive}/data.pkl", pickle_bytes, compress)
        write_entry(zf, f"{archive}/.format_version", b"1")
        write_entry(zf, f"{archive}/.storage_alignment", b"64")
        write_entry(zf, f"{archive}/byteorder", b"little")
        for key in sorted(storages, key=int):
            write_entry(zf, f"{archive}/data/{key}", storages[key].data(), compress)
        write_entry(zf, f"{archive}/version", b"3\n")
        write_entry(zf, f"{archive}/.data/serialization_id", b"1234567890123456789012345678901234567890")
        for name, data in extra_entries:
            write_entry(zf, name, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    sd, tensors = build_state_dict()
    expected = {"config": "tiny.config.json", "files": collections.OrderedDict()}
    state = expected_tensors(tensors)

    save(os.path.join(OUT, "tiny_state_dict.pt"), sd, "tiny_state_dict")
    expected["files"]["tiny_state_dict.pt"] = {"tensors": state}

    save(os.path.join(OUT, "tiny_proto4.pt"), sd, "archive", protocol=4)
    expected["files"]["tiny_proto4.pt"] = {"tensors": state}

    # The zip64 layout torch's writer switches to past 4 GiB (zip64 sizes in each entry's extra
    # field, a zip64 end record), forced on a small file by lowering zipfile's threshold.
    limit = zipfile.ZIP64_LIMIT
    zipfile.ZIP64_LIMIT = 0
    try:
        save(os.path.join(OUT, "tiny_zip64.pt"), sd, "archive")
    finally:
        zipfile.ZIP64_LIMIT = limit
    expected["files"]["tiny_zip64.pt"] = {"tensors": state}

    nested = {"model": sd, "step": 1200, "optimizer_name": "AdamW", "hyper": {"lr": 0.001, "betas": (0.9, 0.98), "amsgrad": False, "note": None}}
    save(os.path.join(OUT, "tiny_nested.pt"), nested, "archive")
    expected["files"]["tiny_nested.pt"] = {"key": "model", "tensors": state}

    evil = collections.OrderedDict([("embed.W_E", tensors["embed.W_E"]), ("payload", Evil())])
    save(os.path.join(OUT, "malicious_os_system.pt"), evil, "archive")
    expected["files"]["malicious_os_system.pt"] = {"refused": "posix.system", "marker": "/tmp/algolens-pt-fixture-pwned"}

    # A storage id that claims 1000 elements where its entry holds 40 bytes (10 floats).
    short = Storage("FloatStorage", "0", values(1, 10))
    claim = Tensor(Storage("FloatStorage", "0", values(1, 1000)), 0, (10, 100), (100, 1))
    buffer = io.BytesIO()
    TorchPickler(buffer, protocol=2).dump(collections.OrderedDict([("embed.W_E", claim)]))
    save(os.path.join(OUT, "bad_numel.pt"), None, "archive", pickle_bytes=buffer.getvalue(), storages={"0": short})
    expected["files"]["bad_numel.pt"] = {"error": "declares 1000 elements"}

    # Integer weights: a state dict whose embed.W_E is int64 (torch.arange(40).reshape(5, 8)).
    ints = collections.OrderedDict(sd)
    ints["embed.W_E"] = Tensor(Storage("LongStorage", "900", list(range(40))), 0, (5, 8), (8, 1))
    save(os.path.join(OUT, "int_weights.pt"), ints, "archive")
    expected["files"]["int_weights.pt"] = {"error": "parameter 'embed.W_E' holds int64 values"}

    small = collections.OrderedDict([("embed.W_E", tensors["embed.W_E"])])
    save(os.path.join(OUT, "deflated.pt"), small, "archive", compress=zipfile.ZIP_DEFLATED)
    expected["files"]["deflated.pt"] = {"error": "compressed"}

    save(os.path.join(OUT, "path_traversal.pt"), small, "archive", extra_entries=[("archive/../../evil.sh", b"echo hi")])
    expected["files"]["path_traversal.pt"] = {"error": "../../evil.sh"}

    # A large state dict's data.pkl alone (2,400 tensors of a 400-layer model, protocol 4, the
    # densest opcodes torch writes): the tests measure the unpickler's memory per pickle byte on it.
    many = collections.OrderedDict()
    for layer in range(400):
        for name, size in [("attn.W_Q", (12, 768, 64)), ("attn.W_K", (12, 768, 64)), ("attn.b_Q", (12, 64)), ("ln1.w", (768,)), ("mlp.W_in", (768, 3072)), ("mlp.b_in", (3072,))]:
            numel = 1
            for d in size:
                numel *= d
            storage = Storage("FloatStorage", str(len(many)), [])
            storage.numel = numel
            many[f"blocks.{layer}.{name}"] = Tensor(storage, 0, size, contiguous_strides(size))
    buffer = io.BytesIO()
    TorchPickler(buffer, protocol=4).dump(many)
    with open(os.path.join(OUT, "many_tensors_proto4.pkl"), "wb") as f:
        f.write(buffer.getvalue())

    with open(os.path.join(OUT, "tiny.config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote {len(expected['files'])} checkpoints to {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Differential test vectors: seam's generated Rust against msgspec 0.22.

Reads the resolved models of `idl/` and `conformance/idl/` (`seam model`), builds the msgspec
equivalent of every type from the model (never by hand; the `<Name>Patch` type of every `@patch`
struct included), generates seeded random valid values, targeted invalid mutations and lax
cases, asks msgspec what it makes of each input, and writes the answers to
`conformance/vectors/*.jsonl`. `cargo test -p seam-conformance` replays them
against the generated Rust without Python.

    pip install msgspec==0.22.0
    python3 conformance/gen_vectors.py            # regenerate the vectors and docs/conformance.md counts
    python3 conformance/gen_vectors.py --check    # fail if the committed vectors are stale

The output is byte-identical on every run (all randomness is seeded per type and format, and no
output depends on Python's hash order). See docs/conformance.md for the vector format.
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import decimal
import enum
import hashlib
import json
import math
import random
import re
import subprocess
import sys
import types
import typing
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated, Any, ForwardRef, Literal, Optional, Union

try:
    import re._parser as sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore

import msgspec
from msgspec import Meta

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "conformance" / "vectors"
DOC = ROOT / "docs" / "conformance.md"
SETS = {"idl": "idl", "conformance": "conformance/idl"}
FORMATS = ("json", "msgpack")
MSGSPEC_VERSION = "0.22.0"

INT_RANGES = {
    "i8": (-(2**7), 2**7 - 1),
    "i16": (-(2**15), 2**15 - 1),
    "i32": (-(2**31), 2**31 - 1),
    "int": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1),
    "u16": (0, 2**16 - 1),
    "u32": (0, 2**32 - 1),
    "uint": (0, 2**64 - 1),
}
I64 = INT_RANGES["int"]

# How many cases per type and format.
VALID_PER_TYPE = 3
MUTATIONS_PER_KIND = 1
MAX_INVALID_PER_TYPE = 32
MAX_LAX_PER_TYPE = 12
# Length mutations of longer bounds would make single vectors of megabytes.
MAX_LENGTH_MUTATION = 4096
MAX_DEPTH = 4

JSON_ENC = msgspec.json.Encoder()
MSGPACK_ENC = msgspec.msgpack.Encoder()
JSON_DET = msgspec.json.Encoder(order="deterministic")
MSGPACK_DET = msgspec.msgpack.Encoder(order="deterministic")


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------


def load_model(idl_dir: str) -> dict:
    """The resolved model, as `seam model` prints it."""
    cmd = ["cargo", "run", "-q", "-p", "seam-codegen", "--bin", "seam", "--", "model", idl_dir]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class RoughEdges:
    """Problems of the model output itself, reported at the end of a run."""

    notes: list[str] = []

    @classmethod
    def add(cls, note: str) -> None:
        if note not in cls.notes:
            cls.notes.append(note)


def field_required(field: dict) -> bool:
    """A field is required when the model gives it no default (`seam model` leaves the
    `default` key out for a required field; `"default": null` is a default of `null`)."""
    if "required" in field:
        return bool(field["required"])
    return "default" not in field


def patch_type(types: dict[str, dict], name: str) -> dict:
    """The model entry of `<Name>Patch` (IDL.md section 6), registered as `pkg.NamePatch`: the
    base struct's fields and wire names, every field optional (its default is "unset", so it is
    left out when encoding), `null` only where the base field is nullable, the base's strict or
    compat rule; never tagged, never array-like, nothing omitted by equality with a default."""
    td = types[name]
    k = td["kind"]
    patch = name + "Patch"
    if patch in types:
        raise SystemExit(f"{patch} is declared, but it is also the patch type of {name}")
    if k["array_like"]:
        raise SystemExit(f"{name}: @patch on an @array_like struct (seam rejects it)")
    fields = []
    for f in k["fields"]:
        pf = {key: v for key, v in f.items() if key != "default"}
        pf["_required"] = False
        fields.append(pf)
    kind = {**k, "patch": False, "patch_of": name, "array_like": False, "keep_defaults": False, "tagging": None, "fields": fields}
    return {**td, "name": patch, "kind": kind}


class Model:
    def __init__(self, set_name: str, data: dict):
        self.set = set_name
        self.types: dict[str, dict] = data["types"]
        for td in self.types.values():
            k = td["kind"]
            if k["kind"] == "struct":
                for f in k["fields"]:
                    f["_required"] = field_required(f)
        for name in sorted(self.types):
            k = self.types[name]["kind"]
            if k["kind"] == "struct" and k.get("patch"):
                self.types[name + "Patch"] = patch_type(self.types, name)
        self.min_height = self._min_heights()

    def kind(self, name: str) -> dict:
        return self.types[name]["kind"]

    def resolve(self, ty: dict) -> dict:
        """Follows aliases (keeping constraints of the last alias target)."""
        while ty["type"] == "named" and self.kind(ty["name"])["kind"] == "alias":
            ty = self.kind(ty["name"])["target"]
        return ty

    def ext_of(self, ty: dict) -> Optional[int]:
        while ty["type"] == "named":
            k = self.kind(ty["name"])
            if k["kind"] != "alias":
                return None
            if k.get("ext") is not None:
                return k["ext"]
            ty = k["target"]
        return None

    def _min_heights(self) -> dict[str, float]:
        """Smallest nesting a finite value of each named type needs (for bounded generation)."""
        h = {n: math.inf for n in self.types}

        def height(ty: dict) -> float:
            t = ty["type"]
            if t in ("primitive", "literals"):
                return 0
            if t == "optional":
                return 0
            if t in ("list", "set", "map"):
                if ty["constraints"].get("min_length", 0) == 0:
                    return 1
                inner = ty["item"] if t != "map" else ty["value"]
                return 1 + height(inner)
            if t == "tuple":
                return 1 + max([height(x) for x in ty["items"]] or [0])
            return h[ty["name"]]

        for _ in range(len(self.types) + 2):
            changed = False
            for name, td in self.types.items():
                k = td["kind"]
                if k["kind"] == "enum":
                    v = 0
                elif k["kind"] == "alias":
                    v = height(k["target"])
                elif k["kind"] == "union":
                    v = min(h[m["name"]] for m in k["members"])
                else:
                    v = 1 + max([height(f["ty"]) for f in k["fields"] if f["_required"]] or [0])
                if v < h[name]:
                    h[name] = v
                    changed = True
            if not changed:
                break
        return h

    def height(self, ty: dict) -> float:
        t = ty["type"]
        if t in ("primitive", "literals", "optional"):
            return 0
        if t in ("list", "set", "map"):
            if ty["constraints"].get("min_length", 0) == 0:
                return 1
            return 1 + self.height(ty["item"] if t != "map" else ty["value"])
        if t == "tuple":
            return 1 + max([self.height(x) for x in ty["items"]] or [0])
        return self.min_height[ty["name"]]


def pyname(qualified: str) -> str:
    return "T_" + qualified.replace(".", "__")


# --------------------------------------------------------------------------------------------
# msgspec types derived from the model
# --------------------------------------------------------------------------------------------


class Sentinel:
    """Default of a field whose default is a mutable value: msgspec omits a default by identity,
    so the field's default object is this sentinel, which never reaches an encoder (a field
    whose value is its default is omitted)."""

    def __init__(self, label: str):
        self.label = label

    def __repr__(self) -> str:
        return f"<default of {self.label}>"


class FieldInfo:
    def __init__(self, family: "Family", struct: str, f: dict, omit: bool):
        self.family = family
        self.struct = struct
        self.name = f["name"]
        self.py = "f_" + f["name"]
        self.wire = f["wire_name"]
        self.ty = f["ty"]
        self.required = f["_required"]
        self.default_wire = f.get("default")
        self.omit = omit
        self.default_obj: Any = None  # what msgspec gets as the default
        self._wire_bytes: Optional[bytes] = None

    def real_default(self) -> Any:
        """A fresh value equal to the default (decoded from its wire form)."""
        return self.family.from_wire_default(self.default_wire, self.ty)

    def default_wire_bytes(self) -> bytes:
        if self._wire_bytes is None:
            self._wire_bytes = self.family.wire_bytes(self.real_default(), self.ty)
        return self._wire_bytes


class StructInfo:
    def __init__(self, name: str, k: dict):
        self.name = name
        self.k = k
        self.strict = k["mode"] == "strict"
        self.array_like = k["array_like"]
        self.keep = k["keep_defaults"]
        self.omit = not k["keep_defaults"] and not k["array_like"]
        self.tagging = k["tagging"]
        # A patch type: every field defaults to UNSET, nothing else is omitted.
        self.patch_of: Optional[str] = k.get("patch_of")
        if self.patch_of is not None:
            self.omit = False
        self.fields: list[FieldInfo] = []
        self.cls: Any = None


class Family:
    """The msgspec types of one model for one format. They differ only in `@ext` aliases:
    `msgspec.msgpack.Ext` for MessagePack, `bytes` (base64) for JSON."""

    def __init__(self, model: Model, fmt: str, other: Optional["Family"] = None):
        self.model = model
        self.fmt = fmt
        self.json_family = other if other is not None else self
        self.modname = f"seam_vectors_{model.set}_{fmt}"
        self.module = types.ModuleType(self.modname)
        sys.modules[self.modname] = self.module
        self.enums: dict[str, Any] = {}
        self.structs: dict[str, StructInfo] = {}
        self._decoders: dict[tuple, Any] = {}
        for name, td in model.types.items():
            k = td["kind"]
            if k["kind"] == "enum" and not k["open"]:
                members = [(m["name"], m["value"]) for m in k["members"]]
                self.enums[name] = enum.Enum(pyname(name), members, module=self.modname)
        for name, td in model.types.items():
            k = td["kind"]
            if k["kind"] == "struct":
                self.structs[name] = self._make_struct(name, k)
                setattr(self.module, pyname(name), self.structs[name].cls)

    # -- annotations ------------------------------------------------------------------------

    def ann(self, ty: dict, forward: bool = False) -> Any:
        t = ty["type"]
        c = ty.get("constraints") or {}
        if t == "primitive":
            return self._primitive(ty["primitive"], c)
        if t == "list":
            return with_meta(typing.List[self.ann(ty["item"], forward)], lengths(c))
        if t == "set":
            return with_meta(typing.Set[self.ann(ty["item"], forward)], lengths(c))
        if t == "map":
            return with_meta(
                typing.Dict[self.ann(ty["key"], forward), self.ann(ty["value"], forward)], lengths(c)
            )
        if t == "tuple":
            return typing.Tuple[tuple(self.ann(x, forward) for x in ty["items"])]
        if t == "optional":
            return Optional[self.ann(ty["inner"], forward)]
        if t == "literals":
            return Literal[tuple(ty["values"])]
        name = ty["name"]
        k = self.model.kind(name)
        if k["kind"] == "struct":
            return ForwardRef(pyname(name)) if forward else self.structs[name].cls
        if k["kind"] == "union":
            return Union[tuple(self.ann({"type": "named", "name": m["name"]}, forward) for m in k["members"])]
        if k["kind"] == "enum":
            if k["open"]:
                # An open enum is its wire type on the msgspec side. An integer beyond i64 is
                # a deliberate difference (seam's `Unknown(i64)`), found after decoding.
                return str if k["repr"] == "str" else int
            return self.enums[name]
        # alias
        if k.get("ext") is not None and self.fmt == "msgpack":
            return msgspec.msgpack.Ext
        return self.ann(k["target"], forward)

    def _primitive(self, p: Any, c: dict) -> Any:
        if isinstance(p, dict):  # {"int": kind}
            return Annotated[int, Meta(**int_meta(p["int"], c))]
        if p == "bool":
            return bool
        if p == "float":
            return with_meta(float, {k: c[k] for k in ("gt", "ge", "lt", "le", "multiple_of") if k in c})
        if p == "str":
            m = lengths(c)
            if "pattern" in c:
                m["pattern"] = c["pattern"]
            return with_meta(str, m)
        if p == "bytes":
            return with_meta(bytes, lengths(c))
        if p == "datetime":
            return Annotated[dt.datetime, Meta(tz=True)]
        if p == "date":
            return dt.date
        if p == "time":
            return with_meta(dt.time, {"tz": c["tz"]} if "tz" in c else {})
        if p == "duration":
            return dt.timedelta
        if p == "uuid":
            return uuid.UUID
        if p == "decimal":
            return decimal.Decimal
        if p == "any":
            return Any
        raise SystemExit(f"unknown primitive {p!r}")

    def _make_struct(self, name: str, k: dict) -> StructInfo:
        info = StructInfo(name, k)
        fields = []
        for f in k["fields"]:
            fi = FieldInfo(self, name, f, info.omit)
            info.fields.append(fi)
            a = self.ann(f["ty"], forward=True)
            if info.patch_of is not None:
                # `T | UnsetType = UNSET`, `T | None | UnsetType` for a nullable base field.
                fi.default_obj = msgspec.UNSET
                fields.append((fi.py, Union[a, msgspec.UnsetType], msgspec.UNSET))
                continue
            if fi.required:
                fields.append((fi.py, a))
                continue
            fields.append((fi.py, a, self._default_spec(fi, info)))
        opts: dict[str, Any] = dict(
            module=self.modname,
            kw_only=True,
            omit_defaults=info.omit or info.patch_of is not None,
            forbid_unknown_fields=info.strict,
            array_like=info.array_like,
            rename={fi.py: fi.wire for fi in info.fields},
        )
        if k["tagging"] is not None:
            opts["tag_field"] = k["tagging"]["field"]
            opts["tag"] = k["tagging"]["value"]
        info.cls = msgspec.defstruct(pyname(name), fields, **opts)
        return info

    def _default_spec(self, fi: FieldInfo, info: StructInfo) -> Any:
        w = fi.default_wire
        if w is None:
            fi.default_obj = None
            return None
        if self._is_simple(fi.ty):
            fi.default_obj = self.from_wire_default(w, fi.ty)
            return fi.default_obj
        if not info.omit:
            # Never omitted: a real value, made fresh for each instance.
            return msgspec.field(default_factory=fi.real_default)
        if w == [] or w == {}:
            base = self.model.resolve(fi.ty)
            empty = {"list": list, "set": set, "map": dict}.get(base["type"])
            if empty is not None:
                fi.default_obj = empty()
                return msgspec.field(default_factory=empty)
        fi.default_obj = Sentinel(f"{info.name}.{fi.name}")
        return fi.default_obj

    def _is_simple(self, ty: dict) -> bool:
        ty = self.model.resolve(ty)
        t = ty["type"]
        if t == "optional":
            return self._is_simple(ty["inner"])
        if t == "literals":
            return True
        if t == "primitive":
            return ty["primitive"] != "any"
        if t == "tuple":
            return all(self._is_simple(x) for x in ty["items"])
        if t == "named":
            return self.model.kind(ty["name"])["kind"] == "enum"
        return False

    def from_wire_default(self, wire: Any, ty: dict) -> Any:
        v = msgspec.json.decode(json.dumps(wire).encode(), type=self.json_family.ann(ty))
        return v if self.fmt == "json" else convert(v, ty, self.json_family, self)

    # -- decoding and encoding ----------------------------------------------------------------

    def decoder(self, name: str, lax: bool) -> Any:
        key = (name, lax)
        if key not in self._decoders:
            t = self.ann({"type": "named", "name": name})
            mod = msgspec.json if self.fmt == "json" else msgspec.msgpack
            self._decoders[key] = mod.Decoder(t, strict=not lax)
        return self._decoders[key]

    def wire_bytes(self, value: Any, ty: dict) -> bytes:
        """The canonical wire form of a value (for equality with a default)."""
        tree = encodable(self, value, ty, "output")
        return (JSON_ENC if self.fmt == "json" else MSGPACK_ENC).encode(tree)


def with_meta(t: Any, m: dict) -> Any:
    return Annotated[t, Meta(**m)] if m else t


def lengths(c: dict) -> dict:
    return {k: c[k] for k in ("min_length", "max_length") if k in c}


def int_meta(kind: str, c: dict) -> dict:
    """The user's bounds, tightened by the range of the integer type (as seam does)."""
    lo, hi = INT_RANGES[kind]
    m: dict[str, Any] = {}
    user_lo = c["gt"] + 1 if "gt" in c else c.get("ge")
    if user_lo is not None and user_lo >= lo:
        if "gt" in c:
            m["gt"] = c["gt"]
        else:
            m["ge"] = c["ge"]
    else:
        m["ge"] = lo
    user_hi = c["lt"] - 1 if "lt" in c else c.get("le")
    if user_hi is not None and user_hi <= hi:
        if "lt" in c:
            m["lt"] = c["lt"]
        else:
            m["le"] = c["le"]
    elif hi <= I64[1]:
        m["le"] = hi
    # else: msgspec cannot bound an integer above int64, so `uint` has no upper bound there;
    # larger integers are a deliberate difference (checked after decoding, see `deliberate`).
    if "multiple_of" in c:
        m["multiple_of"] = c["multiple_of"]
    return m


def int_bounds(kind: str, c: dict) -> tuple[int, int]:
    m = int_meta(kind, c)
    lo = m["gt"] + 1 if "gt" in m else m["ge"]
    hi = m["lt"] - 1 if "lt" in m else m.get("le", INT_RANGES[kind][1])
    return lo, hi


# --------------------------------------------------------------------------------------------
# Walking typed values: conversion between families, encodable trees
# --------------------------------------------------------------------------------------------


def member_of(fam: Family, value: Any, union: dict) -> str:
    for m in union["members"]:
        if isinstance(value, fam.structs[m["name"]].cls):
            return m["name"]
    raise TypeError(f"{value!r} is no member of the union")


def convert(value: Any, ty: dict, src: Family, dst: Family) -> Any:
    """A value of `src`'s types as the same value of `dst`'s types."""
    if src is dst or value is None or value is msgspec.UNSET:
        return value
    model = src.model
    t = ty["type"]
    if t == "optional":
        return convert(value, ty["inner"], src, dst)
    if t in ("primitive", "literals"):
        return value
    if t == "list":
        return [convert(x, ty["item"], src, dst) for x in value]
    if t == "tuple":
        return tuple(convert(x, it, src, dst) for x, it in zip(value, ty["items"]))
    if t == "set":
        return type(value)(convert(x, ty["item"], src, dst) for x in value)
    if t == "map":
        return {convert(k, ty["key"], src, dst): convert(v, ty["value"], src, dst) for k, v in value.items()}
    name = ty["name"]
    k = model.kind(name)
    if k["kind"] == "enum":
        if k["open"]:
            return value
        return dst.enums[name](value.value)
    if k["kind"] == "alias":
        if k.get("ext") is not None:
            if dst.fmt == "msgpack":
                return msgspec.msgpack.Ext(k["ext"], bytes(value))
            return value.data if isinstance(value, msgspec.msgpack.Ext) else value
        return convert(value, k["target"], src, dst)
    if k["kind"] == "union":
        return convert(value, {"type": "named", "name": member_of(src, value, k)}, src, dst)
    s_info, d_info = src.structs[name], dst.structs[name]
    kw = {}
    for sf, df in zip(s_info.fields, d_info.fields):
        v = getattr(value, sf.py)
        if not sf.required and v is sf.default_obj and isinstance(sf.default_obj, Sentinel):
            kw[df.py] = df.default_obj
        else:
            kw[df.py] = convert(v, sf.ty, src, dst)
    return d_info.cls(**kw)


def sort_key(x: Any) -> Any:
    if isinstance(x, enum.Enum):
        x = x.value
    if isinstance(x, bool):
        return (0, int(x))
    if isinstance(x, int):
        return (1, x)
    if isinstance(x, str):
        return (2, x)
    return (3, repr(x))


class Adjust:
    """Records where the expected output had to differ from what msgspec's encoder does."""

    def __init__(self) -> None:
        self.flags: set[str] = set()


def encodable(
    fam: Family,
    value: Any,
    ty: dict,
    mode: str,
    rng: Optional[random.Random] = None,
    adjust: Optional[Adjust] = None,
    omit_equal: bool = True,
) -> Any:
    """A tree msgspec encodes (with `order=None`) to the wire form of `value`.

    mode "output": sets and maps sorted (strings by code point, integers numerically, enums by
    value), and struct fields equal to their default replaced by the default object, so that
    msgspec (which omits by identity) omits them. mode "input": sets and maps in a seeded random
    order; fields as they are."""

    def walk(v: Any, ty: dict) -> Any:
        if v is None:
            return None
        t = ty["type"]
        if t == "optional":
            return walk(v, ty["inner"])
        if t == "primitive":
            if ty["primitive"] == "any":
                return walk_any(v)
            return v
        if t == "literals":
            return v
        if t == "list":
            return [walk(x, ty["item"]) for x in v]
        if t == "tuple":
            return [walk(x, it) for x, it in zip(v, ty["items"])]
        if t == "set":
            items = sorted(v, key=sort_key)
            if mode == "input":
                rng.shuffle(items)
            return [walk(x, ty["item"]) for x in items]
        if t == "map":
            keys = sorted(v.keys(), key=sort_key)
            if mode == "input":
                rng.shuffle(keys)
            elif adjust is not None and keys and not all(isinstance(k, str) and not isinstance(k, enum.Enum) for k in keys):
                adjust.flags.add("sorted_nonstr_keys")
            return {k: walk(v[k], ty["value"]) for k in keys}
        name = ty["name"]
        k = fam.model.kind(name)
        if k["kind"] == "enum":
            return v
        if k["kind"] == "alias":
            if k.get("ext") is not None:
                return v
            return walk(v, k["target"])
        if k["kind"] == "union":
            return walk(v, {"type": "named", "name": member_of(fam, v, k)})
        info = fam.structs[name]
        kw = {}
        for f in info.fields:
            fv = getattr(v, f.py)
            if not f.required and fv is f.default_obj:
                kw[f.py] = fv
                continue
            d = f.default_obj
            if info.omit and isinstance(d, (list, set, dict)) and type(fv) is type(d) and not fv:
                # msgspec omits an empty list, set or dict whose default is an empty one of the
                # same type; sets become lists below, so keep the default object itself.
                kw[f.py] = d
                continue
            if (
                mode == "output"
                and omit_equal
                and info.omit
                and not f.required
                and fam.wire_bytes(fv, f.ty) == f.default_wire_bytes()
            ):
                kw[f.py] = f.default_obj
                if adjust is not None:
                    adjust.flags.add("omitted_equal_default")
                continue
            kw[f.py] = walk(fv, f.ty)
        return info.cls(**kw)

    def walk_any(v: Any) -> Any:
        if isinstance(v, dict):
            keys = list(v.keys())
            if mode == "output":
                keys.sort(key=sort_key)
            return {k: walk_any(v[k]) for k in keys}
        if isinstance(v, (list, tuple)):
            return [walk_any(x) for x in v]
        return v

    return walk(value, ty)


# --------------------------------------------------------------------------------------------
# Random valid values
# --------------------------------------------------------------------------------------------

STR_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./:"
    "\"\\\n\t\u00e9\u00df\u4e2d\u6587\U0001F600\u2028\u007f\u0000"
)


def rand_str(rng: random.Random, lo: int = 0, hi: int = 8) -> str:
    n = rng.randint(lo, hi)
    plain = rng.random() < 0.5
    alphabet = STR_ALPHABET[:62] if plain else STR_ALPHABET
    return "".join(rng.choice(alphabet) for _ in range(n))


def regex_sample(pattern: str, rng: random.Random) -> str:
    """A random string matched by `pattern` (the subset of regex syntax contracts use)."""
    parsed = sre_parse.parse(pattern)
    C = sre_parse

    def cat_char(cat: Any) -> str:
        name = str(cat)
        if "DIGIT" in name:
            return rng.choice("0123456789")
        if "WORD" in name:
            return rng.choice("abcxyzABC019_\u00e9")
        if "SPACE" in name:
            return " "
        raise ValueError(name)

    def emit(items: Any) -> str:
        out = []
        for op, av in items:
            if op is C.LITERAL:
                out.append(chr(av))
            elif op is C.NOT_LITERAL:
                out.append("a" if chr(av) != "a" else "b")
            elif op is C.ANY:
                out.append(rng.choice("aZ0_ ."))
            elif op is C.IN:
                choices = []
                for iop, iav in av:
                    if iop is C.LITERAL:
                        choices.append(chr(iav))
                    elif iop is C.RANGE:
                        choices.append(chr(rng.randint(iav[0], iav[1])))
                    elif iop is C.CATEGORY:
                        choices.append(cat_char(iav))
                    elif iop is C.NEGATE:
                        raise ValueError("negated class")
                out.append(rng.choice(choices))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                lo, hi, sub = av
                hi = min(hi, lo + rng.choice([2, 4, 4, 16, 40, 70]))
                for _ in range(rng.randint(lo, hi)):
                    out.append(emit(sub))
            elif op is C.SUBPATTERN:
                out.append(emit(av[-1]))
            elif op is C.BRANCH:
                out.append(emit(rng.choice(av[1])))
            elif op is C.AT:
                pass
            elif op is C.CATEGORY:
                out.append(cat_char(av))
            else:
                raise ValueError(f"unsupported regex op {op}")
        return "".join(out)

    return emit(parsed)


def gen_str(rng: random.Random, c: dict) -> str:
    lo = c.get("min_length", 0)
    hi = c.get("max_length", 10**9)
    pattern = c.get("pattern")
    for _ in range(200):
        if pattern:
            s = regex_sample(pattern, rng)
            if rng.random() < 0.3 and not pattern.startswith("^"):
                s = rand_str(rng, 0, 2) + s
            if rng.random() < 0.3 and not pattern.endswith("$"):
                s = s + rand_str(rng, 0, 2)
        else:
            s = rand_str(rng, lo, min(hi, lo + 6))
        if lo <= len(s) <= hi and (not pattern or re.search(pattern, s)):
            return s
    raise SystemExit(f"cannot generate a string for {c}")


FLOAT_POOL = [0.0, 1.0, -1.0, 0.5, -2.5, 1.5, 3.0, 0.1, 1e16, 1e-7, 123.456, -98765.4321, 1e300, 2.5e-300, 1e22, 65536.0, 0.3]


def gen_float(rng: random.Random, c: dict) -> float:
    lo = c.get("ge", c.get("gt", -1e300))
    hi = c.get("le", c.get("lt", 1e300))
    m = c.get("multiple_of")
    for _ in range(200):
        if m:
            x = float(rng.randint(-20, 20) * m)
        elif rng.random() < 0.5:
            x = rng.choice(FLOAT_POOL)
        else:
            x = rng.uniform(max(lo, -1e6), min(hi, 1e6))
        if "ge" in c and not x >= c["ge"]:
            continue
        if "gt" in c and not x > c["gt"]:
            continue
        if "le" in c and not x <= c["le"]:
            continue
        if "lt" in c and not x < c["lt"]:
            continue
        return x
    raise SystemExit(f"cannot generate a float for {c}")


def gen_int(rng: random.Random, kind: str, c: dict) -> int:
    lo, hi = int_bounds(kind, c)
    m = c.get("multiple_of")
    small_lo, small_hi = max(lo, -1000), min(hi, 1000)
    small = rng.randint(small_lo, small_hi) if small_lo <= small_hi else lo
    cands = [lo, hi, 0, 1, -1, rng.randint(lo, hi), small]
    for _ in range(200):
        x = rng.choice(cands) if rng.random() < 0.7 else rng.randint(lo, hi)
        if m:
            x = x - x % m
            if x < lo:
                x += m
        if lo <= x <= hi and (not m or x % m == 0):
            return x
    raise SystemExit(f"cannot generate an int for {kind} {c}")


UTC_OFFSETS = [0, 0, 330, -480, 60, -210, 840, -720]


def gen_tz(rng: random.Random) -> dt.timezone:
    m = rng.choice(UTC_OFFSETS)
    return dt.timezone.utc if m == 0 else dt.timezone(dt.timedelta(minutes=m))


def gen_datetime(rng: random.Random) -> dt.datetime:
    year = rng.choice([1970, 2024, 2026, 1999, 2038, 1900, 9000, 1])
    while True:
        try:
            d = dt.datetime(
                year,
                rng.randint(1, 12),
                rng.randint(1, 31),
                rng.randint(0, 23),
                rng.randint(0, 59),
                rng.randint(0, 59),
                rng.choice([0, 0, 1, 500000, 123456, 999999]),
                tzinfo=gen_tz(rng) if year > 1 else dt.timezone.utc,
            )
            return d
        except ValueError:
            continue


def gen_time(rng: random.Random, tz: Optional[bool]) -> dt.time:
    if tz is None:
        tz = rng.random() < 0.5
    return dt.time(
        rng.randint(0, 23),
        rng.randint(0, 59),
        rng.randint(0, 59),
        rng.choice([0, 0, 1, 250000, 999999]),
        tzinfo=gen_tz(rng) if tz else None,
    )


def gen_duration(rng: random.Random) -> dt.timedelta:
    choice = rng.random()
    if choice < 0.2:
        return dt.timedelta(seconds=rng.choice([0, 30, 3600, 86400, -1]))
    return dt.timedelta(
        days=rng.randint(-1000, 1000),
        seconds=rng.randint(0, 86399),
        microseconds=rng.choice([0, 0, 7, 500000, 123456]),
    )


DECIMAL_POOL = ["1.10", "0", "-0.001", "123456789012345678901234567890.5", "1E+5", "3.14159", "-42", "0.0480", "1e-10", "100"]


def gen_any(rng: random.Random, depth: int = 0) -> Any:
    r = rng.random()
    if depth >= 2 or r < 0.5:
        return rng.choice(
            [
                None,
                True,
                False,
                rng.randint(-1000, 1000),
                rng.randint(I64[0], I64[1]),
                rng.choice([1.5, -0.25, 1e16, 3.0, 1e-7]),
                rand_str(rng, 0, 6),
            ]
        )
    if r < 0.75:
        return [gen_any(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rand_str(rng, 1, 5): gen_any(rng, depth + 1) for _ in range(rng.randint(0, 3))}


class Generator:
    def __init__(self, fam: Family, rng: random.Random):
        self.fam = fam
        self.model = fam.model
        self.rng = rng
        self.patch_all = False

    def value(self, ty: dict, depth: int = 0) -> Any:
        rng = self.rng
        t = ty["type"]
        c = ty.get("constraints") or {}
        deep = depth >= MAX_DEPTH
        if t == "optional":
            if deep or rng.random() < 0.3:
                return None
            return self.value(ty["inner"], depth)
        if t == "primitive":
            return self.primitive(ty["primitive"], c)
        if t == "literals":
            return rng.choice(ty["values"])
        if t in ("list", "set", "map"):
            lo = c.get("min_length", 0)
            hi = c.get("max_length", lo + 3)
            n = lo if deep else rng.randint(lo, min(hi, lo + 2))
            if t == "list":
                return [self.value(ty["item"], depth + 1) for _ in range(n)]
            if t == "set":
                out: set = set()
                for _ in range(n * 10):
                    if len(out) >= n:
                        break
                    out.add(self.value(ty["item"], depth + 1))
                return out if len(out) >= lo else self._fail(ty)
            out_map: dict = {}
            for _ in range(n * 10):
                if len(out_map) >= n:
                    break
                key = self.value(ty["key"], depth + 1)
                if key not in out_map:
                    out_map[key] = self.value(ty["value"], depth + 1)
            return out_map if len(out_map) >= lo else self._fail(ty)
        if t == "tuple":
            return tuple(self.value(x, depth + 1) for x in ty["items"])
        name = ty["name"]
        k = self.model.kind(name)
        if k["kind"] == "enum":
            if k["open"] and rng.random() < 0.25:
                return rand_str(rng, 1, 6) if k["repr"] == "str" else rng.choice([7, -3, 999999, I64[1]])
            m = rng.choice(k["members"])
            return m["value"] if k["open"] else self.fam.enums[name](m["value"])
        if k["kind"] == "alias":
            return self.value(k["target"], depth)
        if k["kind"] == "union":
            members = k["members"]
            if deep:
                best = min(self.model.min_height[m["name"]] for m in members)
                members = [m for m in members if self.model.min_height[m["name"]] == best]
            return self.value({"type": "named", "name": rng.choice(members)["name"]}, depth)
        info = self.fam.structs[name]
        kw = {}
        if info.patch_of is not None:
            return info.cls(**self.patch_fields(info, depth))
        for f in info.fields:
            if not f.required:
                r = rng.random()
                if r < 0.35 or (deep and self.model.height(f.ty) > 0):
                    if f.default_wire is None:
                        kw[f.py] = None
                    elif f.default_obj is not None:
                        kw[f.py] = f.default_obj
                    else:
                        kw[f.py] = f.real_default()
                    continue
                if r < 0.45 and f.default_wire is not None:
                    kw[f.py] = f.real_default()  # equal to the default, not identical
                    continue
            kw[f.py] = self.value(f.ty, depth + 1)
        return info.cls(**kw)

    def patch_fields(self, info: StructInfo, depth: int) -> dict:
        """A random patch: each field unset, set, or (nullable fields) null; with `patch_all`,
        every field set to a value (so that every position can be mutated)."""
        rng = self.rng
        kw = {}
        for f in info.fields:
            ty = f.ty
            if self.patch_all:
                if ty["type"] == "optional":
                    ty = ty["inner"]
                kw[f.py] = self.value(ty, depth + 1)
            elif rng.random() < 0.45:
                kw[f.py] = msgspec.UNSET
            elif ty["type"] == "optional" and rng.random() < 0.4:
                kw[f.py] = None
            else:
                kw[f.py] = self.value(ty, depth + 1)
        return kw

    def _fail(self, ty: dict) -> Any:
        raise SystemExit(f"cannot generate a value of {ty}")

    def primitive(self, p: Any, c: dict) -> Any:
        rng = self.rng
        if isinstance(p, dict):
            return gen_int(rng, p["int"], c)
        if p == "bool":
            return rng.random() < 0.5
        if p == "float":
            return gen_float(rng, c)
        if p == "str":
            return gen_str(rng, c)
        if p == "bytes":
            lo = c.get("min_length", 0)
            hi = c.get("max_length", lo + 12)
            return bytes(rng.getrandbits(8) for _ in range(rng.randint(lo, min(hi, lo + 12))))
        if p == "datetime":
            return gen_datetime(rng)
        if p == "date":
            return gen_datetime(rng).date()
        if p == "time":
            return gen_time(rng, c.get("tz"))
        if p == "duration":
            return gen_duration(rng)
        if p == "uuid":
            return uuid.UUID(int=rng.getrandbits(128))
        if p == "decimal":
            return decimal.Decimal(rng.choice(DECIMAL_POOL))
        if p == "any":
            return gen_any(rng)
        raise SystemExit(f"unknown primitive {p!r}")


# --------------------------------------------------------------------------------------------
# Wire trees and mutations
# --------------------------------------------------------------------------------------------


class Node:
    """A position in a wire tree (builtins as msgspec decodes them without a type)."""

    def __init__(self, path: tuple, ty: dict, value: Any, nullable: bool, is_key: bool = False):
        self.path = path
        self.ty = ty
        self.value = value
        self.nullable = nullable
        self.is_key = is_key


def walk_wire(model: Model, w: Any, ty: dict, path: tuple = (), nullable: bool = False, out: Optional[list] = None) -> list:
    if out is None:
        out = []
    t = ty["type"]
    if t == "optional":
        if w is not None:
            walk_wire(model, w, ty["inner"], path, True, out)
        return out
    if t == "named":
        k = model.kind(ty["name"])
        if k["kind"] == "alias" and k.get("ext") is None:
            # The alias's own node carries the name (for constraints, the resolved target).
            return walk_wire(model, w, k["target"], path, nullable, out)
    out.append(Node(path, ty, w, nullable))
    if t in ("list", "set") and isinstance(w, list):
        for i, x in enumerate(w):
            walk_wire(model, x, ty["item"], path + (("i", i),), False, out)
    elif t == "tuple" and isinstance(w, list):
        for i, (x, it) in enumerate(zip(w, ty["items"])):
            walk_wire(model, x, it, path + (("i", i),), False, out)
    elif t == "map" and isinstance(w, dict):
        for key, x in w.items():
            out.append(Node(path + (("key", key),), ty["key"], key, False, is_key=True))
            walk_wire(model, x, ty["value"], path + (("k", key),), False, out)
    elif t == "named":
        k = model.kind(ty["name"])
        if k["kind"] == "union":
            member = union_member(k, w)
            if member is not None:
                # The member struct itself, for struct-level mutations (missing field, tag, ...).
                out.append(Node(path, {"type": "named", "name": member}, w, nullable))
                walk_struct_fields(model, member, w, path, out)
        elif k["kind"] == "struct":
            walk_struct_fields(model, ty["name"], w, path, out)
    return out


def union_member(k: dict, w: Any) -> Optional[str]:
    tag = None
    if k["array_like"] and isinstance(w, list) and w:
        tag = w[0]
    elif not k["array_like"] and isinstance(w, dict):
        tag = w.get(k["tag_field"])
    for m in k["members"]:
        if m["tag"] == tag and type(m["tag"]) is type(tag):
            return m["name"]
    return None


def walk_struct_fields(model: Model, name: str, w: Any, path: tuple, out: list) -> None:
    k = model.kind(name)
    fields = k["fields"]
    if k["array_like"] and isinstance(w, list):
        offset = 1 if k["tagging"] else 0
        for i, f in enumerate(fields):
            if i + offset < len(w):
                walk_wire(model, w[i + offset], f["ty"], path + (("i", i + offset),), False, out)
    elif not k["array_like"] and isinstance(w, dict):
        for f in fields:
            if f["wire_name"] in w:
                walk_wire(model, w[f["wire_name"]], f["ty"], path + (("f", f["wire_name"]),), False, out)


def replace_at(tree: Any, path: tuple, new: Any, key_op: bool = False) -> Any:
    """A copy of `tree` with the node at `path` replaced (or a map key renamed)."""
    tree = copy.deepcopy(tree)
    if not path:
        return new
    parent = tree
    for seg in path[:-1]:
        parent = parent[seg[1]]
    kind, ref = path[-1]
    if kind == "key":
        items = list(parent.items())
        parent.clear()
        for k, v in items:
            parent[new if k == ref else k] = v
    else:
        parent[ref] = new
    return tree


DELETE = object()


def transform_at(tree: Any, path: tuple, fn: Any) -> Any:
    tree = copy.deepcopy(tree)
    if not path:
        return fn(tree)
    parent = tree
    for seg in path[:-1]:
        parent = parent[seg[1]]
    ref = path[-1][1]
    parent[ref] = fn(parent[ref])
    return tree


BAD_DATETIMES = [
    "2024-13-01T00:00:00Z",
    "2024-01-01T00:00:00",
    "2024-01-01",
    "not a datetime",
    "2024-01-01T25:00:00Z",
    "2024-01-01T00:00:60Z",
    "2024-01-01t00:00:00z",
    "2024-01-01 00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2024-01-01T00:00:00.1234567Z",
    "2024-01-01T00:00:00+24:00",
    "2024-01-01T00:00:00+05:3",
    "0000-01-01T00:00:00Z",
    "",
]
BAD_DATES = ["2024-02-30", "2024-1-1", "20240101", "2024-01-01T00:00:00Z", "2023-02-29", "0000-01-01", "x", ""]
BAD_TIMES = ["25:00:00", "12:00", "12:00:00.1234567", "12:00:00+25:00", "12:60:00", "12:00:00.", "noon", "12:00:00Z", "12:00:00+01:00", "12:00:00"]
BAD_DURATIONS = ["1D", "PT", "P1Y", "P1M", "PT1.5H", "P-1D", "P", "-P1DT", "PT1S1M", "p1d", "P1W", "PT0.0000001S", "PT1,5S"]
BAD_UUIDS = [
    "not-a-uuid",
    "0F8FAD5B-D9CB-469F-A165-70867728950E",
    "0f8fad5bd9cb469fa16570867728950e",
    "{0f8fad5b-d9cb-469f-a165-70867728950e}",
    "0f8fad5b-d9cb-469f-a165-70867728950",
    "0f8fad5b-d9cb-469f-a165-70867728950g",
    "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
]
BAD_DECIMALS = ["abc", "1.2.3", "NaN", "Infinity", "-inf", " 1", "1e", "", "0x10", "1_000"]
BAD_BASE64 = ["abc", "!!!!", "YQ", "YQ=", "YQ==YQ==", "Y Q==", "YWJj\n", "YW-j", "YW_j", "===="]


class Mutator:
    """Targeted invalid inputs (strict) and lax cases, by the type at a position."""

    def __init__(self, model: Model, fmt: str, rng: random.Random, fam: Family):
        self.model = model
        self.fmt = fmt
        self.rng = rng
        self.fam = fam

    def mutations(self, node: Node) -> list[tuple[str, Any]]:
        """(kind, replacement) pairs for the node's value; a callable replacement transforms."""
        ty = node.ty
        w = node.value
        out: list[tuple[str, Any]] = []
        if node.is_key:
            return self.key_mutations(ty, w)
        t = ty["type"]
        if t == "primitive":
            out += self.primitive_mutations(ty["primitive"], ty["constraints"], w)
        elif t == "literals":
            vals = ty["values"]
            if isinstance(vals[0], str):
                out += [("literal.invalid", "zz_" + vals[0]), ("literal.wrong_type", 1), ("literal.case", vals[0].upper() if vals[0].upper() != vals[0] else vals[0] + "_")]
            else:
                out += [("literal.invalid", max(vals) + 100), ("literal.wrong_type", str(vals[0])), ("literal.float", float(vals[0]))]
        elif t in ("list", "set"):
            out += self.collection_mutations(ty, w)
        elif t == "map":
            out += self.collection_mutations(ty, w)
        elif t == "tuple":
            n = len(ty["items"])
            if isinstance(w, list):
                out += [("tuple.too_short", w[:-1]), ("tuple.too_long", w + [w[-1] if w else 1]), ("tuple.empty", [])]
            out += [("tuple.wrong_type", {"0": 1})]
            del n
        elif t == "named":
            k = self.model.kind(ty["name"])
            if k["kind"] == "enum":
                out += self.enum_mutations(k, w)
            elif k["kind"] == "alias":  # an @ext alias
                out += self.bytes_mutations({}, w, ext=k["ext"])
            elif k["kind"] == "union":
                out += self.union_mutations(k, w)
            else:
                out += self.struct_mutations(ty["name"], k, w)
        if not node.nullable and not node.is_key and not (t == "primitive" and ty["primitive"] == "any"):
            out.append(("null", None))
        return out

    # -- scalars --

    def primitive_mutations(self, p: Any, c: dict, w: Any) -> list:
        out: list = []
        if isinstance(p, dict):
            kind = p["int"]
            lo, hi = INT_RANGES[kind]
            out += [("int.below_type", lo - 1), ("int.above_type", hi + 1)]
            if self.fmt == "json":
                out += [("int.huge", 10**30), ("int.huge_negative", -(10**30))]
            for b in ("ge", "gt", "le", "lt"):
                if b in c:
                    v = {"ge": c.get("ge", 0) - 1, "gt": c.get("gt", 0), "le": c.get("le", 0) + 1, "lt": c.get("lt", 0)}[b]
                    out.append((f"int.violate_{b}", v))
            if "multiple_of" in c and c["multiple_of"] > 1:
                base = w if isinstance(w, int) else 0
                out.append(("int.violate_multiple_of", base + 1 if (base + 1) % c["multiple_of"] else base + 2))
            out += [("int.float", 1.5), ("int.integral_float", float(w) if isinstance(w, int) and abs(w) < 2**53 else 2.0), ("int.str", str(w if isinstance(w, int) else 1)), ("int.bool", True)]
            return out
        if p == "bool":
            return [("bool.int", 1), ("bool.str", "true")]
        if p == "float":
            for b in ("ge", "gt", "le", "lt"):
                if b in c:
                    x = c[b]
                    step = max(abs(x) * 1e-3, 0.25)
                    v = {"ge": x - step, "gt": x, "le": x + step, "lt": x}[b]
                    out.append((f"float.violate_{b}", float(v)))
            if "multiple_of" in c:
                out.append(("float.violate_multiple_of", float(c["multiple_of"]) * 1.5 + 0.1))
            out += [("float.str", "1.5"), ("float.bool", False), ("float.int", 7)]
            if self.fmt == "msgpack" and not any(b in c for b in ("ge", "gt", "le", "lt")):
                out += [("float.nan", float("nan")), ("float.inf", float("inf"))]
            if self.fmt == "json":
                out += [("float.huge_int", 10**400), ("float.big_int", 2**64 + 1)]
            return out
        if p == "str":
            lo, hi = c.get("min_length"), c.get("max_length")
            if lo:
                out.append(("str.too_short", ("\U0001F600" * (lo - 1))))
            if hi is not None and hi < MAX_LENGTH_MUTATION:
                out.append(("str.too_long", "\u00e9" * (hi + 1)))
                out.append(("str.max_length_astral", "\U0001F600" * hi))
            if "pattern" in c:
                bad = self.non_matching(c)
                if bad is not None:
                    out.append(("str.pattern", bad))
                if isinstance(w, str) and c["pattern"].endswith("$"):
                    out.append(("str.pattern_trailing_newline", w + "\n"))
            out += [("str.int", 1), ("str.list", ["x"])]
            return out
        if p == "bytes":
            return self.bytes_mutations(c, w, ext=None)
        if p == "datetime":
            out += [("datetime.malformed", s) for s in BAD_DATETIMES]
            out += [("datetime.int", 1700000000)]
            if self.fmt == "msgpack":
                out += [("datetime.as_str", "2024-01-02T03:04:05.000006+05:30")]
            return out
        if p == "date":
            return [("date.malformed", s) for s in BAD_DATES] + [("date.int", 20240101)]
        if p == "time":
            bad = list(BAD_TIMES)
            return [("time.malformed", s) for s in bad] + [("time.int", 3600)]
        if p == "duration":
            return [("duration.malformed", s) for s in BAD_DURATIONS] + [("duration.int", 30)]
        if p == "uuid":
            return [("uuid.malformed", s) for s in BAD_UUIDS] + [("uuid.int", 5)]
        if p == "decimal":
            return [("decimal.malformed", s) for s in BAD_DECIMALS] + [("decimal.number", 1.25), ("decimal.int", 12), ("decimal.bool", True)]
        if p == "any":
            return []
        raise SystemExit(p)

    def bytes_mutations(self, c: dict, w: Any, ext: Optional[int]) -> list:
        out: list = []
        if self.fmt == "json":
            out += [("bytes.base64", s) for s in BAD_BASE64]
            lo, hi = c.get("min_length"), c.get("max_length")
            if lo:
                out.append(("bytes.too_short", base64.b64encode(b"x" * (lo - 1)).decode()))
            if hi is not None and hi < MAX_LENGTH_MUTATION:
                out.append(("bytes.too_long", base64.b64encode(b"x" * (hi + 1)).decode()))
            out.append(("bytes.int", 1))
        else:
            data = w.data if isinstance(w, msgspec.msgpack.Ext) else (w if isinstance(w, bytes) else b"ab")
            if ext is not None:
                out += [("ext.as_bin", data), ("ext.as_str", base64.b64encode(data).decode())]
            else:
                out += [("bytes.as_str", base64.b64encode(data).decode()), ("bytes.as_ext", msgspec.msgpack.Ext(3, data))]
                lo, hi = c.get("min_length"), c.get("max_length")
                if lo:
                    out.append(("bytes.too_short", b"x" * (lo - 1)))
                if hi is not None and hi < MAX_LENGTH_MUTATION:
                    out.append(("bytes.too_long", b"x" * (hi + 1)))
            out.append(("bytes.int", 1))
        return out

    def non_matching(self, c: dict) -> Optional[str]:
        pattern = c["pattern"]
        lo, hi = c.get("min_length", 0), c.get("max_length", 10**9)
        for cand in ["", "A", "!", "a b", "ZZZZ", "0", "x" * max(lo, 1), "-" * max(lo, 1), "\u00e9" * max(lo, 1), "Q" * max(lo, 1)]:
            if lo <= len(cand) <= hi and not re.search(pattern, cand):
                return cand
        return None

    def enum_mutations(self, k: dict, w: Any) -> list:
        if k["repr"] == "str":
            out = [("enum.wrong_type", 1)]
            if not k["open"]:
                v = k["members"][0]["value"]
                out += [("enum.invalid", "zz_invalid"), ("enum.case", v.upper() if v.upper() != v else v.lower() + "x")]
            return out
        out = [("enum.wrong_type", str(k["members"][0]["value"])), ("enum.float", float(k["members"][0]["value"]))]
        if not k["open"]:
            out += [("enum.invalid", max(m["value"] for m in k["members"]) + 1), ("enum.huge", 2**63)]
        else:
            out += [("enum.above_i64", 2**63)]
        return out

    def collection_mutations(self, ty: dict, w: Any) -> list:
        out: list = []
        t = ty["type"]
        c = ty["constraints"]
        if not isinstance(w, (list, dict)):
            return out
        lo, hi = c.get("min_length"), c.get("max_length")
        if lo:
            if t == "map":
                out.append(("length.too_short", dict(list(w.items())[: lo - 1])))
            else:
                out.append(("length.too_short", w[: lo - 1]))
        if hi is not None and hi < MAX_LENGTH_MUTATION:
            longer = self.extend(ty, w, hi + 1)
            if longer is not None:
                out.append(("length.too_long", longer))
        out.append((f"{t}.wrong_type", {} if t != "map" else []))
        if t == "map" and self.fmt == "json":
            out.append(("map.wrong_type_str", "{}"))
        return out

    def extend(self, ty: dict, w: Any, n: int) -> Any:
        """`w` grown to n distinct items (wire form), or None."""
        gen = Generator(self.fam.json_family, self.rng)
        jf = self.fam.json_family

        def fresh(t: dict) -> Any:
            return convert(gen.value(t, MAX_DEPTH), t, jf, self.fam)

        t = ty["type"]
        if t == "list":
            if not w:
                return None
            return (w * (n // len(w) + 1))[:n]
        if t == "set":
            items = list(w)
            for _ in range(100):
                if len(items) >= n:
                    return items
                x = wire_of(self.fam, fresh(ty["item"]), ty["item"])
                if x not in items:
                    items.append(x)
            return None
        items = dict(w)
        for _ in range(100):
            if len(items) >= n:
                return items
            key = wire_of(self.fam, fresh(ty["key"]), ty["key"], key=True)
            if key not in items:
                items[key] = wire_of(self.fam, fresh(ty["value"]), ty["value"])
        return None

    def key_mutations(self, ty: dict, key: Any) -> list:
        base = self.model.resolve(ty)
        out: list = []
        if base["type"] == "primitive" and isinstance(base["primitive"], dict):
            lo, hi = INT_RANGES[base["primitive"]["int"]]
            if self.fmt == "json":
                out += [("key.not_int", "abc"), ("key.float", "1.5"), ("key.above_type", str(hi + 1)), ("key.leading_plus", "+1"), ("key.space", " 1")]
            else:
                out += [("key.str", "1"), ("key.above_type", hi + 1 if hi < 2**64 - 1 else -(2**63) - 1)]
        elif base["type"] == "literals":
            out += [("key.invalid", "zz_key")]
        elif base["type"] == "named":
            out += [("key.invalid_enum", "zz_key")]
        elif self.fmt == "msgpack":
            out += [("key.int", 7)]
        return out

    # -- structs and unions --

    def struct_mutations(self, name: str, k: dict, w: Any) -> list:
        out: list = []
        tagging = k["tagging"]
        if k["array_like"]:
            offset = 1 if tagging else 0
            required = sum(1 for f in k["fields"] if f["_required"])
            if isinstance(w, list):
                if required + offset > 0:
                    out.append(("array_like.too_short", w[: required + offset - 1]))
                if len(w) >= len(k["fields"]) + offset:
                    out.append(("array_like.too_long", w + [1]))
                if tagging and w:
                    out.append(("tag.invalid", [bad_tag(tagging["value"])] + w[1:]))
                    out.append(("tag.wrong_type", [wrong_tag_type(tagging["value"])] + w[1:]))
            out.append(("array_like.object", {"x": 1}))
            return out
        if isinstance(w, dict):
            for f in k["fields"]:
                if f["_required"] and f["wire_name"] in w:
                    out.append((f"struct.missing_field", {kk: vv for kk, vv in w.items() if kk != f["wire_name"]}))
            out.append(("struct.unknown_field", {**w, "zz_unknown": [1, {"a": None}]}))
            out.append(("struct.unknown_field_first", {"zz_first": 1, **w}))
            if tagging:
                tf = tagging["field"]
                out.append(("tag.missing", {kk: vv for kk, vv in w.items() if kk != tf}))
                out.append(("tag.invalid", {**w, tf: bad_tag(tagging["value"])}))
                out.append(("tag.wrong_type", {**w, tf: wrong_tag_type(tagging["value"])}))
            renamed = [f for f in k["fields"] if f["wire_name"] != f["name"] and f["wire_name"] in w]
            if renamed:
                f = renamed[0]
                out.append(("struct.field_name_not_wire_name", {(f["name"] if kk == f["wire_name"] else kk): vv for kk, vv in w.items()}))
        out.append(("struct.array", []))
        out.append(("struct.str", "x"))
        return out

    def union_mutations(self, k: dict, w: Any) -> list:
        out: list = []
        tags = [m["tag"] for m in k["members"]]
        if k["array_like"]:
            if isinstance(w, list) and w:
                out += [("union.invalid_tag", [bad_tag(tags[0])] + w[1:]), ("union.tag_wrong_type", [wrong_tag_type(tags[0])] + w[1:])]
            out += [("union.empty_array", []), ("union.object", {"x": 1})]
            return out
        tf = k["tag_field"]
        if isinstance(w, dict):
            out += [
                ("union.invalid_tag", {**w, tf: bad_tag(tags[0])}),
                ("union.missing_tag", {kk: vv for kk, vv in w.items() if kk != tf}),
                ("union.tag_wrong_type", {**w, tf: wrong_tag_type(tags[0])}),
                ("union.tag_last", {**{kk: vv for kk, vv in w.items() if kk != tf}, tf: w.get(tf)}),
            ]
        out += [("union.array", []), ("union.int", 3)]
        return out

    # -- lax --

    def lax_mutations(self, node: Node) -> list[tuple[str, Any]]:
        ty, w = node.ty, node.value
        if node.is_key:
            return []
        t = ty["type"]
        out: list = []
        if node.nullable and w is not None:
            out.append(("lax.null_str", "null"))
        if t == "primitive":
            p = ty["primitive"]
            if isinstance(p, dict) and isinstance(w, int) and not isinstance(w, bool):
                out += [("lax.int_str", str(w)), ("lax.int_float", float(w) if abs(w) < 2**53 else 1.0), ("lax.int_exp_str", f"{w}e0"), ("lax.int_bad_str", "12abc"), ("lax.int_frac_str", "1.5")]
                lo, hi = int_bounds(p["int"], ty["constraints"])
                out.append(("lax.int_str_out_of_bounds", str(hi + 1)))
            elif p == "float" and isinstance(w, (int, float)):
                out += [("lax.float_str", repr(float(w))), ("lax.float_nan_str", "nan"), ("lax.float_inf_str", "-inf"), ("lax.float_bad_str", "1.5x")]
            elif p == "bool" and isinstance(w, bool):
                out += [("lax.bool_str", rng_choice(self.rng, ["true", "false", "1", "0"])), ("lax.bool_bad_str", "yes"), ("lax.bool_int", 1)]
            elif p == "datetime":
                out += [("lax.datetime_int", 1700000000), ("lax.datetime_float", 1700000000.25), ("lax.datetime_negative", -1)]
            elif p == "duration":
                out += [("lax.duration_int", 90), ("lax.duration_float", -1.5)]
            elif p == "decimal":
                out += [("lax.decimal_number", 2.5)]
            elif p in ("str", "uuid", "date", "time"):
                out += [("lax.str_int", 12)]
        elif t == "literals" and isinstance(ty["values"][0], int):
            out += [("lax.literal_str", str(ty["values"][0]))]
        elif t == "named":
            k = self.model.kind(ty["name"])
            if k["kind"] == "enum" and k["repr"] == "int":
                out += [("lax.enum_str", str(k["members"][0]["value"]))]
        return out


def rng_choice(rng: random.Random, xs: list) -> Any:
    return xs[rng.randrange(len(xs))]


def bad_tag(tag: Any) -> Any:
    return "zz_bad_tag" if isinstance(tag, str) else 999


def wrong_tag_type(tag: Any) -> Any:
    return 1 if isinstance(tag, str) else "1"


def wire_of(fam: Family, value: Any, ty: dict, key: bool = False) -> Any:
    """The builtin (wire) form of a typed value, as an untyped decoder would return it."""
    if key:
        value = value.value if isinstance(value, enum.Enum) else value
        if fam.fmt == "json" and isinstance(value, int):
            return str(value)
        return value
    tree = encodable(fam, value, ty, "output")
    if fam.fmt == "json":
        return msgspec.json.decode(JSON_ENC.encode(tree))
    return msgspec.msgpack.decode(MSGPACK_ENC.encode(tree))


# --------------------------------------------------------------------------------------------
# The oracle
# --------------------------------------------------------------------------------------------


def split_error(text: str) -> tuple[str, str, bool]:
    """msgspec's "message - at `$.x`" as (message, path, at_key)."""
    marker = " - at `"
    i = text.rfind(marker)
    if i < 0:
        return text, "$", False
    message, where = text[:i], text[i + len(" - at ") :]
    if where.startswith("`key` in `"):
        return message, where[len("`key` in `") : -1], True
    return message, where[1:-1], False


def deliberate(fam: Family, value: Any, w: Any, ty: dict) -> Optional[str]:
    """The deliberate difference of IDL.md section 5 a decoded value hits, if any: a set item
    or map key that decoding collapsed (msgspec keeps one; seam rejects duplicates), or an
    integer outside its declared type that msgspec accepted (only `uint` above 2**64-1, which
    msgspec's constraints cannot express)."""
    model = fam.model
    found: list[str] = []

    def walk(v: Any, w: Any, ty: dict) -> bool:
        if v is None or w is None:
            return False
        t = ty["type"]
        if t == "primitive" and isinstance(ty["primitive"], dict) and isinstance(v, int):
            lo, hi = INT_RANGES[ty["primitive"]["int"]]
            if not lo <= v <= hi:
                found.append("int_outside_declared_type")
                return True
            return False
        if t == "optional":
            return walk(v, w, ty["inner"])
        if t == "set":
            if isinstance(w, list) and len(v) < len(w):
                found.append("duplicate_collapsed")
                return True
            return any(walk(a, a, ty["item"]) for a in v)
        if t == "list" and isinstance(w, list):
            return any(walk(a, b, ty["item"]) for a, b in zip(v, w))
        if t == "tuple" and isinstance(w, list):
            return any(walk(a, b, it) for a, b, it in zip(v, w, ty["items"]))
        if t == "map" and isinstance(w, dict):
            if len(v) < len(w):
                found.append("duplicate_collapsed")
                return True
            if any(walk(k, k, ty["key"]) for k in v):
                return True
            return any(walk(a, b, ty["value"]) for a, b in zip(v.values(), w.values()))
        if t == "named":
            k = model.kind(ty["name"])
            if k["kind"] == "enum":
                if k["open"] and k["repr"] == "int" and isinstance(v, int) and not I64[0] <= v <= I64[1]:
                    found.append("int_outside_declared_type")
                    return True
                return False
            if k["kind"] == "alias":
                return walk(v, w, k["target"]) if k.get("ext") is None else False
            if k["kind"] == "union":
                return walk(v, w, {"type": "named", "name": member_of(fam, v, k)})
            if k["kind"] == "struct":
                info = fam.structs[ty["name"]]
                for i, f in enumerate(info.fields):
                    fv = getattr(v, f.py)
                    if isinstance(w, dict):
                        if f.wire in w and walk(fv, w[f.wire], f.ty):
                            return True
                    elif isinstance(w, list):
                        j = i + (1 if info.tagging else 0)
                        if j < len(w) and walk(fv, w[j], f.ty):
                            return True
        return False

    walk(value, w, ty)
    return found[0] if found else None


class Oracle:
    def __init__(self, fams: dict[str, Family]):
        self.fams = fams

    def run(self, name: str, fmt: str, lax: bool, data: bytes) -> dict:
        fam = self.fams[fmt]
        try:
            value = fam.decoder(name, lax).decode(data)
        except msgspec.ValidationError as e:
            message, path, at_key = split_error(str(e))
            out = {"ok": False, "error": "validation", "message": message, "path": path, "at_key": at_key}
            if fmt == "json" and message.startswith("Expected `array` of at most length") and " - at `" not in str(e):
                # msgspec's JSON decoder raises this one without its location (a msgspec bug:
                # its MessagePack decoder gives it); only the message is compared.
                out["path_unknown"] = True
            return out
        except msgspec.DecodeError as e:
            message, path, at_key = split_error(str(e))
            return {"ok": False, "error": "decode", "message": message, "path": path, "at_key": at_key}
        ty = {"type": "named", "name": name}
        w = untyped(fmt, data)
        reason = deliberate(fam, value, w, ty)
        if reason is not None:
            return {"skip": reason}
        out: dict[str, Any] = {"ok": True}
        adjust = Adjust()
        jf, mf = self.fams["json"], self.fams["msgpack"]
        jv, mv = convert(value, ty, fam, jf), convert(value, ty, fam, mf)
        try:
            out["json"] = JSON_ENC.encode(encodable(jf, jv, ty, "output", adjust=adjust)).decode()
            out["msgpack"] = MSGPACK_ENC.encode(encodable(mf, mv, ty, "output", adjust=adjust)).hex()
        except (TypeError, OverflowError, ValueError) as e:
            return {"skip": f"cannot_encode: {e}"}
        # What msgspec's own deterministic encoder writes, to record any adjustment.
        plain_json = JSON_ENC.encode(encodable(jf, jv, ty, "output", omit_equal=False)).decode()
        try:
            raw = JSON_DET.encode(jv).decode()
            if raw != plain_json:
                adjust.flags.add("order_differs_from_msgspec")
        except TypeError:
            adjust.flags.add("msgspec_cannot_encode_deterministically")
        if plain_json == out["json"]:
            adjust.flags.discard("omitted_equal_default")
        if adjust.flags:
            out["adjusted"] = sorted(adjust.flags)
        return out


def untyped(fmt: str, data: bytes) -> Any:
    try:
        return msgspec.json.decode(data) if fmt == "json" else msgspec.msgpack.decode(data)
    except Exception:
        return None


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def seeded(*parts: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256("/".join(parts).encode()).digest()[:8], "big"))


def encode_wire(fmt: str, w: Any) -> Optional[bytes]:
    try:
        return JSON_ENC.encode(w) if fmt == "json" else MSGPACK_ENC.encode(w)
    except (TypeError, OverflowError, ValueError):
        return None


class Builder:
    def __init__(self) -> None:
        self.cases: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.skipped: Counter = Counter()
        self.skipped_examples: dict[str, dict] = {}
        self.seen: set = set()
        self.last_ok = False

    def add(self, oracle: Oracle, set_name: str, name: str, fmt: str, lax: bool, category: str, data: bytes) -> bool:
        key = (set_name, name, fmt, lax, data)
        if key in self.seen:
            return False
        self.seen.add(key)
        result = oracle.run(name, fmt, lax, data)
        if "skip" in result:
            reason = result["skip"]
            self.skipped[(reason, category)] += 1
            self.skipped_examples.setdefault(reason, {"type": name, "format": fmt, "lax": lax, "input": show(fmt, data)})
            return False
        case: dict[str, Any] = {"set": set_name, "type": name, "format": fmt, "lax": lax, "category": category}
        if fmt == "json":
            try:
                case["input"] = data.decode("utf-8")
            except UnicodeDecodeError:
                case["input_hex"] = data.hex()
        else:
            case["input_hex"] = data.hex()
        case.update(result)
        self.cases[(set_name, fmt)].append(case)
        self.last_ok = bool(result["ok"])
        return True


def show(fmt: str, data: bytes) -> str:
    if fmt == "json":
        return data.decode("utf-8", "replace")
    return data.hex()


def type_cases(builder: Builder, oracle: Oracle, model: Model, fams: dict[str, Family], name: str, fmt: str) -> None:
    fam = fams[fmt]
    jf = fams["json"]
    rng = seeded(model.set, name, fmt)
    gen = Generator(jf, rng)
    ty = {"type": "named", "name": name}
    mut = Mutator(model, fmt, rng, fam)
    patch_of = model.kind(name).get("patch_of")
    # A patch: first every field set (every position gets mutations), then random subsets.
    n_valid = VALID_PER_TYPE + (1 if patch_of else 0)
    wires = []
    attempts = 0
    while len(wires) < n_valid and attempts < n_valid * 4:
        attempts += 1
        gen.patch_all = bool(patch_of) and attempts == 1
        value = gen.value(ty)
        v = convert(value, ty, jf, fam)
        tree = encodable(fam, v, ty, "input", rng=rng)
        data = JSON_ENC.encode(tree) if fmt == "json" else MSGPACK_ENC.encode(tree)
        if builder.add(oracle, model.set, name, fmt, False, "valid", data):
            wires.append(untyped(fmt, data))
    # Invalid: every mutation of every position, then a stratified sample by kind.
    by_kind: dict[str, list] = defaultdict(list)
    lax_by_kind: dict[str, list] = defaultdict(list)
    for w in wires:
        for node in walk_wire(model, w, ty):
            for kind, new in mut.mutations(node):
                by_kind[kind].append((w, node, new))
            for kind, new in mut.lax_mutations(node):
                lax_by_kind[kind].append((w, node, new))
    added = 0
    for kind in sorted(by_kind):
        options = by_kind[kind]
        rng.shuffle(options)
        taken = 0
        for w, node, new in options:
            if taken >= MUTATIONS_PER_KIND or added >= MAX_INVALID_PER_TYPE:
                break
            tree = replace_at(w, node.path, new)
            data = encode_wire(fmt, tree)
            if data is None:
                continue
            if builder.add(oracle, model.set, name, fmt, False, "invalid/" + kind, data):
                taken += 1
                added += 1
    # Lax: the valid inputs decoded leniently, then lax coercions.
    for w in wires[:1]:
        data = encode_wire(fmt, w)
        if data is not None:
            builder.add(oracle, model.set, name, fmt, True, "lax/valid_input", data)
    added = 0
    for kind in sorted(lax_by_kind):
        options = lax_by_kind[kind]
        rng.shuffle(options)
        taken = 0
        for w, node, new in options:
            if taken >= 1 or added >= MAX_LAX_PER_TYPE:
                break
            tree = replace_at(w, node.path, new)
            data = encode_wire(fmt, tree)
            if data is None:
                continue
            if builder.add(oracle, model.set, name, fmt, True, "lax/" + kind.split(".", 1)[1], data):
                taken += 1
                added += 1
                # A coercion the lax decoder made, decoded strictly: msgspec rejects it there.
                if builder.last_ok:
                    builder.add(oracle, model.set, name, fmt, False, "invalid/strict_" + kind.split(".", 1)[1], data)
    # The first valid input written differently: JSON with every non-ASCII character escaped
    # and with whitespace, MessagePack in the widest formats.
    if wires:
        if fmt == "json":
            escaped = json.dumps(wires[0], ensure_ascii=True).encode()
            spaced = json.dumps(wires[0], ensure_ascii=False, indent=1, separators=(" , ", " : ")).encode()
            builder.add(oracle, model.set, name, fmt, False, "valid/json_escaped", escaped)
            builder.add(oracle, model.set, name, fmt, False, "valid/json_whitespace", b" \n" + spaced + b"\t\r\n")
        else:
            builder.add(oracle, model.set, name, fmt, False, "valid/msgpack_wide", wide_msgpack(wires[0]))
    kind = scalar_kind(model, ty)
    first_of_kind = kind is not None and name == min(n for n in model.types if scalar_kind(model, {"type": "named", "name": n}) == kind)
    if fmt == "json" and kind in ("str", "int", "float", "bool", "any") and first_of_kind:
        for text in RAW_JSON:
            builder.add(oracle, model.set, name, fmt, False, "text/json", text.encode())
    # Syntax: a truncated valid input and trailing bytes.
    if wires:
        data = encode_wire(fmt, wires[0])
        if data and len(data) > 1:
            builder.add(oracle, model.set, name, fmt, False, "invalid/syntax.truncated", data[:-1])
            builder.add(oracle, model.set, name, fmt, False, "invalid/syntax.trailing", data + (b"x" if fmt == "json" else b"\xc1"))
    if patch_of:
        patch_cases(builder, oracle, model, name, fmt)


def patch_cases(builder: Builder, oracle: Oracle, model: Model, name: str, fmt: str) -> None:
    """What tells a patch from its base struct: the empty patch, `null` on each field (a value
    where the base field is `T?`, else ``Expected `T`, got `null` ``), `null` and `"null"` under
    lax decoding, an unknown field alone (strict or compat as the base), and the base's union
    tag (a patch is never tagged)."""
    k = model.kind(name)
    base = model.kind(k["patch_of"])

    def add(lax: bool, category: str, tree: Any) -> bool:
        data = encode_wire(fmt, tree)
        return data is not None and builder.add(oracle, model.set, name, fmt, lax, category, data)

    def takes_null(ty: dict) -> bool:
        """`T?` (also through an alias), or `any`, whose values include null."""
        ty = model.resolve(ty)
        return ty["type"] == "optional" or (ty["type"] == "primitive" and ty["primitive"] == "any")

    add(False, "valid/patch_empty", {})
    for f in k["fields"]:
        add(False, "valid/patch_null" if takes_null(f["ty"]) else "invalid/patch_null", {f["wire_name"]: None})
    for f in k["fields"]:
        if model.resolve(f["ty"])["type"] == "optional":
            if add(True, "lax/patch_null_str", {f["wire_name"]: "null"}) and builder.last_ok:
                add(False, "invalid/strict_patch_null_str", {f["wire_name"]: "null"})
        elif not takes_null(f["ty"]):
            # Lax decoding coerces neither `null` nor `"null"` into a field that is not nullable.
            add(True, "lax/patch_null_not_nullable", {f["wire_name"]: None})
            add(True, "lax/patch_null_str_not_nullable", {f["wire_name"]: "null"})
    add(False, "invalid/patch_unknown_field", {"zz_unknown": None})
    if base["tagging"] is not None:
        tagging = base["tagging"]
        add(False, "invalid/patch_tag", {tagging["field"]: tagging["value"]})


# Raw JSON texts for the top-level scalar types: escapes, number syntax and whitespace that a
# value encoded by msgspec never contains.
RAW_JSON = [
    r'"\u00e9\u4e2d\ud83d\ude00"',
    r'"\ud800"',
    r'"\udc00x"',
    r'"a\/b\"c\\d\b\f\n\r\t"',
    r'"\x"',
    r'"\u12"',
    '"\t"',
    '"\u007f"',
    "-0",
    "-0.0",
    "01",
    "1.",
    ".5",
    "1e999",
    "-1e-999",
    "1E+2",
    "0.1e1",
    "1.0e2",
    "+1",
    "NaN",
    "Infinity",
    " \t\n\r1 ",
    "1 2",
    "",
    "tru",
    "true false",
    "nul",
    "-",
    "123456789012345678901234567890",
    "1.7976931348623157e308",
    "5e-324",
    "0.1",
    "2.5e-300",
]


def wide_msgpack(w: Any) -> bytes:
    """MessagePack of a wire tree in the widest formats (uint64/int64 for every integer, str32,
    bin32, array32, map32, float32 where exact): valid input msgspec never writes."""
    import struct

    if w is None or isinstance(w, (bool, dt.datetime, msgspec.msgpack.Ext)):
        return MSGPACK_ENC.encode(w)
    if isinstance(w, int):
        if w < 0:
            return b"\xd3" + struct.pack(">q", w)
        return b"\xcf" + struct.pack(">Q", w)
    if isinstance(w, float):
        try:
            exact = math.isfinite(w) and struct.unpack(">f", struct.pack(">f", w))[0] == w
        except OverflowError:  # beyond float32's range
            exact = False
        if exact:
            return b"\xca" + struct.pack(">f", w)
        return b"\xcb" + struct.pack(">d", w)
    if isinstance(w, str):
        data = w.encode("utf-8")
        return b"\xdb" + struct.pack(">I", len(data)) + data
    if isinstance(w, bytes):
        return b"\xc6" + struct.pack(">I", len(w)) + w
    if isinstance(w, list):
        return b"\xdd" + struct.pack(">I", len(w)) + b"".join(wide_msgpack(x) for x in w)
    if isinstance(w, dict):
        return b"\xdf" + struct.pack(">I", len(w)) + b"".join(wide_msgpack(k) + wide_msgpack(v) for k, v in w.items())
    raise TypeError(type(w))


def scalar_kind(model: Model, ty: dict) -> Optional[str]:
    ty = model.resolve(ty)
    if ty["type"] != "primitive":
        return None
    p = ty["primitive"]
    return "int" if isinstance(p, dict) else p



def build(models: dict[str, Model]) -> Builder:
    builder = Builder()
    for set_name, model in models.items():
        jf = Family(model, "json")
        mf = Family(model, "msgpack", other=jf)
        fams = {"json": jf, "msgpack": mf}
        oracle = Oracle(fams)
        for name in sorted(model.types):
            for fmt in FORMATS:
                type_cases(builder, oracle, model, fams, name, fmt)
    return builder


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def render_files(builder: Builder) -> dict[str, bytes]:
    files = {}
    for (set_name, fmt), cases in sorted(builder.cases.items()):
        lines = []
        counters: Counter = Counter()
        for case in cases:
            counters[case["type"]] += 1
            case = {"id": f"{set_name}/{fmt}/{case['type']}/{counters[case['type']]:03}", **case}
            lines.append(json.dumps(case, ensure_ascii=False, sort_keys=False, separators=(",", ":")))
        files[f"{set_name}.{fmt}.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files


def counts_markdown(builder: Builder) -> str:
    rows = []
    total = Counter()
    per_type: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (set_name, fmt), cases in builder.cases.items():
        for c in cases:
            cat = c["category"].split("/")[0]
            per_type[(set_name, c["type"])][(fmt, cat)] += 1
            per_type[(set_name, c["type"])][(fmt, "accept" if c["ok"] else "reject")] += 1
            total[(set_name, fmt, cat)] += 1
            total[(set_name, fmt, "all")] += 1
            total[("all", "all", "all")] += 1
    rows.append(f"Total: **{total[('all', 'all', 'all')]}** cases.\n")
    rows.append("| set | format | valid | text | invalid | lax | all |")
    rows.append("|---|---|---:|---:|---:|---:|---:|")
    for set_name in SETS:
        for fmt in FORMATS:
            rows.append(
                f"| {set_name} | {fmt} | {total[(set_name, fmt, 'valid')]} | {total[(set_name, fmt, 'text')]} | "
                f"{total[(set_name, fmt, 'invalid')]} | {total[(set_name, fmt, 'lax')]} | {total[(set_name, fmt, 'all')]} |"
            )
    rows.append("")
    rows.append("Per type (valid / invalid / lax cases, `text/json` counted as invalid; accepted / rejected by msgspec):\n")
    rows.append("| type | JSON | MessagePack |")
    rows.append("|---|---|---|")
    for (set_name, name), c in sorted(per_type.items()):
        cells = []
        for fmt in FORMATS:
            cells.append(
                f"{c[(fmt, 'valid')]} / {c[(fmt, 'invalid')] + c[(fmt, 'text')]} / {c[(fmt, 'lax')]}; "
                f"{c[(fmt, 'accept')]} / {c[(fmt, 'reject')]}"
            )
        rows.append(f"| `{name}` | {cells[0]} | {cells[1]} |")
    rows.append("")
    cats: Counter = Counter()
    for cases in builder.cases.values():
        for c in cases:
            top, _, rest = c["category"].partition("/")
            cats[top + ("/" + rest.split(".")[0] if rest else "")] += 1
    rows.append("Per category (all sets and formats):\n")
    rows.append("| category | cases |")
    rows.append("|---|---:|")
    for cat, n in sorted(cats.items()):
        rows.append(f"| `{cat}` | {n} |")
    rows.append("")
    adj: Counter = Counter()
    for cases in builder.cases.values():
        for c in cases:
            for a in c.get("adjusted", []):
                adj[a] += 1
    rows.append("Expected outputs adjusted for a deliberate difference (see below):\n")
    rows.append("| adjustment | cases |")
    rows.append("|---|---:|")
    for a, n in sorted(adj.items()):
        rows.append(f"| `{a}` | {n} |")
    rows.append("")
    rows.append("Inputs left out of the vectors (a deliberate difference, or no output msgspec can write):\n")
    rows.append("| reason | category | inputs |")
    rows.append("|---|---|---:|")
    for (reason, cat), n in sorted(builder.skipped.items()):
        rows.append(f"| {reason} | `{cat}` | {n} |")
    return "\n".join(rows) + "\n"


BEGIN = "<!-- counts:begin (written by conformance/gen_vectors.py) -->"
END = "<!-- counts:end -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed vectors differ")
    args = parser.parse_args()
    if msgspec.__version__ != MSGSPEC_VERSION:
        print(f"msgspec {MSGSPEC_VERSION} is the oracle; found {msgspec.__version__}", file=sys.stderr)
        return 2
    models = {s: Model(s, load_model(d)) for s, d in SETS.items()}
    builder = build(models)
    files = render_files(builder)
    counts = counts_markdown(builder)
    stale = []
    VECTORS.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = VECTORS / name
        if not path.exists() or path.read_bytes() != content:
            stale.append(name)
            if not args.check:
                path.write_bytes(content)
    for path in VECTORS.glob("*.jsonl"):
        if path.name not in files:
            stale.append(path.name)
            if not args.check:
                path.unlink()
    if DOC.exists():
        text = DOC.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            new = f"{head}{BEGIN}\n{counts}{END}{tail}"
            if new != text:
                stale.append(str(DOC.relative_to(ROOT)))
                if not args.check:
                    DOC.write_text(new, encoding="utf-8")
    total = sum(len(c) for c in builder.cases.values())
    print(f"{total} cases in {len(files)} files; skipped (deliberate differences): {sum(builder.skipped.values())}")
    for reason, example in sorted(builder.skipped_examples.items()):
        print(f"  skipped {reason}: e.g. {example}")
    for note in RoughEdges.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.check and stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes msgpack_vectors.json next to this file: MessagePack headers and error texts as
msgspec (0.22) produces them, checked by runtime/src/msgpack/tests.rs.

Run: python3 runtime/tests/data/gen_msgpack_vectors.py
Each vector is {"kind": ..., ...}; "hex" is msgspec's encoding, "head" the part of it
before the payload of a str/bin/ext/array/map of "len" items ('a' bytes, nil items).
"""
import datetime as dt, json, os, random, struct
import msgspec
from msgspec.msgpack import Ext, decode, encode

out = []
add = lambda kind, **kw: out.append({"kind": kind, **kw})
P32, P64 = 2**32, 2**64

for v in [0, 1, 127, 128, 255, 256, 65535, 65536, P32 - 1, P32, 2**63 - 1, 2**63, P64 - 1,
          -1, -32, -33, -128, -129, -32768, -32769, -2**31, -2**31 - 1, -2**63]:
    add("int", value=str(v), hex=encode(v).hex())
# Non-minimal integer forms that msgspec also accepts.
for h in ["cc05", "cd0005", "ce00000005", "cf0000000000000005", "d005", "d0ff", "d1ffff",
          "d2ffffffff", "d3ffffffffffffffff", "d37fffffffffffffff"]:
    add("int_decode", hex=h, value=str(decode(bytes.fromhex(h))))
for f in [0.0, -0.0, 1.0, 1.5, -2.5, 1e16, 1e-300, 5e-324, 1.7976931348623157e308,
          float("inf"), float("-inf"), float("nan")]:
    add("float", bits=struct.pack(">d", f).hex(), hex=encode(f).hex())
for h in ["ca00000000", "ca3f800000", "cabf000000", "ca7f800000", "ca00000001", "ca7f7fffff", "ca7fc00000"]:
    add("float32", hex=h, bits=struct.pack(">d", decode(bytes.fromhex(h))).hex())

for n in [0, 1, 31, 32, 255, 256, 65535, 65536, 70000]:
    enc = encode("a" * n)
    add("str", len=n, head=enc[: len(enc) - n].hex())
    enc = encode(b"a" * n)
    add("bin", len=n, head=enc[: len(enc) - n].hex())
for n in [0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 255, 256, 65535, 65536]:
    for code in [5, -128, 127]:
        enc = encode(Ext(code, b"a" * n))
        add("ext", code=code, len=n, head=enc[: len(enc) - n].hex())
for n in [0, 1, 15, 16, 65535, 65536]:
    enc = encode([None] * n)
    add("array", len=n, head=enc[: len(enc) - n].hex())
    body = b"".join(encode(i) + b"\xc0" for i in range(n))
    enc = encode({i: None for i in range(n)})
    add("map", len=n, head=enc[: len(enc) - len(body)].hex())

UTC, EPOCH = dt.timezone.utc, dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
for args in [(1970, 1, 1), (1970, 1, 1, 0, 0, 1), (1969, 12, 31, 23, 59, 59), (1969, 12, 31, 23, 59, 59, 999999),
             (2020, 1, 1, 0, 0, 0, 123456), (2500, 1, 1), (1, 1, 1), (9999, 12, 31, 23, 59, 59, 999999),
             (2106, 2, 7, 6, 28, 15), (2106, 2, 7, 6, 28, 16), (2106, 2, 7, 6, 28, 15, 1),
             (2514, 5, 30, 1, 53, 3, 999999), (2514, 5, 30, 1, 53, 4)]:
    d = dt.datetime(*args, tzinfo=UTC)
    delta = d - EPOCH
    add("timestamp", seconds=delta.days * 86400 + delta.seconds, nanos=delta.microseconds * 1000,
        hex=encode(d).hex())

def error(h):
    try:
        decode(bytes.fromhex(h))
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError) as e:
        return str(e)
    raise AssertionError(h)

for h in ["", "0102", "c1", "92c101", "81a162c1", "0001", "a261", "dbffffffff61", "c6ffffffff",
          "c9ffffffff05", "ddffffffff", "dfffffffff", "dd0000000501", "9201", "8101", "cb00", "cd01",
          "d4", "d405", "c70105", "d6ff00000000ff", "d5ff0000", "c705ff0000000000", "d7ffffffffffffffffff",
          "c70cff3b9aca000000000000000000", "a1ff", "a3e28201", "a2e282", "a4" + "61e28261", "a2c080",
          "a3eda080", "a4f4908080", "a3f09080", "a180", "a2e080", "a3efbfc0", "a1f5", "81a1ff01"]:
    add("error", hex=h, message=error(h))
rng = random.Random(7)
for _ in range(40):  # random invalid UTF-8, biased to high bytes
    data = bytes(rng.choice([0x61, 0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xff, rng.randrange(256)])
                 for _ in range(rng.randrange(1, 6)))
    try:
        data.decode()
    except UnicodeDecodeError:
        h = bytes([0xa0 | len(data)]).hex() + data.hex()  # fixstr
        add("error", hex=h, message=error(h))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "msgpack_vectors.json")
with open(path, "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(v, sort_keys=True) for v in out) + "\n]\n")
print(f"{len(out)} vectors -> {path}")

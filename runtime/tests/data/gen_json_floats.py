#!/usr/bin/env python3
"""Regenerates json_floats.jsonl: float vectors for seam's JSON writer and reader.

Each line is `[bits_hex, text]`: the IEEE-754 bits of a double (16 lowercase hex digits) and
what `msgspec.json.encode` (0.22) writes for it. The Rust test checks that the writer produces
`text` from the bits and, for finite values, that the reader parses `text` back to the same bits.

    python3 runtime/tests/data/gen_json_floats.py > runtime/tests/data/json_floats.jsonl
"""
import json
import math
import random
import struct

import msgspec

assert msgspec.__version__.startswith("0.22"), msgspec.__version__


def bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(b: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", b))[0]


rng = random.Random(20240607)
values = []

# Specials and extremes.
values += [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, -5e-324, 1.7976931348623157e308,
           -1.7976931348623157e308, 2.2250738585072014e-308, 2.225073858507201e-308,
           1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, math.pi, math.e, 123.456, 1.5, 100.0]
values.append(from_bits(0x7FF8000000000001))  # a NaN with payload
values.append(from_bits(0xFFF8000000000000))  # a negative NaN

# Powers of ten and their neighbours, where the notation switches (-5 < exponent <= 16).
for e in range(-325, 309):
    try:
        x = float(f"1e{e}")
    except OverflowError:
        continue
    if e < -30 and e % 7 and e > -300 or e > 30 and e % 7 and e < 300:
        continue
    values += [x, math.nextafter(x, math.inf), math.nextafter(x, -math.inf)]
for k in range(-8, 20):
    for m in (1.0, 9.0, 9.5, 1.2345678901234567, 9.999999999999998, 5.0):
        values.append(m * 10.0**k)

# Integers around 2**53 and other integral floats.
for k in (52, 53, 54, 63, 64):
    for d in (-2, -1, 0, 1, 2):
        values.append(float(2**k + d))
values += [float(10**k) for k in range(0, 23)] + [float(10**k - 1) for k in range(1, 20)]

# Random bit patterns (every exponent) and random short decimals.
while len(values) < 1500:
    values.append(from_bits(rng.getrandbits(64)))
while len(values) < 2000:
    digits = rng.randint(1, 17)
    mant = rng.randint(1, 10**digits - 1)
    exp = rng.randint(-30, 30)
    values.append(float(f"{'-' if rng.random() < 0.3 else ''}{mant}e{exp}"))

seen = set()
for x in values:
    b = bits(x)
    if b in seen:
        continue
    seen.add(b)
    text = msgspec.json.encode(x).decode()
    if math.isfinite(x):
        # msgspec reads its own output back to the same double.
        assert bits(msgspec.json.decode(text)) == b, (x, text)
    print(json.dumps([f"{b:016x}", text]))

#!/usr/bin/env python3
"""Writes scalar_vectors.jsonl next to this file: how msgspec (0.22) decodes the text-encoded
scalar types from JSON, strict and lax, checked by runtime/tests/scalar_vectors.rs.

Run: python3 runtime/tests/data/gen_scalar_vectors.py

One JSON object per line:
  {"type": ..., "mode": "strict"|"lax", "input": <JSON text>, "expected": "ok:<JSON>"|"err:<message>"}
"ok:" holds msgspec's re-encoding of the decoded value (JSON text); "err:" msgspec's message.

Types: datetime (seam always requires the offset: msgspec's `Meta(tz=True)`), date, time,
time_tz (`tz=True`), time_naive (`tz=False`), duration, uuid, decimal, bytes.

Left out, and printed to stderr: inputs where msgspec raises something other than a
ValidationError (a ValueError or OverflowError at its range limits; seam reports those as out
of range, see the unit tests), and decimals from JSON numbers whose literal is not msgspec's own
float text (msgspec keeps the literal's digits, `1.10`; seam's readers hand over an f64).
"""
import datetime as dt
import decimal
import json
import os
import sys
import uuid
from typing import Annotated

import msgspec

TYPES = {
    "datetime": Annotated[dt.datetime, msgspec.Meta(tz=True)],
    "date": dt.date,
    "time": dt.time,
    "time_tz": Annotated[dt.time, msgspec.Meta(tz=True)],
    "time_naive": Annotated[dt.time, msgspec.Meta(tz=False)],
    "duration": dt.timedelta,
    "uuid": uuid.UUID,
    "decimal": decimal.Decimal,
    "bytes": bytes,
}


def s(*texts):
    """JSON strings."""
    return [msgspec.json.encode(t).decode() for t in texts]


def n(*literals):
    """JSON number literals, as written."""
    return list(literals)


DATETIMES = s(
    "2021-01-01T00:00:00Z", "2021-01-01 00:00:00Z", "2021-01-01t00:00:00z", "2021-01-01T00:00:00",
    "2021-01-01T00:00Z", "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00.1234567Z",
    "2021-01-01T00:00:00.9999996Z", "2021-12-31T23:59:59.9999996Z", "2021-02-28T23:59:59.9999995Z",
    "2024-02-28T23:59:59.9999995+01:00", "9999-12-31T23:59:59.9999996Z", "9999-12-31T23:59:59.999999Z",
    "2021-01-01T00:00:00.9999995Z", "2021-01-01T00:00:00.9999994999Z", "2021-01-01T00:00:00.0000005Z",
    "2021-01-01T00:00:00.0000015Z", "2021-01-01T00:00:00.123456789012345678901234Z",
    "2021-01-01T00:00:00+0530", "2021-01-01T00:00:00-0530", "2021-01-01T00:00:00+05", "2021-01-01T00:00:00+24:00",
    "2021-01-01T00:00:00+23:59", "2021-01-01T00:00:00-23:59", "2021-01-01T00:00:00-00:00", "2021-01-01T00:00:00+00:00",
    "2021-01-01T00:00:00+00:60", "2021-01-01T00:00:00+05:30:00", "2021-01-01T00:00:00+5:30", "2021-01-01T00:00:00+05:",
    "2021-01-01T00:00:00+05:3", "2021-01-01T00:00:00+053", "2021-01-01T24:00:00Z", "2021-01-01T23:59:60Z",
    "2021-01-01T23:60:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00", "2020-02-29T00:00:00Z", "2021-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z", "2021-04-31T00:00:00Z", "2021-13-01T00:00:00Z", "2021-00-01T00:00:00Z",
    "2021-01-00T00:00:00Z", "+2021-01-01T00:00:00Z", "2021-1-01T00:00:00Z", "2021-01-01T00:00:00.123+05:30",
    "2021-01-01T00:00:00.000000Z", "2021-01-01T00:00:00,5Z", "2021-01-01T00:00:00 Z", " 2021-01-01T00:00:00Z",
    "2021-01-01T00:00:00Z ", "2021-01-01_00:00:00Z", "2021-01-01", "2021-01-01T", "", "2021-01-01T00:00:00.1+0530",
    "2021-01-01T00:00:00Zx", "2021-01-01T00:00:00\u0000Z", "2021-01-01T00:00:00.5\u0000junk", "2021-01-01T00:00:00z\u0000",
    "2021-01-01T00:00:00.000001-01:00", "2021-06-15T12:34:56.789012+14:00", "２021-01-01T00:00:00Z",
    "0", "-1", "1.5", "-1.5", "1e5", "nan", "inf", "-Infinity", "1e400", "+1", " 1", "01", "1.", "-0", "null",
    "0.0000005", "-0.0000005", "1609459200.123456789", "253402300799", "253402300800", "-62135596800",
    "-62135596801", "9223372036854775807", "18446744073709551616",
) + n(
    "0", "-1", "1.5", "-1.5", "0.0000005", "-0.0000005", "-0.1", "1e10", "1e400", "-1e400", "253402300799",
    "-62135596800", "-62135596801", "-62135596800.5", "9223372036854775807", "9223372036854775808",
    "18446744073709551616", "1.7e308", "1609459200.123456789", "1234567890.9999999", "-1234567890.0000001",
    "1e-7", "true", "null", "[]", "{}",
)

DATES = s(
    "2021-01-01", "0000-01-01", "0001-01-01", "9999-12-31", "2021-02-29", "2024-02-29", "2100-02-29",
    "2400-02-29", "2021-13-01", "2021-00-10", "2021-04-31", "2021-04-30", "2021-01-32", "20210101", "2021-1-1",
    "2021-01-01T00:00:00Z", "+2021-01-01", "2021-01-01\u0000", "2021/01/01", " 2021-01-01", "2021-01-01 ",
    "", "0", "null", "２０２１-01-01",
) + n("0", "1.5", "20210101", "true", "null")

TIMES = s(
    "12:00:00", "12:00", "24:00:00", "23:59:60", "12:00:00.", "12:00:00.5", "12:00:00.1234565", "12:00:00.1234564",
    "23:59:59.9999995", "23:59:59.9999995Z", "23:59:59.9999995+01:00", "12:00:00Z", "12:00:00z", "12:00:00+0530",
    "12:00:00-05:30", "12:00:00+00:00", "12:00:00-00:00", "12:00:00+24:00", "12:00:00+23:59", "12:00:00 ",
    "12:00:00\u0000xyz", "12:00:00.5\u0000abc", "12:00:00.\u0000", "1:00:00", "12:00:00+5:30", "12:00:00+05:3",
    "12:00:00+05:300", "12:00:00Zx", "12:00:00.123456789Z", "T12:00:00", "12:60:00", "12:00:60", "12:00:00+0",
    "12:00:00+05:", "00:00:00", "01:02:03.00004", "01:02:03.000040+01:00", "", "0", "12:00:00.000000",
) + n("0", "1.5")

DURATIONS = s(
    "P1D", "p1d", "P1DT5.000007S", "-PT1S", "+PT1S", "P0D", "PT0S", "P", "PT", "-P", "+", "", "-", "P1W", "P1Y",
    "P1M", "P1m", "PT1M", "pt1m", "P1DT", "P1DT1H1M1S", "PT1H1M1.5S", "PT1.5H", "PT1.5H1S", "P1.5D", "P1.5DT1H",
    "PT1S1M", "P1D1D", "PT1H1H", "PTT1H", "P1DT1HT1M", "PT-1S", "P-1D", "-P-1D", "P1,5D", "PT.5S", "PT1.S",
    "PT0.0000005S", "PT0.0000015S", "PT0.0000025S", "PT0.00000049S", "P1.000000000001D", "PT1.999999999999999999S",
    "PT1.9999995S", "-PT0.0000005S", "-PT1.5S", "P999999999D", "P999999999DT86399.999999S",
    "P999999999DT86399.9999995S", "P1000000000D", "-P999999999D", "-P999999999DT1S", "-P999999999DT0.5S",
    "PT86399999999999S", "PT86399999999999.5S", "PT86399999999999.9999999S", "PT86400000000000S",
    "P140737488355329D", "PT140737488355329S", "PT140737488355328S", "P0001D", "P 1D", "P1D ", "PT1H30M",
    "PT90M", "PT3600S", "P1DT24H", "PT1.0S", "PT0.000001S", "p1dt1h", "PT1m", "P1Dx", "P1x", "P1", "PT1",
    "P1DT1H1M1.1234567891234S", "PT0.1H", "PT0.5M", "P0.5D", "P1DT0.5H", "-PT0S", "P1d1", "PT1h1m1s", "PT1H1S",
    "P1YT1H", "PT1W", "P1DT1Y", "PT1.5W", "P1.5Y", "P2S", "P1H", "-PT86399999913600S", "-PT86399999913601S",
    "0", "-1", "1.5", "-1.5", "nan", "inf", "-0", "1e400", "86399999999999", "86400000000000", "+1", "null",
) + n(
    "0", "-1", "1.5", "-1.5", "0.0000005", "-0.0000005", "0.0000015", "-0.0000015", "86399999999999",
    "86400000000000", "-86399999913600", "-86399999913601", "86399999999999.5", "-86399999913600.5", "1e400",
    "1.7e308", "18446744073709551615", "-9223372036854775808", "0.1", "1e-7", "123.456789", "-123.456789",
    "18446744073709551616", "true",
)

UUIDS = s(
    "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
    "123e4567e89b12d3a456426614174000", "123E4567E89B12D3A456426614174000",
    "{123e4567-e89b-12d3-a456-426614174000}", "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b12d3-a456-4266141740000", "123e4567+e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400g", " 123e4567e89b12d3a456426614174000", "123e4567e89b12d3a45642661417400",
    "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "123e456-7e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a4564-26614174000", "123e4567-e89b-12d3-a456-426614174000 ", "", "0", "null",
    "123e4567\u0000e89b-12d3-a456-426614174000",
) + n("0", "1.5", "123", "18446744073709551616", "1e400", "true", "[]")

DECIMALS = s(
    "1.10", "1e3", "1E3", "1e+3", "0.0000001", "0.000001", "-0", "+0", "0", "-0.0", "00", "-00", "007", "1.", ".5",
    ".", "", "1e", "e5", "1.5e-3", "123456789012345678901234567890.123456789", "1_000", "1__000", "_1", "1_",
    "1_000.5", "1_000e1_0", " 1 ", "\t1\n", "\u00a01", "1\u2003", "\u001c1", "1\u0085", "NaN", "nan", "-nan", "+NaN",
    "sNaN", "-sNaN", "NaN123", "nan0", "NaN00012", "Inf", "inf", "-Infinity", "+infinity", "infinit", "Infinityx",
    "in_f", "\u0663", "\uff11\uff12", "\uff11.\uff15", "\u0663.\u0665e\u0662", "\U0001d7ce", "\u00b2", "\u2155",
    "1e999999999999999999", "1e-999999999999999999", "1e1000000000000000000", "0e999999999999999999",
    "0e1000000000000000000", "1e-1999999999999999997", "1e-1999999999999999998", "10e999999999999999999",
    "0.1e1000000000000000000", "1.0e-1999999999999999997", "1e99999999999999999999", "0e5", "0e-5", "0.00", "100",
    "1E+2", "1e-7", "1.23E-10", "12345e-10", "0.1e-6", "0x10", "1,5", "--1", "+-1", "1e+-3", "1 1", "1\u0000",
    "\u00001", "_", "+", "-", "1e 5", "1e5.5", "1.5.5", "NaN.5", "NaN-1", "sNaN0", "Infinity0", "1E+005", "-.5e-2",
    "12345678901234567890123", "-12345678901234567890123", "9223372036854775808", "1.7976931348623157e308",
    "1e400", "-1e-400", "null", "true", "1\u200b",
) + n(
    "0", "-0", "123", "-123", "1.5", "-0.0", "1.0", "100.0", "1e16", "1e-7", "0.0001", "0.00001", "1.1",
    "123456789.0", "1.2345678901234568e16", "9223372036854775807", "9223372036854775808", "18446744073709551615",
    "-9223372036854775808", "1.10", "1e3", "123456789012345678901234567890", "true", "null", "[]",
)

BYTES = s(
    "", "aGVsbG8=", "aGVsbG8", "aGVsbA==", "aGVsbA=", "aGVsbA", "aGVsbG9=", "aGVsbG9", "aGVsbC==", "aGVsbB==",
    "aG Vs", "aGVs\n", "aGVs ", "-_-_", "+/+/", "aGVs====", "=aGV", "aG=s", "a===", "ab==", "abc=", "abd=",
    "abcd", "YQ", "YQ=", "YQ==", "YR==", "Y===", "====", "aGVsbG8=aGVs", "aGVsbG8=\n", "ab=c", "AAAA", "////",
    "AA==", "AP8=", "\u00e9AAA",
) + n("0", "1.5", "true", "[]")

INPUTS = {
    "datetime": DATETIMES,
    "date": DATES,
    "time": TIMES,
    "time_tz": s("12:00:00", "12:00:00Z", "12:00:00+01:00", "12:00:00.5-05:30", "12:00:00\u0000+01:00", "24:00:00"),
    "time_naive": s("12:00:00", "12:00:00Z", "12:00:00+01:00", "12:00:00.5", "12:00:00-00:00", "24:00:00Z"),
    "duration": DURATIONS,
    "uuid": UUIDS,
    "decimal": DECIMALS,
    "bytes": BYTES,
}


def is_number(text):
    return text[:1] in "-0123456789"


def decimal_number_ok(text):
    """Whether seam's readers can give msgspec's answer for a number read as a decimal: an
    integer within 64 bits, or a float written as msgspec writes it."""
    if not any(c in text for c in ".eE"):
        return -(2**63) <= int(text) < 2**64
    f = float(text)
    return f == f and abs(f) != float("inf") and msgspec.json.encode(f).decode() == text


def run(tp, data, strict):
    try:
        value = msgspec.json.decode(data.encode(), type=tp, strict=strict)
    except msgspec.ValidationError as e:
        return "err:" + str(e)
    except Exception as e:  # noqa: BLE001 - msgspec's own failures at its limits
        return None, f"{type(e).__name__}: {e}"
    return "ok:" + msgspec.json.encode(value).decode()


def main():
    out = []
    for name, inputs in INPUTS.items():
        tp = TYPES[name]
        for data in inputs:
            if name == "decimal" and is_number(data) and not decimal_number_ok(data):
                print(f"skipped {name} {data}: the number's literal digits are not seam's to see", file=sys.stderr)
                continue
            for mode in ("strict", "lax"):
                expected = run(tp, data, mode == "strict")
                if isinstance(expected, tuple):
                    print(f"skipped {name} {data} ({mode}): {expected[1]}", file=sys.stderr)
                    continue
                out.append({"type": name, "mode": mode, "input": data, "expected": expected})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scalar_vectors.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for v in out:
            f.write(json.dumps(v, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} vectors to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()

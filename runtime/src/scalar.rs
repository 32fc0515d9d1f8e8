//! The text forms of seam's scalar types, as msgspec reads them.
//!
//! Each `parse_*` function accepts exactly the strings a strict decoder accepts for that type
//! and returns the parsed parts; it never panics, whatever the input.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A time of day with an optional UTC offset in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub microsecond: u32,
    pub offset_minutes: Option<i16>,
}

/// An instant: a date and a time with a UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub date: Date,
    pub time: Time,
}

/// A signed duration in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    pub microseconds: i128,
}

fn digits(bytes: &[u8], count: usize) -> Option<u32> {
    if bytes.len() < count {
        return None;
    }
    bytes[..count].iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = u16::try_from(digits(b, 4)?).ok()?;
    let month = u8::try_from(digits(&b[5..], 2)?).ok()?;
    let day = u8::try_from(digits(&b[8..], 2)?).ok()?;
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(Date { year, month, day })
}

/// `HH:MM:SS[.ffffff][Z|+hh:mm|-hh:mm]`; a fraction of up to six digits.
pub fn parse_time(text: &str) -> Option<Time> {
    let b = text.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let hour = digits(b, 2)?;
    let minute = digits(&b[3..], 2)?;
    let second = digits(&b[6..], 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[8..];
    let mut microsecond = 0u32;
    if let Some((b'.', fraction)) = rest.split_first() {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 || count > 6 {
            return None;
        }
        microsecond = digits(fraction, count)? * 10u32.pow(6 - count as u32);
        rest = &fraction[count..];
    }
    let offset_minutes = match rest {
        [] => None,
        [b'Z'] => Some(0),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2], 2)?;
            let minutes = digits(&[*m1, *m2], 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = i16::try_from(hours * 60 + minutes).ok()?;
            Some(if *sign == b'-' { -total } else { total })
        }
        _ => return None,
    };
    Some(Time {
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        microsecond,
        offset_minutes,
    })
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+hh:mm)`. A time without an offset is rejected.
pub fn parse_datetime(text: &str) -> Option<DateTime> {
    let (date, time) = text.split_at_checked(10)?;
    let date = parse_date(date)?;
    let time = time.strip_prefix('T')?;
    let time = parse_time(time)?;
    time.offset_minutes?;
    Some(DateTime { date, time })
}

/// ISO 8601 duration: `[-]P[nW][nD][T[nH][nM][n[.f]S]]` with at least one component.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total: i128 = 0;
    let mut components = 0;
    let mut parse_units =
        |part: &str, units: &[(char, i128)], allow_fraction_last: bool| -> Option<()> {
            let mut rest = part;
            let mut next_unit = 0;
            while !rest.is_empty() {
                let number_len = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(rest.len());
                let (number, after) = rest.split_at(number_len);
                let unit = after.chars().next()?;
                let position = units.iter().position(|(u, _)| *u == unit)?;
                if position < next_unit || number.is_empty() {
                    return None;
                }
                next_unit = position + 1;
                let scale = units[position].1;
                let (whole, fraction) = match number.split_once('.') {
                    Some((w, f)) if allow_fraction_last && position == units.len() - 1 => (w, f),
                    Some(_) => return None,
                    None => (number, ""),
                };
                if whole.is_empty()
                    || fraction.len() > 6
                    || (number.contains('.') && fraction.is_empty())
                {
                    return None;
                }
                let whole: i128 = whole.parse().ok()?;
                let mut micros: i128 = 0;
                if !fraction.is_empty() {
                    micros = fraction.parse::<i128>().ok()? * 10i128.pow(6 - fraction.len() as u32);
                }
                total = total.checked_add(whole.checked_mul(scale)?.checked_add(micros)?)?;
                components += 1;
                rest = &after[unit.len_utf8()..];
            }
            Some(())
        };
    const SECOND: i128 = 1_000_000;
    parse_units(
        date_part,
        &[('W', 7 * 86_400 * SECOND), ('D', 86_400 * SECOND)],
        false,
    )?;
    if let Some(time_part) = time_part {
        if time_part.is_empty() {
            return None;
        }
        parse_units(
            time_part,
            &[('H', 3_600 * SECOND), ('M', 60 * SECOND), ('S', SECOND)],
            true,
        )?;
    }
    if components == 0 {
        return None;
    }
    Some(Duration {
        microseconds: if negative { -total } else { total },
    })
}

/// A UUID: canonical hyphenated form or 32 hex digits, either case.
pub fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let b = text.as_bytes();
    let hex: Vec<u8> = match b.len() {
        36 => {
            if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
                return None;
            }
            b.iter().copied().filter(|&c| c != b'-').collect()
        }
        32 => b.to_vec(),
        _ => return None,
    };
    if hex.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
}

/// A decimal number: `[+-]digits[.digits][e[+-]digits]`, or `NaN`/`Infinity` as Python's
/// `decimal.Decimal` reads them.
pub fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let special = unsigned.to_ascii_lowercase();
    if matches!(special.as_str(), "nan" | "inf" | "infinity" | "snan") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        all_digits(whole) && all_digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

/// Standard base64 with padding (RFC 4648 section 4), as msgspec encodes `bytes` in JSON.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    if b.len() % 4 != 0 {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    for (index, chunk) in b.chunks(4).enumerate() {
        let last = index == b.len() / 4 - 1;
        let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - padding] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * padding as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-1-01"), None);
    }

    #[test]
    fn times_and_datetimes() {
        let t = parse_time("12:30:05.25+05:30").unwrap();
        assert_eq!(
            (t.hour, t.minute, t.second, t.microsecond, t.offset_minutes),
            (12, 30, 5, 250_000, Some(330))
        );
        assert!(parse_time("24:00:00").is_none());
        assert!(parse_time("12:00:00.1234567").is_none());
        assert!(parse_datetime("2024-01-02T03:04:05Z").is_some());
        assert!(
            parse_datetime("2024-01-02T03:04:05").is_none(),
            "naive datetimes are rejected"
        );
        assert!(parse_datetime("2024-01-02 03:04:05Z").is_none());
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("P1DT5.000007S").unwrap().microseconds,
            86_405_000_007
        );
        assert_eq!(parse_duration("-PT1S").unwrap().microseconds, -1_000_000);
        assert_eq!(
            parse_duration("PT1H30M").unwrap().microseconds,
            5_400_000_000
        );
        assert!(parse_duration("P").is_none());
        assert!(parse_duration("PT").is_none());
        assert!(parse_duration("P1H").is_none());
        assert!(parse_duration("PT1S1M").is_none());
    }

    #[test]
    fn uuids_decimals_base64() {
        assert!(parse_uuid("123e4567-e89b-12d3-a456-426614174000").is_some());
        assert!(parse_uuid("123e4567e89b12d3a456426614174000").is_some());
        assert!(parse_uuid("123e4567-e89b-12d3-a456-42661417400g").is_none());
        assert!(is_decimal("1.10") && is_decimal("-3e5") && is_decimal(".5") && is_decimal("NaN"));
        assert!(!is_decimal("1..0") && !is_decimal("") && !is_decimal("1e"));
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert!(decode_base64("aGVsbG8").is_none());
        assert!(decode_base64("aG=sbG8=").is_none());
    }
}

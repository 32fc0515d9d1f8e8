//! No input makes the scalar parsers, conversions or formatters panic.

use proptest::prelude::*;
use seam_runtime::de::Int;
use seam_runtime::scalar;
use seam_runtime::time::{
    Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset,
};
use seam_runtime::{json, Bytes, Decimal, TimeOfDay};

fn all_parsers(text: &str) {
    let _ = scalar::parse_datetime(text);
    let _ = scalar::parse_datetime_parts(text, scalar::Fraction::Truncate);
    let _ = scalar::parse_date(text);
    let _ = scalar::parse_time(text);
    let _ = scalar::parse_native_text(text);
    let _ = scalar::parse_duration(text);
    let _ = scalar::parse_uuid(text);
    let _ = scalar::parse_lax_number(text);
    let _ = scalar::decode_base64(text);
    let _ = scalar::base64_decoded_len(text);
    if let Some(d) = Decimal::parse(text) {
        // The canonical text reads back as the same value.
        assert_eq!(Decimal::parse(d.as_str()).as_ref(), Some(&d), "{text:?}");
    }
    let quoted = serde_json::to_vec(text).unwrap();
    for lax in [false, true] {
        let run = |bytes: &[u8]| {
            let decode = |b: &[u8]| {
                if lax {
                    let _ = json::decode_lax::<OffsetDateTime>(b);
                    let _ = json::decode_lax::<Duration>(b);
                    let _ = json::decode_lax::<Decimal>(b);
                } else {
                    let _ = json::decode::<OffsetDateTime>(b);
                    let _ = json::decode::<Duration>(b);
                    let _ = json::decode::<Decimal>(b);
                }
                let _ = json::decode::<Date>(b);
                let _ = json::decode::<TimeOfDay>(b);
                let _ = json::decode::<seam_runtime::uuid::Uuid>(b);
                let _ = json::decode::<Bytes>(b);
            };
            decode(bytes);
        };
        run(&quoted);
        run(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,40}") {
        all_parsers(&text);
    }

    #[test]
    fn scalar_shaped_text(text in "[-+ PTDHMSWYpt0-9.:eEZz_nNaAiIfF]{0,30}") {
        all_parsers(&text);
    }

    #[test]
    fn datetime_shaped_text(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{2}:?[0-9]{2})?") {
        all_parsers(&text);
    }

    #[test]
    fn arbitrary_numbers(bits in any::<u64>(), i in any::<i64>(), u in any::<u64>()) {
        let f = f64::from_bits(bits);
        let _ = scalar::datetime_from_f64(f);
        let _ = scalar::duration_from_f64(f);
        let _ = scalar::datetime_from_int(Int::I64(i));
        let _ = scalar::datetime_from_int(Int::U64(u));
        let _ = scalar::datetime_from_int(Int::Big(f));
        let _ = scalar::duration_from_int(Int::I64(i));
        let _ = scalar::duration_from_int(Int::Big(f));
        let _ = scalar::datetime_from_epoch(i, (u % 3_000_000_000) as u32);
        let _ = scalar::format_timestamp_utc(i, u as u32);
        let _ = Decimal::from_f64(f);
        if let Some(text) = scalar::msgspec_float_text(f) {
            prop_assert_eq!(text.parse::<f64>().unwrap(), f);
        }
        let d = Duration::new(i, (u % 1_000_000_000) as i32);
        let _ = scalar::format_duration(d);
        let _ = json::encode(&d);
    }
}

#[test]
fn extreme_hand_built_values() {
    let offsets = [
        UtcOffset::UTC,
        UtcOffset::from_hms(25, 59, 59).unwrap(),
        UtcOffset::from_hms(-25, -59, -59).unwrap(),
        UtcOffset::from_hms(0, 0, 31).unwrap(),
        UtcOffset::from_hms(-23, -59, -45).unwrap(),
    ];
    let dates = [
        Date::MIN,
        Date::MAX,
        Date::from_calendar_date(1, Month::January, 1).unwrap(),
    ];
    let times = [
        Time::MIDNIGHT,
        Time::from_hms_nano(23, 59, 59, 999_999_999).unwrap(),
    ];
    for date in dates {
        for time in times {
            for offset in offsets {
                let dt = PrimitiveDateTime::new(date, time).assume_offset(offset);
                let _ = json::encode(&dt);
                let _ = seam_runtime::msgpack::encode(&dt);
                let _ = json::encode(&TimeOfDay::new(time, Some(offset)));
            }
        }
        let _ = json::encode(&date);
    }
    for d in [
        Duration::MIN,
        Duration::MAX,
        Duration::ZERO,
        Duration::nanoseconds(1),
        Duration::nanoseconds(-1),
    ] {
        let _ = json::encode(&d);
    }
    assert_eq!(
        scalar::format_duration(Duration::nanoseconds(-1500)),
        "-PT0.000001S"
    );
    // Offsets with seconds round as msgspec does.
    let dt = |s: i32| {
        PrimitiveDateTime::new(dates[2], Time::MIDNIGHT)
            .assume_offset(UtcOffset::from_whole_seconds(s).unwrap())
    };
    assert_eq!(
        scalar::format_datetime(&dt(19831)),
        "0001-01-01T00:00:00+05:31"
    );
    assert_eq!(
        scalar::format_datetime(&dt(-19831)),
        "0001-01-01T00:00:00-05:31"
    );
    assert_eq!(scalar::format_datetime(&dt(-29)), "0001-01-01T00:00:00Z");
    assert!(Decimal::from_parts(false, "1", i64::MAX).is_none());
    assert!(Decimal::from_parts(true, "1", i64::MIN).is_none());
}

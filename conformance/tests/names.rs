//! Contracts named like the prelude's and the runtime's items (`conformance/names/`): the
//! generated code compiles (with the crate), and the types behave as any others do.

use seam_conformance::hostile_names::names::{
    Box as BoxStruct, Clone as CloneStruct, ClonePatch, Default as DefaultStruct, Hash, Into,
    Iterator, None as NoneType, Ok as OkType, Option as OptionStruct, OptionPatch, Ordering,
    Result as ResultEnum, Self_, Some as SomeType, String as StringStruct, Vec as VecUnion,
};
use seam_runtime::{json, msgpack};

fn round_trip<T>(text: &str) -> T
where
    T: seam_runtime::de::Decode + seam_runtime::ser::Encode + PartialEq + std::fmt::Debug,
{
    let value: T = json::decode(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"));
    let encoded = json::encode(&value);
    assert_eq!(String::from_utf8(encoded.clone()).unwrap(), text);
    let again: T = msgpack::decode(&msgpack::encode(&value)).unwrap();
    assert_eq!(again, value);
    value
}

#[test]
fn fields_named_like_the_locals_of_generated_code() {
    let value: OptionStruct = round_trip(r#"{"r":1}"#);
    assert_eq!(value.r, 1);
    assert_eq!(value.cx, "cx");
    assert!(value.ok);
    assert_eq!(value.tag, ResultEnum::Ok);
    assert_eq!(value.other, Into::A);
    assert_eq!(value.out.get(), "out");
    assert_eq!(value.pair, (1, "a".to_string()));
    assert!(value.validate().is_ok());

    let text = r#"{"r":2,"s":3,"index":4,"value":5,"tag":"err","self":"me","type":"t","new":4,"other":"zz","key":{"err":1,"ok":2},"keys":{"7":"x"},"mode":"slow","pair":[2,"b"]}"#;
    let value: OptionStruct = round_trip(text);
    assert_eq!(value.s, Some(3));
    assert_eq!(value.value, Some(SomeType::new(5).unwrap()));
    assert_eq!(value.self_, "me");
    assert_eq!(value.r#type.as_deref(), Some("t"));
    assert_eq!(value.other, Into::Unknown("zz".into()));
    // Enum keys are ordered by wire value.
    assert_eq!(
        value.key.keys().collect::<Vec<_>>(),
        [&ResultEnum::Err, &ResultEnum::Ok]
    );

    let error = json::decode::<OptionStruct>(
        br#"{"r":1,"index":-1,"name":"","out":"A1","keys":{"2000":"x"}}"#,
    )
    .unwrap_err();
    let messages: Vec<&str> = error.issues().iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Expected `int` >= 0",
            "Expected `str` of length >= 1",
            "Expected `str` matching regex '^[a-z]+$'",
            "Expected `int` <= 1000",
        ]
    );
}

#[test]
fn newtypes_named_like_the_preludes_constructors() {
    assert_eq!(*SomeType::new(7).unwrap(), 7);
    assert!(SomeType::new(1001).is_err());
    assert!(OkType::new("abc".into()).is_ok());
    assert!(OkType::new("A".into()).is_err());
    assert!(NoneType::new("123456789".into()).is_err());
    assert_eq!(SomeType::try_from(3).unwrap().into_inner(), 3);
    assert_eq!(SomeType::new(3).unwrap().to_string(), "3");
}

#[test]
fn enums_and_unions_named_like_the_preludes_types() {
    assert_eq!(Hash::from_wire(2), Some(Hash::Two));
    assert_eq!(Ordering::from_wire(5), Some(Ordering::Unknown(5)));
    assert!(Ordering::Less < Ordering::Equal);
    assert_eq!(ResultEnum::Err.to_string(), "err");

    let value: VecUnion = round_trip(r#"{"kind":"b","next":{"kind":"b","hash":2}}"#);
    let VecUnion::Box(inner) = &value else {
        panic!("{value:?}")
    };
    assert_eq!(inner.next.as_ref().map(|b| b.hash), Some(Hash::Two));
    let _: VecUnion = round_trip(r#"{"kind":"s","text":"t","clone":{"iter":[1]}}"#);
    let _: VecUnion = round_trip(r#"{"kind":"d","a":1}"#);
    assert_eq!(
        VecUnion::from(DefaultStruct {
            a: 1,
            b: "b".into()
        }),
        VecUnion::Default(DefaultStruct {
            a: 1,
            b: "b".into()
        })
    );
    let _: VecUnion = StringStruct::default().into();
    let _ = BoxStruct::default();

    let _: Iterator = round_trip(r#"[1,""]"#);
    let _: Self_ = round_trip(r#"{"self":1}"#);
}

#[test]
fn patches_of_types_named_like_prelude_traits() {
    let base = CloneStruct::default();
    let new = CloneStruct {
        into: Some(Into::B),
        iter: vec![1, 2],
        ..CloneStruct::default()
    };
    let patch = ClonePatch::diff(&base, &new);
    assert!(!patch.is_empty());
    assert_eq!(patch.apply(&base), new);
    let patch: ClonePatch = round_trip(r#"{"into":null,"iter":[3]}"#);
    assert_eq!(patch.apply(&new).into, None);

    let base: OptionStruct = json::decode(br#"{"r":1}"#).unwrap();
    let patch: OptionPatch = round_trip(r#"{"s":null,"value":9,"type":"x"}"#);
    let patched = patch.apply(&base);
    assert_eq!(patched.value, Some(SomeType::new(9).unwrap()));
    // `s` was null already: the smallest patch leaves it out.
    let diff = OptionPatch::diff(&base, &patched);
    assert!(diff.s.is_unset());
    assert_eq!(diff.apply(&base), patched);
    assert!(json::decode::<OptionPatch>(br#"{"value":1001}"#).is_err());
}

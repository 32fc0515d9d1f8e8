//! Patch types (IDL.md section 6) on the real contracts: `diff(a, b).apply(a) == b` and
//! `diff(a, a)` is empty on random values of every patchable contract, patches survive the wire,
//! and absent, `null` and a value are three different things in JSON, MessagePack and TOML.

use std::collections::BTreeSet;
use std::path::Path;

use seam_codegen::model::{ContractSet, QualifiedName, TypeKind};
use seam_contracts::cache::policy::{CachePolicy, CachePolicyPatch};
use seam_contracts::cli::config::{CacheConfig, CacheConfigPatch};
use seam_runtime::{DecodeError, Patch};

fn model() -> ContractSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let compilation = seam_codegen::check_paths(&[root.join("idl")]).unwrap();
    assert!(!compilation.has_errors());
    compilation.model
}

/// Checks the patch laws on random pairs of values of one contract; returns how many pairs
/// were checked.
fn check_laws<T, P>(
    model: &ContractSet,
    name: &str,
    diff: fn(&T, &T) -> P,
    apply: fn(&P, &T) -> T,
    empty: fn(&P) -> bool,
) -> usize
where
    T: seam_runtime::de::Decode + seam_runtime::ser::Encode + PartialEq + std::fmt::Debug,
    P: seam_runtime::de::Decode + seam_runtime::ser::Encode + PartialEq + std::fmt::Debug,
{
    let (package, type_name) = name.rsplit_once('.').unwrap();
    let qualified = QualifiedName::new(package, type_name);
    let decode = |seed: u64| -> Option<T> {
        let json = seam_codegen::example::random_of(model, &qualified, seed);
        seam_runtime::json::decode::<T>(&serde_json::to_vec(&json).unwrap()).ok()
    };
    let mut checked = 0;
    let mut changes = 0;
    for seed in 0..300u64 {
        let (Some(a), Some(b)) = (decode(seed), decode(seed + 100_000)) else {
            continue;
        };
        let patch = diff(&a, &b);
        changes += usize::from(!empty(&patch));
        assert_eq!(
            apply(&patch, &a),
            b,
            "{name}: diff(a, b).apply(a) != b for seed {seed}"
        );
        assert!(
            empty(&diff(&a, &a)),
            "{name}: diff(a, a) is not empty for seed {seed}"
        );
        // The patch survives both wire formats, Unset and Null included.
        for (format, bytes) in [
            ("json", seam_runtime::json::encode(&patch)),
            ("msgpack", seam_runtime::msgpack::encode(&patch)),
        ] {
            let decoded: P = match format {
                "json" => seam_runtime::json::decode(&bytes),
                _ => seam_runtime::msgpack::decode(&bytes),
            }
            .unwrap_or_else(|e| panic!("{name}: the {format} patch does not decode: {e}"));
            assert_eq!(
                decoded, patch,
                "{name}: the {format} patch changed on the wire"
            );
        }
        checked += 1;
    }
    // The random pairs must mostly differ, or the laws above would hold trivially.
    assert!(
        changes * 2 > checked,
        "{name}: only {changes} of {checked} random pairs differ"
    );
    checked
}

macro_rules! patchable {
    ($model:expr, $checked:expr, $($name:literal => $base:path, $patch:path;)*) => {{
        let mut names = BTreeSet::new();
        $(
            names.insert($name.to_string());
            let count = check_laws::<$base, $patch>(&$model, $name, <$patch>::diff, |p, a| p.apply(a), |p| p.is_empty());
            assert!(count >= 100, "{}: only {count} random pairs decoded", $name);
            $checked.push(($name, count));
        )*
        names
    }};
}

#[test]
fn diff_then_apply_gives_the_new_value_for_every_patchable_contract() {
    let model = model();
    let mut checked = Vec::new();
    let covered = patchable!(model, checked,
        "cache.policy.CachePolicy" => seam_contracts::cache::policy::CachePolicy, seam_contracts::cache::policy::CachePolicyPatch;
        "cli.config.PlanConfig" => seam_contracts::cli::config::PlanConfig, seam_contracts::cli::config::PlanConfigPatch;
        "cli.config.CacheConfig" => seam_contracts::cli::config::CacheConfig, seam_contracts::cli::config::CacheConfigPatch;
        "cli.config.DeltaConfig" => seam_contracts::cli::config::DeltaConfig, seam_contracts::cli::config::DeltaConfigPatch;
        "cli.config.RuntimeConfig" => seam_contracts::cli::config::RuntimeConfig, seam_contracts::cli::config::RuntimeConfigPatch;
        "cli.config.MaintenanceConfig" => seam_contracts::cli::config::MaintenanceConfig, seam_contracts::cli::config::MaintenanceConfigPatch;
        "delta.policy.DeltaSchemaPolicy" => seam_contracts::delta::policy::DeltaSchemaPolicy, seam_contracts::delta::policy::DeltaSchemaPolicyPatch;
        "runtime.RuntimeProfileSnapshot" => seam_contracts::runtime::RuntimeProfileSnapshot, seam_contracts::runtime::RuntimeProfileSnapshotPatch;
    );
    // Every patchable contract in idl/ is covered here.
    let patchable: BTreeSet<String> = model
        .types
        .iter()
        .filter(|(_, d)| matches!(&d.kind, TypeKind::Struct(s) if s.patch))
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        covered, patchable,
        "add the new patchable contracts to this test"
    );
    println!("random pairs checked: {checked:?}");
}

#[test]
fn absent_null_and_value_are_three_states() {
    let patch: CachePolicyPatch =
        seam_runtime::json::decode(br#"{"cache_path": null, "max_bytes": 2147483648}"#).unwrap();
    assert_eq!(patch.cache_path, Patch::Null);
    assert_eq!(patch.max_bytes, Patch::Value(2_147_483_648));
    assert_eq!(patch.ttl, Patch::Unset);
    // Unset fields are left out; Null is written as null.
    assert_eq!(
        seam_runtime::json::encode(&patch),
        br#"{"cache_path":null,"max_bytes":2147483648}"#
    );

    let base = CachePolicy {
        cache_path: Some("/var/cache".into()),
        ..seam_runtime::json::decode(b"{}").unwrap()
    };
    let updated = patch.apply(&base);
    assert_eq!(updated.cache_path, None);
    assert_eq!(updated.max_bytes, 2_147_483_648);
    assert_eq!(updated.ttl, base.ttl);
}

#[test]
fn null_is_rejected_where_the_base_field_is_not_nullable_and_constraints_apply() {
    let error: DecodeError =
        seam_runtime::json::decode::<CachePolicyPatch>(br#"{"max_bytes": null, "eviction": "x"}"#)
            .unwrap_err();
    let issues: Vec<(String, String)> = error
        .issues()
        .iter()
        .map(|i| (i.path.clone(), i.message.clone()))
        .collect();
    // msgspec, for the same patch written with UnsetType fields: `max_bytes: int | UnsetType`.
    assert_eq!(
        issues[0],
        (
            "$.max_bytes".to_string(),
            "Expected `int`, got `null`".to_string()
        )
    );
    assert_eq!(issues[1].0, "$.eviction");
    let error = seam_runtime::json::decode::<CachePolicyPatch>(br#"{"max_bytes": 1}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Expected `int` >= 1048576 - at `$.max_bytes`"
    );
}

#[test]
fn json_msgpack_and_toml_patches_read_the_same() {
    let json: CacheConfigPatch =
        seam_runtime::json::decode(br#"{"path": "/tmp/cache", "policy": {"max_bytes": 2097152}}"#)
            .unwrap();
    let msgpack: CacheConfigPatch =
        seam_runtime::msgpack::decode(&seam_runtime::msgpack::encode(&json)).unwrap();
    let toml: CacheConfigPatch =
        seam_runtime::toml::decode("path = \"/tmp/cache\"\n[policy]\nmax_bytes = 2097152\n")
            .unwrap();
    assert_eq!(json, msgpack);
    assert_eq!(json, toml);
    assert_eq!(json.policy_profile, Patch::Unset);
    let config: CacheConfig = seam_runtime::toml::decode("policy_profile = \"fast\"\n").unwrap();
    let updated = json.apply(&config);
    assert_eq!(updated.policy_profile.as_deref(), Some("fast"));
    assert_eq!(updated.path.as_deref(), Some("/tmp/cache"));
}

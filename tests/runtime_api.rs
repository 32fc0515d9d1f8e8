//! The runtime API of IDL.md section 8 on the real contracts: TOML, `convert`, `to_value`,
//! `fingerprint`, JSONL, error reports, nesting limits.

use seam_contracts::cli::config::{PlanConfig, RootConfig};
use seam_contracts::logs::StructuredLogEvent;

#[test]
fn toml_config_decodes_and_reports_every_problem_with_its_path() {
    let config: RootConfig = seam_runtime::toml::decode(
        "config_version = 2\n[plan]\nmax_plan_depth = 64\nrequested_tasks = [\"build_views\"]\n",
    )
    .unwrap();
    assert_eq!(config.config_version, 2);
    let plan = config.plan.unwrap();
    assert_eq!(plan.max_plan_depth, 64);
    assert_eq!(plan.requested_tasks, Some(vec!["build_views".to_string()]));

    let error = seam_runtime::toml::decode::<RootConfig>(
        "config_version = 0\n[plan]\nmax_plan_depth = \"deep\"\nrequested_tasks = [\"\"]\ntypo = 1\n",
    )
    .unwrap_err();
    let issues: Vec<(String, String, &str)> = error
        .issues()
        .iter()
        .map(|i| (i.path.clone(), i.message.clone(), i.kind.as_str()))
        .collect();
    assert_eq!(
        issues,
        [
            (
                "$.config_version".into(),
                "Expected `int` >= 1".into(),
                "constraint"
            ),
            (
                "$.plan.max_plan_depth".into(),
                "Expected `int`, got `str`".into(),
                "type"
            ),
            (
                "$.plan.requested_tasks[0]".into(),
                "Expected `str` of length >= 1".into(),
                "length"
            ),
            (
                "$.plan".into(),
                "Object contains unknown field `typo`".into(),
                "unknown_field"
            ),
        ]
    );
    assert_eq!(
        error.to_string(),
        "Expected `int` >= 1 - at `$.config_version`"
    );
    assert_eq!(error.issues()[2].pointer, "/plan/requested_tasks/0");
}

#[test]
fn toml_syntax_errors_say_where() {
    let error = seam_runtime::toml::decode::<RootConfig>("[plan\n").unwrap_err();
    assert_eq!(error.first().kind.as_str(), "syntax");
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[test]
fn convert_checks_like_decode_and_lax_coerces() {
    let value = serde_json::json!({"max_plan_depth": 600, "allow_partial": true});
    let error = seam_runtime::convert::<PlanConfig>(&value).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Expected `int` <= 512 - at `$.max_plan_depth`"
    );

    let value = serde_json::json!({"max_plan_depth": "64", "allow_partial": "true"});
    assert!(seam_runtime::convert::<PlanConfig>(&value).is_err());
    let plan = seam_runtime::convert_lax::<PlanConfig>(&value).unwrap();
    assert_eq!((plan.max_plan_depth, plan.allow_partial), (64, Some(true)));
}

#[test]
fn to_value_is_the_wire_form_and_fingerprints_match_msgspec() {
    let config: RootConfig =
        seam_runtime::json::decode(br#"{"config_version": 2, "plan": {"max_plan_depth": 64}}"#)
            .unwrap();
    // Defaults are omitted, fields come in declaration order.
    assert_eq!(
        seam_runtime::to_value(&config),
        serde_json::json!({"config_version": 2, "plan": {"max_plan_depth": 64}})
    );
    // python3 -c "import hashlib, msgspec; print(hashlib.sha256(msgspec.json.encode(
    //     {'config_version': 2, 'plan': {'max_plan_depth': 64}})).hexdigest())"
    assert_eq!(
        seam_runtime::fingerprint(&config),
        "sha256:cb57bf34d620359c6f15059344247e17d1c2abe9fcdb8677b46e8b82665d5f5f"
    );
    // python3 -c "import hashlib; print(hashlib.sha256(b'{}').hexdigest())"
    assert_eq!(
        seam_runtime::fingerprint(&RootConfig::default()),
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
}

#[test]
fn jsonl_round_trips_and_reports_lines() {
    let input = concat!(
        r#"{"event":"run_started","run_id":"r1","plan_signature":"0123456789abcdef","timestamp_ms":1}"#,
        "\n",
        r#"{"event":"nope","run_id":"r1"}"#,
        "\n",
    );
    let error =
        seam_runtime::json::decode_lines::<StructuredLogEvent>(input.as_bytes()).unwrap_err();
    assert_eq!(error.to_string(), "Invalid value 'nope' - at `$[1].event`");
    assert_eq!(error.issues().len(), 1);

    let events = seam_runtime::json::decode_lines::<StructuredLogEvent>(
        input.lines().next().unwrap().as_bytes(),
    )
    .unwrap();
    let written = seam_runtime::json::encode_lines(&events);
    // Tag first, then fields in declaration order, defaults omitted, one event per line.
    assert_eq!(
        String::from_utf8(written).unwrap(),
        "{\"event\":\"run_started\",\"run_id\":\"r1\",\"plan_signature\":\"0123456789abcdef\",\"timestamp_ms\":1}\n"
    );
}

#[test]
fn nesting_beyond_128_is_a_depth_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = seam_runtime::json::decode::<serde_json::Value>(deep.as_bytes()).unwrap_err();
    assert_eq!(error.first().kind.as_str(), "depth");
    let depth_129 = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert!(seam_runtime::json::decode::<serde_json::Value>(depth_129.as_bytes()).is_err());
    let depth_128 = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(seam_runtime::json::decode::<serde_json::Value>(depth_128.as_bytes()).is_ok());
}

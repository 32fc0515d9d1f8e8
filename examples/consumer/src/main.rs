//! An example consumer of the generated contracts (`seam-contracts`):
//!
//! 1. reads the pipeline's TOML config into `RootConfig`, reporting every problem of a bad file;
//! 2. applies overrides read from JSON (a `PlanConfigPatch`: absent, `null` and a value are
//!    three different things) to the config's `[plan]` section;
//! 3. decodes a plan artifact row from MessagePack (written by `--write-fixtures`);
//! 4. writes a run's structured log events as JSONL and reads them back.
//!
//! Usage: `consumer [CONFIG] [--log-file PATH]` or `consumer --write-fixtures [PATH]`.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use seam_contracts::cli::config::{PlanConfigPatch, RootConfig};
use seam_contracts::common::hashes::{PlanSignature, Sha256};
use seam_contracts::logs::{
    self, DiagnosticCode, DiagnosticEmitted, Level, RunFinished, RunId, RunStarted, RunStatus,
    StructuredLogEvent, TaskFinished, TaskFinishedOutcome, TimestampMs,
};
use seam_contracts::plan::artifacts::{
    DeterminismAuditBundle, PlanArtifactRow, PlanArtifacts, SubstraitBytes, SubstraitValid,
    SubstraitValidationResult,
};
use seam_runtime::serde_json::json;
use seam_runtime::time::{Duration, OffsetDateTime};
use seam_runtime::uuid::Uuid;
use seam_runtime::{fingerprint, json, msgpack, toml, DecodeError};

const DEFAULT_CONFIG: &str = "examples/consumer/data/config.toml";
const ARTIFACT: &str = "examples/consumer/data/plan_artifact.msgpack";
const OVERRIDES: &str = "examples/consumer/data/plan_overrides.json";

/// A tiny Substrait plan: `Plan { version { minor_number: 53, producer: "datafusion" }, relations: [{}] }`.
const SUBSTRAIT_PLAN: &[u8] = b"\x32\x0e\x10\x35\x2a\x0adatafusion\x1a\x00";

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let mut config = PathBuf::from(DEFAULT_CONFIG);
    let mut log_file = None;
    let mut args = env::args().skip(1);
    let result = loop {
        match args.next().as_deref() {
            None => break run(&config, log_file.as_deref()),
            Some("--write-fixtures") => {
                break write_fixture(&args.next().unwrap_or_else(|| ARTIFACT.into()))
            }
            Some("--log-file") => match args.next() {
                Some(path) => log_file = Some(PathBuf::from(path)),
                None => return usage("--log-file needs a path"),
            },
            Some(flag) if flag.starts_with('-') => return usage(&format!("unknown option {flag}")),
            Some(path) => config = path.into(),
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: consumer [CONFIG] [--log-file PATH] | consumer --write-fixtures [PATH]");
    ExitCode::from(2)
}

fn run(config_path: &Path, log_file: Option<&Path>) -> Result<()> {
    // 1. The config file: strict TOML decoding, every problem reported with its path.
    let text = fs::read_to_string(config_path).map_err(|e| cannot_read(config_path, e))?;
    let config: RootConfig = toml::decode(&text).map_err(|e| invalid(config_path, &e))?;
    // An absent section means "all defaults".
    let plan = config.plan.clone().unwrap_or_default();
    let logging = config.logging.clone().unwrap_or_default();
    println!(
        "config: version {}, max_plan_depth {}, tasks {:?}, log level {}",
        config.config_version,
        plan.max_plan_depth,
        plan.requested_tasks.clone().unwrap_or_default(),
        logging.level.wire(),
    );

    // 2. Overrides: a patch of the `[plan]` section, read from JSON. `"explain": null` clears
    // the field, `max_plan_depth` and `requested_tasks` are set, the rest is left as it is.
    let overrides = Path::new(OVERRIDES);
    let bytes = fs::read(overrides).map_err(|e| cannot_read(overrides, e))?;
    let patch: PlanConfigPatch = json::decode(&bytes).map_err(|e| invalid(overrides, &e))?;
    let patched = patch.apply(&plan);
    println!(
        "overrides: max_plan_depth {} -> {}, explain {:?} -> {:?}, tasks {:?} -> {:?}, capture_substrait kept {}",
        plan.max_plan_depth,
        patched.max_plan_depth,
        plan.explain.as_ref().map(|e| e.wire()),
        patched.explain.as_ref().map(|e| e.wire()),
        plan.requested_tasks.clone().unwrap_or_default(),
        patched.requested_tasks.clone().unwrap_or_default(),
        patched.capture_substrait,
    );
    // The smallest patch back is the same patch.
    assert_eq!(PlanConfigPatch::diff(&plan, &patched), patch);

    // 3. A plan artifact row stored as MessagePack (the Substrait plan is extension type 10).
    let artifact = Path::new(ARTIFACT);
    let bytes = fs::read(artifact).map_err(|e| cannot_read(artifact, e))?;
    let row: PlanArtifactRow = msgpack::decode(&bytes).map_err(|e| invalid(artifact, &e))?;
    let validation = match &row.substrait_validation_result {
        Some(SubstraitValidationResult::SubstraitValid(v)) => format!("valid ({})", v.producer),
        Some(SubstraitValidationResult::SubstraitInvalid(v)) => format!("invalid: {}", v.error),
        Some(SubstraitValidationResult::SubstraitSkipped(v)) => format!("skipped: {}", v.reason),
        None => "not run".into(),
    };
    println!(
        "artifact: view {}, plan {}, substrait {} bytes, validation {validation}, fingerprint {}",
        row.view_name,
        row.plan_signature.get(),
        row.substrait.as_ref().map_or(0, |plan| plan.get().len()),
        fingerprint(&row),
    );

    // 4. The run log: JSONL out, JSONL back in, and the same events.
    let config_hash = fingerprint(&config).replacen("sha256:", "", 1);
    let events = run_log(&row, Sha256::new(config_hash)?)?;
    let path = match log_file {
        Some(path) => path.to_path_buf(),
        None => env::temp_dir().join(format!("seam-consumer-{}.jsonl", std::process::id())),
    };
    fs::write(&path, json::encode_lines(&events))?;
    let bytes = fs::read(&path).map_err(|e| cannot_read(&path, e))?;
    let read_back: Vec<StructuredLogEvent> =
        json::decode_lines(&bytes).map_err(|e| invalid(&path, &e))?;
    if log_file.is_none() {
        fs::remove_file(&path)?;
    }
    if read_back != events {
        return Err(format!("{}: the events read back differ", path.display()).into());
    }
    let (count, path) = (events.len(), path.display());
    println!("log: wrote {count} events to {path}, read them back equal");
    Ok(())
}

fn cannot_read(path: &Path, error: std::io::Error) -> String {
    format!("cannot read {}: {error}", path.display())
}

/// A decode failure as a user should see it: the file, then every problem on its own line.
fn invalid(path: &Path, error: &DecodeError) -> String {
    let count = error.issues().len();
    let plural = if count == 1 { "" } else { "s" };
    let mut report = format!("{} is invalid ({count} problem{plural}):", path.display());
    for issue in error.issues() {
        // `$.plan.max_plan_depth` reads as `plan.max_plan_depth`; `$` is the whole file.
        match issue.path.trim_start_matches('$').trim_start_matches('.') {
            "" => report += &format!("\n  {}", issue.message),
            at => report += &format!("\n  {at}: {}", issue.message),
        }
    }
    report
}

/// `--write-fixtures`: the plan artifact row that `run` decodes, encoded as MessagePack.
fn write_fixture(path: &str) -> Result<()> {
    let bytes = msgpack::encode(&sample_row()?);
    fs::write(path, &bytes)?;
    println!("wrote {path} ({} bytes)", bytes.len());
    Ok(())
}

fn sample_row() -> Result<PlanArtifactRow> {
    let substrait = SubstraitBytes::new(SUBSTRAIT_PLAN.into())?;
    let plan_fingerprint =
        Sha256::new("64879f7d6b960a01909762d911a32d4582c20010c5641ee90278b644a9e3b525".into())?;
    let artifacts = PlanArtifacts {
        explain_tree_rows: None,
        information_schema_snapshot: [(
            "silver.orders".to_owned(),
            json!({"columns": ["order_id", "customer_id", "amount", "event_date"]}),
        )]
        .into(),
        information_schema_hash: Sha256::new(
            "4451437b276e7dbdb2a6e3455386b26acbe0f1c7337e38eb73cb4caaedbf67c1".into(),
        )?,
        substrait_validation: None,
        rulepack_hash: None,
        explain_tree: None,
        df_settings: [("datafusion.execution.target_partitions".into(), "16".into())].into(),
        udf_snapshot_hash: None,
    };
    let determinism = DeterminismAuditBundle {
        plan_fingerprint: plan_fingerprint.clone(),
        planning_env_hash: Sha256::new(
            "b77349bf1fa9b26d45d545d7d64dad96737e9cfbb3cbb5f5d10fb77b0fcc44ad".into(),
        )?,
        schema_contract_hash: Sha256::new(
            "b094db7ce2f99cbcbde7ec178a6754bac666e2192f076807acbd70d49ddd0559".into(),
        )?,
        rulepack_hash: None,
        contract_version: 1,
        substrait: Some(substrait.clone()),
        datafusion_proto: None,
        captured_at: OffsetDateTime::from_unix_timestamp(1_770_027_300)?,
    };
    // `substrait_b64` is deprecated (v8 rows only), but a struct literal must still name it.
    #[allow(deprecated)]
    let row = PlanArtifactRow {
        artifact_id: Uuid::from_u128(0x0f8fad5b_d9cb_469f_a165_70867728950e),
        view_name: "silver_orders".into(),
        plan_fingerprint,
        plan_signature: PlanSignature::new("64879f7d6b960a01".into())?,
        profile_name: "large_batch".into(),
        event_time_unix_ms: 1_770_027_300_000,
        artifacts,
        substrait_validation_result: Some(
            SubstraitValid {
                producer: "datafusion".into(),
                plan_bytes: u32::try_from(substrait.get().len())?,
                roundtrip_equal: true,
            }
            .into(),
        ),
        substrait: Some(substrait),
        datafusion_proto: None,
        determinism: Some(determinism),
        substrait_b64: None,
        schema_version: 9,
    };
    Ok(row)
}

/// The events of a short run that built the artifact's view: started, a task, a diagnostic, finished.
fn run_log(row: &PlanArtifactRow, config_hash: Sha256) -> Result<Vec<StructuredLogEvent>> {
    let run_id = RunId::new("20260202T101500Z-7f3a9c".into())?;
    let signature = row.plan_signature.clone();
    let at = |ms: i64| TimestampMs::new(row.event_time_unix_ms + ms);
    Ok(vec![
        RunStarted {
            run_id: run_id.clone(),
            plan_signature: signature.clone(),
            timestamp_ms: at(0)?,
            level: Level::Info,
            session_id: None,
            hostname: Some("worker-3".into()),
            utc_offset_minutes: 60,
            argv: ["pipeline", "run", "--config", "config.toml"]
                .map(String::from)
                .into(),
            config_hash: Some(config_hash),
        }
        .into(),
        TaskFinished {
            run_id: run_id.clone(),
            plan_signature: signature.clone(),
            timestamp_ms: at(1_840)?,
            level: Level::Info,
            task_name: format!("build_view.{}", row.view_name),
            attempt: 1,
            outcome: TaskFinishedOutcome::Succeeded,
            elapsed: Duration::milliseconds(1_835),
            rows_written: Some(120_000),
            bytes_written: Some(3_481_600),
        }
        .into(),
        DiagnosticEmitted {
            run_id: run_id.clone(),
            plan_signature: signature.clone(),
            timestamp_ms: at(1_900)?,
            severity: Level::Warning,
            code: DiagnosticCode::new("DF0042".into())?,
            message: "filter on `event_date` was not pushed down".into(),
            task_name: Some(format!("build_view.{}", row.view_name)),
            location: None,
            details: [("column".to_owned(), json!("event_date"))].into(),
            hint: Some("cast the literal to `date`".into()),
        }
        .into(),
        RunFinished {
            run_id,
            plan_signature: signature,
            timestamp_ms: at(2_010)?,
            level: Level::Info,
            status: RunStatus::Succeeded,
            exit_code: logs::ExitCode::Success,
            elapsed: Duration::milliseconds(2_010),
            tasks_succeeded: 1,
            tasks_failed: 0,
            diagnostic_counts: [(Level::Warning, 1)].into(),
        }
        .into(),
    ])
}

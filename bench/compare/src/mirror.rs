//! Plain serde mirrors of the benchmarked contracts: the same shapes and wire names, in the same
//! field order, with `#[derive(Serialize, Deserialize)]` and no validation. They are what a user
//! would write without seam, and the baseline the "within 1.15x of serde" targets use.
//!
//! Scalars seam parses into rich types (`uuid`, `date`, `duration`) are plain strings here, and
//! constrained strings and integers are their bare types: checking them is what seam adds. A
//! field with a default is skipped when it holds that default, as seam and msgspec omit it, so
//! that `serde_json::to_vec` writes exactly seam's bytes (the crate's tests check it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// `bench` (bench/compare/idl/bench.ir)

/// `bench.Tier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Free,
    Pro,
    Enterprise,
}

/// `bench.Address`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

/// `bench.Item`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub unit_price: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// `bench.User`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    pub tier: Tier,
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub active: bool,
    pub score: f64,
    pub signup_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_ms: Option<i64>,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

fn default_true() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

// ---------------------------------------------------------------------------------------------
// `logs` (idl/logs.ir)

/// `logs.Level`. The variants are declared in the order of their wire values, so that the
/// derived `Ord` sorts `diagnostic_counts` keys as seam and msgspec do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    Critical,
    Debug,
    Error,
    Info,
    Warning,
}

fn level_info() -> Level {
    Level::Info
}

fn level_debug() -> Level {
    Level::Debug
}

fn is_info(level: &Level) -> bool {
    *level == Level::Info
}

fn is_debug(level: &Level) -> bool {
    *level == Level::Debug
}

fn is_zero<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn attempt_one() -> u16 {
    1
}

fn is_one(attempt: &u16) -> bool {
    *attempt == 1
}

/// `logs.RunStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Succeeded,
    Failed,
    Cancelled,
}

/// `logs.TaskFinished.outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Succeeded,
    Failed,
    Skipped,
}

/// `logs.ArtifactWritten.artifact_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactKind {
    Plan,
    View,
    VacuumReport,
    ScanTelemetry,
}

/// `logs.StructuredLogEvent`: serde's internally tagged enum is the derive a user would write
/// for a union whose tag is a field (`"event"`, written first, as seam does).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event")]
pub enum StructuredLogEvent {
    #[serde(rename = "run_started")]
    RunStarted(RunStarted),
    #[serde(rename = "run_finished")]
    RunFinished(RunFinished),
    #[serde(rename = "task_started")]
    TaskStarted(TaskStarted),
    #[serde(rename = "task_finished")]
    TaskFinished(TaskFinished),
    #[serde(rename = "diagnostic")]
    DiagnosticEmitted(DiagnosticEmitted),
    #[serde(rename = "artifact_written")]
    ArtifactWritten(ArtifactWritten),
}

/// `logs.RunStarted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStarted {
    pub run_id: String,
    pub plan_signature: String,
    pub timestamp_ms: i64,
    #[serde(default = "level_info", skip_serializing_if = "is_info")]
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub utc_offset_minutes: i16,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub argv: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_hash: Option<String>,
}

/// `logs.RunFinished`. `exit_code` is an integer enum on the wire; the mirror keeps the integer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFinished {
    pub run_id: String,
    pub plan_signature: String,
    pub timestamp_ms: i64,
    #[serde(default = "level_info", skip_serializing_if = "is_info")]
    pub level: Level,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub exit_code: i64,
    pub elapsed: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tasks_succeeded: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tasks_failed: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub diagnostic_counts: BTreeMap<Level, u32>,
}

/// `logs.TaskStarted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskStarted {
    pub run_id: String,
    pub plan_signature: String,
    pub timestamp_ms: i64,
    #[serde(default = "level_debug", skip_serializing_if = "is_debug")]
    pub level: Level,
    pub task_name: String,
    #[serde(default = "attempt_one", skip_serializing_if = "is_one")]
    pub attempt: u16,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
}

/// `logs.TaskFinished`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskFinished {
    pub run_id: String,
    pub plan_signature: String,
    pub timestamp_ms: i64,
    #[serde(default = "level_info", skip_serializing_if = "is_info")]
    pub level: Level,
    pub task_name: String,
    #[serde(default = "attempt_one", skip_serializing_if = "is_one")]
    pub attempt: u16,
    pub outcome: Outcome,
    pub elapsed: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_written: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes_written: Option<u64>,
}

/// `logs.SourceLocation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

/// `logs.DiagnosticEmitted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticEmitted {
    pub run_id: String,
    pub plan_signature: String,
    pub timestamp_ms: i64,
    pub severity: Level,
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// `logs.ArtifactWritten`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactWritten {
    pub run_id: String,
    pub plan_signature: String,
    pub timestamp_ms: i64,
    #[serde(default = "level_debug", skip_serializing_if = "is_debug")]
    pub level: Level,
    pub artifact_kind: ArtifactKind,
    pub path: String,
    pub fingerprint: String,
}

// ---------------------------------------------------------------------------------------------
// `telemetry` (idl/telemetry.ir)

/// `telemetry.ScanTelemetry`, an `@array_like` struct: a tuple struct is serde's array. seam
/// writes every position of an array-like struct (it never omits), and so does this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanTelemetry(
    /// `fragment_count`
    pub i64,
    /// `row_group_count`
    pub i64,
    /// `count_rows`
    pub Option<i64>,
    /// `estimated_rows`
    pub Option<i64>,
    /// `files_pruned`
    pub u32,
    /// `row_groups_pruned`
    pub u32,
    /// `bytes_scanned`
    pub Option<u64>,
    /// `pushed_filters`
    pub Vec<String>,
    /// `scan_duration`
    pub Option<String>,
);

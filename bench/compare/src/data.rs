//! Deterministic benchmark data, built as serde mirror values (plain structs are the easiest to
//! write down); [`crate::workloads`] turns them into bytes and seam values. A fixed-seed
//! xorshift generator makes every run, and the bytes msgspec reads, the same.
//!
//! Scalar texts (uuids, dates, durations) are written with the runtime's own formatters, so they
//! are already in the canonical form seam and msgspec encode, and the mirror's bytes equal
//! seam's.

use std::collections::BTreeMap;

use seam_runtime::scalar::{format_date, format_duration, format_uuid};
use seam_runtime::serde_json::json;
use seam_runtime::time::{Date, Duration};
use seam_runtime::uuid::Uuid;

use crate::mirror::{
    Address, ArtifactKind, ArtifactWritten, DiagnosticEmitted, Item, Level, Outcome, RunFinished,
    RunStarted, RunStatus, ScanTelemetry, SourceLocation, StructuredLogEvent, TaskFinished,
    TaskStarted, Tier, User,
};

/// xorshift64*: small, fast and good enough to vary benchmark data; not for anything else.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // The state must never be zero, or the generator stays at zero.
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with a probability of `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next_u64() as usize % items.len()]
    }

    fn hex(&mut self, digits: usize) -> String {
        let mut text = String::with_capacity(digits);
        while text.len() < digits {
            text.push_str(&format!("{:016x}", self.next_u64()));
        }
        text.truncate(digits);
        text
    }
}

const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Barbara",
    "Edsger",
    "Frances",
    "Ken",
    "Margaret",
    "Dennis",
    "Radia",
    "Linus",
    "Sophie",
    "Guido",
    "Hedy",
    "Niklaus",
    "Katherine",
];
const LAST_NAMES: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Thompson", "Hamilton",
    "Ritchie", "Perlman", "Torvalds", "Wilson", "Rossum", "Lamarr", "Wirth", "Johnson",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "mail.example.org",
    "corp.example.net",
    "example.de",
];
const STREETS: &[&str] = &[
    "Main Street",
    "Rue de Rivoli",
    "Friedrichstrasse",
    "Baker Street",
    "Calle de Alcala",
    "Nevsky Prospect",
    "Orchard Road",
    "Avenida Paulista",
];
/// City, postal code, country.
const PLACES: &[(&str, &str, &str)] = &[
    ("Berlin", "10117", "DE"),
    ("Paris", "75001", "FR"),
    ("London", "NW1 6XE", "GB"),
    ("Madrid", "28014", "ES"),
    ("Amsterdam", "1012 JS", "NL"),
    ("Toronto", "M5V 3L9", "CA"),
    ("Singapore", "238801", "SG"),
    ("Sao Paulo", "01310-100", "BR"),
];
const PRODUCTS: &[&str] = &[
    "Stainless Steel Water Bottle 750 ml",
    "Wireless Noise Cancelling Headphones",
    "Organic Cotton T-Shirt, Navy, Size M",
    "Mechanical Keyboard with Brown Switches",
    "Ceramic Pour-Over Coffee Dripper",
    "Hardcover Notebook, Dotted, A5",
    "USB-C Charging Cable 2 m",
    "Trail Running Shoes, Women's 39",
];
const TAGS: &[&str] = &[
    "kitchen",
    "audio",
    "apparel",
    "office",
    "outdoor",
    "gift",
    "sale",
    "new",
    "eco",
    "bestseller",
];
const LABELS: &[(&str, &str)] = &[
    ("segment", "smb"),
    ("source", "referral"),
    ("locale", "de-DE"),
    ("support_plan", "priority"),
    ("cohort", "2024-q3"),
];

/// An angle in `-limit..=limit` degrees with six decimals, as geocoders give them. Dividing an
/// integer by a power of ten gives the double nearest to a short decimal, which every parser
/// reads back exactly; arithmetic after the division would give 17-digit values, which
/// serde_json (without its `float_roundtrip` feature) may read one unit in the last place off.
fn micro_degrees(rng: &mut Rng, limit: i64) -> f64 {
    (rng.range(0, 2 * limit as u64 * 1_000_000) as i64 - limit * 1_000_000) as f64 / 1e6
}

fn address(rng: &mut Rng) -> Address {
    let (city, postal_code, country) = *rng.pick(PLACES);
    let geocoded = rng.chance(80);
    Address {
        street: format!("{} {}", rng.range(1, 999), rng.pick(STREETS)),
        city: city.to_string(),
        postal_code: postal_code.to_string(),
        country: country.to_string(),
        latitude: geocoded.then(|| micro_degrees(rng, 90)),
        longitude: geocoded.then(|| micro_degrees(rng, 180)),
    }
}

fn item(rng: &mut Rng) -> Item {
    let letters: String = (0..3)
        .map(|_| char::from(b'A' + rng.range(0, 25) as u8))
        .collect();
    let tag_count = rng.range(0, 3);
    Item {
        sku: format!("{letters}-{:06}", rng.range(0, 999_999)),
        name: rng.pick(PRODUCTS).to_string(),
        quantity: rng.range(1, 12) as u32,
        unit_price: rng.range(99, 49_999) as f64 / 100.0,
        tags: (0..tag_count).map(|_| rng.pick(TAGS).to_string()).collect(),
    }
}

/// One user with `item_count` items; `index` keeps usernames distinct.
pub fn user(rng: &mut Rng, index: u64, item_count: usize) -> User {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let username = format!("{}_{}{index}", first.to_lowercase(), last.to_lowercase());
    let email = format!(
        "{}.{}@{}",
        first.to_lowercase(),
        last.to_lowercase(),
        rng.pick(DOMAINS)
    );
    let tier = *rng.pick(&[
        Tier::Free,
        Tier::Free,
        Tier::Free,
        Tier::Pro,
        Tier::Enterprise,
    ]);
    let signup = Date::from_calendar_date(2015, seam_runtime::time::Month::January, 1)
        .expect("a valid date")
        + Duration::days(rng.range(0, 3_650) as i64);
    let mut labels = BTreeMap::new();
    for _ in 0..rng.range(0, 3) {
        let (key, value) = *rng.pick(LABELS);
        labels.insert(key.to_string(), value.to_string());
    }
    User {
        id: format_uuid(&Uuid::from_u64_pair(rng.next_u64(), rng.next_u64())),
        username,
        email,
        display_name: rng.chance(80).then(|| format!("{first} {last}")),
        age: rng.chance(70).then(|| rng.range(13, 90) as u8),
        tier,
        active: rng.chance(90),
        score: rng.range(0, 10_000) as f64 / 100.0,
        signup_date: format_date(signup),
        last_login_ms: rng
            .chance(85)
            .then(|| 1_700_000_000_000 + rng.range(0, 10_000_000_000) as i64),
        address: address(rng),
        shipping_address: rng.chance(30).then(|| address(rng)),
        items: (0..item_count).map(|_| item(rng)).collect(),
        labels,
    }
}

/// The ~1 KB object: a user with five items.
pub fn single_user() -> User {
    user(&mut Rng::new(1), 1, 5)
}

/// `count` users with 2 to 8 items each (about 1 KB each on average).
pub fn users(seed: u64, count: usize) -> Vec<User> {
    let mut rng = Rng::new(seed);
    (0..count as u64)
        .map(|index| {
            let item_count = rng.range(2, 8) as usize;
            user(&mut rng, index, item_count)
        })
        .collect()
}

const TASKS: &[&str] = &[
    "ingest.raw_orders",
    "build_view.silver_orders",
    "build_view.gold_revenue_daily",
    "vacuum.bronze_events",
    "export.finance_snapshot",
];
const MESSAGES: &[(&str, &str)] = &[
    (
        "DF0042",
        "column `order_id` has 12 null values but is declared non-nullable",
    ),
    (
        "DELTA101",
        "table version 41 was compacted concurrently; retrying the commit",
    ),
    (
        "PLAN0007",
        "filter on `region` could not be pushed into the scan",
    ),
    (
        "CFG203",
        "option `max_columns` is deprecated; use `limits.columns`",
    ),
];

fn duration_text(rng: &mut Rng, max_ms: u64) -> String {
    format_duration(Duration::milliseconds(rng.range(1, max_ms) as i64))
}

/// `count` structured log events of one long pipeline: runs that start, run tasks (which start,
/// finish, report diagnostics and write artifacts) and finish.
pub fn log_events(seed: u64, count: usize) -> Vec<StructuredLogEvent> {
    let mut rng = Rng::new(seed);
    let mut events = Vec::with_capacity(count);
    let mut timestamp_ms: i64 = 1_767_225_600_000;
    let mut run = 0u64;
    let mut run_id = String::new();
    let mut plan_signature = String::new();
    while events.len() < count {
        timestamp_ms += rng.range(1, 2_000) as i64;
        let roll = rng.range(0, 99);
        let event = if run_id.is_empty() || roll < 3 {
            run += 1;
            run_id = format!("20260101T000000Z-{run:06x}");
            plan_signature = rng.hex(16);
            StructuredLogEvent::RunStarted(RunStarted {
                run_id: run_id.clone(),
                plan_signature: plan_signature.clone(),
                timestamp_ms,
                level: Level::Info,
                session_id: Some(format_uuid(&Uuid::from_u64_pair(
                    rng.next_u64(),
                    rng.next_u64(),
                ))),
                hostname: Some(format!("worker-{:02}.dc1.example.net", rng.range(1, 40))),
                utc_offset_minutes: *rng.pick(&[0, 60, -300, 330]),
                argv: vec![
                    "pipeline".into(),
                    "run".into(),
                    "--profile".into(),
                    "prod".into(),
                ],
                config_hash: rng.chance(70).then(|| rng.hex(64)),
            })
        } else if roll < 6 {
            let failed = rng.range(0, 2) as u32;
            let mut counts = BTreeMap::new();
            counts.insert(Level::Warning, rng.range(0, 20) as u32);
            if failed > 0 {
                counts.insert(Level::Error, failed);
            }
            let event = StructuredLogEvent::RunFinished(RunFinished {
                run_id: run_id.clone(),
                plan_signature: plan_signature.clone(),
                timestamp_ms,
                level: if failed > 0 {
                    Level::Error
                } else {
                    Level::Info
                },
                status: if failed > 0 {
                    RunStatus::Failed
                } else {
                    RunStatus::Succeeded
                },
                exit_code: i64::from(failed > 0),
                elapsed: duration_text(&mut rng, 3_600_000),
                tasks_succeeded: rng.range(1, 40) as u32,
                tasks_failed: failed,
                diagnostic_counts: counts,
            });
            run_id.clear();
            event
        } else if roll < 36 {
            StructuredLogEvent::TaskStarted(TaskStarted {
                run_id: run_id.clone(),
                plan_signature: plan_signature.clone(),
                timestamp_ms,
                level: Level::Debug,
                task_name: rng.pick(TASKS).to_string(),
                attempt: if rng.chance(10) { 2 } else { 1 },
                inputs: (0..rng.range(0, 3))
                    .map(|_| rng.pick(TASKS).to_string())
                    .collect(),
            })
        } else if roll < 66 {
            let writes = rng.chance(60);
            StructuredLogEvent::TaskFinished(TaskFinished {
                run_id: run_id.clone(),
                plan_signature: plan_signature.clone(),
                timestamp_ms,
                level: Level::Info,
                task_name: rng.pick(TASKS).to_string(),
                attempt: 1,
                outcome: *rng.pick(&[
                    Outcome::Succeeded,
                    Outcome::Succeeded,
                    Outcome::Skipped,
                    Outcome::Failed,
                ]),
                elapsed: duration_text(&mut rng, 600_000),
                rows_written: writes.then(|| rng.range(0, 50_000_000)),
                bytes_written: writes.then(|| rng.range(0, 8_000_000_000)),
            })
        } else if roll < 86 {
            let (code, message) = *rng.pick(MESSAGES);
            let mut details = BTreeMap::new();
            if rng.chance(50) {
                details.insert("column".to_string(), json!("order_id"));
                details.insert("null_count".to_string(), json!(rng.range(1, 500)));
                details.insert(
                    "sample_rows".to_string(),
                    json!([rng.range(0, 1000), rng.range(0, 1000)]),
                );
            }
            StructuredLogEvent::DiagnosticEmitted(DiagnosticEmitted {
                run_id: run_id.clone(),
                plan_signature: plan_signature.clone(),
                timestamp_ms,
                severity: *rng.pick(&[Level::Warning, Level::Warning, Level::Info, Level::Error]),
                code: code.to_string(),
                message: message.to_string(),
                task_name: rng.chance(80).then(|| rng.pick(TASKS).to_string()),
                location: rng.chance(40).then(|| SourceLocation {
                    file: "pipelines/orders.toml".to_string(),
                    line: rng.range(1, 400) as u32,
                    column: rng.chance(50).then(|| rng.range(1, 80) as u32),
                }),
                details,
                hint: rng
                    .chance(30)
                    .then(|| "declare the column nullable or filter nulls upstream".to_string()),
            })
        } else {
            StructuredLogEvent::ArtifactWritten(ArtifactWritten {
                run_id: run_id.clone(),
                plan_signature: plan_signature.clone(),
                timestamp_ms,
                level: Level::Debug,
                artifact_kind: *rng.pick(&[
                    ArtifactKind::Plan,
                    ArtifactKind::View,
                    ArtifactKind::VacuumReport,
                    ArtifactKind::ScanTelemetry,
                ]),
                path: format!("artifacts/{run_id}/{}.msgpack", rng.hex(8)),
                fingerprint: format!("sha256:{}", rng.hex(64)),
            })
        };
        events.push(event);
    }
    events
}

const FILTERS: &[&str] = &[
    "order_date >= DATE '2025-01-01'",
    "region = 'eu-west'",
    "status IN ('paid', 'shipped')",
    "amount > 100",
    "customer_id IS NOT NULL",
];

/// `count` scan telemetry records, as the scan planner writes them.
pub fn scan_telemetry(seed: u64, count: usize) -> Vec<ScanTelemetry> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let fragments = rng.range(1, 5_000) as i64;
            let row_groups = fragments * rng.range(1, 16) as i64;
            let answered_from_metadata = rng.chance(10);
            ScanTelemetry(
                fragments,
                row_groups,
                answered_from_metadata.then(|| rng.range(0, 1_000_000_000) as i64),
                rng.chance(70).then(|| rng.range(0, 1_000_000_000) as i64),
                rng.range(0, 2_000) as u32,
                rng.range(0, 20_000) as u32,
                (!answered_from_metadata).then(|| rng.range(0, 50_000_000_000)),
                (0..rng.range(0, 3))
                    .map(|_| rng.pick(FILTERS).to_string())
                    .collect(),
                rng.chance(90).then(|| duration_text(&mut rng, 120_000)),
            )
        })
        .collect()
}

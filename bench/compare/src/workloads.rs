//! The benchmark workloads (the bytes every library reads, and the values each writes) and the
//! cases run over them. Both benches and the tests build them here, so they measure and check
//! the same thing.

use std::io::Write as _;
use std::path::Path;

use seam_contracts::logs::StructuredLogEvent;
use seam_contracts::telemetry::ScanTelemetry;
use seam_runtime::de::Decode;
use seam_runtime::ser::Encode;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::contracts::bench::User;
use crate::{data, mirror};

/// How many values each workload holds. [`Sizes::FULL`] is what the benches measure; the tests
/// use [`Sizes::SMALL`] to stay quick in debug builds.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Users in the "1 MB" array (about 1 KB each).
    pub users: usize,
    /// Lines of each JSONL workload.
    pub lines: usize,
}

impl Sizes {
    pub const FULL: Sizes = Sizes {
        users: 1_000,
        lines: 100_000,
    };
    pub const SMALL: Sizes = Sizes {
        users: 50,
        lines: 500,
    };
}

/// The wire format of a workload's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Msgpack,
    /// One JSON document per line.
    JsonLines,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Msgpack => "msgpack",
            Format::JsonLines => "jsonl",
        }
    }
}

/// One workload: its bytes (seam's encoding, which is also msgspec's and the mirror's) and the
/// same data as seam values and as mirror values.
#[derive(Debug, Clone)]
pub struct Workload<S, M> {
    /// Stable name, used in result lines and as the file name of the bytes.
    pub name: &'static str,
    pub format: Format,
    /// The contract type of the whole document (or of each line), as `seam model` names it.
    pub type_name: &'static str,
    /// `"one"`, `"array"` (a list of `type_name`) or `"lines"`.
    pub shape: &'static str,
    /// The contract set `type_name` belongs to: `"bench"` (bench/compare/idl) or `"idl"`.
    pub contract_set: &'static str,
    pub bytes: Vec<u8>,
    pub seam: S,
    pub mirror: M,
}

impl<S, M> Workload<S, M> {
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.name, self.format.name())
    }
}

/// Every workload of issue 7.
#[derive(Debug, Clone)]
pub struct Workloads {
    /// (a) one ~1 KB user object.
    pub user: Workload<User, mirror::User>,
    /// (b) a ~1 MB JSON array of users.
    pub users: Workload<Vec<User>, Vec<mirror::User>>,
    /// (d) the same users in MessagePack.
    pub users_msgpack: Workload<Vec<User>, Vec<mirror::User>>,
    /// (c) structured log events (idl/logs.ir) as JSON lines.
    pub log_events: Workload<Vec<StructuredLogEvent>, Vec<mirror::StructuredLogEvent>>,
    /// (c) scan telemetry records (idl/telemetry.ir) as JSON lines.
    pub scan_telemetry: Workload<Vec<ScanTelemetry>, Vec<mirror::ScanTelemetry>>,
}

/// Encodes mirror values with serde_json and decodes them with seam: the data is generated as
/// plain structs, and seam's decoder proves it satisfies the contract.
fn seam_from_mirror<S: Decode, M: Serialize>(mirror: &M) -> S {
    let bytes = serde_json::to_vec(mirror).expect("mirror values serialize");
    seam_runtime::json::decode(&bytes)
        .unwrap_or_else(|e| panic!("generated data breaks the contract: {e}"))
}

impl Workloads {
    pub fn build(sizes: Sizes) -> Workloads {
        let user_mirror = data::single_user();
        let user_seam: User = seam_from_mirror(&user_mirror);
        let users_mirror = data::users(2, sizes.users);
        let users_seam: Vec<User> = seam_from_mirror(&users_mirror);
        let events_mirror = data::log_events(3, sizes.lines);
        let events_seam: Vec<StructuredLogEvent> = seam_from_mirror(&events_mirror);
        let telemetry_mirror = data::scan_telemetry(4, sizes.lines);
        let telemetry_seam: Vec<ScanTelemetry> = seam_from_mirror(&telemetry_mirror);
        Workloads {
            user: Workload {
                name: "user_1kb",
                format: Format::Json,
                type_name: "bench.User",
                shape: "one",
                contract_set: "bench",
                bytes: seam_runtime::json::encode(&user_seam),
                seam: user_seam,
                mirror: user_mirror,
            },
            users: Workload {
                name: "users_1mb",
                format: Format::Json,
                type_name: "bench.User",
                shape: "array",
                contract_set: "bench",
                bytes: seam_runtime::json::encode(&users_seam),
                seam: users_seam.clone(),
                mirror: users_mirror.clone(),
            },
            users_msgpack: Workload {
                name: "users_1mb",
                format: Format::Msgpack,
                type_name: "bench.User",
                shape: "array",
                contract_set: "bench",
                bytes: seam_runtime::msgpack::encode(&users_seam),
                seam: users_seam,
                mirror: users_mirror,
            },
            log_events: Workload {
                name: "log_events",
                format: Format::JsonLines,
                type_name: "logs.StructuredLogEvent",
                shape: "lines",
                contract_set: "idl",
                bytes: seam_runtime::json::encode_lines(&events_seam),
                seam: events_seam,
                mirror: events_mirror,
            },
            scan_telemetry: Workload {
                name: "scan_telemetry",
                format: Format::JsonLines,
                type_name: "telemetry.ScanTelemetry",
                shape: "lines",
                contract_set: "idl",
                bytes: seam_runtime::json::encode_lines(&telemetry_seam),
                seam: telemetry_seam,
                mirror: telemetry_mirror,
            },
        }
    }

    /// Writes every workload's bytes into `dir`, with `workloads.jsonl`, a manifest (one JSON
    /// object per workload: name, file, format, type, shape, contract set, size) that tells
    /// `bench/compare_msgspec.py` how to read them.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut manifest = Vec::new();
        write_workload(dir, &self.user, &mut manifest)?;
        write_workload(dir, &self.users, &mut manifest)?;
        write_workload(dir, &self.users_msgpack, &mut manifest)?;
        write_workload(dir, &self.log_events, &mut manifest)?;
        write_workload(dir, &self.scan_telemetry, &mut manifest)?;
        std::fs::write(dir.join("workloads.jsonl"), manifest)
    }
}

fn write_workload<S, M>(
    dir: &Path,
    workload: &Workload<S, M>,
    manifest: &mut Vec<u8>,
) -> std::io::Result<()> {
    let file = workload.file_name();
    std::fs::write(dir.join(&file), &workload.bytes)?;
    let line = serde_json::json!({
        "name": workload.name,
        "file": file,
        "format": workload.format.name(),
        "type": workload.type_name,
        "shape": workload.shape,
        "contract_set": workload.contract_set,
        "bytes": workload.bytes.len(),
    });
    writeln!(manifest, "{line}")
}

// ---------------------------------------------------------------------------------------------
// The operations, one function each, so that the benches and the tests call the same code.

pub fn seam_json_decode<T: Decode>(bytes: &[u8]) -> T {
    seam_runtime::json::decode(bytes).expect("the workload satisfies the contract")
}

pub fn seam_json_encode<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    seam_runtime::json::encode(value)
}

pub fn seam_msgpack_decode<T: Decode>(bytes: &[u8]) -> T {
    seam_runtime::msgpack::decode(bytes).expect("the workload satisfies the contract")
}

pub fn seam_msgpack_encode<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    seam_runtime::msgpack::encode(value)
}

pub fn seam_lines_decode<T: Decode>(bytes: &[u8]) -> Vec<T> {
    seam_runtime::json::decode_lines(bytes).expect("the workload satisfies the contract")
}

pub fn seam_lines_encode<T: Encode>(items: &[T]) -> Vec<u8> {
    seam_runtime::json::encode_lines(items)
}

pub fn serde_json_decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("the workload is valid JSON of the mirror")
}

pub fn serde_json_encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("mirror values serialize")
}

/// JSON lines with serde_json: its streaming deserializer reads whitespace-separated values.
pub fn serde_lines_decode<T: DeserializeOwned>(bytes: &[u8]) -> Vec<T> {
    serde_json::Deserializer::from_slice(bytes)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("the workload is valid JSON lines of the mirror")
}

pub fn serde_lines_encode<T: Serialize>(items: &[T]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    for item in items {
        serde_json::to_writer(&mut out, item).expect("mirror values serialize");
        out.push(b'\n');
    }
    out
}

pub fn rmp_decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    rmp_serde::from_slice(bytes).expect("the workload is valid MessagePack of the mirror")
}

/// Structs as maps keyed by field name (`to_vec_named`), as seam and msgspec encode them.
pub fn rmp_encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    rmp_serde::to_vec_named(value).expect("mirror values serialize")
}

// ---------------------------------------------------------------------------------------------
// Cases

/// Decode (bytes to a validated value) or encode (value to bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
    Decode,
    Encode,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::Decode => "decode",
            Operation::Encode => "encode",
        }
    }
}

/// Who does the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Library {
    /// seam's generated types and runtime.
    Seam,
    /// The mirror with serde_json.
    SerdeJson,
    /// The mirror with rmp-serde.
    RmpSerde,
}

impl Library {
    pub fn name(self) -> &'static str {
        match self {
            Library::Seam => "seam",
            Library::SerdeJson => "serde_json",
            Library::RmpSerde => "rmp-serde",
        }
    }
}

/// What a case is, for result lines.
#[derive(Debug, Clone, Copy)]
pub struct CaseId {
    pub workload: &'static str,
    pub format: Format,
    pub operation: Operation,
    pub library: Library,
    /// Size of the wire bytes read or written, for throughput.
    pub bytes: usize,
}

/// Receives every case; `run` performs one iteration and returns what it produced, so that the
/// caller decides when it is dropped (the compare bench drops outside the timed region). `run`
/// borrows the workloads (`'w`), so a visitor may keep it to run cases in its own order.
pub trait Visitor<'w> {
    fn case<T: 'w>(&mut self, id: CaseId, run: impl FnMut() -> T + 'w);
}

/// Calls `visitor` with every case: each workload, decoded and encoded, by seam and by the serde
/// mirror of its format. The cases of one workload, format and operation come one after the
/// other, seam first.
pub fn visit_cases<'w>(w: &'w Workloads, visitor: &mut impl Visitor<'w>) {
    let id = |name, format, operation, library, bytes: &Vec<u8>| CaseId {
        workload: name,
        format,
        operation,
        library,
        bytes: bytes.len(),
    };
    use Library::*;
    use Operation::*;

    let u = &w.user;
    visitor.case(id(u.name, u.format, Decode, Seam, &u.bytes), || {
        seam_json_decode::<User>(&u.bytes)
    });
    visitor.case(id(u.name, u.format, Decode, SerdeJson, &u.bytes), || {
        serde_json_decode::<mirror::User>(&u.bytes)
    });
    visitor.case(id(u.name, u.format, Encode, Seam, &u.bytes), || {
        seam_json_encode(&u.seam)
    });
    visitor.case(id(u.name, u.format, Encode, SerdeJson, &u.bytes), || {
        serde_json_encode(&u.mirror)
    });

    let a = &w.users;
    visitor.case(id(a.name, a.format, Decode, Seam, &a.bytes), || {
        seam_json_decode::<Vec<User>>(&a.bytes)
    });
    visitor.case(id(a.name, a.format, Decode, SerdeJson, &a.bytes), || {
        serde_json_decode::<Vec<mirror::User>>(&a.bytes)
    });
    visitor.case(id(a.name, a.format, Encode, Seam, &a.bytes), || {
        seam_json_encode(&a.seam)
    });
    visitor.case(id(a.name, a.format, Encode, SerdeJson, &a.bytes), || {
        serde_json_encode(&a.mirror)
    });

    let m = &w.users_msgpack;
    visitor.case(id(m.name, m.format, Decode, Seam, &m.bytes), || {
        seam_msgpack_decode::<Vec<User>>(&m.bytes)
    });
    visitor.case(id(m.name, m.format, Decode, RmpSerde, &m.bytes), || {
        rmp_decode::<Vec<mirror::User>>(&m.bytes)
    });
    visitor.case(id(m.name, m.format, Encode, Seam, &m.bytes), || {
        seam_msgpack_encode(&m.seam)
    });
    visitor.case(id(m.name, m.format, Encode, RmpSerde, &m.bytes), || {
        rmp_encode(&m.mirror)
    });

    let l = &w.log_events;
    visitor.case(id(l.name, l.format, Decode, Seam, &l.bytes), || {
        seam_lines_decode::<StructuredLogEvent>(&l.bytes)
    });
    visitor.case(id(l.name, l.format, Decode, SerdeJson, &l.bytes), || {
        serde_lines_decode::<mirror::StructuredLogEvent>(&l.bytes)
    });
    visitor.case(id(l.name, l.format, Encode, Seam, &l.bytes), || {
        seam_lines_encode(&l.seam)
    });
    visitor.case(id(l.name, l.format, Encode, SerdeJson, &l.bytes), || {
        serde_lines_encode(&l.mirror)
    });

    let t = &w.scan_telemetry;
    visitor.case(id(t.name, t.format, Decode, Seam, &t.bytes), || {
        seam_lines_decode::<ScanTelemetry>(&t.bytes)
    });
    visitor.case(id(t.name, t.format, Decode, SerdeJson, &t.bytes), || {
        serde_lines_decode::<mirror::ScanTelemetry>(&t.bytes)
    });
    visitor.case(id(t.name, t.format, Encode, Seam, &t.bytes), || {
        seam_lines_encode(&t.seam)
    });
    visitor.case(id(t.name, t.format, Encode, SerdeJson, &t.bytes), || {
        serde_lines_encode(&t.mirror)
    });
}

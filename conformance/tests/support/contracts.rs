//! Every generated type of both contract sets (`idl/`: crate `seam-contracts`; `conformance/idl/`:
//! crate `seam-conformance`) as a Rust type, chosen by name at run time. The registries
//! (`registry::transcode`) only give bytes back; the property tests, the regression test and the
//! fuzz targets (`fuzz/`) need the typed value, to compare it with what it decodes to again.
//!
//! The test `support_lists_every_registered_type` (`tests/properties.rs`) fails when a registry
//! has a type this list lacks: add it here (`set "package.Name" => rust::path;`).

#![allow(deprecated)]

use std::fmt::Debug;

use seam_runtime::de::Decode;
use seam_runtime::ser::Encode;

/// What the checks need of a generated type; every one of them has it.
pub trait Contract: Decode + Encode + PartialEq + Debug + Clone + 'static {}

impl<T: Decode + Encode + PartialEq + Debug + Clone + 'static> Contract for T {}

/// A computation generic over the contract type, run by [`visit`] on the type of a name.
pub trait Visit {
    type Out;
    fn visit<T: Contract>(self) -> Self::Out;
}

macro_rules! contracts {
    ($($set:literal $name:literal => $ty:ty;)*) => {
        /// `(set, qualified name)` of every type; the fuzz targets index this list.
        pub const TYPES: &[(&str, &str)] = &[$(($set, $name)),*];

        /// Runs `v` on the type `name` of contract set `set` (`"idl"` or `"conformance"`);
        /// `None` when there is no such type.
        pub fn visit<V: Visit>(set: &str, name: &str, v: V) -> Option<V::Out> {
            match (set, name) {
                $(($set, $name) => Some(v.visit::<$ty>()),)*
                _ => None,
            }
        }
    };
}

contracts! {
    "idl" "cache.policy.CacheCodec" => seam_contracts::cache::policy::CacheCodec;
    "idl" "cache.policy.CacheEntryManifest" => seam_contracts::cache::policy::CacheEntryManifest;
    "idl" "cache.policy.CachePolicy" => seam_contracts::cache::policy::CachePolicy;
    "idl" "cache.policy.CachePolicyPatch" => seam_contracts::cache::policy::CachePolicyPatch;
    "idl" "cache.policy.EvictionPolicy" => seam_contracts::cache::policy::EvictionPolicy;
    "idl" "cli.config.CacheConfig" => seam_contracts::cli::config::CacheConfig;
    "idl" "cli.config.CacheConfigPatch" => seam_contracts::cli::config::CacheConfigPatch;
    "idl" "cli.config.DeltaConfig" => seam_contracts::cli::config::DeltaConfig;
    "idl" "cli.config.DeltaConfigPatch" => seam_contracts::cli::config::DeltaConfigPatch;
    "idl" "cli.config.LoggingConfig" => seam_contracts::cli::config::LoggingConfig;
    "idl" "cli.config.MaintenanceConfig" => seam_contracts::cli::config::MaintenanceConfig;
    "idl" "cli.config.MaintenanceConfigPatch" => seam_contracts::cli::config::MaintenanceConfigPatch;
    "idl" "cli.config.PlanConfig" => seam_contracts::cli::config::PlanConfig;
    "idl" "cli.config.PlanConfigPatch" => seam_contracts::cli::config::PlanConfigPatch;
    "idl" "cli.config.RootConfig" => seam_contracts::cli::config::RootConfig;
    "idl" "cli.config.RuntimeConfig" => seam_contracts::cli::config::RuntimeConfig;
    "idl" "cli.config.RuntimeConfigPatch" => seam_contracts::cli::config::RuntimeConfigPatch;
    "idl" "common.hashes.Fingerprint" => seam_contracts::common::hashes::Fingerprint;
    "idl" "common.hashes.PlanSignature" => seam_contracts::common::hashes::PlanSignature;
    "idl" "common.hashes.Sha256" => seam_contracts::common::hashes::Sha256;
    "idl" "delta.policy.ColumnMappingMode" => seam_contracts::delta::policy::ColumnMappingMode;
    "idl" "delta.policy.DeltaProtocolSnapshot" => seam_contracts::delta::policy::DeltaProtocolSnapshot;
    "idl" "delta.policy.DeltaReaderVersion" => seam_contracts::delta::policy::DeltaReaderVersion;
    "idl" "delta.policy.DeltaScanConfig" => seam_contracts::delta::policy::DeltaScanConfig;
    "idl" "delta.policy.DeltaSchemaPolicy" => seam_contracts::delta::policy::DeltaSchemaPolicy;
    "idl" "delta.policy.DeltaSchemaPolicyPatch" => seam_contracts::delta::policy::DeltaSchemaPolicyPatch;
    "idl" "delta.policy.DeltaTableFeature" => seam_contracts::delta::policy::DeltaTableFeature;
    "idl" "delta.policy.DeltaWritePolicy" => seam_contracts::delta::policy::DeltaWritePolicy;
    "idl" "delta.policy.TableUri" => seam_contracts::delta::policy::TableUri;
    "idl" "delta.policy.VacuumReport" => seam_contracts::delta::policy::VacuumReport;
    "idl" "logs.ArtifactWritten" => seam_contracts::logs::ArtifactWritten;
    "idl" "logs.DiagnosticCode" => seam_contracts::logs::DiagnosticCode;
    "idl" "logs.DiagnosticEmitted" => seam_contracts::logs::DiagnosticEmitted;
    "idl" "logs.ExitCode" => seam_contracts::logs::ExitCode;
    "idl" "logs.Level" => seam_contracts::logs::Level;
    "idl" "logs.RunFinished" => seam_contracts::logs::RunFinished;
    "idl" "logs.RunId" => seam_contracts::logs::RunId;
    "idl" "logs.RunStarted" => seam_contracts::logs::RunStarted;
    "idl" "logs.RunStatus" => seam_contracts::logs::RunStatus;
    "idl" "logs.SourceLocation" => seam_contracts::logs::SourceLocation;
    "idl" "logs.StructuredLogEvent" => seam_contracts::logs::StructuredLogEvent;
    "idl" "logs.TaskFinished" => seam_contracts::logs::TaskFinished;
    "idl" "logs.TaskStarted" => seam_contracts::logs::TaskStarted;
    "idl" "logs.TimestampMs" => seam_contracts::logs::TimestampMs;
    "idl" "metadata.MetadataListPayload" => seam_contracts::metadata::MetadataListPayload;
    "idl" "metadata.MetadataMapPayload" => seam_contracts::metadata::MetadataMapPayload;
    "idl" "metadata.MetadataScalarPayload" => seam_contracts::metadata::MetadataScalarPayload;
    "idl" "metadata.ScalarKind" => seam_contracts::metadata::ScalarKind;
    "idl" "plan.artifacts.DataFusionProtoBytes" => seam_contracts::plan::artifacts::DataFusionProtoBytes;
    "idl" "plan.artifacts.DeterminismAuditBundle" => seam_contracts::plan::artifacts::DeterminismAuditBundle;
    "idl" "plan.artifacts.ExplainNode" => seam_contracts::plan::artifacts::ExplainNode;
    "idl" "plan.artifacts.PlanArtifactRow" => seam_contracts::plan::artifacts::PlanArtifactRow;
    "idl" "plan.artifacts.PlanArtifactRowV8" => seam_contracts::plan::artifacts::PlanArtifactRowV8;
    "idl" "plan.artifacts.PlanArtifacts" => seam_contracts::plan::artifacts::PlanArtifacts;
    "idl" "plan.artifacts.SubstraitBytes" => seam_contracts::plan::artifacts::SubstraitBytes;
    "idl" "plan.artifacts.SubstraitInvalid" => seam_contracts::plan::artifacts::SubstraitInvalid;
    "idl" "plan.artifacts.SubstraitSkipped" => seam_contracts::plan::artifacts::SubstraitSkipped;
    "idl" "plan.artifacts.SubstraitValid" => seam_contracts::plan::artifacts::SubstraitValid;
    "idl" "plan.artifacts.SubstraitValidationResult" => seam_contracts::plan::artifacts::SubstraitValidationResult;
    "idl" "runtime.MemoryPoolConfig" => seam_contracts::runtime::MemoryPoolConfig;
    "idl" "runtime.ObjectStoreKind" => seam_contracts::runtime::ObjectStoreKind;
    "idl" "runtime.ObjectStoreProfile" => seam_contracts::runtime::ObjectStoreProfile;
    "idl" "runtime.RuntimeProfileSnapshot" => seam_contracts::runtime::RuntimeProfileSnapshot;
    "idl" "runtime.RuntimeProfileSnapshotPatch" => seam_contracts::runtime::RuntimeProfileSnapshotPatch;
    "idl" "runtime.SpillCompression" => seam_contracts::runtime::SpillCompression;
    "idl" "runtime.SpillConfig" => seam_contracts::runtime::SpillConfig;
    "idl" "telemetry.FilePruned" => seam_contracts::telemetry::FilePruned;
    "idl" "telemetry.FileScanned" => seam_contracts::telemetry::FileScanned;
    "idl" "telemetry.PruneReason" => seam_contracts::telemetry::PruneReason;
    "idl" "telemetry.RowGroupsPruned" => seam_contracts::telemetry::RowGroupsPruned;
    "idl" "telemetry.ScanSample" => seam_contracts::telemetry::ScanSample;
    "idl" "telemetry.ScanTelemetry" => seam_contracts::telemetry::ScanTelemetry;
    "idl" "views.ColumnLineage" => seam_contracts::views::ColumnLineage;
    "idl" "views.ViewArtifactPayload" => seam_contracts::views::ViewArtifactPayload;
    "idl" "views.ViewKind" => seam_contracts::views::ViewKind;
    "idl" "views.ViewName" => seam_contracts::views::ViewName;
    "idl" "views.ViewSchemaField" => seam_contracts::views::ViewSchemaField;
    "conformance" "conformance.aliases.Add" => seam_conformance::conformance::aliases::Add;
    "conformance" "conformance.aliases.AliasHolder" => seam_conformance::conformance::aliases::AliasHolder;
    "conformance" "conformance.aliases.AliasHolderPatch" => seam_conformance::conformance::aliases::AliasHolderPatch;
    "conformance" "conformance.aliases.Blob" => seam_conformance::conformance::aliases::Blob;
    "conformance" "conformance.aliases.Even" => seam_conformance::conformance::aliases::Even;
    "conformance" "conformance.aliases.Expr" => seam_conformance::conformance::aliases::Expr;
    "conformance" "conformance.aliases.Graph" => seam_conformance::conformance::aliases::Graph;
    "conformance" "conformance.aliases.Labels" => seam_conformance::conformance::aliases::Labels;
    "conformance" "conformance.aliases.LinkedNode" => seam_conformance::conformance::aliases::LinkedNode;
    "conformance" "conformance.aliases.LinkedNodePatch" => seam_conformance::conformance::aliases::LinkedNodePatch;
    "conformance" "conformance.aliases.Lit" => seam_conformance::conformance::aliases::Lit;
    "conformance" "conformance.aliases.MaxBlob" => seam_conformance::conformance::aliases::MaxBlob;
    "conformance" "conformance.aliases.Names" => seam_conformance::conformance::aliases::Names;
    "conformance" "conformance.aliases.Neg" => seam_conformance::conformance::aliases::Neg;
    "conformance" "conformance.aliases.Percent" => seam_conformance::conformance::aliases::Percent;
    "conformance" "conformance.aliases.PlainText" => seam_conformance::conformance::aliases::PlainText;
    "conformance" "conformance.aliases.Port" => seam_conformance::conformance::aliases::Port;
    "conformance" "conformance.aliases.Slug" => seam_conformance::conformance::aliases::Slug;
    "conformance" "conformance.aliases.Slugs" => seam_conformance::conformance::aliases::Slugs;
    "conformance" "conformance.aliases.SmallList" => seam_conformance::conformance::aliases::SmallList;
    "conformance" "conformance.aliases.Tree" => seam_conformance::conformance::aliases::Tree;
    "conformance" "conformance.aliases.ZeroBlob" => seam_conformance::conformance::aliases::ZeroBlob;
    "conformance" "conformance.constraints.FloatBounds" => seam_conformance::conformance::constraints::FloatBounds;
    "conformance" "conformance.constraints.IntBounds" => seam_conformance::conformance::constraints::IntBounds;
    "conformance" "conformance.constraints.Lengths" => seam_conformance::conformance::constraints::Lengths;
    "conformance" "conformance.constraints.LengthsPatch" => seam_conformance::conformance::constraints::LengthsPatch;
    "conformance" "conformance.constraints.Patterns" => seam_conformance::conformance::constraints::Patterns;
    "conformance" "conformance.constraints.TimeZones" => seam_conformance::conformance::constraints::TimeZones;
    "conformance" "conformance.containers.Color" => seam_conformance::conformance::containers::Color;
    "conformance" "conformance.containers.ContainerDefaults" => seam_conformance::conformance::containers::ContainerDefaults;
    "conformance" "conformance.containers.Containers" => seam_conformance::conformance::containers::Containers;
    "conformance" "conformance.containers.ContainersPatch" => seam_conformance::conformance::containers::ContainersPatch;
    "conformance" "conformance.containers.IntKeyed" => seam_conformance::conformance::containers::IntKeyed;
    "conformance" "conformance.containers.IntList" => seam_conformance::conformance::containers::IntList;
    "conformance" "conformance.containers.IntSet" => seam_conformance::conformance::containers::IntSet;
    "conformance" "conformance.containers.Literals" => seam_conformance::conformance::containers::Literals;
    "conformance" "conformance.containers.MaybeText" => seam_conformance::conformance::containers::MaybeText;
    "conformance" "conformance.containers.Pair" => seam_conformance::conformance::containers::Pair;
    "conformance" "conformance.containers.Small" => seam_conformance::conformance::containers::Small;
    "conformance" "conformance.containers.StrSet" => seam_conformance::conformance::containers::StrSet;
    "conformance" "conformance.containers.Word" => seam_conformance::conformance::containers::Word;
    "conformance" "conformance.enums.EnumHolder" => seam_conformance::conformance::enums::EnumHolder;
    "conformance" "conformance.enums.EnumHolderPatch" => seam_conformance::conformance::enums::EnumHolderPatch;
    "conformance" "conformance.enums.Explicit" => seam_conformance::conformance::enums::Explicit;
    "conformance" "conformance.enums.Implicit" => seam_conformance::conformance::enums::Implicit;
    "conformance" "conformance.enums.OpenInt" => seam_conformance::conformance::enums::OpenInt;
    "conformance" "conformance.enums.OpenStr" => seam_conformance::conformance::enums::OpenStr;
    "conformance" "conformance.enums.Status" => seam_conformance::conformance::enums::Status;
    "conformance" "conformance.scalars.AllPrimitives" => seam_conformance::conformance::scalars::AllPrimitives;
    "conformance" "conformance.scalars.AllPrimitivesPatch" => seam_conformance::conformance::scalars::AllPrimitivesPatch;
    "conformance" "conformance.scalars.AnyValue" => seam_conformance::conformance::scalars::AnyValue;
    "conformance" "conformance.scalars.BoolValue" => seam_conformance::conformance::scalars::BoolValue;
    "conformance" "conformance.scalars.BytesValue" => seam_conformance::conformance::scalars::BytesValue;
    "conformance" "conformance.scalars.DateValue" => seam_conformance::conformance::scalars::DateValue;
    "conformance" "conformance.scalars.DatetimeValue" => seam_conformance::conformance::scalars::DatetimeValue;
    "conformance" "conformance.scalars.DecimalValue" => seam_conformance::conformance::scalars::DecimalValue;
    "conformance" "conformance.scalars.DurationValue" => seam_conformance::conformance::scalars::DurationValue;
    "conformance" "conformance.scalars.FloatValue" => seam_conformance::conformance::scalars::FloatValue;
    "conformance" "conformance.scalars.I16Value" => seam_conformance::conformance::scalars::I16Value;
    "conformance" "conformance.scalars.I32Value" => seam_conformance::conformance::scalars::I32Value;
    "conformance" "conformance.scalars.I8Value" => seam_conformance::conformance::scalars::I8Value;
    "conformance" "conformance.scalars.IntValue" => seam_conformance::conformance::scalars::IntValue;
    "conformance" "conformance.scalars.PrimitiveDefaults" => seam_conformance::conformance::scalars::PrimitiveDefaults;
    "conformance" "conformance.scalars.PrimitiveDefaultsPatch" => seam_conformance::conformance::scalars::PrimitiveDefaultsPatch;
    "conformance" "conformance.scalars.StrValue" => seam_conformance::conformance::scalars::StrValue;
    "conformance" "conformance.scalars.TimeNaiveValue" => seam_conformance::conformance::scalars::TimeNaiveValue;
    "conformance" "conformance.scalars.TimeTzValue" => seam_conformance::conformance::scalars::TimeTzValue;
    "conformance" "conformance.scalars.TimeValue" => seam_conformance::conformance::scalars::TimeValue;
    "conformance" "conformance.scalars.U16Value" => seam_conformance::conformance::scalars::U16Value;
    "conformance" "conformance.scalars.U32Value" => seam_conformance::conformance::scalars::U32Value;
    "conformance" "conformance.scalars.U8Value" => seam_conformance::conformance::scalars::U8Value;
    "conformance" "conformance.scalars.UintValue" => seam_conformance::conformance::scalars::UintValue;
    "conformance" "conformance.scalars.UuidValue" => seam_conformance::conformance::scalars::UuidValue;
    "conformance" "conformance.structs.CamelCase" => seam_conformance::conformance::structs::CamelCase;
    "conformance" "conformance.structs.CamelCasePatch" => seam_conformance::conformance::structs::CamelCasePatch;
    "conformance" "conformance.structs.CompatPoint" => seam_conformance::conformance::structs::CompatPoint;
    "conformance" "conformance.structs.CompatPointPatch" => seam_conformance::conformance::structs::CompatPointPatch;
    "conformance" "conformance.structs.CompatRow" => seam_conformance::conformance::structs::CompatRow;
    "conformance" "conformance.structs.Documented" => seam_conformance::conformance::structs::Documented;
    "conformance" "conformance.structs.KebabCase" => seam_conformance::conformance::structs::KebabCase;
    "conformance" "conformance.structs.KeepDefaults" => seam_conformance::conformance::structs::KeepDefaults;
    "conformance" "conformance.structs.KeepDefaultsPatch" => seam_conformance::conformance::structs::KeepDefaultsPatch;
    "conformance" "conformance.structs.Keywords" => seam_conformance::conformance::structs::Keywords;
    "conformance" "conformance.structs.KeywordsPatch" => seam_conformance::conformance::structs::KeywordsPatch;
    "conformance" "conformance.structs.LowerCase" => seam_conformance::conformance::structs::LowerCase;
    "conformance" "conformance.structs.Nested" => seam_conformance::conformance::structs::Nested;
    "conformance" "conformance.structs.NestedPatch" => seam_conformance::conformance::structs::NestedPatch;
    "conformance" "conformance.structs.PascalCase" => seam_conformance::conformance::structs::PascalCase;
    "conformance" "conformance.structs.Retired" => seam_conformance::conformance::structs::Retired;
    "conformance" "conformance.structs.StrictPoint" => seam_conformance::conformance::structs::StrictPoint;
    "conformance" "conformance.structs.StrictRow" => seam_conformance::conformance::structs::StrictRow;
    "conformance" "conformance.structs.Untagged" => seam_conformance::conformance::structs::Untagged;
    "conformance" "conformance.structs.UpperCase" => seam_conformance::conformance::structs::UpperCase;
    "conformance" "conformance.unions.Circle" => seam_conformance::conformance::unions::Circle;
    "conformance" "conformance.unions.CirclePatch" => seam_conformance::conformance::unions::CirclePatch;
    "conformance" "conformance.unions.Command" => seam_conformance::conformance::unions::Command;
    "conformance" "conformance.unions.Figure" => seam_conformance::conformance::unions::Figure;
    "conformance" "conformance.unions.First" => seam_conformance::conformance::unions::First;
    "conformance" "conformance.unions.Numbered" => seam_conformance::conformance::unions::Numbered;
    "conformance" "conformance.unions.Second" => seam_conformance::conformance::unions::Second;
    "conformance" "conformance.unions.SecondPatch" => seam_conformance::conformance::unions::SecondPatch;
    "conformance" "conformance.unions.Shape" => seam_conformance::conformance::unions::Shape;
    "conformance" "conformance.unions.Square" => seam_conformance::conformance::unions::Square;
    "conformance" "conformance.unions.Start" => seam_conformance::conformance::unions::Start;
    "conformance" "conformance.unions.Stop" => seam_conformance::conformance::unions::Stop;
    "conformance" "conformance.unions.Triangle" => seam_conformance::conformance::unions::Triangle;
    "conformance" "conformance.unions.UnionHolder" => seam_conformance::conformance::unions::UnionHolder;
}

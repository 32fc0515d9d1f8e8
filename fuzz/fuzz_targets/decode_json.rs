//! JSON input for a contract type chosen by the first byte (see `seam_fuzz::decode`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam_fuzz::support::check::Wire;

fuzz_target!(|data: &[u8]| seam_fuzz::decode(Wire::Json, data));

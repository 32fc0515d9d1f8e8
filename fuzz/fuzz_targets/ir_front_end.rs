//! `.ir` text through check, diagnostic rendering and formatting, as one file of the `idl/`
//! contract set or alone (see `seam_fuzz::front_end`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| seam_fuzz::front_end(data));

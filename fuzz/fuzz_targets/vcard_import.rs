//! Any bytes given to the vCard importer: contacts or a clear error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = binder::vcard::parse(data);
});

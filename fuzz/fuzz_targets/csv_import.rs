//! Any bytes given to the CSV importer, for a kind chosen by the first byte: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let kinds: Vec<_> = binder::KINDS.iter().filter(|k| !k.system).collect();
    let kind = kinds[pick as usize % kinds.len()];
    let _ = binder::csvio::parse(kind, rest);
});

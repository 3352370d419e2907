//! Any text given to the JSON import of a real binder: records, or a clear error and no change.
#![no_main]

use std::sync::{Mutex, OnceLock};

use binder::{Binder, Keys};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    binder: Binder,
}

fn fixture() -> &'static Mutex<Fixture> {
    static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut binder = Binder::create(&dir.path().join("fuzz.binder"), Keys::generate("Fuzz"), binder::Start::Empty)
            .expect("a new binder");
        binder.set_organisation("Fuzz").expect("an organisation");
        Mutex::new(Fixture { _dir: dir, binder })
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut fixture = fixture().lock().unwrap_or_else(|e| e.into_inner());
    let before = fixture.binder.fingerprint().expect("a fingerprint");
    if fixture.binder.import_json(text).is_err() {
        assert_eq!(
            fixture.binder.fingerprint().expect("a fingerprint"),
            before,
            "a refused import changed the binder"
        );
    }
});

//! Benchmark on a large generated binder (5,000 contacts, 500 vendors, 300 sections,
//! 50 checklists × 30 items, 20,000 change sets): unlock without the KDF against the `age` CLI
//! decrypting the same file, save after one edit, search, and the scrypt unlock on its own; then
//! readiness, signing, and incident mode (activate, tick, state, report) on the same binder.
//!
//! Run: `cargo bench --bench large` (needs the `age` CLI). Prints a Markdown table.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use binder::{Binder, Keys, Mode, vault};
use common::{generate, kv, median, ms, time};

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.binder");
    let start = Instant::now();
    let mut binder = generate(&path, Keys::generate("Bench Founder"));
    let generated = start.elapsed();
    let recovery = binder.add_recovery_key("bench").expect("recovery key");
    binder.save().expect("save");
    let key_file = dir.path().join("recovery.txt");
    std::fs::write(
        &key_file,
        format!(
            "{}\n",
            secrecy::ExposeSecret::expose_secret(&recovery.secret_to_show())
        ),
    )
    .expect("write key");
    let file_size = std::fs::metadata(&path).expect("size").len();
    // To look inside: BINDER_BENCH_KEEP=/some/dir keeps the file and a key that opens it.
    if let Ok(keep) = std::env::var("BINDER_BENCH_KEEP") {
        std::fs::copy(&path, Path::new(&keep).join("large.binder")).expect("keep binder");
        std::fs::copy(&key_file, Path::new(&keep).join("recovery.txt")).expect("keep key");
    }
    let changes = binder.log().count().expect("count");

    // Unlock without the KDF: read the file, decrypt, load the SQLite image.
    let id_path = dir.path().join("identity.age");
    let pass = secrecy::SecretString::from("bench passphrase for scrypt".to_string());
    Keys::generate("Scrypt Bench")
        .create_identity_file(&id_path, &pass)
        .expect("identity");
    let reader_keys =
        Keys::open_identity_file(&key_file, || unreachable!("a bare key needs no passphrase"))
            .expect("keys");
    let runs = 15;
    let unlock = time(runs, || {
        binder::decrypt_file(&path, &reader_keys).expect("unlock")
    });
    let bytes = vault::read(&path).expect("read");
    let read_only = time(runs, || vault::read(&path).expect("read"));
    let decrypt_only = time(runs, || {
        vault::decrypt(
            &bytes,
            &[reader_keys.age_identity() as &dyn age::Identity],
            "bench",
        )
        .expect("decrypt")
    });
    let _ = decrypt_only;
    let plain = vault::decrypt(
        &bytes,
        &[reader_keys.age_identity() as &dyn age::Identity],
        "bench",
    )
    .expect("decrypt");
    let load_only = time(runs, || {
        binder::store::Store::from_image(&plain).expect("load")
    });
    let age_cli = time(runs, || {
        let status = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&key_file)
            .arg("-o")
            .arg("/dev/null")
            .arg(&path)
            .status()
            .expect("run age");
        assert!(status.success(), "age -d failed");
    });

    // Save after one edit (sign + fold + serialize + encrypt + write + fsync + rename).
    let target = binder.list("contact", false).expect("list")[42].id.clone();
    let mut n = 0;
    let save = time(25, || {
        n += 1;
        binder
            .set(&target, &kv(&[("notes", format!("bench edit {n}"))]))
            .expect("edit");
        binder.save().expect("save");
    });

    // The floor under a save: the image encrypted (age: ChaCha20-Poly1305 in 64 KiB chunks) into
    // a new file, written and fsynced, with nothing else.
    let image_len = plain.len();
    let floor_path = dir.path().join("floor.bin");
    let recipient: age::x25519::Recipient = reader_keys.recipient().parse().expect("recipient");
    let floor = time(25, || {
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("encryptor");
        let mut file = std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(&floor_path).expect("create"),
        );
        let mut writer = encryptor.wrap_output(&mut file).expect("wrap");
        std::io::Write::write_all(&mut writer, &plain).expect("encrypt");
        writer.finish().expect("finish");
        let file = file.into_inner().expect("flush");
        file.sync_all().expect("fsync");
    });

    // Search: a surname with an accent typed without it, a prefix, a phrase from the sections.
    let queries = [
        "oberg",
        "lindq",
        "standby region",
        "ACCT-000123",
        "vendor 42",
        "escalation okafor",
    ];
    let mut search_samples = Vec::new();
    for q in queries {
        for _ in 0..20 {
            let start = Instant::now();
            let hits = binder.search(q, 50).expect("search");
            search_samples.push(start.elapsed());
            assert!(!hits.is_empty(), "no hits for {q}");
        }
    }
    let search = median(search_samples);

    let scrypt = time(3, || {
        Keys::open_identity_file(&id_path, || Ok(pass.clone())).expect("open identity")
    });
    let _ = Mode::Read;

    // Incident mode and readiness on the same binder: what the app does on each click.
    binder.set_organisation("Bench Company").expect("plan");
    let level = binder
        .add("level", &kv(&[("name", "Level 2 — Major".into())]))
        .expect("level");
    for (c, phase) in binder
        .list("checklist", false)
        .expect("checklists")
        .into_iter()
        .take(4)
        .zip(["initial response", "during", "recovery", "post-incident"])
    {
        binder
            .set(&c.id, &kv(&[("phase", phase.into())]))
            .expect("phase");
    }
    let today = chrono::Utc::now().date_naive();
    let readiness = after_edit(&mut binder, &target, |b| {
        binder::readiness::assess(b, today).expect("readiness")
    });
    let readiness_kept = time(9, || {
        binder::readiness::assess(&binder, today).expect("readiness")
    });
    let fingerprint = after_edit(&mut binder, &target, |b| {
        binder::signoff::plan_fingerprint(b).expect("fp")
    });
    let signer = binder.keys().clone();
    let sign = time(1, || {
        binder::signoff::sign_with(&mut binder, &signer, "approved", "CEO", chrono::Utc::now())
            .expect("sign")
    });
    let readiness_signed = after_edit(&mut binder, &target, |b| {
        binder::readiness::assess(b, today).expect("readiness")
    });
    let activation = binder::incident::Activation {
        level,
        ..Default::default()
    };
    let start_incident = time(1, || {
        binder::incident::start(&mut binder, &activation, chrono::Utc::now()).expect("start")
    });
    let incident = binder::incident::current(&binder)
        .expect("current")
        .expect("open")
        .id;
    let mut step = 0;
    let tick = time(15, || {
        step += 1;
        let which = format!("{}.{}", 1 + step % 4, 1 + step % 30);
        binder::incident::tick(&mut binder, &incident, &which, true, "", chrono::Utc::now())
            .expect("tick");
        binder.save().expect("save");
        binder::incident::state(&binder, &incident, chrono::Utc::now()).expect("state")
    });
    let state = time(15, || {
        binder::incident::state(&binder, &incident, chrono::Utc::now()).expect("state")
    });
    let report = time(3, || {
        binder::pdf::incident_report(
            &binder,
            &incident,
            &binder::pdf::PrintOptions {
                paper: binder::pdf::Paper::A4,
                printed_by: "Bench".into(),
                printed_at: chrono::Utc::now(),
            },
        )
        .expect("report")
    });

    println!("| measure | median | target |");
    println!("|---|---|---|");
    println!(
        "| binder: {changes} change sets, file {:.1} MiB, generated in {:.1} s | | |",
        file_size as f64 / 1048576.0,
        generated.as_secs_f64()
    );
    println!(
        "| unlock without KDF (stream-decrypt the file into an in-memory SQLite) | {} | ≤ 2× age CLI |",
        ms(unlock)
    );
    println!(
        "| … for scale: read the file {} · decrypt to a buffer {} · load a buffer into SQLite {} | | |",
        ms(read_only),
        ms(decrypt_only),
        ms(load_only)
    );
    println!(
        "| `age -d -i key -o /dev/null` on the same file | {} | |",
        ms(age_cli)
    );
    println!(
        "| ratio unlock / age CLI | {:.2}× | ≤ 2× |",
        unlock.as_secs_f64() / age_cli.as_secs_f64()
    );
    println!("| save after one edit | {} | ≤ 25 ms |", ms(save));
    println!(
        "| … its floor: the {:.1} MiB image encrypted, written and fsynced, nothing else | {} | |",
        image_len as f64 / 1048576.0,
        ms(floor)
    );
    println!(
        "| ratio save / floor | {:.2}× | ≤ 1.3× |",
        save.as_secs_f64() / floor.as_secs_f64()
    );
    println!("| search (6 queries × 20) | {} | ≤ 5 ms |", ms(search));
    println!(
        "| scrypt unlock of the identity file (work factor 18) | {} | about 1 s, on purpose |",
        ms(scrypt)
    );
    println!(
        "| readiness after an edit (home screen, `binder readiness`) | {} | ≤ 50 ms |",
        ms(readiness)
    );
    println!(
        "| readiness again, nothing changed (kept from the last reading) | {} | |",
        ms(readiness_kept)
    );
    println!(
        "| plan hash (what a sign-off signs) | {} | |",
        ms(fingerprint)
    );
    println!(
        "| sign the plan (fingerprint, Ed25519, commit; without the scrypt above) | {} | |",
        ms(sign)
    );
    println!(
        "| readiness after an edit, with a sign-off the edit outdated | {} | ≤ 50 ms |",
        ms(readiness_signed)
    );
    println!(
        "| activate an incident (4 runs of 30 steps) | {} | |",
        ms(start_incident)
    );
    println!(
        "| one tick as the app does it (commit, save, new incident state) | {} | ≤ 100 ms |",
        ms(tick)
    );
    println!("| incident state alone | {} | |", ms(state));
    println!("| incident report PDF | {} | ≤ 1 s |", ms(report));
}

/// The median of 9 timings of `f`, each right after an edit of `target` made outside the clock,
/// so that nothing worked out before the edit can be handed out again.
fn after_edit<T>(
    binder: &mut Binder,
    target: &str,
    mut f: impl FnMut(&Binder) -> T,
) -> std::time::Duration {
    let mut samples = Vec::new();
    for n in 0..9 {
        binder
            .set(target, &kv(&[("notes", format!("readiness edit {n}"))]))
            .expect("edit");
        let start = Instant::now();
        std::hint::black_box(f(binder));
        samples.push(start.elapsed());
    }
    median(samples)
}

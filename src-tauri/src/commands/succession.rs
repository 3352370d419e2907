//! If a founder is gone: the successor kit (share sheets written by Rust straight to the folder
//! chosen, never sent to the UI), shares typed or scanned by a successor, opening the binder as
//! the recovery key, and taking over as owner.

use binder::slip39::ShareError;
use binder::succession;
use zeroize::Zeroizing;

use super::session::{identity_beside, make_dirs, remember};
use super::*;

/// A share as typed by a successor: a secret from the moment it is parsed (zeroized on drop,
/// never serialized or logged).
pub struct ShareText(pub Zeroizing<String>);

impl<'de> serde::Deserialize<'de> for ShareText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| ShareText(Zeroizing::new(s)))
    }
}

impl std::fmt::Debug for ShareText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShareText(…)")
    }
}

fn texts(shares: &[ShareText]) -> Vec<&str> {
    shares.iter().map(|s| s.0.as_str()).collect()
}

/// The share, the word and the message of a share error, for the UI to point at.
fn share_problem(e: &ShareError) -> ShareProblem {
    let (share, word) = match e {
        ShareError::UnknownWord {
            share, position, ..
        }
        | ShareError::WrongWord {
            share, position, ..
        } => (Some(*share), Some(*position)),
        ShareError::Length { share, .. }
        | ShareError::Checksum { share }
        | ShareError::Padding { share }
        | ShareError::OtherSet { share, .. }
        | ShareError::Duplicate { share } => (Some(*share), None),
        _ => (None, None),
    };
    let text = e.to_string();
    let mut chars = text.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    ShareProblem {
        message: {
            let rest = chars.as_str();
            // A sentence ending in a question ("did you mean …?") takes no full stop after it.
            let stop = if rest.ends_with(['?', '.']) { "" } else { "." };
            format!("{first}{rest}{stop}")
        },
        share: share.map(|s| s as u32),
        word: word.map(|w| w as u32),
    }
}

/// The SLIP-39 word list (public), for word completion as shares are typed.
#[tauri::command]
pub async fn share_words() -> Res<Vec<String>> {
    Ok(binder::slip39::words()
        .iter()
        .map(|w| w.to_string())
        .collect())
}

/// Checks the shares typed so far, without combining them: the first problem (which share,
/// which word), or how many more are needed.
#[tauri::command]
pub async fn check_shares(shares: Vec<ShareText>) -> Res<ShareCheck> {
    Ok(match binder::slip39::check(&texts(&shares)) {
        Ok(progress) => ShareCheck {
            read: progress.shares.len() as u32,
            missing: progress.missing as u32,
            problem: None,
        },
        Err(e) => ShareCheck {
            read: 0,
            missing: 0,
            problem: Some(share_problem(&e)),
        },
    })
}

/// Reads a share from a photo or scan of its QR code. The words go back to the form they are
/// typed into, as if typed.
#[tauri::command]
pub async fn share_from_image(app: AppHandle, file: FileToken) -> Res<String> {
    blocking(move || {
        let (path, bytes) = read_chosen(&app.state::<AppState>(), &file, FilePurpose::Image)?;
        let unreadable = |why: String| {
            CommandError::new(
                binder::ErrorCode::Invalid,
                format!("No share could be read from {}: {why}.", path.display()),
            )
        };
        let image = image::load_from_memory(&bytes)
            .map_err(|e| unreadable(format!("it is not a picture this app reads (PNG or JPEG): {e}")))?;
        // A phone photo has far more pixels than a QR code needs; fewer is much faster.
        let image = if image.width().max(image.height()) > 1600 {
            image.resize(1600, 1600, image::imageops::FilterType::Triangle)
        } else {
            image
        };
        let share = share_in_picture(&image.to_luma8()).ok_or_else(|| {
                unreadable("no QR code of a share was found; photograph the code flat, in good light, filling most of the picture".into())
            })?;
        Ok(share.to_lowercase())
    })
    .await
}

/// The share a picture's QR code holds. The decoder misses some codes at the sizes a scan or a
/// photo gives them — a module 4.3 pixels wide, as a printed sheet rendered at 150 dpi has, is
/// not read (zbar reads it) — so the picture is tried as it is, then in black and white at a
/// few other sizes, each making the modules a different number of pixels wide.
fn share_in_picture(image: &image::GrayImage) -> Option<Zeroizing<String>> {
    let read = |picture: image::GrayImage| {
        let mut prepared = rqrr::PreparedImage::prepare(picture);
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| {
                grid.decode()
                    .ok()
                    .map(|(_, content)| Zeroizing::new(content))
            })
            .find(|c| binder::slip39::Share::parse(c, 1).is_ok())
    };
    if let Some(share) = read(image.clone()) {
        return Some(share);
    }
    // Black and white, cut at the middle grey the picture has.
    let (dark, light) = image
        .pixels()
        .fold((255u8, 0u8), |(d, l), p| (d.min(p.0[0]), l.max(p.0[0])));
    let middle = ((u16::from(dark) + u16::from(light)) / 2) as u8;
    let mut sharp = image.clone();
    for p in sharp.pixels_mut() {
        p.0[0] = if p.0[0] < middle { 0 } else { 255 };
    }
    // A code cropped to its edge has no quiet zone: give it a white margin.
    let pad = (image.width().min(image.height()) / 10).max(16);
    let mut framed = image::GrayImage::from_pixel(
        image.width() + 2 * pad,
        image.height() + 2 * pad,
        image::Luma([255]),
    );
    image::imageops::overlay(&mut framed, &sharp, i64::from(pad), i64::from(pad));
    let largest = image.width().max(image.height());
    [image, &sharp, &framed]
        .into_iter()
        .flat_map(|picture| {
            [2.0f32, 1.5, 1.25, 0.9, 0.75, 0.6, 0.5, 1.0].map(|scale| (picture, scale))
        })
        .filter(|(_, scale)| (largest as f32 * scale) <= 3200.0)
        .find_map(|(picture, scale)| {
            let filter = match scale > 1.0 {
                true => image::imageops::FilterType::Nearest,
                false => image::imageops::FilterType::Triangle,
            };
            let resized = image::imageops::resize(
                picture,
                ((picture.width() as f32 * scale) as u32).max(1),
                ((picture.height() as f32 * scale) as u32).max(1),
                filter,
            );
            read(resized)
        })
}

/// Where a successor's own copy goes: the usual place if free, else beside it.
fn successor_copy(places: &crate::settings::Places) -> PathBuf {
    let usual = places.default_binder();
    if !usual.exists() {
        return usual;
    }
    usual.with_file_name("successor.binder")
}

/// Opens a binder with successor shares: they are combined into the recovery key, which opens
/// the binder file chosen (the shared file, or a copy from a USB stick) into a copy of the
/// successor's own. The plan is read-only to it; incidents can be run; taking over is offered.
#[tauri::command]
pub async fn open_with_shares(
    app: AppHandle,
    binder_file: FileToken,
    shares: Vec<ShareText>,
    name: String,
) -> Res<AppStatus> {
    let places = app.state::<AppState>().places.clone();
    let from = app
        .state::<AppState>()
        .chosen
        .path(&binder_file, FilePurpose::OpenBinder)?;
    let local = successor_copy(&places);
    let name = match name.trim() {
        "" => "Successor".to_string(),
        n => n.to_string(),
    };
    let (binder, report) = {
        let (from, local) = (from.clone(), local.clone());
        blocking(move || {
            let key = succession::combine(&texts(&shares)).map_err(|e| {
                let p = share_problem(&e);
                CommandError {
                    field: Some("shares".into()),
                    ..CommandError::new(binder::ErrorCode::Invalid, p.message)
                }
            })?;
            if !from.is_file() {
                return Err(CommandError {
                    field: Some("binder_file".into()),
                    ..CommandError::new(
                        AppCode::NotFound,
                        format!(
                            "There is no binder file at {}; choose the file the share sheet says where to find.",
                            from.display()
                        ),
                    )
                });
            }
            let not_this = |e: binder::Error| match e {
                binder::Error::NotAMemberOf(_) | binder::Error::Vault(binder::VaultError::NotForYou(_)) => {
                    CommandError {
                        field: Some("binder_file".into()),
                        ..CommandError::new(
                            binder::ErrorCode::WrongIdentity,
                            format!(
                                "These shares combine, but they do not open {}: it is another binder, or this recovery key was removed from it.",
                                from.display()
                            ),
                        )
                    }
                }
                other => other.into(),
            };
            let keys = key.to_keys(&name);
            if local.exists() {
                // Opened with these shares before: the same copy, brought up to date.
                let mut b = Binder::open(&local, keys, Mode::Write).map_err(not_this)?;
                let report = binder::sync::sync(&mut b, &from).map_err(not_this)?;
                return Ok((b, report));
            }
            make_dirs(&local)?;
            binder::sync::join(&local, &from, keys).map_err(not_this)
        })
        .await?
    };
    // No identity file: the session ends at lock, and the shares are needed again.
    super::session::open_shared(&app, binder, Opener::Shares, &from, &report)
}

/// Takes over as owner: makes the successor's identity (their passphrase), adds them as an
/// owner signed by the recovery key, saves, and puts the takeover in the shared file, where
/// every other member sees it at their next sync.
#[tauri::command]
pub async fn take_over(app: AppHandle, name: String, passphrase: Passphrase) -> Res<AppStatus> {
    let name = super::session::check_new_binder(&name, &passphrase.0)?;
    let places = app.state::<AppState>().places.clone();
    let shared = app.state::<AppState>().settings().shared.map(PathBuf::from);
    // The binder leaves the session while the key is protected (a second of scrypt) and the
    // shared file written, off the UI thread; it comes back whatever happens.
    let (binder, mut kept) = app
        .state::<AppState>()
        .session()
        .take()
        .ok_or_else(CommandError::locked)?;
    let (binder, outcome) = blocking(move || {
        let mut binder = binder;
        let outcome = become_owner(
            &mut binder,
            &places,
            &name,
            &passphrase.0,
            shared.as_deref(),
        );
        Ok((binder, outcome))
    })
    .await?;
    let state = app.state::<AppState>();
    match outcome {
        Ok((identity, report)) => {
            let path = binder.path().to_path_buf();
            match report {
                Ok(Some(report)) => kept.last_report = Some(SyncSummary::from(&report)),
                Ok(None) => {}
                Err(e) => {
                    kept.after_save_problem = Some(format!(
                        "you are an owner, but the shared file could not be written yet ({e}); sync again"
                    ));
                }
            }
            {
                let mut session = state.session();
                if !session.take_over(binder, kept, identity.clone()) && !session.is_open() {
                    // Locked while it was saved: it stays locked, to open with the new
                    // passphrase.
                    session.choose(BinderChoice {
                        binder: path.clone(),
                        identity: identity.clone(),
                        demo: false,
                    });
                }
            }
            remember(&state, &path, &identity)?;
            state.autosync.nudge(Why::LocalChange);
            refresh_title(&app);
            Ok(status(&state))
        }
        Err(e) => {
            // Still the recovery key's session unless the takeover was signed but not saved:
            // then nothing of it is kept, and the shares open the binder again as before.
            if succession::recovery_record(&binder).is_ok_and(|r| r.is_some()) {
                state.session().put_back(binder, kept);
            }
            refresh_title(&app);
            Err(e)
        }
    }
}

type Became = (
    PathBuf,
    Result<Option<binder::sync::SyncReport>, binder::Error>,
);

/// The takeover itself: identity file, the signed change, the save, the shared file.
fn become_owner(
    binder: &mut Binder,
    places: &crate::settings::Places,
    name: &str,
    passphrase: &SecretString,
    shared: Option<&Path>,
) -> Res<Became> {
    if succession::recovery_record(binder)?.is_none() {
        return Err(CommandError::new(
            binder::ErrorCode::NotAllowed,
            "This binder is not open with successor shares, so there is nothing to take over with.",
        ));
    }
    let identity = if places.default_identity().exists() {
        identity_beside(binder.path())
    } else {
        places.default_identity()
    };
    if identity.exists() {
        return Err(CommandError::new(
            AppCode::Exists,
            format!(
                "An identity file already exists at {}; it was left as it is.",
                identity.display()
            ),
        ));
    }
    make_dirs(&identity)?;
    let keys = Keys::generate(name);
    keys.create_identity_file(&identity, passphrase)
        .map_err(binder::Error::from)?;
    if let Err(e) = succession::take_over(binder, keys).and_then(|_| binder.save()) {
        // Nothing was saved: the identity made for it would open nothing.
        let _ = std::fs::remove_file(&identity);
        return Err(e.into());
    }
    let report = shared.map(|s| binder::sync::sync(binder, s)).transpose();
    Ok((identity, report))
}

/// The successor kits (holders' names, how many needed, when) and the takeovers so far.
#[tauri::command]
pub async fn successor_kits(state: State<'_, AppState>) -> Res<Succession> {
    state.with_binder(|b| {
        let kits = succession::kits(b)?
            .into_iter()
            .map(|k| KitInfo {
                holders: k.text("holders").split("; ").map(str::to_string).collect(),
                need: k.text("need").parse().unwrap_or(0),
                created_at: k.text("created_at"),
                label: k.text("label"),
                id: k.id,
            })
            .collect();
        Ok(Succession {
            kits,
            takeovers: succession::takeovers(b)?,
            recovery: succession::recovery_record(b)?.map(|r| r.text("label")),
        })
    })
}

/// Makes a successor kit and writes a share sheet per holder, and the letter, into `folder`.
/// The shares go from Rust to the PDFs only; the UI gets the files' paths.
#[tauri::command]
pub async fn make_successor_kit(
    app: AppHandle,
    holders: Vec<String>,
    need: u8,
    folder: String,
    paper: Paper,
) -> Res<KitMade> {
    let folder = PathBuf::from(folder.trim());
    if folder.as_os_str().is_empty() {
        return Err(CommandError {
            field: Some("folder".into()),
            ..CommandError::new(
                binder::ErrorCode::Invalid,
                "Choose the folder for the share sheets (then print them and delete the files).",
            )
        });
    }
    std::fs::create_dir_all(&folder).map_err(|e| CommandError {
        field: Some("folder".into()),
        ..CommandError::new(
            binder::ErrorCode::File,
            format!("Could not create the folder {}: {e}.", folder.display()),
        )
    })?;
    let shared = app.state::<AppState>().settings().shared;
    blocking(move || {
        let state = app.state::<AppState>();
        let made = state.change(|b| succession::make_kit(b, &holders, need))?;
        state.with_binder(|b| {
            let opts = binder::pdf::PrintOptions {
                paper,
                printed_by: b.keys().name().to_string(),
                printed_at: chrono::Utc::now(),
            };
            let binder_file = b
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut sheets = Vec::new();
            for (file, printed) in
                binder::pdf::share_sheets(b, &made, &binder_file, shared.as_deref(), &opts)?
            {
                let path = folder.join(file);
                write_pdf(&path, &printed.bytes)?;
                sheets.push(path.display().to_string());
            }
            let letter = binder::pdf::successor_letter(
                b,
                &binder::pdf::Letter {
                    from: &opts.printed_by,
                    binder_file: &binder_file,
                    shared_file: shared.as_deref(),
                },
                &opts,
            )?;
            let letter_path = folder.join("if-i-cannot-be-reached.pdf");
            write_pdf(&letter_path, &letter.bytes)?;
            Ok(KitMade {
                sheets,
                letter: letter_path.display().to_string(),
            })
        })
    })
    .await
}

fn write_pdf(path: &Path, bytes: &[u8]) -> Res<()> {
    binder::fsutil::write_atomic(path, bytes, true).map_err(|e| {
        CommandError::new(
            binder::ErrorCode::File,
            format!("Could not write {}: {e}.", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shares' QR codes as a scan gives them: each module a fraction of pixels wide (smoothed,
    /// as a renderer draws it), with and without the white margin around.
    /// Twelve shares of a made-up 32-byte secret (33 words, as the successor kit prints them), made once
    /// with `binder::slip39::split`: the same codes every run.
    const SHARES: &[&str] = &[
        "payroll wisdom academic acid agency blessing process kernel oven wine tension general alto sunlight mama biology wireless craft gums permit require unwrap sack argue genius timber mortgage check traveler cubic editor recall plot",
        "payroll wisdom academic agency adequate ceramic true beyond romp fluff carve disaster apart task patent actress detailed item mouse health curious upstairs thunder hobo exceed story desire hormone bike resident elevator slush laundry",
        "payroll wisdom academic always ambition dominant coastal prayer depart dish advocate river adapt belong strategy early involve estate magazine facility column snapshot machine parcel costume budget smirk replace armed salt radar bumpy keyboard",
        "lair veteran academic acid alarm orange omit check market island criminal column distance declare trial parking public divorce belong parking username similar furl luck easy axis sidewalk rich satoshi industry manual bulb burning",
        "lair veteran academic agency aspect soldier makeup adorn grief memory veteran hospital legs lobe birthday drove acrobat fishing acid buyer recall science nail quick bishop watch flexible axle holiday body axis prune meaning",
        "lair veteran academic always already seafood public award expand actress mason strike float strategy amazing victim speak permit dictate realize lamp sprinkle standard unusual treat luck violence makeup early dictate replace upstairs safari",
        "elegant golden academic acid acid teammate depart nylon already machine talent coastal should living trend loud genius headset express breathe bolt random pregnant deal daisy peasant pink equation echo type pants pulse slice",
        "elegant golden academic agency acid learn rich plan threaten have stay grin unwrap review bishop unhappy fancy skunk evaluate puny lamp prisoner transfer march breathe software union adult subject deliver package extend duration",
        "elegant golden academic always acid grocery deliver mortgage image analysis soldier petition legal quarter amazing findings alarm glad engage clothes staff election cleanup clinic elite actress clay radar spit merchant science luck genuine",
        "strategy evil academic acid anxiety merit fluff pajamas typical prayer antenna quiet pharmacy symbolic increase group idle practice lobe family premium climate yoga evening juice deal furl episode champion wireless cargo valid salon",
        "strategy evil academic agency answer smart taught desktop broken facility grasp welfare hamster carbon average firefly machine antenna review lawsuit single veteran ajar depart helpful dynamic tidy average fishing unhappy harvest loud smear",
        "strategy evil academic always angry curious debut lyrics alcohol bulb spine ceiling cowboy ocean mandate hamster mineral herd usher gray herald literary away repeat fiscal cylinder depend rumor lair snapshot western carpet western",
    ];

    #[test]
    fn a_share_is_read_from_its_code_at_any_size_a_scan_gives_it() {
        let mut first_try_missed = 0;
        let mut tried = 0;
        for (i, share) in SHARES.iter().enumerate() {
            assert!(binder::slip39::Share::parse(share, 1).is_ok(), "{share}");
            let text = share.to_uppercase();
            let code =
                qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
                    .unwrap();
            for quiet in [true, false] {
                let sharp = code
                    .render::<image::Luma<u8>>()
                    .module_dimensions(1, 1)
                    .quiet_zone(quiet)
                    .build();
                // (A sheet rendered at 150 dpi gives 4.3 pixels a module, a phone's photo more;
                // under 3 pixels the smoothing leaves too little of a module to read.)
                for per_module in [4.3f32, 5.1, 5.7, 7.5] {
                    let side = (sharp.width() as f32 * per_module) as u32;
                    let scanned = image::imageops::resize(
                        &sharp,
                        side,
                        side,
                        image::imageops::FilterType::Triangle,
                    );
                    tried += 1;
                    let mut prepared = rqrr::PreparedImage::prepare(scanned.clone());
                    if !prepared.detect_grids().iter().any(|g| g.decode().is_ok()) {
                        first_try_missed += 1;
                    }
                    let read = share_in_picture(&scanned).unwrap_or_else(|| {
                        panic!("share {i}, {per_module} px a module, quiet zone {quiet}: not read")
                    });
                    assert_eq!(read.to_lowercase(), text.to_lowercase());
                }
            }
        }
        eprintln!("one read alone missed {first_try_missed} of {tried}");
    }
}

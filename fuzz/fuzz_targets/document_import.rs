//! Any bytes given to the plan importer as a document — a zip (Word, OpenDocument or neither), a
//! web page, a PDF, text — are either read or refused with an error: never a panic, and what is
//! read goes through the one reader and recogniser.
#![no_main]

use binder::planimport;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["plan.docx", "plan.html", "plan.txt"] {
        let Ok((text, format)) = planimport::text_of(name, data) else {
            continue;
        };
        let outline = planimport::read(&text, format);
        let mut n = 0;
        let _ = planimport::plan(&outline, format, &[], &mut |k| {
            n += 1;
            format!("{}-{n}", k.name)
        });
    }
    // Any text as a web page.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = planimport::html_to_markdown(text);
    }
});

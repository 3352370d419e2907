//! Any text given to the plan importer as reStructuredText is read into Markdown and through the
//! one reader and recogniser: never a panic (titles, directives, literal blocks and tables cut
//! anywhere, any Unicode).
#![no_main]

use binder::planimport;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, format)) = planimport::text_of("plan.rst", data) else {
        return;
    };
    let outline = planimport::read(&text, format);
    let mut n = 0;
    let _ = planimport::plan(&outline, format, &[], &mut |k| {
        n += 1;
        format!("{}-{n}", k.name)
    });
});

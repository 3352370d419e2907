//! The first stage: whatever the file is — Word, OpenDocument, a web page, reStructuredText,
//! Markdown or plain text — becomes one [`read::Outline`] of blocks (headings, text, tables,
//! task lists), each with the line it starts on. Chosen by what the file holds, not its name.

pub(super) mod documents;
pub(super) mod read;
pub(super) mod rst;

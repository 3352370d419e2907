//! Layer 4 — formats: every way a plan comes in or goes out — plan documents, vCard, CSV,
//! iCalendar, PDF (the binder, wallet card, emergency sheet and incident report). Each is a module
//! of free functions over a `Binder`; the plan layer never imports from here.

pub mod csvio;
pub mod ical;
pub mod pdf;
pub mod planimport;
pub mod pocket;
pub mod vcard;

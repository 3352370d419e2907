//! One file per printed document, each a list of sections written into a shared flow.

mod binder;
mod call_form;
mod emergency_sheet;
mod report;
mod share_sheet;
mod successor_letter;
mod wallet_card;

pub use binder::binder_pdf;
pub use emergency_sheet::{EmergencySheet, emergency_sheet};
pub use report::incident_report;
pub use share_sheet::share_sheets;
pub use successor_letter::{Letter, successor_letter};
pub use wallet_card::wallet_card;

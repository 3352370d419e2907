//! The app's clock: the time now, moved forward by the number of seconds in the file
//! `CONTINUITY_BINDER_CLOCK_FILE` names, when that variable is set. The GUI tests use it to let
//! a call tree's wait end without sleeping through it; without the variable it is the system
//! clock. Only incident mode reads it (a moved clock changes no key, signature or file time).

use chrono::{DateTime, Duration, Utc};

/// The variable naming the file that holds the offset in seconds.
pub const CLOCK_FILE: &str = "CONTINUITY_BINDER_CLOCK_FILE";

/// Now, moved by the offset when one is set.
pub fn now() -> DateTime<Utc> {
    let offset = std::env::var_os(CLOCK_FILE)
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| text.trim().parse::<i64>().ok())
        .unwrap_or(0);
    Utc::now() + Duration::seconds(offset)
}

#[cfg(test)]
mod tests {
    #[test]
    fn without_the_variable_it_is_the_system_clock() {
        if std::env::var_os(super::CLOCK_FILE).is_none() {
            let drift = (super::now() - chrono::Utc::now()).num_seconds().abs();
            assert!(drift < 5, "{drift}");
        }
    }
}

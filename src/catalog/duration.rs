//! Durations and frequencies as people write them in continuity plans.
//!
//! "4 hours", "15 min", "< 24h", "0–15 minutes", "1 business day", "1h 30m", "immediate",
//! "quarterly". The text a person wrote is what the binder keeps; this module only checks it and
//! gives its span in minutes for sorting, staleness and time windows. It does no calendar maths.

/// The span a duration text names, in minutes: `(low, high)`; equal for a single value.
pub fn parse(text: &str) -> Option<(u64, u64)> {
    let mut s = text.trim().to_lowercase().replace(['–', '—'], "-");
    for prefix in [
        "<=", "≤", "<", "~", "up to", "within", "max.", "max", "maximum", "approx.", "about",
        "every", "per",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start().to_string();
        }
    }
    let s = s.trim();
    if let Some(m) = word(s) {
        return Some((m, m));
    }
    // A range: "0-15 minutes", "15 to 30 min", "2-4h".
    for sep in ["-", " to "] {
        if let Some((a, b)) = s.split_once(sep) {
            let hi = components(b.trim())?;
            let lo = components(a.trim()).or_else(|| {
                // "0-15 minutes": the low end borrows the high end's unit.
                let n: f64 = a.trim().parse().ok()?;
                let unit = b
                    .trim()
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
                components(&format!("{n} {unit}"))
            })?;
            return (lo <= hi).then_some((lo, hi));
        }
    }
    components(s).map(|m| (m, m))
}

fn word(s: &str) -> Option<u64> {
    const H: u64 = 60;
    const D: u64 = 24 * H;
    Some(match s {
        "0" | "immediate" | "immediately" | "real-time" | "realtime" | "none" | "zero" => 0,
        "hourly" => H,
        "daily" | "nightly" => D,
        "weekly" => 7 * D,
        "biweekly" | "fortnightly" => 14 * D,
        "monthly" => 30 * D,
        "quarterly" => 91 * D,
        "semi-annually" | "semiannually" | "biannually" | "twice a year" | "half-yearly" => 182 * D,
        "annually" | "annual" | "yearly" | "once a year" => 365 * D,
        _ => return None,
    })
}

/// "1h 30m", "4 hours", "2 business days", "1.5 h": a sum of number+unit parts.
fn components(s: &str) -> Option<u64> {
    let mut total = 0f64;
    let mut rest = s.trim();
    let mut parts = 0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        // A bare unit ("hour", "a day") counts as one.
        let n: f64 = if num_len == 0 {
            match rest.strip_prefix("a ").or_else(|| rest.strip_prefix("an ")) {
                Some(r) => {
                    rest = r;
                    1.0
                }
                None if parts == 0 => 1.0,
                None => return None,
            }
        } else {
            let n = rest[..num_len].parse().ok()?;
            rest = &rest[num_len..];
            n
        };
        rest = rest.trim_start();
        for filler in ["business ", "working ", "calendar "] {
            if let Some(r) = rest.strip_prefix(filler) {
                rest = r;
            }
        }
        let unit_len = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let minutes = unit(&rest[..unit_len])?;
        rest = rest[unit_len..].trim_start_matches([' ', ',']).trim_start();
        if let Some(r) = rest.strip_prefix("and ") {
            rest = r;
        }
        total += n * minutes as f64;
        parts += 1;
    }
    (parts > 0 && total.is_finite()).then_some(total.round() as u64)
}

fn unit(u: &str) -> Option<u64> {
    Some(match u {
        "s" | "sec" | "secs" | "second" | "seconds" => return Some(0),
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        "d" | "day" | "days" => 1440,
        "w" | "wk" | "wks" | "week" | "weeks" => 7 * 1440,
        "mo" | "mth" | "month" | "months" => 30 * 1440,
        "q" | "quarter" | "quarters" => 91 * 1440,
        "y" | "yr" | "yrs" | "year" | "years" => 365 * 1440,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_what_plans_write() {
        for (text, want) in [
            ("4 hours", (240, 240)),
            ("15 min", (15, 15)),
            ("< 24h", (1440, 1440)),
            ("0–15 minutes", (0, 15)),
            ("15 to 30 min", (15, 30)),
            ("1h 30m", (90, 90)),
            ("1 business day", (1440, 1440)),
            ("Immediate", (0, 0)),
            ("Quarterly", (131_040, 131_040)),
            ("every 6 months", (259_200, 259_200)),
            ("2-4h", (120, 240)),
            ("1.5 hours", (90, 90)),
        ] {
            assert_eq!(parse(text), Some(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for text in ["", "soon", "4 fortnights", "hours 4", "30-15 min", "tbd"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

//! iCalendar (RFC 5545) export of what keeps the plan true: the recurring tests, reviews and
//! exercises of the schedule, the plan's own review, and the days records are due to be checked
//! again — so the reminders land in the founders' calendars. Reads the binder, writes text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::Result;
use crate::catalog::duration;
use crate::log::store::Record;
use crate::plan::binder::Binder;
use crate::plan::readiness::DEFAULT_REVIEW_DAYS;

/// A recurrence rule for an interval in days: weeks, months (30/91/182 days…) or years when it
/// is a whole number of them, days otherwise.
fn rrule(days: i64) -> String {
    let near = |unit: f64| {
        let n = (days as f64 / unit).round();
        (n >= 1.0 && (days as f64 - n * unit).abs() <= n * 2.0).then_some(n as i64)
    };
    if days % 7 == 0 && days < 28 {
        format!("FREQ=WEEKLY;INTERVAL={}", days / 7)
    } else if let Some(years) = near(365.25).filter(|_| days >= 360) {
        format!("FREQ=YEARLY;INTERVAL={years}")
    } else if let Some(months) = near(30.44).filter(|_| days >= 28) {
        format!("FREQ=MONTHLY;INTERVAL={months}")
    } else {
        format!("FREQ=DAILY;INTERVAL={days}")
    }
}

fn days(text: &str) -> Option<i64> {
    duration::parse(text)
        .map(|(_, high)| (high / 1440) as i64)
        .filter(|&d| d > 0)
}

fn date_of(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a character (RFC 5545 §3.1).
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

struct Event {
    uid: String,
    start: chrono::NaiveDate,
    summary: String,
    description: String,
    rrule: Option<String>,
}

/// The calendar: one recurring event per scheduled task and for the plan review, one event per
/// day on which records are due to be checked again. `today` dates what was never done.
pub fn export(
    binder: &Binder,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String> {
    let plan = binder.plan_record()?;
    let org = plan
        .as_ref()
        .map(|p| p.text("organisation"))
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| "Business".into());
    let review_days = plan
        .as_ref()
        .and_then(|p| days(&p.text("review_interval")))
        .unwrap_or(DEFAULT_REVIEW_DAYS);
    let mut events = Vec::new();
    if let Some(p) = &plan {
        let start = date_of(&p.text("last_review"))
            .map_or(today, |d| d + chrono::Duration::days(review_days));
        events.push(Event {
            uid: format!("{}-review", p.id),
            start,
            summary: format!("Review the continuity plan ({org})"),
            description: format!("Every {review_days} days: read the whole plan, fix what changed, re-print the binder."),
            rrule: Some(rrule(review_days)),
        });
    }
    for task in binder.list("schedule", false)? {
        events.push(scheduled(&task, today));
    }
    events.extend(checks_due(binder, today, review_days)?);
    Ok(calendar(&org, &events, now))
}

/// A scheduled task as a recurring event, due its interval after it was last done (today if
/// never).
fn scheduled(task: &Record, today: chrono::NaiveDate) -> Event {
    let every = days(&task.text("frequency"));
    let due = match (date_of(&task.text("last_done")), every) {
        (Some(last), Some(every)) => last + chrono::Duration::days(every),
        _ => today,
    };
    let mut description = Vec::new();
    for (label, field) in [
        ("Type", "type"),
        ("Owner", "owner"),
        ("Participants", "participants"),
        ("Last done", "last_done"),
        ("Notes", "notes"),
    ] {
        let v = task.text(field);
        if !v.is_empty() {
            description.push(format!("{label}: {v}"));
        }
    }
    Event {
        uid: task.id.clone(),
        start: due,
        summary: task.title(),
        description: description.join("\n"),
        rrule: every.map(rrule),
    }
}

/// Records due to be checked again, grouped by day so a calendar shows one reminder a day.
fn checks_due(binder: &Binder, today: chrono::NaiveDate, review_days: i64) -> Result<Vec<Event>> {
    let mut due: BTreeMap<chrono::NaiveDate, Vec<Record>> = BTreeMap::new();
    for kind in ["contact", "vendor", "role", "section"] {
        for r in binder.list(kind, false)? {
            let when = date_of(&r.text("verified_at")).map_or(today, |v| {
                (v + chrono::Duration::days(review_days)).max(today)
            });
            due.entry(when).or_default().push(r);
        }
    }
    Ok(due
        .into_iter()
        .map(|(day, records)| {
            let list: Vec<String> = records
                .iter()
                .map(|r| format!("{} {} ({})", r.kind, r.title(), r.id))
                .collect();
            Event {
                uid: format!("check-{day}"),
                start: day,
                summary: format!("Check {} plan record(s) are still true", records.len()),
                description: format!("Call the number, check the account, read the section; then mark each verified.\n{}", list.join("\n")),
                rrule: None,
            }
        })
        .collect())
}

/// The events as an iCalendar file (RFC 5545), all-day and transparent, stamped `now`.
fn calendar(org: &str, events: &[Event], now: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Continuity Binder//Plan schedule//EN",
        "CALSCALE:GREGORIAN",
    ] {
        line(&mut out, l);
    }
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape(&format!("{org} continuity plan"))),
    );
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@continuity-binder", e.uid));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", e.start.format("%Y%m%d")),
        );
        line(
            &mut out,
            &format!(
                "DTEND;VALUE=DATE:{}",
                (e.start + chrono::Duration::days(1)).format("%Y%m%d")
            ),
        );
        if let Some(r) = &e.rrule {
            line(&mut out, &format!("RRULE:{r}"));
        }
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    let _ = write!(out, "END:VCALENDAR\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::rrule;

    #[test]
    fn frequencies_become_recurrence_rules() {
        for (days, rule) in [
            (7, "FREQ=WEEKLY;INTERVAL=1"),
            (14, "FREQ=WEEKLY;INTERVAL=2"),
            (30, "FREQ=MONTHLY;INTERVAL=1"),
            (91, "FREQ=MONTHLY;INTERVAL=3"),
            (180, "FREQ=MONTHLY;INTERVAL=6"),
            (182, "FREQ=MONTHLY;INTERVAL=6"),
            (365, "FREQ=YEARLY;INTERVAL=1"),
            (730, "FREQ=YEARLY;INTERVAL=2"),
            (1, "FREQ=DAILY;INTERVAL=1"),
            (45, "FREQ=DAILY;INTERVAL=45"),
        ] {
            assert_eq!(rrule(days), rule, "{days} days");
        }
    }
}

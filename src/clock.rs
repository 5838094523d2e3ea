//! Dates: RFC 3339 instants in, seconds since the Unix epoch, HTTP dates and `YYYY-MM-DD` out.
//!
//! Dates decide diagnoses (app passwords removed on 2026-07-28, token expiry), so bbdoctor takes
//! "today" from the server's `Date` header when it has one. The simulator's time stands still at
//! its world's `now` and is sent as that header, so every run gives the same answer. Only UTC
//! offsets are needed; the parser accepts `Z` and `±hh:mm`. The calendar is `jiff`'s.

/// Seconds since 1970-01-01T00:00:00Z.
pub type Instant = i64;

/// Parses `2026-07-28T00:00:00Z` (or with `+02:00`, fractional seconds ignored). `jiff` checks
/// the calendar: `2026-02-31` is refused, where the hand-written parser it replaces counted it
/// as 2026-03-03.
pub fn parse_rfc3339(text: &str) -> Result<Instant, String> {
    let bad = || format!("not an RFC 3339 date-time: {text:?}");
    // An offset is required: a bare local time names no instant.
    let tail = text.get(19..).unwrap_or("");
    let offset = tail.ends_with(['Z', 'z']) || tail.contains(['+', '-']);
    if text.len() < 20 || !offset {
        return Err(bad());
    }
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| bad())
}

fn timestamp(t: Instant) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// Formats an instant as an HTTP date (RFC 9110 IMF-fixdate): `Tue, 28 Jul 2026 00:00:00 GMT`.
pub fn http_date(t: Instant) -> String {
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&timestamp(t))
        .unwrap_or_default()
}

/// `YYYY-MM-DD` from an HTTP `Date` header (`Mon, 23 Nov 2026 04:38:49 GMT`).
pub fn iso_date_from_http(date: &str) -> Option<String> {
    let zoned = jiff::fmt::rfc2822::parse(date.trim()).ok()?;
    Some(zoned.date().to_string())
}

/// `YYYY-MM-DD` of an instant.
pub fn iso_date(t: Instant) -> String {
    jiff::tz::Offset::UTC
        .to_datetime(timestamp(t))
        .date()
        .to_string()
}

/// The day a text was written, as a person gives it: `2024-03-15`, or `2024-03` (a forum shows
/// the month; the day is then taken as the month's first). The calendar is checked.
pub fn written_date(text: &str) -> Result<String, String> {
    let bad = || format!("{text:?} is not a date: give YYYY-MM-DD or YYYY-MM, e.g. 2024-03-15");
    let t = text.trim();
    let full = match t.len() {
        7 => format!("{t}-01"),
        10 => t.to_string(),
        _ => return Err(bad()),
    };
    full.parse::<jiff::civil::Date>().map_err(|_| bad())?;
    Ok(full)
}

/// Today's date (UTC) from the system clock, as `YYYY-MM-DD`.
pub fn today() -> String {
    iso_date(jiff::Timestamp::now().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0));
        let t = parse_rfc3339("2026-07-28T00:00:00Z").unwrap();
        assert_eq!(t, 1_785_196_800);
        assert_eq!(http_date(t), "Tue, 28 Jul 2026 00:00:00 GMT");
        assert_eq!(parse_rfc3339("2026-07-28T02:00:00.123+02:00"), Ok(t));
        assert_eq!(
            http_date(parse_rfc3339("2024-02-29T23:59:59Z").unwrap()),
            "Thu, 29 Feb 2024 23:59:59 GMT"
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            iso_date_from_http("Mon, 23 Nov 2026 04:38:49 GMT").as_deref(),
            Some("2026-11-23")
        );
        assert_eq!(iso_date_from_http("garbage"), None);
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(
            iso_date(parse_rfc3339("2026-07-28T23:59:59Z").unwrap()),
            "2026-07-28"
        );
        assert!(today().starts_with("20"));
        assert_eq!(written_date("2024-03").unwrap(), "2024-03-01");
        assert_eq!(written_date(" 2024-03-15 ").unwrap(), "2024-03-15");
        for bad in [
            "2024-02-30",
            "2024-3",
            "24-03-01",
            "March 2024",
            "2024-03-15T10:00:00Z",
            "",
        ] {
            assert!(written_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2026-07-28",
            "2026-13-01T00:00:00Z",
            "2026-07-28T00:00:00",
            "x026-07-28T00:00:00Z",
            "2026-02-31T00:00:00Z",
            "2026-04-31T12:00:00+02:00",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }
}

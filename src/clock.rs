//! Dates: RFC 3339 instants in, seconds since the Unix epoch, HTTP dates and `YYYY-MM-DD` out.
//!
//! Dates decide diagnoses (app passwords removed on 2026-07-28, token expiry), so bbdoctor takes
//! "today" from the server's `Date` header when it has one. The simulator's time stands still at
//! its world's `now` and is sent as that header, so every run gives the same answer. Only UTC
//! offsets are needed; the parser accepts `Z` and `±hh:mm`.

/// Seconds since 1970-01-01T00:00:00Z.
pub type Instant = i64;

/// Parses `2026-07-28T00:00:00Z` (or with `+02:00`, fractional seconds ignored).
pub fn parse_rfc3339(text: &str) -> Result<Instant, String> {
    let bad = || format!("not an RFC 3339 date-time: {text:?}");
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return Err(bad());
    }
    let num = |range: std::ops::Range<usize>| -> Result<i64, String> {
        text.get(range)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return Err(bad());
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let hh: i64 = rest[1..3].parse().map_err(|_| bad())?;
            let mm: i64 = rest[4..6].parse().map_err(|_| bad())?;
            sign * (hh * 3600 + mm * 60)
        }
        _ => return Err(bad()),
    };
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset)
}

/// Formats an instant as an HTTP date (RFC 9110 IMF-fixdate): `Tue, 28 Jul 2026 00:00:00 GMT`.
pub fn http_date(t: Instant) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        day,
        MONTHS[(month - 1) as usize],
        year,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `YYYY-MM-DD` from an HTTP `Date` header (`Mon, 23 Nov 2026 04:38:49 GMT`).
pub fn iso_date_from_http(date: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut parts = date.split_whitespace().skip(1);
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month.starts_with(m))? + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// `YYYY-MM-DD` of an instant.
pub fn iso_date(t: Instant) -> String {
    let (year, month, day) = civil_from_days(t.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// Today's date (UTC) from the system clock, as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso_date(secs as Instant)
}

// Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2026-07-28",
            "2026-13-01T00:00:00Z",
            "2026-07-28T00:00:00",
            "x026-07-28T00:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }
}

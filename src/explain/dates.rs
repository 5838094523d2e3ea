//! Dates in a post: the latest one it mentions is when it was written, and some findings depend
//! on it (app passwords worked until 2026-07-28).

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The latest date the text mentions, as `YYYY-MM-DD`: "November 5, 2025", "5 Nov 2025",
/// "2025-11-05", an HTTP `Date:` header. Dates near "expir…" are when something ends, not when
/// the post was written, and are skipped.
pub fn latest_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut latest: Option<(u16, u8, u8)> = None;
    let mut keep = |date: Option<(u16, u8, u8)>, at: usize| {
        let Some(d) = date else { return };
        let from = at.saturating_sub(80);
        let context = text.get(from..at).unwrap_or("").to_ascii_lowercase();
        if !context.contains("expir") && latest.is_none_or(|l| d > l) {
            latest = Some(d);
        }
    };
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            keep(iso_date(&b[i..]), i);
            let len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            i += len;
        } else if b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphabetic()) {
            let len = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            if let Some(month) = month(&text[i..i + len]) {
                keep(month_date(text, i, i + len, month), i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    latest.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn month(word: &str) -> Option<u8> {
    // Asked of every word of a post: most start with a letter no month does.
    if word.len() < 3
        || !matches!(
            word.as_bytes()[0].to_ascii_lowercase(),
            b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
        )
    {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            word.eq_ignore_ascii_case(m) || (word.len() == 3 && m[..3].eq_ignore_ascii_case(word))
        })
        .map(|p| p as u8 + 1)
}

fn valid(y: u32, m: u32, d: u32) -> Option<(u16, u8, u8)> {
    ((2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y as u16, m as u8, d as u8))
}

/// `2025-11-05` at the start of `b`.
fn iso_date(b: &[u8]) -> Option<(u16, u8, u8)> {
    let s = b.get(..10)?;
    let digits = |r: std::ops::Range<usize>| {
        s[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if s[4] != b'-' || s[7] != b'-' || b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    valid(digits(0..4)?, digits(5..7)?, digits(8..10)?)
}

/// "November 5, 2025" (day after the month) or "5 November 2025" (day before).
fn month_date(text: &str, start: usize, end: usize, month: u8) -> Option<(u16, u8, u8)> {
    let after = text[end..].trim_start_matches('.');
    let number = |s: &str| -> Option<(u32, usize)> {
        let len = s.bytes().take_while(u8::is_ascii_digit).count();
        (1..=4)
            .contains(&len)
            .then(|| (s[..len].parse().ok(), len))
            .and_then(|(n, l)| Some((n?, l)))
    };
    let year_after = |s: &str| {
        let s = s.trim_start_matches([',', ' ']);
        number(s).filter(|(_, len)| *len == 4).map(|(y, _)| y)
    };
    // Month day, year
    let rest = after.trim_start();
    if let Some((day, len)) = number(rest).filter(|(_, l)| *l <= 2) {
        let rest =
            rest[len..].trim_start_matches(|c: char| c.is_ascii_alphabetic() && c.is_lowercase());
        if let Some(year) = year_after(rest) {
            return valid(year, month.into(), day);
        }
    }
    // day Month year
    let before = text[..start].trim_end();
    let day_len = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&day_len) {
        let day: u32 = before[before.len() - day_len..].parse().ok()?;
        let year = year_after(after)?;
        return valid(year, month.into(), day);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_latest_date() {
        assert_eq!(
            latest_date("November 5, 2025\nNov 9, 2025").as_deref(),
            Some("2025-11-09")
        );
        assert_eq!(
            latest_date("on 2025-11-05 and 3 March 2026").as_deref(),
            Some("2026-03-03")
        );
        assert_eq!(
            latest_date("date: Mon, 23 Nov 2026 04:46:01 GMT").as_deref(),
            Some("2026-11-23")
        );
        assert_eq!(
            latest_date("\"time\":\"2026-04-24T20:39:44Z\"").as_deref(),
            Some("2026-04-24")
        );
        assert_eq!(
            latest_date("March 11, 2026. Token expires May 1, 2027").as_deref(),
            Some("2026-03-11")
        );
        assert_eq!(latest_date("version 1.2025-13-40 may 2 be"), None);
    }
}

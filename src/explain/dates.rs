//! Dates in a post: the latest one it mentions is when it was written, and some findings depend
//! on it (app passwords worked until 2026-07-28).

// (Short needles by memchr: `str::contains` sets up a searcher on every call, at every date.)
use crate::evidence::contains_str;

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
/// "2025-11-05", "07.12.2026", "2. Dezember 2026", an HTTP `Date:` header. Dates near
/// "expir…" are when something ends, and a version banner's date is when a program was built
/// (`OpenSSL 3.0.13 30 Jan 2024` in every `ssh -v`): neither is when the post was written.
pub fn latest_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut latest: Option<(u16, u8, u8)> = None;
    let mut keep = |date: Option<(u16, u8, u8)>, at: usize| {
        let Some(d) = date else { return };
        if written_then(text, at) && latest.is_none_or(|l| d > l) {
            latest = Some(d);
        }
    };
    // Every date stands at a digit: a number's own (`2025-11-05`), or a month's name a few
    // bytes from one (most words are not). So the text is read from digit to digit, found 16
    // bytes at a time, not byte by byte: most of a post is words with no number near.
    let mut at = 0;
    while let Some(d) = super::body::next_digit(b, at) {
        // A number starts here, not inside a word or another number.
        if d == 0 || !b[d - 1].is_ascii_alphanumeric() {
            let dotted = (d == 0 || b[d - 1] != b'.').then(|| dotted_date(&b[d..]));
            keep(iso_date(&b[d..]).or(dotted.flatten()), d);
        }
        // The words this digit stands beside: ending a byte or two before it ("Nov 5",
        // "Dezember 2026"), or starting two, three or five bytes after it ("5 Nov", "2.
        // Dezember", "2 de diciembre"). A word read twice (beside two digits) dates the
        // same.
        let ending = [d.checked_sub(1), d.checked_sub(2)]
            .into_iter()
            .flatten()
            .filter_map(|end| word_start(text, end).map(|start| (start, end)));
        let starting = [d + 2, d + 3, d + 5]
            .into_iter()
            .filter_map(|start| word_end(text, start).map(|end| (start, end)));
        for (start, end) in ending.chain(starting) {
            if let Some(month) = month(&text[start..end]) {
                keep(month_date(text, start, end, month), start);
            }
        }
        at = d + 1;
    }
    latest.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// A word is a longest run of letters (`char::is_alphabetic`, in any script). An ASCII byte
/// is a character of its own: only other characters are decoded.
fn letter_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        Some(_) => text
            .get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_alphabetic),
        None => false,
    }
}

fn letter_before(text: &str, i: usize) -> bool {
    match i.checked_sub(1).and_then(|k| text.as_bytes().get(k)) {
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        Some(_) => text
            .get(..i)
            .and_then(|t| t.chars().next_back())
            .is_some_and(char::is_alphabetic),
        None => false,
    }
}

/// Where the word that starts at `start` ends, if a word starts there.
fn word_end(text: &str, start: usize) -> Option<usize> {
    if !letter_at(text, start) || letter_before(text, start) {
        return None;
    }
    let mut end = start;
    while letter_at(text, end) {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    Some(end)
}

/// Where the word that ends at `end` starts, if a word ends there.
fn word_start(text: &str, end: usize) -> Option<usize> {
    if !letter_before(text, end) || letter_at(text, end) {
        return None;
    }
    let mut start = end;
    while letter_before(text, start) {
        start -= text[..start].chars().next_back().map_or(1, char::len_utf8);
    }
    Some(start)
}

/// Words on a line before a date that make it a program's build date: version banners
/// (`OpenSSH_9.6p1 …, OpenSSL 3.0.13 30 Jan 2024`, curl's `Release-Date: 2023-12-06`, Python's
/// `(main, Jun  7 2023, …) [GCC 12.2.0]`, `openjdk version "17.0.15" 2025-04-15`).
/// Whether a date at `at` can be when the text was written, from the 80 bytes before it: not
/// when something ends ("expires …"), nor a deadline announced ("All existing app passwords will
/// become inactive on June 9, 2026", Bitbucket's own warning in a 2025 push), nor a build's date.
fn written_then(text: &str, at: usize) -> bool {
    let from = at.saturating_sub(80);
    let context = text.get(from..at).unwrap_or("").to_ascii_lowercase();
    let line = &context[context.rfind('\n').map_or(0, |n| n + 1)..];
    // The sentence the date is in, on its line: before the date and after it ("On September
    // 9, 2025, the creation of app passwords will be discontinued").
    let before = &line[line.rfind(". ").map_or(0, |n| n + 2)..];
    let mut to = (at + 80).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[at..to];
    let after = &after[..after.find(['\n', '.']).unwrap_or(after.len())];
    let will = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("will"))
    };
    let foretold = will(before) || will(after);
    !contains_str(&context, "expir") && !foretold && !BUILT.iter().any(|m| contains_str(line, m))
}

const BUILT: &[&str] = &[
    "openssl",
    "libressl",
    "openssh_",
    "release-date",
    "(main,",
    "(default,",
    "version \"",
];

fn month(word: &str) -> Option<u8> {
    // Asked of every word of a post: most are too short, or start with a letter no month does.
    let first = *word.as_bytes().first()?;
    if word.len() < 3 {
        return None;
    }
    if matches!(
        first.to_ascii_lowercase(),
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    ) && let Some(p) = MONTHS.iter().position(|m| {
        word.eq_ignore_ascii_case(m) || (word.len() == 3 && m[..3].eq_ignore_ascii_case(word))
    }) {
        return Some(p as u8 + 1);
    }
    // Other languages' names, in full (translated prose: "2. Dezember 2026", "2 Aralık 2026"),
    // looked through only for a word whose first byte starts one.
    local_months(first.to_ascii_lowercase())
        .iter()
        .find(|(name, _)| {
            name.len() == word.len()
                && match word.is_ascii() {
                    true => name.eq_ignore_ascii_case(word),
                    false => word.to_lowercase() == *name,
                }
        })
        .map(|&(_, m)| m)
        .or_else(|| {
            // A capital first letter outside ASCII ("Декабря", "Şubat").
            (!first.is_ascii()).then(|| {
                let lower = word.to_lowercase();
                LOCAL_MONTHS
                    .iter()
                    .find(|(n, _)| *n == lower)
                    .map(|&(_, m)| m)
            })?
        })
}

/// Month names in the languages posts are written in (German, French, Spanish, Portuguese,
/// Italian, Dutch, Polish genitive, Turkish, Russian genitive), as written after a day.
const LOCAL_MONTHS: &[(&str, u8)] = &[
    ("januar", 1),
    ("janvier", 1),
    ("enero", 1),
    ("janeiro", 1),
    ("gennaio", 1),
    ("januari", 1),
    ("stycznia", 1),
    ("ocak", 1),
    ("января", 1),
    ("februar", 2),
    ("février", 2),
    ("febrero", 2),
    ("fevereiro", 2),
    ("febbraio", 2),
    ("februari", 2),
    ("lutego", 2),
    ("şubat", 2),
    ("февраля", 2),
    ("märz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("marca", 3),
    ("mart", 3),
    ("марта", 3),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("kwietnia", 4),
    ("nisan", 4),
    ("апреля", 4),
    ("mai", 5),
    ("mayo", 5),
    ("maio", 5),
    ("maggio", 5),
    ("mei", 5),
    ("maja", 5),
    ("mayıs", 5),
    ("мая", 5),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("junho", 6),
    ("giugno", 6),
    ("czerwca", 6),
    ("haziran", 6),
    ("июня", 6),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("julho", 7),
    ("luglio", 7),
    ("lipca", 7),
    ("temmuz", 7),
    ("июля", 7),
    ("august", 8),
    ("août", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("sierpnia", 8),
    ("ağustos", 8),
    ("августа", 8),
    ("septembre", 9),
    ("septiembre", 9),
    ("setembro", 9),
    ("settembre", 9),
    ("września", 9),
    ("eylül", 9),
    ("сентября", 9),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("outubro", 10),
    ("ottobre", 10),
    ("października", 10),
    ("ekim", 10),
    ("октября", 10),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("listopada", 11),
    ("kasım", 11),
    ("ноября", 11),
    ("dezember", 12),
    ("décembre", 12),
    ("diciembre", 12),
    ("dezembro", 12),
    ("dicembre", 12),
    ("grudnia", 12),
    ("aralık", 12),
    ("декабря", 12),
];

/// The names of [`LOCAL_MONTHS`] that start with this byte, in table order: a word is
/// compared with those only, not with all 92 (many words start as some name does).
fn local_months(first: u8) -> &'static [(&'static str, u8)] {
    static BY_FIRST: std::sync::OnceLock<Vec<Vec<(&str, u8)>>> = std::sync::OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        (0..=u8::MAX)
            .map(|b| {
                LOCAL_MONTHS
                    .iter()
                    .filter(|(name, _)| name.as_bytes()[0] == b)
                    .copied()
                    .collect()
            })
            .collect()
    });
    &by_first[usize::from(first)]
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

/// `07.12.2026` at the start of `b`: day, month, year, as most of Europe writes them. A number
/// that goes on (`1.2.2026.4`) is a version.
fn dotted_date(b: &[u8]) -> Option<(u16, u8, u8)> {
    let part = |b: &[u8], max: usize| {
        let len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=max).contains(&len).then(|| {
            let n = b[..len]
                .iter()
                .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
            (n, len)
        })
    };
    let (day, d) = part(b, 2)?;
    let b = b[d..].strip_prefix(b".")?;
    let (month, m) = part(b, 2)?;
    let b = b[m..].strip_prefix(b".")?;
    let (year, y) = part(b, 4).filter(|&(_, y)| y == 4)?;
    let rest = &b[y..];
    let goes_on = rest.first().is_some_and(u8::is_ascii_alphanumeric)
        || (rest.first() == Some(&b'.') && rest.get(1).is_some_and(u8::is_ascii_digit));
    (!goes_on).then(|| valid(year, month, day)).flatten()
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
        // "2 de diciembre de 2026", "2 de dezembro de 2026".
        let s = s.strip_prefix("de ").unwrap_or(s);
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
    // day Month year ("5 November 2025", "2. Dezember 2026", "2 de diciembre de 2026")
    let before = text[..start].trim_end();
    let before = before
        .strip_suffix(" de")
        .unwrap_or(before)
        .trim_end_matches('.');
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

    /// The reading before it went from digit to digit: every byte in turn (a date's words
    /// beside a digit, numbers not inside a word). The same dates, in any text.
    fn byte_by_byte(text: &str) -> Option<String> {
        let b = text.as_bytes();
        let mut latest: Option<(u16, u8, u8)> = None;
        let mut keep = |date: Option<(u16, u8, u8)>, at: usize| {
            let Some(d) = date else { return };
            if written_then(text, at) && latest.is_none_or(|l| d > l) {
                latest = Some(d);
            }
        };
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
                let dotted = (i == 0 || b[i - 1] != b'.').then(|| dotted_date(&b[i..]));
                keep(iso_date(&b[i..]).or(dotted.flatten()), i);
                let len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                i += len;
            } else if c.is_ascii_alphabetic() || c >= 0x80 {
                // A whole word at once (ASCII letters byte by byte; others as characters), so
                // every word starts after no letter.
                let end = old_word_end(text, i);
                if end == i {
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                // A month only counts beside a number (a day, a year): most words are not.
                if near_digit(b, i, end)
                    && let Some(month) = month(&text[i..end])
                {
                    keep(month_date(text, i, end, month), i);
                }
                i = end;
            } else {
                i += 1;
            }
        }
        latest.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
    }

    /// Where the word of letters starting at `i` ends.
    fn old_word_end(text: &str, mut i: usize) -> usize {
        let b = text.as_bytes();
        while i < b.len() {
            if b[i].is_ascii_alphabetic() {
                i += 1;
            } else if b[i] >= 0x80
                && let Some(c) = text[i..].chars().next()
                && c.is_alphabetic()
            {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        i
    }

    /// Whether a digit stands within a few bytes before the word ("5 Nov", "2. Dezember",
    /// "2 de diciembre") or right after it ("Nov 5", "Dezember 2026").
    fn near_digit(b: &[u8], start: usize, end: usize) -> bool {
        // A few fixed places, not a scan: this is asked of every word.
        let digit = |k: Option<usize>| k.and_then(|k| b.get(k)).is_some_and(u8::is_ascii_digit);
        digit(start.checked_sub(2))
            || digit(start.checked_sub(3))
            || digit(start.checked_sub(5))
            || digit(Some(end + 1))
            || digit(Some(end + 2))
    }

    proptest::proptest! {
        #[test]
        fn digit_to_digit_is_byte_by_byte(
            text in "(2026|2025-11-05|07.12.2026|1|12|5|Nov|november|Dezember|Aralık|Şubat|декабря|de|a|é|ü|—| |\\.|,|-|\n|expir|openssl|will|x){0,14}"
        ) {
            proptest::prop_assert_eq!(latest_date(&text), byte_by_byte(&text));
        }
    }

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

    #[test]
    fn an_announced_deadline_is_not_when_the_text_was_written() {
        // Bitbucket's warning in a push log of 2025: both its dates are to come.
        let log = "2025-06-23 16:04:26: remote: On September 9, 2025, the creation of app \
            passwords will be discontinued.\n2025-06-23 16:04:26: remote: All existing app \
            passwords will become inactive on June 9, 2026.";
        assert_eq!(latest_date(log).as_deref(), Some("2025-06-23"));
        // A date told as past beside one foretold.
        assert_eq!(
            latest_date("It broke on June 16, 2026. It will stop on July 28, 2026.").as_deref(),
            Some("2026-06-16")
        );
        // "will" in another sentence of the line does not reach the date.
        assert_eq!(
            latest_date("We will see. Broke on 2026-06-16").as_deref(),
            Some("2026-06-16")
        );
    }

    #[test]
    fn reads_dates_as_other_languages_write_them() {
        assert_eq!(
            latest_date("Запуск (07.12.2026):").as_deref(),
            Some("2026-12-07")
        );
        assert_eq!(
            latest_date("seit dem 30.11.2026").as_deref(),
            Some("2026-11-30")
        );
        assert_eq!(
            latest_date("2 Aralık 2026 tarihinden beri").as_deref(),
            Some("2026-12-02")
        );
        assert_eq!(
            latest_date("seit dem 2. Dezember 2026").as_deref(),
            Some("2026-12-02")
        );
        assert_eq!(
            latest_date("desde el 2 de diciembre de 2026").as_deref(),
            Some("2026-12-02")
        );
        assert_eq!(
            latest_date("с 3 декабря 2026 года").as_deref(),
            Some("2026-12-03")
        );
        // Versions are no dates.
        assert_eq!(latest_date("release 1.2.2026.4 and 10.12.20266"), None);
        assert_eq!(latest_date("v1.12.2026"), None);
    }

    #[test]
    fn a_build_date_in_a_version_banner_is_not_the_posts() {
        let ssh = "OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13 30 Jan 2024\n";
        assert_eq!(latest_date(ssh), None);
        assert_eq!(
            latest_date(&format!("{ssh}Since 2026-12-02 it fails")).as_deref(),
            Some("2026-12-02")
        );
        assert_eq!(latest_date("curl 8.5.0\nRelease-Date: 2023-12-06\n"), None);
        assert_eq!(
            latest_date("Python 3.11.4 (main, Jun  7 2023, 00:00:00) [GCC 12.2.0] on linux"),
            None
        );
        assert_eq!(latest_date("openjdk version \"17.0.15\" 2025-04-15"), None);
        // A CI build's date is the run's.
        assert_eq!(
            latest_date("[build date: 2026-11-29]").as_deref(),
            Some("2026-11-29")
        );
    }
}

//! How people paste, undone once where text comes in: the ways of writing that carry no content.
//! A CI runner's or a logger's line prefix (`stderr: `, ISO and GitHub Actions timestamps,
//! `##[error]`, BuildKit's `#12 0.345`, Jenkins' `[Pipeline]`, a shell trace's `+ `), a Markdown
//! quote, CRLF line ends, HTML entities and the typography of a web page (non-breaking spaces,
//! curly quotes, a dash a word processor made of `--`). Each line stays a line, so positions
//! in the result still name the poster's lines.

use std::borrow::Cow;

/// The text with the ways of writing undone; borrowed when there was nothing to undo. An
/// HTTP exchange a logger printed in its own form becomes the transcript it logs. `text` is
/// as [`viewed`] gives it.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let text = undo(text);
    match super::wire::transcripts(&text) {
        Some(rewritten) => Cow::Owned(rewritten),
        None => text,
    }
}

/// The text without what the terminal or the viewer it was copied from added: colours, line
/// numbers, a bar or a tag down the left. Every reader reads this, even
/// those that look for what the rest of the normalizing takes away (a trace's `+ `, a quote's
/// `> `, a log's time stamps). Each line stays a line.
pub fn viewed(text: &str) -> Cow<'_, str> {
    let text = strip_colors(text);
    let text = then(text, strip_gutter);
    then(text, strip_shared_lead)
}

/// `text` after one more step: still borrowed when neither changed it.
fn then<'a>(text: Cow<'a, str>, step: for<'b> fn(&'b str) -> Cow<'b, str>) -> Cow<'a, str> {
    match step(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

fn undo(text: &str) -> Cow<'_, str> {
    let text = unwrap_boxes(text);
    let text = unwrap_lines(&text);
    let text = entities(&text);
    let text = typography(&text);
    let text = super::translated::to_english(&text).into_owned();
    // (`\r` by memchr's vectorised search: `contains` tests a byte at a time, over every text.)
    if memchr::memchr(b'\r', text.as_bytes()).is_none() && !has_prefixes(super::scan::lines(&text))
    {
        return Cow::Owned(text);
    }
    let lines: Vec<(&str, &str)> = text
        .split_inclusive('\n')
        .map(|line| {
            let (body, newline) = match line.strip_suffix('\n') {
                Some(body) => (body.strip_suffix('\r').unwrap_or(body), "\n"),
                None => (line.strip_suffix('\r').unwrap_or(line), ""),
            };
            (strip_prefixes(body), newline)
        })
        .collect();
    // A logger's lead that every line of a run repeats (Terraform's `[DEBUG]
    // provider.terraform-provider-bitbucket: `, logcat's `12811-12866 okhttp.OkHttpClient  I  `):
    // it says which logger printed them, the lines after it are what was printed.
    // Asked only of a line that starts as a neighbour does: most lines share no lead.
    let shared = |i: usize, j: Option<usize>| {
        j.and_then(|j| lines.get(j))
            .is_some_and(|(other, _)| starts_alike(lines[i].0, other))
    };
    let leads: Vec<Option<&str>> = (0..lines.len())
        .map(|i| {
            let body = lines[i].0;
            (shared(i, i.checked_sub(1)) || shared(i, Some(i + 1)))
                .then(|| logger_lead(body).map(|n| &body[..n]))
                .flatten()
        })
        .collect();
    let mut out = String::with_capacity(text.len());
    for (i, (body, newline)) in lines.iter().enumerate() {
        let lead = leads[i].filter(|l| {
            let same =
                |j: Option<usize>| j.and_then(|j| leads.get(j)).is_some_and(|o| o == &Some(*l));
            same(i.checked_sub(1)) || same(Some(i + 1))
        });
        out.push_str(&body[lead.map_or(0, str::len)..]);
        out.push_str(newline);
    }
    Cow::Owned(out)
}

/// A terminal's colours and cursor moves, which a raw CI log keeps (`ESC[0;31m`, `ESC[K`,
/// `ESC]8;;…ESC\` links), and the colour codes a web page shows once it dropped the escape
/// character (`[0;90m … [0m`, two or more of them).
fn strip_colors(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let escaped = memchr::memchr(0x1b, b).is_some();
    // A colour code whose escape character was lost: `[`, digits and `;`, `m`.
    let bare = |at: usize| -> Option<usize> {
        let n = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b';')
            .count();
        (n > 0 && b.get(at + 1 + n) == Some(&b'm') && b[at + 1].is_ascii_digit()).then_some(n + 2)
    };
    let bare_codes = !escaped
        && memchr::memchr_iter(b'[', b)
            .filter(|&at| bare(at).is_some())
            .nth(1)
            .is_some();
    if !escaped && !bare_codes {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let skip = match b[i] {
            0x1b => match b.get(i + 1) {
                // A control sequence: parameters, intermediates, one final byte.
                Some(b'[') => {
                    let body = b[i + 2..]
                        .iter()
                        .take_while(|c| (0x20..=0x3f).contains(*c))
                        .count();
                    2 + body + usize::from(i + 2 + body < b.len())
                }
                // An operating system command (a title, a link): up to BEL or ESC `\`.
                Some(b']') => {
                    let end = b[i + 2..]
                        .iter()
                        .position(|&c| c == 0x07 || c == 0x1b || c == b'\n')
                        .map_or(b.len() - i, |p| 2 + p);
                    match b.get(i + end) {
                        Some(0x07) => end + 1,
                        Some(0x1b) if b.get(i + end + 1) == Some(&b'\\') => end + 2,
                        _ => end,
                    }
                }
                Some(_) => 2,
                None => 1,
            },
            b'[' if bare_codes => bare(i).unwrap_or(0),
            _ => 0,
        };
        match skip {
            0 => {
                out.push(b[i]);
                i += 1;
            }
            n => i += n,
        }
    }
    // Only ASCII bytes were taken out, whole: what is left is UTF-8 still.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// A log viewer's or an editor's line numbers down the left of the whole paste (`  12 | …`,
/// `  12 │ …`, `  12: …`, GitLab's job log copied as `12 …`): the text is what follows them.
/// Only where nearly every line has them, counting up by one: a test runner's code frame
/// (`41 |   nock(…)`) inside a longer paste keeps its numbers, which say it is source.
fn strip_gutter(text: &str) -> Cow<'_, str> {
    // Most texts start with no number and have only a few lines that do: passed at once.
    let b = text.as_bytes();
    let numbered = |at: usize| {
        let blanks = b[at.min(b.len())..]
            .iter()
            .take(8)
            .take_while(|&&c| c == b' ')
            .count();
        b.get(at + blanks).is_some_and(u8::is_ascii_digit)
    };
    if !numbered(0)
        && memchr::memchr_iter(b'\n', b)
            .filter(|&at| numbered(at + 1))
            .nth(3)
            .is_none()
    {
        return Cow::Borrowed(text);
    }
    fn gutter(line: &str) -> Option<(u64, &str)> {
        let t = line.trim_start();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=6).contains(&digits) {
            return None;
        }
        let n = t[..digits].parse().ok()?;
        let after = &t[digits..];
        let rest = after.trim_start_matches(' ');
        let rest = match rest
            .strip_prefix('|')
            .or_else(|| rest.strip_prefix(BOX_BAR))
            .or_else(|| rest.strip_prefix(':'))
        {
            Some(rest) => rest,
            // Bare numbers: a blank after them, or nothing (an empty line).
            None if after.starts_with(' ') || after.trim().is_empty() => {
                &after[after.len().min(1)..]
            }
            None => return None,
        };
        Some((n, rest.strip_prefix(' ').unwrap_or(rest)))
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let filled = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let numbered: Vec<Option<(u64, &str)>> = lines.iter().map(|l| gutter(l)).collect();
    let count = numbered.iter().flatten().count();
    let counts_up = numbered
        .iter()
        .flatten()
        .zip(numbered.iter().flatten().skip(1))
        .all(|((a, _), (b, _))| *b == a + 1);
    // A short text counts from 1 on every line (`404: Not Found` is no line number).
    let from_one = count == filled
        && numbered
            .iter()
            .flatten()
            .next()
            .is_some_and(|(n, _)| *n == 1);
    if (count < 5 && !from_one) || count * 10 < filled * 9 || !counts_up {
        return Cow::Borrowed(text);
    }
    let out: Vec<&str> = lines
        .iter()
        .zip(&numbered)
        .map(|(l, n)| n.map_or(*l, |(_, rest)| rest))
        .collect();
    Cow::Owned(out.join("\n"))
}

/// A viewer's or a runner's mark down the left of the whole paste, the same on nearly every
/// line (on every line of a short one): a bar (`| `; Terraform's box is read as a box), a bullet (`• `), docker compose's service (`app-1  | `), a tag
/// (`[pod/app-7d9f/app] `, `[INFO] `). The text is what follows it. A Markdown table, whose
/// rows end with a bar too, keeps its bars.
fn strip_shared_lead(text: &str) -> Cow<'_, str> {
    fn lead(line: &str) -> Option<&str> {
        let b = line.as_bytes();
        let end = match b.first()? {
            b'[' => {
                // Not a status (composer's `[403] `), which says what came back.
                line.find("] ").filter(|&n| {
                    (2..=60).contains(&n)
                        && !line[1..n].contains('[')
                        && !line[1..n].bytes().all(|b| b.is_ascii_digit())
                })? + 2
            }
            b'|' => 1,
            _ if ["┃", "•", "·"].iter().any(|m| line.starts_with(m)) => {
                line.chars().next()?.len_utf8()
            }
            // docker compose: a service name, blanks, a bar.
            c if c.is_ascii_alphanumeric() => {
                let name = b
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
                    .count();
                let blanks = b[name..].iter().take_while(|&&c| c == b' ').count();
                (blanks >= 1 && b.get(name + blanks) == Some(&b'|')).then_some(name + blanks + 1)?
            }
            _ => return None,
        };
        Some(&line[..end + usize::from(line[end..].starts_with(' '))])
    }
    let b = text.as_bytes();
    // A service's name starts with a letter, as most lines do: asked only beside a bar.
    let service = memchr::memmem::find(b, b" | ").is_some();
    let marked = |at: usize| match b.get(at) {
        Some(b'[' | b'|' | 0xe2 | 0xc2) => true,
        Some(c) => service && c.is_ascii_alphanumeric(),
        None => false,
    };
    if !marked(0)
        && memchr::memchr_iter(b'\n', b)
            .filter(|&at| marked(at + 1))
            .nth(2)
            .is_none()
    {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let filled: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let Some(shared) = filled.iter().find_map(|l| lead(l)) else {
        return Cow::Borrowed(text);
    };
    let bare = shared.trim_end();
    let has = |l: &str| l.starts_with(shared) || l.trim_end() == bare;
    let count = filled.iter().filter(|l| has(l)).count();
    let table = bare.ends_with('|')
        && filled
            .iter()
            .any(|l| l.trim_end().ends_with('|') && l.trim_end() != bare);
    if (count < 3 && count < filled.len()) || count * 10 < filled.len() * 9 || table {
        return Cow::Borrowed(text);
    }
    let out: Vec<&str> = lines
        .iter()
        .map(|l| match l.strip_prefix(shared) {
            Some(rest) => rest,
            None if l.trim_end() == bare => "",
            None => l,
        })
        .collect();
    Cow::Owned(out.join("\n"))
}

/// The bar Terraform draws down the left of a diagnostic (`│ Error: …`).
const BOX_BAR: &str = "│";

/// Words that start a line of their own in what a diagnostic quotes (git's and a tool's
/// output): never the rest of a line the box wrapped.
const LINE_STARTS: &[&str] = &["fatal:", "error:", "Error:", "remote:", "warning:", "hint:"];

/// Terraform wraps a diagnostic's text at its width, between words, so a message or a body
/// runs over several `│ ` lines (`│ Error: POST` / `│ https://…: 403 Forbidden {"type": …` /
/// `│ one or more required privilege scopes.", …`). Each line a word would not have fitted on
/// is joined to the one before, in place: the joined line keeps the first line's place and
/// the lines it took stay as bare bars, so line numbers hold.
fn unwrap_boxes(text: &str) -> Cow<'_, str> {
    if memchr::memmem::find(text.as_bytes(), BOX_BAR.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    fn content(l: &str) -> Option<&str> {
        l.trim_start().strip_prefix(BOX_BAR).map(|rest| {
            rest.strip_prefix(' ')
                .unwrap_or(rest)
                .trim_end_matches('\r')
        })
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        if content(lines[i]).is_none() {
            i += 1;
            continue;
        }
        // A run of box lines, and the width its text was wrapped at: the longest line of more
        // than one word (a single word longer than the width stands alone).
        let end = (i..lines.len())
            .find(|&j| content(lines[j]).is_none())
            .unwrap_or(lines.len());
        let width = (i..end)
            .filter_map(|j| content(lines[j]))
            .filter(|c| c.trim().contains(' '))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        let mut head = i;
        let mut joined = content(lines[i]).unwrap_or("").to_string();
        // The length of the line before, as the box printed it.
        let mut before = joined.chars().count();
        for j in i + 1..end {
            let next = content(lines[j]).unwrap_or("");
            let first = next.split(' ').next().unwrap_or("");
            let wrapped = !joined.trim().is_empty()
                && !next.trim().is_empty()
                && !next.starts_with(' ')
                && !LINE_STARTS.iter().any(|w| next.starts_with(w))
                && before + 1 + first.chars().count() > width;
            before = next.chars().count();
            if wrapped {
                joined.push(' ');
                joined.push_str(next);
                out[j] = BOX_BAR.to_string();
                changed = true;
            } else {
                out[head] = format!("{BOX_BAR} {joined}");
                head = j;
                joined = next.to_string();
            }
        }
        out[head] = format!("{BOX_BAR} {joined}");
        i = end;
    }
    match changed {
        true => Cow::Owned(out.join("\n")),
        false => Cow::Borrowed(text),
    }
}

/// The width a text may have been wrapped at: an e-mail client, a mailing list or a terminal
/// copy breaks long lines between words at 60 to 100 columns. Its longest line of more than
/// one word is the width (a long URL is left whole, past it), and at least three lines end
/// near it. A log whose lines run past 100 columns was not wrapped.
fn wrap_width<'a>(lines: impl Iterator<Item = &'a str>) -> Option<usize> {
    let mut lengths = Vec::new();
    for line in lines {
        if line.len() < 50 || !line.trim().contains(' ') {
            continue;
        }
        match line.chars().count() {
            n if n > 100 => return None,
            n => lengths.push(n),
        }
    }
    let width = lengths.iter().copied().max().filter(|&w| w >= 60)?;
    let near = lengths.iter().filter(|&&n| n + 10 > width).count();
    (near >= 3).then_some(width)
}

/// A text wrapped at a width (see [`wrap_width`]) with each broken line joined again. A line
/// was broken where the first word of the next would not have fitted on it, unless the next
/// is indented, a list item or a heading, starts a message of its own (`fatal:`, `remote:`, a
/// prompt) or the way the line before started (a log's time stamp), or begins a sentence after
/// one ended, or follows an indented line or a command's (its output). Only a text broken so at least twice was wrapped: one such pair is as likely two
/// lines that were always two. The joined line keeps the first line's place and the lines it
/// took stay empty, so line numbers hold.
fn unwrap_lines(text: &str) -> Cow<'_, str> {
    // (By memchr: most texts are only passed over, twice at most.)
    let each = || super::scan::lines(text);
    // An e-mail reply quotes the whole message (`> `) and wraps it: the quote marks are
    // not the text's, and a line joins only one at the same depth.
    // (Counted only where a line starts with `>`: most texts have none.)
    let mail = (text.starts_with('>') || memchr::memmem::find(text.as_bytes(), b"\n>").is_some())
        && {
            let (mut filled, mut in_quote) = (0, 0);
            for l in each() {
                filled += usize::from(!l.trim().is_empty());
                in_quote += usize::from(l.starts_with('>'));
            }
            in_quote >= 3 && in_quote * 10 >= filled * 9
        };
    let depth = |l: &str| match mail {
        true => l.len() - l.trim_start_matches(['>', ' ']).len(),
        false => 0,
    };
    // Asked before anything is kept: most texts were not wrapped.
    let Some(width) = wrap_width(each().map(|l| &l[depth(l)..])) else {
        return Cow::Borrowed(text);
    };
    let all: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let leads: Vec<&str> = all.iter().map(|l| &l[..depth(l)]).collect();
    let lines: Vec<&str> = all.iter().zip(&leads).map(|(l, q)| &l[q.len()..]).collect();
    let starts_own = |l: &str| {
        LINE_STARTS.iter().any(|w| l.starts_with(w))
            || [
                "debug1:", "$ ", "+ ", "> ", "< ", "* ", "HTTP/", "```", "- ", "• ", "# ",
            ]
            .iter()
            .any(|w| l.starts_with(w))
            || l.split_once(". ")
                .or_else(|| l.split_once(") "))
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    // Whether line `j` continues the line before, which is `before` characters long and part
    // of a run that started on line `head`.
    let continues = |j: usize, head: usize, before: usize| {
        let (last, next) = (lines[j - 1], lines[j]);
        let first = next.split(' ').next().unwrap_or("").chars().count();
        let ended = last.trim_end().ends_with(['.', '!', '?'])
            && next.starts_with(|c: char| c.is_uppercase());
        // What a command printed starts below it; only its arguments continue it.
        let output = command(lines[head]).is_some()
            && !next.starts_with(['-', '\'', '"'])
            && !next.starts_with("http");
        !last.trim().is_empty()
            && !next.trim().is_empty()
            && !next.starts_with([' ', '\t'])
            && !last.starts_with([' ', '\t'])
            && !output
            && !starts_own(next)
            && !starts_alike(lines[head], next)
            && leads[j].trim_end() == leads[head].trim_end()
            && !ended
            && before + 1 + first > width
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let (mut head, mut before) = (0, lines[0].chars().count());
    for (j, line) in lines.iter().enumerate().skip(1) {
        if continues(j, head, before) {
            match runs.last_mut() {
                Some((h, end)) if *h == head => *end = j,
                _ => runs.push((head, j)),
            }
        } else {
            head = j;
        }
        before = line.chars().count();
    }
    let breaks: usize = runs.iter().map(|(h, end)| end - h).sum();
    if breaks < 2 {
        return Cow::Borrowed(text);
    }
    let mut out: Vec<String> = all.iter().map(|l| l.to_string()).collect();
    for (h, end) in runs {
        out[h] = format!("{}{}", leads[h], lines[h..=end].join(" "));
        for j in h + 1..=end {
            out[j] = leads[j].trim_end().to_string();
        }
    }
    Cow::Owned(out.join("\n"))
}

/// Fewer bytes than a level and a source's name with their separators.
const SHORTEST_LEAD: usize = 8;

/// How many bytes two lines start with alike.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Whether two lines start with the same `SHORTEST_LEAD` bytes.
fn starts_alike(a: &str, b: &str) -> bool {
    a.len() >= SHORTEST_LEAD
        && b.len() >= SHORTEST_LEAD
        && a.as_bytes()[..SHORTEST_LEAD] == b.as_bytes()[..SHORTEST_LEAD]
}

/// Whether a line starts with a prefix to undo, or two lines in a row with the same logger's
/// lead: one pass, since most texts have neither.
fn has_prefixes<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let mut last = "";
    for line in lines {
        if prefix_len(line) > 0
            || (starts_alike(last, line)
                && logger_lead(line).is_some_and(|n| n <= common_prefix(last, line)))
        {
            return true;
        }
        last = line;
    }
    false
}

/// The lead a logger writes before each message when it names both a level and its source:
/// up to the `: ` or the run of spaces after them. A level alone (`ERROR: `, `INFO  `) is left:
/// it is read where it stands.
fn logger_lead(line: &str) -> Option<usize> {
    let head = &line.as_bytes()[..line.len().min(120)];
    let level = |w: &str| {
        let w = crate::evidence::trim_ascii_matches(w, b"[]:");
        LEVELS.contains(&w) || matches!(w, "V" | "D" | "I" | "W" | "E" | "F")
    };
    // Most lines name no level: asked first, before any boundary is looked for. An ASCII head
    // is cut at its blanks a byte at a time (`split_whitespace` decodes every character); an
    // empty word between two blanks names no level either.
    let names_level = match line.get(..head.len()) {
        None => false,
        Some(h) if h.is_ascii() => h
            .as_bytes()
            .split(|&b| crate::evidence::is_blank(b))
            .any(|w| {
                let start = w
                    .iter()
                    .position(|b| !b"[]:".contains(b))
                    .unwrap_or(w.len());
                let end = w
                    .iter()
                    .rposition(|b| !b"[]:".contains(b))
                    .map_or(start, |e| e + 1);
                let w = &w[start..end.max(start)];
                LEVELS.iter().any(|l| l.as_bytes() == w)
                    || matches!(w, b"V" | b"D" | b"I" | b"W" | b"E" | b"F")
            }),
        Some(h) => h.split_whitespace().any(level),
    };
    if !names_level {
        return None;
    }
    let mut i = 0;
    while i < head.len() {
        let end = if head[i..].starts_with(b": ") {
            i + 2
        } else if head[i..].starts_with(b"  ") {
            i + head[i..].iter().take_while(|&&b| b == b' ').count()
        } else {
            i += 1;
            continue;
        };
        let lead = line.get(..end)?;
        let words = lead.split_whitespace().count();
        if words >= 2 && lead.split_whitespace().any(level) && !lead.starts_with("remote:") {
            return (end < line.len()).then_some(end);
        }
        i = end;
    }
    None
}

/// A line without the prefixes loggers and runners put before what was printed; several may
/// stack (`2026-01-30T23:09:28Z stderr: remote: …`).
fn strip_prefixes(mut line: &str) -> &str {
    // Bounded: each round removes at least one byte, and real stacks are two or three deep.
    for _ in 0..6 {
        match prefix_len(line) {
            0 => break,
            n => line = &line[n..],
        }
    }
    line
}

/// A log entry's lead that carries meaning, so it stays in the text, but that a reader of one
/// line's content may look past: a tag in brackets (`[sync] `, `[main] `; a deploy tool's
/// `[app-3] ` names the server, composer's `[200] ` the status) and a level (`DEBUG `, `WARN: `).
pub fn log_lead(line: &str) -> usize {
    let mut n = tag(line).unwrap_or(0);
    n += level_len(&line[n..]);
    n
}

/// The levels loggers write, a longer one before its prefix (`WARNING` before `WARN`).
pub const LEVELS: [&str; 8] = [
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARNING", "WARN", "ERROR", "FATAL",
];

/// A logger's level word and the space after it: `DEBUG `, `WARN: `; 0 for none.
fn level_len(line: &str) -> usize {
    let Some(level) = LEVELS.iter().find(|l| line.starts_with(*l)) else {
        return 0;
    };
    let rest = &line[level.len()..];
    let colon = usize::from(rest.starts_with(':'));
    match spaces(&rest[colon..]) {
        0 => 0,
        n => level.len() + colon + n,
    }
}

/// The command a line shows being run, behind a shell trace (`+ git fetch`), a prompt
/// (`$ git fetch`, `PS C:\src> git fetch`), Jenkins' echo (` > git fetch`) and whatever a
/// runner put before those.
pub fn command(line: &str) -> Option<&str> {
    let mut line = line;
    let mut prompted = false;
    for _ in 0..6 {
        let t = crate::evidence::trim_start(line);
        let n = prefix_len(line);
        if n == 0 {
            break;
        }
        // Jenkins' git client echoes what it runs as ` > git fetch … # timeout=10`.
        prompted |= t.starts_with('+')
            || t.starts_with("PS")
            || cmd_prompt(t).is_some()
            || (t.starts_with("> ") && line[n..].starts_with("git "));
        line = &line[n..];
    }
    let t = crate::evidence::trim_start(line);
    let t = match t.strip_prefix("$ ") {
        Some(rest) => rest,
        None if prompted => t,
        None => return None,
    };
    let t = crate::evidence::trim(t);
    (!t.is_empty()).then_some(t)
}

/// How a line shows its command run: behind a runner's `+ ` (`set -x`, or Pipelines echoing
/// the script's line), or at a PowerShell prompt (which expands neither `%VAR%` nor `{{var}}`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ran {
    #[default]
    Unknown,
    Traced,
    PowerShell,
}

/// How `line` shows the command on it run (see [`Ran`]).
pub fn ran(line: &str) -> Ran {
    let mut line = line;
    for _ in 0..6 {
        let t = crate::evidence::trim_start(line);
        let n = prefix_len(line);
        if n == 0 {
            break;
        }
        if t.starts_with('+') {
            return Ran::Traced;
        }
        if t.starts_with("PS") {
            return Ran::PowerShell;
        }
        line = &line[n..];
    }
    Ran::Unknown
}

/// How each pasted line shows its command run; empty when none shows it (most texts), so that
/// a text without a trace or a prompt costs one pass of `memchr`-speed checks.
pub fn ran_lines(raw: &str) -> Vec<Ran> {
    // `ran` answers only of a line that holds a `+` or a `PS` (what it looks for behind the
    // prefixes): a text with neither, nine in ten, is passed in two vectorised searches
    // instead of every line's prefixes read.
    if !might_show_a_run(raw) {
        return Vec::new();
    }
    let found = super::scan::lines(raw).any(|l| ran(l) != Ran::Unknown);
    match found {
        true => super::scan::lines(raw).map(ran).collect(),
        false => Vec::new(),
    }
}

/// Whether `text` holds what [`ran`] answers by: a `+` (a shell trace) or `PS` (a PowerShell
/// prompt). A line without either is [`Ran::Unknown`].
fn might_show_a_run(text: &str) -> bool {
    static PS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("PS"));
    memchr::memchr(b'+', text.as_bytes()).is_some() || PS.find(text.as_bytes()).is_some()
}

/// Which lines are someone else's earlier message: `>`-quoted below an attribution line (a mail
/// client's "On Sat, 5 Dec 2026 at 18:02, Kofi <kofi@…> wrote:", a forum's "@tomas wrote:"),
/// deeper than the attribution stands. What they show happened to another person or before;
/// empty when the text has no attribution (most texts).
pub fn attributed(raw: &str) -> Vec<bool> {
    let mut marks = under_attribution(raw);
    unshown_blocks(raw, &mut marks);
    marks
}

/// Lines of a forum's quote of another post (`[quote="kofi, post:3, topic:9"]` … `[/quote]`)
/// and of an HTML comment (`<!-- … -->`: an issue template's example, which the page never
/// shows), added to `marks`.
fn unshown_blocks(raw: &str, marks: &mut Vec<bool>) {
    // Searchers built once for the process: `memmem::find` builds one each call (two for
    // every text).
    static QUOTE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("[quote"));
    static COMMENT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("<!--"));
    let b = raw.as_bytes();
    let quote = QUOTE.find(b).is_some();
    let comment = COMMENT.find(b).is_some();
    if !quote && !comment {
        return;
    }
    let (mut quotes, mut in_comment) = (0usize, false);
    let mut count = 0;
    let mut inside_lines = Vec::new();
    let mut outside = false;
    for (i, line) in super::scan::lines(raw).enumerate() {
        count = i + 1;
        let opens = quote
            && line.match_indices("[quote").any(|(at, tag)| {
                matches!(
                    line.as_bytes().get(at + tag.len()),
                    Some(b']' | b'=' | b' ')
                )
            });
        let closes = quote && line.contains("[/quote]");
        let comment_opens = comment && line.contains("<!--");
        let inside = quotes > 0 || in_comment || opens || comment_opens;
        quotes = (quotes + usize::from(opens)).saturating_sub(usize::from(closes));
        if comment_opens || in_comment {
            // Open until a `-->` after the last `<!--` on the line.
            let from = line.rfind("<!--").map_or(0, |n| n + 4);
            in_comment = !line[from..].contains("-->");
        }
        match inside {
            true => inside_lines.push(i),
            false => outside |= !line.trim().is_empty(),
        }
    }
    // A forum quote around the whole paste is how it was copied, not someone else's post
    // beside the poster's own: nothing is left outside it but the tags.
    if inside_lines.is_empty() || (!outside && !comment) {
        return;
    }
    marks.resize(marks.len().max(count), false);
    for i in inside_lines {
        marks[i] = true;
    }
}

/// Lines of a Markdown quote (`> …`, not curl's `> GET`/`> Host:`): the poster's own way of
/// pasting, or someone else's words; which, only what else the text shows can tell. Empty
/// when there are none (most texts).
pub fn quoted(raw: &str) -> Vec<bool> {
    let is_quote = |l: &str| {
        let t = crate::evidence::trim_start(l);
        t.starts_with(">>") || (t.starts_with("> ") && quote(t).is_some())
    };
    // A quoted line starts with `>`: a text without one (three in four) is passed in one
    // vectorised search, not line by line.
    if memchr::memchr(b'>', raw.as_bytes()).is_none() || !super::scan::lines(raw).any(is_quote) {
        return Vec::new();
    }
    super::scan::lines(raw).map(is_quote).collect()
}

fn under_attribution(raw: &str) -> Vec<bool> {
    // Asked of every text: one pass over its lines' ends finds most have none.
    if !super::scan::lines(raw).any(|l| {
        crate::evidence::trim_end(l)
            .trim_end_matches('*')
            .ends_with(':')
            && is_attribution(quote_depth(l).1)
    }) {
        return Vec::new();
    }
    let mut under: Option<usize> = None;
    super::scan::lines(raw)
        .map(|line| {
            let (depth, rest) = quote_depth(line);
            if is_attribution(rest) {
                under = Some(under.map_or(depth, |d| d.min(depth)));
                return false;
            }
            match under {
                Some(d) if depth > d => true,
                Some(_) if !rest.trim().is_empty() => {
                    under = None;
                    false
                }
                _ => false,
            }
        })
        .collect()
}

/// How mail clients and forums introduce a quoted message, in the languages posts come in.
const ATTRIBUTIONS: &[&str] = &[
    "wrote:",
    "schrieb:",
    "a écrit :",
    "a écrit:",
    "escribió:",
    "escreveu:",
    "ha scritto:",
    "schreef:",
    "napisał:",
    "написал:",
    "написала:",
];

/// A line that attributes the quote below it to someone: it ends with one of [`ATTRIBUTIONS`]
/// (after Markdown's bold) and is short enough to be a header, not a sentence.
fn is_attribution(rest: &str) -> bool {
    let t = rest.trim().trim_end_matches('*').trim_end();
    t.len() <= 200
        && ATTRIBUTIONS.iter().any(|a| {
            t.len() >= a.len()
                && t.is_char_boundary(t.len() - a.len())
                && t[t.len() - a.len()..].eq_ignore_ascii_case(a)
        })
}

/// How many `>` quote a line (`> > > text`, `>> text`), and the rest of it.
fn quote_depth(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix('>') {
        depth += 1;
        rest = r.trim_start_matches([' ', '\t']);
    }
    (depth, rest)
}

/// How many bytes of one known prefix (with the space after it) start the line; 0 for none.
fn prefix_len(line: &str) -> usize {
    // A line that starts with an ASCII byte other than a blank has no indent: told from that
    // byte, not by `trim_start`'s decoding (asked of every line, thrice). `char::is_whitespace`
    // in ASCII is the space, `\t`, `\n`, `\x0B`, `\x0C` and `\r`.
    let indent = match line.as_bytes().first() {
        Some(&b) if b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') => 0,
        _ => line.len() - crate::evidence::trim_start(line).len(),
    };
    let t = &line[indent..];
    if let Some(n) = cmd_prompt(t) {
        return indent + n;
    }
    // Every prefix below starts with one of these bytes (a timestamp with a digit or `[`): a
    // line that starts otherwise, as most do, is passed at once. Asked of every line, thrice.
    if !matches!(
        t.as_bytes().first(),
        Some(b's' | b'[' | b'n' | b'#' | b'0'..=b'9' | b'>' | b'.' | b'+' | b'P')
    ) {
        return 0;
    }
    let word = |w: &str| {
        t.starts_with(w)
            .then(|| indent + w.len() + spaces(&t[w.len()..]))
    };
    if let Some(n) = word("stderr:").or_else(|| word("stdout:")) {
        return n;
    }
    if let Some(n) = word("[Pipeline]") {
        return n;
    }
    // npm's own log prefix on what the git or HTTP call it ran printed.
    if let Some(n) = word("npm ERR!").or_else(|| word("npm error ")) {
        return n;
    }
    if t.starts_with("##[")
        && let Some(close) = t.find(']')
    {
        return indent + close + 1 + spaces(&t[close + 1..]);
    }
    if let Some(n) = timestamp(t) {
        return indent + n;
    }
    // Python's prompts, as a REPL session is pasted: `>>> r = requests.get(…)`, `... `.
    if let Some(n) = word(">>> ").or_else(|| word("... ")) {
        return n;
    }
    if let Some(n) = buildkit(t) {
        return indent + n;
    }
    // A shell trace (`set -x`): `+ curl …`, `++ export …`.
    let pluses = t.bytes().take_while(|&b| b == b'+').count();
    if (1..=3).contains(&pluses) && t[pluses..].starts_with(' ') {
        return indent + pluses + 1;
    }
    if let Some(n) = quote(t) {
        return indent + n;
    }
    if let Some(n) = powershell_prompt(t) {
        return indent + n;
    }
    0
}

/// cmd.exe's prompt, which it prints with no space before the command: `C:\Users\roman>curl …`,
/// `D:\>git fetch`. Two bytes decide for most lines: a drive letter, then `:\`.
fn cmd_prompt(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    if !(b.len() > 4 && b[0].is_ascii_alphabetic() && &b[1..3] == b":\\") {
        return None;
    }
    let close = memchr::memchr(b'>', &b[..b.len().min(200)])?;
    // A path's characters only: not `C:\x> <tag>` prose, nor a redirect after a command.
    let path = &t[3..close];
    // The prompt's `>` touches the path; a redirect's follows a space (`run.exe -o a >log`).
    let pathlike = !path.contains(['<', '"', '|', '*', '?', '\t'])
        && !path.ends_with(' ')
        && !path.contains("  ")
        && !path.contains(" -");
    let next = &t[close + 1..];
    let command = next.trim_start_matches(' ');
    (pathlike && command.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then(|| close + 1 + spaces(next))
}

/// PowerShell's prompt: `PS> `, `PS C:\build> `, `PS /home/me> `; not prose ("PS: …").
fn powershell_prompt(t: &str) -> Option<usize> {
    let rest = t.strip_prefix("PS")?;
    if !rest.starts_with(['>', ' ']) {
        return None;
    }
    let close = rest.find('>').filter(|&c| c < 200)?;
    let path = rest[..close].trim();
    let is_path = path.is_empty()
        || (!path.contains(' ') || path.contains('\\')) && path.contains(['\\', '/', ':']);
    is_path.then(|| 2 + close + 1 + spaces(&rest[close + 1..]))
}

fn spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t']).len()
}

/// A Markdown quote marker, `> ` or `>` alone; not `curl -v`'s `> GET …` and `> Header: …`,
/// which a quote marker would leave in place (`> > GET` loses one).
fn quote(t: &str) -> Option<usize> {
    let rest = t.strip_prefix("> ")?;
    let first = rest.split_whitespace().next().unwrap_or("");
    let request_line = matches!(first, "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH");
    // A request header curl -v shows (`> Authorization: …`), not git's `remote:` or `fatal:`.
    let name = first.strip_suffix(':').unwrap_or("").to_ascii_lowercase();
    let header = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && (name.contains('-')
            || matches!(
                name.as_str(),
                "host"
                    | "authorization"
                    | "accept"
                    | "cookie"
                    | "connection"
                    | "origin"
                    | "referer"
                    | "expect"
                    | "range"
                    | "date"
                    | "server"
                    | "location"
            ));
    (!request_line && !header).then_some(2)
}

/// A timestamp that leads a log line, with what closes it and the space after it:
/// `2026-01-30T23:09:28.5072345Z`, `2026-01-30 23:09:28,123`, `[2026-01-30T23:09:28.507Z]`,
/// `2026/01/30 23:09:28`, `[12:34:56]`, `12:34:56.789`.
fn timestamp(t: &str) -> Option<usize> {
    let bracket = t.starts_with('[');
    let s = &t[usize::from(bracket)..];
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    // `2026-01-30`, or Go's log's `2026/01/30`.
    let sep = b.get(4).copied().filter(|&c| c == b'-' || c == b'/');
    let mut i = if digits(0, 4) && sep.is_some() && digits(5, 2) && b.get(7).copied() == sep {
        // A date, then a time after `T` or a space.
        if !digits(8, 2) {
            return None;
        }
        match b.get(10) {
            Some(b'T' | b' ') if digits(11, 2) => 11,
            _ => return None,
        }
    } else {
        0
    };
    if !(digits(i, 2) && b.get(i + 2) == Some(&b':') && digits(i + 3, 2)) {
        return None;
    }
    let dated = i > 0;
    i += 5;
    if b.get(i) == Some(&b':') && digits(i + 1, 2) {
        i += 3;
    } else if !dated {
        // `12:34` alone is as likely a ratio or a verse as a time.
        return None;
    }
    // Fractions, a zone: `.5072345Z`, `,123`, `+00:00`.
    while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b',' | b'Z' | b'+' | b':'))
    {
        i += 1;
    }
    if bracket {
        if b.get(i) != Some(&b']') {
            return None;
        }
        i += 1;
    }
    let end = usize::from(bracket) + i;
    // A timestamp leads only when something follows it after a space (or ends the line).
    match t[end..].chars().next() {
        None => Some(end),
        Some(' ' | '\t') => Some(end + spaces(&t[end..])),
        _ => None,
    }
}

/// A logger's or a tool's tag in brackets before its message: `[sync] `, `[main] `, `[INFO] `;
/// not a config's section (`[credential]` alone on its line) nor a Markdown link.
fn tag(t: &str) -> Option<usize> {
    let rest = t.strip_prefix('[')?;
    let close = rest.find(']').filter(|&c| (1..=24).contains(&c))?;
    let name = &rest[..close];
    let named = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/'));
    let after = &rest[close + 1..];
    let n = spaces(after);
    (named && n > 0 && !after.trim().is_empty()).then_some(1 + close + 1 + n)
}

/// BuildKit's step and time: `#12 0.345 `.
fn buildkit(t: &str) -> Option<usize> {
    let rest = t.strip_prefix('#')?;
    let step = rest.bytes().take_while(u8::is_ascii_digit).count();
    let rest = rest[step..].strip_prefix(' ')?;
    let time = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if step == 0 || time == 0 || !rest[time..].starts_with(' ') {
        return None;
    }
    Some(1 + step + 1 + time + 1)
}

/// HTML entities, as text copied from a page's source or an e-mail shows them.
fn entities(text: &str) -> Cow<'_, str> {
    // (memchr's vectorised search: `contains` tests a byte at a time, over every text.)
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    const NAMED: &[(&str, &str)] = &[
        ("&quot;", "\""),
        ("&#34;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&apos;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
        ("&#x2F;", "/"),
        ("&#47;", "/"),
        ("&#96;", "`"),
        // Last: `&amp;lt;` is a literal `&lt;`.
        ("&amp;", "&"),
    ];
    if !NAMED.iter().any(|(e, _)| text.contains(e)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match NAMED.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, plain)) => {
                out.push_str(plain);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A web page's typography: non-breaking and zero-width spaces, curly quotes, and the dash a
/// word processor made of a command's `-` or `--` (`curl –u`, `—header`).
fn typography(text: &str) -> Cow<'_, str> {
    let typographic = |c: char| {
        matches!(
            c,
            '\u{00A0}' | '\u{200B}' | '\u{FEFF}' | '‘' | '’' | '“' | '”' | '–' | '—'
        )
    };
    // Every such character is outside ASCII, and most pastes are ASCII: checked a word at a
    // time first. Else looked for from the bytes they start with (memchr's search), not
    // char by char: those bytes start a character and are never a later byte of one.
    if text.is_ascii()
        || !memchr::memchr3_iter(0xC2, 0xE2, 0xEF, text.as_bytes())
            .any(|at| text[at..].chars().next().is_some_and(typographic))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        match c {
            '\u{00A0}' => out.push(' '),
            '\u{200B}' | '\u{FEFF}' => continue,
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            // An option: the dash starts a word and a letter follows.
            '–' | '—'
                if previous.is_whitespace()
                    && chars.peek().is_some_and(char::is_ascii_alphabetic) =>
            {
                let mut word = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '-' {
                        word.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push_str(if word.len() == 1 { "-" } else { "--" });
                out.push_str(&word);
                previous = 'x';
                continue;
            }
            c => out.push(c),
        }
        previous = c;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The gate of `ran_lines`: a line `ran` answers of holds a `+` or a `PS`, so a text
        /// the gate passes over has only unknown lines (prefixes, traces and prompts drawn
        /// from the pieces `prefix_len` reads, with `+` and `PS` among other bytes).
        #[test]
        fn a_text_without_plus_or_ps_shows_no_run(
            pieces in proptest::collection::vec(
                "(\\+|\\+\\+|PS|P|S|ps|\\$|>|> |>>> |\\.\\.\\. |stderr:|stdout:|\\[Pipeline\\]|npm ERR!|##\\[x\\]|#1 0\\.1|2026-01-30T23:09:28Z|\\[12:00:01\\]|C:\\\\x>|git|-| |\t|\n|\r|é|\u{a0})",
                0..24,
            )
        ) {
            let text: String = pieces.concat();
            if !might_show_a_run(&text) {
                proptest::prop_assert!(super::super::scan::lines(&text).all(|l| ran(l) == Ran::Unknown));
            }
            let old = match super::super::scan::lines(&text).any(|l| ran(l) != Ran::Unknown) {
                true => super::super::scan::lines(&text).map(ran).collect(),
                false => Vec::new(),
            };
            proptest::prop_assert_eq!(ran_lines(&text), old);
        }
    }

    proptest::proptest! {
        /// The gate of `quoted`: a quoted line holds a `>`, so a text without one has none.
        #[test]
        fn a_text_without_a_quote_mark_has_no_quoted_line(
            text in "(>|> |>>|a|é| |\t|\n|\r|\u{a0}|-|:){0,30}",
        ) {
            let is_quote = |l: &str| {
                let t = crate::evidence::trim_start(l);
                t.starts_with(">>") || (t.starts_with("> ") && quote(t).is_some())
            };
            let old: Vec<bool> = match super::super::scan::lines(&text).any(is_quote) {
                true => super::super::scan::lines(&text).map(is_quote).collect(),
                false => Vec::new(),
            };
            proptest::prop_assert_eq!(quoted(&text), old);
        }
    }

    #[test]
    fn the_run_gate_passes_traces_and_prompts() {
        for text in [
            "+ git fetch",
            "x\n++ export A=1",
            "PS C:\\src> git fetch",
            "PS> git push",
        ] {
            assert!(might_show_a_run(text), "{text}");
            assert!(!ran_lines(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_box_s_wrapped_lines_are_joined_in_place() {
        let wrapped = "│ Error: POST\n│ https://api.bitbucket.org/2.0/repositories/bramblecode/ledger-service/branch-restrictions:\n│ 403 Forbidden {\"type\": \"error\", \"error\": {\"message\": \"Your credentials lack\n│ one or more required privilege scopes.\"}}\n│\n│ with bitbucket_branch_restriction.main,\n";
        let out = unwrap_boxes(wrapped);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(
            lines[0],
            "│ Error: POST https://api.bitbucket.org/2.0/repositories/bramblecode/ledger-service/branch-restrictions: 403 Forbidden {\"type\": \"error\", \"error\": {\"message\": \"Your credentials lack one or more required privilege scopes.\"}}"
        );
        // The lines it took stay, bare: line numbers hold.
        assert_eq!(lines.len(), wrapped.split('\n').count());
        assert_eq!(&lines[1..4], ["│", "│", "│"]);
        assert_eq!(lines[5], "│ with bitbucket_branch_restriction.main,");
        // Output lines a diagnostic quotes stay apart; short lines were not wrapped.
        let quoted = "│ exited with 128: Cloning into 'x'...\n│ fatal: unable to access 'https://bitbucket.org/a/b.git/':\n│ SSL certificate problem: self-signed certificate\n";
        let out = unwrap_boxes(quoted);
        assert!(out.contains(
            "\n│ fatal: unable to access 'https://bitbucket.org/a/b.git/': SSL certificate problem"
        ));
        assert!(out.starts_with("│ exited with 128: Cloning into 'x'...\n"));
        let short = "│ Error: Invalid provider\n│ \n│ The provider is not known.\n";
        assert_eq!(unwrap_boxes(short), short);
    }

    #[test]
    fn a_line_s_first_ascii_byte_tells_its_indent() {
        // Every ASCII byte that `prefix_len` takes as no indent is no blank to `trim_start`,
        // and every one it leaves to `trim_start` is one (the six of `char::is_whitespace`).
        for b in 0u8..128 {
            let fast = !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
            assert_eq!(fast, !(b as char).is_whitespace(), "{b:#x}");
            let line = format!("{}x", b as char);
            assert_eq!(fast, line.trim_start().len() == line.len(), "{b:#x}");
        }
    }

    #[test]
    fn a_quote_below_an_attribution_is_someone_elses() {
        let text = "Still failing:\n    $ git fetch\n\nOn Sat, 5 Dec 2026 at 18:02, Kofi <k@a.io> wrote:\n> Use the other name.\n>\n> On Fri, Nina wrote:\n> > $ git clone …\n\nThanks!\n";
        assert_eq!(
            attributed(text),
            [
                false, false, false, false, true, true, false, true, false, false
            ]
        );
        assert_eq!(
            attributed("**@tomas.novak** wrote:\n> remote: …\nmine:\n> x\n"),
            [false, true, false, false]
        );
        // A quote without one is the poster's own way of pasting.
        assert!(attributed("> remote: …\n> fatal: …\n").is_empty());
        // Words that only contain "wrote:" attribute nothing.
        assert!(attributed("I wrote: this\n> remote: …\n").is_empty());
    }

    #[test]
    fn a_forum_quote_and_an_html_comment_are_not_the_posters_own() {
        let text = "[quote=\"kofi, post:3, topic:9\"]\nremote: …\n[/quote]\nmine:\nremote: x\n";
        assert_eq!(attributed(text), [true, true, true, false, false]);
        let text = "<!-- Example:\nremote: …\n-->\nfatal: x\n<!-- one line --> \nok\n";
        assert_eq!(attributed(text), [true, true, true, false, true, false]);
        assert!(attributed("a <- b\n[quoted]\n").is_empty());
    }

    #[test]
    fn markdown_quotes_are_told_from_curls_marks() {
        assert_eq!(
            quoted("> remote: x\n> GET /2.0/user HTTP/1.1\n> Host: a\nplain\n>> deeper\n"),
            [true, false, false, false, true]
        );
        assert!(quoted("> GET /2.0/user HTTP/1.1\n< HTTP/1.1 401\n").is_empty());
    }

    #[test]
    fn a_command_shown_run_is_told_from_a_quote() {
        assert_eq!(
            command(" > git fetch -- https://bitbucket.org/a/b.git # timeout=10"),
            Some("git fetch -- https://bitbucket.org/a/b.git # timeout=10")
        );
        assert_eq!(command("+ git fetch origin"), Some("git fetch origin"));
        assert_eq!(command("$ git push"), Some("git push"));
        // A quoted sentence, a quoted header, git's output: no command.
        assert_eq!(command("> I ran git fetch and it hangs"), None);
        assert_eq!(command("> Authorization: Basic ***"), None);
        assert_eq!(command("remote: Invalid credentials"), None);
    }

    #[test]
    fn strips_what_runners_and_loggers_put_before_a_line() {
        let cases = [
            (
                "stderr: remote: Invalid credentials",
                "remote: Invalid credentials",
            ),
            (
                "2026-01-30T23:09:28.5072345Z fatal: Authentication failed",
                "fatal: Authentication failed",
            ),
            ("2026-01-30 23:09:28,123 ERROR x", "ERROR x"),
            (
                "2026/12/07 10:14:22 DEBUG response 401",
                "DEBUG response 401",
            ),
            (">>> r = requests.get(u)", "r = requests.get(u)"),
            ("...     auth=(user, token))", "auth=(user, token))"),
            ("[2026-01-30T23:09:28.507Z] stderr: remote: x", "remote: x"),
            ("[12:34:56] git fetch", "git fetch"),
            ("#12 0.345 fatal: could not read", "fatal: could not read"),
            ("[Pipeline] sh", "sh"),
            (
                "npm ERR! remote: Invalid credentials",
                "remote: Invalid credentials",
            ),
            (
                "npm error fatal: Authentication failed",
                "fatal: Authentication failed",
            ),
            ("+ curl -u a:b https://x", "curl -u a:b https://x"),
            ("##[error]Process completed", "Process completed"),
            ("> I get a 401", "I get a 401"),
            ("PS C:\\build> $b64 = 1", "$b64 = 1"),
            ("PS> Invoke-RestMethod -Uri x", "Invoke-RestMethod -Uri x"),
            ("PS /home/me> irm x", "irm x"),
            (
                "C:\\Users\\roman>curl -u a:b https://x",
                "curl -u a:b https://x",
            ),
            ("D:\\>git fetch", "git fetch"),
            ("C:\\Program Files\\Git> git fetch", "git fetch"),
            (
                "> remote: Invalid credentials",
                "remote: Invalid credentials",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(normalize(line), want, "{line:?}");
        }
        // A drive's path that leads to no command, or a redirect after one, is no prompt.
        for line in [
            "C:\\temp> <- there",
            "C:\\x.txt",
            "C:\\tools\\run.exe --out a >log.txt",
        ] {
            assert_eq!(normalize(line), line, "{line:?}");
        }
        assert_eq!(
            command("C:\\Users\\roman>curl https://x"),
            Some("curl https://x")
        );
    }

    #[test]
    fn a_logger_s_lead_repeated_on_a_run_of_lines_is_removed() {
        let tf = "2026-12-07T09:31:05.812Z [DEBUG] provider.terraform-provider-bitbucket: ";
        let logcat = "2026-12-07 09:41:10.224 12811-12866 okhttp.OkHttpClient     I  ";
        for lead in [tf, logcat] {
            let text = format!("{lead}Authorization: Bearer x\n{lead}HTTP/2.0 401 Unauthorized\n");
            assert_eq!(
                normalize(&text),
                "Authorization: Bearer x\nHTTP/2.0 401 Unauthorized\n"
            );
        }
        // Once, it may name what the line is about; a level alone, or git's `remote:`, stays.
        for text in [
            "[DEBUG] provider.bitbucket: Authorization: Bearer x\nnext line\n",
            "ERROR: Repository not found.\nERROR: Repository not found.\n",
            "remote: ERROR: x\nremote: ERROR: y\n",
        ] {
            assert_eq!(normalize(text), text, "{text:?}");
        }
    }

    #[test]
    fn a_log_entrys_lead_is_measured_not_removed() {
        for (line, lead) in [
            ("[sync] Authorization: Bearer x", "[sync] "),
            ("[main] DEBUG Authorization: x", "[main] DEBUG "),
            ("WARN: retrying", "WARN: "),
            ("[credential]", ""),
            ("[the docs](https://x) say so", ""),
            ("[1]: https://x", ""),
            ("INFORMATION", ""),
        ] {
            assert_eq!(&line[..log_lead(line)], lead, "{line:?}");
        }
    }

    #[test]
    fn leaves_what_is_content() {
        for line in [
            "> GET /2.0/user HTTP/1.1",
            "> Authorization: Bearer x",
            "< HTTP/1.1 401 Unauthorized",
            "remote: Invalid credentials",
            "12:34 is not a time stamp here",
            "2026-01-30 was the day",
            "#1 issue",
            "+1 for this",
            "C++ client",
            "a & b",
            "PS: I also tried the app password",
            "PS I tried it > 3 times",
            "[sync] Authorization: Bearer x",
            "[app-3] Host key verification failed.",
        ] {
            assert_eq!(normalize(line), line, "{line:?}");
        }
        // A quoted curl -v line loses the quote only.
        assert_eq!(
            normalize("> > GET /2.0/user HTTP/1.1"),
            "> GET /2.0/user HTTP/1.1"
        );
    }

    #[test]
    fn undoes_crlf_entities_and_typography() {
        assert_eq!(normalize("a\r\nb\r\n"), "a\nb\n");
        assert_eq!(
            normalize("curl -H &quot;Authorization: Bearer x&quot; https://a?x=1&amp;y=2"),
            "curl -H \"Authorization: Bearer x\" https://a?x=1&y=2"
        );
        assert_eq!(
            normalize("curl –u “me@x.com:tok” —header x\u{00A0}y"),
            "curl -u \"me@x.com:tok\" --header x y"
        );
        // Lines stay lines.
        let text = "2026-01-30T23:09:28Z one\r\n\r\n+ two\n";
        assert_eq!(normalize(text).lines().count(), text.lines().count());
    }
}

#[cfg(test)]
mod gutter_tests {
    use super::strip_gutter;

    #[test]
    fn a_viewer_s_line_numbers_go_a_code_frame_s_stay() {
        let viewed = "  7 | $ git push\n  8 | remote: App passwords are deprecated\n  9 │ fatal: unable to access\n 10 | \n 11 | done\n";
        assert_eq!(
            strip_gutter(viewed),
            "$ git push\nremote: App passwords are deprecated\nfatal: unable to access\n\ndone\n"
        );
        // A test runner's frame inside a longer paste, and numbers that do not count up.
        let frame = "FAIL src/api.test.ts\n  ● fetches\n\n    41 |   nock(base)\n    42 |     .get('/2.0/user')\n  > 43 |     .reply(401)\n    44 | \n    45 |   await x\n\n  at Object.<anonymous>\nTests: 1 failed\n";
        assert_eq!(strip_gutter(frame), frame);
        let table = "1 | a\n3 | b\n4 | c\n9 | d\n10 | e\n";
        assert_eq!(strip_gutter(table), table);
        // `N: ` and bare numbers; a short text counts from 1 (a status is no line number).
        assert_eq!(
            strip_gutter("   1: $ git push\n   2: fatal: x\n"),
            "$ git push\nfatal: x\n"
        );
        assert_eq!(
            strip_gutter("7 remote: a\n8 remote: b\n9 c\n10 d\n11 e\n"),
            "remote: a\nremote: b\nc\nd\ne\n"
        );
        assert_eq!(strip_gutter("404: Not Found\n"), "404: Not Found\n");
    }

    #[test]
    fn a_mark_down_the_left_of_every_line_goes_a_table_s_bars_stay() {
        use super::strip_shared_lead;
        for (lead, want) in [
            ("| ", "git push\n\nfatal: x\n"),
            ("app-1  | ", "git push\n\nfatal: x\n"),
            ("[pod/app-7d9f/app] ", "git push\n\nfatal: x\n"),
            ("• ", "git push\n\nfatal: x\n"),
        ] {
            let text = format!("{lead}git push\n{}\n{lead}fatal: x\n", lead.trim_end());
            assert_eq!(strip_shared_lead(&text), want, "{lead:?}");
        }
        let table = "| id | scope |\n|----|-------|\n| a | read |\n";
        assert_eq!(strip_shared_lead(table), table);
        // Tags that differ from line to line are a log's levels, read where they stand.
        let log = "[INFO] a\n[ERROR] b\n[INFO] c\n[WARN] d\n";
        assert_eq!(strip_shared_lead(log), log);
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::{strip_colors, unwrap_lines};

    #[test]
    fn a_terminal_s_colours_go_with_or_without_their_escape() {
        let raw = "\x1b[0;90mremote: Invalid credentials\x1b[0m\x1b[K\n\x1b]8;;https://x\x07link\x1b]8;;\x07\n";
        assert_eq!(strip_colors(raw), "remote: Invalid credentials\nlink\n");
        let lost = "[38;5;226mremote: You are using an app password[0m\n";
        assert_eq!(
            strip_colors(lost),
            "remote: You are using an app password\n"
        );
        // One bracketed number is text, not a colour whose escape was lost.
        let text = "see [1m] and [2]\n";
        assert_eq!(strip_colors(text), text);
    }

    #[test]
    fn a_text_wrapped_at_80_columns_is_joined_again() {
        let wrapped = "I run the clone from the build agent and it fails every time, with this:\n\
fatal: unable to access\n\
'https://bitbucket.org/acme/very-long-repository-name-for-the-billing-service.git/':\n\
The requested URL returned error: 503 and the next attempt gives the same error\n\
again, so it is not a blip. The agent reaches github.com without any trouble at\n\
all.\n";
        let out = unwrap_lines(wrapped);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines.len(), wrapped.split('\n').count(), "{out}");
        assert_eq!(
            lines[1],
            "fatal: unable to access 'https://bitbucket.org/acme/very-long-repository-name-for-the-billing-service.git/': The requested URL returned error: 503 and the next attempt gives the same error again, so it is not a blip. The agent reaches github.com without any trouble at all."
        );
        assert!(lines[2..].iter().all(|l| l.is_empty()), "{out}");
    }

    #[test]
    fn lines_that_were_always_apart_stay_apart() {
        // A log's lines, each starting as the one before did; a command and its output;
        // headers under a request line; a text with lines past 100 columns.
        for text in [
            "2026-04-08 14:09:01 http2: Transport encoding header \":authority\" = \"api.bitbucket.org\"\n2026-04-08 14:09:01 http2: Transport encoding header \":method\" = \"GET\" and more\n2026-04-08 14:09:01 http2: decoded hpack field header field \"server\" = \"AtlassianEdge\"\n",
            "$ curl -s -u \"pat@example.com:ATATT3xFfGF0…\" https://api.bitbucket.org/2.0/user\nLogin failed due to incorrect login credentials or method.\nFor information on authentication methods for Bitbucket Cloud APIs, visit:\n    https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication\nIf you are unsure of which login details or login method to use, visit:\n",
            "GET /2.0/repositories/vanterra/claims-ui/commits/main?pagelen=30 HTTP/1.1\nAuthorization: Basic dmFudGVycmEtc3luYzpBVEFUVDN4RmZHRjAqKioqKioqKioqKioqKioq\nHost: api.bitbucket.org\n\nHTTP/1.1 401 Unauthorized\nLogin failed due to incorrect login credentials or method.\n",
            "short\nlines\n",
        ] {
            assert_eq!(unwrap_lines(text), text);
        }
    }
}

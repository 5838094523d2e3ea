//! Where the readers' markers stand in one report. The scanner offers each line to a dozen
//! readers, and most of them begin by searching the line for a phrase of their own table
//! (a network error's words, a Bitbucket message, a claim's cue); most lines hold none, so
//! that search was most of explain's time (docs/benchmarks.md). Here one Aho-Corasick
//! automaton holds every such table's phrases and reads the whole lower-case report once;
//! the scanner then runs a reader on a stretch only when one of its markers stands there.
//!
//! A gate only skips work: a reader whose table has no phrase in its stretch would have
//! returned at its first search, so what explain concludes is the same.

use super::phrases::Row;
use std::cell::Cell;
use std::ops::Range;
use std::sync::OnceLock;

/// A reader's table of markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// [`super::network`]'s failure phrases.
    Network,
    /// Bitbucket's messages ([`super::body::known_in`]).
    Messages,
    /// A tool's words for a status, without a number ([`super::body::status_in`]).
    Worded,
    /// HTTP methods, in upper case as written ([`super::http::logged_request`]).
    Methods,
    /// The fields of a request described in words ([`super::postman`]).
    Fields,
    /// The cues of the prose claims ([`super::claims`]).
    Cues,
    /// What an ssh transcript holds at least one of, as written ([`crate::ssh::read`]).
    Ssh,
    /// The names of the programs a command in a line runs ([`super::scan`]'s `find_command`).
    Programs,
    /// What a transcript's first line holds, as written: a status line starts with it, a
    /// request line's version does ([`super::http::transcript`]).
    HttpVersion,
    /// A header line's name, in any case ([`super::http::authorization_line`]).
    Authorization,
    /// What data a command printed holds one of, as written ([`super::printed`]).
    Printed,
    /// Bitbucket's name, in any case: whether the text names it at all.
    Named,
    /// The words that let a line through the code reader's gate, in any case
    /// ([`super::code`]'s `may_be_code`): an `auth`orization, a cmdlet's `Invoke-`.
    CodeWords,
    /// git's `fatal: ` and go-git's statuses, in any case ([`super::git::starts_output`]).
    GitFatal,
}

const TABLES: [Table; 14] = [
    Table::Network,
    Table::Messages,
    Table::Worded,
    Table::Methods,
    Table::Fields,
    Table::Cues,
    Table::Ssh,
    Table::Programs,
    Table::HttpVersion,
    Table::Authorization,
    Table::Printed,
    Table::Named,
    Table::CodeWords,
    Table::GitFatal,
];

impl Table {
    /// The table's bit in a hit's set of tables.
    fn bit(self) -> u16 {
        1 << self as u16
    }

    /// The table's phrases, and whether they match as written (else in lower case, against
    /// the lower-case text).
    fn phrases(self) -> (Vec<&'static str>, bool) {
        fn rows<T: Row>(table: &'static [T]) -> Vec<&'static str> {
            table.iter().map(Row::phrase).collect()
        }
        match self {
            Table::Network => (rows(&super::network::PHRASES), false),
            Table::Messages => (rows(crate::bitbucket::MESSAGES), false),
            Table::Worded => (rows(&super::body::WORDED), false),
            Table::Methods => (super::http::METHODS.to_vec(), true),
            Table::Fields => (super::postman::FIELDS.to_vec(), false),
            Table::Cues => (super::claims::cue_phrases(), false),
            Table::Ssh => (crate::ssh::GATE.to_vec(), true),
            // `find_command` takes `git` as written, the others in any case: any case here
            // marks a superset, which is all a gate needs.
            Table::Programs => {
                let mut names: Vec<&str> = super::curl::NAMES.iter().map(|(n, _)| *n).collect();
                names.push("git");
                names.extend(super::flags::PROGRAMS);
                (names, false)
            }
            Table::HttpVersion => (vec!["HTTP/"], true),
            Table::Authorization => (vec!["authorization"], false),
            Table::Printed => (super::printed::CUES.to_vec(), true),
            Table::Named => (vec!["bitbucket"], false),
            Table::CodeWords => (super::code::GATE_WORDS.to_vec(), false),
            Table::GitFatal => (super::git::FATAL_MARKERS.to_vec(), false),
        }
    }
}

/// How much of each phrase the automaton holds: the rest is compared where a prefix stands.
/// A DFA of the whole phrases cost 31 M instructions to build (10 ms, paid by every run,
/// one report or many); of their first bytes, a few; and few places start a prefix.
const PREFIX: usize = 8;

/// Every table's phrases in one automaton over lower-case text, each distinct phrase once.
struct Automaton {
    /// The phrases' prefixes, each distinct one once. Read with a loop of our own
    /// ([`Marks::new`]): every occurrence of every phrase is wanted, and the library's
    /// overlapping iterator costs several times more a byte.
    dfa: aho_corasick::dfa::DFA,
    /// For each prefix: its length, and where the phrases that start with it stand in
    /// `entries` (what the reading loop needs of each, side by side).
    prefix_entries: Vec<(u32, u32, u32)>,
    entries: Vec<Entry>,
    /// For each phrase: the rows that hold it, in table order.
    owners: Vec<Vec<Owner>>,
}

/// A phrase as the reading loop needs it where its prefix stands.
#[derive(Clone, Copy, Debug)]
struct Entry {
    phrase: u32,
    /// What follows the prefix (empty for most phrases), lower case.
    rest: &'static [u8],
    /// The tables it marks wherever it stands (bit `Table as u16`), and whether a table holds
    /// it as written (to be checked where it stands).
    any_case: u16,
    spelled: bool,
}

/// A row of a table that holds a phrase.
#[derive(Clone, Copy, Debug)]
struct Owner {
    table: Table,
    row: usize,
    /// As written, for a table matched so: the text must hold these very bytes.
    spelled: Option<&'static str>,
}

impl Automaton {
    fn get() -> &'static Automaton {
        static AUTOMATON: OnceLock<Automaton> = OnceLock::new();
        AUTOMATON.get_or_init(|| {
            let mut patterns: Vec<String> = Vec::new();
            let mut owners: Vec<Vec<Owner>> = Vec::new();
            for table in TABLES {
                let (phrases, as_written) = table.phrases();
                for (row, phrase) in phrases.into_iter().enumerate() {
                    assert!(!phrase.is_empty(), "an empty marker would mark every line");
                    let key = phrase.to_ascii_lowercase();
                    let i = match patterns.iter().position(|p| *p == key) {
                        Some(i) => i,
                        None => {
                            patterns.push(key);
                            owners.push(Vec::new());
                            patterns.len() - 1
                        }
                    };
                    // A lower-case table's phrase with an upper-case letter never matches
                    // lower-case text: it marks nothing, as its own search finds nothing.
                    if as_written || phrase == patterns[i] {
                        owners[i].push(Owner {
                            table,
                            row,
                            spelled: as_written.then_some(phrase),
                        });
                    }
                }
            }
            let mut prefixes: Vec<&[u8]> = Vec::new();
            let mut phrases_of: Vec<Vec<u32>> = Vec::new();
            for (i, p) in patterns.iter().enumerate() {
                let prefix = &p.as_bytes()[..p.len().min(PREFIX)];
                match prefixes.iter().position(|q| *q == prefix) {
                    Some(k) => phrases_of[k].push(i as u32),
                    None => {
                        prefixes.push(prefix);
                        phrases_of.push(vec![i as u32]);
                    }
                }
            }
            let any_case: Vec<u16> = owners
                .iter()
                .map(|o| {
                    o.iter()
                        .filter(|o| o.spelled.is_none())
                        .fold(0, |m, o| m | o.table.bit())
                })
                .collect();
            let spelled: Vec<bool> = owners
                .iter()
                .map(|o| o.iter().any(|o| o.spelled.is_some()))
                .collect();
            // Each phrase's rest after its prefix, kept for the process (the automaton is).
            let phrases: &'static [String] = Vec::leak(patterns.clone());
            let mut entries = Vec::new();
            let mut prefix_entries = Vec::new();
            for (prefix, of) in prefixes.iter().zip(&phrases_of) {
                let from = entries.len() as u32;
                entries.extend(of.iter().map(|&p| Entry {
                    phrase: p,
                    rest: &phrases[p as usize].as_bytes()[prefix.len()..],
                    any_case: any_case[p as usize],
                    spelled: spelled[p as usize],
                }));
                prefix_entries.push((prefix.len() as u32, from, entries.len() as u32));
            }
            Automaton {
                prefix_entries,
                entries,
                // A DFA: the fastest to read every report with. No prefilter: the start state
                // stays ordinary, so the loop's one test a byte is whether the state is a
                // match.
                dfa: aho_corasick::dfa::DFA::builder()
                    .prefilter(false)
                    .build(&prefixes)
                    .expect("markers are plain strings"),
                owners,
            }
        })
    }
}

/// One phrase found in the report: where, and which.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: u32,
    end: u32,
    phrase: u32,
    /// The tables it marks here (bit `Table as u16`), its spelling as written checked once:
    /// most hits belong to none of the table a reader asks about.
    tables: u16,
}

/// The markers of one report.
pub struct Marks<'a> {
    text: &'a str,
    /// Every occurrence of every phrase (overlapping ones too), ordered by where it ends.
    hits: Vec<Hit>,
    /// The line the scanner reads ([`Marks::focus`]): its bounds and the tables whose phrases
    /// stand wholly within it. A question about a stretch of that line for a table the line
    /// has no phrase of is answered at once: the stretch holds none either.
    line: Cell<(usize, usize, u16)>,
}

/// From `from` on, the first byte of `bytes` after which the DFA (in state `sid` before it)
/// is in a match state: where, and that state. A loop of its own, without calls: the
/// automaton's tables stay in registers for the bytes between matches (most of them), where
/// the reading loop with its pushes and comparisons reloaded them for every byte.
#[inline(always)]
fn next_match(
    dfa: &aho_corasick::dfa::DFA,
    bytes: &[u8],
    from: usize,
    mut sid: aho_corasick::automaton::StateID,
) -> Option<(usize, aho_corasick::automaton::StateID)> {
    use aho_corasick::Anchored;
    use aho_corasick::automaton::Automaton as _;
    for (i, &b) in bytes[from..].iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, b);
        if dfa.is_special(sid) && dfa.is_match(sid) {
            return Some((from + i, sid));
        }
    }
    None
}

impl<'a> Marks<'a> {
    /// Read `text` (with `lower`, its ASCII lower-case copy: the same offsets) once.
    pub fn new(text: &'a str, lower: &str) -> Marks<'a> {
        debug_assert_eq!(text.len(), lower.len());
        use aho_corasick::Anchored;
        use aho_corasick::automaton::Automaton as _;
        let a = Automaton::get();
        let dfa = &a.dfa;
        // Sized for a hit every eight bytes (a report's usual share), not grown from empty.
        let mut hits: Vec<Hit> = Vec::with_capacity(lower.len() / 8);
        let mut sid = dfa
            .start_state(Anchored::No)
            .expect("the DFA searches unanchored");
        let bytes = lower.as_bytes();
        let mut next = 0;
        // Every prefix that ends at `i`, as an overlapping search reports them: the phrases
        // that start with it and stand there whole.
        while let Some((i, matched)) = next_match(dfa, bytes, next, sid) {
            sid = matched;
            next = i + 1;
            for k in 0..dfa.match_len(sid) {
                let prefix = dfa.match_pattern(sid, k);
                let (length, from, to) = a.prefix_entries[prefix.as_usize()];
                let (start, end) = (i + 1 - length as usize, i + 1);
                for e in &a.entries[from as usize..to as usize] {
                    // What follows the prefix (nothing, for most phrases: not compared).
                    let rest = e.rest;
                    if !rest.is_empty() && !lower.as_bytes()[end..].starts_with(rest) {
                        continue;
                    }
                    let end = end + rest.len();
                    let (phrase, p) = (e.phrase, e.phrase as usize);
                    let mut tables = e.any_case;
                    if e.spelled {
                        tables |= a.owners[p]
                            .iter()
                            .filter(|o| o.spelled.is_some_and(|s| text.get(start..end) == Some(s)))
                            .fold(0, |m, o| m | o.table.bit());
                    }
                    // A phrase that marks no table here (`get` in prose, which only
                    // `Methods` holds, as written `GET`): every question asks for a
                    // table, so it answers none, and kept it is sorted and stepped over.
                    if tables == 0 {
                        continue;
                    }
                    hits.push(Hit {
                        start: start as u32,
                        end: end as u32,
                        phrase,
                        tables,
                    });
                }
            }
        }
        // Found by where their prefixes end: ordered by where they end, as `within`'s search
        // needs (no two phrases start and end together: each distinct phrase is one).
        hits.sort_by_key(|h| (h.end, h.start));
        Marks {
            text,
            hits,
            line: Cell::new((0, 0, 0)),
        }
    }

    /// The tables whose phrases stand wholly within `range`, one bit each (`Table as u16`).
    fn tables_within(&self, range: Range<usize>) -> u16 {
        let first = self.hits.partition_point(|h| h.end as usize <= range.start);
        self.hits[first..]
            .iter()
            .take_while(|h| h.end as usize <= range.end)
            .filter(|h| h.start as usize >= range.start)
            .fold(0, |m, h| m | h.tables)
    }

    /// Take `line` as the stretch the next questions are about (the line a scanner's step
    /// reads): its tables are found once, and a question about a stretch within it for a table
    /// it has no phrase of answers without a search. Questions about other stretches are
    /// answered as before.
    pub fn focus(&self, line: Range<usize>) {
        // The rest of the line in focus (a step that starts after a command on it): the whole
        // line's tables hold for it, a superset's, so a long line is not summed once a step.
        let (start, end, _) = self.line.get();
        if start <= line.start && line.end == end && start < end {
            return;
        }
        let tables = self.tables_within(line.clone());
        self.line.set((line.start, line.end, tables));
    }

    /// Whether no phrase of `table` can stand within `range`: it lies in the focused line, and
    /// the line holds none.
    fn absent(&self, table: Table, range: &Range<usize>) -> bool {
        let (start, end, tables) = self.line.get();
        start <= range.start && range.end <= end && tables & table.bit() == 0
    }

    /// Whether a phrase of `table` stands wholly within `range` of the text.
    pub fn within(&self, table: Table, range: Range<usize>) -> bool {
        if self.absent(table, &range) {
            return false;
        }
        let bit = table.bit();
        let first = self.hits.partition_point(|h| h.end as usize <= range.start);
        for h in &self.hits[first..] {
            if h.end as usize > range.end {
                return false;
            }
            if h.tables & bit != 0 && h.start as usize >= range.start {
                return true;
            }
        }
        false
    }

    /// The first row of `table`, in table order, whose phrase stands wholly within `range`:
    /// what [`super::phrases::Phrases::first_in`] answers of the stretch.
    pub fn first_row(&self, table: Table, range: Range<usize>) -> Option<usize> {
        self.rows_within(table, range).map(|(_, row)| row).min()
    }

    /// The rows of `table` whose phrases stand wholly within `range`: where each starts (from
    /// the range's start) and its row, in the order a search of the stretch alone reports
    /// them (by where they end, the longer first, rows in table order).
    pub fn rows_within(
        &self,
        table: Table,
        range: Range<usize>,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let owners = &Automaton::get().owners;
        let Range {
            start: from,
            end: to,
        } = range;
        // A hit ending at or before the range's start cannot start inside it; none, when the
        // focused line holds no phrase of the table.
        let first = match self.absent(table, &(from..to)) {
            true => self.hits.len(),
            false => self.hits.partition_point(|h| h.end as usize <= from),
        };
        let bit = table.bit();
        self.hits[first..]
            .iter()
            .take_while(move |h| h.end as usize <= to)
            .filter(move |h| h.tables & bit != 0 && h.start as usize >= from)
            .flat_map(move |h| {
                let (start, end) = (h.start as usize, h.end as usize);
                owners[h.phrase as usize]
                    .iter()
                    .filter(move |o| {
                        o.table == table
                            && o.spelled
                                .is_none_or(|s| self.text.get(start..end) == Some(s))
                    })
                    .map(move |o| (start - from, o.row))
            })
    }

    /// [`Marks::rows_within`] pushed onto `out`, by a loop of its own: the scanner asks it of
    /// every stretch of prose, and the iterator's adapters cost more than the pushes.
    pub fn extend_rows_within(
        &self,
        table: Table,
        range: Range<usize>,
        out: &mut Vec<(usize, usize)>,
    ) {
        let Range {
            start: from,
            end: to,
        } = range;
        if self.absent(table, &(from..to)) {
            return;
        }
        let owners = &Automaton::get().owners;
        let bit = table.bit();
        let first = self.hits.partition_point(|h| h.end as usize <= from);
        for h in &self.hits[first..] {
            if h.end as usize > to {
                break;
            }
            if h.tables & bit == 0 || (h.start as usize) < from {
                continue;
            }
            let (start, end) = (h.start as usize, h.end as usize);
            for o in &owners[h.phrase as usize] {
                if o.table == table
                    && o.spelled
                        .is_none_or(|s| self.text.get(start..end) == Some(s))
                {
                    out.push((start - from, o.row));
                }
            }
        }
    }

    /// Where the phrases of `table` that stand wholly within `range` start and end (from the
    /// range's start), by where they end.
    pub fn spans_within(
        &self,
        table: Table,
        range: Range<usize>,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let Range {
            start: from,
            end: to,
        } = range;
        let first = match self.absent(table, &(from..to)) {
            true => self.hits.len(),
            false => self.hits.partition_point(|h| h.end as usize <= from),
        };
        let bit = table.bit();
        self.hits[first..]
            .iter()
            .take_while(move |h| h.end as usize <= to)
            .filter(move |h| h.tables & bit != 0 && h.start as usize >= from)
            .map(move |h| (h.start as usize - from, h.end as usize - from))
    }

    /// The lines (from 0) on which a phrase of `table` starts, in order, each once.
    pub fn lines_with(&self, table: Table) -> Vec<usize> {
        let bit = table.bit();
        let mut starts: Vec<usize> = self
            .hits
            .iter()
            .filter(|h| h.tables & bit != 0)
            .map(|h| h.start as usize)
            .collect();
        starts.sort_unstable();
        let mut lines = Vec::with_capacity(starts.len());
        let (mut line, mut counted) = (0, 0);
        for start in starts {
            line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[counted..start]).count();
            counted = start;
            if lines.last() != Some(&line) {
                lines.push(line);
            }
        }
        lines
    }

    /// Whether a phrase of `table` stands anywhere in the text.
    pub fn anywhere(&self, table: Table) -> bool {
        self.within(table, 0..self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the readers' own searches answer: a phrase of the table in the stretch.
    fn naive(table: Table, text: &str, range: Range<usize>) -> bool {
        let (phrases, as_written) = table.phrases();
        let stretch = &text[range];
        let lower = stretch.to_ascii_lowercase();
        phrases.iter().any(|p| match as_written {
            true => stretch.contains(p),
            false => lower.contains(p),
        })
    }

    fn check(text: &str) {
        let lower = text.to_ascii_lowercase();
        let marks = Marks::new(text, &lower);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for table in TABLES {
            assert_eq!(
                marks.anywhere(table),
                naive(table, text, 0..text.len()),
                "{table:?} in {text:?}"
            );
            for (n, &s) in bounds.iter().enumerate() {
                for &e in &bounds[n..] {
                    assert_eq!(
                        marks.within(table, s..e),
                        naive(table, text, s..e),
                        "{table:?} in {:?}",
                        &text[s..e]
                    );
                }
            }
        }
    }

    /// With a line focused ([`Marks::focus`]), every answer about a stretch, within the line
    /// or not, is still what the readers' own searches give.
    fn check_focused(text: &str) {
        let lower = text.to_ascii_lowercase();
        let marks = Marks::new(text, &lower);
        // Never focused: a search of its hits for every question.
        let unfocused = Marks::new(text, &lower);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Each line, from its start and from a point within it (a step after a command).
        let mut lines = Vec::new();
        let mut at = 0;
        for l in text.split('\n') {
            lines.push(at..at + l.len());
            if let Some(mid) = bounds.iter().find(|&&b| b > at && b < at + l.len()) {
                lines.push(*mid..at + l.len());
            }
            at += l.len() + 1;
        }
        for line in lines {
            marks.focus(line.clone());
            for table in TABLES {
                for (n, &s) in bounds.iter().enumerate() {
                    for &e in &bounds[n..] {
                        let naive_rows: Vec<usize> =
                            unfocused.rows_within(table, s..e).map(|(_, r)| r).collect();
                        assert_eq!(
                            marks.within(table, s..e),
                            naive(table, text, s..e),
                            "{table:?} in {:?}, line {line:?}",
                            &text[s..e]
                        );
                        let rows: Vec<usize> =
                            marks.rows_within(table, s..e).map(|(_, r)| r).collect();
                        assert_eq!(rows, naive_rows, "{table:?} rows in {:?}", &text[s..e]);
                        let mut pushed = vec![(usize::MAX, 0)];
                        marks.extend_rows_within(table, s..e, &mut pushed);
                        let iterated: Vec<(usize, usize)> = std::iter::once((usize::MAX, 0))
                            .chain(marks.rows_within(table, s..e))
                            .collect();
                        assert_eq!(pushed, iterated, "{table:?} pushed in {:?}", &text[s..e]);
                    }
                }
            }
        }
    }

    #[test]
    fn marks_what_each_table_finds() {
        check("curl: (6) Could not resolve host: api.bitbucket.org");
        check("--> GET https://api.bitbucket.org/2.0/user 401");
        // As written: `get` in prose is no method, `HostKey` is no `hostkey`.
        check("I get a 401, forget it; hostkey HostKey");
        check("Username = a@b.c, password: x, Token");
        check("Authentication failed; timed out; TIMED OUT");
        check("");
        check("é ssh é");
    }

    #[test]
    fn a_phrase_in_several_tables_marks_each() {
        // "http" is a field and within phrases of other tables; "proxy" a cue and within a
        // network phrase.
        let text = "http proxy connect";
        let marks = Marks::new(text, text);
        assert!(marks.anywhere(Table::Fields));
        assert!(marks.anywhere(Table::Network));
        assert!(marks.anywhere(Table::Cues));
        assert!(!marks.within(Table::Network, 0..text.len() - 1));
        assert!(marks.within(Table::Fields, 0..4));
        assert!(!marks.within(Table::Fields, 1..text.len()));
    }

    proptest! {
        #[test]
        fn same_as_searching_the_stretch(
            text in "(GET|get|Post|ssh|SSH|deploy|http|proxy|connect| |timed out|401|email|@|username|\n|é|x){0,10}"
        ) {
            check(&text);
        }

        #[test]
        fn a_focused_line_answers_as_searching(
            text in "(GET|get|ssh|deploy|http|proxy|timed out|401|email|@|username|authorization|\n|é|x| ){0,10}"
        ) {
            check_focused(&text);
        }
    }
}

//! Phrase tables, compiled once. The parsers ask of every line of a post which phrases of a
//! table it holds. `str::contains` once per phrase reads the line once per phrase and sets up a
//! searcher each time (`StrSearcher::new` was the top entry of explain's profile, see
//! docs/benchmarks.md). A [`Phrases`] compiles its table into one Aho-Corasick automaton the
//! first time it is used, then reads a line once for the whole table.

use std::sync::OnceLock;

/// A table of lower-case phrases, or of rows each led by one, matched as substrings: the same
/// answers as `contains` per phrase, in table order.
pub struct Phrases<T: Row = &'static str> {
    rows: &'static [T],
    automaton: OnceLock<aho_corasick::AhoCorasick>,
}

/// A row of a phrase table: a phrase, or a phrase and what it means.
pub trait Row: 'static {
    fn phrase(&self) -> &'static str;
}

impl Row for &'static str {
    fn phrase(&self) -> &'static str {
        self
    }
}

impl<T: 'static> Row for (&'static str, T) {
    fn phrase(&self) -> &'static str {
        self.0
    }
}

/// A table still reads as the slice of its rows (`TABLE.iter()`, `TABLE.len()`), as it did when
/// it was a `const`; only `first_in` and `all_in` use the index.
impl<T: Row> std::ops::Deref for Phrases<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.rows
    }
}

/// Rows of one table found in a text, as a bit set: bit `i` for row `i`.
type Found = u128;

impl<T: Row> Phrases<T> {
    pub const fn new(rows: &'static [T]) -> Phrases<T> {
        Phrases {
            rows,
            automaton: OnceLock::new(),
        }
    }

    /// The first row, in table order, whose phrase occurs in `text`.
    pub fn first_in(&self, text: &str) -> Option<&'static T> {
        self.all_in(text).next()
    }

    /// Every row whose phrase occurs in `text`, in table order.
    pub fn all_in(&self, text: &str) -> impl Iterator<Item = &'static T> + use<T> {
        let found = self.scan(text);
        let rows = self.rows;
        (0..rows.len())
            .filter(move |&i| found & (1 << i) != 0)
            .map(move |i| &rows[i])
    }

    /// One pass over `text` for the whole table: a leftmost-first search, whose prefilter
    /// (vectorised) skips to where a phrase may start, then every row tried where a match
    /// starts. The search goes on from the byte after, so that a phrase inside another's
    /// match, or starting where another does, is found too. An overlapping search stepped
    /// the automaton at every byte, several times the cost.
    fn scan(&self, text: &str) -> Found {
        let bytes = text.as_bytes();
        let mut found = 0;
        let mut from = 0;
        while let Some(m) = self
            .automaton()
            .find(aho_corasick::Input::new(bytes).range(from..))
        {
            let start = m.start();
            for (i, row) in self.rows.iter().enumerate() {
                if bytes[start..].starts_with(row.phrase().as_bytes()) {
                    found |= 1 << i;
                }
            }
            from = start + 1;
        }
        found
    }

    fn automaton(&self) -> &aho_corasick::AhoCorasick {
        self.automaton.get_or_init(|| {
            assert!(
                self.rows.len() <= Found::BITS as usize,
                "a phrase table holds at most {} rows",
                Found::BITS
            );
            assert!(
                self.rows.iter().all(|r| !r.phrase().is_empty()),
                "an empty phrase would match every line"
            );
            // A contiguous NFA: cheap to build, and the scanner asks a table only of the
            // lines its markers show one of its phrases in (`marks`), so search speed matters
            // little here.
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(self.rows.iter().map(|r| r.phrase()))
                .expect("phrases are plain strings")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static WORDS: Phrases = Phrases::new(&["two-step", "2fa", "two step", "step", "é", " ok"]);
    static KEYED: Phrases<(&str, u16)> =
        Phrases::new(&[("refused", 401), ("rate limited", 429), ("re", 0)]);

    #[test]
    fn answers_as_contains_does_in_table_order() {
        assert!(WORDS.first_in("enable 2fa first").is_some());
        assert!(WORDS.first_in("two-ste").is_none());
        let all: Vec<_> = WORDS.all_in("two-step, then two step").collect();
        assert_eq!(all, [&"two-step", &"two step", &"step"]);
        assert_eq!(
            KEYED.first_in("you are rate limited: refused"),
            Some(&("refused", 401))
        );
        assert_eq!(KEYED.first_in("nothing"), None);
        assert!(WORDS.first_in("café").is_some());
        assert!(WORDS.first_in("all ok").is_some());
    }

    proptest! {
        #[test]
        fn same_as_contains(text in "(two|-|step| |2fa|ok|é|x){0,12}") {
            let naive: Vec<&&str> = WORDS.rows.iter().filter(|p| text.contains(**p)).collect();
            let fast: Vec<&&str> = WORDS.all_in(&text).collect();
            prop_assert_eq!(&fast, &naive);
            prop_assert_eq!(WORDS.first_in(&text).is_some(), !naive.is_empty());
            prop_assert_eq!(WORDS.first_in(&text), naive.first().copied());
        }
    }
}

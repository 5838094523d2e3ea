//! Phrase tables, compiled once. The parsers ask of every line of a post which phrases of a
//! table it holds. `str::contains` once per phrase reads the line once per phrase and sets up a
//! searcher each time (`StrSearcher::new` was the top entry of explain's profile, see
//! docs/benchmarks.md). A [`Phrases`] indexes its table by first byte the first time it is
//! used, then reads a line once for the whole table.

use std::sync::OnceLock;

/// A table of lower-case phrases, or of rows each led by one, matched as substrings: the same
/// answers as `contains` per phrase, in table order.
pub struct Phrases<T: Row = &'static str> {
    rows: &'static [T],
    by_first_byte: OnceLock<Index>,
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
/// it was a `const`; only `any_in`, `first_in` and `all_in` use the index.
impl<T: Row> std::ops::Deref for Phrases<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.rows
    }
}

/// For each byte, the rows whose phrase starts with it: (row, phrase).
type Index = Vec<Vec<(u8, &'static [u8])>>;

/// Rows of one table found in a text, as a bit set: bit `i` for row `i`.
type Found = u128;

impl<T: Row> Phrases<T> {
    pub const fn new(rows: &'static [T]) -> Phrases<T> {
        Phrases {
            rows,
            by_first_byte: OnceLock::new(),
        }
    }

    /// Whether any phrase occurs in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        self.scan(text, true) != 0
    }

    /// The first row, in table order, whose phrase occurs in `text`.
    pub fn first_in(&self, text: &str) -> Option<&'static T> {
        self.all_in(text).next()
    }

    /// Every row whose phrase occurs in `text`, in table order.
    pub fn all_in(&self, text: &str) -> impl Iterator<Item = &'static T> + use<T> {
        let found = self.scan(text, false);
        let rows = self.rows;
        (0..rows.len())
            .filter(move |&i| found & (1 << i) != 0)
            .map(move |i| &rows[i])
    }

    /// One pass over `text`: at each byte, only the phrases that start with it are compared.
    fn scan(&self, text: &str, first_only: bool) -> Found {
        let index = self.index();
        let text = text.as_bytes();
        let mut found: Found = 0;
        for at in 0..text.len() {
            let rest = &text[at..];
            for &(row, phrase) in &index[usize::from(rest[0])] {
                // The second byte rules out most candidates without a call to memcmp.
                let second = phrase.get(1).is_none_or(|b| rest.get(1) == Some(b));
                if second && rest.starts_with(phrase) {
                    found |= 1 << row;
                    if first_only {
                        return found;
                    }
                }
            }
        }
        found
    }

    fn index(&self) -> &Index {
        self.by_first_byte.get_or_init(|| {
            assert!(
                self.rows.len() <= Found::BITS as usize,
                "a phrase table holds at most {} rows",
                Found::BITS
            );
            let mut index = vec![Vec::new(); 256];
            for (row, r) in self.rows.iter().enumerate() {
                let phrase = r.phrase().as_bytes();
                let first = *phrase
                    .first()
                    .expect("an empty phrase would match every line");
                index[usize::from(first)].push((row as u8, phrase));
            }
            index
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
        assert!(WORDS.any_in("enable 2fa first"));
        assert!(!WORDS.any_in("two-ste"));
        let all: Vec<_> = WORDS.all_in("two-step, then two step").collect();
        assert_eq!(all, [&"two-step", &"two step", &"step"]);
        assert_eq!(
            KEYED.first_in("you are rate limited: refused"),
            Some(&("refused", 401))
        );
        assert_eq!(KEYED.first_in("nothing"), None);
        assert!(WORDS.any_in("café"));
        assert!(WORDS.any_in("all ok"));
    }

    proptest! {
        #[test]
        fn same_as_contains(text in "(two|-|step| |2fa|ok|é|x){0,12}") {
            let naive: Vec<&&str> = WORDS.rows.iter().filter(|p| text.contains(**p)).collect();
            let fast: Vec<&&str> = WORDS.all_in(&text).collect();
            prop_assert_eq!(&fast, &naive);
            prop_assert_eq!(WORDS.any_in(&text), !naive.is_empty());
            prop_assert_eq!(WORDS.first_in(&text), naive.first().copied());
        }
    }
}

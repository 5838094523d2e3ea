//! A table's phrases found in a text case-blind (ASCII letters), by one pass of one small
//! automaton over the text's bytes, where a reader would search the text for each phrase in
//! turn. The automaton holds each phrase's first bytes in lower case, and the whole phrase is
//! compared where they stand: a DFA of whole phrases, case-blind, costs more to build than
//! most runs then read with it (12 M instructions for Bitbucket's messages).

use aho_corasick::Anchored;
use aho_corasick::automaton::Automaton as _;

/// How much of each phrase the automaton holds: few places in a text start so much of one.
const PREFIX: usize = 8;

pub struct Needles {
    /// The phrases' prefixes in lower case, each distinct one once.
    dfa: aho_corasick::dfa::DFA,
    /// For each prefix: the phrases (their index in the table) that start with it.
    phrases_of: Vec<Vec<usize>>,
    phrases: Vec<&'static str>,
}

impl Needles {
    pub fn new(phrases: impl IntoIterator<Item = &'static str>) -> Needles {
        let phrases: Vec<&'static str> = phrases.into_iter().collect();
        let mut prefixes: Vec<Vec<u8>> = Vec::new();
        let mut phrases_of: Vec<Vec<usize>> = Vec::new();
        for (i, p) in phrases.iter().enumerate() {
            assert!(!p.is_empty(), "an empty phrase stands in every text");
            let prefix = p.as_bytes()[..p.len().min(PREFIX)].to_ascii_lowercase();
            match prefixes.iter().position(|q| *q == prefix) {
                Some(k) => phrases_of[k].push(i),
                None => {
                    prefixes.push(prefix);
                    phrases_of.push(vec![i]);
                }
            }
        }
        // No prefilter: the start state stays ordinary, so the loop's one test a byte is
        // whether the state is a match.
        let dfa = aho_corasick::dfa::DFA::builder()
            .prefilter(false)
            .build(&prefixes)
            .expect("phrases are plain bytes");
        Needles {
            dfa,
            phrases_of,
            phrases,
        }
    }

    /// Each phrase `text` holds (its index in the table), once for each place it stands, by
    /// where it ends, until `found` answers true; whether it did.
    pub fn any(&self, text: &str, mut found: impl FnMut(usize) -> bool) -> bool {
        let h = text.as_bytes();
        let dfa = &self.dfa;
        let mut sid = dfa
            .start_state(Anchored::No)
            .expect("the DFA searches unanchored");
        let mut from = 0;
        while let Some((i, matched)) = next_match(dfa, h, from, sid) {
            sid = matched;
            from = i + 1;
            // Every prefix that ends here, one inside another's too.
            for k in 0..dfa.match_len(sid) {
                let prefix = dfa.match_pattern(sid, k);
                let start = i + 1 - dfa.pattern_len(prefix);
                for &n in &self.phrases_of[prefix.as_usize()] {
                    let whole = self.phrases[n].as_bytes();
                    if h.get(start..start + whole.len())
                        .is_some_and(|at| at.eq_ignore_ascii_case(whole))
                        && found(n)
                    {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// From `from` on, the first byte of `bytes` (lower-cased) after which the DFA (in state `sid`
/// before it) is in a match state: where, and that state. A loop of its own, without calls,
/// as the markers' (`explain::marks`): the automaton's tables stay in registers for the bytes
/// between matches, where the loop that also read the matches reloaded them for every byte.
#[inline(always)]
fn next_match(
    dfa: &aho_corasick::dfa::DFA,
    bytes: &[u8],
    from: usize,
    mut sid: aho_corasick::automaton::StateID,
) -> Option<(usize, aho_corasick::automaton::StateID)> {
    for (i, &b) in bytes[from..].iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, b.to_ascii_lowercase());
        if dfa.is_special(sid) && dfa.is_match(sid) {
            return Some((from + i, sid));
        }
    }
    None
}

/// The answers a function of a text alone gave for the last few texts it was asked of,
/// each beside a copy of its text: readers ask some questions again and again of the same
/// texts (a response's message and body, five or six times a report), and a text equal to a
/// kept one is answered without another pass over it. Only short texts are kept.
pub struct Recent<T: Copy> {
    texts: Vec<(String, T)>,
}

impl<T: Copy> Recent<T> {
    /// How many texts are kept, and the longest kept.
    const KEPT: usize = 8;
    const LONGEST: usize = 4 * 1024;

    pub const fn new() -> Recent<T> {
        Recent { texts: Vec::new() }
    }

    /// `answer(text)`, kept or found again.
    pub fn get(&mut self, text: &str, answer: impl FnOnce(&str) -> T) -> T {
        if let Some(&(_, kept)) = self.texts.iter().find(|(t, _)| t == text) {
            return kept;
        }
        let found = answer(text);
        if text.len() <= Self::LONGEST {
            if self.texts.len() == Self::KEPT {
                self.texts.remove(0);
            }
            self.texts.push((text.to_string(), found));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_answer_is_the_answer_of_the_same_text_only() {
        // The same texts asked again, in turns, past how many are kept, texts that differ
        // from a kept one by a byte, and one too long to keep: each answer is a fresh one's.
        let mut recent = Recent::new();
        let mut texts: Vec<String> = (0..12).map(|i| format!("text {i}")).collect();
        texts.extend((0..12).map(|i| format!("text {i}!")));
        texts.push("x".repeat(20 * 1024));
        let answer = |t: &str| t.len() * 31 + t.bytes().map(usize::from).sum::<usize>();
        for round in 0..3 {
            for (i, text) in texts.iter().enumerate() {
                if (i + round) % 2 == 0 {
                    assert_eq!(recent.get(text, answer), answer(text), "{text:?}");
                }
                assert_eq!(recent.get(text, answer), answer(text), "{text:?}");
            }
        }
    }
    use crate::evidence::contains_ignore_ascii_case;

    const PHRASES: &[&str] = &[
        "ab",
        "abcdefghij",
        "abcdefghxy",
        "Bcd",
        "é",
        "xé",
        "cdefghijkl",
    ];

    proptest::proptest! {
        /// The phrases found are those a case-blind search for each finds.
        #[test]
        fn finds_what_each_search_finds(text in "(a|b|B|c|C|d|e|f|g|h|i|j|k|l|x|y|é|É| ){0,24}") {
            let needles = Needles::new(PHRASES.iter().copied());
            let mut found = vec![false; PHRASES.len()];
            let stopped = needles.any(&text, |n| {
                found[n] = true;
                false
            });
            proptest::prop_assert!(!stopped);
            for (n, p) in PHRASES.iter().enumerate() {
                proptest::prop_assert_eq!(found[n], contains_ignore_ascii_case(&text, p), "{}", p);
            }
            let any = PHRASES.iter().any(|p| contains_ignore_ascii_case(&text, p));
            proptest::prop_assert_eq!(needles.any(&text, |_| true), any);
        }
    }
}

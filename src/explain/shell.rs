//! Shell words: how a POSIX shell, cmd or PowerShell would split a pasted command line into
//! arguments (quotes, escapes, line continuations), and where it would substitute text
//! (`$VAR`, `${VAR}`, `$(…)`, backticks, `%VAR%`, `$env:VAR`).
//!
//! Pasted commands are often broken: forum software joins lines, strips URLs, leaves a quote
//! open. The tokenizer never fails; it reads what a person would read.

use std::ops::Range;

/// One argument after quote removal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// The places in `text` where the shell substitutes something, in order.
    pub subs: Vec<Sub>,
}

/// A substitution inside a [`Word`]; `range` covers its source text (`$TOKEN`, `$(…)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sub {
    pub range: Range<usize>,
    pub what: Subst,
    /// Whether the shell substitutes it. Inside single quotes it does not: the literal text
    /// reaches the program.
    pub expanded: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subst {
    /// `$NAME`, `${NAME}`, `%NAME%`, `$env:NAME`.
    Var(String),
    /// `$(…)` or `` `…` ``: the inner command text.
    Command(String),
}

/// Why a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// End of line (not continued) or end of input.
    Line,
    /// `|`: the next stage reads this command's output.
    Pipe,
    /// `;`, `&&`, `||`, `&`: another command follows.
    Next,
}

/// A simple command: its words, an optional here-string (`<<< word`), and where it ended.
#[derive(Clone, Debug, Default)]
pub struct Command {
    pub words: Vec<Word>,
    pub here_string: Option<Word>,
    /// Byte offset where the next command may start (after the operator).
    pub next: usize,
    pub stop: Option<Stop>,
}

/// Longest stretch a single command may cover; a runaway quote stops here.
pub const COMMAND_CAP: usize = 64 * 1024;

/// Split the command that starts at `start` in `text`.
///
/// Quotes may span lines, as in a shell, but not across a blank line or a Markdown fence; when
/// one would, the command is read again with every quote closed at its line's end, which is
/// what the person who pasted it meant.
pub fn command(text: &str, start: usize) -> Command {
    let end = cap_end(text, start, COMMAND_CAP);
    let slice = &text[..end];
    Lexer::new(slice, start, true)
        .run()
        .unwrap_or_else(|| Lexer::new(slice, start, false).run().unwrap_or_default())
}

/// Split a command as the shell that runs it would: `None` when a quote is left open (the
/// shell would wait for more, or refuse), where [`command`] reads on as a person would.
pub fn strict_command(text: &str) -> Option<Command> {
    let end = cap_end(text, 0, COMMAND_CAP);
    Lexer::new(&text[..end], 0, true).run()
}

/// Split one line's worth of words, closing quotes at the end of the line.
pub fn line_command(text: &str, start: usize, end: usize) -> Command {
    Lexer::new(&text[..end], start, false)
        .run()
        .unwrap_or_default()
}

/// The largest char boundary at most `cap` bytes after `start`.
pub fn cap_end(text: &str, start: usize, cap: usize) -> usize {
    let mut end = start.saturating_add(cap).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

struct Lexer<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// Quotes may span lines.
    multiline: bool,
    words: Vec<Word>,
    here_string: Option<Word>,
    word: Word,
    /// The current word has begun (an empty `""` is still a word).
    started: bool,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str, start: usize, multiline: bool) -> Self {
        Lexer {
            s,
            b: s.as_bytes(),
            i: start,
            multiline,
            words: Vec::new(),
            here_string: None,
            word: Word::default(),
            started: false,
        }
    }

    /// `None` when a quote would run across a blank line (multi-line mode only).
    fn run(mut self) -> Option<Command> {
        let mut pending_here = false;
        let (next, stop) = loop {
            let Some(&c) = self.b.get(self.i) else {
                break (self.i, Stop::Line);
            };
            match c {
                b' ' | b'\t' | b'\r' => {
                    self.finish(&mut pending_here);
                    self.i += 1;
                }
                b'\n' => break (self.i + 1, Stop::Line),
                b'\\' => self.backslash(&mut pending_here),
                b'^' if self.at_line_end(self.i + 1) => self.continue_line(self.i + 1),
                b'`' if !self.started && self.at_line_end(self.i + 1) => {
                    // PowerShell's line continuation: a backtick after a space, at line end.
                    self.continue_line(self.i + 1)
                }
                b'\'' => self.single_quoted()?,
                b'"' => self.double_quoted()?,
                b'$' | b'`' | b'%' => self.substitution(true),
                b'#' if !self.started => self.skip_to_line_end(),
                b'|' => {
                    let op = if self.b.get(self.i + 1) == Some(&b'|') {
                        2
                    } else {
                        1
                    };
                    let stop = if op == 2 { Stop::Next } else { Stop::Pipe };
                    break (self.i + op, stop);
                }
                b';' => break (self.i + 1, Stop::Next),
                b'&' if self.b.get(self.i + 1) == Some(&b'&') => {
                    break (self.i + 2, Stop::Next);
                }
                b'&' if !self.started => break (self.i + 1, Stop::Next),
                b'<' | b'>' => self.redirect(&mut pending_here),
                _ => self.push_char(),
            }
        };
        self.finish(&mut pending_here);
        Some(Command {
            words: self.words,
            here_string: self.here_string,
            next,
            stop: Some(stop),
        })
    }

    /// End the current word, if any.
    fn finish(&mut self, pending_here: &mut bool) {
        if !self.started {
            return;
        }
        let word = std::mem::take(&mut self.word);
        self.started = false;
        if *pending_here {
            *pending_here = false;
            self.here_string = Some(word);
        } else {
            self.words.push(word);
        }
    }

    fn push_char(&mut self) {
        let ch = self.s[self.i..].chars().next().unwrap_or('\u{fffd}');
        self.word.text.push(ch);
        self.started = true;
        self.i += ch.len_utf8().max(1);
    }

    /// Only spaces (and a `\r`) between `i` and the end of the line.
    fn at_line_end(&self, i: usize) -> bool {
        let rest = &self.b[i.min(self.b.len())..];
        let line = rest.split(|&c| c == b'\n').next().unwrap_or(&[]);
        line.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r')) && rest.len() > line.len()
    }

    /// A continuation at `i` (after `\`, `^` or a backtick): the command goes on with the next
    /// line, unless that line is blank or a Markdown fence.
    fn continue_line(&mut self, i: usize) {
        let nl = self.b[i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |p| i + p);
        if next_line_ends_command(self.s, nl) {
            self.i = nl;
        } else {
            self.i = (nl + 1).min(self.b.len());
        }
    }

    fn skip_to_line_end(&mut self) {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    fn backslash(&mut self, pending_here: &mut bool) {
        match self.b.get(self.i + 1) {
            None => self.i += 1,
            Some(b'\n') => self.continue_line(self.i + 1),
            Some(b'\r') if self.b.get(self.i + 2) == Some(&b'\n') => self.continue_line(self.i + 1),
            // `\` then spaces: a continuation whose newline a forum swallowed (`POST \ --url`),
            // or trailing spaces after a real one.
            Some(b' ' | b'\t') => {
                if self.at_line_end(self.i + 1) {
                    self.continue_line(self.i + 1);
                } else {
                    self.finish(pending_here);
                    self.i += 1;
                }
            }
            Some(_) => {
                self.i += 1;
                self.push_char();
            }
        }
    }

    fn single_quoted(&mut self) -> Option<()> {
        self.started = true;
        let from = self.i + 1;
        let mut j = from;
        let to = loop {
            match self.b.get(j) {
                None if self.multiline => return None,
                None => break j,
                Some(b'\'') => {
                    self.note_literal_vars(from, j);
                    self.i = j + 1;
                    return Some(());
                }
                Some(b'\n') if !self.multiline => break j,
                Some(b'\n') if next_line_ends_command(self.s, j) => return None,
                Some(_) => j += 1,
            }
        };
        self.note_literal_vars(from, to);
        self.i = to;
        Some(())
    }

    /// Append `s[from..to]` verbatim, recording `$VAR`s in it as substitutions the shell does
    /// not perform (they reach the program as written).
    fn note_literal_vars(&mut self, from: usize, to: usize) {
        let mut j = from;
        let mut copied = from;
        while j < to {
            if self.b[j] == b'$'
                && let Some((len, what)) = parse_dollar(&self.s[j..to])
            {
                self.word.text.push_str(&self.s[copied..j]);
                let at = self.word.text.len();
                self.word.text.push_str(&self.s[j..j + len]);
                self.word.subs.push(Sub {
                    range: at..self.word.text.len(),
                    what,
                    expanded: false,
                });
                j += len;
                copied = j;
            } else {
                j += 1;
            }
        }
        self.word.text.push_str(&self.s[copied..to]);
    }

    fn double_quoted(&mut self) -> Option<()> {
        self.started = true;
        self.i += 1;
        loop {
            match self.b.get(self.i) {
                None => {
                    return if self.multiline { None } else { Some(()) };
                }
                Some(b'"') => {
                    self.i += 1;
                    return Some(());
                }
                Some(b'\\') => match self.b.get(self.i + 1) {
                    Some(b'"' | b'\\' | b'$' | b'`') => {
                        self.i += 1;
                        self.push_char();
                    }
                    Some(b'\n') => self.i += 2,
                    _ => self.push_char(),
                },
                Some(b'$' | b'`' | b'%') => self.substitution(true),
                Some(b'\n') => {
                    if !self.multiline {
                        return Some(());
                    }
                    if next_line_ends_command(self.s, self.i) {
                        return None;
                    }
                    self.push_char();
                }
                Some(_) => self.push_char(),
            }
        }
    }

    /// `$NAME`, `${NAME}`, `$(…)`, `` `…` ``, `%NAME%`, `$env:NAME`; anything else is a
    /// literal character.
    fn substitution(&mut self, expanded: bool) {
        let rest = &self.s[self.i..];
        let parsed = match self.b[self.i] {
            b'$' => parse_dollar(rest),
            b'`' => {
                let (inner_end, len) = match rest[1..].find('`') {
                    Some(p) => (p + 1, p + 2),
                    None => (rest.len(), rest.len()),
                };
                Some((len, Subst::Command(rest[1..inner_end].to_string())))
            }
            _ => parse_percent(rest),
        };
        let Some((len, what)) = parsed else {
            self.push_char();
            return;
        };
        let at = self.word.text.len();
        self.word.text.push_str(&rest[..len]);
        self.word.subs.push(Sub {
            range: at..self.word.text.len(),
            what,
            expanded,
        });
        self.started = true;
        self.i += len;
    }

    /// `>file`, `2>&1`, `<file`: not arguments, skipped. `<<< word` is kept as a here-string.
    /// A `<token>` glued to a word or shaped like a placeholder is text, not a redirect.
    fn redirect(&mut self, pending_here: &mut bool) {
        let rest = &self.s[self.i..];
        if self.b[self.i] == b'<' && placeholder_len(rest).is_some() {
            let len = placeholder_len(rest).unwrap_or(1);
            self.word.text.push_str(&rest[..len]);
            self.started = true;
            self.i += len;
            return;
        }
        if self.started && self.b[self.i] == b'<' {
            self.push_char();
            return;
        }
        // A file descriptor number right before `>` belongs to the redirect.
        if self.started && self.word.text.bytes().all(|c| c.is_ascii_digit()) {
            self.word = Word::default();
            self.started = false;
        }
        self.finish(pending_here);
        if rest.starts_with("<<<") {
            self.i += 3;
            *pending_here = true;
            return;
        }
        let op = rest
            .bytes()
            .take_while(|c| matches!(c, b'<' | b'>' | b'&' | b'|'))
            .count()
            .max(1);
        self.i += op;
        // `2>&1`: the target is a descriptor glued to the operator.
        while self
            .b
            .get(self.i)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'-')
        {
            self.i += 1;
        }
        // Otherwise the next word is the file: read it and drop it.
        while self
            .b
            .get(self.i)
            .is_some_and(|c| matches!(c, b' ' | b'\t'))
        {
            self.i += 1;
        }
        let before = self.words.len();
        let mut sink = false;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'|' | b';' | b'&' => break,
                b'\'' => {
                    if self.single_quoted().is_none() {
                        break;
                    }
                }
                b'"' => {
                    if self.double_quoted().is_none() {
                        break;
                    }
                }
                _ => self.push_char(),
            }
        }
        self.finish(&mut sink);
        self.words.truncate(before);
    }
}

/// Whether the line after the newline at `nl` is blank, a Markdown fence, or absent: a
/// continuation or an open quote does not reach across it.
fn next_line_ends_command(s: &str, nl: usize) -> bool {
    let Some(rest) = s.get(nl + 1..) else {
        return true;
    };
    let line = rest.split('\n').next().unwrap_or("").trim();
    line.is_empty() || line.starts_with("```") || line.starts_with("~~~")
}

/// `$NAME`, `${…}`, `$(…)`, `$env:NAME` at the start of `s`: its length and meaning.
pub fn parse_dollar(s: &str) -> Option<(usize, Subst)> {
    let b = s.as_bytes();
    match b.get(1)? {
        b'(' => {
            let (inner, len) = match matching_paren(s, 1) {
                Some(close) => (&s[2..close - 1], close),
                None => (&s[2..], s.len()),
            };
            Some((len, Subst::Command(inner.to_string())))
        }
        b'{' => {
            let (name, len) = match s.find('}') {
                Some(p) => (&s[2..p], p + 1),
                None => (&s[2..], s.len()),
            };
            Some((len, Subst::Var(name.trim().to_string())))
        }
        c if c.is_ascii_alphabetic() || *c == b'_' => {
            let mut len = 1 + ident_len(&s[1..]);
            if s[1..len].eq_ignore_ascii_case("env") && b.get(len) == Some(&b':') {
                len += 1 + ident_len(&s[len + 1..]);
            }
            Some((len, Subst::Var(s[1..len].to_string())))
        }
        c if c.is_ascii_digit() || *c == b'@' || *c == b'*' => {
            Some((2, Subst::Var(s[1..2].to_string())))
        }
        _ => None,
    }
}

/// cmd's `%NAME%`.
fn parse_percent(s: &str) -> Option<(usize, Subst)> {
    let first = *s.as_bytes().get(1)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = ident_len(&s[1..]);
    (s.as_bytes().get(1 + len) == Some(&b'%'))
        .then(|| (len + 2, Subst::Var(s[1..1 + len].to_string())))
}

fn ident_len(s: &str) -> usize {
    s.bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count()
}

/// The index just past the `)` matching the `(` at `open`, skipping quotes and nested
/// parentheses; `None` when unbalanced.
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\\' => i += 1,
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' && q != b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `<token>`, `<your api token>`: a template marker at the start of `s`, not a redirect.
fn placeholder_len(s: &str) -> Option<usize> {
    let close = s.get(1..48.min(s.len()))?.find('>')? + 1;
    let inner = &s[1..close];
    let ok = inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.' | ':' | '@'));
    ok.then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        command(s, 0).words.into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn splits_quotes_and_escapes() {
        assert_eq!(
            texts(r#"curl -H 'A: b c' "x y" z\ w"#),
            ["curl", "-H", "A: b c", "x y", "z", "w"]
        );
        assert_eq!(
            texts(r#"curl -s --user a:b "" | jq ."#),
            ["curl", "-s", "--user", "a:b", ""]
        );
        assert_eq!(texts("a 'it''s' b"), ["a", "its", "b"]);
    }

    #[test]
    fn follows_continuations_of_every_shell() {
        for s in [
            "curl \\\n  -H 'A: b' \\\n  https://x",
            "curl ^\n  -H \"A: b\" ^\r\n  https://x",
            "curl `\n  -H 'A: b' `\n  https://x",
            "curl \\ -H 'A: b' \\ https://x",
        ] {
            let w = texts(s);
            assert_eq!(w.last().map(String::as_str), Some("https://x"), "{s:?}");
            assert!(w.iter().any(|x| x == "A: b"), "{s:?}: {w:?}");
        }
        // A continuation does not reach across a blank line.
        assert_eq!(texts("curl \\\n\nprose here"), ["curl"]);
    }

    #[test]
    fn records_substitutions_and_whether_they_expand() {
        let c = command(
            r#"curl -H "A: Bearer $TOKEN" -u 'u:$PASS' -d "$(echo hi)""#,
            0,
        );
        let sub = |i: usize| c.words[i].subs[0].clone();
        assert_eq!(sub(2).what, Subst::Var("TOKEN".into()));
        assert!(sub(2).expanded);
        assert_eq!(sub(4).what, Subst::Var("PASS".into()));
        assert!(!sub(4).expanded);
        assert_eq!(sub(6).what, Subst::Command("echo hi".into()));
        let bt = command("x \"bearer `curl -s | jq .a`\"", 0);
        assert_eq!(
            bt.words[1].subs[0].what,
            Subst::Command("curl -s | jq .a".into())
        );
        assert_eq!(bt.words[1].text, "bearer `curl -s | jq .a`");
    }

    #[test]
    fn stops_at_operators_and_skips_redirects() {
        let c = command("curl a > out.json 2>&1 | jq . && next", 0);
        assert_eq!(c.words.len(), 2);
        assert_eq!(c.stop, Some(Stop::Pipe));
        let c = command("base64 <<< 'u:p'", 0);
        assert_eq!(c.here_string.unwrap().text, "u:p");
        assert_eq!(
            texts("curl -u user:<token> <url>"),
            ["curl", "-u", "user:<token>", "<url>"]
        );
    }

    #[test]
    fn survives_broken_input() {
        for s in [
            "'",
            "\"",
            "$(",
            "`",
            "${",
            "a 'b\n\nc",
            "\"$(echo '",
            "\\",
            "^",
            "%A",
            "<",
        ] {
            let _ = command(s, 0);
            let _ = line_command(s, 0, s.len());
        }
        // An open quote closes at the line's end when a blank line follows.
        assert_eq!(texts("curl 'abc\n\nprose"), ["curl", "abc"]);
    }
}

//! One pass over pasted text, in order: each region goes to the parser that claims it (an HTTP
//! transcript, git's output, a statement of client code, a JSON body, an `Authorization:` line,
//! a shell assignment, a command, a status or message in a line of prose); what none claims is
//! prose. Every step moves forward, and no parser looks further than a bounded stretch, so the
//! work is linear in the input.

use super::curl::Program;
use super::expand::Env;
use super::marks::{Marks, Table};
use super::write_out;
use super::{
    Answer, Piece, body, claims, code, curl, git, http, http2, network, postman, shell, url,
};
use crate::evidence::{Claim, contains_str, find_str};

/// What the scan found.
#[derive(Debug, Default)]
pub struct Found {
    pub pieces: Vec<Piece>,
    /// The line (from 1) each piece was read on.
    pub lines: Vec<usize>,
    pub claims: Vec<Claim>,
    /// Bitbucket URLs anywhere in the text, cleaned of credentials.
    pub urls: Vec<String>,
    /// Whether the text holds what an ssh transcript holds (`crate::ssh::GATE`).
    pub ssh: bool,
    /// Whether the text names Bitbucket anywhere (its name, a host of its).
    pub bitbucket_named: bool,
    /// The lines (from 1) of commands a runner shows run (`+ npm ci`), in order.
    pub commands: Vec<usize>,
    /// Which lines (from 0) are someone else's earlier message ([`super::paste::attributed`]);
    /// empty when none is.
    pub attributed: Vec<bool>,
    /// Which lines (from 0) are in a Markdown quote ([`super::paste::quoted`]).
    pub quoted: Vec<bool>,
}

/// A line from some position to its end.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// Without its newline.
    pub text: &'a str,
    /// Where the text ends (at the newline or the end of input).
    pub end: usize,
    /// Where the next line starts.
    pub next: usize,
}

/// The line from `pos` to its end.
pub fn line_at(text: &str, pos: usize) -> Line<'_> {
    let pos = pos.min(text.len());
    // Often asked at a line's end (where reading goes on): its newline, without a search.
    let end = match text.as_bytes().get(pos) {
        Some(b'\n') => pos,
        _ => memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |p| pos + p),
    };
    Line {
        text: &text[pos..end],
        end,
        next: (end + 1).min(text.len()),
    }
}

/// The lines of `text` as [`str::lines`] gives them, each end found by memchr's vectorised
/// search (`lines` looks for each with a scalar one): asked of every line of every report.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = (!text.is_empty()).then_some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        let Some(at) = memchr::memchr(b'\n', r.as_bytes()) else {
            rest = None;
            return Some(r);
        };
        rest = (at + 1 < r.len()).then(|| &r[at + 1..]);
        let line = &r[..at];
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Whether a line starts something a parser claims: a body reader stops there.
pub fn starts_item(line: &str) -> bool {
    crate::evidence::trim_start(line).starts_with('{') || starts_outside_json(line)
}

/// A line that cannot be inside a JSON body: a command, a transcript, git's output, a fence.
pub fn starts_outside_json(line: &str) -> bool {
    let t = crate::evidence::trim_start(line);
    t.starts_with("```")
        || t.starts_with("$ ")
        || t.starts_with("> ")
        || t.starts_with("< ")
        || t.starts_with("HTTP/")
        || t.starts_with("curl ")
        || t.starts_with("git ")
        || git::starts_output(t)
        || http::status_line(t).is_some()
}

/// Longest body a status line or message may take from the lines after it.
const BODY_CAP: usize = 64 * 1024;
/// Lines of plain text after a Bitbucket message that still belong to it.
const MESSAGE_LINES: usize = 12;
/// Lines above a message searched for the call whose arguments hold it ([`call_start`]).
const CALL_LINES: usize = 8;

/// A command found in a line: where it starts and what runs it.
#[derive(Clone, Copy)]
enum Runs {
    Http(Program),
    Git,
    /// A tool given a repository's URL and login flags (`helm repo add … --username`).
    Login,
}

struct Scanner<'a> {
    text: &'a str,
    /// `text` in ASCII lower case, made once: the same byte offsets.
    lower: &'a str,
    /// Where the readers' markers stand: a reader runs on a stretch only if one of its does.
    marks: Marks<'a>,
    env: Env,
    /// The remote git's later commands use (`git remote set-url origin URL`).
    origin: Option<String>,
    pieces: Vec<Piece>,
    prose: claims::Reader,
    /// The cues of the stretch [`Scanner::read_prose`] reads: one buffer, kept.
    cue_buffer: Vec<(usize, usize)>,
    form: postman::Form,
    /// The end of the last git output block without an outcome: lines before it are not asked
    /// again.
    git_without_outcome: usize,
    /// Client code: an Authorization set, waiting for the call that sends it.
    code: code::Reader,
    /// How many pieces there were when the current step's parsers other than `code` began.
    before_others: usize,
    /// Whether the text holds Go's HTTP/2 debug lines at all: asked once, not once per line.
    http2: bool,
    /// A curl command's `-w` line still to come: the format, the request's piece, and how many
    /// more steps it is waited for.
    status_line: Option<(write_out::StatusLine, usize, u8)>,
    /// How the line being read shows its command run (a shell's trace, a PowerShell prompt):
    /// the prefixes that tell it are gone from the normalized text, so each pasted line's is
    /// kept (none when no line has one), with the line and offset the scan has reached.
    ran: super::paste::Ran,
    ran_lines: Vec<super::paste::Ran>,
    line_reached: (usize, usize),
    /// The stretches that are data a command printed (`printed::regions`), and the first
    /// not yet passed.
    data: Vec<std::ops::Range<usize>>,
    next_data: usize,
    /// Where the programs' names stand in the stretch [`Scanner::line`] reads: one buffer, kept.
    names: Vec<(usize, usize)>,
}

/// How many steps (lines, or a body's lines at once) after a curl command its `-w` status
/// line is looked for: output with `-v` or a body comes first.
const STATUS_LINE_WAIT: u8 = 40;

/// Scan the whole text (`raw` as pasted, before normalizing), passing over what commands
/// printed as data.
pub fn scan(text: &str, raw: &str) -> Found {
    let lower = text.to_ascii_lowercase();
    let marks = Marks::new(text, &lower);
    let data = match marks.anywhere(Table::Printed) {
        true => super::printed::regions(raw, text, &marks.lines_with(Table::Printed)),
        false => Vec::new(),
    };
    let mut s = Scanner {
        text,
        lower: &lower,
        marks,
        env: Env::default(),
        origin: None,
        pieces: Vec::new(),
        prose: claims::Reader::default(),
        cue_buffer: Vec::new(),
        form: postman::Form::default(),
        git_without_outcome: 0,
        code: code::Reader::default(),
        before_others: 0,
        // By a searcher built once: `str::contains` sets up a two-way searcher for each text
        // and reads it a byte at a time, where memchr's vectorised search skips most of it.
        http2: {
            static HTTP2: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
                std::sync::OnceLock::new();
            HTTP2
                .get_or_init(|| memchr::memmem::Finder::new("http2: "))
                .find(text.as_bytes())
                .is_some()
        },
        status_line: None,
        ran: super::paste::Ran::Unknown,
        ran_lines: super::paste::ran_lines(raw),
        line_reached: (0, 0),
        data,
        next_data: 0,
        names: Vec::new(),
    };
    let mut pos = 0;
    // Where each piece was read: the start of the step that found it.
    let mut at: Vec<usize> = Vec::new();
    // Lines of someone else's earlier message, and the line `pos` is on (counted only then).
    let attributed = super::paste::attributed(raw);
    // Lines of a Markdown quote: the answers on them may be someone else's (`assemble`).
    let quoted = super::paste::quoted(raw);
    let mut line_of = (0usize, 0usize);
    while pos < text.len() {
        s.before_others = s.pieces.len();
        let waiting = s.status_line.is_some();
        let pieces_before = s.pieces.len();
        let next = s.step(pos);
        if !attributed.is_empty() || !quoted.is_empty() {
            let (from, n) = line_of;
            let n = n + memchr::memchr_iter(b'\n', &text.as_bytes()[from..pos]).count();
            line_of = (pos, n);
            let on = |marks: &[bool]| marks.get(n).copied().unwrap_or(false);
            let (told, in_quote) = (on(&attributed), on(&quoted));
            for p in &mut s.pieces[pieces_before..] {
                if let Piece::Response(a) = p {
                    // What a quoted message shows happened to its writer, or before: told.
                    a.told |= told;
                    a.quoted |= in_quote;
                }
            }
        }
        if waiting {
            s.written_status(pieces_before, pos, next);
        }
        // The text moved on from the code (to its response, say): a header set and not yet
        // sent by a call is a request, before what follows it.
        if s.pieces.len() > s.before_others
            && let Some(sent) = s.code.flush()
        {
            s.pieces.insert(s.before_others, Piece::Request(sent));
        }
        at.resize(s.pieces.len(), pos);
        // Every step moves on, whatever a parser returned.
        pos = next.max(pos + 1);
        while !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    if let Some(sent) = s.code.flush() {
        s.pieces.push(Piece::Request(sent));
    }
    at.resize(s.pieces.len(), text.len());
    let lines = line_numbers(text, &at);
    let mut urls: Vec<String> = Vec::new();
    for u in url::find_all(text) {
        let at = u.as_ptr() as usize - text.as_ptr() as usize;
        if s.data.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let (clean, _) = url::clean(u);
        if crate::evidence::contains_ignore_ascii_case(&clean, "bitbucket")
            && !urls.contains(&clean)
            && urls.len() < 64
        {
            urls.push(clean);
        }
    }
    let commands = s
        .ran_lines
        .iter()
        .enumerate()
        .filter(|(_, r)| **r == super::paste::Ran::Traced)
        .map(|(i, _)| i + 1)
        .collect();
    Found {
        attributed,
        quoted,
        commands,
        pieces: s.pieces,
        lines,
        ssh: s.marks.anywhere(Table::Ssh),
        bitbucket_named: s.marks.anywhere(Table::Named),
        claims: s.prose.finish(),
        urls,
    }
}

impl Scanner<'_> {
    /// Whether `pos` is in data a command printed; positions come in ascending order.
    fn in_data(&mut self, pos: usize) -> bool {
        while self.data.get(self.next_data).is_some_and(|r| r.end < pos) {
            self.next_data += 1;
        }
        self.data
            .get(self.next_data)
            .is_some_and(|r| r.start <= pos)
    }

    /// The answers of a block that starts at `pos` are only told when a sentence introduces
    /// the block as someone else's (see [`introduced_as_other`]).
    fn tell_if_introduced(&self, pieces: &mut [Piece], pos: usize) {
        if introduced_as_other(self.lower, pos) {
            for p in pieces {
                if let Piece::Response(a) = p {
                    a.told = true;
                }
            }
        }
    }

    /// Read what starts at `pos` (a line start, or the rest of a line after a command).
    fn step(&mut self, pos: usize) -> usize {
        let text = self.text;
        let line = line_at(text, pos);
        if !self.ran_lines.is_empty() {
            // `pos` only moves forward: count the line breaks since the last step.
            let (at, n) = self.line_reached;
            let n = n + memchr::memchr_iter(b'\n', &text.as_bytes()[at..pos]).count();
            self.line_reached = (pos, n);
            self.ran = self.ran_lines.get(n).copied().unwrap_or_default();
        }
        let t = crate::evidence::trim(line.text);
        if t.is_empty() || t.starts_with("```") || t.starts_with("~~~") || self.in_data(pos) {
            self.prose.end_paragraph();
            return line.next;
        }
        // The line from its first word, as the readers below that read it so take it: where
        // `t` starts (`trim` passes the same blanks as `trim_start`), not trimmed again by each.
        let first = &line.text[t.as_ptr() as usize - line.text.as_ptr() as usize..];
        // The readers' questions about this line's markers, answered from its tables.
        self.marks.focus(pos..line.end);
        if http::tls_trace(t) {
            return line.next;
        }
        if self.marks.within(Table::HttpVersion, pos..line.end)
            && let Some(pieces) = http::python_debug(t)
        {
            self.pieces.extend(pieces);
            return line.next;
        }
        if self.marks.within(Table::HttpVersion, pos..line.end)
            && let Some((mut pieces, end)) = http::transcript(text, pos)
        {
            // A transcript a page shows ("From the API docs, this is what it answers:").
            self.tell_if_introduced(&mut pieces, pos);
            self.pieces.extend(pieces);
            return end;
        }
        if self.http2
            && let Some((pieces, end)) = http2::log(text, pos)
        {
            self.pieces.extend(pieces);
            return end;
        }
        if let Some(rule) = git::listed_insteadof(t) {
            self.env.insteadof.push(rule);
            return line.next;
        }
        if git::starts_output_marked(t, self.marks.within(Table::GitFatal, pos..line.end))
            && pos >= self.git_without_outcome
        {
            match git::output(text, pos) {
                Ok((mut pieces, end)) => {
                    git::bind_output(&mut pieces, &self.env);
                    // git's words after "you'll see:" are what someone else would get.
                    self.tell_if_introduced(&mut pieces, pos);
                    self.pieces.extend(pieces);
                    return end;
                }
                Err(end) => self.git_without_outcome = end,
            }
        }
        if self.marks.within(Table::Authorization, pos..line.end)
            && let Some(sent) = http::authorization_field(line.text, &self.env)
        {
            self.pieces.push(Piece::Request(sent));
            // The rest of the line (Go's `URL:https://…`, logfmt's `status=401`).
            return self.line(pos, line.end).max(line.next);
        }
        let marks = &self.marks;
        let (sent, code_end) = self
            .code
            .read(text, pos, line, first, &mut self.env, |range| {
                marks.within(Table::CodeWords, range)
            });
        let code_sent = !sent.is_empty();
        self.pieces.extend(sent.into_iter().map(Piece::Request));
        self.before_others = self.pieces.len();
        match code_end {
            // A line of code is read as a line all the same (`… # 401`, "and I get 401").
            Some(end) if end == line.next => return self.line(pos, line.end).max(end),
            Some(end) => {
                // What the code sends, the code reader has read; else it may be a config.
                if !code_sent {
                    self.config_lines(pos, end);
                }
                return end;
            }
            None => {}
        }
        if t.starts_with("protocol=")
            && let Some((sent, end)) = git::credential_record(text, pos)
        {
            self.pieces.push(Piece::Request(sent));
            return end;
        }
        if let Some(end) = self.json_block(pos, line.text, first) {
            return end;
        }
        if let Some(end) = self.netrc(pos, t) {
            return end;
        }
        if self.marks.within(Table::Authorization, pos..line.end)
            && let Some(sent) = http::authorization_line(line.text, &self.env)
        {
            self.pieces.push(Piece::Request(sent));
            // "Authorization: {api_token} (… but it currently works.)": the words after it.
            self.read_prose(pos..line.end);
            return line.next;
        }
        if let Some(end) = self.assignment(pos, t) {
            return end;
        }
        if starts_with_curl_option(t) {
            let c = shell::command(text, pos);
            self.run(Runs::Http(Program::Curl), &c.words);
            return c.next;
        }
        self.line(pos, line.end)
    }

    /// The lines of a statement the code reader took whole (`module.exports = {…}`, a
    /// Terraform block): the login and secret a config gives there.
    fn config_lines(&mut self, start: usize, end: usize) {
        let mut p = start;
        while p < end {
            let line = line_at(self.text, p);
            let e = line.end.min(end);
            let named = self.fields(p..e);
            if let Some(sent) = self.form.read(&self.text[p..e], &self.lower[p..e], named) {
                self.pieces.push(Piece::Request(sent));
            }
            if line.next <= p {
                break;
            }
            p = line.next;
        }
    }

    /// A JSON body on its own lines (pretty-printed, or with its braces lost).
    fn json_block(&mut self, pos: usize, line: &str, t: &str) -> Option<usize> {
        debug_assert_eq!(t, line.trim_start());
        let open = pos + (line.len() - t.len());
        let end = if t.starts_with('{')
            || (t.starts_with('[') && t[1..].trim_start().starts_with(['{', '"']))
        {
            body::json_end(self.text, open, shell::cap_end(self.text, open, BODY_CAP))
        } else if body::is_member_line(t) {
            // Consecutive member lines: `"next": "",` … the braces were lost on the way.
            let mut end = pos;
            loop {
                let l = line_at(self.text, end);
                let lt = l.text.trim();
                let member = body::is_member_line(lt)
                    || matches!(lt, "{" | "}" | "}," | "[" | "]" | "]," | "},{");
                if end >= self.text.len() || !member || end - pos > BODY_CAP {
                    break;
                }
                end = l.next;
            }
            end
        } else {
            return None;
        };
        let region = &self.text[open..end.max(open)];
        // A tool's own JSON around the answer: its status member (`"statusCode": 429`) and the
        // URL it names.
        let status = self.status_in(open..end.max(open));
        // A status only in words (Renovate's `"msg":"Authentication failure"`) over an error
        // of the network or TLS the same object logs: the tool's headline, not an answer.
        let worded =
            status.is_some() && body::number_in(&self.lower[open..end.max(open)]).is_none();
        // A tool's logged error (`"err": {"name": "MaxRedirectsError", …}`): the failure, not
        // an answer of no status.
        let failed = (status.is_none() || worded) && self.failure_lines(open, end);
        // Renovate's last line lists the errors it logged above (`"loggerErrors"`): their
        // headlines again, no answer of their own.
        let recap = worded && contains_str(&self.lower[open..end.max(open)], "\"loggererrors\"");
        let status = status.filter(|_| !(recap || (failed && worded)));
        let status = status.or_else(|| self.introduced_status());
        // An unreadable region is consumed all the same: reading it again from each of its
        // lines would make the scan quadratic.
        match body::read(region, status, false, &[]).filter(|r| !(failed && r.status == 0)) {
            Some(response) => {
                let path = status.and_then(|_| path_in(region));
                // An error in no words of Bitbucket's (`"message": "Response code 429 (Too
                // Many Requests)"`, a line of a tool's pretty-printed error) is any server's,
                // unless the lines tie it to Bitbucket.
                let foreign = response.status >= 400
                    && crate::bitbucket::said(&response).is_none()
                    && !self.tied(open, end.max(open));
                let untied = self.untied(open, end.max(open)) || foreign;
                self.pieces.push(Piece::Response(Answer {
                    path,
                    untied,
                    // The body a page says an endpoint "will answer:"; a message a
                    // ticket's or a config's object holds under a name of its own.
                    told: introduced_as_other(self.lower, open)
                        || self
                            .message_in(open..end)
                            .is_some_and(|at| in_source(&self.text[line_start(self.text, at)..at])),
                    ..Answer::of(response)
                }));
            }
            // A config as JSON (`{"username": …, "password": …}`), or a request's headers as
            // a tool exports them (`"Authorization": "Bearer …",`).
            None => {
                let before = self.pieces.len();
                self.config_lines(open, end);
                if self.pieces.len() == before {
                    self.header_members(open, end);
                }
            }
        }
        Some(end.max(pos + 1))
    }

    /// The `Authorization` member of a JSON object that is no answer: a request's headers as a
    /// tool's run history exports them. A value the tool masked whole says nothing of it.
    fn header_members(&mut self, start: usize, end: usize) {
        let mut p = start;
        while p < end {
            let line = line_at(self.text, p);
            let e = line.end.min(end);
            let value = self.text[p..e].split_once(':').map_or("", |(_, v)| v);
            if self.marks.within(Table::Authorization, p..e)
                && !code::masked(value.trim().trim_end_matches(',').trim_matches('"'))
                && let Some(sent) = http::authorization_line(&self.text[p..e], &self.env)
            {
                self.pieces.push(Piece::Request(sent));
            }
            if line.next <= p {
                break;
            }
            p = line.next;
        }
    }

    /// The status a sentence told just before, ending with `:` to introduce the body that
    /// follows ("gets an HTTP 401 response … with the message:"): the body's own status.
    fn introduced_status(&self) -> Option<u16> {
        match self.pieces.last() {
            Some(Piece::Response(a)) if a.bare && a.forward && a.response.message.is_none() => {
                Some(a.response.status)
            }
            _ => None,
        }
    }

    /// The first network failure among the lines of a block taken whole: a tool logs its
    /// error as JSON (`"name": "MaxRedirectsError"`, `"code": "ENOTFOUND"`).
    fn failure_lines(&mut self, start: usize, end: usize) -> bool {
        if !self.marks.within(Table::Network, start..end) {
            return false;
        }
        let mut p = start;
        while p < end {
            let line = line_at(self.text, p);
            let e = line.end.min(end);
            if let Some(failure) = network::failure(&self.text[p..e], &self.lower[p..e]) {
                self.pieces.push(Piece::Failure {
                    failure,
                    git: false,
                });
                return true;
            }
            if line.next <= p {
                break;
            }
            p = line.next;
        }
        false
    }

    /// A netrc file (`machine api.bitbucket.org` then `login …`, `password …`, on its line or
    /// the next few): kept for the commands that read it; where reading goes on.
    fn netrc(&mut self, pos: usize, trimmed: &str) -> Option<usize> {
        // The line's first bytes first: its first word can only be `machine` if it starts so,
        // and most lines do not (the words were split out of every line).
        if !trimmed.starts_with("machine") {
            return None;
        }
        let mut words = trimmed.split_whitespace();
        if words.next() != Some("machine") || !words.next()?.contains('.') {
            return None;
        }
        const KEYWORDS: [&str; 5] = ["machine", "login", "password", "account", "default"];
        let mut end = line_at(self.text, pos).next;
        for _ in 0..8 {
            let l = line_at(self.text, end);
            let first = l.text.split_whitespace().next().unwrap_or("");
            if end >= self.text.len() || !KEYWORDS.contains(&first) {
                break;
            }
            end = l.next;
        }
        let block = &self.text[pos..end];
        self.env.netrc = Some(match self.env.netrc.take() {
            Some(before) => format!("{before}\n{block}"),
            None => block.to_string(),
        });
        Some(end)
    }

    /// `NAME=value`, `export NAME=value`, PowerShell's `$name = "value"`, and a command after
    /// an assignment prefix (`TOKEN=x curl …`).
    fn assignment(&mut self, pos: usize, trimmed: &str) -> Option<usize> {
        // Told from the line's first bytes before its first word is split out (most lines are
        // no assignment); the tests hold the gate to the tests below.
        if !may_assign(trimmed) {
            return None;
        }
        let first = trimmed.split_whitespace().next()?;
        let keyword = matches!(first, "export" | "set" | "declare" | "local" | "readonly");
        let powershell =
            first.starts_with('$') && trimmed[first.len()..].trim_start().starts_with('=');
        if !(keyword || powershell || is_assignment(first)) {
            return None;
        }
        let c = shell::command(self.text, pos);
        let mut words = c.words.as_slice();
        if powershell {
            // One value, as a shell word; an expression (`[Convert]::ToBase64String(…)`) is
            // the code reader's, which evaluates it.
            if let [name, eq, value] = words
                && eq.text == "="
                && !value.text.starts_with('[')
                && !value.text.contains("::")
            {
                let v = self.env.value(value);
                // `$env:NAME` sets the environment variable NAME, which `$env:NAME`, `$NAME`
                // in a shell it starts and a program's own lookup all read.
                let name = name.text.trim_start_matches('$');
                let name = name
                    .get(..4)
                    .filter(|p| p.eq_ignore_ascii_case("env:"))
                    .map_or(name, |p| &name[p.len()..]);
                self.env.set(name, v);
            }
            return Some(c.next);
        }
        if keyword {
            words = &words[1..];
            while words.first().is_some_and(|w| w.text.starts_with('-')) {
                words = &words[1..];
            }
        }
        while let Some(w) = words.first() {
            let Some(eq) = w.text.find('=').filter(|_| is_assignment(&w.text)) else {
                break;
            };
            let value = shell::Word {
                text: w.text[eq + 1..].to_string(),
                subs: w
                    .subs
                    .iter()
                    .filter(|s| s.range.start > eq)
                    .map(|s| shell::Sub {
                        range: s.range.start - eq - 1..s.range.end - eq - 1,
                        ..s.clone()
                    })
                    .collect(),
            };
            let v = self.env.value(&value);
            self.env.set(&w.text[..eq], v);
            words = &words[1..];
        }
        if let Some(runs) = words
            .first()
            .and_then(|w| runs(&w.text, words.get(1).map_or("", |n| n.text.as_str())))
        {
            self.run(runs, &words[1..]);
        } else if words.is_empty() && !keyword {
            // Assignments and nothing to run: a logfmt line (`level=error msg="GET URL: 410
            // Gone"`) as much as a script's; what its values say is read as a line's would be.
            let line = line_at(self.text, pos);
            self.fragment(pos, line.end);
        }
        Some(c.next)
    }

    /// The request a command sends, into the pieces.
    fn run(&mut self, runs: Runs, args: &[shell::Word]) {
        let sent = match runs {
            Runs::Http(program) => {
                let (sent, status_line) = curl::command(program, args, &self.env);
                self.status_line = status_line.map(|s| (s, self.pieces.len(), STATUS_LINE_WAIT));
                Some(sent)
            }
            Runs::Git => {
                if let Some(rule) = git::insteadof(args, &self.env) {
                    self.env.insteadof.push(rule);
                }
                git::command(args, &self.env, &mut self.origin)
            }
            Runs::Login => super::flags::command(args, &self.env),
        };
        if let Some(mut sent) = sent {
            // A tool that masks the credential in the URL it logs (npm's `https://***:***@…`)
            // sent the one shown earlier for the same repository (its package.json).
            if matches!(runs, Runs::Git)
                && sent.request.auth.as_ref().is_some_and(|a| {
                    a.login.as_deref().is_some_and(crate::credential::is_mask)
                        && a.placeholder.as_ref().is_some_and(|p| p.mask)
                })
                && let Some(shown) = self.pieces.iter().rev().find_map(|p| match p {
                    Piece::Request(r) if r.request.url == sent.request.url => r
                        .request
                        .auth
                        .as_ref()
                        .filter(|a| !a.login.as_deref().is_some_and(crate::credential::is_mask)),
                    _ => None,
                })
            {
                sent.request.auth = Some(shown.clone());
            }
            // A template marker in a command a runner shows run (`+ curl …`), or one
            // PowerShell ran, was sent as written: no shell expands `{{var}}` or GitHub's
            // `${{ secrets.X }}`, and PowerShell not `%VAR%` either. A `$VAR` is the shell's
            // (Pipelines' `+ ` echoes the script's line unexpanded): its quotes decide. The
            // poster's own redaction (`<the-token>`, `{api_token}`, `YOUR_TOKEN`), written over
            // the secret when pasting, says nothing of what was sent.
            if let Some(p) = sent
                .request
                .auth
                .as_mut()
                .and_then(|a| a.placeholder.as_mut())
                && p.engine
                && self.ran != super::paste::Ran::Unknown
            {
                p.literal = true;
            }
            self.pieces.push(Piece::Request(sent));
        }
    }

    /// The status a curl command's `-w` printed, on the lines from `start` to `end` just read
    /// (which gave the pieces from `first_new`): its request's response. A body read since
    /// the command takes the status; else the status alone is the response. The wait ends at
    /// the next request or after a few steps.
    fn written_status(&mut self, first_new: usize, start: usize, end: usize) {
        let Some((format, request, wait)) = self.status_line.take() else {
            return;
        };
        // A command these lines ran took the wait over (the wait ends at the next request):
        // its status comes on later lines.
        if request >= first_new {
            self.status_line = Some((format, request, wait));
            return;
        }
        if self.pieces[request + 1..first_new]
            .iter()
            .any(|p| matches!(p, Piece::Request(_)))
        {
            return;
        }
        // A prompt or a trace line starts the next command's output.
        let mut ended = false;
        let found = lines(&self.text[start..end.min(self.text.len())])
            .take_while(|l| {
                ended |= super::paste::command(l).is_some();
                !ended
            })
            .find_map(|l| format.status(l));
        let Some(status) = found else {
            if ended {
                return;
            }
            let later_request = self.pieces[first_new..]
                .iter()
                .any(|p| matches!(p, Piece::Request(_)));
            if wait > 0 && !later_request {
                self.status_line = Some((format, request, wait - 1));
            }
            return;
        };
        // A body read since the command (on these lines, or on the line the status ends).
        for piece in self.pieces[request + 1..].iter_mut().rev() {
            if let Piece::Response(a) = piece
                && !a.git
            {
                a.response.status = status;
                return;
            }
        }
        let Some(response) = body::read("", Some(status), false, &[]) else {
            return;
        };
        self.pieces.push(Piece::Response(Answer::of(response)));
    }

    /// A line of prose, perhaps with commands, statuses and messages in it, from `pos` to
    /// `end`. Returns where reading goes on.
    fn line(&mut self, pos: usize, end: usize) -> usize {
        let text = self.text;
        let mut p = pos;
        while p < end {
            // A command needs its program's name: a stretch without one is passed over.
            let command = match self.marks.within(Table::Programs, p..end) {
                true => {
                    // Only the words a program's name stands in are asked what they run.
                    let mut names = std::mem::take(&mut self.names);
                    names.clear();
                    names.extend(self.marks.spans_within(Table::Programs, p..end));
                    let command = find_command_in(&text[p..end], Some(&names));
                    self.names = names;
                    command
                }
                false => None,
            };
            let Some((start, runs, code_end)) =
                command.map(|(s, r, c)| (p + s, r, c.map(|c| p + c)))
            else {
                return self.fragment(p, end).max(line_at(text, end).next);
            };
            let after_fragment = self.fragment(p, start);
            if after_fragment > end {
                return after_fragment;
            }
            let at_line_start = text[line_start(text, start)..start]
                .trim()
                .trim_start_matches(['$', '%', '>', '#', '❯', '➜'])
                .trim()
                .is_empty();
            let c = match code_end {
                Some(code_end) => shell::line_command(text, start, code_end),
                None if at_line_start => shell::command(text, start),
                None => shell::line_command(text, start, end),
            };
            if let Some((_program, args)) = c.words.split_first() {
                self.run(runs, args);
            }
            let next = match code_end {
                Some(code_end) => code_end + 1,
                None => c.next,
            };
            if next > end {
                return next;
            }
            p = next.max(p + 1);
            if c.stop == Some(shell::Stop::Pipe) {
                // The rest of a pipeline (`| jq .`) filters output; it sends nothing.
                p = skip_pipeline(text, p, end);
            }
        }
        line_at(text, end).next
    }

    /// A stretch of a line that is not a command: a network failure, a logged request, a
    /// status, a Bitbucket message or a JSON body; else prose. Returns where reading goes on
    /// (past `end` when a body runs over the following lines).
    fn fragment(&mut self, start: usize, end: usize) -> usize {
        let seg = &self.text[start..end];
        if crate::evidence::trim(seg).is_empty() {
            return end;
        }
        // A test's name or a commit's subject holds Bitbucket's words as data, not as an answer.
        if self.marks.within(Table::Messages, start..end)
            && names_a_test_or_commit(line_at(self.text, start).text)
        {
            return end;
        }
        let lower = &self.lower[start..end];
        if self.marks.within(Table::Network, start..end)
            && let Some(failure) = network::failure(seg, lower)
        {
            self.pieces.push(Piece::Failure {
                failure,
                git: false,
            });
            return end;
        }
        let mut logged_status = None;
        if self.marks.within(Table::Methods, start..end)
            && let Some((sent, status, url_end)) = http::logged_request(seg)
        {
            self.pieces.push(Piece::Request(sent));
            // The status may stand elsewhere on the line: "401 Unauthorized - GET https://…",
            // "GET https://… failed: 401 Unauthorized".
            let status = status
                .or_else(|| body::status_in(lower))
                .or_else(|| body::arrow_status(lower));
            if status.is_none() && json_start(&seg[url_end..]).is_none() {
                return end;
            }
            logged_status = status;
        }
        let status = logged_status.or_else(|| self.status_in(start..end));
        let known = self.known_in(start..end);
        let json = json_start(seg).map(|at| start + at);
        if status.is_none() && known.is_none() && json.is_none() {
            // A URL alone on the line after a status that ends with `:` ("401 Unauthorized:"
            // then the URL, as Java clients log a failed call) is the request it answers.
            if let Some(Piece::Response(a)) = self.pieces.last()
                && a.forward
                && let Some(u) = url::find_all(seg).next()
                && u.len() == seg.trim().trim_end_matches(['.', ',']).len()
            {
                let (clean, _) = url::clean(u);
                self.pieces.push(Piece::Request(super::Sent {
                    request: crate::evidence::Request {
                        method: "GET".into(),
                        url: super::scrub::text(&clean).into_owned(),
                        auth: None,
                        auth_unseen: true,
                    },
                    source: "log",
                }));
                return end;
            }
            if let Some(sent) = git::remote(seg).or_else(|| http::anonymous_connection(seg)) {
                self.pieces.push(Piece::Request(sent));
                return end;
            }
            self.read_prose(start..end);
            let named = self.fields(start..end);
            if let Some(sent) = self.form.read(seg, lower, named) {
                self.pieces.push(Piece::Request(sent));
            }
            return end;
        }
        let (region, region_end) = match json {
            Some(open) => {
                let cap = shell::cap_end(self.text, open, BODY_CAP);
                let close = body::json_end(self.text, open, cap);
                // A quoted body cut before its brace: the message sits before the `{`.
                let message_before = known.is_some() && self.known_in(open..end).is_none();
                let from = if message_before { start } else { open };
                (&self.text[from..close], close.max(end))
            }
            None if known.is_some() => {
                let stop = self.message_end(end);
                (&self.text[start..stop], stop)
            }
            None => ("", end),
        };
        let Some(response) = body::read(region, status, false, &[]) else {
            self.read_prose(start..end);
            // A JSON region is consumed even when it says nothing (see `json_block`); a
            // config's block (`provider "bitbucket" {…}`) may give a login and a secret.
            self.config_lines(end, region_end);
            return region_end;
        };
        let bare = json.is_none() && known.is_none();
        if bare && predicted(lower) {
            // A status a page or an announcement foretells ("requests will fail with an HTTP
            // 401"): no one's answer.
            self.read_prose(start..end);
            return end;
        }
        if bare {
            // A status told in a sentence: the rest of the sentence is prose all the same.
            self.read_prose(start..end);
        }
        // A message quoted inside someone's sentence ("we used to get "…" back in March"):
        // told, whatever the sentence says of it.
        // Where the message stands on its line, and the words before it there.
        let message_at = known.and_then(|m| find_str(lower, m.needle));
        let quoted = json.is_none() && message_at.is_some_and(|at| in_sentence(&seg[..at]));
        // "I'm not getting "…"", "we no longer see "…"": a message the sentence denies.
        let denied = quoted && message_at.is_some_and(|at| denies(&lower[..at]));
        // Where the message stands in the text, when a body runs over the lines below.
        let message_pos = self.message_in(start..region_end);
        let untied = self.untied(start, region_end);
        // A status the poster tells of in a sentence of their own ("we get a 401").
        let theirs = bare && personal(lower);
        let told = theirs
                // Its status foretold on the same line ("… will fail with an HTTP 410"); a bare
                // status's region is its fragment, asked above.
                || (!bare && predicted(&self.lower[start..region_end.min(self.lower.len())]))
                || commented(seg)
                || denied
                || asked_about(lower, known)
                || known.is_some_and(|m| m.named)
                || message_pos.is_some_and(|at| {
                    in_call(&self.text[call_start(self.text, at)..at])
                        // A body that runs over the lines below: its message's own line.
                        || (at >= end && in_source(&self.text[line_start(self.text, at)..at]))
                })
                || message_at.is_some_and(|at| {
                    foretold(self.lower, start + at)
                        || documented(&lower[..at])
                        || in_source(&seg[..at])
                });
        self.pieces.push(Piece::Response(Answer {
            response,
            untied,
            git: false,
            bare,
            told,
            quoted,
            // A git operation's failure the poster tells of ("our job cannot clone, it says …").
            over_git: theirs && names_git_operation(lower),
            path: path_in(seg).or_else(|| {
                bare.then(|| status_only(seg))
                    .filter(|&only| only)
                    .and_then(|_| url_ending_line_before(self.text, start))
            }),
            forward: bare && seg.trim_end().ends_with(':'),
        }));
        region_end
    }

    /// Whether the answer read from `from` to `to` holds Bitbucket's message only in words any
    /// server may write ("The access token expired" is Spotify's too), with nothing on its
    /// lines to tie it to Bitbucket: Bitbucket's error envelope, its host or its name.
    fn untied(&self, from: usize, to: usize) -> bool {
        self.known_in(from..to.min(self.text.len()))
            .is_some_and(|m| m.generic)
            && !self.tied(from, to)
    }

    /// Whether the lines from `from` to `to` tie what they hold to Bitbucket: its error
    /// envelope, its host or its name.
    fn tied(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.text.len());
        let lines = &self.lower[line_start(self.text, from)..to];
        contains_str(lines, "\"type\": \"error\"")
            || contains_str(lines, "\"type\":\"error\"")
            || network::names_bitbucket(lines)
    }

    /// A stretch read as prose by the claims reader, with the cues the markers found there.
    fn read_prose(&mut self, range: std::ops::Range<usize>) {
        // One buffer for every stretch's cues: most lines are prose, and a vector each cost
        // an allocation each.
        let mut cues = std::mem::take(&mut self.cue_buffer);
        cues.clear();
        self.marks
            .extend_rows_within(Table::Cues, range.clone(), &mut cues);
        self.prose
            .read_lower(&self.text[range.clone()], &self.lower[range], Some(&cues));
        self.cue_buffer = cues;
    }

    /// Which of the form's fields a stretch names, for [`postman::Form::read`].
    fn fields(&self, range: std::ops::Range<usize>) -> postman::Named {
        postman::Named::of_rows(
            self.marks
                .rows_within(Table::Fields, range)
                .map(|(_, row)| row),
        )
    }

    /// The status a stretch of the text reports ([`body::status_in`]): a number, else a
    /// tool's words for one as the markers found them (the first in table order).
    fn status_in(&self, range: std::ops::Range<usize>) -> Option<u16> {
        // curl's `CONNECT tunnel established, response 200`: the proxy's answer, not the server's.
        let lower = &self.lower[range.clone()];
        let status = body::number_in(lower)
            .or_else(|| Some(body::WORDED[self.marks.first_row(Table::Worded, range)?].1))?;
        // Asked only of a stretch with a status: most have none.
        (!contains_str(lower, "tunnel established")).then_some(status)
    }

    /// The Bitbucket message a stretch of the text holds ([`body::known_in`]), as the markers
    /// found it (the first in table order).
    fn known_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> Option<&'static crate::bitbucket::Message> {
        Some(&crate::bitbucket::MESSAGES[self.marks.first_row(Table::Messages, range)?])
    }

    /// Where the first Bitbucket message in a stretch of the text stands.
    fn message_in(&self, range: std::ops::Range<usize>) -> Option<usize> {
        let range = range.start..range.end.min(self.text.len());
        let m = self.known_in(range.clone())?;
        Some(range.start + find_str(&self.lower[range], m.needle)?)
    }

    /// Where a plain-text Bitbucket message that began on the line ending at `end` stops: its
    /// following lines up to a blank line or anything a parser claims.
    fn message_end(&self, end: usize) -> usize {
        let mut stop = end;
        let mut pos = line_at(self.text, end).next;
        for _ in 0..MESSAGE_LINES {
            let l = line_at(self.text, pos);
            if pos >= self.text.len()
                || l.text.trim().is_empty()
                || starts_item(l.text)
                || pos <= end
                // A log's next entry: a level, or a request it logged.
                || starts_log_entry(l.text)
                || http::logged_request(l.text).is_some()
            {
                break;
            }
            stop = l.end;
            pos = l.next;
        }
        stop
    }
}

/// A line that names a test or a commit: a test runner's result (`✓ maps 401 "…"`, `--- PASS:
/// TestX/401_…`, `=== RUN`, pytest's `tests/x.py::test[…] PASSED`) or `git log --oneline`'s
/// `3f2a1c0 fix: …`, a test's log line, a changelog's entry linking its commit (`* fix: …
/// ([a1b2c3d](…/commits/a1b2c3d))`). What it quotes of Bitbucket's is what the test or the
/// commit is about.
fn names_a_test_or_commit(line: &str) -> bool {
    let t = line.trim_start();
    let runner = [
        "✓", "✔", "√", "✕", "✗", "--- PASS", "--- FAIL", "=== RUN", "PASS:", "FAIL:",
    ]
    .iter()
    .any(|m| t.starts_with(m));
    let pytest = t.contains("::")
        && [" PASSED", " FAILED", " XFAIL", " SKIPPED"]
            .iter()
            .any(|m| t.contains(m));
    let commit_id = |id: &str| {
        (7..=40).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && id.bytes().any(|b| b.is_ascii_alphabetic())
    };
    let commit = t
        .split_once(' ')
        .is_some_and(|(id, rest)| commit_id(id) && !rest.trim_start().starts_with(['.', '-']));
    // What a checkout prints of the commit it lands on: git's `HEAD is now at 3f2a1c0 …`,
    // `git commit`'s `[main 3f2a1c0] …`, Jenkins' `Commit message: "…"`.
    let checkout = t
        .strip_prefix("HEAD is now at ")
        .and_then(|rest| rest.split_once(' '))
        .is_some_and(|(id, _)| commit_id(id))
        || t.strip_prefix('[')
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(head, _)| head.rsplit_once(' '))
            .is_some_and(|(branch, id)| !branch.is_empty() && commit_id(id))
        || t.get(..15)
            .is_some_and(|p| p.eq_ignore_ascii_case("commit message:"));
    // A test's own log line (`bbclient_test.go:88: …`, `errors.test.ts:14`).
    let test_log = t.split_once(':').is_some_and(|(file, rest)| {
        let file = file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(file)
            .to_ascii_lowercase();
        let test_file = file.contains("_test.")
            || file.contains(".test.")
            || file.contains(".spec.")
            || file.starts_with("test_");
        test_file && rest.starts_with(|c: char| c.is_ascii_digit())
    });
    let changelog = t.starts_with(['*', '-'])
        && t.find("](").is_some_and(|at| {
            let link = &t[at..];
            link.contains("/commit/") || link.contains("/commits/")
        });
    runner || pytest || commit || checkout || test_log || changelog
}

/// A line a logger began with its level (`DEBUG bbsync: …`, `[INFO] …`).
fn starts_log_entry(line: &str) -> bool {
    let word = line
        .trim_start()
        .trim_start_matches('[')
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    super::paste::LEVELS
        .iter()
        .any(|level| word.eq_ignore_ascii_case(level))
}

/// A sentence that names a git operation ("cannot clone", "git push fails"), not a pull
/// request's or the API's: the status it tells is git's.
fn names_git_operation(lower: &str) -> bool {
    // Words, not URLs or hosts (`https://git.example.com`, `git@bitbucket.org:…`).
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !w.contains(['.', '/', '@', ':']) || w.ends_with([':', '.']))
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    // Another tool's pull or push (`docker pull`, `helm pull`), or the API's.
    let other = words.iter().any(|w| {
        matches!(
            *w,
            "api"
                | "rest"
                | "curl"
                | "endpoint"
                | "request"
                | "requests"
                | "docker"
                | "helm"
                | "image"
                | "npm"
                | "chart"
        ) || w.starts_with("pull-request")
            || w.starts_with("pullrequest")
    });
    !other
        && words.iter().any(|w| {
            matches!(
                *w,
                "git"
                    | "clone"
                    | "clones"
                    | "cloning"
                    | "cloned"
                    | "push"
                    | "pushes"
                    | "pushing"
                    | "pushed"
                    | "pull"
                    | "pulls"
                    | "pulling"
            )
        })
}

/// A sentence someone wrote about themselves ("I get a 401", "we keep getting 403"), not a line
/// a tool printed ("unexpected status code: 401").
fn personal(lower: &str) -> bool {
    // Split byte by byte, not char by char: a character outside ASCII parts words either way.
    lower
        .as_bytes()
        .split(|&c| !IN_WORD[usize::from(c)])
        .any(|w| {
            matches!(
                w,
                b"i" | b"i'm" | b"im" | b"i've" | b"we" | b"we're" | b"my" | b"our" | b"me" | b"us"
            )
        })
}

/// The bytes of a word for [`personal`] and [`predicted`]: ASCII letters and digits, and the
/// apostrophe. One table lookup a byte: `personal` reads every byte of a status's line.
static IN_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        table[c] = (c as u8).is_ascii_alphanumeric() || c as u8 == b'\'';
        c += 1;
    }
    table
};

/// Whether a sentence foretells what would happen ("API requests will fail with an HTTP 401",
/// "you'll get a 403"), not what happened to the writer ("I will get a 401 whenever I…" is
/// told, see [`personal`]).
fn predicted(lower: &str) -> bool {
    if personal(lower) {
        return false;
    }
    // The sentence that leads to the first status (`4xx`, `5xx`).
    let b = lower.as_bytes();
    let Some(at) = (0..b.len().saturating_sub(2)).find(|&i| {
        matches!(b[i], b'4' | b'5')
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
    }) else {
        return false;
    };
    let start = lower[..at].rfind(['.', '?', '!']).map_or(0, |i| i + 1);
    // Split byte by byte, as in `personal`.
    let words: Vec<&[u8]> = lower.as_bytes()[start..at]
        .split(|&c| !IN_WORD[usize::from(c)])
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        // Not `would`: "it would return 401 at random" tells what kept happening.
        let modal = *w == b"will" || w.ends_with(b"'ll");
        // `you'll get`: the verb follows the contraction at once.
        modal
            && words[i + 1..].iter().take(3).any(|n| {
                matches!(
                    *n,
                    b"fail"
                        | b"return"
                        | b"respond"
                        | b"answer"
                        | b"get"
                        | b"receive"
                        | b"give"
                        | b"throw"
                )
            })
    })
}

/// Whether a Bitbucket message stands in a quote inside a sentence of someone's, given the
/// text before it on its line: `we used to get "remote: To access…`, `I do NOT get “Your…`,
/// a sentence in another language. A tool prints its message after a prefix of its own
/// (`remote: `, `error: `, a status or a URL), not inside a quote after prose.
fn in_sentence(before: &str) -> bool {
    let Some((q, c)) = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '"' | '\'' | '`' | '“' | '‘' | '«' | '「' | '„'))
    else {
        return false;
    };
    let sentence = &before[..q];
    // An opening quote: `"` and `` ` `` an odd one; `'` where a word does not end (not
    // "Atlassian's"); a code fence flattened onto the line opens a block, not a quote.
    let opening = match c {
        '"' => before.matches('"').count() % 2 == 1,
        '`' => before.matches('`').count() % 2 == 1 && !sentence.ends_with('`'),
        '\'' => !sentence.ends_with(|p: char| p.is_alphanumeric()),
        _ => true,
    };
    if !opening || before.len() - q > 120 {
        return false;
    }
    let lower = sentence.to_lowercase();
    let words = sentence
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let tool = sentence.contains("://") || body::number_in(&lower).is_some();
    let foreign = sentence.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    !tool && (personal(&lower) || words >= 4 || foreign)
}

/// Whether the words before a message on its line make it a document's, not an answer anyone
/// got: a page that says it (`The KB article says: "…"`, `Atlassian says "…"`, `according to
/// the changelog`, `Runbook: …`), a condition someone else may meet (`if a pipeline fails with
/// "…"`, `If you see '…'`), a table's cell (`| remote: … | meaning |`).
fn documented(before: &str) -> bool {
    const PAGES: &[&str] = &[
        "docs",
        "documentation",
        "article",
        "kb",
        "changelog",
        "announcement",
        "blog",
        "runbook",
        "wiki",
        "guide",
        "readme",
        "faq",
        "atlassian",
        "atlassian's",
    ];
    // A table's cell; advice a writer or a tool gives (`NOTE: …`, git's own `hint: …`).
    let lead = before.trim_start();
    if lead.starts_with('|')
        || ["note:", "hint:", "tip:"]
            .iter()
            .any(|a| lead.starts_with(a))
    {
        return true;
    }
    let words: Vec<&str> = before
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let page = words.iter().any(|w| PAGES.contains(w));
    let reports = words.iter().any(|w| {
        matches!(
            *w,
            "says" | "say" | "said" | "states" | "reads" | "writes" | "explains" | "according"
        )
    }) || before.trim_end().ends_with(':');
    // `if a deploy fails with "…"`, not the writer's own (`if I push, I get "…"`).
    let condition = words.iter().position(|w| *w == "if").is_some_and(|i| {
        let rest = &words[i + 1..];
        !rest.first().is_some_and(|w| matches!(*w, "i" | "we"))
            && rest
                .iter()
                .any(|w| matches!(*w, "see" | "get" | "fails" | "fail" | "returns" | "answers"))
    });
    (page && reports) || condition
}

/// Whether Bitbucket's message stands in a question about what would happen ("will our builds
/// fail with "…" when…?", "if we ever hit the limit and it answers 429 with "…", does it…?"):
/// asked about, not answered. A question about what happened ("why do I get "…"?") is not.
fn asked_about(lower: &str, known: Option<&crate::bitbucket::Message>) -> bool {
    let Some(at) = known.and_then(|m| find_str(lower, m.needle)) else {
        return false;
    };
    let start = lower[..at].rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    if lower[at..]
        .find(['!', '?'])
        .is_none_or(|i| lower.as_bytes()[at + i] != b'?')
    {
        return false;
    }
    // The question ends after the message (whose own words may hold a full stop); what would
    // happen is asked before it.
    lower[start..at]
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .any(|w| matches!(w, "will" | "would" | "could" | "might" | "ever"))
}

/// How far back the sentence that leads to a message is sought.
const SENTENCE_BACK: usize = 320;

/// The sentence that leads to `at`, over line breaks: it starts after the last full stop,
/// question or exclamation mark followed by a space, or after a blank line, unless a colon
/// before that blank line introduces a block.
fn lead(lower: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(SENTENCE_BACK);
    while !lower.is_char_boundary(from) {
        from += 1;
    }
    let before = &lower[from..at];
    let b = before.as_bytes();
    let start = (1..b.len())
        .rev()
        .find(|&i| {
            (matches!(b[i - 1], b'.' | b'!' | b'?') && b[i].is_ascii_whitespace())
                || (b[i - 1] == b'\n'
                    && b[i] == b'\n'
                    && !before[..i - 1].trim_end().ends_with(':'))
        })
        .unwrap_or(0);
    &before[start..]
}

/// Whether what starts at `at` (a transcript, a body, git's output) is someone else's: foretold
/// ("you'll see:") or a page's, introduced by a sentence that is not the writer's own ("From
/// the API docs, this is what Bitbucket answers when a token lacks a scope:").
fn introduced_as_other(lower: &str, at: usize) -> bool {
    if foretold(lower, at) {
        return true;
    }
    // The sentence, less the fence that opens the block it introduces.
    let mut sentence = lead(lower, at).trim_end();
    if let Some((rest, last)) = sentence.rsplit_once('\n')
        && matches!(last.trim_start().get(..3), Some("```" | "~~~"))
    {
        sentence = rest.trim_end();
    }
    sentence.ends_with(':') && !personal(sentence) && documented(sentence) && cites(sentence)
}

/// Whether a sentence gives a page as the source of what it introduces (`per the KB`, `from the
/// docs`, `the documentation shows`), not as something done before (`after following the
/// documentation, the push prints:`).
fn cites(sentence: &str) -> bool {
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| {
        matches!(
            *w,
            "per" | "from" | "according" | "says" | "shows" | "states" | "lists" | "documents"
        )
    })
}

/// Whether the sentence that leads to `at` (over line breaks) tells what someone else would
/// see ("If it were, you'd see `remote: …`", "you will get …"): an answer's or a page's
/// example, not output the poster got, who speaks of it in the first person.
fn foretold(lower: &str, at: usize) -> bool {
    let words: Vec<&str> = lead(lower, at)
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .collect();
    let sees = |ws: &[&str]| {
        ws.iter()
            .any(|w| matches!(*w, "see" | "get" | "receive" | "hit" | "find"))
    };
    // What a page says an endpoint will answer ("GET /2.0/workspaces will answer:"), not what
    // the writer's own call did ("I will get a 401 whenever…" is told).
    let answers = |ws: &[&str]| {
        ws.iter().any(|w| {
            matches!(
                *w,
                "answer" | "return" | "respond" | "reply" | "fail" | "give" | "print" | "show"
            )
        })
    };
    (0..words.len()).any(|i| {
        let after = |n: usize| &words[(i + 1).min(words.len())..(i + 1 + n).min(words.len())];
        let own = i > 0 && matches!(words[i - 1], "i" | "we");
        match words[i] {
            "will" if !own && answers(after(2)) => true,
            "you'd" | "you'll" | "you’d" | "you’ll" => sees(after(2)),
            "you" => {
                after(1).first().is_some_and(|m| {
                    matches!(*m, "would" | "will" | "might" | "may" | "should" | "could")
                }) && sees(&after(3)[1.min(after(3).len())..])
            }
            _ => false,
        }
    })
}

/// Whether a message stands in a literal passed to a call in code, given the text before it
/// on its line (`nock(…).reply(410, {message: '…`, `FakeGit(stderr="remote: …`,
/// `fmt.Fprint(w, `{…`): data a program holds, a test's double or a table of hints, not an
/// answer it got. Not an error's repr a tool printed (`ApiError('…')`), nor words in brackets
/// (`I get (after a retry) "…"`): the call's name touches its bracket.
fn in_call(before: &str) -> bool {
    let mut depth = 0usize;
    let open = before.char_indices().rev().find_map(|(i, c)| match c {
        ')' => {
            depth += 1;
            None
        }
        '(' if depth == 0 => Some(i),
        '(' => {
            depth -= 1;
            None
        }
        _ => None,
    });
    let Some(open) = open else {
        return false;
    };
    let callee = before[..open]
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    !callee.is_empty()
        && !callee.ends_with("Error")
        && !callee.ends_with("Exception")
        && before[open + 1..].contains(['"', '\'', '`'])
}

/// Where the statement around `at` may start: its line, and the lines above it that leave an
/// argument list or a literal open (ending in `(`, `{`, `[` or `,`), so that [`in_call`] sees a
/// call whose arguments run over several lines (`Map.of(` with the message on the next line,
/// nock's `.reply(410, {` with it three lines down).
fn call_start(text: &str, at: usize) -> usize {
    let mut from = line_start(text, at);
    for _ in 0..CALL_LINES {
        if from == 0 {
            break;
        }
        let above = line_start(text, from - 1);
        if !text[above..from].trim_end().ends_with(['(', '{', '[', ',']) {
            break;
        }
        from = above;
    }
    from
}

/// Whether the few words before a quote (`lower`, up to the message) deny it: "not getting",
/// "don't see", "never got", "no longer", and the same in a few other languages ("n'ai pas",
/// "bekomme nicht", "no me sale").
fn denies(lower: &str) -> bool {
    const NOT: &[&str] = &[
        "not", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "never", "no", "longer",
        "isnt", "isn't", "arent", "aren't", "without", "pas", "nicht", "kein", "keine", "não",
        "nao", "nie",
    ];
    let quote = lower
        .rfind(['"', '\'', '`', '“', '«', '„'])
        .unwrap_or(lower.len());
    lower[..quote]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .any(|w| NOT.contains(&w))
}

/// Whether a message whose line reads `before` up to it stands in source text: a string a
/// program binds to a name of its own (`twoStep: "…"`, `RATE_LIMIT_MSG = "…"`, a property's
/// `bitbucket.error.apppw=…`, a ticket's `"summary": "…"`), compares (`if "…" in resp.text`)
/// or raises (`raise ScopeError("…")`). Bitbucket's words reach a paste as `remote:` lines,
/// bodies and a tool's error lines, bound to no name or to the one a log gives its message
/// (`"message": "…"`, `msg="…"`, `error: "…"`).
fn in_source(before: &str) -> bool {
    // Names under which a log, a body or an exception carries the answer it got.
    const CARRIERS: &[&str] = &[
        "message",
        "msg",
        "error",
        "err",
        "errors",
        "errormessage",
        "error_message",
        "detail",
        "details",
        "error_description",
        "reason",
        "cause",
        "stderr",
        "stdout",
        "output",
        "body",
        "text",
        "response",
        "content",
        "remote",
        "fatal",
        "exception",
        "bitbucket",
        "git",
        "api",
        "server",
        "curl",
    ];
    let (lead, quoted) = match before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '"' | '\''))
    {
        // An opening quote: the literal the message starts (or stands) in.
        Some((q, c)) if before.matches(c).count() % 2 == 1 => (before[..q].trim_end(), true),
        _ => (before, false),
    };
    let words: Vec<&str> = lead.split_whitespace().collect();
    // What a search looks for (`grep -q "…" clone.err`, `Select-String -Pattern '…'`) and what
    // a script prints of its own (`echo "…"`): a pattern, a note, not an answer.
    let searched = words
        .last()
        .is_some_and(|w| w.eq_ignore_ascii_case("-pattern"))
        || words
            .iter()
            .rev()
            .find(|w| !w.starts_with('-'))
            .is_some_and(|w| {
                [
                    "grep",
                    "egrep",
                    "fgrep",
                    "rg",
                    "findstr",
                    "select-string",
                    "echo",
                    "printf",
                    "write-host",
                    "write-output",
                ]
                .iter()
                .any(|g| w.eq_ignore_ascii_case(g))
            });
    // A condition in code that tests for it (`if resp.status_code == 403 and "…" in resp.text`).
    let condition = words
        .first()
        .is_some_and(|w| matches!(*w, "if" | "elif" | "assert"))
        && (lead.contains("==") || lead.contains("&&") || lead.contains('('));
    if quoted
        && (searched
            || condition
            || words
                .last()
                .is_some_and(|w| matches!(*w, "if" | "==" | "!=" | "elif" | "when"))
            || words.iter().any(|w| matches!(*w, "raise" | "throw")))
    {
        return true;
    }
    // The name bound: before `=` or `:` that ends the lead (a property's `key=` when the value
    // has no quotes; then the key must be the whole lead).
    let (bound, colon) = match (lead.strip_suffix('='), lead.strip_suffix(':')) {
        (Some(b), _) => (b, false),
        (None, Some(b)) => (b, true),
        (None, None) => return false,
    };
    if bound.ends_with(['=', '!', '<', '>']) {
        return quoted;
    }
    let key = bound.trim_end().trim_end_matches(['"', '\'']);
    let ident = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-');
    let name_at = key.len() - key.bytes().rev().take_while(|&b| ident(b)).count();
    let name = &key[name_at..];
    // Unquoted, only a property binds (`a.b.c=…`, the whole lead its key): `name: …` is how a
    // tool or a logger prints what it got (`remote: …`, `bbsync: …`, `Invoke-RestMethod: …`).
    let whole = quoted || !colon && key.bytes().all(|b| ident(b) || b == b'.');
    // Before `:`, a capital names who spoke (`Bitbucket: "…"`, `API: "…"`); code's and
    // data's keys are quoted or start in lower case (`twoStep:`, `description:`).
    let speaker = colon
        && !bound.trim_end().ends_with(['"', '\''])
        && !name.starts_with(|c: char| c.is_ascii_lowercase());
    name.bytes().any(|b| b.is_ascii_alphabetic())
        && whole
        && !speaker
        && !CARRIERS.contains(&name.to_ascii_lowercase().as_str())
}

/// A comment in code (`// …`, `/* …`): words about an answer, as a sentence is, not the answer
/// itself. Not `# …`: a Markdown heading is how an issue's title often shows the error.
fn commented(seg: &str) -> bool {
    let t = seg.trim_start();
    t.starts_with("//") || t.starts_with("/*")
}

/// A line that is a status and nothing else (`404 Not Found`, `401`): a tool's answer to
/// what the line before it names.
fn status_only(seg: &str) -> bool {
    let t = seg.trim();
    let (code, reason) = t.split_at(t.find(' ').unwrap_or(t.len()));
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && reason.len() <= 32
        && reason.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ')
}

/// The URL that ends the line before `pos` (`Failed to obtain commits from - https://…`), if
/// that line is not blank.
fn url_ending_line_before(text: &str, pos: usize) -> Option<String> {
    let start = line_start(text, pos);
    let prev = text[..start.checked_sub(1)?].rsplit('\n').next()?;
    let u = url::find_all(prev).last()?;
    let end = u.as_ptr() as usize - prev.as_ptr() as usize + u.len();
    prev[end..].trim().is_empty().then(|| url::clean(u).0)
}

/// The line number (from 1) of each position, the positions in ascending order or not: one
/// pass over the text.
fn line_numbers(text: &str, at: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_by_key(|&i| at[i]);
    let mut out = vec![1; at.len()];
    let (mut line, mut from) = (1, 0);
    for i in order {
        let to = at[i].min(text.len());
        line += text.as_bytes()[from..to.max(from)]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        from = to.max(from);
        out[i] = line;
    }
    out
}

/// The start of the line holding `pos`.
fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |p| p + 1)
}

/// Past the remaining stages of a pipeline on this line: to the next `&&`, `;` or the end.
fn skip_pipeline(text: &str, from: usize, end: usize) -> usize {
    let mut p = from;
    while p < end {
        let c = shell::line_command(text, p, end);
        if c.next <= p {
            return end;
        }
        p = c.next;
        if c.stop != Some(shell::Stop::Pipe) {
            break;
        }
    }
    p.min(end)
}

/// `NAME=value` as one word (`NAME` an identifier).
/// Whether a trimmed line may start as [`Scanner::assignment`] reads one, from its first bytes:
/// a `$`, a keyword (`export`, `set`…) as its whole first word, or a name (a letter or `_`,
/// then letters, digits and `_`) right before an `=`. False only where the reader's own tests
/// (of the line's first word) all fail: a keyword or a name of those bytes ends at the first
/// byte that is none of them, a blank (whatever its width) or the `=`.
fn may_assign(trimmed: &str) -> bool {
    let b = trimmed.as_bytes();
    let name = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    match b.first() {
        Some(b'$') => true,
        Some(c) if name > 0 && (c.is_ascii_alphabetic() || *c == b'_') => {
            b.get(name) == Some(&b'=')
                || matches!(
                    &trimmed[..name],
                    "export" | "set" | "declare" | "local" | "readonly"
                )
        }
        _ => false,
    }
}

pub(super) fn is_assignment(word: &str) -> bool {
    let Some(eq) = memchr::memchr(b'=', word.as_bytes()) else {
        return false;
    };
    let name = &word[..eq];
    !name.is_empty()
        && name
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// curl's arguments with the `curl` itself lost (a forum post that kept only the options).
fn starts_with_curl_option(trimmed: &str) -> bool {
    const OPTIONS: &[&str] = &[
        "-H",
        "--header",
        "-u",
        "--user",
        "--url",
        "-X",
        "--request",
        "-d",
        "--data",
        "--data-raw",
        "--data-binary",
        "--oauth2-bearer",
        "-s",
        "-sS",
        "-i",
        "-v",
        "-I",
        "-L",
        "-k",
        "--location",
        "--silent",
        "--include",
        "--verbose",
        "--fail",
    ];
    // Every option starts with a dash; most lines do not.
    if !trimmed.starts_with('-') {
        return false;
    }
    let first = trimmed.split_whitespace().next().unwrap_or("");
    let name = first.split('=').next().unwrap_or(first);
    let glued =
        first.len() > 2 && first.starts_with("-H") || first.starts_with("-u") && first.len() > 2;
    (OPTIONS.contains(&name) || glued) && trimmed.len() > first.len()
}

/// What runs a command whose first words are `program next`.
fn runs(program: &str, next: &str) -> Option<Runs> {
    if program == "git" {
        // git's own options may come first (`git --no-replace-objects ls-remote URL`, as npm
        // runs it).
        let sub = matches!(
            next,
            "clone" | "push" | "pull" | "fetch" | "ls-remote" | "remote" | "config" | "-c" | "-C"
        ) || (next.starts_with("--") && next.len() > 2);
        return sub.then_some(Runs::Git);
    }
    if super::flags::starts_command(program, next) {
        return Some(Runs::Login);
    }
    let p = Program::named(program)?;
    p.starts_command(next).then_some(Runs::Http(p))
}

/// The first command in a line: its offset, what runs it, and, for Markdown inline code
/// (`` `curl …` ``), where the code ends.
#[cfg(test)]
fn find_command(line: &str) -> Option<(usize, Runs, Option<usize>)> {
    find_command_in(line, None)
}

/// [`find_command`], given where the programs' names stand in the line (the markers' spans,
/// from the line's start), when known: a word with none in it names no program, and is not
/// asked what it runs (every word of a line with a name somewhere was).
fn find_command_in(
    line: &str,
    names: Option<&[(usize, usize)]>,
) -> Option<(usize, Runs, Option<usize>)> {
    // Inline code (`` `curl …` ``) ends at the next backtick.
    let found = |at: usize, runs: Runs| {
        let code = at > 0 && line.as_bytes()[at - 1] == b'`';
        let code_end = if code {
            line[at..].find('`').map(|p| at + p)
        } else {
            None
        };
        Some((at, runs, code_end))
    };
    let Some(names) = names else {
        let mut words = line
            .split_ascii_whitespace()
            .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
            .peekable();
        while let Some((at, word)) = words.next() {
            let bare = word.trim_start_matches(['`', '(', '$']);
            let at = at + (word.len() - bare.len());
            let next = words.peek().map_or("", |(_, w)| w);
            if let Some(runs) = runs(bare, next) {
                return found(at, runs);
            }
        }
        return None;
    };
    // Only the words a name stands in, in order (a name holds no blank, so each stands in
    // one word, and by where they end the names come word by word), each word asked once.
    let b = line.as_bytes();
    let blank = |c: &u8| c.is_ascii_whitespace();
    let mut asked = None;
    // The last name's word: a name inside it needs no search for its bounds (a line of one
    // long word with many names in it is searched once, not once a name).
    let mut last_word: Option<(usize, usize)> = None;
    for &(start, end) in names {
        let (word_start, word_end) = match last_word {
            Some((ws, we)) if ws <= start && start < we => (ws, we),
            _ => {
                // Back to the blank before the name: no further than the last word's end,
                // itself a blank, when the name comes after it.
                let from = last_word.map_or(0, |(_, we)| we).min(start);
                let word_start = match b[from..start].iter().rposition(blank) {
                    Some(p) => from + p + 1,
                    None => b[..from].iter().rposition(blank).map_or(0, |p| p + 1),
                };
                let word_end = b[start..]
                    .iter()
                    .position(blank)
                    .map_or(b.len(), |p| start + p);
                (word_start, word_end)
            }
        };
        last_word = Some((word_start, word_end));
        if asked == Some(word_start) {
            continue;
        }
        let word = &line[word_start..word_end];
        let bare = word.trim_start_matches(['`', '(', '$']);
        let at = word_start + (word.len() - bare.len());
        if start < at || end > word_end {
            continue;
        }
        asked = Some(word_start);
        // The word after it, as `split_ascii_whitespace` gives it.
        let next_start = b[word_end..]
            .iter()
            .position(|c| !blank(c))
            .map_or(b.len(), |p| word_end + p);
        let next_end = b[next_start..]
            .iter()
            .position(blank)
            .map_or(b.len(), |p| next_start + p);
        if let Some(runs) = runs(bare, &line[next_start..next_end]) {
            return found(at, runs);
        }
    }
    None
}

/// Where a JSON body starts in a line: a `{` followed by a member (`"key":`, `\"key\":`) or by
/// nothing (pretty-printed, continued below).
fn json_start(seg: &str) -> Option<usize> {
    memchr::memchr_iter(b'{', seg.as_bytes()).find(|&at| {
        let rest = seg[at + 1..].trim_start();
        rest.is_empty()
            || rest.starts_with('"')
            || rest.starts_with("\\\"")
            || rest.starts_with('\'')
    })
}

/// An API path or URL named in a line ("… on /repositories/{ws}/{slug}/commits/master …",
/// "Non-200 status code 410; u'https://…'").
fn path_in(seg: &str) -> Option<String> {
    // A URL `find_all` finds starts `http://` or `https://`, a path with `/`: a fragment
    // without a slash names neither, and is not split into words.
    memchr::memchr(b'/', seg.as_bytes())?;
    path_in_words(seg)
}

/// [`path_in`] past its gate.
fn path_in_words(seg: &str) -> Option<String> {
    // `…/workspaces/...`: a URL the post cut short names no request.
    // A link in Bitbucket's own words (R1's "visit: https://developer.atlassian.com/…", its
    // lines run together by a client's `<EOL>`) is a page to read, not the request's.
    let absolute = url::find_all(seg).find(|u| {
        let end = u.as_ptr() as usize - seg.as_ptr() as usize + u.len();
        !seg[end..].starts_with("..")
            && !seg[end..].starts_with('…')
            && !u.ends_with('…')
            && !crate::bitbucket::is_linked_page(&crate::bitbucket::host_of(u))
    });
    if let Some(u) = absolute {
        return Some(url::clean(u).0);
    }
    seg.split_whitespace()
        .map(|w| crate::evidence::trim_ascii_matches(w, b"`\"',()"))
        .filter(|w| !w.ends_with("...") && !w.ends_with('…'))
        .map(|w| crate::evidence::trim_end_ascii_matches(w, b".:"))
        .find_map(|w| {
            if w.starts_with('/') && w[1..].contains('/') {
                Some(w.to_string())
            } else {
                None
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`Scanner::assignment`] asks of a line's first word, as it did of every line.
    fn assigns(trimmed: &str) -> bool {
        let Some(first) = trimmed.split_whitespace().next() else {
            return false;
        };
        let keyword = matches!(first, "export" | "set" | "declare" | "local" | "readonly");
        let powershell =
            first.starts_with('$') && trimmed[first.len()..].trim_start().starts_with('=');
        keyword || powershell || is_assignment(first)
    }

    #[test]
    fn the_assignment_gate_passes_every_assignment() {
        for t in [
            "export A=1",
            "export",
            "export\u{a0}A=1",
            "exports A=1",
            "set X",
            "declare -x A=1",
            "local a",
            "readonly b=2",
            "$token = \"x\"",
            "$env:T=1",
            "A=1 curl x",
            "_a=1",
            "a_1=",
            "a-b=1",
            "1a=1",
            "a =1",
            "é=1",
            "a\u{a0}=1",
            "",
            "=",
        ] {
            assert!(may_assign(t) || !assigns(t), "{t:?}");
        }
    }

    proptest::proptest! {
        /// The assignment reader's gate of first bytes lets through every line its own tests
        /// of the first word would read.
        #[test]
        fn the_assignment_gate_skips_no_assignment(
            t in "(export|set|declare|local|readonly|\\$|a|Z|_|1|-|=| |\u{a0}|\t|é|x=|:){0,6}"
        ) {
            let t = t.trim();
            proptest::prop_assert!(may_assign(t) || !assigns(t), "{:?}", t);
        }

        /// The netrc reader's gate: a line whose first word is `machine` starts so.
        #[test]
        fn the_netrc_gate_skips_no_machine(t in "(machine|machines|m| |\u{a0}|a\\.b|x){0,4}") {
            let t = t.trim();
            let first_is_machine = t.split_whitespace().next() == Some("machine");
            proptest::prop_assert!(t.starts_with("machine") || !first_is_machine);
        }

        #[test]
        fn a_fragment_without_a_slash_names_no_path(
            seg in "(http|https:|:|/|a|x\\.y|\\.\\.\\.|…|`|\"|\\(| |\t|\u{a0}|é|401){0,16}",
        ) {
            if !seg.contains('/') {
                proptest::prop_assert_eq!(path_in_words(&seg), None);
            }
            proptest::prop_assert_eq!(path_in(&seg), path_in_words(&seg));
        }

        #[test]
        fn lines_are_str_lines(text in "(a|\r|\n|é| ){0,12}") {
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }
    }

    /// A command as found: where, what runs it (its program, for a request's), where code ends.
    fn command_found(line: &str, names: Option<&[(usize, usize)]>) -> Option<String> {
        find_command_in(line, names).map(|(at, runs, code)| {
            let runs = match runs {
                Runs::Http(p) => format!("{p:?}"),
                Runs::Git => "git".into(),
                Runs::Login => "login".into(),
            };
            format!("{at} {runs} {code:?}")
        })
    }

    proptest::proptest! {
        /// Asked only of the words a program's name stands in (as the markers find the names),
        /// a line gives the command every word asked gives.
        #[test]
        fn a_command_found_from_the_names_is_every_words(
            text in "(curl|CURL|git|Git|clone|helm|repo|add|http|https://x.y|wget|-X|-u|\\$|`|\\(|/usr/bin/|c:\\\\|curls|xgit|gitx|argocd|flux|login| |  |é|a){0,12}"
        ) {
            let lower = text.to_ascii_lowercase();
            let marks = Marks::new(&text, &lower);
            let names: Vec<(usize, usize)> =
                marks.spans_within(Table::Programs, 0..text.len()).collect();
            proptest::prop_assert_eq!(
                command_found(&text, Some(&names)),
                command_found(&text, None)
            );
        }
    }

    #[test]
    fn finds_commands_in_lines_but_not_in_prose() {
        assert!(find_command("using api curl but it is throwing error").is_none());
        let line = "I ran `curl -u a:b https://x.example` and got 401";
        let (at, _, code) = find_command(line).unwrap();
        assert_eq!(at, line.find("curl").unwrap());
        assert_eq!(code, Some(line.rfind('`').unwrap()));
        assert!(find_command("$ git clone https://bitbucket.org/a/b.git").is_some());
        assert!(find_command("I use git every day").is_none());
        assert!(starts_with_curl_option(
            "--header 'Authorization: Bearer x' \\"
        ));
        assert!(!starts_with_curl_option("- a bullet"));
    }

    #[test]
    fn test_names_and_commit_subjects_are_data() {
        for line in [
            "* **auth:** surface 401 ([a1b2c3d](https://bitbucket.org/a/b/commits/a1b2c3d))",
            "    ✓ maps 401 \"Token is invalid\" to TokenError (3 ms)",
            "    --- PASS: TestClassify/403_Your_credentials (0.00s)",
            "=== RUN   TestClassify/401_Login_failed",
            "tests/test_errors.py::test_maps[429-Rate limit] PASSED [ 66%]",
            "9be41d2 fix(ci): handle \"enable two-step authentication.\"",
            "    client_test.go:41: classified 403 \"Your credentials lack\" as ErrScope",
            "HEAD is now at 71c0e9b retry when remote says \"To access this repository, an admin\"",
            "[main 3f2a1c0] handle \"enable two-step authentication.\"",
            "Commit message: \"retry on App passwords are deprecated\"",
        ] {
            assert!(names_a_test_or_commit(line), "{line}");
        }
        for line in [
            "remote: To access this repository, enable two-step authentication.",
            "fatal: Authentication failed for 'https://bitbucket.org/acme/web.git/'",
            "client.py:88: 401 Token is invalid, expired, or not supported for this endpoint.",
            "- see [the docs](https://support.atlassian.com/bitbucket-cloud/) for 401",
            "2026-11-30 ERROR deadbeef request failed: 401",
            "PASSWORD: ****",
            "HEAD is now at the mercy of the proxy: 403",
            "[main] remote: To access this repository, enable two-step authentication.",
        ] {
            assert!(!names_a_test_or_commit(line), "{line}");
        }
    }

    #[test]
    fn a_curl_s_write_out_status_is_its_response() {
        let statuses = |text: &str| -> Vec<u16> {
            scan(text, text)
                .pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Response(a) => Some(a.response.status),
                    _ => None,
                })
                .collect()
        };
        let command =
            "$ curl -s -o /dev/null -w '%{http_code}\\n' https://api.bitbucket.org/2.0/user\n";
        assert_eq!(statuses(&format!("{command}201\n")), [201]);
        // After `-v`'s lines, or a body it completes.
        assert_eq!(
            statuses(&format!("{command}* Connected to api.bitbucket.org\n403\n")),
            [403]
        );
        let glued = "$ curl -s -w '%{http_code}' https://api.bitbucket.org/2.0/user\n{\"type\": \"error\", \"error\": {\"message\": \"Unauthorized\"}}401\n";
        assert_eq!(statuses(glued), [401]);
        // Not a later command's output, nor a number in other words.
        assert!(statuses(&format!("{command}$ echo 201\n201\n")).is_empty());
        assert!(statuses(&format!("{command}Total 201\n")).is_empty());
        assert!(statuses("$ curl -s https://api.bitbucket.org/2.0/user\n201\n").is_empty());
    }

    #[test]
    fn a_status_alone_answers_the_url_ending_the_line_before() {
        let text = "Failed to obtain commits from -\nhttps://bitbucket.org/rest/api/1.0/projects/A/repos/b/commits?limit=25\n404 Not Found\n";
        let at = text.find("404").unwrap();
        assert!(status_only("404 Not Found"));
        assert!(!status_only("404 Not Found, and then I gave up"));
        assert_eq!(
            url_ending_line_before(text, at).as_deref(),
            Some("https://bitbucket.org/rest/api/1.0/projects/A/repos/b/commits?limit=25")
        );
        // A URL in the middle of the line before names no request.
        let text = "see https://bitbucket.org/a/b for details\n404\n";
        assert_eq!(
            url_ending_line_before(text, text.find("404").unwrap()),
            None
        );
        // Nor does a blank line.
        let text = "https://bitbucket.org/a/b\n\n404\n";
        assert_eq!(
            url_ending_line_before(text, text.find("404").unwrap()),
            None
        );
    }

    #[test]
    fn a_url_alone_after_a_status_ending_with_a_colon_is_its_request() {
        let found = scan(
            "ERROR Client - 401 Unauthorized:\n  https://api.bitbucket.org/2.0/repositories/a/b/commits\n",
            "ERROR Client - 401 Unauthorized:\n  https://api.bitbucket.org/2.0/repositories/a/b/commits\n",
        );
        assert!(
            matches!(found.pieces.as_slice(), [Piece::Response(a), Piece::Request(s)]
            if a.forward && s.request.url == "https://api.bitbucket.org/2.0/repositories/a/b/commits")
        );
        // A link alone after prose is no request.
        let found = scan(
            "See the docs:\nhttps://developer.atlassian.com/cloud/bitbucket/rest/intro/\n",
            "ERROR Client - 401 Unauthorized:\n  https://api.bitbucket.org/2.0/repositories/a/b/commits\n",
        );
        assert!(found.pieces.is_empty(), "{:?}", found.pieces);
    }

    #[test]
    fn reads_paths_beside_statuses() {
        assert_eq!(
            path_in("when I try the same on /repositories/{username}/{repo_slug}/commits/master it fails with 401").as_deref(),
            Some("/repositories/{username}/{repo_slug}/commits/master")
        );
    }

    #[test]
    fn a_message_a_page_or_a_condition_holds_is_documented() {
        for before in [
            "the kb article says: \"if you see '",
            "atlassian says \"",
            "atlassian says: ",
            "runbook: if a pipeline fails with \"",
            "our on-call runbook: if a deploy fails with \"",
            "| `",
            "according to the docs, \"",
            "note: ",
            "hint: ",
        ] {
            assert!(documented(before), "{before}");
        }
        for before in [
            "",
            "the error says: ",
            "git says \"",
            "if i push, i get \"",
            "if we run it we get \"",
            "and then i get this: ",
            "$ git push\n",
        ] {
            assert!(!documented(before), "{before}");
        }
        // What a page says an endpoint will answer, over the line break its block follows.
        let page = "the changelog says get /2.0/teams will answer:\n{\"type\": \"error\"}";
        assert!(foretold(page, page.find('{').unwrap()));
        let own = "i will get a 401 whenever i try:\n{\"type\": \"error\"}";
        assert!(!foretold(own, own.find('{').unwrap()));
    }

    #[test]
    fn a_message_passed_to_a_call_is_data() {
        for before in [
            "  .to_return(status: 403, body: \"",
            "nock('https://api.bitbucket.org').get('/2.0/workspaces').reply(410, { message: '",
            "out = FakeGit(stderr=\"",
            "fmt.Fprint(w, `{\"type\": \"error\", \"error\": {\"message\": \"",
        ] {
            assert!(in_call(before), "{before}");
        }
        for before in [
            "",
            "remote: ",
            "ERROR ApiError('",
            "raise BitbucketException(\"",
            "I get (after a retry) \"",
            "we see this (sometimes \"",
            "fatal: unable to access 'https://bitbucket.org/a/b.git/': ",
        ] {
            assert!(!in_call(before), "{before}");
        }
    }

    #[test]
    fn a_call_s_arguments_may_run_over_lines() {
        let held = |text: &str| {
            let at = text.find("MSG").unwrap();
            in_call(&text[call_start(text, at)..at])
        };
        assert!(held("HINTS = Map.of(\n    \"MSG\", \"hint\"\n);"));
        assert!(held(
            ".reply(410, {\n  type: 'error',\n  error: {\n    message: 'MSG'"
        ));
        assert!(held("fmt.Fprint(w, `{\"error\": {\"message\": \"MSG\"}}`)"));
        // A line above that closes what it opens, or a log's own line, holds nothing open.
        assert!(!held(
            "DEBUG GET /2.0/user (retry 1)\n  \"message\": \"MSG\""
        ));
        assert!(!held("fetch(url)\nremote: MSG"));
        assert!(!held("I got this (after the upgrade,\n\"MSG\""));
    }

    #[test]
    fn a_block_a_page_introduces_is_someone_elses() {
        let at = |t: &str| t.find("http/1.1").or(t.find("remote:")).unwrap();
        for other in [
            "the rest api documentation shows this when a token lacks a scope:\n\n    http/1.1 403",
            "per the atlassian kb article, after the cut-off git prints:\n\n```\nremote: change",
            "from the docs:\n```text\nhttp/1.1 401",
        ] {
            assert!(introduced_as_other(other, at(other)), "{other}");
        }
        for own in [
            "i followed the docs and this is what i get:\n\nhttp/1.1 403",
            "the docs are wrong, we get:\n```\nremote: invalid",
            "the kb article did not help.\n\nhttp/1.1 401",
            "after following the documentation, the push prints:\n\nremote: x",
        ] {
            assert!(!introduced_as_other(own, at(own)), "{own}");
        }
    }

    #[test]
    fn a_status_an_announcement_foretells_is_predicted() {
        for foretold_ in [
            "all api requests authenticated using app passwords will fail with an http 401 error code",
            "and you will get a 403 or 401",
            "after that date it'll return 410 gone",
            "you'll get 401",
        ] {
            assert!(predicted(foretold_), "{foretold_}");
        }
        for told in [
            "if i change the password, i will get a 401 error from bitbucket",
            "it would return 401 at random",
            "the call fails with 401",
            "http/2 401",
            "will the api fail? it returned 401",
        ] {
            assert!(!predicted(told), "{told}");
        }
    }

    #[test]
    fn a_message_someone_else_would_see_is_foretold() {
        let at = |t: &str| t.find("remote:").unwrap();
        for foretold_ in [
            "this isn't an auth issue. if it were, you'd see\n`remote: app passwords are deprecated`",
            "with an old app password you will get `remote: app passwords are deprecated`",
            "otherwise you would probably see: remote: app passwords are deprecated",
            "you’ll get:\n\n    remote: app passwords are deprecated",
        ] {
            assert!(foretold(foretold_, at(foretold_)), "{foretold_}");
        }
        for told in [
            "since monday i get `remote: app passwords are deprecated`",
            "you'd think it works. but we get\nremote: app passwords are deprecated",
            "did you see this? remote: app passwords are deprecated",
            "remote: app passwords are deprecated",
            "you'll get an error.\n\nremote: app passwords are deprecated",
        ] {
            assert!(!foretold(told, at(told)), "{told}");
        }
    }

    #[test]
    fn a_message_in_a_question_about_what_would_happen_is_asked_about() {
        let ip = crate::bitbucket::MESSAGES
            .iter()
            .find(|m| m.needle == crate::bitbucket::needle::WHITELIST_IP);
        for asked in [
            "if we enable it, will our builds fail with \"remote: to access this repository, an admin must whitelist your ip.\" when they clone?",
            "would git say \"an admin must whitelist your ip\" then?",
        ] {
            assert!(asked_about(asked, ip), "{asked}");
        }
        for told in [
            "why do i get \"remote: to access this repository, an admin must whitelist your ip.\" on every clone?",
            "since monday our builds fail with \"an admin must whitelist your ip.\"",
            "remote: to access this repository, an admin must whitelist your ip.",
        ] {
            assert!(!asked_about(told, ip), "{told}");
        }
    }

    #[test]
    fn a_quote_the_sentence_denies_is_no_answer() {
        for lower in [
            "i'm not getting \"remote: ",
            "we don't see \"",
            "we no longer get '",
            "je n'ai pas le message « ",
            "ich bekomme nicht „",
        ] {
            assert!(denies(lower), "{lower:?}");
        }
        for lower in ["i keep getting \"", "not sure why, but we get \"", "\""] {
            assert!(!denies(lower), "{lower:?}");
        }
    }

    #[test]
    fn a_message_bound_to_a_name_of_the_program_s_own_is_source_text() {
        // Up to where the message starts.
        for before in [
            "  twoStep: \"",
            "RATE_LIMIT_MSG = \"",
            "bitbucket.error.apppw=",
            "{\"key\": \"OPS-1\", \"fields\": {\"summary\": \"CI: remote: ",
            "    description: \"remote: ",
            "    if \"",
            "    raise ScopeError(\"",
            "throw new Error('",
            "+    if grep -q \"",
            "grep -E '",
            "Select-String -Path clone.log -Pattern '",
            "$ echo \"NOTE: ",
            "+ echo -e \"",
            "    if resp.status_code == 403 and \"",
        ] {
            assert!(in_source(before), "{before:?}");
        }
        for before in [
            "{\"type\": \"error\", \"error\": {\"message\": \"",
            "level=error msg=\"",
            "{\"level\":\"error\",\"msg\":\"remote: ",
            "Error: \"",
            "Bitbucket: \"",
            "Sourcetree / API: \"",
            "remote: ",
            "The error says: ",
            "bbsync.client: ",
            "grep: ",
            "if I clone it says \"",
            "",
        ] {
            assert!(!in_source(before), "{before:?}");
        }
    }

    #[test]
    fn a_message_quoted_in_a_sentence_is_told_a_tool_s_is_shown() {
        // Someone's sentence, then an opening quote (the message may start with `remote: `).
        assert!(in_sentence(
            "Our runners used to fail with \"remote: To access this repository, "
        ));
        assert!(in_sentence("I do NOT get “"));
        assert!(in_sentence("先月は「"));
        // A tool's prefix, a status or a URL before it, a closed quote, a flattened code fence.
        assert!(!in_sentence("remote: "));
        assert!(!in_sentence("Error: \""));
        assert!(!in_sentence(
            "POST https://api.bitbucket.org/2.0/x failed with \""
        ));
        assert!(!in_sentence("we saw \"this\" and then "));
        assert!(!in_sentence("It gives me this error ```"));
        assert!(!in_sentence("As Atlassian's docs put it, "));
    }
}

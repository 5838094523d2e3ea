//! One reader of ssh and git-over-ssh text: `ssh -v`/`-vvv` debug lines, `ssh -T` greetings,
//! Bitbucket's `conq:` refusals, host-key warnings, connection failures, `ssh-add -l` and
//! git's `fatal:` line. `check` feeds it ssh's own output, `explain` a pasted transcript: each
//! line is searched for its anchor wherever it stands, so CI prefixes, timestamps, `> ` quotes
//! and CRLF endings do not matter.
//!
//! The messages are OpenSSH's own (as OpenSSH 9 prints them, and the older forms users paste)
//! and Bitbucket's (facts 2026-12 §6, rows cited where read).

use crate::evidence::{contains_str, find_str};
use std::ops::Range;

use super::facts::{Greeting, HostKey, Key, Refusal, SshFacts, Transport};

/// Longest line quoted as evidence.
const QUOTE_CAP: usize = 240;

/// Read ssh text; `None` when it shows nothing of an SSH conversation (a mention of a git
/// SSH URL alone is not one).
pub fn read(text: &str) -> Option<SshFacts> {
    if !GATE.iter().any(|g| text.contains(g)) {
        return None;
    }
    read_lines(text)
}

/// How a shell reports a program that crashed (HP-UX's `Memory fault(coredump)`, Linux's
/// `Segmentation fault (core dumped)`).
const CRASHES: [&str; 3] = ["Memory fault", "Segmentation fault", "core dumped"];

/// What a text must hold to be read at all, as written. A cheap gate: explain reads every
/// paste, and most are about HTTPS.
pub const GATE: [&str; 20] = [
    "git@",
    "ssh",
    "knownhosts: ",
    "HostKey",
    "OpenSSH",
    "debug1: ",
    "conq:",
    "publickey",
    "Host key",
    "authenticity of host",
    "authenticated via",
    "Could not read from remote",
    "HOST IDENTIFICATION",
    "deploy",
    // Ansible's git module names no ssh at all.
    "unknown hostkey",
    // Nor may paramiko's `Server 'HOST' not found in known_hosts`.
    "known_hosts",
    // PuTTY's and plink's host key words, and libgit2's.
    "cached for this server",
    "cached in the registry",
    "confirm a host key",
    "remote ssh hostkey",
];

/// [`read`] past its gate (explain asks the gate of its own markers).
pub fn read_lines(text: &str) -> Option<SshFacts> {
    read_transcript(text, &[], &[]).facts
}

/// What a transcript shows of Bitbucket's ssh, and the other servers it failed on.
#[derive(Debug, Default, PartialEq)]
pub struct Transcript {
    /// What the connections to Bitbucket (or to a host the text does not name) show.
    pub facts: Option<SshFacts>,
    /// Hosts of other connections the text shows something of: a deploy server's changed host
    /// key, a GitHub submodule, a timeout on an `rsync`.
    pub elsewhere: Vec<String>,
}

/// Read a transcript that may hold several connections: a clone from Bitbucket, then an `scp`
/// to a deploy server or a submodule from GitHub. Each command that names another host than
/// the one before starts a new session, and what a session shows is its host's: a changed host
/// key after `scp deploy@web01…` is web01's, not Bitbucket's. The sessions with Bitbucket
/// Cloud's host or none named are read together, as one transcript.
///
/// `passed` holds the lines (from 1) of attempts made again that went through: a connection
/// that failed there and nothing else (a timeout, then the same `git fetch` worked) is left out.
/// `quoted` marks the lines (from 0) of a Markdown quote: someone else's words.
pub fn read_transcript(text: &str, passed: &[Range<usize>], quoted: &[bool]) -> Transcript {
    // memchr's search for each line's end (`str::lines` looks for each a byte at a time).
    let lines: Vec<&str> = crate::explain::lines(text).collect();
    let mut kept = vec![true; lines.len()];
    for r in passed {
        let Some(attempt) = lines.get(r.start.saturating_sub(1)..r.end.saturating_sub(1)) else {
            continue;
        };
        let transient = read_session(attempt.iter().copied()).is_some_and(|f| {
            f.transport.is_some()
                && f.denied.is_none()
                && f.refusal.is_none()
                && !matches!(
                    f.host_key,
                    HostKey::NotKnown { .. } | HostKey::Changed { .. }
                )
        });
        if transient {
            kept[r.start - 1..r.end - 1].fill(false);
        }
    }
    let (lines, quoted): (Vec<&str>, Vec<bool>) = lines
        .into_iter()
        .zip(kept)
        .enumerate()
        .filter_map(|(i, (l, k))| k.then_some((l, quoted.get(i).is_some_and(|q| *q))))
        .unzip();
    // A quote around the whole paste is the paste: no one else's words.
    let whole = lines
        .iter()
        .zip(&quoted)
        .all(|(l, q)| *q || l.trim().is_empty());
    let quoted = match whole {
        true => Vec::new(),
        false => quoted,
    };
    let sessions = sessions(&lines, &quoted);
    if sessions.len() < 2 {
        let mut facts = read_session(lines.into_iter());
        // One command, to a server that is not Bitbucket's (`rsync … ***@***:…`): what failed
        // was that server, whatever the text names elsewhere.
        if let Some(f) = facts.as_mut()
            && let Some(Some((host, true))) = sessions.first().map(|(h, _)| h)
        {
            f.failure_host.get_or_insert_with(|| host.clone());
        }
        return Transcript {
            facts,
            elsewhere: Vec::new(),
        };
    }
    let mut ours = Vec::new();
    let mut elsewhere = Vec::new();
    for (command, lines) in sessions {
        let command = command.map(|(host, _)| host);
        let read = read_session(lines.iter().copied()).and_then(|f| f.host_name());
        let hosts = [read, command];
        match hosts
            .iter()
            .flatten()
            .find(|h| !crate::bitbucket::is_cloud(h))
        {
            Some(host)
                if !hosts
                    .iter()
                    .flatten()
                    .any(|h| crate::bitbucket::is_cloud(h)) =>
            {
                if !elsewhere.contains(host) {
                    elsewhere.push(host.clone());
                }
            }
            _ => ours.extend(lines),
        }
    }
    Transcript {
        facts: read_session(ours.into_iter()),
        elsewhere,
    }
}

fn read_session<'a>(lines: impl Iterator<Item = &'a str>) -> Option<SshFacts> {
    let mut r = Reader::default();
    for line in lines {
        r.line(line.trim_end_matches('\r'));
    }
    (r.signals > 0).then(|| r.finish())
}

/// The host a session's commands connect to, and whether they could not be Bitbucket's.
type CommandHost = (String, bool);

/// The text's lines cut where a command connects to another host than the session before,
/// each with the host its commands name.
fn sessions<'a>(text: &[&'a str], quoted: &[bool]) -> Vec<(Option<CommandHost>, Vec<&'a str>)> {
    let mut sessions: Vec<(Option<CommandHost>, Vec<&str>)> = vec![(None, Vec::new())];
    for (i, &line) in text.iter().enumerate() {
        let Some(next) = command_host(line) else {
            if let Some((_, lines)) = sessions.last_mut() {
                lines.push(line);
            }
            continue;
        };
        // Bitbucket's own words shown before any command (a post that shows the error, then
        // the steps): they are not the first command's host's. Quoted from someone else (a
        // knowledge-base article), they are no output of the poster's.
        let spoke = matches!(&sessions[..], [(None, _)]) && bitbucket_spoke(&text[..i], quoted);
        if let Some((host, _)) = sessions.last_mut() {
            match host {
                Some((h, _)) if !same_host(h, &next.0) => sessions.push((Some(next), Vec::new())),
                Some((_, foreign)) => *foreign &= next.1,
                None if spoke => sessions.push((Some(next), Vec::new())),
                None => *host = Some(next),
            }
        }
        if let Some((_, lines)) = sessions.last_mut() {
            lines.push(line);
        }
    }
    sessions
}

/// Whether the lines read so far hold words only Bitbucket's SSH server says (a `conq:`
/// refusal, its greeting).
fn bitbucket_spoke(lines: &[&str], quoted: &[bool]) -> bool {
    let own = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !quoted.get(*i).is_some_and(|q| *q))
        .map(|(_, l)| *l);
    read_session(own).is_some_and(|f| f.refusal.is_some() || f.greeting.is_some())
}

fn same_host(a: &str, b: &str) -> bool {
    a == b || (crate::bitbucket::is_cloud(a) && crate::bitbucket::is_cloud(b))
}

/// Whether a text starts with a command that connects over ssh.
fn command_word(text: &str) -> bool {
    let word = text.split_whitespace().next().unwrap_or("");
    matches!(
        word.rsplit('/').next(),
        Some("git" | "ssh" | "scp" | "rsync" | "sftp" | "plink" | "pscp")
    )
}

/// The host a command line connects to over ssh, lower case: `git clone git@host:…`,
/// `ssh -T git@host`, `scp FILE user@host:PATH`, `rsync … user@host:PATH`, and git's
/// `Submodule 'x' (URL) registered for path 'x'`, which a submodule's clone follows. With it,
/// whether the command cannot be talking to Bitbucket, whose SSH serves git to the user `git`
/// only: a file copy, or a login as another user.
fn command_host(line: &str) -> Option<CommandHost> {
    // The command stands at the line's start or after a prompt, whatever precedes that (a
    // job's name, a timestamp, `PS C:\src>`).
    let l = line.trim_start();
    let l = ["$ ", "+ ", "> ", "# "]
        .iter()
        .filter_map(|p| find_str(l, p).map(|i| &l[i + 2..]))
        .find(|rest| command_word(rest))
        .unwrap_or(l)
        .trim_start();
    let (host, foreign) = if l.starts_with("Submodule '") && l.contains(") registered") {
        (git_url(l).map(|(host, ..)| host)?, false)
    } else {
        let mut words = l.split_whitespace();
        match words.next()?.rsplit('/').next()? {
            "git" => (git_url(l).map(|(host, ..)| host)?, false),
            // PuTTY's `plink` and `pscp` take ssh's and scp's arguments.
            word @ ("ssh" | "scp" | "rsync" | "sftp" | "plink" | "pscp") => {
                let word = match word {
                    "plink" => "ssh",
                    "pscp" => "scp",
                    w => w,
                };
                let args: Vec<&str> = words.collect();
                let (user, rest) = match args
                    .iter()
                    .filter(|w| !w.starts_with('-'))
                    .find_map(|w| w.split_once('@'))
                {
                    Some(at) => at,
                    // `ssh jump.example.com true`: the host, as the local user.
                    None if word == "ssh" => ("", ssh_destination(&args)?),
                    None => return None,
                };
                let host = rest.split([':', '/']).next().unwrap_or("").to_string();
                (
                    host,
                    word != "ssh" || user.trim_matches(['\'', '"']) != "git",
                )
            }
            _ => return None,
        }
    };
    let host = host
        .trim_matches(['\'', '"', '[', ']'])
        .to_ascii_lowercase();
    (!host.is_empty()).then_some((host, foreign))
}

/// The destination of an `ssh` command with no `user@`: its first word that is neither an
/// option nor an option's argument, and looks like a host name (`jump.example.com`).
fn ssh_destination<'a>(args: &[&'a str]) -> Option<&'a str> {
    // ssh's options that take an argument (ssh(1)).
    const WITH_ARG: &str = "BbcDEeFIiJLlmOoPpQRSWw";
    let mut skip = false;
    for w in args {
        if std::mem::take(&mut skip) {
            continue;
        }
        if let Some(opt) = w.strip_prefix('-') {
            skip = opt.len() == 1 && WITH_ARG.contains(opt);
            continue;
        }
        return w.contains('.').then_some(*w);
    }
    None
}

/// Whether `$held` (an [`anchors_in`] answer) has the anchor of one of the phrases
/// ([`anchor_bit`], found when compiling): when it does not, the line holds none of them,
/// and a search for them finds nothing.
macro_rules! held {
    ($held:expr, $($phrase:literal),+) => {
        ($held & const { 0 $(| anchor_bit($phrase))+ }) != 0
    };
}

#[derive(Default)]
struct Reader {
    f: SshFacts,
    signals: usize,
    /// Hosts by how sure the text is of them: 0 a URL or command the user gave, 1 an alias or
    /// host key name, 2 a connection message.
    hosts: [Option<String>; 3],
    /// The next line holds the fingerprint of a changed host key.
    fingerprint_next: bool,
    /// Lines after `This deploy key has read access to the following repositories:`.
    in_deploy_list: bool,
    /// The line after PuTTY's host key message, which names the host: `  HOST (port 22)`.
    putty_host_next: bool,
    /// The [`ANCHORS`] the line being read holds ([`anchors_in`]): a reading that searches
    /// the line for a phrase with an anchor inside is passed over when that anchor's bit is
    /// not set (see `held!`).
    anchors: u128,
}

/// The host a tool names in brackets before its failure (Deployer's `[prod-web-1] Host key
/// verification failed.`, Ansible's `fatal: [web02]: UNREACHABLE!`): a name with a digit, a dot
/// or a dash and a letter, in lower case, unlike a log's own labels (`[Pipeline]`, `[command]`,
/// `[ERROR]`) or its times (`[2026-11-20 10:00:01]`).
fn host_label(line: &str) -> Option<String> {
    line.split('[').skip(1).find_map(|rest| {
        let (label, _) = rest.split_once(']')?;
        let host_like = label.bytes().any(|b| b.is_ascii_lowercase())
            && label
                .bytes()
                .any(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-'))
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'));
        host_like.then(|| label.to_string())
    })
}

/// `text` after `anchor`, if the line holds it.
fn after<'a>(line: &'a str, anchor: &str) -> Option<&'a str> {
    find_str(line, anchor).map(|i| &line[i + anchor.len()..])
}

/// The message that starts at `anchor`, to the end of the line or a closing quote (a tool's
/// error quoted inside a sentence: "throws `ssh: … key is unknown`. The only way…").
fn message_at<'a>(line: &'a str, anchor: &str) -> &'a str {
    let start = find_str(line, anchor).unwrap_or(0);
    let end = line[start..]
        .find(['`', '"', '\''])
        .map_or(line.len(), |e| start + e);
    &line[..end]
}

/// A line as evidence: from where its message starts, printable, capped.
fn quote(line: &str, from: &str) -> String {
    let start = find_str(line, from).unwrap_or(0);
    let text = line[start..].trim().trim_end_matches(['`', '"', '\'']);
    let mut end = text.len().min(QUOTE_CAP);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    crate::evidence::printable(&text[..end])
}

impl Reader {
    /// A changed host key, told by `line`; the known_hosts line ssh named as offending, if an
    /// earlier line did, stays.
    fn key_changed(&mut self, line: String) {
        let offending = match &self.f.host_key {
            HostKey::Changed { offending, .. } => offending.clone(),
            _ => None,
        };
        self.f.host_key = HostKey::Changed { line, offending };
        self.signal();
    }

    fn line(&mut self, line: &str) {
        self.line_holding(line, anchors_in(line));
    }

    /// [`Reader::line`] of a line that holds the anchors `anchors` ([`anchors_in`]'s answer;
    /// a test passes every bit to read as the searches alone would).
    fn line_holding(&mut self, line: &str, anchors: u128) {
        if self.f.date.is_none() {
            self.f.date = date_at_start(line);
        }
        if self.in_deploy_list {
            if let Some(repo) = repo_listed(line) {
                if let Some(Greeting::DeployKey { repos }) = &mut self.f.greeting {
                    repos.push(repo);
                }
                return;
            }
            if !line.trim().is_empty() {
                self.in_deploy_list = false;
            }
        }
        if self.putty_host_next {
            self.putty_host_next = false;
            if let Some(host) = line.trim().strip_suffix(')').and_then(|l| {
                let (host, port) = l.split_once(" (port ")?;
                port.bytes().all(|b| b.is_ascii_digit()).then_some(host)
            }) {
                self.host(1, host);
                return;
            }
        }
        if self.fingerprint_next {
            self.fingerprint_next = false;
            if let Some(fp) = fingerprint_in(line) {
                self.f.server_key.get_or_insert(fp);
            }
        }
        // Every reading past here starts from one of the anchors: a line with none is passed
        // over in one search instead of some forty; the others, by the bits of the anchors
        // they hold.
        self.anchors = anchors;
        if self.anchors != 0 {
            let failed = self.f.failed_at();
            self.anchored_line(line);
            if self.f.failed_at() != failed && self.f.failure_host.is_none() {
                self.f.failure_host = host_label(line);
            }
        }
    }

    /// A debug line or a message.
    fn anchored_line(&mut self, line: &str) {
        let h = self.anchors;
        if let Some(rest) = (held!(h, "debug1: ")
            .then(|| after(line, "debug1: "))
            .flatten())
        .or_else(|| {
            held!(h, "debug2: ")
                .then(|| after(line, "debug2: "))
                .flatten()
        })
        .or_else(|| {
            held!(h, "debug3: ")
                .then(|| after(line, "debug3: "))
                .flatten()
        }) {
            self.debug(rest);
            return;
        }
        self.message(line);
    }

    fn signal(&mut self) {
        self.signals += 1;
    }

    fn host(&mut self, rank: usize, host: &str) {
        let host = host
            .trim()
            .trim_matches(['\'', '"', '.', ','])
            .rsplit('@')
            .next()
            .unwrap_or("");
        // `[bitbucket.example.com]:7999`: how ssh names a host on another port.
        let host = match host.strip_prefix('[').and_then(|h| h.split_once(']')) {
            Some((name, port)) => {
                if let Some(p) = port.strip_prefix(':').and_then(|p| p.parse().ok()) {
                    self.f.port.get_or_insert(p);
                }
                name
            }
            None => host.trim_matches(['[', ']']),
        };
        if !host.is_empty() && !host.contains(['*', ' ', '/']) && self.hosts[rank].is_none() {
            self.hosts[rank] = Some(host.to_string());
        }
    }

    /// A `debug1:` line's message.
    fn debug(&mut self, m: &str) {
        self.signal();
        if let Some(rest) = m.strip_prefix("Connecting to ") {
            // `Connecting to bitbucket.org [104.192.141.1] port 22.`
            if let Some(host) = rest.split_whitespace().next() {
                self.host(2, host);
            }
            self.f.port = self.f.port.or_else(|| port_in(rest));
        } else if let Some(rest) = after(m, "Applying options for ") {
            self.host(1, rest);
        } else if let Some(rest) = m.strip_prefix("using hostkeyalias: ") {
            self.host(1, rest);
        } else if let Some(rest) = m.strip_prefix("Server host key: ") {
            self.f.server_key = Some(server_key(rest));
        } else if contains_str(m, "is known and matches the") {
            self.f.host_key = HostKey::Matched;
        } else if let Some(rest) = m.strip_prefix("Will attempt key: ") {
            self.key(rest, |_| {});
        } else if let Some(rest) = offering(m) {
            self.key(rest, |k| k.offered = true);
        } else if let Some(rest) = m.strip_prefix("Server accepts key: ") {
            self.key(rest, |k| {
                k.offered = true;
                k.accepted = true;
            });
        } else if let Some(rest) = m.strip_prefix("Trying private key: ") {
            self.key(rest, |k| k.tried_private = true);
        } else if let Some(rest) = after(m, "agent returned ") {
            self.f.agent_keys = rest.split_whitespace().next().and_then(|n| n.parse().ok());
        } else if contains_str(m, "ssh_get_authentication_socket") || contains_str(m, "no agent") {
            self.f.no_agent = true;
        } else if let Some(rest) = m.strip_prefix("Sending command: ") {
            self.command(rest);
        } else if m.starts_with("Authenticated to ") || m.starts_with("Authentication succeeded") {
            self.f.authenticated = true;
        } else {
            // OpenSSH before 8.x printed these at debug1 too.
            self.message(m);
        }
    }

    /// A key line: `SOURCE TYPE SHA256:… [explicit|agent]`, or the older `TYPE SHA256:… SOURCE`.
    fn key(&mut self, rest: &str, mark: impl Fn(&mut Key)) {
        let tokens: Vec<&str> = rest.split_whitespace().collect();
        let fp_at = tokens.iter().position(|t| is_fingerprint(t));
        let mut key = Key::default();
        let mut source: Vec<&str> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let flag = matches!(*t, "explicit" | "agent" | "token" | "cert");
            if Some(i) == fp_at {
                key.fingerprint = Some(t.to_string());
            } else if fp_at.is_some_and(|f| i + 1 == f || (i == 0 && f == 1)) && is_kind(t) {
                key.kind = Some(t.to_string());
            } else if flag && fp_at.is_some_and(|f| i > f) {
                key.from_agent |= *t == "agent";
            } else {
                source.push(t);
            }
        }
        key.source = source.join(" ");
        if key.source.is_empty() && key.fingerprint.is_none() {
            return;
        }
        let same = |k: &Key| match (&k.fingerprint, &key.fingerprint) {
            (Some(a), Some(b)) => a == b,
            _ => !key.source.is_empty() && k.source == key.source,
        };
        match self.f.keys.iter_mut().find(|k| same(k)) {
            Some(k) => {
                k.fingerprint = k.fingerprint.take().or(key.fingerprint);
                k.kind = k.kind.take().or(key.kind);
                k.from_agent |= key.from_agent;
                mark(k);
            }
            None => {
                mark(&mut key);
                self.f.keys.push(key);
            }
        }
    }

    /// `git-upload-pack 'acme/widgets.git'`: the repository, and whether it is a push.
    fn command(&mut self, command: &str) {
        let command = command.trim();
        if contains_str(command, "git-receive-pack") {
            self.f.push = true;
        }
        if let Some(arg) = after(command, "-pack ") {
            let path = arg.trim().trim_matches(['\'', '"']).trim_start_matches('/');
            let path = path.strip_suffix(".git").unwrap_or(path);
            if path.matches('/').count() == 1 {
                self.f.repo.get_or_insert(path.to_string());
            }
        }
    }

    /// A line that is not a debug line: client and server messages, git's lines, commands.
    fn message(&mut self, line: &str) {
        // The anchors of the line `line` is (or ends): each reading below is asked only when
        // the anchor inside its phrase stands there.
        let h = self.anchors;
        // Another client's words count only beside an SSH URL (`git_url`) or libgit2's.
        if held!(h, "ssh://", "git@", "failed to connect to ")
            && !contains_str(line, "ssh: connect to host")
            && !contains_str(line, "banner exchange")
            && self.other_client_connect(line)
        {
            return;
        }
        let f = &mut self.f;
        if held!(h, "OpenSSH_")
            && let Some(i) = find_str(line, "OpenSSH_")
        {
            let version = quote(&line[i..], "OpenSSH_");
            f.windows |= contains_str(&version, "for_Windows");
            f.client.get_or_insert(version);
            self.signals += 1;
            return;
        }
        // PuTTY and plink (Sourcetree's SSH on Windows): the host looked up, each key tried,
        // and the denial once the server refused them all.
        if held!(h, "Looking up host \"")
            && let Some(rest) = after(line, "Looking up host \"")
        {
            if let Some(host) = rest.split('"').next() {
                self.host(2, host);
            }
            self.signal();
            return;
        }
        if held!(h, "Trying Pageant key #")
            && let Some(rest) = after(line, "Trying Pageant key #")
        {
            let key = rest
                .split_once('(')
                .map_or("", |(_, k)| k.trim_end().trim_end_matches(')'));
            self.key(key, |k| k.offered = true);
            self.signal();
            return;
        }
        if held!(h, "No supported authentication methods available")
            && contains_str(line, "No supported authentication methods available")
            && contains_str(line, "publickey")
        {
            f.denied = Some(quote(line, "No supported"));
            f.past_host_key();
            self.signal();
            return;
        }
        if held!(h, "Memory fault", "Segmentation fault", "core dumped")
            && CRASHES.iter().any(|c| contains_str(line, c))
        {
            f.crashed = true;
            self.signal();
            return;
        }
        // Go's x/crypto/ssh (Argo CD, Flux, go-git): `ssh: unable to authenticate, attempted
        // methods [none publickey], no supported methods remain`. `publickey` among the
        // methods tried means a key was offered and refused; `[none]` alone, none was.
        if held!(h, "ssh: unable to authenticate")
            && let Some(rest) = after(line, "ssh: unable to authenticate")
        {
            f.denied = Some(quote(line, "ssh: unable to authenticate"));
            f.past_host_key();
            if let Some((host, ..)) = git_url(line) {
                self.host(0, &host);
            }
            let methods = rest.split(']').next().unwrap_or("");
            if contains_str(methods, "publickey") {
                self.key("the key the tool was given", |k| k.offered = true);
            }
            self.signal();
            return;
        }
        if held!(h, "Permission denied (")
            && let Some(rest) = after(line, "Permission denied (")
        {
            if contains_str(rest, "publickey") {
                f.denied = Some(quote(line, host_before(line, "Permission denied (")));
                // Keys are tried only after the host's key was accepted.
                f.past_host_key();
                // `git@bitbucket.org: Permission denied (publickey).`
                if let Some(h) = line.split(": Permission denied").next()
                    && let Some((_, host)) = h.rsplit_once('@')
                {
                    self.host(2, host);
                }
                self.signal();
            }
            return;
        }
        if held!(h, "ssh: connect to host ")
            && let Some(rest) = after(line, "ssh: connect to host ")
        {
            let mut words = rest.split_whitespace();
            if let Some(h) = words.next() {
                self.host(2, h);
            }
            self.f.port = self.f.port.or_else(|| port_in(rest));
            let lower = rest.to_ascii_lowercase();
            let kind = if contains_str(&lower, "refused") {
                Transport::Refused
            } else if contains_str(&lower, "timed out") || contains_str(&lower, "unreachable") {
                Transport::Timeout
            } else {
                Transport::Closed
            };
            self.f.transport = Some((kind, quote(line, "ssh: connect")));
            self.signal();
            return;
        }
        if held!(h, "Could not resolve hostname ")
            && let Some(rest) = after(line, "Could not resolve hostname ")
        {
            if let Some(h) = rest.split(':').next() {
                self.host(2, h);
            }
            self.f.transport = Some((Transport::Dns, quote(line, "ssh: Could")));
            self.signal();
            return;
        }
        if held!(h, "timed out during banner exchange")
            && contains_str(line, "timed out during banner exchange")
        {
            f.transport = Some((Transport::Silent, quote(line, "Connection")));
            self.signal();
            return;
        }
        if held!(
            h,
            "kex_exchange_identification",
            "Connection closed by",
            "Connection reset by"
        ) && (contains_str(line, "kex_exchange_identification")
            || (contains_str(line, "Connection closed by") && !f.authenticated)
            || contains_str(line, "Connection reset by"))
        {
            if f.transport.is_none() {
                f.transport = Some((Transport::Closed, quote(line, "")));
            }
            self.signal();
            return;
        }
        if held!(
            h,
            "REMOTE HOST IDENTIFICATION HAS CHANGED",
            "has changed and you have requested strict"
        ) && (contains_str(line, "REMOTE HOST IDENTIFICATION HAS CHANGED")
            || contains_str(line, "has changed and you have requested strict"))
        {
            if let Some(rest) = after(line, "Host key for ") {
                self.host(1, rest.split_whitespace().next().unwrap_or(""));
            }
            self.key_changed(quote(line, "").trim_matches(['@', ' ']).to_string());
            return;
        }
        // Other SSH clients' words for the same two states: Go's x/crypto/ssh/knownhosts
        // (`knownhosts: key mismatch`, `knownhosts: key is unknown`: Argo CD, Flux, go-git)
        // and JSch (`HostKey has been changed: HOST`, `reject HostKey: HOST`: Jenkins, JGit).
        if held!(h, "knownhosts: key mismatch", "HostKey has been changed")
            && let Some(at) = ["knownhosts: key mismatch", "HostKey has been changed"]
                .into_iter()
                .find(|a| contains_str(line, a))
        {
            if let Some(rest) = after(line, "HostKey has been changed: ") {
                self.host(1, rest.split_whitespace().next().unwrap_or(""));
            }
            // The URL a tool names before Go's words (`unable to clone 'ssh://git@…': ssh:
            // handshake failed: knownhosts: …`).
            if let Some((host, ..)) = git_url(line) {
                self.host(0, &host);
            }
            self.key_changed(quote(message_at(line, at), at));
            return;
        }
        // Paramiko's words (Fabric, Ansible's paramiko transport): `BadHostKeyException: Host
        // key for server 'HOST' does not match`.
        if held!(h, "Host key for server '")
            && contains_str(line, "does not match")
            && let Some(rest) = after(line, "Host key for server '")
        {
            let host = rest.split('\'').next().unwrap_or("");
            if !crate::bitbucket::is_cloud(&host.to_ascii_lowercase()) {
                return;
            }
            self.host(1, host);
            let at = "Host key for server '";
            self.key_changed(quote(message_at(line, at), at));
            return;
        }
        // PuTTY's and plink's words: the key cached for the server differs, or none is; the
        // host stands on the next line (`  bitbucket.org (port 22)`), if at all.
        if held!(h, " cached ")
            && contains_str(line, "host key")
            && let Some(changed) = match (
                contains_str(line, "does not match the one"),
                contains_str(line, "is not cached"),
            ) {
                (true, _) => Some(true),
                (false, true) => Some(false),
                _ => None,
            }
        {
            let message = quote(line.trim(), "");
            match changed {
                true => self.key_changed(message),
                false => {
                    if !matches!(self.f.host_key, HostKey::Changed { .. }) {
                        self.f.host_key = HostKey::NotKnown { line: message };
                    }
                    self.signal();
                }
            }
            self.putty_host_next = true;
            return;
        }
        // plink in batch mode, and libgit2 whatever the reason it refused the key (none in
        // known_hosts, or another): a host key not accepted.
        if held!(h, "confirm a host key", "remote ssh hostkey")
            && let Some(at) = ["Cannot confirm a host key", "remote ssh hostkey"]
                .into_iter()
                .find(|a| contains_str(line, a))
        {
            if !matches!(self.f.host_key, HostKey::Changed { .. }) {
                let start = match at {
                    "remote ssh hostkey" => "invalid or unknown",
                    _ => at,
                };
                self.f.host_key = HostKey::NotKnown {
                    line: quote(message_at(line, start), start),
                };
            }
            self.signal();
            return;
        }
        // JSch's `UnknownHostKey: HOST. RSA key fingerprint is …` (Jenkins, JGit) and
        // paramiko's `Server 'HOST' not found in known_hosts`: a host key never accepted.
        if held!(h, "UnknownHostKey: ", "not found in known_hosts")
            && let Some(at) = ["UnknownHostKey: ", "not found in known_hosts"]
                .into_iter()
                .find(|a| contains_str(line, a))
        {
            let named = match after(line, "UnknownHostKey: ") {
                Some(rest) => rest
                    .split_whitespace()
                    .next()
                    .map(|h| h.trim_end_matches('.')),
                None => after(line, "Server '").and_then(|rest| rest.split('\'').next()),
            };
            // Another server's key (a deploy target the script connects to after the clone):
            // not Bitbucket's.
            if let Some(host) = named {
                if !crate::bitbucket::is_cloud(&host.to_ascii_lowercase()) {
                    return;
                }
                self.host(1, host);
            }
            let start = match at {
                "UnknownHostKey: " => "UnknownHostKey: ",
                _ => "Server '",
            };
            if !matches!(self.f.host_key, HostKey::Changed { .. }) {
                self.f.host_key = HostKey::NotKnown {
                    line: quote(message_at(line, start), start),
                };
            }
            self.signal();
            return;
        }
        if held!(h, "knownhosts: key is unknown", "reject HostKey")
            && let Some(at) = ["knownhosts: key is unknown", "reject HostKey"]
                .into_iter()
                .find(|a| contains_str(line, a))
        {
            if let Some(rest) = after(line, "reject HostKey: ") {
                self.host(1, rest.split_whitespace().next().unwrap_or(""));
            }
            if let Some((host, ..)) = git_url(line) {
                self.host(0, &host);
            }
            if !matches!(self.f.host_key, HostKey::Changed { .. }) {
                self.f.host_key = HostKey::NotKnown {
                    line: quote(message_at(line, at), at),
                };
            }
            self.signal();
            return;
        }
        if held!(h, "key sent by the remote host is")
            && contains_str(line, "key sent by the remote host is")
        {
            self.fingerprint_next = true;
            if let Some(fp) = fingerprint_in(line) {
                f.server_key = Some(fp);
                self.fingerprint_next = false;
            }
            return;
        }
        if held!(h, "Offending ")
            && let Some(rest) = after(line, "Offending ")
        {
            // `Offending ED25519 key in /home/u/.ssh/known_hosts:3`
            if let Some(place) = after(rest, " in ") {
                let place = place.trim().to_string();
                match &mut f.host_key {
                    HostKey::Changed { offending, .. } => *offending = Some(place),
                    other => {
                        *other = HostKey::Changed {
                            line: "Host key for this host has changed".into(),
                            offending: Some(place),
                        }
                    }
                }
            }
            self.signal();
            return;
        }
        if held!(h, "The authenticity of host '")
            && let Some(rest) = after(line, "The authenticity of host '")
        {
            if let Some(h) = rest.split([' ', '\'']).next() {
                self.host(1, h);
            }
            if !matches!(self.f.host_key, HostKey::Changed { .. }) {
                self.f.host_key = HostKey::NotKnown {
                    line: quote(line, "The authenticity"),
                };
            }
            self.signal();
            return;
        }
        // Ansible's git module: `ssh.bitbucket.org has an unknown hostkey. Set accept_hostkey
        // to True or manually add the hostkey prior to running the git module`.
        if held!(h, " has an unknown hostkey")
            && let Some(at) = find_str(line, " has an unknown hostkey")
        {
            let host = line[..at].rsplit(['"', ' ', '\'']).next().unwrap_or("");
            self.host(1, host);
            // The host the message names failed, not the machine Ansible ran it on (`fatal:
            // [web04]: FAILED!`).
            if !host.is_empty() {
                self.f.failure_host.get_or_insert_with(|| host.to_string());
            }
            if !matches!(self.f.host_key, HostKey::Changed { .. }) {
                self.f.host_key = HostKey::NotKnown {
                    line: quote(line, host),
                };
            }
            self.signal();
            return;
        }
        if held!(h, "host key is known for")
            && contains_str(line, "host key is known for")
            && contains_str(line, "strict checking")
        {
            // `No ED25519 host key is known for X and you have requested strict checking.`
            if !matches!(f.host_key, HostKey::Changed { .. }) {
                f.host_key = HostKey::NotKnown {
                    line: quote(line, "No "),
                };
            }
            self.signal();
            return;
        }
        if held!(h, "Host key verification failed")
            && contains_str(line, "Host key verification failed")
        {
            if matches!(f.host_key, HostKey::Unseen | HostKey::Matched) {
                f.host_key = HostKey::NotKnown {
                    line: quote(line, "Host key verification failed"),
                };
            }
            self.signal();
            return;
        }
        if held!(h, "key fingerprint is ") && contains_str(line, "key fingerprint is ") {
            if let Some(fp) = fingerprint_in(line) {
                f.server_key.get_or_insert(fp);
            }
            return;
        }
        // `Are you sure you want to continue connecting (yes/no/[fingerprint])? yes`: accepted.
        if held!(h, "continue connecting")
            && contains_str(line, "continue connecting")
            && line.trim_end().to_ascii_lowercase().ends_with("? yes")
        {
            f.host_key = HostKey::Matched;
            self.signal();
            return;
        }
        if held!(h, "Permanently added") && contains_str(line, "Permanently added") {
            f.host_key = HostKey::Matched;
            self.signal();
            return;
        }
        // Bitbucket's words (S2–S7).
        if held!(h, "authenticated via ssh key", "logged in as ")
            && (contains_str(line, "authenticated via ssh key")
                || contains_str(line, "logged in as "))
        {
            f.past_host_key();
            f.greeting = Some(Greeting::Account);
            f.authenticated = true;
            self.signal();
            return;
        }
        if held!(h, "authenticated via a deploy key")
            && contains_str(line, "authenticated via a deploy key")
        {
            f.greeting = Some(Greeting::DeployKey { repos: Vec::new() });
            f.authenticated = true;
            self.signal();
            return;
        }
        if held!(h, "has read access to the following repositories")
            && contains_str(line, "has read access to the following repositories")
        {
            self.in_deploy_list = true;
            return;
        }
        let lower = line.to_ascii_lowercase();
        let refusal = if !held!(
            h,
            "access via a deployment key is read-only",
            "deployment key is not associated with the requested repository",
            "repository does not exist",
            "repository access denied"
        ) {
            None
        } else if contains_str(&lower, "access via a deployment key is read-only") {
            Some(Refusal::DeployKeyReadOnly) // S4
        } else if contains_str(
            &lower,
            "deployment key is not associated with the requested repository",
        ) {
            Some(Refusal::DeployKeyOtherRepo) // S5
        } else if contains_str(&lower, "conq: repository does not exist")
            || lower.trim() == "repository does not exist."
        {
            Some(Refusal::RepoMissing) // S7
        } else if contains_str(&lower, "conq: repository access denied")
            || lower.trim() == "repository access denied."
        {
            // S6; like S4's, its `conq: ` prefix is the older form, and a line that is the
            // message alone is Bitbucket's.
            Some(Refusal::AccessDenied)
        } else {
            None
        };
        if let Some(refusal) = refusal {
            let from = if contains_str(&lower, "conq:") {
                "conq:"
            } else {
                "repository"
            };
            let i = find_str(&lower, from).unwrap_or(0);
            f.refusal = Some((refusal, quote(&line[i..], "")));
            f.authenticated = true;
            f.push |= refusal == Refusal::DeployKeyReadOnly;
            self.signal();
            return;
        }
        if held!(h, "fatal: Could not read from remote repository")
            && contains_str(line, "fatal: Could not read from remote repository")
        {
            f.git_failed = true;
            self.signal();
            return;
        }
        if held!(h, "no such identity: ")
            && let Some(rest) = after(line, "no such identity: ")
        {
            let path = rest.split(": ").next().unwrap_or(rest).trim();
            f.missing_identities.push(crate::evidence::printable(path));
            self.signal();
            return;
        }
        // OpenSSH's `load_identity_file` (sshconnect2.c): `Load key "PATH": REASON`; before 8.x,
        // `bad permissions: ignore key: PATH`.
        if held!(h, "Load key \"")
            && let Some(rest) = after(line, "Load key \"")
            && let Some((path, reason)) = rest.split_once("\": ")
        {
            let reason = reason.trim().trim_end_matches(['`', '"', '\'']);
            f.unusable_keys.push((
                crate::evidence::printable(path.trim()),
                crate::evidence::printable(reason),
            ));
            self.signal();
            return;
        }
        if held!(h, "bad permissions: ignore key: ")
            && let Some(path) = after(line, "bad permissions: ignore key: ")
        {
            f.unusable_keys.push((
                crate::evidence::printable(path.trim()),
                "bad permissions".into(),
            ));
            self.signal();
            return;
        }
        if held!(h, "Identity file ")
            && let Some(rest) = after(line, "Identity file ")
            && let Some(path) = rest.strip_suffix(" not accessible: No such file or directory.")
        {
            f.missing_identities
                .push(crate::evidence::printable(path.trim()));
            self.signal();
            return;
        }
        if held!(h, "IdentitiesOnly")
            && contains_str(line, "IdentitiesOnly")
            && (contains_str(&lower, "yes") || contains_str(&lower, "=yes"))
        {
            f.identities_only = true;
        }
        // `ProxyJump jump.example.com` (ssh_config), `-J jump.example.com`: the connection
        // passes another host first, whose own host key ssh checks too.
        if let Some(rest) = (held!(h, "proxyjump")
            .then(|| after(&lower, "proxyjump"))
            .flatten())
        .or_else(|| held!(h, " -j ").then(|| after(&lower, " -j ")).flatten())
        {
            let jump = rest
                .trim_start_matches([' ', '=', '\t'])
                .split_whitespace()
                .next();
            if let Some(jump) = jump.and_then(|j| j.rsplit('@').next()) {
                f.jump
                    .get_or_insert(jump.split([':', ',']).next().unwrap_or(jump).to_string());
            }
        }
        // `ssh-add -l`
        if held!(h, "The agent has no identities")
            && contains_str(line, "The agent has no identities")
        {
            f.agent_keys = Some(0);
            self.signal();
            return;
        }
        if held!(
            h,
            "Could not open a connection to your authentication agent",
            "Error connecting to agent"
        ) && (contains_str(
            line,
            "Could not open a connection to your authentication agent",
        ) || contains_str(line, "Error connecting to agent"))
        {
            f.no_agent = true;
            self.signal();
            return;
        }
        // A listed key's fingerprint starts `SHA256:` or `MD5:` (`is_fingerprint`).
        if held!(h, "SHA256:", "MD5:")
            && let Some(key) = agent_listing(line)
        {
            f.agent_keys = Some(f.agent_keys.unwrap_or(0) + 1);
            if !f.keys.iter().any(|k| k.fingerprint == key.fingerprint) {
                f.keys.push(key);
            }
            self.signal();
            return;
        }
        // Commands and URLs: what the user asked for.
        if held!(h, "git-receive-pack", "git push", "To git@")
            && (contains_str(line, "git-receive-pack")
                || contains_str(line, "git push")
                || contains_str(line, "To git@"))
        {
            f.push = true;
        }
        // A URL `git_url` reads holds `ssh://` or `git@`; so does the `ssh … git@HOST` below.
        if held!(h, "ssh://", "git@")
            && let Some((host, port, repo)) = git_url(line)
        {
            self.host(0, &host);
            if let Some(p) = port {
                self.f.port.get_or_insert(p);
            }
            if let Some(repo) = repo {
                self.f.repo.get_or_insert(repo);
            }
        } else if held!(h, "git@")
            && let Some(rest) = after(line, "ssh ")
            && let Some(i) = find_str(rest, "git@")
        {
            // `ssh -T git@bitbucket.org`, `ssh -vT -p 443 git@altssh.bitbucket.org`
            let host = rest[i + 4..].split_whitespace().next().unwrap_or("");
            self.host(0, host);
        }
    }

    /// Other SSH clients' words for a connection that got no SSH server: Go's `unable to clone
    /// 'ssh://git@HOST/…': dial tcp IP:22: connect: connection refused` (Flux, Argo CD), JGit's
    /// `TransportException: git@HOST:ws/repo.git: Connection refused`, libgit2's `failed to
    /// connect to HOST: Connection refused` under an `ssh://` URL (cargo). The line names the
    /// SSH URL, or the host one named above; a line about HTTPS (`port 443`, `https://`) is
    /// the network reader's.
    fn other_client_connect(&mut self, line: &str) -> bool {
        let lower = line.to_ascii_lowercase();
        let kind = if contains_str(&lower, "refused") {
            Transport::Refused
        } else if [
            "timed out",
            "i/o timeout",
            "no route to host",
            "network is unreachable",
        ]
        .iter()
        .any(|w| contains_str(&lower, w))
        {
            Transport::Timeout
        } else {
            return false;
        };
        if contains_str(&lower, "https://") || contains_str(&lower, "port 443") {
            return false;
        }
        let host = match git_url(line) {
            Some((host, port, repo)) => {
                if let Some(p) = port {
                    self.f.port.get_or_insert(p);
                }
                if let Some(repo) = repo {
                    self.f.repo.get_or_insert(repo);
                }
                host
            }
            None => {
                let Some(named) = after(&lower, "failed to connect to ")
                    .and_then(|r| r.split([':', ' ', ';']).next())
                else {
                    return false;
                };
                match &self.hosts[0] {
                    Some(h) if h.eq_ignore_ascii_case(named) => h.clone(),
                    _ => return false,
                }
            }
        };
        self.host(2, &host);
        // Go's `dial tcp 104.192.141.1:22:`: the port it dialled.
        if let Some(p) = after(&lower, "dial tcp ")
            .and_then(|r| r.split(": ").next())
            .and_then(|a| a.rsplit_once(':'))
            .and_then(|(_, p)| p.parse().ok())
        {
            self.f.port.get_or_insert(p);
        }
        let i = [
            "dial tcp",
            "connection refused",
            "failed to connect",
            "connect timed out",
        ]
        .iter()
        .find_map(|w| find_str(&lower, w))
        .unwrap_or(0);
        self.f.transport = Some((kind, quote(&line[i..], "")));
        self.signal();
        true
    }

    fn finish(mut self) -> SshFacts {
        // An alias (`git@bitbucket.org-work:…`) connects to Bitbucket when a later line says so.
        let cloud = self
            .hosts
            .iter()
            .flatten()
            .find(|h| crate::bitbucket::is_cloud(&h.to_ascii_lowercase()));
        self.f.host = cloud.or(self.hosts.iter().flatten().next()).cloned();
        if let Some(h) = &self.f.host {
            self.f.host = Some(crate::evidence::printable(h));
        }
        // An accepted key means ssh authenticated, whatever else the text lost.
        self.f.authenticated |= self.f.keys.iter().any(|k| k.accepted);
        self.f
    }
}

/// What a line must hold for [`Reader::line`] to read anything past its first checks: each
/// `debug` prefix, and each text that a reading of [`Reader::message`] starts from (a
/// fingerprint's `SHA256:`/`MD5:` for `ssh-add -l`, `git@` and `ssh://` for URLs).
const ANCHORS: &[&str] = &[
    "debug1: ",
    "debug2: ",
    "debug3: ",
    "OpenSSH_",
    "Permission denied (",
    "Looking up host \"",
    "Trying Pageant key #",
    "No supported authentication methods available",
    "ssh: unable to authenticate",
    " has an unknown hostkey",
    "Memory fault",
    "Segmentation fault",
    "core dumped",
    "ssh: connect to host ",
    "Could not resolve hostname ",
    "failed to connect to ",
    "timed out during banner exchange",
    "kex_exchange_identification",
    "Connection closed by",
    "Connection reset by",
    "REMOTE HOST IDENTIFICATION HAS CHANGED",
    "has changed and you have requested strict",
    "knownhosts: key mismatch",
    "HostKey has been changed",
    "knownhosts: key is unknown",
    "reject HostKey",
    "UnknownHostKey: ",
    "not found in known_hosts",
    "Host key for server '",
    "key sent by the remote host is",
    "Offending ",
    "The authenticity of host '",
    "host key is known for",
    "Host key verification failed",
    "key fingerprint is ",
    "Permanently added",
    "continue connecting",
    "authenticated via ssh key",
    "logged in as ",
    "authenticated via a deploy key",
    "has read access to the following repositories",
    "access via a deployment key is read-only",
    "deployment key is not associated with the requested repository",
    "repository does not exist",
    "repository access denied",
    "fatal: Could not read from remote repository",
    "no such identity: ",
    "Load key \"",
    "bad permissions: ignore key: ",
    "Identity file ",
    "IdentitiesOnly",
    "ProxyJump",
    " -J ",
    "The agent has no identities",
    "Could not open a connection to your authentication agent",
    "Error connecting to agent",
    "SHA256:",
    "MD5:",
    "git-receive-pack",
    "git push",
    "git@",
    "ssh://",
    // PuTTY and plink (Sourcetree, TortoiseGit, Windows agents): `The host key does not
    // match the one PuTTY has cached for this server:` (older: `… cached in the registry`),
    // `The host key is not cached for this server:`, and in batch mode `FATAL ERROR: Cannot
    // confirm a host key in batch mode`.
    " cached ",
    "confirm a host key",
    // libgit2 (GitKraken, go's git2go, Rugged): `invalid or unknown remote ssh hostkey`.
    "remote ssh hostkey",
];

// Each anchor has its bit in a `u128` (`anchors_in`).
const _: () = assert!(ANCHORS.len() <= 128);

/// The automaton of the [`ANCHORS`], in any case (some are read case-blind).
fn anchor_needles() -> &'static crate::needles::Needles {
    static NEEDLES: std::sync::OnceLock<crate::needles::Needles> = std::sync::OnceLock::new();
    NEEDLES.get_or_init(|| crate::needles::Needles::new(ANCHORS.iter().copied()))
}

/// Whether a line holds one of the [`ANCHORS`], in any case: one automaton for all.
#[cfg(test)]
fn anchored(line: &str) -> bool {
    anchor_needles().any(line, |_| true)
}

/// Which of the [`ANCHORS`] a line holds, in any case: bit `i` for `ANCHORS[i]`, from one
/// pass of their automaton (it reports every place each stands, so each one held is set).
fn anchors_in(line: &str) -> u128 {
    let mut held = 0u128;
    anchor_needles().any(line, |i| {
        held |= 1 << i;
        false
    });
    held
}

/// The bit (in [`anchors_in`]'s answer) of the first of the [`ANCHORS`] that stands inside
/// `phrase`, compared in any case: a line that holds `phrase`, as written or in any case,
/// holds that anchor, so its bit is set. Evaluated when compiling: a phrase with no anchor
/// inside does not compile.
const fn anchor_bit(phrase: &str) -> u128 {
    let p = phrase.as_bytes();
    let mut a = 0;
    while a < ANCHORS.len() {
        let anchor = ANCHORS[a].as_bytes();
        let mut at = 0;
        while at + anchor.len() <= p.len() {
            let mut k = 0;
            while k < anchor.len() && p[at + k].eq_ignore_ascii_case(&anchor[k]) {
                k += 1;
            }
            if k == anchor.len() {
                return 1 << a;
            }
            at += 1;
        }
        a += 1;
    }
    panic!("the phrase holds none of the anchors")
}

/// `2026-11-20T10:00:01Z …` or `[2026-11-20 10:00:01] …`: the date a log line starts with.
fn date_at_start(line: &str) -> Option<String> {
    let s = line.trim_start().trim_start_matches('[');
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| d.to_string())
}

/// `Offering public key: …`, and the older `Offering RSA public key: …`.
fn offering(m: &str) -> Option<&str> {
    let rest = m.strip_prefix("Offering ")?;
    after(rest, "public key: ")
}

fn is_fingerprint(t: &str) -> bool {
    (t.starts_with("SHA256:") && t.len() > 20) || (t.starts_with("MD5:") && t.len() > 20)
}

fn is_kind(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn fingerprint_in(line: &str) -> Option<String> {
    line.split_whitespace()
        .map(|t| t.trim_end_matches(['.', ',']))
        .find(|t| is_fingerprint(t))
        .map(String::from)
}

/// `ssh-ed25519 SHA256:…` → `ED25519 SHA256:…`.
fn server_key(rest: &str) -> String {
    let mut words = rest.split_whitespace();
    let kind = words.next().unwrap_or("");
    let fp = words.next().unwrap_or("");
    let kind = kind
        .trim_start_matches("ssh-")
        .trim_start_matches("ecdsa-sha2-")
        .to_ascii_uppercase();
    crate::evidence::printable(&format!("{kind} {fp}"))
}

/// `… port 22.` / `… port 22: Connection refused`.
fn port_in(text: &str) -> Option<u16> {
    let rest = after(text, "port ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Where a `user@host: Permission denied` message starts.
fn host_before<'a>(line: &'a str, anchor: &'a str) -> &'a str {
    let i = find_str(line, anchor).unwrap_or(0);
    let before = &line[..i];
    match before.trim_end().strip_suffix(':') {
        Some(b) => match b.rfind(char::is_whitespace) {
            Some(j) => &line[j + 1..],
            None => line,
        },
        None => anchor,
    }
}

/// A line of `ssh-add -l`: `256 SHA256:… comment (ED25519)`.
fn agent_listing(line: &str) -> Option<Key> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| is_fingerprint(w))?;
    let bits = words.get(at.checked_sub(1)?)?;
    let last = words.last()?;
    if !bits.chars().all(|c| c.is_ascii_digit()) || !last.starts_with('(') || !last.ends_with(')') {
        return None;
    }
    Some(Key {
        fingerprint: Some(words[at].to_string()),
        kind: Some(last.trim_matches(['(', ')']).to_string()),
        source: crate::evidence::printable(&words[at + 1..words.len() - 1].join(" ")),
        from_agent: true,
        listed: true,
        ..Key::default()
    })
}

/// A repository line of the deploy-key greeting (S3): `acme/widgets`, maybe followed by more.
fn repo_listed(line: &str) -> Option<String> {
    let word = line.split_whitespace().next()?.trim_end_matches(':');
    let (ws, repo) = word.split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (ok(ws) && ok(repo)).then(|| word.to_string())
}

/// A git SSH URL in a line: `git@host:ws/repo(.git)` or `ssh://git@host[:port]/ws/repo(.git)`:
/// its host, port and repository.
fn git_url(line: &str) -> Option<(String, Option<u16>, Option<String>)> {
    let (authority, path) = if let Some(rest) = after(line, "ssh://") {
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`' | ')'))
            .unwrap_or(rest.len());
        let url = &rest[..end];
        let (authority, path) = url.split_once('/').unwrap_or((url, ""));
        (authority.rsplit('@').next().unwrap_or(authority), path)
    } else {
        let i = find_str(line, "git@")?;
        let rest = &line[i + 4..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`' | ')'))
            .unwrap_or(rest.len());
        let url = &rest[..end];
        let (host, path) = url.split_once(':')?;
        (host, path)
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => {
            (h, p.parse().ok())
        }
        _ => (authority, None),
    };
    if host.is_empty() || !host.contains('.') && host != "localhost" {
        return None;
    }
    let path = path.trim_start_matches('/').trim_end_matches(['.', ',']);
    let path = path.strip_suffix(".git").unwrap_or(path);
    let repo =
        (path.matches('/').count() == 1 && repo_listed(path).is_some()).then(|| path.to_string());
    Some((host.to_string(), port, repo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A line without an anchor teaches the reader nothing, whatever it has read before:
        /// the gate in `Reader::line` skips only lines the readings would pass over.
        #[test]
        fn a_line_without_an_anchor_reads_as_nothing(
            words in proptest::collection::vec(
                proptest::sample::select(ANCHORS.iter().flat_map(|a| {
                    // Anchors cut short, and the words around them.
                    let cut = &a[..a.len() - 1];
                    [*a, cut, &a[1..], " ", ":", "(", ")", "'", "`", "ssh", "git", "256", "(ED25519)", "x@y.z", "bitbucket.org", "yes", "="]
                }).collect::<Vec<&str>>()),
                0..8,
            ),
            upper in any::<bool>(),
        ) {
            let line: String = words.concat();
            let line = if upper { line.to_ascii_uppercase() } else { line };
            prop_assume!(!anchored(&line));
            // Every search asked, as before the anchors' bits gated them one by one.
            let mut r = Reader {
                anchors: u128::MAX,
                ..Reader::default()
            };
            r.anchored_line(&line);
            prop_assert_eq!(r.signals, 0);
            prop_assert_eq!(&r.f, &SshFacts::default());
            prop_assert!(r.hosts.iter().all(Option::is_none));
            prop_assert!(!r.fingerprint_next && !r.in_deploy_list);
        }
    }

    /// Pieces of the lines `Reader::message` and `Reader::debug` read: the anchors (whole, cut
    /// short, in any case) and the words their readings look for around them.
    fn ssh_pieces() -> Vec<String> {
        let mut pieces: Vec<String> = Vec::new();
        for a in ANCHORS {
            pieces.push(a.to_string());
            pieces.push(a.to_ascii_lowercase());
            pieces.push(a.to_ascii_uppercase());
            pieces.push(a[..a.len() - 1].to_string());
            pieces.push(a[1..].to_string());
        }
        for w in [
            " ",
            ":",
            "(",
            ")",
            "'",
            "`",
            "\"",
            "ssh",
            "ssh ",
            "git",
            "256",
            "(ED25519)",
            "ED25519",
            "x@y.z",
            "bitbucket.org",
            "git@bitbucket.org:acme/widgets.git",
            "ssh://git@bitbucket.org:7999/acme/widgets.git",
            "https://",
            "port 443",
            "publickey",
            "Permission denied (publickey).",
            "refused",
            "timed out",
            "i/o timeout",
            "no route to host",
            "network is unreachable",
            "dial tcp 104.192.141.1:22: ",
            "SHA256:htnSJx6+51GACkgYyuT4+otRqBUrFJA3XtpX2JQ+4S4",
            "MD5:aa:bb:cc:dd:ee:ff:00:11:22",
            "? yes",
            "yes",
            "=yes",
            "Host key for ",
            "HostKey has been changed: ",
            "reject HostKey: ",
            "\": ",
            " in ",
            " not accessible: No such file or directory.",
            "conq: ",
            "Repository does not exist.",
            "Repository access denied.",
            "strict checking",
            "[web01] ",
            "2026-11-20T10:00:01Z ",
            "Connecting to ",
            "Offering public key: ",
            "agent returned 2 keys",
            "Sending command: git-upload-pack 'acme/widgets.git'",
            "acme/widgets",
            "for_Windows",
            "= ",
            "jump.example.com",
            "\t",
        ] {
            pieces.push(w.to_string());
        }
        pieces
    }

    proptest! {
        /// The anchors' bits gate the searches of `Reader::message` and `Reader::debug`: lines
        /// read with the bits `anchors_in` finds leave the reader as lines read with every
        /// search asked (every bit set, or none for a line without an anchor, as before).
        #[test]
        fn the_anchors_bits_skip_no_reading(
            lines in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(ssh_pieces()), 0..8),
                1..5,
            ),
        ) {
            let lines: Vec<String> = lines.iter().map(|l| l.concat()).collect();
            let (mut gated, mut every) = (Reader::default(), Reader::default());
            for line in &lines {
                gated.line(line);
                every.line_holding(line, if anchored(line) { u128::MAX } else { 0 });
            }
            prop_assert_eq!(&gated.f, &every.f);
            prop_assert_eq!(gated.signals, every.signals);
            prop_assert_eq!(&gated.hosts, &every.hosts);
            prop_assert_eq!(gated.fingerprint_next, every.fingerprint_next);
            prop_assert_eq!(gated.in_deploy_list, every.in_deploy_list);
            prop_assert_eq!(
                (gated.signals > 0).then(|| gated.finish()),
                (every.signals > 0).then(|| every.finish())
            );
        }

        /// `anchors_in` sets the bit of every anchor the line holds, in any case, and no other.
        #[test]
        fn the_anchors_bits_are_the_anchors_held(
            words in proptest::collection::vec(proptest::sample::select(ssh_pieces()), 0..10),
        ) {
            let line = words.concat();
            let lower = line.to_ascii_lowercase();
            let naive = ANCHORS
                .iter()
                .enumerate()
                .filter(|(_, a)| lower.contains(&a.to_ascii_lowercase()))
                .fold(0u128, |m, (i, _)| m | 1 << i);
            prop_assert_eq!(anchors_in(&line), naive);
            prop_assert_eq!(anchored(&line), naive != 0);
        }
    }

    #[test]
    fn a_phrase_s_bit_is_the_anchor_inside_it() {
        let bit = |a: &str| 1u128 << ANCHORS.iter().position(|x| *x == a).unwrap();
        assert_eq!(anchor_bit("To git@"), bit("git@"));
        assert_eq!(anchor_bit("proxyjump"), bit("ProxyJump"));
        assert_eq!(anchor_bit(" -j "), bit(" -J "));
        assert_eq!(
            anchor_bit("repository does not exist"),
            bit("repository does not exist")
        );
        assert_eq!(anchor_bit("debug1: "), bit("debug1: "));
        assert!(held!(bit("git@"), "ssh://", "git@"));
        assert!(!held!(bit("git@"), "ssh://", "OpenSSH_"));
    }

    #[test]
    fn anchors_hold_in_any_case() {
        assert!(anchored("CONQ: REPOSITORY ACCESS DENIED"));
        assert!(anchored("  debug1: Connecting to bitbucket.org"));
        assert!(!anchored("the ssh key works over https"));
    }

    #[test]
    fn reads_keys_in_both_formats() {
        let f = read(
            "debug1: Will attempt key: /home/u/.ssh/id_ed25519 ED25519 SHA256:htnSJx6+51GACkgYyuT4+otRqBUrFJA3XtpX2JQ+4S4 explicit\n\
             debug1: Offering public key: RSA SHA256:E6U2OsKlvKdj0KGWeLGMI0KmwtClddpYFWiy04dCwyQ /home/u/.ssh/id_rsa\n\
             debug1: Offering public key: /home/u/.ssh/id_ed25519 ED25519 SHA256:htnSJx6+51GACkgYyuT4+otRqBUrFJA3XtpX2JQ+4S4 explicit\n",
        )
        .unwrap();
        assert_eq!(f.keys.len(), 2);
        assert_eq!(f.keys[0].source, "/home/u/.ssh/id_ed25519");
        assert_eq!(f.keys[0].kind.as_deref(), Some("ED25519"));
        assert!(f.keys[0].offered);
        assert_eq!(f.keys[1].source, "/home/u/.ssh/id_rsa");
        assert_eq!(f.keys[1].kind.as_deref(), Some("RSA"));
    }

    #[test]
    fn tolerates_prefixes_quotes_and_crlf() {
        let text = "2026-11-20T10:00:01.123Z > git@bitbucket.org: Permission denied (publickey).\r\n\
                    [12:00:02] > fatal: Could not read from remote repository.\r\n";
        let f = read(text).unwrap();
        assert_eq!(f.host.as_deref(), Some("bitbucket.org"));
        assert!(
            f.denied
                .as_deref()
                .unwrap()
                .starts_with("git@bitbucket.org: Permission denied")
        );
        assert!(f.git_failed);
    }

    #[test]
    fn reads_urls_commands_and_greetings() {
        let f = read(
            "$ git push origin main\nTo git@ssh.bitbucket.org:acme/widgets.git\n\
             repository access denied. access via a deployment key is read-only.\n",
        )
        .unwrap();
        assert!(f.push);
        assert_eq!(f.repo.as_deref(), Some("acme/widgets"));
        assert_eq!(f.refusal.as_ref().unwrap().0, Refusal::DeployKeyReadOnly);
        let f = read(
            "authenticated via a deploy key.\n\nYou can use git or hg to connect to Bitbucket. Shell access is disabled.\n\n\
             This deploy key has read access to the following repositories:\nacme/widgets: Widgets\n",
        )
        .unwrap();
        assert_eq!(
            f.greeting,
            Some(Greeting::DeployKey {
                repos: vec!["acme/widgets".into()]
            })
        );
    }

    #[test]
    fn stays_quiet_on_https_text() {
        assert!(read("curl -u me:tok https://api.bitbucket.org/2.0/user\nHTTP/1.1 401").is_none());
        assert!(read("remote: Invalid credentials\nfatal: Authentication failed for 'https://bitbucket.org/a/b.git/'").is_none());
        // A URL alone is not a conversation.
        assert!(read("my remote is git@bitbucket.org:acme/widgets.git").is_none());
    }

    #[test]
    fn a_first_connection_question_answered_or_passed_is_an_accepted_key() {
        let prompt = "The authenticity of host 'bitbucket.org (104.192.141.1)' can't be established.\n\
                      Are you sure you want to continue connecting (yes/no/[fingerprint])?";
        // Unanswered: the question is where it stopped.
        let f = read(prompt).unwrap();
        assert!(matches!(f.host_key, HostKey::NotKnown { .. }));
        let f = read(&format!("{prompt} no\nHost key verification failed.")).unwrap();
        assert!(matches!(f.host_key, HostKey::NotKnown { .. }));
        // Answered yes, or keys tried after it (ssh tries keys only past the host key).
        let f = read(&format!("{prompt} yes\n")).unwrap();
        assert_eq!(f.host_key, HostKey::Matched);
        let f = read(&format!(
            "{prompt}\ngit@bitbucket.org: Permission denied (publickey)."
        ))
        .unwrap();
        assert_eq!(f.host_key, HostKey::Matched);
        let f = read(&format!("{prompt}\nauthenticated via ssh key.")).unwrap();
        assert_eq!(f.host_key, HostKey::Matched);
    }

    #[test]
    fn reads_ssh_add_listing() {
        let f = read("$ ssh-add -l\n256 SHA256:cZG27wND3vX0Ku2WSyYKDgBqtJGkbgL7Pylh0OY5NaI kim@laptop (ED25519)\n").unwrap();
        assert_eq!(f.agent_keys, Some(1));
        assert_eq!(f.keys[0].source, "kim@laptop");
        let f = read("$ ssh-add -l\nThe agent has no identities.\n").unwrap();
        assert_eq!(f.agent_keys, Some(0));
    }

    #[test]
    fn reads_other_clients_host_key_words() {
        let go = read(
            "rpc error: code = Unknown desc = ssh: handshake failed: knownhosts: key mismatch",
        )
        .unwrap();
        assert!(matches!(go.host_key, HostKey::Changed { .. }));
        let go = read("ssh: handshake failed: knownhosts: key is unknown").unwrap();
        assert!(matches!(go.host_key, HostKey::NotKnown { .. }));
        let jsch =
            read("stderr: com.jcraft.jsch.JSchException: HostKey has been changed: bitbucket.org")
                .unwrap();
        assert!(matches!(jsch.host_key, HostKey::Changed { .. }));
        assert_eq!(jsch.host.as_deref(), Some("bitbucket.org"));
        let jsch = read("com.jcraft.jsch.JSchException: reject HostKey: bitbucket.org").unwrap();
        assert!(matches!(jsch.host_key, HostKey::NotKnown { .. }));
        // A key named in prose is not a host key refusal.
        assert!(
            read("We rotate the HostKey every year").is_none_or(|f| f.host_key == HostKey::Unseen)
        );
    }

    #[test]
    fn each_host_s_session_keeps_its_own_failures() {
        // A deploy server's changed key after a clone from Bitbucket is the server's.
        let t = read_transcript(
            "[job] $ git clone git@ssh.bitbucket.org:acme/site.git\n\
             Cloning into 'site'...\n\
             [job] $ scp -r site/public deploy@web01.example.com:/var/www/\n\
             @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n\
             Host key verification failed.\n",
            &[],
            &[],
        );
        assert_eq!(t.facts, None);
        assert_eq!(t.elsewhere, vec!["web01.example.com".to_string()]);
        // A submodule from GitHub, by git's own line.
        let t = read_transcript(
            "+ git clone git@bitbucket.org:acme/app.git\n\
             Submodule 'x' (git@github.com:o/x.git) registered for path 'x'\n\
             No ED25519 host key is known for github.com and you have requested strict checking.\n",
            &[],
            &[],
        );
        assert_eq!(t.facts, None);
        assert_eq!(t.elsewhere, vec!["github.com".to_string()]);
        // Bitbucket's failure after another host's session is Bitbucket's.
        let t = read_transcript(
            "PS C:\\src> git clone git@github.com:o/tools.git\n\
             PS C:\\src> git clone git@bitbucket.org:acme/api.git\n\
             git@bitbucket.org: Permission denied (publickey).\n",
            &[],
            &[],
        );
        let f = t.facts.unwrap();
        assert!(f.denied.is_some());
        assert_eq!(f.repo.as_deref(), Some("acme/api"));
        // Bitbucket's hosts are one server: the agent listed before, the push after.
        let f = read_lines(
            "$ ssh-add -l\nThe agent has no identities.\n\
             $ ssh -T git@bitbucket.org\n\
             $ git push git@ssh.bitbucket.org:acme/api.git\n\
             git@ssh.bitbucket.org: Permission denied (publickey).\n",
        )
        .unwrap();
        assert_eq!(f.agent_keys, Some(0));
        assert!(f.denied.is_some() && f.push);
    }

    #[test]
    fn putty_s_and_libgit2_s_host_key_words_are_read() {
        let f = read_lines(
            "The host key does not match the one Plink has cached for this server:\n  \
             ssh.bitbucket.org (port 22)\nFATAL ERROR: Cannot confirm a host key in batch mode\n",
        )
        .unwrap();
        assert!(matches!(f.host_key, HostKey::Changed { .. }));
        assert_eq!(f.host_name().as_deref(), Some("ssh.bitbucket.org"));
        // Older PuTTY names no host.
        let f = read_lines("The server's host key is not cached in the registry.\n").unwrap();
        assert!(matches!(f.host_key, HostKey::NotKnown { .. }));
        let f = read_lines("FATAL ERROR: Cannot confirm a host key in batch mode\n").unwrap();
        assert!(matches!(f.host_key, HostKey::NotKnown { .. }));
        let f = read_lines(
            "Error: invalid or unknown remote ssh hostkey; class=Ssh (23); code=Certificate (-17)\n",
        )
        .unwrap();
        assert!(matches!(f.host_key, HostKey::NotKnown { .. }));
        // A cache of something else is no host key.
        assert!(
            read_lines("The host list is cached for this server: ok\n")
                .is_none_or(|f| f.host_key == HostKey::Unseen)
        );
    }

    #[test]
    fn bitbucket_s_words_shown_before_the_steps_are_not_the_first_step_s_host_s() {
        // A post shows Bitbucket's refusal, then the steps: a clone from another host first.
        let text = "conq: repository access denied. access via a deployment key is read-only.\n\
                    git clone git@heroku.com:app.git\n\
                    git remote add bitbucket ssh://git@bitbucket.org/acme/app.git\n\
                    git push bitbucket master\n";
        let t = read_transcript(text, &[], &[]);
        assert!(t.facts.unwrap().refusal.is_some());
        assert_eq!(t.elsewhere, vec!["heroku.com".to_string()]);
        // Quoted from an article, the words are no output of the poster's: the steps after
        // are the other server's, as before.
        let quoted = [true, false, false, false];
        let t = read_transcript(text, &[], &quoted);
        assert!(t.facts.is_none_or(|f| f.refusal.is_none()));
        // A quote around the whole paste is the paste.
        let t = read_transcript(text, &[], &[true; 4]);
        assert!(t.facts.unwrap().refusal.is_some());
    }

    #[test]
    fn a_failure_keeps_the_host_a_tool_or_its_command_names() {
        // A file copy is never Bitbucket's, even to a masked host.
        let t = read_transcript(
            "+ rsync -az dist/ ***@***:/srv/app\nHost key verification failed.\n",
            &[],
            &[],
        );
        assert_eq!(t.facts.unwrap().failure_host.as_deref(), Some("***"));
        // Nor is a login as another user than `git`; `git@` to Bitbucket names none.
        let t = read_transcript(
            "$ ssh deploy@10.0.0.5 uptime\nHost key verification failed.\n",
            &[],
            &[],
        );
        assert_eq!(t.facts.unwrap().failure_host.as_deref(), Some("10.0.0.5"));
        let t = read_transcript(
            "$ ssh -T git@ssh.bitbucket.org\nHost key verification failed.\n",
            &[],
            &[],
        );
        assert_eq!(t.facts.unwrap().failure_host, None);
        // A deploy tool's or Ansible's bracketed host; not a log's own labels.
        for (line, host) in [
            (
                "[prod-web-1] Host key verification failed.",
                Some("prod-web-1"),
            ),
            (
                "fatal: [web02]: UNREACHABLE! => {\"msg\": \"Host key verification failed.\"}",
                Some("web02"),
            ),
            ("[Pipeline] Host key verification failed.", None),
            ("[2026-11-20 10:00:01] Host key verification failed.", None),
            ("[command] Host key verification failed.", None),
        ] {
            let f = read(line).unwrap();
            assert_eq!(f.failure_host.as_deref(), host, "{line}");
        }
        // A jump host, from ssh_config or -J.
        let f = read(
            "Host ssh.bitbucket.org\n  ProxyJump gw.corp.example\nHost key verification failed.\n",
        )
        .unwrap();
        assert_eq!(f.jump.as_deref(), Some("gw.corp.example"));
        let f = read("$ ssh -J ops@gw.corp.example:2222 -T git@ssh.bitbucket.org\nHost key verification failed.\n")
            .unwrap();
        assert_eq!(f.jump.as_deref(), Some("gw.corp.example"));
    }

    #[test]
    fn ssh_without_a_user_names_its_destination() {
        assert_eq!(
            command_host("$ ssh jump.northwind.io true"),
            Some(("jump.northwind.io".to_string(), true))
        );
        assert_eq!(
            command_host("$ ssh -p 2222 -i ~/.ssh/ops bastion.example.com"),
            Some(("bastion.example.com".to_string(), true))
        );
        assert_eq!(
            command_host("$ ssh -T git@bitbucket.org").map(|h| h.1),
            Some(false)
        );
        assert_eq!(command_host("$ ssh-add -l"), None);
        assert_eq!(command_host("$ ssh localhost"), None);
    }

    #[test]
    fn a_connection_that_failed_then_worked_is_left_out() {
        let text = "$ git fetch\n\
                    ssh: connect to host ssh.bitbucket.org port 22: Connection timed out\n\
                    fatal: Could not read from remote repository.\n\
                    $ git fetch\n\
                    From ssh.bitbucket.org:acme/web\n";
        assert!(read_transcript(text, &[], &[]).facts.is_some());
        let attempt = std::slice::from_ref(&(1..4));
        assert_eq!(read_transcript(text, attempt, &[]).facts, None);
        // A refusal stays: a key added in between is the cause, not a moment's.
        let denied = "$ git fetch\n\
                      git@bitbucket.org: Permission denied (publickey).\n\
                      $ git fetch\n";
        let attempt = std::slice::from_ref(&(1..3));
        assert!(read_transcript(denied, attempt, &[]).facts.is_some());
    }

    #[test]
    fn an_alias_is_bitbucket_s_when_ssh_connects_there() {
        let f = read_lines(
            "$ git clone git@bitbucket.org-work:acme/api.git\n\
             git@bitbucket.org: Permission denied (publickey).\n",
        )
        .unwrap();
        assert_eq!(f.host_name().as_deref(), Some("bitbucket.org"));
        // `[host]:port`: the host and its port.
        let f = read_lines("The authenticity of host '[scm.example.com]:7999 ([10.0.0.5]:7999)' can't be established.\n").unwrap();
        assert_eq!(f.host_name().as_deref(), Some("scm.example.com"));
        assert_eq!(f.port, Some(7999));
    }

    #[test]
    fn reads_transport_failures() {
        let f = read("ssh: connect to host bitbucket.org port 22: Connection timed out\n").unwrap();
        assert_eq!(f.transport.as_ref().unwrap().0, Transport::Timeout);
        assert_eq!(f.port, Some(22));
        assert_eq!(f.host.as_deref(), Some("bitbucket.org"));
        let f =
            read("ssh: Could not resolve hostname ssh.bitbucket.org: Name or service not known\n")
                .unwrap();
        assert_eq!(f.transport.as_ref().unwrap().0, Transport::Dns);
    }

    #[test]
    fn reads_other_clients_connect_failures() {
        let read_one =
            |t: &str| read(t).and_then(|f| f.transport.map(|(k, _)| (k, f.host, f.port)));
        let host = Some("bitbucket.org".to_string());
        assert_eq!(
            read_one(
                "unable to clone 'ssh://git@bitbucket.org/a/b.git': dial tcp 1.2.3.4:22: connect: connection refused\n"
            ),
            Some((Transport::Refused, host.clone(), Some(22)))
        );
        assert_eq!(
            read_one("TransportException: git@bitbucket.org:a/b.git: connect timed out\n"),
            Some((Transport::Timeout, host.clone(), None))
        );
        assert_eq!(
            read_one(
                "Updating git repository `ssh://git@bitbucket.org/a/b.git`\nfailed to connect to bitbucket.org: Connection refused; class=Os (2)\n"
            ),
            Some((Transport::Refused, host, None))
        );
        // HTTPS is the network reader's.
        for t in [
            "TransportException: https://bitbucket.org/a/b.git: Connection refused\n",
            "Updating git repository `https://bitbucket.org/a/b.git`\nfailed to connect to bitbucket.org: Connection refused\n",
            "fatal: unable to access 'https://git@bitbucket.org/a/b.git/': Failed to connect to bitbucket.org port 443: Connection refused\n",
        ] {
            assert_eq!(read_one(t), None, "{t}");
        }
    }
}

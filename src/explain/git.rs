//! git over HTTPS as pasted: commands (`git clone URL`, `git push`, `git remote set-url`, `git
//! -c http.extraHeader=…`) and git's output (`remote:` lines, `fatal: Authentication failed for
//! 'URL'`, `fatal: unable to access 'URL': The requested URL returned error: 403`, fact sheet
//! §4.2). Each becomes an exchange on the repository's smart-HTTP discovery URL, with git's
//! username as the Basic login when the text shows it.

use super::expand::Env;
use super::scan::line_at;
use super::shell::Word;
use super::{
    Answer, Piece, Sent, UNKNOWN_REPO, basic_auth, body, network, parse_authorization, sent_auth,
    url,
};
use crate::evidence::{Request, SentAuth};

/// The source of a request read from git's output: it completes the command before it.
pub const OUTPUT: &str = "git output";

/// A password typed at git's prompt: sent, never shown.
const TYPED: &str = "****";

/// Where git starts every HTTPS operation.
const DISCOVERY: &str = "/info/refs?service=git-upload-pack";

/// The discovery URL of the repository at `clone_url`, and the credentials the URL carries.
pub fn discovery(clone_url: &str) -> (String, Option<url::UserInfo>) {
    let (clean, user) = url::clean(clone_url.trim());
    let base = clean.trim_end_matches('/');
    let has_path = crate::evidence::split_once_str(base, "://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/').contains('/'));
    // Pushed, not `format!`ted: its machinery cost several times the copy (every clone URL).
    let mut url =
        String::with_capacity(base.len() + 1 + UNKNOWN_REPO.len() + ".git".len() + DISCOVERY.len());
    url.push_str(base);
    if !has_path {
        url.push('/');
        url.push_str(UNKNOWN_REPO);
        url.push_str(".git");
    } else if !base.ends_with(".git") {
        url.push_str(".git");
    }
    url.push_str(DISCOVERY);
    (url, user)
}

/// A push starts at the same place, asking for the service that writes.
pub fn for_push(discovery_url: &str) -> String {
    discovery_url.replace("git-upload-pack", "git-receive-pack")
}

/// A line that names a git remote with its credential: `git remote -v`'s
/// `origin  https://user:token@bitbucket.org/ws/repo.git (fetch)`, a config's
/// `url = https://…`, or the URL alone on its line (a post's code block). git sends what the URL
/// carries, so the line shows the credential and its username as git uses them.
pub fn remote(line: &str) -> Option<Sent> {
    // Asked of every line of prose: a remote's URL holds `://` (the URL below is a part of the
    // line), and few lines do.
    if !crate::evidence::contains_str(line, "://") {
        return None;
    }
    let t = line.trim().trim_matches(['`', '"', '\'']).trim();
    let (url, bare) = if let Some(rest) = t.strip_suffix("(fetch)") {
        (rest.split_whitespace().last()?, false)
    } else if let Some(rest) = t.strip_prefix("url").map(str::trim_start)
        && let Some(value) = rest.strip_prefix('=')
    {
        (value.trim(), false)
    } else if let Some(value) = keyed_value(t) {
        // A config's value (`"dep": "git+https://…"` in package.json, `url: https://…` in a
        // Secret or a tool's YAML): the URL the tool hands git.
        (value, false)
    } else {
        (t, true)
    };
    // npm, pip and cargo spell a git dependency `git+https://…#ref`: git gets the URL without
    // the prefix and the ref.
    let url = url.strip_prefix("git+").unwrap_or(url);
    let url = memchr::memchr(b'#', url.as_bytes()).map_or(url, |at| &url[..at]);
    // Asked of every line of prose: found from its colon (few lines hold one), not by a
    // searcher `split_once` would build.
    let at = crate::evidence::find_str(url, "://")?;
    let (scheme, rest) = (&url[..at], &url[at + 3..]);
    let authority = memchr::memchr(b'/', rest.as_bytes()).map_or(rest, |at| &rest[..at]);
    let userinfo = &authority[..memchr::memrchr(b'@', authority.as_bytes())?];
    let placeholder = |s: &str| s.contains(['{', '<', '$', '%', '[']) && !s.contains("%40");
    // A URL with no repository is a remote only as `~/.git-credentials` stores one: alone on
    // its line, with a login and a secret, for every repository on the host.
    let stored = bare && userinfo.contains(':') && !placeholder(userinfo);
    if !matches!(scheme, "https" | "http")
        || !crate::bitbucket::is_website(&crate::bitbucket::host_of(url))
        || url.contains(char::is_whitespace)
        || !(rest.trim_end_matches('/').contains('/') || stored)
        || (bare && placeholder(userinfo))
    {
        return None;
    }
    let (discovery_url, user) = discovery(url);
    let u = user.filter(|u| !crate::credential::is_mask(&u.login))?;
    Some(Sent {
        request: Request {
            method: "GET".into(),
            url: discovery_url,
            auth: Some(sent_auth(&url_basic(u), &[])),
            auth_unseen: false,
        },
        source: "git remote",
    })
}

/// The value of a config's `key: value` or JSON's `"key": "value",` line, when the key is one
/// word and the value one quoted or bare word: else `None` (a sentence with a colon).
fn keyed_value(line: &str) -> Option<&str> {
    // (By `find_str`: `split_once` with a `&str` builds a searcher on every call.)
    let (key, value) = crate::evidence::split_once_str(line, ": ")?;
    let key = key.trim().trim_matches(['"', '\'']);
    let value = value.trim().trim_end_matches(',').trim_matches(['"', '\'']);
    let word = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    (word(key) && word(value) && !key.contains("://")).then_some(value)
}

/// `AUTHORIZATION: bearer …` is how Azure Pipelines' agent passes its own job token to git
/// (its checkout, microsoft/azure-pipelines-agent `GitSourceProvider`; the Azure docs' snippet
/// for `$(System.AccessToken)`), for Azure Repos: a line of the agent's, not a header the user
/// spelt. Its scheme word is then no sign of the user's mistake, only a guess.
fn agents_header(mut auth: SentAuth, header: &str) -> SentAuth {
    if header.trim_start().starts_with("AUTHORIZATION: bearer ") {
        auth.form_strength = auth.form_strength.min(crate::evidence::Strength::Inferred);
    }
    auth
}

/// A credential as git's helpers exchange it (git-credential(1): `protocol=https`,
/// `host=bitbucket.org`, `path=…`, `username=…`, `password=…`, one per line), as `git credential
/// fill` prints it: what git sends to that host, as the URL `https://username:password@host/path`
/// would. Returns it with where the record ends.
pub fn credential_record(text: &str, pos: usize) -> Option<(Sent, usize)> {
    let (mut protocol, mut host, mut path, mut login, mut secret) = (None, None, "", None, None);
    let mut end = pos;
    while end < text.len() {
        let line = line_at(text, end);
        let Some((key, value)) = line.text.trim().split_once('=') else {
            break;
        };
        match key {
            "protocol" => protocol = Some(value),
            "host" => host = Some(value),
            "path" => path = value,
            "username" => login = Some(value),
            "password" => secret = Some(value),
            "capability[]" | "wwwauth[]" | "password_expiry_utc" | "quit" => {}
            _ => break,
        }
        end = line.next;
    }
    let (host, login) = (host?, login?);
    if protocol != Some("https") || !crate::bitbucket::is_website(host) {
        return None;
    }
    let (url, _) = discovery(&format!("https://{host}/{path}"));
    let secret = secret.map(|s| crate::credential::Secret::new(s.to_string()));
    Some((
        Sent {
            request: Request {
                method: "GET".into(),
                url,
                auth: Some(sent_auth(&basic_auth(login, secret), &[])),
                auth_unseen: false,
            },
            source: "git credential",
        },
        end,
    ))
}

/// The request a git command sends, if it talks to a server over HTTPS. `set-url` and `add`
/// only remember the remote for the commands after them.
pub fn command(words: &[Word], env: &Env, origin: &mut Option<String>) -> Option<Sent> {
    let mut header: Option<super::expand::Value> = None;
    // `credential.username` (or `credential.<url>.username`): the login git gives its
    // credential helper when the URL names none.
    let mut username: Option<(String, String)> = None;
    // `-c key=value` before the subcommand, and clone's own `-c` / `--config` after it.
    let mut config = |w: Option<&Word>| {
        let Some(w) = w else { return };
        let value = env.value(w);
        let Some((key, v)) = value.text.split_once('=') else {
            return;
        };
        let key = key.to_ascii_lowercase();
        if key == "http.extraheader"
            && v.trim_start()
                .to_ascii_lowercase()
                .starts_with("authorization:")
        {
            header = Some(super::expand::Value {
                text: v.to_string(),
                refs: value.refs.clone(),
            });
        } else if let Some(scope) = key
            .strip_prefix("credential.")
            .and_then(|k| k.strip_suffix("username"))
            && (scope.is_empty() || scope.ends_with('.'))
            && !v.is_empty()
        {
            username = Some((scope.trim_end_matches('.').to_string(), v.to_string()));
        }
    };
    let mut i = 0;
    while let Some(w) = words.get(i) {
        match w.text.as_str() {
            "-c" => {
                config(words.get(i + 1));
                i += 2;
            }
            "-C" => i += 2,
            t if t.starts_with('-') => i += 1,
            _ => break,
        }
    }
    let sub = words.get(i)?.text.as_str();
    let mut args: Vec<&Word> = Vec::new();
    let mut j = i + 1;
    while let Some(w) = words.get(j) {
        match w.text.as_str() {
            "-c" | "--config" => {
                config(words.get(j + 1));
                j += 1;
            }
            t if t.starts_with('-') => {}
            _ => args.push(w),
        }
        j += 1;
    }
    let remote_url = |w: &&Word| {
        let t = &w.text;
        (t.contains("://") || t.contains('@')).then(|| env.value(w).text)
    };
    let target = match sub {
        "remote" => {
            let (verb, _name, url) = (args.first()?, args.get(1)?, args.get(2)?);
            if matches!(verb.text.as_str(), "set-url" | "add") {
                *origin = Some(env.value(url).text);
            }
            return None;
        }
        "config" => {
            let (key, url) = (args.first()?, args.get(1)?);
            if key.text.eq_ignore_ascii_case("remote.origin.url") {
                *origin = Some(env.value(url).text);
            }
            return None;
        }
        // A clone whose URL a post left out still sends its header to Bitbucket.
        // The URL among the arguments: an option's value (`--depth 1`, `-b main`) may come
        // first.
        "clone" | "ls-remote" => args
            .iter()
            .find_map(remote_url)
            .or_else(|| header.as_ref().map(|_| "https://bitbucket.org".to_string()))?,
        "push" | "pull" | "fetch" => args
            .iter()
            .find_map(remote_url)
            .or_else(|| origin.clone())
            .unwrap_or_else(|| "https://bitbucket.org".into()),
        _ => return None,
    };
    let target = env.rewrite(&target).unwrap_or(target);
    if !(target.starts_with("https://") || target.starts_with("http://")) {
        // ssh and scp-like URLs do not use HTTP authentication.
        return None;
    }
    let (mut discovery_url, user) = discovery(&target);
    if sub == "push" {
        discovery_url = for_push(&discovery_url);
    }
    let (auth, source) = match (header, user) {
        (Some(h), _) => (
            Some(agents_header(
                sent_auth(&parse_authorization(&h.text), &h.refs),
                &h.text,
            )),
            "git -c http.extraHeader",
        ),
        // A user-info the log masked whole (Jenkins' `https://*****@bitbucket.org/…`): a
        // credential went, the text hides which.
        (None, Some(u)) if crate::credential::is_mask(&u.login) => (None, "git"),
        (None, Some(u)) => (Some(sent_auth(&url_basic(u), &[])), "git URL"),
        // Scoped to a URL (`credential.https://bitbucket.org.username`), it applies to that
        // URL's requests only.
        (None, None)
            if username
                .as_ref()
                .is_some_and(|(scope, _)| target.starts_with(scope.as_str())) =>
        {
            let login = username.map(|(_, login)| login).unwrap_or_default();
            let u = url::UserInfo {
                login,
                secret: None,
            };
            (
                Some(sent_auth(&url_basic(u), &[])),
                "git -c credential.username",
            )
        }
        // git's libcurl takes a netrc's entry for the host when the URL carries none.
        (None, None) => match netrc_credential(env, &target) {
            Some(auth) => (Some(auth), "netrc"),
            None => (None, "git"),
        },
    };
    Some(Sent {
        request: Request {
            method: "GET".into(),
            url: discovery_url,
            // Without a user in the URL, git asks its credential helper: not in the text.
            auth_unseen: auth.is_none(),
            auth,
        },
        source,
    })
}

/// What git sends for a URL's user-info. A user without a password is no anonymous call: git
/// asks for the password (its prompt, or a credential helper) and sends it with that user, so
/// the secret is only not in the text.
fn url_basic(u: url::UserInfo) -> crate::credential::Authorization {
    let secret = u
        .secret
        .or_else(|| (!u.login.is_empty()).then(|| crate::credential::Secret::new(TYPED)));
    basic_auth(&u.login, secret)
}

/// The netrc's entry for the host of `url`, as git's libcurl sends it.
fn netrc_credential(env: &Env, url: &str) -> Option<SentAuth> {
    let file = env.netrc.as_deref()?;
    let (login, password) = crate::source::netrc_lookup(file, &crate::bitbucket::host_of(url))?;
    let secret = crate::credential::Secret::new(password);
    Some(sent_auth(&basic_auth(&login, Some(secret)), &[]))
}

/// What git sent where its output names a URL without a credential: the credential of the
/// `insteadOf` rewrite it went to, else the netrc's entry for the host.
pub fn bind_output(pieces: &mut [Piece], env: &Env) {
    for p in pieces {
        let Piece::Request(s) = p else { continue };
        if s.request.auth.is_some() {
            continue;
        }
        let given = match env.rewrite(&s.request.url) {
            Some(to) => url::clean(&to)
                .1
                .map(|u| sent_auth(&basic_auth(&u.login, u.secret), &[])),
            None => netrc_credential(env, &s.request.url),
        };
        if given.is_some() {
            s.request.auth = given;
            s.request.auth_unseen = false;
        }
    }
}

/// `git config [--global] url.<base>.insteadOf <prefix>`: git rewrites every URL starting with
/// the prefix to start with the base instead, credentials in the base included (the usual way
/// CI hands Go modules or a Docker build its token). Returns (prefix, base).
pub fn insteadof(words: &[Word], env: &Env) -> Option<(String, String)> {
    let mut args = words.iter().filter(|w| !w.text.starts_with('-'));
    if args.next()?.text != "config" {
        return None;
    }
    let key = env.value(args.next()?).text;
    let prefix = env.value(args.next()?).text;
    let lower = key.to_ascii_lowercase();
    let base = lower
        .strip_prefix("url.")
        .and_then(|rest| rest.strip_suffix(".insteadof"))
        .map(|b| &key["url.".len().."url.".len() + b.len()])?;
    Some((prefix, base.to_string()))
}

/// A line of `git config --list` or `--get-regexp` that sets a rewrite:
/// `url.<base>.insteadof <prefix>` (or `=<prefix>`). Returns (prefix, base).
pub fn listed_insteadof(trimmed: &str) -> Option<(String, String)> {
    let rest = trimmed
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("url."))?;
    let at = trimmed.to_ascii_lowercase().rfind(".insteadof")?;
    let base = &trimmed[rest.len()..at];
    let prefix = trimmed[at + ".insteadof".len()..]
        .strip_prefix(['=', ' '])?
        .trim();
    (base.contains("://") && prefix.contains("://") && !prefix.contains(char::is_whitespace))
        .then(|| (prefix.to_string(), base.to_string()))
}

/// Whether a line opens git's output.
pub fn starts_output(trimmed: &str) -> bool {
    starts_output_marked(trimmed, true)
}

/// What a line holds, in any ASCII case, when it holds git's `fatal: ` or go-git's status
/// after a quoted URL ([`go_git_status`]): the scanner's markers find them.
pub const FATAL_MARKERS: [&str; 4] = [
    "fatal: ",
    "': authentication required",
    "': authorization failed",
    "': repository not found",
];

/// [`starts_output`], told whether the line may hold one of [`FATAL_MARKERS`] (the scanner's
/// markers know at once): a line without any is not searched for them, colon by colon.
pub fn starts_output_marked(trimmed: &str, may_hold_fatal: bool) -> bool {
    let lower_start = |p: &str| {
        trimmed
            .get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    // Asked of every line (twice): the prefixes' first letters, in either case, pass over
    // most lines at one test.
    let first = trimmed.bytes().next().map(|b| b.to_ascii_lowercase());
    let prefixed = matches!(first, Some(b'r' | b'f' | b'c' | b'u' | b'p' | b't' | b'e'))
        && (lower_start("remote:")
            || (lower_start("fatal:") && !ansible(trimmed))
            || lower_start("cloning into")
            || lower_start("username for '")
            || lower_start("password for '")
            || rpc_failed(trimmed)
            || remote_named(trimmed).is_some());
    prefixed
        || (may_hold_fatal && fatal_or_go_git(trimmed))
        || (first == Some(b'!') && refused_after_auth(trimmed))
}

/// git's smart-HTTP client on a refused request: `error: RPC failed; HTTP 410 curl 22 The
/// requested URL returned error: 410` (git's remote-curl.c, "RPC failed; %s" with curl's
/// "HTTP %ld curl %d %s"). Without `HTTP <status>` it is a transfer cut short (`RPC failed;
/// curl 92 HTTP/2 stream 5 was not closed cleanly`), which the network reader reads.
fn rpc_failed(trimmed: &str) -> bool {
    const RPC: &str = "error: rpc failed; http ";
    trimmed
        .get(..RPC.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(RPC))
        && trimmed[RPC.len()..].starts_with(|c: char| c.is_ascii_digit())
}

/// go-git's words for git's HTTP answer after the URL it quotes (Flux's `unable to clone
/// 'https://bitbucket.org/a/b.git': authentication required`): its transport turns 401, 403
/// and 404 into these errors (go-git `plumbing/transport/http`, `NewErr`), which Argo CD and
/// Flux print.
fn go_git_status(line: &str) -> Option<u16> {
    // Asked of every line: most hold no `': `, found from its quote (a searcher built for
    // each line cost more than the search).
    memchr::memchr_iter(b'\'', line.as_bytes()).find_map(|i| go_git_status_at(line, i))
}

/// [`go_git_status`] of the quote at `i`.
/// go-git's errors and the statuses they stand for (its markers: [`FATAL_MARKERS`]).
const GO_GIT_ERRORS: [(&str, u16); 3] = [
    ("authentication required", 401),
    ("authorization failed", 403),
    ("repository not found", 404),
];

fn go_git_status_at(line: &str, i: usize) -> Option<u16> {
    if !line.as_bytes()[i + 1..].starts_with(b": ") {
        return None;
    }
    let rest = &line[i + 3..];
    GO_GIT_ERRORS.iter().find_map(|&(words, status)| {
        rest.get(..words.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(words))
            .then_some(status)
    })
}

/// Whether the colon at `i` ends git's `fatal: ` (not Ansible's `fatal: [`). A line's `fatal: `
/// is found from its colons (few in most lines): this runs on every line, and a substring
/// search costs more than walking them.
fn fatal_at(b: &[u8], i: usize) -> bool {
    b[..i].ends_with(b"fatal") && b.get(i + 1) == Some(&b' ') && b.get(i + 2) != Some(&b'[')
}

/// Whether the line holds git's `fatal: ` ([`fatal_at`]) or go-git's status
/// ([`go_git_status`]): one pass over its colons and quotes, asked of every line.
fn fatal_or_go_git(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr2_iter(b':', b'\'', b).any(|i| match b[i] {
        b':' => fatal_at(b, i),
        _ => go_git_status_at(line, i).is_some(),
    })
}

/// Where git's own `fatal:` stands in a line: not Ansible's `fatal: [web01]: FAILED! => {…}`
/// before the git output its JSON quotes.
fn gits_fatal(lower: &str) -> Option<usize> {
    lower
        .match_indices("fatal:")
        .map(|(i, _)| i)
        .find(|&i| !lower[i + "fatal:".len()..].trim_start().starts_with('['))
}

/// Ansible's result for a host (`fatal: [web02]: UNREACHABLE! => {…}`): not git's `fatal:`,
/// whose message never opens with a bracket.
fn ansible(trimmed: &str) -> bool {
    trimmed
        .get(6..)
        .is_some_and(|rest| rest.trim_start().starts_with('['))
}

fn continues_output(trimmed: &str) -> bool {
    starts_output(trimmed)
        || trimmed.starts_with("error:")
        || trimmed.starts_with("hint:")
        || trimmed.starts_with("Receiving objects:")
        || trimmed.starts_with("Resolving deltas:")
        || updated(trimmed)
        || refused_after_auth(trimmed)
}

/// `From https://…` (a fetch) or `To https://…` (a push): the line git names the remote on
/// before the refs it moved. The URL, and whether it is a push.
fn remote_named(trimmed: &str) -> Option<(&str, bool)> {
    // The first word, `From` or `To`, then a space (a prefix test: this runs on every line).
    let (rest, push) = match trimmed.strip_prefix("From ") {
        Some(rest) => (rest, false),
        None => (trimmed.strip_prefix("To ")?, true),
    };
    let url = rest.trim();
    let http = url.starts_with("https://") || url.starts_with("http://");
    (http && !url.contains(char::is_whitespace)).then_some((url, push))
}

/// git's report of a push the server turned down after taking the credential: a ref it would
/// not move (`! [rejected] main -> main (fetch first)`, `(non-fast-forward)`), or one a hook or
/// a branch restriction refused (`! [remote rejected] main -> main (pre-receive hook
/// declined)`). git got that far only past authentication: the refs were advertised to it.
fn refused_after_auth(trimmed: &str) -> bool {
    trimmed.starts_with("! [rejected]") || trimmed.starts_with("! [remote rejected]")
}

/// What the answer of a push refused after authentication holds, before git's line: how the
/// rules tell it from a push that went through.
pub const REFUSED_PUSH: &str = "push refused after authentication: ";

/// A line of git's that shows the operation went through: a ref it moved
/// (`   3f2a1c0..9be41d2  main -> origin/main`, ` * [new branch]  main -> main`), nothing to
/// move, or every object received.
fn updated(trimmed: &str) -> bool {
    let moved = trimmed.contains(" -> ")
        && (trimmed.starts_with('*')
            || trimmed.starts_with('+')
            || trimmed.split_whitespace().next().is_some_and(|w| {
                w.contains("..") && w.bytes().all(|b| b.is_ascii_hexdigit() || b == b'.')
            }));
    moved
        || trimmed.starts_with("Everything up-to-date")
        || trimmed.starts_with("Already up to date")
        || (trimmed.starts_with("Receiving objects: 100%") && trimmed.contains("done"))
}

/// git's output starting at the line at `start`: the exchange it reports and where it ends.
///
/// Without an outcome (only "Cloning into …") it gives `Err` with where the block ends: no
/// later line of the block has one either, so the scanner need not ask again line by line
/// (which read a long block once per line).
pub fn output(text: &str, start: usize) -> Result<(Vec<Piece>, usize), usize> {
    let mut pos = start;
    let mut url: Option<String> = None;
    let mut host_only: Option<String> = None;
    let mut prompted: Option<String> = None;
    let mut status: Option<u16> = None;
    let mut failure = None;
    let mut remote = String::new();
    // "could not read Username for 'https://bitbucket.org': terminal prompts disabled": git
    // had no credential to answer Bitbucket's challenge with, so none was sent.
    let mut none_to_give = false;
    // The operation went through (refs moved, objects received), and whether it was a push.
    let mut worked = false;
    let mut push = false;
    // A push the server refused after taking the credential (`! [rejected] … (fetch first)`).
    let mut refused: Option<&str> = None;
    // Refused for its size: the status git reports after it is the refusal's.
    let mut too_large = false;
    while pos < text.len() {
        let line = line_at(text, pos);
        let t = line.text.trim();
        if t.is_empty() || !(continues_output(t) || pos == start) {
            break;
        }
        pos = line.next;
        if let Some((named, is_push)) = remote_named(t) {
            url.get_or_insert_with(|| named.to_string());
            push |= is_push;
            continue;
        }
        if updated(t) {
            worked = true;
            continue;
        }
        if refused_after_auth(t) {
            worked = true;
            push = true;
            refused.get_or_insert(t);
            continue;
        }
        let lower = t.to_ascii_lowercase();
        // git's prompt names the username it sends (`Password for 'https://USER@host':`);
        // the password is typed, not shown.
        if lower.starts_with("password for '")
            && let Some(u) = quoted_url(t).and_then(|q| url::clean(q).1)
        {
            prompted.get_or_insert(u.login);
        }
        if let Some(quoted) = quoted_url(t) {
            let has_repo = quoted
                .split_once("://")
                .is_some_and(|(_, r)| r.trim_end_matches('/').contains('/'));
            if has_repo {
                url.get_or_insert_with(|| quoted.to_string());
            } else {
                host_only.get_or_insert_with(|| quoted.to_string());
            }
        }
        if let Some(message) = lower.strip_prefix("remote:") {
            // A push too large is refused once the pack arrives, past authentication; git's
            // `RPC failed; HTTP 500` after it is that refusal, not a server in trouble.
            if crate::bitbucket::PUSH_TOO_LARGE
                .iter()
                .any(|m| message.contains(m))
            {
                worked = true;
                push = true;
                too_large = true;
                refused.get_or_insert(t);
                continue;
            }
            remote.push_str(t);
            remote.push('\n');
            // `remote: Invalid username or password.` says 401 even without a `fatal:`.
            if status.is_none() {
                status = fatal_status(message);
            }
            continue;
        }
        let fatal_at = gits_fatal(&lower).or_else(|| lower.find("error:"));
        if let Some(at) = fatal_at
            && at > 0
            && !lower[..at].trim().ends_with("stderr:")
        {
            // A message git printed on the same line before `fatal:` (G7).
            remote.push_str(t[..at].trim());
            remote.push('\n');
        }
        let tail = &lower[fatal_at.unwrap_or(0)..];
        // "could not read Password for 'https://x-token-auth@bitbucket.org'": a username with
        // no password to go with it is nothing to send either.
        none_to_give |=
            tail.contains("could not read username") || tail.contains("could not read password");
        if let Some(f) = network::failure(t, tail) {
            failure.get_or_insert(f);
        } else if let Some(s) = fatal_status(tail).or_else(|| go_git_status(t)) {
            status = Some(s);
        }
    }
    if too_large {
        status = None;
        failure = None;
    }
    let named = url.as_deref().or(host_only.as_deref());
    let (mut request_url, user) = discovery(named.unwrap_or("https://bitbucket.org"));
    if named.is_some_and(crate::bitbucket::other_forge) {
        // Another forge's answer: nothing to read about Bitbucket, but where the command
        // above it went (`git -c http.extraheader=… fetch origin`: to that forge).
        let request = Request {
            method: "GET".into(),
            url: request_url,
            auth: None,
            auth_unseen: true,
        };
        let pieces = vec![Piece::Request(Sent {
            request,
            source: OUTPUT,
        })];
        return Ok((pieces, pos.max(line_at(text, start).next)));
    }
    if push {
        request_url = for_push(&request_url);
    }
    let auth = match (user, prompted) {
        _ if none_to_give => None,
        (Some(u), _) => Some(sent_auth(&basic_auth(&u.login, u.secret), &[])),
        (None, Some(login)) => Some(sent_auth(
            &basic_auth(&login, Some(crate::credential::Secret::new(TYPED))),
            &[],
        )),
        (None, None) => None,
    };
    let mut pieces = vec![Piece::Request(Sent {
        request: Request {
            method: "GET".into(),
            url: request_url,
            // git names the URL, not the credential its helper gave; unless it had none.
            auth_unseen: auth.is_none() && !none_to_give,
            auth,
        },
        source: OUTPUT,
    })];
    if let Some(failure) = failure {
        pieces.push(Piece::Failure { failure, git: true });
    } else if let Some(response) = body::read(&remote, status, true, &[]) {
        pieces.push(Piece::Response(Answer {
            git: true,
            ..Answer::of(response)
        }));
    } else if worked && status.is_none() {
        // A refused push went through git's HTTP exchange (200) and was turned down inside it.
        let body = refused.map_or(String::new(), |r| format!("{REFUSED_PUSH}{r}"));
        pieces.push(Piece::Response(Answer {
            git: true,
            ..Answer::of(crate::evidence::Response::from_parts(200, &[], &body))
        }));
    } else {
        // Only "Cloning into …": the operation's outcome is not in the text.
        return Err(pos);
    }
    Ok((pieces, pos.max(line_at(text, start).next)))
}

/// The status git's own words report (lower case).
fn fatal_status(lower: &str) -> Option<u16> {
    if lower.contains("authentication failed")
        || lower.contains("invalid username or password")
        || lower.contains("invalid credentials")
        // git asks for a username only after a 401 challenge.
        || lower.contains("could not read username")
        || lower.contains("could not read password")
    {
        return Some(401);
    }
    if lower.contains("repository '") && lower.contains("not found") {
        return Some(404);
    }
    body::status_in(lower)
}

/// The first `'http…'` in a line of git's output.
fn quoted_url(line: &str) -> Option<&str> {
    let start = crate::evidence::find_str(line, "'http")? + 1;
    let len = line[start..].find('\'')?;
    Some(&line[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_go_git_error_is_a_marker() {
        for (words, _) in GO_GIT_ERRORS {
            assert!(
                FATAL_MARKERS.contains(&format!("': {words}").as_str()),
                "{words}"
            );
        }
    }

    proptest::proptest! {
        /// Told by the markers whether a line may hold git's `fatal: ` or go-git's status, a
        /// line opens git's output where it did when every line was searched for them.
        #[test]
        fn a_marked_line_opens_output_as_searched(
            text in "(fatal|FATAL|Fatal|: |:|'|'x'|authentication required|Authorization Failed|repository not found|remote: |From |x| |\\[|!|é){0,10}"
        ) {
            let lower = text.to_ascii_lowercase();
            let marks = super::super::marks::Marks::new(&text, &lower);
            let marked = marks.within(super::super::marks::Table::GitFatal, 0..text.len());
            proptest::prop_assert_eq!(starts_output_marked(&text, marked), starts_output(&text));
        }
    }
    use crate::evidence::Exchange;
    use crate::explain::shell;

    proptest::proptest! {
        #[test]
        fn has_fatal_is_contains(line in "(fatal|:| |x|é|\\[){0,8}") {
            let git_s = line
                .match_indices("fatal: ")
                .any(|(i, _)| !line[i + 7..].starts_with('['));
            // No quote in these lines: go-git's half never answers.
            proptest::prop_assert_eq!(fatal_or_go_git(&line), git_s);
        }
    }

    #[test]
    fn rpc_failed_with_a_status_is_gits_answer() {
        assert!(starts_output(
            "error: RPC failed; HTTP 410 curl 22 The requested URL returned error: 410"
        ));
        assert!(!starts_output(
            "error: RPC failed; curl 92 HTTP/2 stream 5 was not closed cleanly: CANCEL (err 8)"
        ));
        assert!(!starts_output("error: failed to push some refs"));
    }

    #[test]
    fn go_git_s_errors_after_the_url_it_quotes_are_git_s_statuses() {
        let line = |e: &str| format!("unable to clone 'https://bitbucket.org/a/b.git': {e}");
        assert_eq!(go_git_status(&line("authentication required")), Some(401));
        assert_eq!(go_git_status(&line("authorization failed")), Some(403));
        assert_eq!(go_git_status(&line("repository not found")), Some(404));
        // Not after a quoted URL: any program's words.
        assert_eq!(go_git_status("407 Proxy Authentication Required"), None);
        assert_eq!(go_git_status("error: authentication required"), None);
        assert!(starts_output(&line("authentication required")));
    }

    #[test]
    fn ansible_s_fatal_is_not_git_s() {
        let line =
            "fatal: [web02]: UNREACHABLE! => {\"msg\": \"Failed to connect to the host via ssh\"}";
        assert!(!starts_output(line));
        assert!(!starts_output(&format!("2026-12-04T08:11:52Z {line}")));
        assert!(starts_output(
            "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'"
        ));
    }

    fn exchange(text: &str) -> Exchange {
        let (pieces, _) = output(text, 0).unwrap();
        let mut e = Exchange::default();
        for p in pieces {
            match p {
                Piece::Request(s) => e.request = Some(s.request),
                Piece::Response(a) => e.response = Some(a.response),
                Piece::Failure { failure, .. } => e.failure = Some(failure),
            }
        }
        e
    }

    #[test]
    fn a_remote_line_shows_the_credential_git_sends() {
        for line in [
            "origin\thttps://jdoe%40example.com:ATATT3x…@bitbucket.org/acme/w.git (fetch)",
            "\turl = https://jdoe%40example.com:ATATT3x…@bitbucket.org/acme/w.git",
            "`https://jdoe@example.com:ATATT3x…@bitbucket.org/acme/w.git`",
            // A config's value: package.json's git dependency, a YAML key.
            "  \"@acme/w\": \"git+https://jdoe%40example.com:ATATT3x…@bitbucket.org/acme/w.git#v1\",",
            "repoURL: https://jdoe%40example.com:ATATT3x…@bitbucket.org/acme/w.git",
        ] {
            let sent = remote(line).unwrap_or_else(|| panic!("{line:?}"));
            assert_eq!(
                sent.request.url,
                "https://bitbucket.org/acme/w.git/info/refs?service=git-upload-pack"
            );
            let auth = sent.request.auth.expect("credential");
            assert_eq!(auth.login.as_deref(), Some("jdoe@example.com"), "{line:?}");
        }
        for line in [
            // push is the same remote again; no user; another host; the API; a sentence;
            // a documentation template.
            "origin\thttps://jdoe:secret@bitbucket.org/acme/w.git (push)",
            "https://bitbucket.org/acme/w.git",
            "https://jdoe:secret@github.com/acme/w.git",
            "https://jdoe:secret@api.bitbucket.org/2.0/repositories/acme/w",
            "clone https://jdoe:secret@bitbucket.org/acme/w.git and it fails",
            "my remote is: https://jdoe:secret@bitbucket.org/acme/w.git (it fails)",
            "https://x-token-auth:{access_token}@bitbucket.org/{workspace}/{repo}.git",
            // A host alone without a secret is not what `~/.git-credentials` stores.
            "https://jdoe@bitbucket.org",
        ] {
            assert!(remote(line).is_none(), "{line:?}");
        }
        // `~/.git-credentials`: the host alone, for every repository there.
        let sent = remote("https://jdoe%40example.com:ATATT3x…@bitbucket.org").expect("stored");
        assert!(
            sent.request.url.contains(UNKNOWN_REPO),
            "{}",
            sent.request.url
        );
    }

    #[test]
    fn an_insteadof_rewrite_is_read_from_the_command_and_the_listing() {
        let c = super::super::shell::command(
            "git config --global url.\"https://x-token-auth:T@bitbucket.org/\".insteadOf \"https://bitbucket.org/\"",
            0,
        );
        let mut env = Env::default();
        let rule = insteadof(&c.words[1..], &env).expect("a rewrite");
        assert_eq!(
            rule,
            (
                "https://bitbucket.org/".to_string(),
                "https://x-token-auth:T@bitbucket.org/".to_string()
            )
        );
        assert_eq!(
            listed_insteadof(
                "url.https://x-token-auth:T@bitbucket.org/.insteadof https://bitbucket.org/"
            ),
            Some(rule.clone())
        );
        assert_eq!(
            listed_insteadof(
                "url.https://x-token-auth:T@bitbucket.org/.insteadOf=https://bitbucket.org/"
            ),
            Some(rule.clone())
        );
        env.insteadof.push(rule);
        assert_eq!(
            env.rewrite("https://bitbucket.org/acme/w.git").as_deref(),
            Some("https://x-token-auth:T@bitbucket.org/acme/w.git")
        );
        assert_eq!(env.rewrite("https://github.com/acme/w.git"), None);
        // Another config key, a sentence.
        let c = super::super::shell::command("git config --global user.email me@acme.io", 0);
        assert!(insteadof(&c.words[1..], &env).is_none());
        assert!(listed_insteadof("url rewriting with insteadof is what we use").is_none());
    }

    #[test]
    fn a_credential_helper_s_record_is_what_git_sends() {
        let text = "protocol=https\nhost=bitbucket.org\nusername=jdoe@example.com\npassword=ATATT3x…\n$ git push\n";
        let (sent, end) = credential_record(text, 0).expect("a record");
        assert_eq!(&text[end..], "$ git push\n");
        assert_eq!(sent.source, "git credential");
        let auth = sent.request.auth.expect("credential");
        assert_eq!(auth.login.as_deref(), Some("jdoe@example.com"));
        for other in [
            "protocol=https\nhost=github.com\nusername=a\npassword=b\n",
            "protocol=http\nhost=bitbucket.org\nusername=a\npassword=b\n",
            "protocol=https\nhost=bitbucket.org\n",
        ] {
            assert!(credential_record(other, 0).is_none(), "{other:?}");
        }
    }

    #[test]
    fn reads_the_fact_sheet_git_outputs() {
        // G4
        let e = exchange(
            "remote: To access this repository, an admin must whitelist your IP.\n\
             fatal: unable to access 'https://bitbucket.org/workspace_id/repo_name.git/': The requested URL returned error: 403",
        );
        assert!(e.is_git());
        assert_eq!(
            e.request.as_ref().unwrap().url,
            "https://bitbucket.org/workspace_id/repo_name.git/info/refs?service=git-upload-pack"
        );
        let r = e.response.unwrap();
        assert_eq!(r.status, 403);
        assert!(
            r.body
                .contains("remote: To access this repository, an admin must whitelist your IP.")
        );
        // G5, with an elided URL
        let e = exchange(
            "remote: To access this repository, enable two-step authentication.\n\
             fatal: unable to access '…': The requested URL returned error: 403",
        );
        assert!(e.is_git());
        assert_eq!(e.status(), Some(403));
        assert!(e.response.unwrap().says("enable two-step authentication"));
        // G1
        let e = exchange(
            "remote: You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.\n\
             fatal: Authentication failed for 'https://x-bitbucket-api-token-auth@bitbucket.org/acme/widgets.git/'",
        );
        assert_eq!(e.status(), Some(401));
        assert_eq!(
            e.auth().unwrap().login.as_deref(),
            Some("x-bitbucket-api-token-auth")
        );
    }

    #[test]
    fn reads_one_line_outputs_and_network_failures() {
        // G7, as pasted on one line.
        let e = exchange(
            "Your credentials lack one or more required privilege scopes. fatal: unable to access 'https://bitbucket.org/***/***.git/': The requested URL returned error: 403",
        );
        assert_eq!(e.status(), Some(403));
        assert!(
            e.response
                .unwrap()
                .says("lack one or more required privilege scopes")
        );
        let e = exchange(
            "fatal: unable to access 'https://bitbucket.org/a/b.git/': SSL certificate problem: self signed certificate in certificate chain",
        );
        assert!(matches!(e.failure, Some(crate::evidence::Failure::Tls(_))));
        assert!(e.is_git());
        let e = exchange(
            "fatal: could not read Username for 'https://bitbucket.org': No such device or address",
        );
        assert_eq!(e.status(), Some(401));
        assert!(e.is_git());
    }

    #[test]
    fn reads_commands() {
        let mut origin = None;
        let env = Env::default();
        let run = |s: &str, origin: &mut Option<String>| {
            let c = shell::command(s, 0);
            command(&c.words[1..], &env, origin)
        };
        let s = run(
            "git clone https://x-token-auth:{access_token}@bitbucket.org/acme/w.git",
            &mut origin,
        )
        .unwrap();
        assert_eq!(
            s.request.url,
            "https://bitbucket.org/acme/w.git/info/refs?service=git-upload-pack"
        );
        let auth = s.request.auth.unwrap();
        assert_eq!(auth.login.as_deref(), Some("x-token-auth"));
        assert!(auth.placeholder.is_some());
        assert!(
            run(
                "git remote set-url origin https://pat@bitbucket.org/acme/w.git",
                &mut origin
            )
            .is_none()
        );
        let s = run("git push origin main", &mut origin).unwrap();
        assert_eq!(s.request.auth.unwrap().login.as_deref(), Some("pat"));
        assert!(run("git clone git@bitbucket.org:acme/w.git", &mut origin).is_none());
        let s = run("git -c http.extraHeader=\"Authorization: Bearer $TOKEN\" clone https://bitbucket.org/a/b", &mut origin).unwrap();
        assert_eq!(s.request.auth.unwrap().scheme.as_deref(), Some("Bearer"));
        // `credential.username` is the login when the URL names none; the URL's own wins, and
        // one scoped to another host applies to that host only.
        let login = |s: &str| {
            let sent = run(s, &mut None).unwrap();
            sent.request.auth.and_then(|a| a.login)
        };
        let clone = "clone https://bitbucket.org/a/b.git";
        for (config, want) in [
            ("credential.username=jo@example.com", Some("jo@example.com")),
            ("credential.https://bitbucket.org.username=jo", Some("jo")),
            ("credential.https://github.com.username=jo", None),
            ("credential.helper=store", None),
        ] {
            assert_eq!(
                login(&format!("git -c {config} {clone}")).as_deref(),
                want,
                "{config}"
            );
        }
        let url_wins = "git -c credential.username=jo clone https://ann@bitbucket.org/a/b.git";
        assert_eq!(login(url_wins).as_deref(), Some("ann"));
    }
}

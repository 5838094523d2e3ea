//! HTTP client commands as pasted: curl (any shell's continuations and quoting), HTTPie and
//! xh, wget. Each becomes the request it sends: method, URL, and the Authorization it carries
//! (`-H`, `-u`, `--oauth2-bearer`, `-a`/`--auth-type`, `--user`/`--password`, or the URL's
//! user-info).

use super::expand::{Env, Ref, Value};
use super::shell::Word;
use super::write_out::StatusLine;
use super::{Sent, TOKEN_ENDPOINT, basic_auth, parse_authorization, sent_auth, url};
use crate::credential::{Authorization, Secret};
use crate::evidence::Request;

/// A program that sends HTTP requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    Curl,
    /// HTTPie (`http`, `https`) and xh (`xh`, `xhs`); `https` when the name says so.
    Httpie {
        https: bool,
    },
    Wget,
}

/// The programs' names, as [`Program::named`] knows them (in any case).
pub(super) const NAMES: [(&str, Program); 8] = [
    ("curl", Program::Curl),
    ("curl.exe", Program::Curl),
    ("http", Program::Httpie { https: false }),
    ("xh", Program::Httpie { https: false }),
    ("https", Program::Httpie { https: true }),
    ("xhs", Program::Httpie { https: true }),
    ("wget", Program::Wget),
    ("wget.exe", Program::Wget),
];

impl Program {
    pub fn named(word: &str) -> Option<Program> {
        // Asked of every word of every line: the last path segment found byte by byte, and
        // compared without making a lower-case copy.
        let name = match word.bytes().rposition(|b| b == b'/' || b == b'\\') {
            Some(sep) => &word[sep + 1..],
            None => word,
        };
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, p)| p)
    }

    /// Whether `next` (the word after the program's name) makes this a command rather than
    /// the word in a sentence ("using api curl but it fails").
    pub fn starts_command(self, next: &str) -> bool {
        let looks_like_url = next.contains("://")
            || next.starts_with("http")
            || next.starts_with('$')
            || next.starts_with(['{', '<', '\'', '"'])
            || next.contains("bitbucket")
            || next.starts_with(':');
        match self {
            Program::Curl | Program::Wget => next.starts_with('-') || looks_like_url,
            Program::Httpie { .. } => {
                (next.starts_with('-') && next.len() > 1) || looks_like_url || is_method(next)
            }
        }
    }
}

/// curl's short options that take an argument.
const CURL_SHORT_ARG: &str = "HuXdFoAebcmxUEKTwrzQtyYCDP";
/// curl's long options that take an argument (the common ones; others are read as flags).
const CURL_LONG_ARG: &[&str] = &[
    "header",
    "user",
    "url",
    "request",
    "data",
    "data-raw",
    "data-binary",
    "data-ascii",
    "data-urlencode",
    "json",
    "form",
    "form-string",
    "oauth2-bearer",
    "output",
    "user-agent",
    "referer",
    "cookie",
    "cookie-jar",
    "connect-timeout",
    "max-time",
    "retry",
    "retry-delay",
    "retry-max-time",
    "proxy",
    "proxy-user",
    "cacert",
    "capath",
    "cert",
    "cert-type",
    "key",
    "key-type",
    "write-out",
    "resolve",
    "upload-file",
    "config",
    "limit-rate",
    "range",
    "time-cond",
    "max-redirs",
    "interface",
    "dns-servers",
    "proxy-header",
    "continue-at",
    "dump-header",
    "trace",
    "trace-ascii",
    "stderr",
    "aws-sigv4",
    "connect-to",
    "netrc-file",
    "noproxy",
    "pass",
    "pinnedpubkey",
    "preproxy",
    "proto",
    "proto-redir",
    "socks5",
    "socks5-hostname",
    "unix-socket",
    "variable",
    "url-query",
    "login-options",
    "sasl-authzid",
];

/// What a command line says about its request, before it becomes one.
#[derive(Default)]
struct Parts {
    method: Option<String>,
    url: Option<Value>,
    header: Option<Value>,
    user: Option<Value>,
    password: Option<Value>,
    bearer: Option<Value>,
    /// HTTPie's `-A bearer`: the `-a` value is a token.
    auth_type_bearer: bool,
    data: bool,
    /// The body holds an OAuth grant (`grant_type=…`): a call to the token endpoint.
    grant: bool,
    /// The data's `access_token=…` field (CHANGE-3052 refuses a token there since
    /// 2026-05-04), as written.
    data_token: Option<String>,
    head: bool,
    get: bool,
    /// `--netrc`, `-n`: the login and password come from the netrc file.
    netrc: bool,
    /// `user` is the netrc's entry.
    user_from_netrc: bool,
    /// `-K`, `--config`, `--netrc-file`, or `-n` with no netrc in the text: a file the text
    /// does not show may give the credential.
    from_file: bool,
    /// `-w`, `--write-out`: what curl prints after the response.
    write_out: Option<String>,
}

/// The request a command sends (`args` are the words after the program's name), and the
/// line of its output that prints the response's status (curl's `-w "%{http_code}"`).
pub fn command(program: Program, args: &[Word], env: &Env) -> (Sent, Option<StatusLine>) {
    let mut parts = match program {
        Program::Curl => curl(args, env),
        Program::Httpie { .. } => httpie(args, env),
        Program::Wget => wget(args, env),
    };
    let status = parts.write_out.take().and_then(|f| StatusLine::of(&f));
    (build(program, parts), status)
}

fn curl(args: &[Word], env: &Env) -> Parts {
    let mut p = Parts::default();
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        let text = word.text.as_str();
        i += 1;
        if let Some(long) = text.strip_prefix("--") {
            match long_option(word, long, CURL_LONG_ARG, args, &mut i, env) {
                Long::Flag("head") => p.head = true,
                Long::Flag("get") => p.get = true,
                Long::Flag("netrc" | "netrc-optional") => p.netrc = true,
                Long::Flag(_) => {}
                Long::Option(name, value) => curl_option(&mut p, name, value),
                Long::ValueMissing => break,
            }
        } else if text.len() > 1 && text.starts_with('-') {
            // A cluster of short options: `-sS`, `-XPOST`, `-sH 'A: b'`.
            for (at, c) in text.char_indices().skip(1) {
                match c {
                    'I' => p.head = true,
                    'G' => p.get = true,
                    'n' => p.netrc = true,
                    c if CURL_SHORT_ARG.contains(c) => {
                        let rest = &text[at + c.len_utf8()..];
                        let value = match rest.is_empty() {
                            true => next_value(args, &mut i, env),
                            false => Some(value_of_inline(word, rest, env)),
                        };
                        if let Some(value) = value {
                            curl_option(&mut p, short_name(c), value);
                        }
                        break;
                    }
                    _ => {}
                }
            }
        } else if p.url.is_none() && plausible_url(text) {
            p.url = Some(env.value(word));
        }
    }
    // curl takes the netrc's entry for the URL's host when no -u names a login.
    if p.netrc
        && p.user.is_none()
        && let Some(file) = &env.netrc
        && let Some(url) = &p.url
    {
        let host = url.text.split("://").nth(1).unwrap_or(&url.text);
        let host = host.split(['/', ':', '?']).next().unwrap_or(host);
        // The netrc shown, with no entry for the host: curl sends nothing from it.
        p.netrc = false;
        if let Some((login, password)) = crate::source::netrc_lookup(file, host) {
            p.user = Some(Value {
                text: format!("{login}:{password}"),
                refs: Vec::new(),
            });
            p.user_from_netrc = true;
        }
    }
    p
}

fn short_name(c: char) -> &'static str {
    match c {
        'H' => "header",
        'u' => "user",
        'X' => "request",
        'd' => "data",
        'F' => "form",
        'w' => "write-out",
        'K' => "config",
        _ => "other",
    }
}

fn curl_option(p: &mut Parts, name: &str, value: Value) {
    match name {
        "header" if is_authorization(&value.text) => p.header = Some(value),
        // `-H @file`: headers read from a file the text does not show.
        "header" if value.text.starts_with('@') => p.from_file = true,
        "user" => p.user = Some(value),
        "url" => p.url = Some(value),
        "request" => p.method = Some(value.text.to_ascii_uppercase()),
        "oauth2-bearer" => p.bearer = Some(value),
        "write-out" => p.write_out = Some(value.text),
        "config" | "netrc-file" => p.from_file = true,
        n if n.starts_with("data") || n == "json" || n.starts_with("form") => {
            p.data = true;
            p.grant |= value.text.contains("grant_type=");
            if let Some(field) = value.text.split('&').find(|f| {
                f.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("access_token=")
            }) {
                p.data_token = Some(field.trim().to_string());
            }
        }
        _ => {}
    }
}

/// A long option (`--name`, `--name=value`, `--name value`), read the same way by every
/// program: `takes` lists the names that take a value.
enum Long<'a> {
    Flag(&'a str),
    Option(&'a str, Value),
    /// An option that takes a value ends the command.
    ValueMissing,
}

/// Read the long option `word` (`long` is it without its `--`); `i` moves past its value.
fn long_option<'a>(
    word: &Word,
    long: &'a str,
    takes: &[&str],
    args: &[Word],
    i: &mut usize,
    env: &Env,
) -> Long<'a> {
    let (name, inline) = match long.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (long, None),
    };
    if !takes.contains(&name) {
        return Long::Flag(name);
    }
    let value = match inline {
        Some(v) => Some(value_of_inline(word, v, env)),
        None => next_value(args, i, env),
    };
    value.map_or(Long::ValueMissing, |v| Long::Option(name, v))
}

/// The word at `i` as an option's value, moving `i` past it.
fn next_value(args: &[Word], i: &mut usize, env: &Env) -> Option<Value> {
    let next = args.get(*i)?;
    *i += 1;
    Some(env.value(next))
}

/// The value of an option glued to it (`-XPOST`, `--header=…`): the part of the word after
/// the option, with its substitutions.
fn value_of_inline(word: &Word, inline: &str, env: &Env) -> Value {
    let offset = word.text.len() - inline.len();
    let sub = Word {
        text: inline.to_string(),
        subs: word
            .subs
            .iter()
            .filter(|s| s.range.start >= offset)
            .map(|s| {
                let mut s = s.clone();
                s.range = s.range.start - offset..s.range.end - offset;
                s
            })
            .collect(),
    };
    env.value(&sub)
}

fn httpie(args: &[Word], env: &Env) -> Parts {
    const LONG_ARG: &[&str] = &[
        "auth",
        "auth-type",
        "bearer",
        "print",
        "output",
        "verify",
        "timeout",
        "session",
        "session-read-only",
        "pretty",
        "style",
        "proxy",
        "cert",
        "cert-key",
        "default-scheme",
        "max-redirects",
        "ssl",
        "ciphers",
        "format-options",
        "response-charset",
        "response-mime",
    ];
    const SHORT_ARG: &str = "aApos";
    let mut p = Parts::default();
    let mut positional = 0;
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        let text = word.text.as_str();
        i += 1;
        if let Some(long) = text.strip_prefix("--") {
            match long_option(word, long, LONG_ARG, args, &mut i, env) {
                Long::Flag(_) => {}
                Long::Option(name, value) => httpie_option(&mut p, name, value),
                Long::ValueMissing => break,
            }
        } else if text.len() > 1 && text.starts_with('-') && !text.contains(':') {
            let last = text.chars().last().unwrap_or('-');
            if SHORT_ARG.contains(last) {
                let Some(value) = next_value(args, &mut i, env) else {
                    break;
                };
                let name = match last {
                    'a' => "auth",
                    'A' => "auth-type",
                    _ => "other",
                };
                httpie_option(&mut p, name, value);
            }
        } else {
            positional += 1;
            if positional == 1 && is_method(text) {
                p.method = Some(text.to_string());
                continue;
            }
            if p.url.is_none() {
                p.url = Some(env.value(word));
                continue;
            }
            httpie_item(&mut p, word, env);
        }
    }
    if p.auth_type_bearer {
        p.bearer = p.user.take();
    }
    p
}

fn httpie_option(p: &mut Parts, name: &str, value: Value) {
    match name {
        "auth" => p.user = Some(value),
        "auth-type" => p.auth_type_bearer = value.text.eq_ignore_ascii_case("bearer"),
        "bearer" => p.bearer = Some(value),
        // A session file holds the credential of an earlier call: sent, not shown.
        "session" | "session-read-only" => p.from_file = true,
        _ => {}
    }
}

/// An HTTPie request item: `Header:Value`, `field=value`, `field:=json`, `param==value`.
fn httpie_item(p: &mut Parts, word: &Word, env: &Env) {
    let text = &word.text;
    let sep = text.find([':', '=']);
    let Some(sep) = sep else { return };
    let is_header = text[sep..].starts_with(':') && !text[sep..].starts_with(":=");
    if is_header {
        if is_authorization(text) {
            p.header = Some(env.value(word));
        }
    } else if !text[sep..].starts_with("==") {
        p.data = true;
        p.grant |= text.starts_with("grant_type=");
    }
}

fn wget(args: &[Word], env: &Env) -> Parts {
    const LONG_ARG: &[&str] = &[
        "header",
        "user",
        "password",
        "http-user",
        "http-password",
        "method",
        "post-data",
        "body-data",
        "output-document",
        "output-file",
        "user-agent",
        "tries",
        "timeout",
        "directory-prefix",
        "execute",
        "post-file",
        "body-file",
        "ca-certificate",
        "load-cookies",
        "save-cookies",
    ];
    const SHORT_ARG: &str = "OoUPtTeaw";
    let mut p = Parts::default();
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        let text = word.text.as_str();
        i += 1;
        if let Some(long) = text.strip_prefix("--") {
            match long_option(word, long, LONG_ARG, args, &mut i, env) {
                Long::Flag(_) => {}
                Long::Option(name, value) => wget_option(&mut p, name, value),
                Long::ValueMissing => break,
            }
        } else if text.len() > 1 && text.starts_with('-') {
            if text.chars().last().is_some_and(|c| SHORT_ARG.contains(c)) {
                i += 1;
            }
        } else if p.url.is_none() && plausible_url(text) {
            p.url = Some(env.value(word));
        }
    }
    // wget sends `--user` and `--password` as one Basic credential.
    if let (Some(user), Some(password)) = (p.user.as_mut(), p.password.take()) {
        user.text.push(':');
        user.text.push_str(&password.text);
        user.refs.extend(password.refs);
    }
    p
}

fn wget_option(p: &mut Parts, name: &str, value: Value) {
    match name {
        "header" if is_authorization(&value.text) => p.header = Some(value),
        "user" | "http-user" => p.user = Some(value),
        "password" | "http-password" => p.password = Some(value),
        "method" => p.method = Some(value.text.to_ascii_uppercase()),
        "post-data" | "body-data" | "post-file" | "body-file" => {
            p.data = true;
            p.grant |= value.text.contains("grant_type=");
            if let Some(field) = value.text.split('&').find(|f| {
                f.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("access_token=")
            }) {
                p.data_token = Some(field.trim().to_string());
            }
        }
        _ => {}
    }
}

/// Turn what the command says into the request it sends.
fn build(program: Program, p: Parts) -> Sent {
    let raw_url = p.url.as_ref().map(|u| u.text.as_str()).unwrap_or("");
    let raw_url = match program {
        Program::Httpie { https: true } if !raw_url.contains("://") && !raw_url.is_empty() => {
            format!("https://{raw_url}")
        }
        _ => raw_url.to_string(),
    };
    let (mut clean_url, userinfo) = url::clean(&raw_url);
    if clean_url.is_empty() && p.grant {
        // The URL was stripped (forum posts drop links) but the body is an OAuth grant.
        clean_url = TOKEN_ENDPOINT.to_string();
    }
    let method = p.method.clone().unwrap_or_else(|| {
        if p.head {
            "HEAD".into()
        } else if p.data && !p.get {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    let (auth, source) = match authorization(&p, userinfo, true) {
        Some((a, source, refs)) => (Some(sent_auth(&a, refs)), source),
        None => (None, ""),
    };
    // A credential from a file curl reads (a netrc, a config) is sent but not shown: not
    // "no credential". Nor is a token in the data: with `-G` curl puts it in the query
    // (where the rules read it), else it goes in the body.
    if let Some(field) = p.data_token.as_deref().filter(|_| p.get) {
        let joint = if clean_url.contains('?') { '&' } else { '?' };
        clean_url = format!("{clean_url}{joint}{field}");
    }
    let auth_unseen = auth.is_none() && (p.from_file || p.netrc || p.data_token.is_some());
    Sent {
        request: Request {
            method,
            url: clean_url,
            auth,
            auth_unseen,
        },
        source,
    }
}

/// The Authorization a command sends, where it came from, and the stand-ins in its value.
/// curl sends a custom Authorization header in place of the one `-u` would build.
/// The secret typed at curl's password prompt: sent, but not in the text.
const TYPED: &str = "****";

/// What a command authenticates with; `typed`: count what curl's password prompt took (as
/// pasted output shows it sent), not only what the command line holds.
fn authorization(
    p: &Parts,
    userinfo: Option<url::UserInfo>,
    typed: bool,
) -> Option<(Authorization, &'static str, &[Ref])> {
    if let Some(header) = &p.header {
        return Some((parse_authorization(&header.text), "-H", &header.refs));
    }
    if let Some(token) = &p.bearer {
        let a = Authorization::bearer(Secret::new(token.text.trim()));
        return Some((a, "bearer option", &token.refs));
    }
    if let Some(user) = &p.user {
        // `-u LOGIN` alone: curl asks for the password (`Enter host password for user …`) and
        // sends what was typed, which the text does not show.
        let (login, secret) = match user.text.split_once(':') {
            Some((l, s)) => (l, Some(s)),
            None => (user.text.as_str(), typed.then_some(TYPED)),
        };
        let a = basic_auth(login, secret.map(Secret::new));
        let source = if p.user_from_netrc { "netrc" } else { "-u" };
        return Some((a, source, &user.refs));
    }
    userinfo.map(|info| (basic_auth(&info.login, info.secret), "URL", &[][..]))
}

/// The request of a command the user runs themselves (`check --curl`), with its secret.
#[derive(Debug, Default)]
pub struct Outgoing {
    /// The URL, less the user-info (whose credential is in `auth`).
    pub url: Option<String>,
    /// What the command authenticates with: `-H`, `--oauth2-bearer`, `-u`, or the URL's
    /// user-info. A login without a secret (`-u LOGIN`: curl would prompt for it) has none.
    pub auth: Option<Authorization>,
}

/// Read the user's own command (curl; HTTPie and wget as well) as their shell would run it:
/// `$VAR`s outside single quotes take their values from `var`, unset ones stay as written (a
/// placeholder, never sent); `$(echo -n … | base64)` is computed. Errors when the command is
/// empty or leaves a quote open, as the shell would not run it.
pub fn read_command(text: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<Outgoing, String> {
    let c = super::shell::strict_command(text).ok_or("a quote is not closed in the command")?;
    let (program, args) = match c.words.split_first() {
        None => return Err("the command is empty; give your curl command in quotes".into()),
        Some((first, rest)) => match Program::named(&first.text) {
            Some(program) => (program, rest),
            // The options alone: curl's.
            None => (Program::Curl, c.words.as_slice()),
        },
    };
    let env = Env::from_environment(args, var);
    let parts = match program {
        Program::Curl => curl(args, &env),
        Program::Httpie { .. } => httpie(args, &env),
        Program::Wget => wget(args, &env),
    };
    let raw = parts.url.as_ref().map_or("", |u| u.text.as_str());
    let (url, userinfo) = url::split_userinfo(raw);
    Ok(Outgoing {
        url: (!url.is_empty()).then_some(url),
        auth: authorization(&parts, userinfo, false).map(|(a, _, _)| a),
    })
}

fn is_authorization(header: &str) -> bool {
    header
        .split_once(':')
        .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("authorization"))
}

fn is_method(word: &str) -> bool {
    matches!(
        word,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    )
}

/// A positional argument that can be the URL: not a stray word of prose.
fn plausible_url(text: &str) -> bool {
    text.is_empty()
        || text.contains("://")
        || text.contains('.')
        || text.contains('/')
        || text.starts_with(['$', '{', '<', '%'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::{Checksum, Kind, LoginForm};
    use crate::explain::shell;

    const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";

    fn sent(line: &str) -> Sent {
        let c = shell::command(line, 0);
        let program = Program::named(&c.words[0].text).unwrap();
        command(program, &c.words[1..], &Env::default()).0
    }

    #[test]
    fn reads_curl_user_and_url() {
        let s = sent(&format!(
            "curl -u pat:{API} https://api.bitbucket.org/2.0/repositories/acme/widgets"
        ));
        assert_eq!(
            s.request.url,
            "https://api.bitbucket.org/2.0/repositories/acme/widgets"
        );
        assert_eq!(s.request.method, "GET");
        let auth = s.request.auth.unwrap();
        assert_eq!(auth.login_form(), Some(LoginForm::Username));
        assert_eq!(auth.kind, Kind::ApiToken);
        assert_eq!(auth.checksum, Checksum::Valid);
        assert_eq!(s.source, "-u");
    }

    #[test]
    fn a_credential_from_a_file_curl_reads_is_unseen_not_absent() {
        let env = Env::default();
        let run = |line: &str| {
            let c = shell::command(line, 0);
            command(Program::Curl, &c.words[1..], &env).0
        };
        for line in [
            "curl -K bb.curlrc https://api.bitbucket.org/2.0/user",
            "curl --config bb.curlrc https://api.bitbucket.org/2.0/user",
            "curl --netrc-file ./bb.netrc https://api.bitbucket.org/2.0/user",
            "curl -n https://api.bitbucket.org/2.0/user",
            "curl -H @/run/secrets/bb_auth https://api.bitbucket.org/2.0/user",
            "curl --header @headers.txt https://api.bitbucket.org/2.0/user",
        ] {
            let s = run(line);
            assert!(s.request.auth.is_none() && s.request.auth_unseen, "{line}");
        }
        // HTTPie's session file holds the credential of an earlier call.
        let c = shell::command("http --session=bb https://api.bitbucket.org/2.0/user", 0);
        let s = command(Program::Httpie { https: false }, &c.words[1..], &env).0;
        assert!(s.request.auth.is_none() && s.request.auth_unseen);
        let plain = run("curl https://api.bitbucket.org/2.0/user");
        assert!(!plain.request.auth_unseen);
    }

    #[test]
    fn netrc_gives_the_login_and_password_for_the_urls_host() {
        let mut env = Env::default();
        env.netrc = Some("machine api.bitbucket.org\n  login pat\n  password s3cret\n".into());
        let run = |line: &str| {
            let c = shell::command(line, 0);
            command(Program::Curl, &c.words[1..], &env).0
        };
        let s = run("curl --netrc https://api.bitbucket.org/2.0/user");
        assert_eq!(s.source, "netrc");
        assert_eq!(s.request.auth.unwrap().login.as_deref(), Some("pat"));
        assert!(
            run("curl -sn https://api.bitbucket.org/2.0/user")
                .request
                .auth
                .is_some()
        );
        // Another host, or no --netrc: curl does not read it.
        assert!(
            run("curl --netrc https://bitbucket.org/a/b")
                .request
                .auth
                .is_none()
        );
        assert!(
            run("curl https://api.bitbucket.org/2.0/user")
                .request
                .auth
                .is_none()
        );
        // -u wins.
        let s = run("curl --netrc -u me:x https://api.bitbucket.org/2.0/user");
        assert_eq!(s.source, "-u");
    }

    #[test]
    fn header_wins_over_user_and_keeps_the_scheme_as_written() {
        let s = sent(
            "curl -sSL -XPOST -u a:b -H 'Authorization: bearer xyz' --url https://x.example/a",
        );
        assert_eq!(s.request.method, "POST");
        assert_eq!(s.request.url, "https://x.example/a");
        assert_eq!(s.request.auth.unwrap().scheme.as_deref(), Some("bearer"));
    }

    #[test]
    fn single_quoted_variables_reach_the_server_literally() {
        let s = sent("curl -H 'Authorization: Bearer $BITBUCKET_API_TOKEN' https://x.example");
        let p = s.request.auth.unwrap().placeholder.unwrap();
        assert!(p.literal && p.shell);
        let s = sent("curl -H \"Authorization: Bearer $BITBUCKET_API_TOKEN\" https://x.example");
        let auth = s.request.auth.unwrap();
        assert!(!auth.placeholder.as_ref().unwrap().literal);
        assert_eq!(auth.kind, Kind::ApiToken);
        assert_eq!(auth.secret_len, None);
    }

    #[test]
    fn login_alone_and_missing_url() {
        // curl asks for the password and sends what was typed: a secret the text does not show.
        let s = sent("curl -u pat@example.com");
        let auth = s.request.auth.unwrap();
        assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
        assert_eq!(auth.kind, Kind::Unknown);
        assert!(auth.placeholder.is_some_and(|p| p.mask));
        assert_eq!(s.request.url, "");
        let s = sent("curl -s -X POST -d 'grant_type=password' --user '__USERID__:__KEY__'");
        assert_eq!(s.request.url, TOKEN_ENDPOINT);
    }

    #[test]
    fn reads_httpie_xh_and_wget() {
        let s = sent("http GET https://api.bitbucket.org/2.0/user Authorization:\"Bearer abc\"");
        assert_eq!(s.request.auth.unwrap().scheme.as_deref(), Some("Bearer"));
        let s = sent("xh -A bearer -a tok api.bitbucket.org/2.0/user");
        assert_eq!(s.request.auth.unwrap().scheme.as_deref(), Some("Bearer"));
        let s = sent("https -a pat@example.com:secretsecret api.bitbucket.org/2.0/user");
        assert_eq!(s.request.url, "https://api.bitbucket.org/2.0/user");
        assert_eq!(
            s.request.auth.unwrap().login.as_deref(),
            Some("pat@example.com")
        );
        let s = sent("wget --header='Authorization: Basic Zm9vOmJhcg==' https://x.example/a");
        assert_eq!(s.request.auth.unwrap().login.as_deref(), Some("foo"));
        let s = sent("wget --user=pat --password=hunter22 -O - https://x.example/a");
        let auth = s.request.auth.unwrap();
        assert_eq!(
            (auth.login.as_deref(), auth.kind),
            (Some("pat"), Kind::AccountPassword)
        );
    }

    #[test]
    fn url_credentials_become_basic_auth() {
        let s = sent(&format!(
            "curl https://pat:{API}@api.bitbucket.org/2.0/user"
        ));
        assert_eq!(s.request.url, "https://api.bitbucket.org/2.0/user");
        assert_eq!(s.request.auth.unwrap().kind, Kind::ApiToken);
    }

    #[test]
    fn reads_the_users_own_command_with_its_secret() {
        const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";
        let var = |name: &str| (name == "TOKEN").then(|| API.to_string());
        // `$TOKEN` in double quotes: the environment's value, as the shell would pass it.
        let c = read_command(
            "curl -sS -u \"pat@example.com:$TOKEN\" \\\n  https://api.bitbucket.org/2.0/repositories/acme/widgets",
            &var,
        )
        .unwrap();
        assert_eq!(
            c.url.as_deref(),
            Some("https://api.bitbucket.org/2.0/repositories/acme/widgets")
        );
        let auth = c.auth.unwrap();
        assert_eq!(auth.kind(), Kind::ApiToken);
        assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
        assert!(auth.secret.as_ref().unwrap().occurs_in(API));

        // Single quotes keep a variable as written: a placeholder, not a secret.
        let c = read_command("curl -H 'Authorization: Bearer $TOKEN' u.example/x", &var).unwrap();
        let secret = c.auth.unwrap().secret.unwrap();
        assert!(secret.shape().placeholder.is_some());
        // An unset variable stays as written too.
        let c = read_command("curl -H \"Authorization: Bearer $NOPE\" u.example/x", &var).unwrap();
        assert!(
            c.auth
                .unwrap()
                .secret
                .unwrap()
                .shape()
                .placeholder
                .is_some()
        );

        // The Basic header a command substitution builds from the environment.
        let c = read_command(
            "curl -H \"Authorization: Basic $(printf '%s' \"pat@example.com:$TOKEN\" | base64)\" https://h/x",
            &var,
        )
        .unwrap();
        let auth = c.auth.unwrap();
        assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
        assert_eq!(auth.kind(), Kind::ApiToken);

        // Glued options, `--url=`, the URL's user-info, `-u LOGIN` alone, no `curl` word.
        let c = read_command(
            "curl -XGET -H'Authorization: Bearer x' --url=https://h/2.0/user",
            &var,
        )
        .unwrap();
        assert_eq!(c.url.as_deref(), Some("https://h/2.0/user"));
        let c = read_command("curl https://pat:sekret@h/2.0/user", &var).unwrap();
        assert_eq!(c.url.as_deref(), Some("https://h/2.0/user"));
        assert_eq!(c.auth.unwrap().login.as_deref(), Some("pat"));
        let c = read_command("curl --user pat@example.com https://h/x", &var).unwrap();
        let auth = c.auth.unwrap();
        assert_eq!(
            (auth.login.as_deref(), auth.secret.is_none()),
            (Some("pat@example.com"), true)
        );
        let c = read_command("-H 'Authorization: Bearer x' https://h/x", &var).unwrap();
        assert!(c.auth.is_some());

        // What the shell would refuse to run.
        assert!(read_command("curl -H 'Authorization: x", &var).is_err());
        assert!(read_command("   ", &var).is_err());
    }
}

//! Explain: pasted material (a curl command, `curl -i`/`-v` output, a JSON error body, git's
//! output, a whole forum post) read into the same [`Evidence`] that live probes build, sending
//! nothing.
//!
//! `scan` walks the text once, in order, and hands each region to the parser that claims it
//! (`curl`, `http`, `http2`, `body`, `git`, `network`, `postman`, `code`); what no parser claims
//! is prose, read by `prose` for weak hints. [`parse`] then pairs each response with the request before it
//! (or, for a bare status in prose, the request after it) and picks the credential, target and
//! API base the text is about.

mod body;
pub mod claims;
mod code;
mod curl;
mod dates;
mod expand;
mod flags;
mod git;
pub use git::REFUSED_PUSH;
mod http;
mod http2;
pub mod input;
mod leak;
mod marks;
mod network;
mod paste;
mod phrases;
mod postman;
mod printed;
mod retry;
mod scan;
mod scrub;
mod shell;
mod tolerated;
mod translated;
mod url;
mod wire;
mod write_out;

use crate::credential::{Authorization, Kind, Scrubber, Secret};
use crate::evidence::{Claim, Evidence, Exchange, Failure, Request, Response, SentAuth, Strength};
use expand::Ref;

/// Bitbucket's OAuth token endpoint (fact sheet §4.3): what a request posting an OAuth grant
/// was sent to when the pasted text lost its URL.
pub const TOKEN_ENDPOINT: &str = "https://bitbucket.org/site/oauth2/access_token";

pub use curl::{Outgoing, read_command};
/// A text's lines as [`str::lines`] gives them, found by memchr (for the SSH reader too).
pub(crate) use scan::lines;

/// The probe name of every exchange read from text.
pub const PASTED: &str = "pasted";

thread_local! {
    /// The secrets of the credentials the text shows, gathered as [`sent_auth`] reads each, so
    /// that what the text quotes back (a server's message naming the password) is scrubbed.
    static SECRETS: std::cell::RefCell<Scrubber> = std::cell::RefCell::default();
}

/// Read pasted text into evidence. Never panics, whatever the input.
pub fn parse(text: &str) -> Evidence {
    parse_dated(text, None)
}

/// [`parse`], with the day the text was written (`YYYY-MM-DD`) for a text that shows no date
/// of its own: a forum post pasted without its header.
pub fn parse_dated(text: &str, written: Option<&str>) -> Evidence {
    SECRETS.with(|s| s.take());
    // A log's timestamps are what the normalizing takes away, and what dates it.
    let as_pasted = paste::viewed(text);
    let as_pasted = as_pasted.as_ref();
    let text = paste::normalize(as_pasted);
    let text = text.as_ref();
    let found = scan::scan(text, as_pasted);
    let mut ev = Evidence {
        claims: found.claims,
        today: dates::latest_date(as_pasted).or_else(|| written.map(String::from)),
        live: false,
        leaks: leak::find(text),
        ..Evidence::default()
    };
    let (exchanges, sources) = assemble(found.pieces, &found.lines, &found.commands, &found.quoted);
    // Requests to a host that is not Bitbucket Cloud's (a self-hosted Bitbucket, another
    // service): Cloud's credential forms and answers say nothing of them.
    let (exchanges, sources): (Vec<_>, Vec<_>) = exchanges
        .into_iter()
        .zip(sources)
        .filter(|(e, _)| {
            // A failure no request claimed names its host in its own words, if at all
            // (`getaddrinfo ENOTFOUND registry.npmjs.org`, pip's `host='pypi.org'`).
            // A loopback address is the simulator's only with a path Bitbucket serves, and
            // never in a failure no request claimed: else it is the machine's own service (a
            // database, the app under test).
            let (host, own) = match (&e.request, &e.failure) {
                // A URL held in a variable (`curl "$SLACK_WEBHOOK_URL"`) names no host; curl's
                // failure does (`Could not resolve host: hooks.slack.com`), and that decides.
                (Some(q), Some(f)) if in_variable(&q.url) => {
                    let host = network::host_named(f.message()).unwrap_or_default();
                    (host, false)
                }
                (Some(q), _) => {
                    let host = crate::bitbucket::host_of(&q.url);
                    let path = crate::rules::path_of(&q.url);
                    // A path alone that Bitbucket does not serve is the app's own (a test
                    // client's `client.get("/v1/me")`).
                    let own = (crate::bitbucket::is_loopback(&host)
                        && !crate::bitbucket::serves_path(path))
                        || (q.url.starts_with('/') && !crate::bitbucket::may_serve_path(path))
                        || not_cloud(&q.url, &host);
                    (host, own)
                }
                // A proxy's own failure is on the way to wherever the request went: the host
                // its line names (`CONNECT acme.jfrog.io:443`, pip's `/simple/numpy/`), if any.
                (None, Some(f)) => {
                    let host = network::host_named(f.message()).unwrap_or_default();
                    let proxy = matches!(f, Failure::Proxy(_));
                    let own = (!proxy && crate::bitbucket::is_loopback(&host))
                        || (host.is_empty()
                            && e.line
                                .is_some_and(|l| printed::a_tool_elsewhere(as_pasted, l)));
                    (host, own)
                }
                (None, None) => (String::new(), false),
            };
            let away = own || elsewhere(&host);
            if away && !host.is_empty() && !scheme_twice(&host) && !ev.elsewhere.contains(&host) {
                ev.elsewhere.push(host);
            }
            !away
        })
        .unzip();
    // An answer to a URL held in a variable whose name and path say nothing of Bitbucket
    // (`"$STATUSPAGE_API/components/…"` → 429) may be any server's: inferred, unless Bitbucket's
    // own words come back.
    let exchanges: Vec<Exchange> = exchanges
        .into_iter()
        .map(|mut e| {
            let untied = e.request.as_ref().is_some_and(|q| untied_variable(&q.url))
                && e.response
                    .as_ref()
                    .is_none_or(|r| crate::bitbucket::said(r).is_none());
            // An answer another product's server signed (`Server: kong/3.8.0`) is that
            // server's, even in Bitbucket's words.
            let foreign = e
                .response
                .as_ref()
                .and_then(|r| r.header("server"))
                .is_some_and(crate::bitbucket::other_server);
            if untied || foreign {
                e.strength = e.strength.min(Strength::Inferred);
            }
            e
        })
        .collect();
    let (exchanges, sources, recovered) = supersede(exchanges, sources, &found.attributed);
    // Attempts made again that went through; read only where a passing failure could be theirs.
    let passed = match found.ssh || exchanges.iter().any(passing) {
        true => retry::passed(as_pasted),
        false => Vec::new(),
    };
    let (exchanges, sources, retried) = retried(exchanges, sources, &passed);
    ev.recovered = recovered || retried;
    ev.failed_elsewhere = tolerated::failed_elsewhere(as_pasted, text, &exchanges);
    ev.exchanges = exchanges;
    if let Some(i) = examined(&ev.exchanges) {
        ev.credential = ev.exchanges[i].auth().cloned();
        ev.source = Some(format!("pasted {}", sources[i]));
    }
    // The credential Bitbucket says it recognised, or the only kind its answer is given to,
    // outranks what the prose names.
    let recognised = ev
        .exchanges
        .iter()
        .find_map(|e| Kind::of_credential_type(e.response.as_ref()?.header("x-credential-type")?))
        .or_else(|| {
            ev.exchanges.iter().find_map(|e| {
                let r = e.response.as_ref().filter(|_| e.strength.conclusive())?;
                crate::bitbucket::said(r).and_then(crate::bitbucket::kind_answered)
            })
        });
    if let Some(kind) = recognised {
        ev.claims.retain(|h| *h != Claim::CredentialKind(kind));
        ev.claims.insert(0, Claim::CredentialKind(kind));
    }
    let mut hint = |h: Claim| {
        if !ev.claims.contains(&h) {
            ev.claims.push(h);
        }
    };
    for e in &ev.exchanges {
        if e.is_git() {
            hint(Claim::Git);
        }
        if let Some(r) = &e.response
            && r.is_success()
            && r.private == Some(false)
        {
            hint(Claim::PublicWorks);
        }
    }
    for r in ev.exchanges.iter_mut().filter_map(|e| e.request.as_mut()) {
        r.auth_unseen |= r.auth.as_ref().is_some_and(SentAuth::hidden);
    }
    settle_token_names(&mut ev);
    settle_unnamed(&mut ev);
    settle_by_login(&mut ev);
    crate::facts::attach_unseen(&mut ev);
    // URLs the text names on a host that is not Bitbucket Cloud's say nothing of it either.
    let urls: Vec<String> = found
        .urls
        .into_iter()
        .filter(|u| {
            let host = crate::bitbucket::host_of(u);
            !not_cloud(u, &host)
        })
        .collect();
    ev.target = target(&ev.exchanges, &urls);
    ev.api_url = api_url(&ev.exchanges, &urls);
    ev.configured_api = url::configured_api(text);
    // The normalized text: a prefix on every line (a quote, a CI runner's) is no content;
    // the date its timestamps gave is `ev.today`.
    if found.ssh {
        let transcript = crate::ssh::read_transcript(text, &passed, &found.quoted);
        ev.ssh = transcript.facts;
        if let Some(f) = ev.ssh.as_mut() {
            // A post about a company's own Bitbucket (its Data Center, `bitbucket.acme.internal`)
            // that names no host of Cloud's ties a transcript without a host to that server.
            f.bitbucket_named =
                found.bitbucket_named && (f.host_name().is_some() || !names_own_bitbucket(text));
        }
        for host in transcript.elsewhere {
            if !ev.elsewhere.contains(&host) {
                ev.elsewhere.push(host);
            }
        }
    }
    // A transcript with another server (github.com, a company's Bitbucket Data Center on port
    // 7999): Cloud's host keys and refusals say nothing of it. An alias or an address may
    // still be Bitbucket's.
    if let Some(host) = ev.ssh.as_ref().and_then(|f| f.host_name())
        && elsewhere(&host)
        && host.parse::<std::net::IpAddr>().is_err()
    {
        ev.ssh = None;
        if !ev.elsewhere.contains(&host) {
            ev.elsewhere.push(host);
        }
    }
    ev.make_printable(&SECRETS.with(|s| s.take()));
    ev
}

/// `{access_token}`, `$ACCESS_TOKEN`: the name OAuth's token response uses as well as the
/// one for repository, project and workspace tokens. When the post speaks of OAuth and of no
/// resource token, the placeholder is an OAuth access token.
fn settle_token_names(ev: &mut Evidence) {
    let oauth = ev.claimed(&Claim::CredentialKind(Kind::OauthToken))
        && !ev.claimed(&Claim::CredentialKind(Kind::AccessToken));
    if !oauth {
        return;
    }
    for auth in ev.auths_mut() {
        let Some(p) = auth.placeholder.as_mut() else {
            continue;
        };
        let resource = ["repo", "project", "workspace"]
            .iter()
            .any(|w| p.text.to_ascii_lowercase().contains(w));
        if p.kind_hint == Some(Kind::AccessToken) && !resource {
            p.kind_hint = Some(Kind::OauthToken);
            auth.kind = Kind::OauthToken;
            auth.kind_strength = auth.kind_strength.min(Strength::Stated);
        }
    }
}

/// `Bearer <the-token>`: a placeholder whose name says nothing takes the kind the post names
/// first (a post is usually about one credential).
fn settle_unnamed(ev: &mut Evidence) {
    let Some(kind) = ev.claims.iter().find_map(|h| match h {
        Claim::CredentialKind(k) => Some(*k),
        _ => None,
    }) else {
        return;
    };
    for auth in ev.auths_mut() {
        if auth.kind == Kind::Unknown
            && auth
                .placeholder
                .as_ref()
                .is_some_and(|p| p.kind_hint.is_none())
        {
            auth.kind = kind;
            auth.kind_strength = Strength::Stated;
        }
    }
}

/// A secret of no kind the text shows, sent with `x-token-auth`: that login is the one
/// Bitbucket gives access and OAuth tokens (an API token takes another), so an access token is
/// likely; inferred, since an API token is sent with it by mistake too.
/// Over REST only: over git the same login with an API token is a wrong username, which the
/// kind would hide.
fn settle_by_login(ev: &mut Evidence) {
    let unsettled = |a: &SentAuth| {
        a.kind == Kind::Unknown
            && a.login.as_deref().is_some_and(|l| {
                crate::credential::LoginForm::of(l) == crate::credential::LoginForm::TokenAuth
            })
    };
    let settle = |a: &mut SentAuth| {
        a.kind = Kind::AccessToken;
        a.kind_strength = Strength::Inferred;
    };
    for e in ev.exchanges.iter_mut().filter(|e| !e.is_git()) {
        if let Some(a) = e.request.as_mut().and_then(|q| q.auth.as_mut())
            && unsettled(a)
        {
            let before = a.clone();
            settle(a);
            if let Some(c) = ev.credential.as_mut().filter(|c| **c == before) {
                settle(c);
            }
        }
    }
}

/// A request as read from a command, a transcript or a header line.
#[derive(Debug)]
struct Sent {
    pub request: Request,
    /// Where its credential came from (`-H`, `-u`, `git URL`, …), for [`Evidence::source`].
    pub source: &'static str,
}

/// One thing found in the text, in text order.
#[derive(Debug)]
enum Piece {
    Request(Sent),
    Response(Answer),
    Failure { failure: Failure, git: bool },
}

/// A response and how it relates to what is around it.
#[derive(Debug)]
struct Answer {
    pub response: Response,
    /// Read from git's output: it answers a git request only.
    pub git: bool,
    /// Only a status, read from words ("fails with 401"): no body or header backs it.
    pub bare: bool,
    /// Told by the poster in a sentence of their own ("I get a 401"), not printed by a tool: the
    /// status is only stated.
    pub told: bool,
    /// Bitbucket's message quoted inside the poster's sentence (`we used to get "…"`): shown,
    /// unless the text also shows a call that worked; then it is history or hearsay beside what
    /// happened, and only stated.
    pub quoted: bool,
    /// Told of a git operation ("cannot clone, it says …"): git's answer, no request shown.
    pub over_git: bool,
    /// An API path or URL named on the same line, for a request whose URL was stripped.
    pub path: Option<String>,
    /// The line ends with `:`, introducing the request that follows.
    pub forward: bool,
    /// Bitbucket's message in words any server may write, with nothing on its lines to tie it
    /// to Bitbucket ([`scan::untied`]): whose answer it is, only a request to Bitbucket shows.
    pub untied: bool,
}

impl Answer {
    /// A response read from an HTTP transcript or a body: none of the above.
    fn of(response: Response) -> Answer {
        Answer {
            response,
            git: false,
            bare: false,
            told: false,
            quoted: false,
            over_git: false,
            path: None,
            forward: false,
            untied: false,
        }
    }
}

/// Classify an Authorization as sent, then correct it with what the text around it tells: a
/// `$VAR` the shell passed on literally, a variable or a command's output whose value cannot
/// be known (only its kind). Free text is scrubbed of anything secret.
fn sent_auth(auth: &Authorization, refs: &[Ref]) -> SentAuth {
    SECRETS.with(|s| s.borrow_mut().add_authorization(auth));
    let mut s = SentAuth::from_authorization(auth);
    if let Some(p) = s.placeholder.as_mut()
        && let Some(r) = refs.iter().find(|r| r.text == p.text)
    {
        if r.literal {
            p.literal = true;
        } else {
            // A reference the shell expands: its length is unknown, its kind is the name's.
            s.secret_len = None;
            if let Some(kind) = r.kind {
                p.kind_hint = Some(kind);
                s.kind = kind;
                s.kind_strength = Strength::Inferred;
            }
        }
    }
    // The whole header is one variable's value: whether a scheme word begins it, the text
    // does not show (`.header("Authorization", credential)`), unless the name says it holds
    // the secret itself (`BB_TOKEN`). Compared as shown: a name not made of placeholder words
    // is shown by its length.
    if s.scheme.is_none()
        && let (Some(p), [r]) = (s.placeholder.as_ref(), refs)
        && !r.literal
        && !crate::credential::names_a_secret(&r.text)
        && (r.text == p.text
            || crate::credential::placeholder(&r.text).is_some_and(|q| q.text == p.text))
    {
        s.form_strength = Strength::Inferred;
    }
    // `x-token-auth` is the login of access and OAuth tokens alone: a variable named for one
    // of them, sent with it, holds one as the request shows.
    if matches!(s.kind, Kind::AccessToken | Kind::OauthToken)
        && s.login_form() == Some(crate::credential::LoginForm::TokenAuth)
    {
        s.kind_strength = s.kind_strength.max(Strength::Shown);
    }
    if let Some(p) = s.placeholder.as_mut() {
        p.text = scrub::text(&p.text).into_owned();
    }
    s.login = s.login.map(|l| scrub::text(&l).into_owned());
    s.redacted = scrub::text(&s.redacted).into_owned();
    s
}

/// Parse an Authorization header value as pasted. Pseudo-code in place of the base64
/// (`Basic Base64Encode({username}:{api_token})`, `Basic btoa(user:token)`) is what the person
/// means the header to hold, so it is encoded as written.
fn parse_authorization(value: &str) -> Authorization {
    let value = value.trim();
    if let Some((scheme, rest)) = value.split_once(char::is_whitespace)
        && scheme.eq_ignore_ascii_case("basic")
        && let Some(inner) = encoding_call(rest.trim())
    {
        let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, inner);
        return Authorization::parse(&format!("{scheme} {encoded}"));
    }
    Authorization::parse(value)
}

/// The argument of `base64(x)`, `Base64Encode("x")`, `btoa(x)`, `b64encode(x)`.
fn encoding_call(s: &str) -> Option<&str> {
    let open = s.find('(')?;
    let name = s[..open]
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let encoder = name.contains("base64") || name.contains("b64") || name == "btoa";
    let inner = s[open + 1..].strip_suffix(')')?;
    encoder.then(|| inner.trim().trim_matches(['"', '\'', '`']))
}

/// Basic credentials from a login and, when the text shows it, a secret (`-u user` alone
/// sends the login and asks for the password).
fn basic_auth(login: &str, secret: Option<Secret>) -> Authorization {
    let mut a = Authorization::basic(login, secret.unwrap_or_else(|| Secret::new("")));
    if a.secret.as_ref().is_some_and(Secret::is_empty) {
        a.secret = None;
    }
    a
}

/// Pair responses and failures with the requests they answer; keep text order.
/// `commands`: the lines of commands a runner shows run; a failure after another command ran
/// is not the answer of a request before it.
fn assemble(
    pieces: Vec<Piece>,
    lines: &[usize],
    commands: &[usize],
    quoted: &[bool],
) -> (Vec<Exchange>, Vec<&'static str>) {
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut sources: Vec<&'static str> = Vec::new();
    // A bare status that found no request before it ("it fails with 401", then the command),
    // and the path named beside it: the next request is the one it answers.
    let mut waiting: Option<(usize, Option<String>)> = None;
    // Answers that name their URL (`[403] https://…`, `… for url: https://…`).
    let mut named: Vec<(usize, String)> = Vec::new();
    // Answers whose only words of Bitbucket's are words any server may write.
    let mut untied_at: Vec<usize> = Vec::new();
    let worked = pieces.iter().any(
        |p| matches!(p, Piece::Response(a) if !(a.told || a.quoted) && a.response.is_success()),
    );
    // What the poster's own lines show came back, outside any quote: an answer (its status and
    // Bitbucket's words) or a failure on the way. A quoted answer that none of them repeats is
    // history or hearsay beside what happened.
    let own: Vec<Option<(u16, Option<String>)>> = match pieces
        .iter()
        .any(|p| matches!(p, Piece::Response(a) if a.quoted))
    {
        false => Vec::new(),
        true => pieces
            .iter()
            .zip(lines)
            .filter_map(|(p, &line)| match p {
                Piece::Response(a) if !(a.told || a.quoted || a.untied) => {
                    Some(Some((a.response.status, a.response.message.clone())))
                }
                Piece::Failure { .. } if !quoted.get(line.wrapping_sub(1)).is_some_and(|q| *q) => {
                    Some(None)
                }
                _ => None,
            })
            .collect(),
    };
    let contradicted = |a: &Answer| {
        own.iter().any(|o| match o {
            None => true,
            Some((status, message)) => {
                *status != a.response.status
                    || message
                        .as_deref()
                        .zip(a.response.message.as_deref())
                        .is_some_and(|(m, q)| m != q)
            }
        })
    };
    // The status a request's own answer on its line gives (`POST https://… 500`): an earlier
    // bare status that is another one does not wait for it ("created (201)", then a call to
    // another server that failed).
    let own_status: Vec<Option<u16>> = pieces
        .iter()
        .zip(lines)
        .zip(pieces.iter().zip(lines).skip(1).map(Some).chain([None]))
        .map(|((p, l), next)| match (p, next) {
            (Piece::Request(_), Some((Piece::Response(a), nl))) if nl == l => {
                Some(a.response.status).filter(|&s| s != 0)
            }
            _ => None,
        })
        .collect();
    for ((piece, &line), own) in pieces.into_iter().zip(lines).zip(own_status) {
        let line = Some(line);
        match piece {
            Piece::Request(sent) => {
                let mut request = sent.request;
                if let Some((i, _)) = waiting
                    && own.is_some_and(|s| exchanges[i].status() != Some(s))
                {
                    waiting = None;
                }
                if let Some((i, path)) = waiting.take() {
                    fill_url(&mut request, path);
                    exchanges[i].request = Some(request);
                    sources[i] = sent.source;
                    continue;
                }
                if let Some(last) = exchanges.last_mut()
                    && sent.source == git::OUTPUT
                    && let Some(old) = git_command_request(last, &request)
                {
                    if old.url.is_empty() || old.url.contains(UNKNOWN_REPO) {
                        // The command said whether it pushes; its output may not.
                        old.url = match old.url.contains("git-receive-pack") {
                            true => git::for_push(&request.url),
                            false => request.url,
                        };
                    }
                    if old.auth.is_none() && request.auth.is_some() {
                        old.auth = request.auth;
                        *sources.last_mut().expect("one source per exchange") = sent.source;
                    } else if request.auth.is_none() && !request.auth_unseen {
                        // git's output shows it had nothing to send: a variable the command's
                        // URL names for the password held nothing.
                        let variable = old
                            .auth
                            .as_ref()
                            .is_some_and(|a| a.placeholder.as_ref().is_some_and(|p| p.shell));
                        if old.auth.is_none() || variable {
                            old.auth = None;
                            old.auth_unseen = false;
                        }
                    }
                    continue;
                }
                // A request line, then its header on a line of its own (`GET https://…`,
                // `Authorization: Bearer …`): one request.
                if let Some(last) = exchanges.last_mut()
                    && request.url.is_empty()
                    && request.auth.is_some()
                    && last.response.is_none()
                    && last.failure.is_none()
                    && let Some(old) = last.request.as_mut()
                    && !old.url.is_empty()
                    && old.auth.is_none()
                    && last.line.is_some_and(|l| line.is_some_and(|n| n == l + 1))
                {
                    old.auth = request.auth;
                    old.auth_unseen = false;
                    *sources.last_mut().expect("one source per exchange") = sent.source;
                    continue;
                }
                // `curl -v`'s own transcript of the command just read: the same request, as
                // sent. Its header (what went out) replaces the command's (`$TOKEN`), unless
                // the poster masked it there (`Basic [redacted]`) and the command shows more;
                // a masked token whose prefix shows its kind (`ATATT3xFfGF0****`) still shows
                // more than a variable.
                if let Some(last) = exchanges.last_mut()
                    && sent.source == "HTTP transcript"
                    && last.response.is_none()
                    && last.failure.is_none()
                    && let Some(old) = last.request.as_mut()
                    && old.method == request.method
                    && !old.url.is_empty()
                    && crate::rules::path_of(&old.url) == crate::rules::path_of(&request.url)
                {
                    let masked = |a: &Option<SentAuth>| {
                        a.as_ref()
                            .and_then(|a| a.placeholder.as_ref())
                            .is_some_and(|p| p.mask)
                    };
                    let kind_shown = |a: &Option<SentAuth>| {
                        a.as_ref()
                            .is_some_and(|a| a.kind != crate::credential::Kind::Unknown)
                    };
                    let more = !masked(&request.auth)
                        || (kind_shown(&request.auth) && !kind_shown(&old.auth));
                    if request.auth.is_some() && (old.auth.is_none() || more) {
                        old.auth = request.auth;
                        *sources.last_mut().expect("one source per exchange") = sent.source;
                    }
                    continue;
                }
                exchanges.push(Exchange {
                    probe: PASTED.into(),
                    line,
                    strength: Strength::Shown,
                    request: Some(request),
                    ..Exchange::default()
                });
                sources.push(sent.source);
            }
            Piece::Response(answer) => {
                waiting = None;
                // The API URL the answer names, for its request when none claims it; or, for
                // words any server may write, another service's (`401 - https://api.spotify.com/
                // …: The access token expired`): then the answer is that service's. (Another
                // URL beside a status alone may be a docs link or a user agent's.)
                let url = answer
                    .path
                    .clone()
                    .map(|p| match repository_page(&p) {
                        // git serves a repository at its page's URL too (JGit's and TeamCity's
                        // `https://bitbucket.org/acme/billing: 410 Gone`): git's request.
                        true => format!("{p}.git"),
                        false => p,
                    })
                    .filter(|p| {
                        url::api_base(p).is_some()
                            || git_repository(p)
                            || (answer.untied && names_other_service(p))
                    });
                // Words any server may write are Bitbucket's answer only to a request to it.
                let to_bitbucket = exchanges.last().is_some_and(|last| {
                    !answer.forward
                        && open_for(last, answer.git)
                        && last.request.as_ref().is_some_and(|q| {
                            crate::bitbucket::is_cloud(&crate::bitbucket::host_of(&q.url))
                        })
                });
                let untied = answer.untied && !to_bitbucket;
                // A status told in words is only stated; a transcript or a body shows it.
                let told = if untied {
                    Strength::Inferred
                } else if answer.told || (answer.quoted && (worked || contradicted(&answer))) {
                    Strength::Stated
                } else {
                    Strength::Shown
                };
                let last_at = exchanges.len().saturating_sub(1);
                // Another command ran between the request and this answer (`+ ./promote.sh`
                // after the clone): the answer is that command's, not the request's.
                let after_another = |e: &Exchange| {
                    e.line
                        .zip(line)
                        .is_some_and(|(a, b)| commands.iter().any(|&c| a < c && c <= b))
                };
                if let Some(last) = exchanges.last_mut() {
                    if !answer.forward && open_for(last, answer.git) && !after_another(last) {
                        if let Some(request) = last.request.as_mut() {
                            fill_url(request, answer.path);
                        }
                        last.response = Some(answer.response);
                        last.strength = last.strength.min(told);
                        last.over_git |= answer.over_git;
                        if untied {
                            untied_at.push(last_at);
                        }
                        continue;
                    }
                    // A telling of an answer whose words tie it to no server: it stays so,
                    // unless this one brings Bitbucket's own.
                    let was_untied = untied_at.contains(&last_at);
                    let told = match was_untied && answer.response.message.is_none() {
                        true => Strength::Inferred,
                        false => told,
                    };
                    // The same answer told twice (`<-- 401 Unauthorized`, then the tool's
                    // `Error: 401 Unauthorized: {…}`): keep the richer telling.
                    // A body with no status of its own right after a bare status (a log's
                    // "Invalid response code:500", then the body) completes it; an error's
                    // words are no body of a success ("created (201)", then another call's).
                    if let Some(r) = last.response.as_mut()
                        && answer.response.status == 0
                        && r.message.is_none()
                        && !(r.is_success() && answer.response.message.is_some())
                    {
                        let status = r.status;
                        *r = answer.response;
                        r.status = status;
                        last.strength = match untied {
                            true => Strength::Inferred,
                            false => last.strength.max(told),
                        };
                        untied_at.extend(untied.then_some(last_at));
                        named.extend(url.map(|u| (last_at, u)));
                        continue;
                    }
                    if let Some(r) = last.response.as_mut()
                        && r.status == answer.response.status
                    {
                        // A status alone adds nothing to words told before it (a post naming
                        // CHANGE-2770, then another service's 410 whose body says nothing).
                        let bare_after_words =
                            r.message.is_some() && answer.response.message.is_none();
                        let replaced = r.message.is_none() && answer.response.message.is_some();
                        if replaced {
                            let headers = std::mem::take(&mut r.headers);
                            *r = answer.response;
                            if r.headers.is_empty() {
                                r.headers = headers;
                            }
                        }
                        // Told twice: the better telling counts; but a bare status whose
                        // words now come from no server's own is only inferred.
                        last.strength = match (replaced && untied, bare_after_words) {
                            (true, _) => Strength::Inferred,
                            (false, true) => last.strength,
                            (false, false) => last.strength.max(told),
                        };
                        untied_at.extend((replaced && untied).then_some(last_at));
                        named.extend(url.map(|u| (last_at, u)));
                        continue;
                    }
                }
                // An answer to a command whose request the text does not show went to
                // whichever server that command called.
                let told = match exchanges.last().is_some_and(after_another) && url.is_none() {
                    true => told.min(Strength::Inferred),
                    false => told,
                };
                exchanges.push(Exchange {
                    probe: PASTED.into(),
                    line,
                    strength: told,
                    response: Some(answer.response),
                    over_git: answer.over_git,
                    ..Exchange::default()
                });
                sources.push("");
                untied_at.extend(untied.then_some(exchanges.len() - 1));
                named.extend(url.map(|u| (exchanges.len() - 1, u)));
                if answer.bare || answer.forward {
                    waiting = Some((exchanges.len() - 1, answer.path));
                }
            }
            Piece::Failure { failure, git } => {
                waiting = None;
                // A failure that names another host than the open request's is not its answer
                // (a build's test reaching its database after the clone).
                let named = network::host_named(failure.message());
                // One that names none, right after a command (`git push`, then git's
                // `RPC failed; curl 56`), is that command's, whichever reader found it.
                let next_to = |e: &Exchange| {
                    named.is_none()
                        && e.response.is_none()
                        && e.failure.is_none()
                        && e.request.is_some()
                        && e.line.zip(line).is_some_and(|(a, b)| b <= a + ADJACENT)
                };
                // Not the request's failure: another command ran between the two (`+ npm ci`
                // after the clone), or Ansible's `fatal: [web02]: UNREACHABLE!` speaks of its
                // own inventory host.
                let someone_elses = |e: &Exchange| {
                    failure.message().trim_start().starts_with("fatal: [")
                        || e.line
                            .zip(line)
                            .is_some_and(|(a, b)| commands.iter().any(|&c| a < c && c <= b))
                };
                if let Some(last) = exchanges.last_mut()
                    && (open_for(last, git) || next_to(last))
                    && !someone_elses(last)
                    && named.as_deref().is_none_or(|h| same_server(h, last))
                {
                    // A request to `$SCANNER_URL` went wherever the variable points: that it
                    // failed on the way to Bitbucket is a guess (an answer could say whose).
                    if named.is_none() && last.request.as_ref().is_some_and(|q| hidden_host(&q.url))
                    {
                        last.strength = last.strength.min(Strength::Inferred);
                    }
                    last.failure = Some(failure);
                    continue;
                }
                // No request claimed it: Bitbucket's only when it names Bitbucket; a failure
                // that names no host happened somewhere in the job, whose is not shown.
                // A proxy's own failure is on the way to wherever the request went.
                let strength = match named.as_deref() {
                    _ if matches!(failure, Failure::Proxy(_)) => Strength::Shown,
                    Some(h)
                        if crate::bitbucket::is_cloud(h) && !crate::bitbucket::is_loopback(h) =>
                    {
                        Strength::Shown
                    }
                    _ => Strength::Inferred,
                };
                exchanges.push(Exchange {
                    probe: PASTED.into(),
                    line,
                    strength,
                    failure: Some(failure),
                    ..Exchange::default()
                });
                sources.push("");
            }
        }
    }
    // An answer no request claimed, that names the URL it answers: that is the request, its
    // method and headers unknown.
    for (i, url) in named {
        if exchanges[i].request.is_none() {
            exchanges[i].request = Some(Request {
                method: String::new(),
                url,
                auth: None,
                auth_unseen: true,
            });
        }
    }
    (exchanges, sources)
}

/// A repository's git URL on Bitbucket Cloud (`https://bitbucket.org/ws/repo.git`, its
/// `info/refs`), as JGit and go-git name the one they failed on beside its status.
/// A repository's address on Bitbucket's website, `https://bitbucket.org/WORKSPACE/REPO`, and
/// nothing after it.
fn repository_page(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase();
    crate::bitbucket::is_website(&host)
        && !path.contains(['?', '#'])
        && !path.ends_with(".git")
        && path.split('/').filter(|s| !s.is_empty()).count() == 2
        && !path.ends_with('/')
}

fn git_repository(url: &str) -> bool {
    url.starts_with("https://")
        && crate::bitbucket::is_cloud(&crate::bitbucket::host_of(url))
        && (url.contains(".git/") || url.ends_with(".git"))
}

/// Whether a URL's host is a variable whose name does not say Bitbucket (`$SCANNER_URL`,
/// `${API}/…`, `%URL%`): where the request went is not shown.
fn hidden_host(url: &str) -> bool {
    let host = crate::bitbucket::host_of(url);
    host.starts_with(['$', '%', '{']) && !host.contains("bitbucket") && !host.contains("bb_")
}

/// Whether `url` is another service's: a URL whose host is neither Bitbucket's nor one of the
/// Atlassian pages Bitbucket's own messages link to (`id.atlassian.com`, the community).
fn names_other_service(url: &str) -> bool {
    let host = crate::bitbucket::host_of(url);
    url.contains("://")
        && !host.is_empty()
        && !crate::bitbucket::is_cloud(&host)
        && !crate::bitbucket::is_linked_page(&host)
}

/// The repository part of a git URL when the text does not name the repository.
const UNKNOWN_REPO: &str = "{workspace}/{repository}";

/// Whether `e` is a request still waiting for its answer, of the right kind (git or REST).
fn open_for(e: &Exchange, git: bool) -> bool {
    e.response.is_none() && e.failure.is_none() && e.request.is_some() && e.is_git() == git
}

/// The request a git command announced, when `request` (read from git's output) completes it.
fn git_command_request<'a>(last: &'a mut Exchange, request: &Request) -> Option<&'a mut Request> {
    // git's discovery URL: `….git/info/refs`, or a forge's without `.git` (Azure's `_git/app`).
    let git_url = request.url.contains(".git/")
        || request.url.ends_with(".git")
        || request.url.contains("/info/refs");
    let open = last.is_git() && last.response.is_none() && last.failure.is_none();
    if git_url && open {
        last.request.as_mut()
    } else {
        None
    }
}

/// A request whose URL was stripped takes the path the text names beside its answer.
fn fill_url(request: &mut Request, path: Option<String>) {
    if request.url.is_empty()
        && let Some(path) = path
    {
        request.url = path;
    }
}

/// A text tells attempts in the order they were made: a call that the text shows made again
/// later is history. A later failure of the same call is what fails now (the user fixed the
/// scheme and it still fails); a later success in the same form shows the failure passed (a
/// retry, a refreshed token). A success in another form leaves the failure standing: it is
/// what the post asks about ("Basic works, why not Bearer?"). A later telling that shows no
/// credential (a tool's log line, git's own output) may be the same attempt told again, so it
/// replaces only an attempt that showed none either. Returns the exchanges left, their sources,
/// and whether a failure passed.
fn supersede<S>(
    exchanges: Vec<Exchange>,
    sources: Vec<S>,
    attributed: &[bool],
) -> (Vec<Exchange>, Vec<S>, bool) {
    // Someone else's earlier message, quoted under "… wrote:": older than what the poster shows.
    let earlier = |x: &Exchange| {
        x.line
            .is_some_and(|l| attributed.get(l.wrapping_sub(1)).copied().unwrap_or(false))
    };
    let calls: Vec<Option<String>> = exchanges.iter().map(call).collect();
    let failed = |e: &Exchange| e.status().is_some_and(|s| s >= 400) || e.failure.is_some();
    let answered = |e: &Exchange| e.response.is_some() || e.failure.is_some();
    let worked = |e: &Exchange| {
        e.strength.conclusive()
            && e.response
                .as_ref()
                .is_some_and(|r| r.is_success() && !r.is_web_page() && !r.is_empty_listing())
    };
    let form = |e: &Exchange| {
        e.auth()
            .map(|a| (a.scheme.clone(), a.login.clone(), a.kind))
    };
    let again = |e: &Exchange, l: &Exchange| worked(l) && form(l) == form(e);
    // A call that got no answer says nothing of its credential: the same call answered later,
    // in whatever form, shows the network passed.
    let passed = |e: &Exchange, l: &Exchange| {
        failed(e) && (again(e, l) || (e.failure.is_some() && e.response.is_none() && worked(l)))
    };
    let replaced = |e: &Exchange, l: &Exchange| {
        // A quoted earlier message, below in the text (a mail's newest part comes first), is
        // no later attempt.
        if earlier(l) && !earlier(e) {
            return false;
        }
        // An attempt only told of (quoted beside another outcome, or in words) does not
        // overrule one the text shows.
        if e.strength.conclusive() && !l.strength.conclusive() {
            return false;
        }
        let retold = l.auth().is_some() || e.auth().is_none();
        // The same status again and nothing more (git's `fatal:` after Bitbucket's `remote:`
        // lines, a blank line apart): the same failure told twice.
        let echo =
            l.status() == e.status() && l.response.as_ref().is_some_and(|r| r.message.is_none());
        // A later telling with less in it (git's bare `Authentication failed`, no credential
        // shown) does not overrule Bitbucket's own words on an attempt before it: it may be
        // that attempt told again, or a telling of what else one "may see".
        let says = |x: &Exchange| x.response.as_ref().is_some_and(|r| r.message.is_some());
        let echo = echo || (says(e) && !says(l) && l.auth().is_none());
        match (failed(e), answered(e)) {
            // A later attempt that got no answer says nothing of the credential: an answer
            // before it still stands.
            (true, _) => {
                (failed(l) && retold && !echo && (l.failure.is_none() || e.failure.is_some()))
                    || passed(e, l)
            }
            // An attempt whose answer the text leaves out, made again: as if it had failed.
            (false, false) => (failed(l) && retold) || again(e, l),
            (false, true) => false,
        }
    };
    // The attempts at each call, in text order; each is weighed against the few that follow
    // it (a log that repeats one call thousands of times stays linear).
    let mut attempts: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, c) in calls.iter().enumerate() {
        if let Some(c) = c {
            attempts.entry(c.as_str()).or_default().push(i);
        }
    }
    let mut keep = vec![true; exchanges.len()];
    let mut recovered = false;
    for same in attempts.values() {
        for (n, &i) in same.iter().enumerate() {
            let e = &exchanges[i];
            let later = same[n + 1..].iter().take(LATER_ATTEMPTS);
            if let Some(j) = later.copied().find(|&j| replaced(e, &exchanges[j])) {
                keep[i] = false;
                recovered |= passed(e, &exchanges[j]);
            }
        }
    }
    // git's write reaches a repository only past the checks its read passes: a push of the
    // same repository in the same form that got through authentication (even one refused
    // after it, a non-fast-forward) shows a failed fetch before it passed.
    for i in 0..exchanges.len() {
        let e = &exchanges[i];
        let Some(c) = calls[i].as_deref().filter(|c| !c.ends_with(" push")) else {
            continue;
        };
        if !keep[i] || !failed(e) || !e.is_git() {
            continue;
        }
        let push = format!("{c} push");
        let mut later = (i + 1..exchanges.len()).take(LATER_ATTEMPTS);
        if later.any(|j| calls[j].as_deref() == Some(push.as_str()) && again(e, &exchanges[j])) {
            keep[i] = false;
            recovered = true;
        }
    }
    // A call whose repository the text does not name (`git fetch origin`) failed for a reason
    // of the server's, not the credential's (a 429, a 5xx, a dropped connection): a later call
    // that worked on the same server shows the condition passed.
    let server = |e: &Exchange| {
        e.request.as_ref().map(|q| {
            let push = q.url.contains("git-receive-pack");
            (crate::bitbucket::host_of(&q.url), push)
        })
    };
    for i in 0..exchanges.len() {
        let e = &exchanges[i];
        if !keep[i] || calls[i].is_some() || !passing(e) || server(e).is_none() {
            continue;
        }
        let mut later = exchanges.iter().skip(i + 1).take(LATER_ATTEMPTS);
        if later.any(|l| worked(l) && server(l) == server(e) && form(l) == form(e)) {
            keep[i] = false;
            recovered = true;
        }
    }
    let (exchanges, sources) = exchanges
        .into_iter()
        .zip(sources)
        .zip(keep)
        .filter_map(|(pair, k)| k.then_some(pair))
        .unzip();
    (exchanges, sources, recovered)
}

/// A failure of the server's or the network's that passes by itself: a rate limit, a server
/// error, a connection that dropped or timed out.
/// Drop the passing failures of attempts made again that went through ([`retry::passed`]).
fn retried<S>(
    exchanges: Vec<Exchange>,
    sources: Vec<S>,
    passed: &[std::ops::Range<usize>],
) -> (Vec<Exchange>, Vec<S>, bool) {
    let gone = |e: &Exchange| {
        passing(e)
            && e.line
                .is_some_and(|l| passed.iter().any(|r| r.contains(&l)))
    };
    let any = exchanges.iter().any(gone);
    let (exchanges, sources) = exchanges
        .into_iter()
        .zip(sources)
        .filter(|(e, _)| !gone(e))
        .unzip();
    (exchanges, sources, any)
}

fn passing(e: &Exchange) -> bool {
    e.status().is_some_and(|s| s == 429 || s >= 500)
        || matches!(
            e.failure,
            Some(Failure::Connect(_) | Failure::Timeout(_) | Failure::Dns(_))
        )
}

/// How many later attempts at the same call each attempt is weighed against.
const LATER_ATTEMPTS: usize = 8;

/// The call an exchange makes, for telling attempts at the same call apart from other calls:
/// host and path, without the query or git's smart-HTTP suffixes.
fn call(e: &Exchange) -> Option<String> {
    let url = &e.request.as_ref()?.url;
    let rest = crate::evidence::split_once_str(url, "://").map_or(url.as_str(), |(_, r)| r);
    let lower = rest.to_ascii_lowercase();
    let mut path = memchr::memchr2(b'?', b'#', lower.as_bytes())
        .map_or(lower.as_str(), |at| &lower[..at])
        .trim_end_matches('/');
    // git's read and write are two calls: a fetch that works says nothing of a push.
    let push = lower.contains("git-receive-pack");
    for suffix in [
        "/info/refs",
        "/git-upload-pack",
        "/git-receive-pack",
        ".git",
    ] {
        path = path.strip_suffix(suffix).unwrap_or(path);
    }
    // No path, or a repository git's output did not name: which server, not which call.
    (path.contains('/') && !url.contains(UNKNOWN_REPO))
        .then(|| format!("{path}{}", if push { " push" } else { "" }))
}

/// The exchange whose credential is under examination: the last one sent to Bitbucket that
/// failed, else the last one sent to Bitbucket. Calls to the OAuth token endpoint carry a
/// consumer's key and secret, not a credential for the API or git.
fn examined(exchanges: &[Exchange]) -> Option<usize> {
    let candidates: Vec<usize> = (0..exchanges.len())
        .filter(|&i| {
            let e = &exchanges[i];
            e.auth().is_some()
                && e.request
                    .as_ref()
                    .is_some_and(|r| !r.url.contains("/site/oauth2/") && to_bitbucket(&r.url))
        })
        .collect();
    let failed = candidates.iter().rev().find(|&&i| {
        exchanges[i].status().is_some_and(|s| s >= 400) || exchanges[i].failure.is_some()
    });
    failed.or(candidates.last()).copied()
}

/// A host named in full that is not Bitbucket Cloud's: not whatever a garbled URL holds before
/// its first slash, not an alias (`bitbucket-work`).
fn elsewhere(host: &str) -> bool {
    let named = host.contains('.')
        && host
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'));
    named && !crate::bitbucket::is_cloud(host)
}

/// Whether a text speaks of a company's own Bitbucket and of no host of Cloud's: it names
/// Bitbucket Data Center, or a host of its own with Bitbucket's name in it
/// (`bitbucket.acme.internal`, `git.bitbucket.corp.example`), and not bitbucket.org.
fn names_own_bitbucket(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if crate::evidence::find_str(&lower, "bitbucket.org").is_some() {
        return false;
    }
    if ["data center", "datacenter"]
        .iter()
        .any(|p| crate::evidence::find_str(&lower, p).is_some())
    {
        return true;
    }
    let host_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let bytes = lower.as_bytes();
    memchr::memmem::find_iter(bytes, "bitbucket").any(|at| {
        let start = bytes[..at]
            .iter()
            .rposition(|&b| !host_byte(b))
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| !host_byte(b))
            .map_or(bytes.len(), |i| at + i);
        let host = lower[start..end].trim_matches(['.', '-']);
        // Three labels at least, the last a top-level name rather than a file's extension
        // (`bitbucket-pipelines.yml`).
        let labels: Vec<&str> = host.split('.').collect();
        labels.len() >= 3
            && labels.iter().all(|l| !l.is_empty())
            && labels.last().is_some_and(|l| {
                l.bytes().all(|b| b.is_ascii_alphabetic())
                    && ![
                        "yml",
                        "yaml",
                        "json",
                        "xml",
                        "properties",
                        "txt",
                        "md",
                        "conf",
                    ]
                    .contains(l)
            })
            && !crate::bitbucket::is_cloud(host)
    })
}

/// Whether a URL the text shows (a request's, or one it names) is on a host that is not
/// Bitbucket Cloud's: one named in full, or one label ([`single_label`]).
fn not_cloud(url: &str, host: &str) -> bool {
    elsewhere(host) || single_label(url, host)
}

/// Whether a URL is an HTTP one (not SSH, whose host may be an alias of `~/.ssh/config`).
fn http(url: &str) -> bool {
    let scheme = url.split_once("://").map_or("", |(s, _)| s);
    scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
}

/// An HTTP URL whose host is one label followed by a port or a path (`http://bitbucket:7990/…`
/// in a compose file, `http://bitbucket-dc/rest/…`, a stub's `http://bbstub:8080/2.0`, the
/// `https` of `https://https://…`): a name on some local network, or a URL written with its
/// scheme twice; never Bitbucket Cloud's (`localhost` is the simulator's). A label the URL
/// ends with (`https://key:secret@bitbucket`) is a URL the paste cut short.
fn single_label(url: &str, host: &str) -> bool {
    // (Fewer than three letters is a host cut short too: `https://key:secret@b`.)
    let label = host.len() >= 3
        && !host.starts_with('-')
        && host.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        && !crate::bitbucket::is_loopback(host);
    // Most hosts have a dot: the URL is searched only for a host of one label.
    label
        && http(url)
        && crate::evidence::find_str(url, host)
            .is_some_and(|at| url[at + host.len()..].starts_with([':', '/']))
}

/// A URL written with its scheme twice (`https://user@https://…`): its "host" is the scheme.
fn scheme_twice(host: &str) -> bool {
    host.eq_ignore_ascii_case("https") || host.eq_ignore_ascii_case("http")
}

/// Whether a failure naming `host` can be the answer to `e`'s request: the request's own host,
/// or both Bitbucket Cloud's (git names `bitbucket.org` for a request curl sent to the API), or
/// a request whose URL is not shown.
fn same_server(host: &str, e: &Exchange) -> bool {
    let Some(url) = e.request.as_ref().map(|q| q.url.as_str()) else {
        return true;
    };
    let own = crate::bitbucket::host_of(url);
    let unknown = own.is_empty() || (!own.contains('.') && !own.starts_with("localhost"));
    let both_cloud = crate::bitbucket::is_cloud(&own)
        && crate::bitbucket::is_cloud(host)
        && !crate::bitbucket::is_loopback(host);
    unknown || own == host || both_cloud
}

/// Lines between a command and a failure that names no host, for the failure to be its.
const ADJACENT: usize = 3;

/// A URL that starts with a variable the text does not expand (`$HOOK_URL`, `${API}/v2/sync`,
/// `%DEPLOY_URL%`): its host is whatever the variable held.
fn in_variable(url: &str) -> bool {
    !url.contains("://") && url.starts_with(['$', '%'])
}

/// A URL in a variable ([`in_variable`]) whose name does not speak of Bitbucket ([`hidden_host`]) and whose path
/// is none Bitbucket serves: nothing ties it to Bitbucket.
fn untied_variable(url: &str) -> bool {
    // A host the poster redacted (`https://<our-server>/…`, `{host}`) is a private server's:
    // nobody hides bitbucket.org.
    let host = crate::bitbucket::host_of(url);
    if url.contains("://")
        && host.starts_with(['<', '{'])
        && crate::bitbucket::placeholder_host(&host)
    {
        return true;
    }
    let variable = in_variable(url) || (url.contains("://") && host.starts_with(['$', '%']));
    if !variable || !hidden_host(url) {
        return false;
    }
    let path = match crate::evidence::split_once_str(url, "://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url.find('/').map_or("", |at| &url[at..]),
    };
    // Paths only Bitbucket's API and git serve (not `/api/…`, which any service may).
    let served = ["/2.0/", "/1.0/", "/repositories/"]
        .iter()
        .any(|p| path.starts_with(p))
        || [".git", "/info/refs", "git-upload-pack", "git-receive-pack"]
            .iter()
            .any(|p| path.contains(p));
    !served
}

/// A URL that is Bitbucket's (or unknown: stripped, relative, loopback).
fn to_bitbucket(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return true;
    };
    let host = rest
        .split(['/', '?'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    host.contains("bitbucket") || host.starts_with("127.") || host.starts_with("localhost")
}

/// The repository the text is about: named by the last request that names one, else by the
/// first Bitbucket URL in the text.
fn target(exchanges: &[Exchange], urls: &[String]) -> Option<crate::target::Target> {
    let from_requests = exchanges.iter().rev().find_map(|e| {
        let r = e.request.as_ref()?;
        let mut t = url::target(&r.url)?;
        if e.is_git() && t.git_user.is_none() {
            t.git_user = r.auth.as_ref().and_then(|a| a.login.clone());
        }
        Some(t)
    });
    from_requests.or_else(|| urls.iter().find_map(|u| url::target(u)))
}

/// The REST base in use: that of the last failed request, else of the last request, else the
/// first API URL in the text.
fn api_url(exchanges: &[Exchange], urls: &[String]) -> Option<String> {
    let base = |e: &&Exchange| e.request.as_ref().and_then(|r| url::api_base(&r.url));
    let failed = exchanges
        .iter()
        .rev()
        .filter(|e| e.status().is_some_and(|s| s >= 400))
        .find_map(|e| base(&e));
    failed
        .or_else(|| exchanges.iter().rev().find_map(|e| base(&e)))
        .or_else(|| urls.iter().find_map(|u| url::api_base(u)))
}

#[cfg(test)]
mod tests;

//! The catalog: every finding bbdoctor knows, in causal order (root causes first), each with its
//! matcher right below the record. Facts cite `bitbucket-auth-facts.md` (§ and row).

use super::fix;
use super::look::*;
use super::{Match, Rule, Severity};
use crate::credential::{API_TOKEN_GIT_USER, Checksum, Kind, LoginForm};
use crate::evidence::{Claim, Evidence, Failure, Strength};
use crate::explain::claims::strength as claim_strength;

pub static CATALOG: &[Rule] = &[
    UNEXPANDED_PLACEHOLDER,
    TOKEN_CHECKSUM,
    BASIC_ENCODING,
    WRONG_API_HOST,
    // SSH (crate::ssh): the host first, then the path to it, its key, then the user's keys.
    crate::ssh::rules::SSH_HOST_MOVED,
    crate::ssh::rules::SSH_PORT_BLOCKED,
    crate::ssh::rules::SSH_HOST_KEY_CHANGED,
    crate::ssh::rules::SSH_HOST_KEY_UNKNOWN,
    crate::ssh::rules::SSH_NO_KEY_OFFERED,
    crate::ssh::rules::SSH_KEY_NOT_REGISTERED,
    crate::ssh::rules::SSH_KEY_WRONG_ACCOUNT,
    crate::ssh::rules::SSH_DEPLOY_KEY_READ_ONLY,
    TLS_ERROR,
    NETWORK_ERROR,
    RATE_LIMITED,
    SERVICE_ERROR,
    ENDPOINT_REMOVED,
    OAUTH_TOKEN_IN_QUERY,
    // A credential in the scheme its kind cannot use comes before the scheme word's spelling:
    // writing the word right would not fix it.
    API_TOKEN_AS_BEARER,
    ACCESS_TOKEN_AS_BASIC,
    MISSING_AUTH_SCHEME,
    SCHEME_CASE,
    API_TOKEN_WITHOUT_SCOPES,
    APP_PASSWORD_RETIRED,
    APP_PASSWORD_WITH_EMAIL,
    API_TOKEN_WITH_USERNAME,
    ACCOUNT_PASSWORD,
    TOKEN_EXPIRED,
    TWO_STEP_OR_SSO,
    IP_NOT_ALLOWED,
    GIT_HTTPS_USERNAME,
    // Reasoned across probes: one probe accepted the token that another refused.
    API_TOKEN_WRONG_EMAIL,
    TOKEN_WORKSPACE_RESTRICTED,
    ACCESS_TOKEN_WRONG_RESOURCE,
    MISSING_SCOPE,
    INVALID_CREDENTIALS,
    REPO_NOT_FOUND,
    NO_REPO_ACCESS,
    ANONYMOUS_REQUEST,
    CREDENTIALS_IGNORED,
    super::preflight::REQUIRED_SCOPE_MISSING,
    super::preflight::REQUIRED_PERMISSION_MISSING,
    LEAKED_SECRET,
    SECRET_IN_ARGUMENTS,
    UNEXPLAINED_FAILURE,
    HEALTHY,
];

fn evidence_of(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------

const UNEXPANDED_PLACEHOLDER: Rule = Rule {
    id: "unexpanded-placeholder",
    severity: Severity::Error,
    title: "The secret is a placeholder, not a credential",
    explanation: "What reached Bitbucket is a placeholder such as {api_token}, <token> or a $VARIABLE \
        that the shell did not expand (single quotes stop expansion). Bitbucket sees that text as \
        the secret and refuses it or ignores it.",
    fix: "Put the real secret in an environment variable and reference it inside double quotes.",
    page: include_str!("../../docs/findings/unexpanded-placeholder.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: unexpanded_placeholder,
};

fn unexpanded_placeholder(ev: &Evidence) -> Option<Match> {
    let auth = auths(ev).find(|a| a.placeholder.as_ref().is_some_and(|p| p.literal || ev.live))?;
    let p = auth.placeholder.as_ref()?;
    let detail = if p.shell && p.text.starts_with('%') {
        format!(
            "`{}` is a reference cmd.exe or a CI's own settings expand (TeamCity's \
             `%env.NAME%`), never a POSIX shell: the script sent it as written.",
            p.text
        )
    } else if p.shell {
        format!(
            "`{}` is a shell variable that was never expanded: inside single quotes the shell \
             passes it on literally.",
            p.text
        )
    } else if ev.live {
        // check never sends a placeholder: say so rather than "sent".
        format!(
            "`{}` reads as a template marker, not a secret, so bbdoctor did not send it.",
            p.text
        )
    } else {
        format!(
            "`{}` was sent as written: it is a template marker, not a secret.",
            p.text
        )
    };
    let kind = p.kind_hint.unwrap_or(auth.kind);
    Some(Match {
        evidence: vec![header_line(auth)],
        command: Some(fix::curl(kind, &fix::url_for(ev, None))),
        detail: Some(detail),
        ..Match::default()
    })
}

const TOKEN_CHECKSUM: Rule = Rule {
    id: "token-checksum",
    severity: Severity::Error,
    title: "The token is damaged: its checksum does not match",
    explanation: "Atlassian API tokens, access tokens (192 characters) and app passwords (36) end \
        with a CRC32 of the rest. Here it does not match: the token was truncated or altered when \
        it was copied (a missing character, a line break, a quote). Bitbucket will refuse it.",
    fix: "Copy the token again in full from where you stored it, or create a new one; do not retype it.",
    page: include_str!("../../docs/findings/token-checksum.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: token_checksum,
};

fn token_checksum(ev: &Evidence) -> Option<Match> {
    // A damaged token is refused (401). An answer that judged the same credential otherwise
    // (a success, a scope's or a policy's 403, a 404) took it whole: the text's copy is the
    // poster's, altered or masked after the fact. A 429 or a 5xx judged nothing.
    let answered_whole = |a: &crate::evidence::SentAuth| {
        exchanges_of(ev, a).any(|e| {
            e.response
                .as_ref()
                .is_some_and(|r| r.is_success() || matches!(r.status, 403 | 404))
        })
    };
    let auth = auths(ev).find(|a| {
        a.checksum == Checksum::Invalid && a.placeholder.is_none() && !answered_whole(a)
    })?;
    let expected = match auth.kind {
        Kind::AppPassword => 36,
        _ => 192,
    };
    let len = auth.secret_len.unwrap_or(0);
    let detail = if len != expected {
        format!(
            "It has {len} characters where {} has {expected}.",
            auth.kind.describe()
        )
    } else {
        "It has the right length, so a character was changed.".to_string()
    };
    Some(Match {
        evidence: vec![format!(
            "{} fails its built-in CRC32 check",
            auth.secret_redacted
        )],
        detail: Some(detail),
        command: Some(fix::create_token_hint(auth.kind).to_string()),
        ..Match::default()
    })
}

const BASIC_ENCODING: Rule = Rule {
    id: "basic-encoding",
    severity: Severity::Error,
    title: "The Basic credentials are malformed",
    explanation: "Basic auth is base64 of `login:secret`, exactly. A value that is not base64 (often the \
        raw token), has no colon, ends with the newline that `echo` adds without `-n`, or carries \
        quotes, is refused (400 \"Invalid Authorization header\" or 401).",
    fix: "Let the client build the header (`curl -u login:secret`), or encode with `printf '%s'`.",
    page: include_str!("../../docs/findings/basic-encoding.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: basic_encoding,
};

fn basic_encoding(ev: &Evidence) -> Option<Match> {
    let auth = auths(ev).find(|a| !a.defects.is_empty());
    let bad_header = ev
        .responses()
        .find(|(_, r)| r.status == 400 && r.says(BAD_HEADER));
    if auth.is_none() && bad_header.is_none() {
        return None;
    }
    let mut evidence: Vec<String> = auth
        .iter()
        .flat_map(|a| a.defects.iter().map(|d| d.describe().to_string()))
        .collect();
    evidence.extend(bad_header.map(|(e, _)| quote(e)));
    let kind = auth.map_or(examined_kind(ev), |a| a.kind);
    let support = match (auth, bad_header) {
        (Some(_), _) => Strength::Shown,
        (None, Some((e, _))) => e.strength,
        (None, None) => Strength::Inferred,
    };
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(support),
        command: Some(format!(
            "{}\n# or, to build the header yourself:\nprintf '%s' \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" | base64 | tr -d '\\n'",
            fix::curl(kind, &fix::url_for(ev, None))
        )),
        header: auth.map(fix::header_pair),
        ..Match::default()
    })
}

const WRONG_API_HOST: Rule = Rule {
    id: "wrong-api-host",
    severity: Severity::Error,
    title: "The request goes to the wrong base URL",
    explanation: "Bitbucket Cloud's REST API lives at https://api.bitbucket.org/2.0. Paths without /2.0 \
        (404 \"There is no API hosted at this URL\", or a bare 403 \"Forbidden\"), the removed API \
        1.0 (410 \"Resource removed\"), Bitbucket Data Center paths (/rest/api/1.0), the old \
        bitbucket.org/api/… alias and plain http are not it.",
    fix: "Use https://api.bitbucket.org/2.0 as the base URL.",
    page: include_str!("../../docs/findings/wrong-api-host.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: wrong_api_host,
};

/// What is wrong with a REST URL, if anything (fact sheet X3, X4, §3 of design).
fn url_problem(url: &str) -> Option<&'static str> {
    let (scheme, rest) = crate::evidence::split_once_str(url, "://")?;
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let hostname = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let path = path_of(url);
    let loopback = crate::probe::is_loopback(host);
    // A host the text does not show (`$HOST`, `<your-server>`, `{host}`): whatever the URL's
    // shape, it says nothing of the server's.
    if crate::bitbucket::placeholder_host(&hostname) {
        return None;
    }
    if path.contains("/rest/api/") {
        return Some("a Bitbucket Data Center path (/rest/api/…); Bitbucket Cloud uses /2.0");
    }
    if path.starts_with("/1.0") || path.contains("/api/1.0") {
        return Some("API 1.0, removed in 2019");
    }
    if path.contains("/!api/") {
        return Some("bitbucket.org/!api/…, the web front end's internal API");
    }
    // A base that ends in /2.0, joined with paths that start with it again.
    if hostname == "api.bitbucket.org" && path.starts_with("/2.0/2.0") {
        return Some(
            "/2.0 twice: a base URL ending in /2.0 joined with paths that start with /2.0",
        );
    }
    // The host alone is a base tools complete with /2.0 themselves (Renovate's `endpoint`).
    if hostname == "api.bitbucket.org"
        && !path.starts_with("/2.0")
        && !path.starts_with(crate::bitbucket::INTERNAL_API)
        && !path.trim_matches('/').is_empty()
    {
        return Some("a path without /2.0");
    }
    let website = crate::bitbucket::is_website(&hostname);
    if website && path.trim_matches('/').is_empty() {
        return Some("the website's address; the API is https://api.bitbucket.org/2.0");
    }
    if website && (path == "/2.0" || path.starts_with("/2.0/")) {
        return Some("/2.0 on the website's host; the API is https://api.bitbucket.org/2.0");
    }
    if scheme.eq_ignore_ascii_case("http") && !loopback {
        return Some("plain http; Bitbucket needs https");
    }
    None
}

/// A request for the website's front page with no credential: a look at whether Bitbucket
/// answers at all (`curl -sI https://bitbucket.org`, `wget --spider …`), not a call to the API
/// with the wrong base. A tool with the website as its base sends paths after it, or a
/// credential.
fn looks_at_the_website(req: &crate::evidence::Request) -> bool {
    let host = crate::bitbucket::host_of(&req.url);
    crate::bitbucket::is_website(&host)
        && path_of(&req.url).trim_matches('/').is_empty()
        && req.auth.is_none()
        && !req.auth_unseen
}

/// Whether a URL on the old `bitbucket.org/api/2.0/…` alias names an endpoint of the API
/// (`/api/2.0/repositories/{workspace}/{repo_slug}/src/…`), beyond the base alone.
fn alias_names_an_endpoint(method: &str, url: &str) -> bool {
    let path = path_of(url).strip_prefix("/api").unwrap_or("");
    // A log line may not say which method it sent.
    let method = if method.is_empty() { "GET" } else { method };
    path.starts_with("/2.0/")
        && path.trim_end_matches('/') != "/2.0"
        && crate::scopes::lookup(method, path).is_some()
}

fn wrong_api_host(ev: &Evidence) -> Option<Match> {
    let mut evidence = Vec::new();
    let mut risks_configured = None;
    // A 404 on the alias for a path the API serves: the file or ref may not be there.
    let mut alias_guess = None;
    // The base in use, when a request the text shows went to it; a URL the text only mentions
    // (in code, in docs) is a risk below, not the cause of a failure.
    let requested = |base: &str| {
        ev.exchanges
            .iter()
            .filter_map(|e| e.request.as_ref())
            .any(|r| r.url.starts_with(base))
    };
    let mentioned = ev
        .api_url
        .as_ref()
        .and_then(|u| Some((u, url_problem(u)?)))
        .filter(|(u, _)| !ev.live && !requested(u));
    if let Some(u) = &ev.api_url
        && let Some(why) = url_problem(u)
        && mentioned.is_none()
    {
        evidence.push(format!("base URL {u}: {why}"));
    }
    if let Some(u) = &ev.api_url
        && u.contains("://bitbucket.org/api/")
        && !alias_names_an_endpoint("GET", u)
        && ev.exchanges.iter().all(|e| e.request.is_none())
        && ev.responses().any(|(_, r)| r.status == 404)
    {
        evidence.push(format!(
            "base URL {u} answered 404; the API is https://api.bitbucket.org/2.0"
        ));
    }
    for e in &ev.exchanges {
        let Some(req) = &e.request else {
            // Bitbucket's error body for the removed API 1.0 names the base without a
            // request: its `detail` is "This API is no longer supported" (X3).
            let v1_body = e
                .response
                .as_ref()
                .and_then(|r| r.detail.as_deref())
                .is_some_and(|d| crate::evidence::contains_ignore_ascii_case(d, API_V1_REMOVED));
            if e.strength >= Strength::Shown && v1_body {
                evidence.push(quote(e));
            }
            continue;
        };
        if e.is_git() {
            continue;
        }
        if let Some(why) = url_problem(&req.url).filter(|_| !looks_at_the_website(req)) {
            evidence.push(format!("{}: {why}", req.url));
        }
        // A removed Issues or Wikis endpoint may answer "no API here" too: it is
        // endpoint-removed, not a wrong host. So may a path under the right base that names
        // no endpoint (`/2.0/repositories/acme//pipelines/`, a variable left empty): the base
        // is not what is wrong there.
        let right_base = crate::bitbucket::host_of(&req.url) == "api.bitbucket.org"
            && url_problem(&req.url).is_none()
            && path_of(&req.url).starts_with("/2.0/");
        if let Some(r) = &e.response
            && ((r.says(NO_API_HERE) && !right_base)
                || r.says(API_V1_REMOVED)
                || r.says("resource removed"))
            && !removed_feature(path_of(&req.url))
        {
            evidence.push(quote(e));
        }
        // The old bitbucket.org/api/… alias has answered (R4-short, 2021); a 404 there says
        // the path is not the API's when it names none of its endpoints (`/api/2.0/projects`).
        // One that does (`…/src/{commit}/{path}`) may be a file or ref that is not there.
        if req.url.contains("://bitbucket.org/api/") && e.status() == Some(404) {
            let line = format!(
                "{}: bitbucket.org/api/… answered 404; the API is https://api.bitbucket.org/2.0",
                req.url
            );
            match alias_names_an_endpoint(&req.method, &req.url) {
                true => alias_guess = Some(line),
                false => evidence.push(line),
            }
        }
    }
    // A tool configured with a base that is not the API's: all its calls fail, so a failure
    // the text shows is this; without one it is a risk.
    if let Some(u) = &ev.configured_api
        && let Some(why) = url_problem(u)
        && evidence.is_empty()
    {
        // What a wrong base gets: no answer, a redirect loop, a web page, "not found". A 401 or
        // 403 is the API refusing a credential, which a base it never reaches cannot give.
        let failed = ev.exchanges.iter().any(|e| {
            e.failure.is_some()
                || e.response.as_ref().is_some_and(|r| {
                    r.is_web_page() || (r.status >= 400 && !matches!(r.status, 401 | 403))
                })
        });
        let line = format!("the tool's API base is set to {u}: {why}");
        match failed {
            true => evidence.push(line),
            false => risks_configured = Some(line),
        }
    }
    // Risks rather than causes. The alias has answered (R4-short, 2021): short of a 404 it
    // is not what failed. R7, the bare 403 "Forbidden", is Bitbucket's answer on a path
    // without /2.0: when the text hides the URL, the base is a suspect.
    let mut risks: Vec<String> = risks_configured.into_iter().chain(alias_guess).collect();
    if let Some((u, why)) = mentioned {
        risks.push(format!("the text names {u}: {why}"));
    }
    if let Some(u) = &ev.api_url
        && u.contains("://bitbucket.org/api/")
        && !ev.responses().any(|(_, r)| r.status == 404)
    {
        risks.push(format!(
            "base URL {u}: the old bitbucket.org/api/… alias, not https://api.bitbucket.org/2.0"
        ));
    }
    let bare_forbidden = ev.responses().find(|(e, r)| {
        r.status == 403
            && r.message.as_deref() == Some("Forbidden")
            && e.request.as_ref().is_none_or(|q| q.url.is_empty())
    });
    if let Some((e, _)) = bare_forbidden {
        risks.push(format!(
            "{}: Bitbucket's answer on a path without /2.0 (the URL is not shown)",
            quote(e)
        ));
    }
    if evidence.is_empty() && risks.is_empty() {
        return None;
    }
    let severity = evidence.is_empty().then_some(Severity::Warning);
    let confirm =
        (bare_forbidden.is_some() && !ev.live).then(|| fix::check_command(ev, examined_kind(ev)));
    evidence.extend(risks);
    Some(Match {
        evidence: evidence_of(evidence),
        command: Some(fix::curl(examined_kind(ev), &fix::url_for(ev, None))),
        severity,
        confirm,
        ..Match::default()
    })
}

const TLS_ERROR: Rule = Rule {
    id: "tls-error",
    severity: Severity::Error,
    title: "The TLS certificate could not be verified",
    explanation: "The connection reached a server whose certificate is not trusted. On company networks \
        this is usually a proxy that intercepts TLS with its own certificate authority; nothing about \
        the credential can be concluded until the connection is trusted.",
    fix: "Add your company's CA certificate to the system trust store (or point SSL_CERT_FILE / \
        GIT_SSL_CAINFO / CURL_CA_BUNDLE at it); do not disable verification.",
    page: include_str!("../../docs/findings/tls-error.md"),
    quiet_when: &[],
    unreachable: true,
    matcher: tls_error,
};

fn tls_error(ev: &Evidence) -> Option<Match> {
    let e = best_shown(
        ev.exchanges
            .iter()
            .filter(|e| matches!(e.failure, Some(Failure::Tls(_)))),
    )?;
    if let Some(m) = beside_an_answer(ev, e) {
        return Some(m);
    }
    Some(Match {
        evidence: vec![quote(e)],
        support: Some(e.strength),
        ..Match::default()
    })
}

/// The best-shown of some failures, the first among equals: a log's title that names no host
/// says less than git's line that names Bitbucket.
fn best_shown<'a>(
    failed: impl Iterator<Item = &'a crate::evidence::Exchange>,
) -> Option<&'a crate::evidence::Exchange> {
    failed.min_by_key(|e| std::cmp::Reverse(e.strength))
}

/// A pasted failure that names no host, in a text where Bitbucket answered: a log of several
/// tools (a package manager's, then the call to Bitbucket), so it is not known to be the way to
/// Bitbucket that failed; a risk beside the answer, not the cause.
fn beside_an_answer(ev: &Evidence, failed: &crate::evidence::Exchange) -> Option<Match> {
    let answered = ev.exchanges.iter().find(|e| e.response.is_some())?;
    (!ev.live && failed.request.is_none()).then(|| Match {
        evidence: vec![
            quote(failed),
            format!("Bitbucket answered: {}", quote(answered)),
        ],
        support: Some(Strength::Inferred),
        severity: Some(Severity::Warning),
        detail: Some(
            "This failure names no host, and Bitbucket answered a request in the same text: it may be another tool's, on the way to another server."
                .to_string(),
        ),
        ..Match::default()
    })
}

/// Pasted requests that timed out on a host that answered another request in the same text:
/// the network reaches it; what took too long is that request (a large page, a slow
/// endpoint), not the way to Bitbucket.
fn slow_answer(ev: &Evidence, failed: &[&crate::evidence::Exchange]) -> Option<Match> {
    let host = |e: &crate::evidence::Exchange| {
        e.request
            .as_ref()
            .map(|q| crate::bitbucket::host_of(&q.url))
    };
    let answered = |h: &Option<String>| {
        ev.exchanges
            .iter()
            .find(|e| e.response.is_some() && e.strength.conclusive() && host(e) == *h)
    };
    if ev.live {
        return None;
    }
    let mut by = None;
    for e in failed {
        let h = host(e);
        if !matches!(e.failure, Some(Failure::Timeout(_))) || h.is_none() {
            return None;
        }
        by = Some(answered(&h)?);
    }
    Some(Match {
        evidence: failed
            .iter()
            .map(|e| quote(e))
            .chain([format!("the same host answered: {}", quote(by?))])
            .collect(),
        support: Some(Strength::Inferred),
        severity: Some(Severity::Warning),
        detail: Some(
            "The same host answered another request in this text, so the network reaches it:              this request took too long (a large page or diff, a slow endpoint). Ask for less              (a smaller `pagelen`, fewer fields) or allow a longer timeout."
                .to_string(),
        ),
        ..Match::default()
    })
}

const NETWORK_ERROR: Rule = Rule {
    id: "network-error",
    severity: Severity::Error,
    title: "Bitbucket could not be reached",
    explanation: "The request failed before any HTTP answer: the name did not resolve, the connection \
        was refused or reset, a proxy failed, or nothing answered in time; or something other than \
        Bitbucket answered in its place (a login page, a redirect to one). Nothing about the \
        credential can be concluded.",
    fix: "Check the URL, your network and proxy settings (HTTPS_PROXY, NO_PROXY), then run the check again.",
    page: include_str!("../../docs/findings/network-error.md"),
    quiet_when: &["ssh-host-moved", "ssh-port-blocked"],
    unreachable: true,
    matcher: network_error,
};

fn network_error(ev: &Evidence) -> Option<Match> {
    let failed: Vec<_> = ev
        .exchanges
        .iter()
        .filter(|e| {
            matches!(
                e.failure,
                Some(
                    Failure::Dns(_)
                        | Failure::Connect(_)
                        | Failure::Timeout(_)
                        | Failure::Proxy(_)
                        | Failure::Other(_)
                )
            )
        })
        .collect();
    let first = best_shown(failed.iter().copied())?;
    // One failure a log tells twice (its line, then the error object) names no host either.
    if failed.iter().all(|e| e.request.is_none())
        && let Some(m) = beside_an_answer(ev, first)
    {
        return Some(m);
    }
    if let Some(m) = slow_answer(ev, &failed) {
        return Some(m);
    }
    // A side probe (`/2.0/user`, the workspace) that failed while the target itself answered
    // is a warning: the verdict rests on the target's answer, not on the helper's failure.
    if let Some(target) = target_answered(ev)
        && failed
            .iter()
            .all(|e| !TARGET_PROBES.contains(&e.probe.as_str()))
    {
        return Some(Match {
            evidence: evidence_of(
                failed
                    .iter()
                    .map(|e| quote(e))
                    .chain([format!("the target answered: {}", quote(target))]),
            ),
            support: Some(first.strength),
            severity: Some(Severity::Warning),
            detail: Some(
                "A side probe got no answer; the target answered, so the verdict rests on \
                 the target's answer."
                    .to_string(),
            ),
            ..Match::default()
        });
    }
    let detail = match &first.failure {
        Some(Failure::Proxy(m)) => Some(format!("{}.", m.trim_end_matches('.'))),
        Some(Failure::Dns(_)) => Some("The host name did not resolve.".to_string()),
        Some(Failure::Timeout(_)) => Some("Nothing answered in time.".to_string()),
        // E.g. a proxy's page in place of the API's answer: the message says what came back.
        Some(Failure::Other(m)) => Some(format!("{}.", m.trim_end_matches('.'))),
        _ => None,
    };
    Some(Match {
        evidence: evidence_of(failed.iter().map(|e| quote(e))),
        support: Some(first.strength),
        detail,
        ..Match::default()
    })
}

const RATE_LIMITED: Rule = Rule {
    id: "rate-limited",
    severity: Severity::Error,
    title: "Bitbucket's rate limit was reached (429)",
    explanation: "Bitbucket counts requests in a rolling hour: anonymous calls per IP address (60 an \
        hour, shared by everything behind the same address), a username with an app password per \
        user, access tokens per token, OAuth per consumer. A 429 says nothing about the \
        credential; a check sends nothing more once it gets one.",
    fix: "Wait for the hourly window to roll over, backing off rather than retrying at once \
        (Bitbucket is not known to send Retry-After).",
    page: include_str!("../../docs/findings/rate-limited.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: rate_limited,
};

fn rate_limited(ev: &Evidence) -> Option<Match> {
    let limited =
        |e: &crate::evidence::Exchange| e.response.as_ref().is_some_and(|r| r.status == 429);
    // The user's own request first: a 429 on bbdoctor's anonymous probe spends only the IP's
    // anonymous allowance, not the user's.
    let e = ev
        .exchanges
        .iter()
        .filter(|e| limited(e))
        .min_by_key(|e| e.auth().is_none())?;
    // Which allowance was spent (S-RATEKB, fact sheet B7).
    // A request whose credential the text does not show (a tool's log) says nothing of it.
    let unseen = e.request.as_ref().is_none_or(|r| r.auth_unseen) && e.auth().is_none();
    let kind = e.auth().map_or(Kind::None, |a| a.kind);
    let allowance = match kind {
        _ if unseen => None,
        Kind::None => Some("the anonymous allowance of your IP address"),
        Kind::AccessToken => Some("this access token's own allowance"),
        Kind::OauthToken => Some("the OAuth consumer's allowance"),
        _ => Some("your user's allowance"),
    };
    let advice = match kind {
        _ if unseen => "",
        Kind::None => " Authenticate: anonymous calls have the smallest allowance.",
        Kind::AccessToken => "",
        _ => " For automation, an access token has an allowance of its own.",
    };
    // Only bbdoctor's own calls were refused (its anonymous probe, a side probe such as
    // /2.0/user); the target answered the credential: a warning, the target decides.
    let side = e.auth().is_none() || !TARGET_PROBES.contains(&e.probe.as_str());
    if ev.live
        && side
        && let Some(target) = target_answered(ev).filter(|t| !limited(t))
    {
        let detail = match e.auth() {
            None => {
                "Only bbdoctor's own call without credentials was refused: your IP \
                     address's anonymous allowance is spent (anything anonymous from this address \
                     will get 429 for a while). Your credential was answered."
            }
            Some(_) => {
                "Only one of bbdoctor's own side calls was refused; the target answered \
                        your credential. Calls like it will get 429 for a while."
            }
        };
        return Some(Match {
            evidence: vec![quote(e), format!("the target answered: {}", quote(target))],
            support: Some(e.strength),
            severity: Some(Severity::Warning),
            detail: Some(detail.to_string()),
            ..Match::default()
        });
    }
    let wait = e
        .response
        .as_ref()
        .and_then(|r| r.header("retry-after"))
        .map(|w| format!(" Bitbucket asked to wait: Retry-After {w}."))
        .unwrap_or_default();
    Some(Match {
        evidence: vec![quote(e)],
        support: Some(origin_support(ev, e)),
        detail: match bitbucket_answered(ev, e) {
            true => allowance.map(|a| format!("The request spent {a}.{advice}{wait}")),
            false => Some(UNKNOWN_ORIGIN.to_string()),
        },
        ..Match::default()
    })
}

const SERVICE_ERROR: Rule = Rule {
    id: "service-error",
    severity: Severity::Error,
    title: "Bitbucket answered with a server error (5xx)",
    explanation: "A 5xx answer is Bitbucket's (or a proxy's) failure, not a verdict on the credential: \
        nothing about authentication can be concluded from it.",
    fix: "Check https://bitbucket.status.atlassian.com and try again later.",
    page: include_str!("../../docs/findings/service-error.md"),
    quiet_when: &[],
    unreachable: true,
    matcher: service_error,
};

fn service_error(ev: &Evidence) -> Option<Match> {
    let (e, _) = ev.responses().find(|(_, r)| r.status >= 500)?;
    // A side probe's 5xx while the target answered: a warning, as for a network failure.
    let side = !TARGET_PROBES.contains(&e.probe.as_str())
        && ev
            .responses()
            .all(|(e, r)| r.status < 500 || !TARGET_PROBES.contains(&e.probe.as_str()));
    if ev.live
        && side
        && let Some(target) = target_answered(ev)
    {
        return Some(Match {
            evidence: vec![quote(e), format!("the target answered: {}", quote(target))],
            support: Some(e.strength),
            severity: Some(Severity::Warning),
            ..Match::default()
        });
    }
    // The server failed on the target, but another probe proved the credential: say so, so
    // that a 503 is not read as "the credential may be wrong" (design.md §1).
    let proven = ev
        .exchanges
        .iter()
        .filter(|o| o.auth().is_some_and(|a| a.kind != Kind::None))
        .find(|o| {
            o.response
                .as_ref()
                .is_some_and(|r| r.is_success() && recognised(r))
        });
    Some(Match {
        evidence: evidence_of(
            std::iter::once(quote(e))
                .chain(proven.map(|p| format!("yet the credential works: {}", quote(p)))),
        ),
        support: Some(origin_support(ev, e)),
        detail: match (proven, bitbucket_answered(ev, e)) {
            (Some(_), _) => Some(
                "The credential works (another request with it succeeded); only this answer \
                 failed on Bitbucket's side."
                    .to_string(),
            ),
            (None, false) => Some(UNKNOWN_ORIGIN.to_string()),
            (None, true) => None,
        },
        ..Match::default()
    })
}

/// A status told without its URL or body: whose it is stays open.
const UNKNOWN_ORIGIN: &str = "The text shows the status but not which server gave it: Bitbucket, \
    a proxy in between, or the tool's own server. The request's URL, or a check, settles it.";

/// How well an answer is known to be Bitbucket's: as shown when the text shows who answered,
/// inferred when only a status is told (any server in the way may have said it).
fn origin_support(ev: &Evidence, e: &crate::evidence::Exchange) -> Strength {
    if bitbucket_answered(ev, e) {
        e.strength
    } else {
        e.strength.min(Strength::Inferred)
    }
}

/// The probes that ask about the target itself; the others (`/2.0/user`, the workspace) only
/// help explain its answer.
const TARGET_PROBES: &[&str] = &["repo", "repo-anon", "git", "endpoint", "repo-fixed"];

/// The target's own answer in a check, when it came (not a 5xx): the probe with the
/// credential, else git's.
fn target_answered(ev: &Evidence) -> Option<&crate::evidence::Exchange> {
    if !ev.live {
        return None;
    }
    ["repo", "git", "endpoint"].iter().find_map(|name| {
        ev.exchanges
            .iter()
            .find(|e| e.probe == *name && e.response.as_ref().is_some_and(|r| r.status < 500))
    })
}

const ENDPOINT_REMOVED: Rule = Rule {
    id: "endpoint-removed",
    severity: Severity::Error,
    title: "The endpoint was retired",
    explanation: "Bitbucket retires API endpoints: the teams API, replaced by workspaces \
        (removed 2021–22), and its cross-workspace endpoints in 2026 (CHANGE-2770): \
        /2.0/workspaces and /2.0/user/permissions/workspaces answer 410 Gone whatever the \
        credential; /2.0/user/permissions/repositories has answered 404 or 410, and the \
        deprecated /2.0/repositories is going the same way.",
    fix: "Use the workspace-scoped replacement named below.",
    page: include_str!("../../docs/findings/endpoint-removed.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: endpoint_removed,
};

/// Retired endpoints and their replacements (S-CHANGE2770, fact sheet B6).
fn replacement(path: &str) -> Option<&'static str> {
    let p = path.split('?').next().unwrap_or(path);
    let p = p.strip_prefix("/api").unwrap_or(p);
    let p = p.strip_prefix("/2.0").unwrap_or(p).trim_end_matches('/');
    match p {
        "/workspaces" | "/user/permissions/workspaces" => {
            Some("GET /2.0/user/workspaces (and /2.0/user/workspaces/{workspace}/permission)")
        }
        "/user/permissions/repositories" => {
            Some("GET /2.0/user/workspaces/{workspace}/permissions/repositories")
        }
        "/repositories" => {
            Some("GET /2.0/repositories/{workspace} (with ?role=member|contributor|admin)")
        }
        _ => None,
    }
}

/// A path of the removed teams API, or of `/2.0/users/{user}/…` that the API no longer serves
/// (it still serves `/2.0/users/{user}`, its SSH and GPG keys, its variables).
fn teams_path(path: &str) -> bool {
    let p = path.split('?').next().unwrap_or(path);
    let p = p.strip_prefix("/api").unwrap_or(p);
    let Some(rest) = p.strip_prefix("/2.0") else {
        return false;
    };
    let rest = rest.trim_end_matches('/');
    let teams = rest == "/teams"
        || rest.starts_with("/teams/")
        || rest.starts_with("/user/permissions/teams");
    let users = rest.starts_with("/users/") && rest.matches('/').count() >= 3;
    (teams || users) && crate::scopes::lookup("GET", &format!("/2.0{rest}")).is_none()
}

/// Bitbucket's answer names the teams API's removal (its link to the teams API group) where
/// the text hides the path.
fn retired_teams(e: &crate::evidence::Exchange) -> bool {
    e.response
        .as_ref()
        .is_some_and(|r| r.says("this endpoint has been removed") && r.says("api-group-teams"))
}

/// An Issues or Wikis endpoint of a repository: removed on 2026-08-20 with no replacement
/// (2026-12 review, row N2, S-ISSUESUNSET; the status they answer is not confirmed, so the path
/// decides, whatever the failure).
fn removed_feature(path: &str) -> bool {
    let p = path.split('?').next().unwrap_or(path);
    let p = p.strip_prefix("/api").unwrap_or(p);
    let p = p.strip_prefix("/2.0").unwrap_or(p);
    let segs: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    matches!(
        segs.as_slice(),
        ["repositories", _, _, "issues" | "wiki", ..]
    )
}

fn endpoint_removed(ev: &Evidence) -> Option<Match> {
    for e in &ev.exchanges {
        let path = e.request.as_ref().map(|r| path_of(&r.url)).unwrap_or("");
        let removed = removed_feature(path);
        // The day a retired path went away.
        let gone_since = match removed {
            true => Some(ISSUES_AND_WIKIS_REMOVED),
            false if teams_path(path) => Some(TEAMS_REMOVED),
            false => replacement(path).map(|_| CHANGE_2770_ENFORCED),
        };
        // Bitbucket's answer for a retired endpoint (X1: 410, or the teams API's 404), not its
        // 410 for a retired app password (X2, `CHANGE-3222`), which says "deprecated" too; a
        // bare 410 Gone on a retired path shows the removal as well, as does Bitbucket's "no
        // API here" (X4) on a retired path.
        let retired_answer = e
            .response
            .as_ref()
            .is_some_and(|r| match crate::bitbucket::said(r) {
                Some(m) if m.row == "X4" => gone_since.is_some() && r.says(NO_API_HERE),
                Some(m) => m.row == "X1" && r.status == m.status,
                None => {
                    r.status == 410
                        && ((r.says("deprecated") && !r.says("app password"))
                            || gone_since.is_some())
                }
            });
        // The path alone decides only once the endpoint is gone: before that date it worked,
        // and a failure there has another cause.
        let retired_path = gone_since.is_some_and(|d| today(ev).as_str() >= d)
            && e.response.as_ref().is_none_or(|r| !r.is_success());
        if retired_answer || retired_path {
            let detail = match removed {
                true => Some(
                    "Bitbucket removed Issues and Wikis, with their API endpoints, on 2026-08-20; \
                     no endpoint replaces them (move issue tracking to Jira or another tracker)."
                        .to_string(),
                ),
                false => replacement(path).map(|r| format!("Use {r} instead.")),
            };
            let detail = detail.or_else(|| {
                (teams_path(path) || retired_teams(e)).then(|| {
                    "Bitbucket replaced its teams API (and most of /2.0/users/{user}/…) with \
                     workspaces: list yours with GET /2.0/user/workspaces, and use the same \
                     paths under /2.0/workspaces/{workspace}/… (GET \
                     /2.0/repositories/{workspace} for its repositories)."
                        .to_string()
                })
            });
            // Refused before the endpoint answered: the credential is the cause, the retired
            // endpoint the next failure.
            let refused_first = !retired_answer
                && e.response
                    .as_ref()
                    .is_some_and(|r| matches!(r.status, 401 | 403));
            // Bitbucket's 410 shows it; the path alone is as sure as the date. What the removed
            // Issues and Wikis answer is not confirmed: pasted, a 404 there is also a tracker
            // or wiki never enabled, or a repository hidden from the caller (a check sees the
            // repository answer).
            let unconfirmed_404 =
                !ev.live && removed && e.response.as_ref().is_some_and(|r| r.status == 404);
            let support = match (retired_answer, unconfirmed_404) {
                (true, _) => e.strength,
                (false, true) => Strength::Inferred,
                (false, false) => e.strength.min(date_known(ev)),
            };
            return Some(Match {
                evidence: vec![quote(e)],
                support: Some(support),
                detail,
                severity: refused_first.then_some(Severity::Warning),
                ..Match::default()
            });
        }
    }
    None
}

const OAUTH_TOKEN_IN_QUERY: Rule = Rule {
    id: "oauth-token-in-query",
    severity: Severity::Error,
    title: "Bitbucket no longer reads a token in the URL",
    explanation: "Since 2026-05-04 (CHANGE-3052) Bitbucket refuses OAuth access tokens given in the \
        query string (?access_token=…) or the POST body: a token goes only in the Authorization \
        header, as Bearer. A token in a URL also ends up in logs and browser history.",
    fix: "Send the token as `Authorization: Bearer …` and drop it from the URL.",
    page: include_str!("../../docs/findings/oauth-token-in-query.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: oauth_token_in_query,
};

/// A request whose query string carries `access_token=` and that Bitbucket did not answer with
/// success (2026-12 review, §1 row "OAuth 2.0 access token" and §2 row "2026-05-04":
/// CHANGE-3052, 401 since 2026-05-04, S-OAUTH2026, oauth2-proxy#3428).
fn oauth_token_in_query(ev: &Evidence) -> Option<Match> {
    // Before CHANGE-3052 the token in the URL was read: a failure then has another cause.
    if today(ev).as_str() < QUERY_TOKEN_REFUSED {
        return None;
    }
    let e = ev.exchanges.iter().find(|e| {
        let Some(req) = &e.request else { return false };
        let query = req.url.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .any(|p| p.to_ascii_lowercase().starts_with("access_token="))
            && e.response.as_ref().is_none_or(|r| !r.is_success())
    })?;
    let url = e
        .request
        .as_ref()
        .map(|r| without_query_token(&r.url))
        .unwrap_or_default();
    Some(Match {
        evidence: vec![quote(e)],
        command: Some(format!(
            "curl -H \"Authorization: Bearer $BITBUCKET_ACCESS_TOKEN\" \"{url}\""
        )),
        support: Some(e.strength.min(date_known(ev))),
        ..Match::default()
    })
}

/// The URL without its `access_token` parameter (and its `?` when nothing else is left).
fn without_query_token(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.to_ascii_lowercase().starts_with("access_token="))
        .collect();
    match kept.is_empty() {
        true => base.to_string(),
        false => format!("{base}?{}", kept.join("&")),
    }
}

const MISSING_AUTH_SCHEME: Rule = Rule {
    id: "missing-auth-scheme",
    severity: Severity::Error,
    title: "The Authorization header has no scheme word",
    explanation: "`Authorization: <token>` lacks `Bearer` or `Basic`, so it is not a credential Bitbucket \
        knows, and the call is treated as anonymous: public repositories still answer, private ones \
        answer 404 as if they did not exist.",
    fix: "Put the scheme word before the token: an API token goes in Basic auth with your account \
        email (`curl -u EMAIL:TOKEN`), an access token after `Bearer `.",
    page: include_str!("../../docs/findings/missing-auth-scheme.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: missing_auth_scheme,
};

fn missing_auth_scheme(ev: &Evidence) -> Option<Match> {
    let auth = auths(ev).find(|a| a.scheme.is_none())?;
    let mut evidence = vec![format!(
        "Authorization: {} (no Bearer or Basic)",
        auth.redacted
    )];
    evidence.extend(exchanges_of(ev, auth).map(quote));
    Some(Match {
        support: Some(auth.form_strength),
        evidence: evidence_of(evidence),
        command: Some(fix::curl(auth.kind, &fix::url_for(ev, None))),
        header: shown_header(auth),
        ..Match::default()
    })
}

const SCHEME_CASE: Rule = Rule {
    id: "scheme-case",
    severity: Severity::Error,
    title: "The scheme word is not written `Bearer` / `Basic`",
    explanation: "Bitbucket has refused `bearer` in lower case, and knows no other \
        words such as `Token`: the credential is then rejected or ignored, and only public data \
        answers. Write the scheme exactly as `Bearer` or `Basic`.",
    fix: "Write `Bearer` (or `Basic`) with a capital B.",
    page: include_str!("../../docs/findings/scheme-case.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: scheme_case,
};

fn scheme_case(ev: &Evidence) -> Option<Match> {
    // A header shown, or the credential a post describes as sent with `bearer` in lower case.
    let auth = auths(ev).find(|a| a.scheme_miscased())?;
    let mut evidence = vec![header_line(auth)];
    evidence.extend(exchanges_of(ev, auth).map(quote));
    let tolerated = recognised_anywhere(ev, auth);
    // Every call with it went through: no failure for it to explain.
    let mut calls = exchanges_of(ev, auth).peekable();
    let went_through = calls.peek().is_some() && calls.all(|e| e.status().is_some_and(|s| s < 400));
    // The A/B probe: the same secret with the canonical scheme word.
    if let Some(e) = ev.probe("repo-fixed").or(ev.probe("user-fixed"))
        && e.response.as_ref().is_some_and(super::look::recognised)
    {
        evidence.push(format!("with the scheme written correctly: {}", quote(e)));
    }
    let scheme = auth.scheme.as_deref().unwrap_or("");
    let canonical = if scheme.eq_ignore_ascii_case("basic") || auth.login.is_some() {
        "Basic"
    } else {
        "Bearer"
    };
    let secret = &auth.secret_redacted;
    // The scheme word as written is what matters, whatever the kind.
    Some(Match {
        support: Some(auth.form_strength),
        evidence: evidence_of(evidence),
        // A token of unknown kind sent as Bearer is one of the Bearer kinds: keep the scheme.
        command: Some(fix::curl(
            match auth.kind {
                Kind::Unknown if canonical == "Bearer" => Kind::AccessToken,
                kind => kind,
            },
            &fix::url_for(ev, None),
        )),
        header: Some((
            format!("Authorization: {}", auth.redacted),
            format!("Authorization: {canonical} {secret}"),
        )),
        severity: (tolerated || went_through).then_some(Severity::Warning),
        detail: match (tolerated, went_through) {
            (true, _) => Some(
                "Bitbucket accepted it this time, but has refused it before; write it \
                 canonically."
                    .to_string(),
            ),
            // No failure to explain: a public repository answers even with the credential
            // ignored.
            (false, true) => Some(
                "The request went through, which a public repository does even when the \
                 credential is ignored; write it canonically."
                    .to_string(),
            ),
            _ => None,
        },
        ..Match::default()
    })
}

const API_TOKEN_AS_BEARER: Rule = Rule {
    id: "api-token-as-bearer",
    severity: Severity::Error,
    title: "An Atlassian API token was sent as Bearer",
    explanation: "API tokens go in HTTP Basic auth, with your Atlassian account email as the username \
        and the token as the password. Sent as `Bearer`, Bitbucket answers 401 \"Token is invalid, \
        expired, or not supported for this endpoint.\"",
    fix: "Use Basic auth: your Atlassian account email and the API token.",
    page: include_str!("../../docs/findings/api-token-as-bearer.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: api_token_as_bearer,
};

fn api_token_as_bearer(ev: &Evidence) -> Option<Match> {
    // A header shown, or the credential the post describes: one path, its support the kind's
    // and the scheme's, as well as the text tells them.
    let auth = auths(ev).find(|a| a.kind == Kind::ApiToken && a.scheme_is("bearer"))?;
    // Bitbucket refuses an API token sent as Bearer. When only words make it one ("the Stripe
    // API key", a variable's name), a call the text shows going through with this very header
    // says it is some other token.
    if auth.kind_strength < Strength::Shown
        && exchanges_of(ev, auth).any(|e| {
            e.strength >= Strength::Shown && e.response.as_ref().is_some_and(|r| r.is_success())
        })
    {
        return None;
    }
    let mut evidence = vec![header_line(auth)];
    evidence.extend(exchanges_of(ev, auth).map(quote));
    if let Some(e) = ev.probe("repo-fixed")
        && e.response.as_ref().is_some_and(recognised)
    {
        evidence.push(format!("as Basic with the email: {}", quote(e)));
    }
    // Bearer for API tokens is claimed by some (backstage#35566) but NOT CONFIRMED: when
    // Bitbucket accepts it, say so and keep the documented form as the advice.
    let tolerated = recognised_anywhere(ev, auth);
    // A token the post says has no scopes fails in every form: the scheme is a second mistake.
    let scopeless = !ev.live && ev.claimed(&Claim::NoScopes);
    let detail = if tolerated {
        Some("Bitbucket accepted it this time; Basic with the email is the documented form.")
    } else if scopeless {
        Some("The token has no scopes, so every form fails; as Bearer it fails even with scopes.")
    } else {
        None
    };
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(auth.form_known()),
        command: Some(fix::curl(Kind::ApiToken, &fix::url_for(ev, None))),
        header: shown_header(auth),
        severity: (tolerated || scopeless).then_some(Severity::Warning),
        detail: detail.map(String::from),
        ..Match::default()
    })
}

const ACCESS_TOKEN_AS_BASIC: Rule = Rule {
    id: "access-token-as-basic",
    severity: Severity::Error,
    title: "An access token sent as Basic to the REST API",
    explanation: "Repository, project and workspace access tokens (and OAuth access tokens) are Bearer \
        tokens for the REST API: `Authorization: Bearer <token>`. Only git takes them in Basic auth, \
        with the username `x-token-auth`.",
    fix: "Send the token as `Authorization: Bearer`.",
    page: include_str!("../../docs/findings/access-token-as-basic.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: access_token_as_basic,
};

fn access_token_as_basic(ev: &Evidence) -> Option<Match> {
    let is_case = |a: &crate::evidence::SentAuth| {
        a.kind == Kind::AccessToken && a.scheme_is("basic") && !recognised_anywhere(ev, a)
    };
    // git takes access tokens in Basic auth: only REST requests (or a bare credential) count.
    let auth = with_auth(ev)
        .find(|(e, a)| !e.is_git() && is_case(a))
        .map(|(_, a)| a)
        .or_else(|| {
            ev.credential
                .as_ref()
                .filter(|a| is_case(a) && ev.exchanges.is_empty())
        })?;
    let mut evidence = vec![header_line(auth)];
    evidence.extend(exchanges_of(ev, auth).filter(|e| !e.is_git()).map(quote));
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(auth.form_known()),
        command: Some(fix::curl(Kind::AccessToken, &fix::url_for(ev, None))),
        header: shown_header(auth),
        ..Match::default()
    })
}

const API_TOKEN_WITHOUT_SCOPES: Rule = Rule {
    id: "api-token-without-scopes",
    severity: Severity::Error,
    title: "The API token has no scopes",
    explanation: "Bitbucket accepts only API tokens created *with scopes* for the REST API and git. A \
        token made with plain \"Create API token\" has none and is refused with \"Token is invalid, \
        expired, or not supported for this endpoint.\" even in correct Basic auth.",
    fix: "Create a new token with \"Create API token with scopes\", app Bitbucket, and the scopes you need.",
    page: include_str!("../../docs/findings/api-token-without-scopes.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: api_token_without_scopes,
};

fn api_token_without_scopes(ev: &Evidence) -> Option<Match> {
    // The post says the token has no scopes, and Bitbucket refused it (REST or git).
    if ev.claimed(&Claim::NoScopes) && names_kind(ev, Kind::ApiToken) {
        let refused = ev
            .responses()
            .find(|(_, r)| matches!(r.status, 401 | 403 | 404));
        if refused.is_some() || !ev.responses().any(|(_, r)| r.is_success()) {
            return Some(Match {
                evidence: evidence_of(
                    refused
                        .map(|(e, _)| quote(e))
                        .into_iter()
                        .chain(["the post says the API token has no scopes".to_string()]),
                ),
                support: Some(claim_strength(Claim::NoScopes)),
                command: Some(fix::create_token_hint(Kind::ApiToken).to_string()),
                ..Match::default()
            });
        }
    }
    // R3 in answer to a correct Basic email:token (S-THEODORA, avivsinai/bitbucket-cli#30).
    let (e, a) = with_auth(ev).find(|(e, a)| {
        let Some(r) = e.response.as_ref() else {
            return false;
        };
        a.kind == Kind::ApiToken
            && a.scheme_is("basic")
            && a.login_form() == Some(LoginForm::Email)
            && !e.is_git()
            && r.status == 401
            && r.says(TOKEN_REFUSED)
    })?;
    Some(Match {
        support: Some(a.form_known().min(e.strength)),
        evidence: vec![
            quote(e),
            "a correct Basic email:token answered with the Bearer-style refusal".to_string(),
        ],
        command: Some(fix::create_token_hint(Kind::ApiToken).to_string()),
        ..Match::default()
    })
}

const APP_PASSWORD_RETIRED: Rule = Rule {
    id: "app-password-retired",
    severity: Severity::Error,
    title: "App passwords are retired",
    explanation: "Bitbucket stopped creating app passwords on 2025-09-09 and removed them on \
        2026-07-28 (after brownouts from 2026-06-09): REST answers 401, git 401 or 410 \
        \"CHANGE-3222\". Replace the app password with an API token with scopes.",
    fix: "Create an API token with scopes and use it with your Atlassian account email (REST) or \
        x-bitbucket-api-token-auth (git).",
    page: include_str!("../../docs/findings/app-password-retired.md"),
    quiet_when: &["account-password", "api-token-without-scopes"],
    unreachable: false,
    matcher: app_password_retired,
};

fn app_password_retired(ev: &Evidence) -> Option<Match> {
    let today = today(ev);
    // X2: Bitbucket itself says the credential is a retired app password.
    // Since the brownouts git over HTTPS answers an app password 410 ("All Git-over-HTTPS
    // operations authenticated using app passwords will fail with an HTTP 410 error code"),
    // and no other credential so: git's 410 alone says which kind was sent, and that it was
    // after 2026-06-09, unless the text is dated before.
    let dated_before = ev
        .today
        .as_deref()
        .is_some_and(|d| d < APP_PASSWORD_BROWNOUTS);
    let gone = ev.responses().find(|(e, r)| {
        r.says(APP_PASSWORD_GONE)
                || r.says("change-3222")
                // X2 in other words ("App passwords are deprecated. Use API tokens instead.")
                || (r.status == 410 && r.says("app password"))
                || (r.status == 410
                    && e.is_git()
                    && !dated_before
                    && git_url_shown(e)
                    && crate::bitbucket::said(r).is_none())
    });
    if examined_kind(ev) != Kind::AppPassword && gone.is_none() {
        return None;
    }
    let removed = today.as_str() >= APP_PASSWORDS_REMOVED;
    // In the brownouts an app password fails in windows, git's with 410, which nothing else
    // answers: a 410 then is a window, not a warning of one to come.
    let in_window =
        today.as_str() >= APP_PASSWORD_BROWNOUTS && ev.responses().any(|(_, r)| r.status == 410);
    let mut evidence = vec![format!("the credential is an app password (date: {today})")];
    evidence.extend(gone.map(|(e, _)| quote(e)));
    evidence.extend(
        with_auth(ev)
            .filter(|(_, a)| a.kind == Kind::AppPassword)
            .map(|(e, _)| quote(e)),
    );
    let severity = if removed || gone.is_some() || in_window {
        None
    } else {
        Some(Severity::Warning)
    };
    // Bitbucket's own words settle it; else the kind and the date, as well as they are known
    // (a post that shows no date may be from the years app passwords worked).
    let support = gone.map_or(examined(ev).1.min(date_known(ev)), |(e, r)| {
        // git's status alone, against a kind the text names (an API token, whatever was
        // really configured): one of the two is wrong, which the status does not say.
        let status_only = r.message.is_none() || crate::bitbucket::said(r).is_none();
        let named_other = !matches!(
            examined_kind(ev),
            Kind::AppPassword | Kind::Unknown | Kind::None
        );
        match status_only && !r.says(APP_PASSWORD_GONE) && named_other {
            true => e.strength.min(Strength::Inferred),
            false => e.strength,
        }
    });
    let detail = (!removed && gone.is_none() && !in_window).then(|| {
        if today.as_str() >= APP_PASSWORD_BROWNOUTS {
            "Brownouts are under way: it fails at times now and stops working on 2026-07-28."
        } else {
            "It still works, but stops working on 2026-07-28."
        }
        .to_string()
    });
    Some(Match {
        evidence: evidence_of(evidence),
        command: Some(format!(
            "{}\n{}",
            fix::create_token_hint(Kind::ApiToken),
            fix::curl(Kind::ApiToken, &fix::url_for(ev, None))
        )),
        severity,
        detail,
        support: Some(support),
        ..Match::default()
    })
}

/// git's request with the repository's URL as the text shows it, not one assumed for a git
/// command whose remote it does not show (`git ls-remote origin`).
fn git_url_shown(e: &crate::evidence::Exchange) -> bool {
    e.request.as_ref().is_some_and(|q| !q.url.contains('{'))
}

const APP_PASSWORD_WITH_EMAIL: Rule = Rule {
    id: "app-password-with-email",
    severity: Severity::Error,
    title: "An app password was used with an email address",
    explanation: "App passwords work only with the Bitbucket username (Personal settings → Account \
        settings), never with the Atlassian account email or the app password's label.",
    fix: "Replace the app password with an API token (REST login: your account email); until \
        2026-07-28 an app password worked only with the Bitbucket username.",
    page: include_str!("../../docs/findings/app-password-with-email.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: app_password_with_email,
};

fn app_password_with_email(ev: &Evidence) -> Option<Match> {
    let a = auths(ev).find(|a| {
        a.kind == Kind::AppPassword
            && a.login_form() == Some(LoginForm::Email)
            && !recognised_anywhere(ev, a)
    })?;
    // Since app passwords were removed, no login makes one work: the removal is the cause. With
    // the date only assumed, which of the two it is, is a guess.
    let removed = today(ev).as_str() >= APP_PASSWORDS_REMOVED;
    if removed && date_known(ev).conclusive() {
        return None;
    }
    let support = match removed {
        true => a.form_known().min(date_known(ev)),
        false => a.form_known(),
    };
    let mut evidence = vec![header_line(a)];
    evidence.extend(exchanges_of(ev, a).map(quote));
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(support),
        command: Some(format!(
            "{}\n{}",
            fix::create_token_hint(Kind::ApiToken),
            fix::curl(Kind::ApiToken, &fix::url_for(ev, None))
        )),
        ..Match::default()
    })
}

const API_TOKEN_WITH_USERNAME: Rule = Rule {
    id: "api-token-with-username",
    severity: Severity::Error,
    title: "An API token used with a username, not the email",
    explanation: "For the REST API, an API token's Basic-auth username must be your Atlassian account \
        email. The Bitbucket username or the token's name do not work (401 \"Login failed due to \
        incorrect login credentials or method.\"). Git is different: it takes the Bitbucket \
        username or x-bitbucket-api-token-auth.",
    fix: "Use your Atlassian account email as the username.",
    page: include_str!("../../docs/findings/api-token-with-username.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: api_token_with_username,
};

fn api_token_with_username(ev: &Evidence) -> Option<Match> {
    let (e, a) = with_auth(ev).find(|(e, a)| {
        !e.is_git()
            && a.kind == Kind::ApiToken
            && a.scheme_is("basic")
            && matches!(
                a.login_form(),
                Some(
                    LoginForm::Username
                        | LoginForm::TokenAuth
                        | LoginForm::ApiTokenAuth
                        | LoginForm::Empty
                )
            )
            && !recognised_anywhere(ev, a)
    })?;
    let mut evidence = vec![header_line(a)];
    if a.login_form() == Some(LoginForm::Empty) {
        evidence.push("the login before the token is empty".to_string());
    }
    evidence.extend(exchanges_of(ev, a).filter(|e| !e.is_git()).map(quote));
    // Stored for git, where this username is right: only the REST API needs the email.
    let git_accepts =
        ev.provenance.git.is_some() && ev.answer("git").is_some_and(|r| r.is_success());
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(a.form_known().min(a.login_known()).min(e.strength)),
        command: Some(fix::curl(Kind::ApiToken, &fix::url_for(ev, None))),
        severity: git_accepts.then_some(Severity::Warning),
        detail: git_accepts.then(|| {
            "git accepts this credential as stored; only the REST API needs the account email \
             as the username."
                .to_string()
        }),
        header: (!a.described).then(|| {
            let (sent, _) = fix::header_pair(a);
            (
                sent,
                format!(
                    "Authorization: Basic base64($BITBUCKET_EMAIL:{})",
                    a.secret_redacted
                ),
            )
        }),
        ..Match::default()
    })
}

const ACCOUNT_PASSWORD: Rule = Rule {
    id: "account-password",
    severity: Severity::Error,
    title: "The Atlassian account password was used",
    explanation: "Bitbucket Cloud stopped accepting account passwords for the REST API and git on \
        2022-03-01. Use an API token with scopes instead.",
    fix: "Create an API token with scopes and use it with your account email.",
    page: include_str!("../../docs/findings/account-password.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: account_password,
};

fn account_password(ev: &Evidence) -> Option<Match> {
    let said = ev.responses().find(|(_, r)| r.says(SAYS_ACCOUNT_PASSWORD));
    let by_kind = with_auth(ev)
        .find(|(e, a)| a.kind == Kind::AccountPassword && e.response.as_ref().is_some_and(refused));
    // X6, X7: Bitbucket asked for an app password in place of the password sent; the SSO or
    // two-step requirement (its own rule) is why it was refused then.
    let instead = ev.responses().find(|(_, r)| r.says(USE_APP_PASSWORD));
    if said.is_none() && by_kind.is_none() {
        let (e, _) = instead?;
        return Some(Match {
            evidence: vec![
                quote(e),
                "Bitbucket asks for an app password in place of the account password".into(),
            ],
            support: Some(e.strength),
            command: Some(fix::create_token_hint(Kind::ApiToken).to_string()),
            severity: Some(Severity::Warning),
            ..Match::default()
        });
    }
    let mut evidence: Vec<String> = said.iter().map(|(e, _)| quote(e)).collect();
    evidence.extend(by_kind.map(|(e, _)| quote(e)));
    let support = match (said, by_kind) {
        (Some((e, _)), _) => e.strength,
        (_, Some((e, a))) => a.kind_strength.min(e.strength),
        (None, None) => return None,
    };
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(support),
        command: Some(format!(
            "{}\n{}",
            fix::create_token_hint(Kind::ApiToken),
            fix::curl(Kind::ApiToken, &fix::url_for(ev, None))
        )),
        confirm: (said.is_none()).then(|| fix::check_command(ev, Kind::ApiToken)),
        // R12: the password's refusals locked the account; signing in, to create the token,
        // is what unlocks it.
        detail: ev.responses().any(|(_, r)| r.says(LOCKED)).then(|| {
            "The refused passwords have locked the account: signing in at \
             https://id.atlassian.com (to create the API token) unlocks it. Stop every client \
             still sending the password first, or it locks again."
                .into()
        }),
        ..Match::default()
    })
}

const TOKEN_EXPIRED: Rule = Rule {
    id: "token-expired",
    severity: Severity::Error,
    title: "The OAuth access token has expired",
    explanation: "OAuth access tokens live for `expires_in` seconds (about an hour, two in older \
        answers). Bitbucket then answers 401 \"Access token expired.\"",
    fix: "Use the refresh token: POST https://bitbucket.org/site/oauth2/access_token with \
        grant_type=refresh_token, and refresh before expires_in runs out.",
    page: include_str!("../../docs/findings/token-expired.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: token_expired,
};

fn token_expired(ev: &Evidence) -> Option<Match> {
    let (e, _) = ev
        .responses()
        .find(|(_, r)| r.status == 401 && r.says(SAYS_TOKEN_EXPIRED))?;
    // The token endpoint refused the client in the text (a rotated consumer secret, a refresh
    // token already used or never issued): why the token it sent had expired is that refusal,
    // and "use the refresh token" is what just failed. (A grant that went through, hours
    // before, leaves the expiry the answer.)
    let refreshes = ev.exchanges.iter().any(|x| {
        let endpoint = x
            .request
            .as_ref()
            .is_some_and(|q| q.url.contains("/site/oauth2/access_token"));
        x.response.as_ref().is_some_and(|r| {
            (endpoint && r.status >= 400)
                || crate::bitbucket::MESSAGES
                    .iter()
                    .filter(|m| crate::bitbucket::from_token_endpoint(m))
                    .any(|m| r.says(m.needle))
        })
    });
    Some(Match {
        evidence: vec![quote(e)],
        support: Some(match refreshes {
            true => e.strength.min(Strength::Inferred),
            false => e.strength,
        }),
        command: Some(
            "curl -X POST -u \"$OAUTH_KEY:$OAUTH_SECRET\" https://bitbucket.org/site/oauth2/access_token \\\n  -d grant_type=refresh_token -d refresh_token=\"$BITBUCKET_REFRESH_TOKEN\"".to_string(),
        ),
        ..Match::default()
    })
}

const TWO_STEP_OR_SSO: Rule = Rule {
    id: "two-step-or-sso",
    severity: Severity::Error,
    title: "Two-step verification or SSO is required",
    explanation: "The workspace requires two-step verification and this account does not have it: git \
        answers 403 \"To access this repository, enable two-step authentication.\" (Older answers \
        asked accounts with 2SV or single sign-on to use app passwords, which are now removed.)",
    fix: "Turn on two-step verification for the Atlassian account, then try again with an API \
        token with scopes.",
    page: include_str!("../../docs/findings/two-step-or-sso.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: two_step_or_sso,
};

fn two_step_or_sso(ev: &Evidence) -> Option<Match> {
    if let Some((e, _)) = ev
        .responses()
        .find(|(_, r)| TWO_STEP.iter().any(|m| r.says(m)))
    {
        return Some(Match {
            evidence: vec![quote(e)],
            support: Some(e.strength),
            ..Match::default()
        });
    }
    // The post ties a refusal to two-step verification or SSO just turned on, and names no
    // credential those leave working (an API token, an app password, an access token): the
    // account password it used stopped working (fork#1184, bitbucket-backup#47).
    let claim = [Claim::TwoStep, Claim::Sso]
        .into_iter()
        .find(|c| ev.claimed(c))?;
    let refused = ev.responses().find(|(_, r)| matches!(r.status, 401 | 403));
    let password = matches!(
        examined_kind(ev),
        Kind::AccountPassword | Kind::Unknown | Kind::None
    );
    if ev.live || !password || ev.responses().any(|(_, r)| r.is_success()) {
        return None;
    }
    let (e, _) = refused?;
    Some(Match {
        evidence: vec![
            "the post ties the refusal to two-step verification or single sign-on".to_string(),
            quote(e),
        ],
        confirm: Some(fix::check_command(ev, examined_kind(ev))),
        support: Some(claim_strength(claim).min(e.strength)),
        ..Match::default()
    })
}

const IP_NOT_ALLOWED: Rule = Rule {
    id: "ip-not-allowed",
    severity: Severity::Error,
    title: "The workspace's IP allowlist refuses this address",
    explanation: "The workspace allows access only from listed IP addresses; git answers 403 \"To access \
        this repository, an admin must whitelist your IP.\" The credential may be fine.",
    fix: "Ask a workspace admin to add your public IP (or your CI's egress range) to the \
        workspace's IP allowlist.",
    page: include_str!("../../docs/findings/ip-not-allowed.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: ip_not_allowed,
};

fn ip_not_allowed(ev: &Evidence) -> Option<Match> {
    if let Some((e, _)) = ev
        .responses()
        .find(|(_, r)| r.status == 403 && IP_DENIED.iter().any(|m| r.says(m)))
    {
        return Some(Match {
            evidence: vec![quote(e)],
            support: Some(e.strength),
            ..Match::default()
        });
    }
    // The post ties the failure to the workspace's IP allowlist.
    if ev.live || !ev.claimed(&Claim::IpAllowlist) || ev.responses().any(|(_, r)| r.is_success()) {
        return None;
    }
    Some(Match {
        evidence: evidence_of(
            std::iter::once("the post ties the failure to an IP allowlist".to_string())
                .chain(ev.responses().map(|(e, _)| quote(e))),
        ),
        confirm: Some(fix::check_command(ev, examined_kind(ev))),
        support: Some(claim_strength(Claim::IpAllowlist)),
        ..Match::default()
    })
}

const GIT_HTTPS_USERNAME: Rule = Rule {
    id: "git-https-username",
    severity: Severity::Error,
    title: "git over HTTPS uses the wrong username",
    explanation: "Over HTTPS, git's username depends on the credential: API tokens take the Bitbucket \
        username or `x-bitbucket-api-token-auth` (git refuses the email); access and OAuth tokens \
        take `x-token-auth`; app passwords took the Bitbucket username.",
    fix: "Put the right username in the clone URL and clear the stored credential.",
    page: include_str!("../../docs/findings/git-https-username.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: git_https_username,
};

/// A login shown sent over git that git takes with no kind of credential (the account email).
fn refused_login(a: &crate::evidence::SentAuth) -> bool {
    a.login_known() == Strength::Shown
        && !a.described
        && a.login_form()
            .is_some_and(crate::bitbucket::git_refuses_login)
}

fn git_https_username(ev: &Evidence) -> Option<Match> {
    // The post: an access token over git with some username other than x-token-auth.
    let said = !ev.live
        && ev.claimed(&Claim::Git)
        && examined_kind(ev) == Kind::AccessToken
        && ev.claimed(&Claim::LoginIsUsername)
        && !ev.responses().any(|(e, r)| e.is_git() && r.is_success());
    if said && !with_auth(ev).any(|(e, a)| e.is_git() && !form_ok(a, true)) {
        return Some(Match {
            evidence: vec![
                "the post sends an access token over git with a username other than x-token-auth"
                    .into(),
            ],
            command: Some(format!(
                "git remote set-url origin {}",
                fix::clone_url(ev, Kind::AccessToken, None)
            )),
            confirm: Some(fix::check_command(ev, Kind::AccessToken)),
            support: Some(claim_strength(Claim::LoginIsUsername)),
            ..Match::default()
        });
    }
    // A URL git keeps (a remote, the credential store) with nothing come back to it: the
    // cause of a failure only when the failure the text shows can be its. A git command that
    // failed on another repository, or one refused after authentication, or an SSH clone
    // that was denied, did not send it.
    let repository = |x: &crate::evidence::Exchange| {
        x.request
            .as_ref()
            .and_then(|q| crate::target::Target::of_url(&q.url))
            .map(|t| {
                (
                    t.workspace.to_ascii_lowercase(),
                    t.repo.to_ascii_lowercase(),
                )
            })
    };
    let stored_only = |x: &crate::evidence::Exchange| x.response.is_none() && x.failure.is_none();
    // A stored URL of a host or a workspace (`https://…@bitbucket.org/acme/`) is given for
    // the repositories under it.
    let names_a_repository = |x: &crate::evidence::Exchange| {
        git_url_shown(x)
            && x.request.as_ref().is_some_and(|q| {
                let path = path_of(&q.url);
                let repo = path.find(".git").map_or("", |end| &path[..end]);
                repo.trim_matches('/').contains('/')
            })
    };
    let failed_without = |stored: &crate::evidence::Exchange| {
        let ran: Vec<_> = ev
            .exchanges
            .iter()
            .filter(|o| o.is_git() && !stored_only(o))
            .collect();
        if ran.is_empty() {
            return ev.ssh.as_ref().is_some_and(|s| s.denied.is_some());
        }
        ran.iter().all(|o| {
            let elsewhere = names_a_repository(stored) && repository(o) != repository(stored);
            let past_auth = o
                .response
                .as_ref()
                .is_some_and(|r| r.body.starts_with(crate::explain::REFUSED_PUSH));
            elsewhere || past_auth
        })
    };
    let (e, a) = with_auth(ev).find(|(e, a)| {
        e.is_git()
            && !(stored_only(e) && failed_without(e))
            && a.login.is_some()
            && a.defects.is_empty()
            && a.scheme_is("basic")
            && (refused_login(a)
                || (!form_ok(a, true) && !matches!(a.kind, Kind::Unknown | Kind::AccountPassword)))
            && e.response.as_ref().is_none_or(|r| !r.is_success())
    })?;
    // A login git takes with no credential: its fix is the one for the kind the text names,
    // else for the credential Bitbucket offers today.
    let kind = match (a.kind, examined_kind(ev)) {
        (Kind::Unknown, k) if crate::bitbucket::form(k, true).is_some() => k,
        (Kind::Unknown, _) => Kind::ApiToken,
        (k, _) => k,
    };
    let username = ev
        .responses()
        .find_map(|(_, r)| r.account.as_ref()?.username.clone());
    let url = fix::clone_url(ev, kind, None);
    // A login git takes with no kind: wrong whatever the secret is, as surely as it is shown.
    let any_kind = refused_login(a);
    let mut evidence = vec![match any_kind {
        true => format!(
            "git sent the username {:?}: git over HTTPS takes no email as its username, \
             whatever the credential",
            a.login.as_deref().unwrap_or("")
        ),
        false => format!(
            "git sent the username {:?} with {}",
            a.login.as_deref().unwrap_or(""),
            kind.describe()
        ),
    }];
    evidence.push(quote(e));
    evidence.extend(helper_note(ev, e));
    if let Some(fixed) = ev.probe("git-fixed") {
        evidence.push(format!("with the right username: {}", quote(fixed)));
    }
    let alt = match (kind, username) {
        (Kind::ApiToken, Some(u)) => {
            format!("   # or your Bitbucket username ({u}) in place of {API_TOKEN_GIT_USER}")
        }
        _ => String::new(),
    };
    let mut command = fix::git_steps(ev, kind, None);
    if !alt.is_empty() {
        command = command.replacen(&url, &format!("{url}{alt}"), 1);
    }
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(match any_kind {
            true => a.form_strength.min(e.strength),
            false => a.form_known().min(e.strength),
        }),
        command: Some(command),
        ..Match::default()
    })
}

const API_TOKEN_WRONG_EMAIL: Rule = Rule {
    id: "api-token-wrong-email",
    severity: Severity::Error,
    title: "The API token is valid, but not with this email",
    explanation: "Bitbucket accepted the API token where it needs no email (git with the username \
        x-bitbucket-api-token-auth, or another request), and refused it in Basic auth with the \
        email given: the token is fine, the email is wrong (a typo, or another account's email).",
    fix: "Send the token with the email of the Atlassian account that created it (shown at \
        https://id.atlassian.com/manage-profile/email).",
    page: include_str!("../../docs/findings/api-token-wrong-email.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: api_token_wrong_email,
};

/// An API token in Basic auth with an email, refused on REST (R1/R3), while a request that
/// carried the same token without that email worked: git with `x-bitbucket-api-token-auth`
/// (fact sheet §4.2 G1: the documented git username for API tokens) or Basic with another
/// login. design.md §1: a credential one probe accepts is not "invalid" because another
/// refused it.
fn api_token_wrong_email(ev: &Evidence) -> Option<Match> {
    // Only a check knows both requests carried the same token: a paste masks it.
    if !ev.live {
        return None;
    }
    let (e, a) = with_auth(ev).find(|(e, a)| {
        a.kind == Kind::ApiToken
            && !e.is_git()
            && a.scheme_is("basic")
            && a.login
                .as_deref()
                .is_some_and(|l| LoginForm::of(l) == LoginForm::Email)
            && a.defects.is_empty()
            && e.response.as_ref().is_some_and(|r| r.status == 401)
    })?;
    let (ok, _) = with_auth(ev).find(|(o, b)| {
        b.kind == Kind::ApiToken
            && b.secret_redacted == a.secret_redacted
            && b.login != a.login
            && o.response.as_ref().is_some_and(|r| r.is_success())
            && (o.is_git() || o.response.as_ref().is_some_and(recognised))
    })?;
    Some(Match {
        evidence: vec![
            quote(e),
            format!("yet the same token works without that email: {}", quote(ok)),
        ],
        detail: Some(
            "The email sent with the token is not the one of the account that created it \
             (compare it letter by letter: the credential line above shows it as sent)."
                .into(),
        ),
        command: Some(fix::curl(Kind::ApiToken, &fix::url_for(ev, None))),
        support: Some(a.form_known().min(e.strength).min(ok.strength)),
        ..Match::default()
    })
}

const TOKEN_WORKSPACE_RESTRICTED: Rule = Rule {
    id: "token-workspace-restricted",
    severity: Severity::Error,
    title: "The API token is limited to another workspace",
    explanation: "Bitbucket accepts the API token for your account (/2.0/user answers), yet this \
        workspace's repository refuses it: the token was created for another workspace. An \
        API token limited to one workspace is refused everywhere else.",
    fix: "Create an API token with scopes for this workspace (or for all of them) at \
        https://id.atlassian.com/manage-profile/security/api-tokens.",
    page: include_str!("../../docs/findings/token-workspace-restricted.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: token_workspace_restricted,
};

/// `/2.0/user` with an API token answers with the account, while the repository refuses the
/// same credential with 401 or 403 (not a scope complaint): a token restricted to another
/// workspace (fact sheet §6 B9; 2026-12 review B5: API tokens work on `/2.0/user`). A 404
/// is `no-repo-access`: Bitbucket hides repositories from users who cannot read them.
fn token_workspace_restricted(ev: &Evidence) -> Option<Match> {
    // The probes' names say which answer is the account's and which the repository's.
    if !ev.live {
        return None;
    }
    let user = ev.probe("user").filter(|u| {
        u.response
            .as_ref()
            .is_some_and(|r| r.is_success() && recognised(r))
    })?;
    let ua = user.auth()?;
    if ua.kind != Kind::ApiToken {
        return None;
    }
    let (e, a) = with_auth(ev).find(|(e, a)| {
        a.redacted == ua.redacted
            && e.probe == "repo"
            && e.response.as_ref().is_some_and(|r| {
                matches!(r.status, 401 | 403) && !r.says(LACKS_SCOPES) && r.required.is_empty()
            })
    })?;
    let workspace = ev.target.as_ref().map(|t| t.workspace.clone());
    Some(Match {
        evidence: vec![quote(e), format!("yet the token works: {}", quote(user))],
        detail: workspace
            .map(|w| format!("The token answers for your account but not in the workspace {w:?}.")),
        command: Some(fix::create_token_hint(Kind::ApiToken).to_string()),
        support: Some(a.form_known().min(e.strength)),
        ..Match::default()
    })
}

/// When the exchange is git with what git's helper gives it (inside a clone, another source
/// having won): say that this is the credential git uses, and how the other one fared.
fn helper_note(ev: &Evidence, e: &crate::evidence::Exchange) -> Option<String> {
    if e.probe != "git-helper" {
        return None;
    }
    let source = ev.source.as_deref().unwrap_or("the credential given");
    let other = match ev.answer("git") {
        Some(r) if r.is_success() => format!("; the one from {source} works over git"),
        Some(r) => format!("; the one from {source} got {} over git", r.status),
        None => String::new(),
    };
    Some(format!(
        "this is the credential git's helper gives git, and git uses it, not the one from          {source}{other}"
    ))
}

const ACCESS_TOKEN_WRONG_RESOURCE: Rule = Rule {
    id: "access-token-wrong-resource",
    severity: Severity::Error,
    title: "An access token used outside its resource",
    explanation: "A repository, project or workspace access token works only on the resource it was \
        created in; elsewhere Bitbucket answers 404 (or 403) as if the repository did not exist. It \
        is not a user either: user endpoints such as /2.0/user are reported to refuse it.",
    fix: "Use an access token created in this repository (or its project or workspace), or an API \
        token for user-level calls.",
    page: include_str!("../../docs/findings/access-token-wrong-resource.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: access_token_wrong_resource,
};

fn access_token_wrong_resource(ev: &Evidence) -> Option<Match> {
    let is_access = |k: Kind| k == Kind::AccessToken;
    // Recognised as an access token somewhere: the x-credential-type header says so.
    let typed = ev.responses().any(|(_, r)| {
        r.header("x-credential-type")
            .is_some_and(|t| t.contains("access_token"))
    });
    let (e, a) = with_auth(ev).find(|(e, a)| {
        let Some(r) = &e.response else { return false };
        let url = e.request.as_ref().map_or("", |q| q.url.as_str());
        let own_user_probe = e.probe == "user";
        is_access(a.kind)
            && !e.is_git()
            && !r.is_success()
            && ((is_user_endpoint(url) && !own_user_probe && matches!(r.status, 401 | 403))
                || (!is_user_endpoint(url)
                    && matches!(r.status, 403 | 404)
                    && typed
                    && !r.says(LACKS_SCOPES)))
    })?;
    Some(Match {
        evidence: vec![quote(e)],
        support: Some(a.kind_strength.min(e.strength)),
        // The call to make again with a token created for this resource.
        command: Some(fix::curl(Kind::AccessToken, &fix::url_for(ev, None))),
        ..Match::default()
    })
}

const MISSING_SCOPE: Rule = Rule {
    id: "missing-scope",
    severity: Severity::Error,
    title: "The credential lacks a scope this endpoint needs",
    explanation: "Bitbucket authenticated the credential but refused the call with 403 \"Your \
        credentials lack one or more required privilege scopes.\" A token's scopes are fixed \
        when it is created; the permissions ticked in its settings are its scopes.",
    fix: "API token or access token: create a new one with the required scopes (an API token's \
        scopes cannot be changed). OAuth: add the scopes in the consumer's settings and get a new \
        access token.",
    page: include_str!("../../docs/findings/missing-scope.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: missing_scope,
};

fn missing_scope(ev: &Evidence) -> Option<Match> {
    let kind = examined_kind(ev);
    let (e, r) = ev.responses().find(|(e, r)| {
        // Access tokens are refused on user endpoints whatever their scopes.
        let ours_on_user = e.probe == "user" && kind == Kind::AccessToken;
        r.status == 403 && !ours_on_user && (r.says(LACKS_SCOPES) || !r.required.is_empty())
    })?;
    let granted = if r.granted.is_empty() {
        r.header_scopes("x-oauth-scopes")
    } else {
        r.granted.clone()
    };
    let mut evidence = vec![quote(e)];
    let required = match required_by_table(e, kind, &granted) {
        _ if !r.required.is_empty() => {
            evidence.push(format!("required: {}", r.required.join(", ")));
            r.required.clone()
        }
        // No `detail.required`: the operation's scopes from Bitbucket's OpenAPI document, in
        // the vocabulary of this kind of credential, less what it is known to hold.
        Some((op, scopes)) => {
            evidence.push(format!(
                "required (Bitbucket's OpenAPI document, {op}): {}",
                scopes.join(", ")
            ));
            scopes
        }
        None => Vec::new(),
    };
    if !granted.is_empty() {
        evidence.push(format!("granted: {}", granted.join(", ")));
    }
    // Our own /2.0/user probe needs read:user; the target repository is what matters.
    let target_fine = e.probe == "user"
        && ev
            .answer("repo")
            .or(ev.answer("repo-fixed"))
            .is_some_and(|r| r.is_success());
    let detail = (!required.is_empty()).then(|| {
        let mut d = format!("Missing: {}.", required.join(", "));
        if !granted.is_empty() {
            d += &format!(" The token has: {}.", granted.join(", "));
        }
        // Only granular scopes stand alone; legacy ones imply others (pullrequest ⇒ repository).
        if kind == Kind::ApiToken || required.iter().all(|s| crate::scopes::is_granular(s)) {
            d += " API-token scopes never imply each other: write:repository does not grant \
                   read:repository.";
        }
        d
    });
    // Only bbdoctor's own side probe wanted the scope: a note, not something to fix.
    if target_fine {
        return Some(Match {
            evidence,
            support: Some(e.strength),
            detail: Some(
                "Only bbdoctor's own check of /2.0/user needed this scope; the repository \
                 answered, so nothing needs fixing for it. Add the scope only if your tools \
                 call /2.0/user."
                    .to_string(),
            ),
            severity: Some(Severity::Info),
            ..Match::default()
        });
    }
    let tick: Vec<String> = required
        .iter()
        .filter_map(|s| crate::scopes::permission_label(s))
        .collect();
    let mut command = fix::create_token_hint(kind).to_string();
    if !tick.is_empty() {
        command += &format!("\n# and tick: {}", tick.join(", "));
    }
    Some(Match {
        evidence,
        support: Some(e.strength),
        command: Some(command),
        detail,
        ..Match::default()
    })
}

/// The scopes an exchange's operation requires that `granted` does not cover, from
/// `bbdoctor::scopes` (granular for API tokens, legacy for the others), with the operation.
fn required_by_table(
    e: &crate::evidence::Exchange,
    kind: Kind,
    granted: &[String],
) -> Option<(String, Vec<String>)> {
    let req = e.request.as_ref()?;
    let method = if req.method.is_empty() {
        "GET"
    } else {
        &req.method
    };
    let op = crate::scopes::lookup(method, path_of(&req.url))?;
    let needed = match kind {
        Kind::ApiToken => &op.granular,
        _ => &op.legacy,
    };
    let granted: Vec<&str> = granted.iter().map(String::as_str).collect();
    let missing = crate::scopes::missing(&granted, needed);
    let scopes = if missing.is_empty() {
        needed.clone()
    } else {
        missing
    };
    (!scopes.is_empty()).then(|| {
        (
            format!("{} {}", op.method, op.path),
            scopes.into_iter().map(String::from).collect(),
        )
    })
}

const INVALID_CREDENTIALS: Rule = Rule {
    id: "invalid-credentials",
    severity: Severity::Error,
    title: "The credential is well-formed but refused",
    explanation: "The credential was sent in the right form for its kind and Bitbucket refused it: a \
        typo in the secret or the email, a revoked or expired API token (they last at most a year), \
        or a token limited to another workspace.",
    fix: "Check the secret, and the email or username sent with it; if it expired or was revoked, create a new one.",
    page: include_str!("../../docs/findings/invalid-credentials.md"),
    quiet_when: &[
        // A template marker sent as written was refused as what it is, not as a secret.
        "unexpanded-placeholder",
        // Sent in a scheme its kind cannot use: not "well-formed in the right scheme".
        "api-token-as-bearer",
        "access-token-as-basic",
        "missing-auth-scheme",
        "api-token-without-scopes",
        "app-password-retired",
        "account-password",
        "token-expired",
        "two-step-or-sso",
        "ip-not-allowed",
        "anonymous-request",
        "scheme-case",
        "api-token-wrong-email",
        "token-workspace-restricted",
        "oauth-token-in-query",
        // Refused for the username git sent, before its secret mattered.
        "git-https-username",
    ],
    unreachable: false,
    matcher: invalid_credentials,
};

/// R12: the account is locked; a new token would be locked out the same way.
const LOCKED_FIX: &str = "# Sign in once at https://id.atlassian.com/ to restore access (a CAPTCHA may ask)\n\
# Then stop the client still sending the old secret: a cron job, a CI variable, a saved credential\n\
git credential reject <<< $'protocol=https\\nhost=bitbucket.org'";

fn invalid_credentials(ev: &Evidence) -> Option<Match> {
    // R12: refused so often that the login is locked.
    if let Some((e, _)) = ev.responses().find(|(_, r)| r.says(LOCKED)) {
        return Some(Match {
            evidence: vec![quote(e)],
            support: Some(e.strength),
            detail: Some(
                "Repeated refused logins locked the account, whatever this request sent: sign in \
                 at https://id.atlassian.com to restore access, and find the client that keeps \
                 sending a wrong secret (an old password or app password in a job, a saved \
                 credential) before retrying, or it locks again."
                    .into(),
            ),
            command: Some(LOCKED_FIX.to_string()),
            fix: Some(
                "Sign in once at https://id.atlassian.com to unlock the account, then stop \
                 the client that keeps sending the wrong secret before anything retries.",
            ),
            short: Some("the account is locked after refused logins → sign in to unlock it"),
            ..Match::default()
        });
    }
    let (e, a) = with_auth(ev).find(|(e, a)| {
        let Some(r) = &e.response else { return false };
        form_ok(a, e.is_git())
            && a.checksum != Checksum::Invalid
            && refused(r)
            && !r.says(SAYS_TOKEN_EXPIRED)
            && !r.says(SAYS_ACCOUNT_PASSWORD)
            // Bitbucket's API message names the causes it is given for, and a refused secret
            // is not one of them ("You do not have access to view this workspace."). Git's
            // messages are read by the git rules.
            && (e.is_git()
                || crate::bitbucket::said(r).is_none_or(|m| {
                let causes = crate::bitbucket::causes(m);
                    causes.is_empty() || causes.contains(&"invalid-credentials")
                }))
            && !(a.kind == Kind::ApiToken && r.says(TOKEN_REFUSED) && a.scheme_is("basic"))
            && !(a.kind == Kind::AppPassword && today(ev).as_str() >= APP_PASSWORDS_REMOVED)
    })?;
    let mut found = refused_credential(ev, e, a.kind);
    // An API token in the right Basic form is refused with R1 when it is wrong and with R3
    // when it has no scopes: with neither shown, which one is only a guess.
    // So is a token sent as Bearer: R3 when it is revoked or wrong, R4 when it expired.
    let unsaid = !ev.live
        && (a.kind == Kind::ApiToken
            || (matches!(a.kind, Kind::AccessToken | Kind::OauthToken) && a.scheme_is("bearer")))
        && !e.is_git()
        && e.response
            .as_ref()
            .is_some_and(|r| r.status == 401 && r.message.is_none());
    // R3 to an access or OAuth token is also an endpoint that does not take it: with the URL
    // not shown, which is a guess.
    let endpoint_unseen = !ev.live
        && matches!(a.kind, Kind::AccessToken | Kind::OauthToken)
        && e.response.as_ref().is_some_and(|r| r.says(TOKEN_REFUSED))
        && e.request
            .as_ref()
            .is_none_or(|q| !path_of(&q.url).starts_with("/2.0/"));
    // git answers every refused login alike (G1): a wrong secret, a token without scopes, an
    // access token of another repository, an app password after its removal.
    let git_alike = !ev.live && e.is_git() && !e.response.as_ref().is_some_and(|r| r.says(LOCKED));
    found.support = Some(match unsaid || endpoint_unseen || git_alike {
        true => Strength::Inferred,
        false => a.form_known().min(e.strength),
    });
    found.evidence.extend(helper_note(ev, e));
    Some(found)
}

/// The finding for a refusal of a credential of this kind. Bitbucket's refusal of a Bearer
/// token (R3) in pasted text, for a token of a kind the text does not say, has more than one
/// reading, which the detail names; `check` with the token sent as Bearer, as the failing call
/// sent it, tells them apart by the token's shape.
fn refused_credential(ev: &Evidence, e: &crate::evidence::Exchange, kind: Kind) -> Match {
    let bearer = !ev.live && e.response.as_ref().is_some_and(|r| r.says(TOKEN_REFUSED));
    let detail = match kind {
        _ if !bearer => None,
        Kind::AccessToken | Kind::OauthToken => Some(
            "Bitbucket refused the Bearer token: the access token was revoked, has expired or \
             is invalid, or this endpoint does not accept it.",
        ),
        Kind::Unknown | Kind::None => Some(
            "Bitbucket refuses a token with this message when it is an Atlassian API token \
             sent as Bearer (API tokens go in Basic auth with your account email; see \
             api-token-as-bearer), an access or OAuth token that was revoked, has expired or is \
             invalid, or an API token created without scopes, in any form \
             (api-token-without-scopes).",
        ),
        Kind::ApiToken | Kind::AppPassword | Kind::AccountPassword => None,
    };
    let which_token = bearer && matches!(kind, Kind::Unknown | Kind::None);
    let check_kind = if which_token { Kind::AccessToken } else { kind };
    Match {
        evidence: vec![quote(e)],
        // One reading needs a new token, another the same token in Basic: no one command.
        command: (!which_token).then(|| fix::create_token_hint(kind).to_string()),
        confirm: (!ev.live).then(|| fix::check_command(ev, check_kind)),
        detail: detail.map(String::from),
        ..Match::default()
    }
}

const REPO_NOT_FOUND: Rule = Rule {
    id: "repo-not-found",
    severity: Severity::Error,
    title: "The workspace or repository does not exist",
    explanation: "Bitbucket answers 404 both for repositories that do not exist and for those you \
        cannot see. Here the workspace itself is unknown (its listing answers 404 to anyone), or \
        the slug differs from the repository's URL, e.g. in case.",
    fix: "Copy WORKSPACE/REPO from the repository's URL in the browser.",
    page: include_str!("../../docs/findings/repo-not-found.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: repo_not_found,
};

fn repo_not_found(ev: &Evidence) -> Option<Match> {
    // The anonymous list of the workspace's repositories is 404 only when the workspace
    // does not exist (spec: GET /repositories/{workspace}).
    let workspace_missing = ev.answer("workspace").is_some_and(|r| r.status == 404);
    let repo_404 = ev
        .responses()
        .find(|(e, r)| r.status == 404 && !e.is_git() && NO_ACCESS.iter().any(|m| r.says(m)));
    let suspicious = ev.target.as_ref().is_some_and(|t| t.slug_suspicious());
    let said = !ev.live
        && ev.claimed(&Claim::SlugConfusion)
        && ev.responses().any(|(_, r)| r.status == 404);
    if said {
        let (e, _) = ev.responses().find(|(_, r)| r.status == 404)?;
        return Some(Match {
            evidence: vec![
                quote(e),
                "the post uses a workspace's name where its slug (id) belongs".into(),
            ],
            support: Some(claim_strength(Claim::SlugConfusion)),
            ..Match::default()
        });
    }
    if !(workspace_missing || (suspicious && repo_404.is_some())) {
        return None;
    }
    let mut evidence: Vec<String> = repo_404.iter().map(|(e, _)| quote(e)).collect();
    if let Some(e) = ev.probe("workspace").filter(|_| workspace_missing) {
        evidence.push(quote(e));
    }
    let detail = match (&ev.target, workspace_missing) {
        // Slugs are lower case: a capital is the likeliest reason (ux-findings P3 #22).
        (Some(t), true) if t.to_string() != t.to_string().to_ascii_lowercase() => Some(format!(
            "The workspace {:?} does not exist; slugs are lower case: did you mean {}?",
            t.workspace,
            t.to_string().to_ascii_lowercase()
        )),
        (Some(t), true) => Some(format!("The workspace {:?} does not exist.", t.workspace)),
        (Some(t), false) if t.has_space() => Some(format!(
            "{t} has a space: that is a repository's or workspace's name, not its slug (slugs \
             have none); copy the slug from the repository's URL in the browser."
        )),
        (Some(t), false) => Some(format!(
            "{t} has capital letters; slugs are lower case: {}.",
            t.to_string().to_ascii_lowercase()
        )),
        _ => None,
    };
    Some(Match {
        evidence: evidence_of(evidence),
        detail,
        ..Match::default()
    })
}

const NO_REPO_ACCESS: Rule = Rule {
    id: "no-repo-access",
    severity: Severity::Error,
    title: "The credential works, but cannot see this repository",
    explanation: "Bitbucket authenticated the credential, yet answers 404 for the repository: its user \
        has no access to it (or it does not exist; Bitbucket does not say which to someone without \
        access).",
    fix: "Ask a workspace or repository admin to give your user (or group) read access, or check the \
        WORKSPACE/REPO spelling.",
    page: include_str!("../../docs/findings/no-repo-access.md"),
    quiet_when: &[
        "access-token-wrong-resource",
        "two-step-or-sso",
        "ip-not-allowed",
        "repo-not-found",
        "missing-scope",
    ],
    unreachable: false,
    matcher: no_repo_access,
};

fn no_repo_access(ev: &Evidence) -> Option<Match> {
    // Pasted text that shows no credential, but a 403 only an authenticated caller short of
    // permission gets: Bitbucket named the credential's type and did not complain of scopes
    // (R8), or said the permission is missing, and nothing says the call was anonymous.
    // Asked once, not once per response: it reads every exchange.
    let unseen = credential_unseen(ev);
    let short_of_permission = ev.responses().find(|(e, r)| {
        let typed = r
            .header("x-credential-type")
            .is_some_and(|t| !t.is_empty() && !t.contains("access_token"));
        // A typed refusal needs no unseen credential: Bitbucket recognised the one shown. The
        // scopes it granted, when shown, are missing-scope's to weigh.
        let typed_refusal = typed && r.header("x-oauth-scopes").is_none();
        !e.is_git()
            && r.status == 403
            && !r.says(LACKS_SCOPES)
            && r.required.is_empty()
            && (typed_refusal
                || unseen
                    && (typed || (r.says(NEEDS_PERMISSION) && !ev.claimed(&Claim::NoCredential))))
    });
    if let Some((e, r)) = short_of_permission {
        let detail = match r.header("x-credential-type") {
            Some(t) => format!(
                "Bitbucket recognised the credential (x-credential-type: {t}) and still \
                 refused the call: its user lacks the permission this endpoint needs (the \
                 /workspaces/…/permissions endpoints need admin)."
            ),
            None => "Bitbucket says the caller lacks the permission this endpoint needs: ask \
                     an admin to grant it (write or admin on the repository)."
                .into(),
        };
        // A credential is then only presumed: git beside it had none to give.
        let support = match unseen && git_had_none(ev) {
            true => e.strength.min(Strength::Inferred),
            false => e.strength,
        };
        return Some(Match {
            evidence: vec![quote(e)],
            support: Some(support),
            detail: Some(detail),
            confirm: Some(fix::check_command(ev, examined_kind(ev))),
            ..Match::default()
        });
    }
    let (e, a) = with_auth(ev).find(|(e, a)| {
        e.response.as_ref().is_some_and(|r| {
            !e.is_git()
                && matches!(r.status, 403 | 404)
                && NO_ACCESS.iter().any(|m| r.says(m))
                && a.kind != Kind::AccessToken
                && (recognised_anywhere(ev, a) || (!ev.live && form_ok(a, false)))
                && ev.answer("workspace").is_none_or(|w| w.status != 404)
        })
    })?;
    let mut evidence = vec![quote(e)];
    if let Some(user) = ev
        .probe("user")
        .filter(|u| u.response.as_ref().is_some_and(recognised))
    {
        evidence.push(format!("yet the credential works: {}", quote(user)));
    }
    // The message is also what a repository that does not exist answers (a mistyped slug):
    // unless Bitbucket showed it knew the credential, that the repository exists and only
    // access is missing is a guess (fact sheet §11: re-probe to tell them apart).
    let support = match recognised_anywhere(ev, a) {
        true => a.form_known().min(e.strength),
        false => Strength::Inferred,
    };
    Some(Match {
        evidence,
        support: Some(support),
        confirm: (!ev.live).then(|| fix::check_command(ev, examined_kind(ev))),
        ..Match::default()
    })
}

const ANONYMOUS_REQUEST: Rule = Rule {
    id: "anonymous-request",
    severity: Severity::Error,
    title: "No usable credential reached Bitbucket",
    explanation: "Bitbucket treated the request as anonymous. Anonymous callers see only public \
        repositories; a private one answers 404 \"You may not have access to this repository…\" as \
        if it did not exist.",
    fix: "Send your credential: an API token with your account email in Basic auth (`curl -u \
        EMAIL:TOKEN`), an access token as `Authorization: Bearer TOKEN`.",
    page: include_str!("../../docs/findings/anonymous-request.md"),
    quiet_when: &["oauth-token-in-query"],
    unreachable: false,
    matcher: anonymous_request,
};

fn anonymous_request(ev: &Evidence) -> Option<Match> {
    let private_404 = |r: &crate::evidence::Response| {
        matches!(r.status, 401 | 404)
            && (NO_ACCESS.iter().any(|m| r.says(m)) || r.status == 401 || r.message.is_none())
    };
    // A credential in a form Bitbucket ignores, answered as an anonymous caller would be.
    let ignored = with_auth(ev).find(|(e, a)| {
        (a.scheme.is_none() || a.scheme_miscased())
            && !e.is_git()
            && e.response
                .as_ref()
                .is_some_and(|r| r.status == 404 && NO_ACCESS.iter().any(|m| r.says(m)))
    });
    if let Some((e, a)) = ignored {
        return Some(Match {
            evidence: vec![quote(e)],
            // As sure as the form Bitbucket ignored is known.
            support: Some(e.strength.min(a.form_strength)),
            ..Match::default()
        });
    }
    // No credential at all. Live, that is what was sent; in pasted text, only a request shown
    // without one counts (a response alone says nothing of what its request carried), and a
    // post that names its credential was not anonymous.
    if auths(ev).next().is_some() {
        return None;
    }
    // The post says the request went without one ("falls back to anonymous").
    if !ev.live && ev.claimed(&Claim::NoCredential) {
        // Not an answer only an authenticated caller gets (a scope complaint, a typed one).
        let (e, _) = ev
            .responses()
            .find(|(_, r)| matches!(r.status, 401 | 403 | 404) && !r.recognised())?;
        return Some(Match {
            evidence: vec![
                quote(e),
                "the post says the request went without a credential".into(),
            ],
            support: Some(claim_strength(Claim::NoCredential).min(e.strength)),
            confirm: Some(fix::check_command(ev, examined_kind(ev))),
            ..Match::default()
        });
    }
    let named = ev
        .claims
        .iter()
        .any(|h| matches!(h, Claim::CredentialKind(_)));
    if !ev.live && named {
        return None;
    }
    // Pasted: a request shown without a credential, or a repository's 404 in a post that
    // mentions no credential at all (Bitbucket's answer to anonymous callers, R6).
    let (e, r) = ev.responses().find(|(e, r)| {
        let repo_404 = r.status == 404 && ev.target.is_some();
        let shown_bare = e.request.as_ref().is_some_and(|q| !q.auth_unseen);
        // Not git's: a git that had nothing to send ("could not read Username") was tried as
        // a cause of its own and was wrong on both held-out reports it answered (2026-12-04):
        // the missing credential is a symptom (an unset CI variable, a wrong URL, a module
        // proxy), not what the threads settled on.
        // A web page (the website's, a sign-in page) tells neither public nor private.
        let answered = private_404(r) || (r.is_success() && !r.is_web_page());
        !e.is_git() && (ev.live || shown_bare || repo_404) && answered
    })?;
    // 2026-12 review, B1 and N9 (S-CF3325): an anonymous listing of a private workspace is
    // 200 with an empty list, as is a credential Bitbucket ignored: it proves nothing, so it
    // is not a public answer that "works".
    if r.is_empty_listing() {
        return Some(Match {
            evidence: vec![quote(e), "no credential was given".to_string()],
            support: Some(e.strength),
            detail: Some(
                "An empty list is what anyone without access gets, even from a workspace full \
                 of private repositories: it says nothing until a credential is sent."
                    .into(),
            ),
            command: Some(fix::curl(examined_kind(ev), &fix::url_for(ev, Some(e)))),
            ..Match::default()
        });
    }
    let public = r.is_success();
    // A request shown without a credential shows it; a 404 in a post that names none only
    // suggests it (the poster may have left the credential out of the post).
    let shown_bare = e.request.as_ref().is_some_and(|q| !q.auth_unseen);
    // A bare 404 is also what a public repository answers for a file, a branch or a path that
    // is not there: only Bitbucket's no-access message (R6), or a 401, says the caller was
    // turned away.
    let turned_away = r.status == 401 || NO_ACCESS.iter().any(|m| r.says(m));
    let support = match ev.live || (shown_bare && (public || turned_away)) {
        true => e.strength,
        // A post that says its private repository fails tells it, in words.
        false if shown_bare && ev.claimed(&Claim::PrivateFails) => {
            e.strength.min(claim_strength(Claim::PrivateFails))
        }
        false => Strength::Inferred,
    };
    let mut evidence = vec![quote(e), "no credential was given".to_string()];
    // `Authorization: Bearer ` from a variable that held nothing.
    if let Some(scheme) = e
        .auth()
        .filter(|a| a.kind == Kind::None)
        .and_then(|a| a.scheme.as_ref())
    {
        evidence[1] = format!(
            "the Authorization header has nothing after `{scheme}`: the variable meant to \
             follow it is empty or unset"
        );
    }
    // Inside a clone whose helper holds nothing: git erases a stored credential after a 401.
    if let Some(helper) = ev.provenance.empty_helper.as_ref().filter(|_| ev.live) {
        evidence.push(format!(
            "{helper} holds nothing for this repository: git erases the credential it stored \
             when Bitbucket refuses it (401); store the corrected one by running git fetch and \
             entering it when git asks"
        ));
    }
    Some(Match {
        evidence,
        support: Some(support),
        severity: public.then_some(Severity::Warning),
        detail: public.then(|| {
            "The repository is public, so it answers anyway; give a credential to test it.".into()
        }),
        command: Some(fix::curl(examined_kind(ev), &fix::url_for(ev, None))),
        ..Match::default()
    })
}

const CREDENTIALS_IGNORED: Rule = Rule {
    id: "credentials-ignored",
    severity: Severity::Error,
    title: "A test passed without the credential: proves nothing",
    explanation: "A public repository (or an endpoint that lists public data) answers 200 to anyone. \
        Here the credential was not used — the same answer comes back anonymously — so the test \
        passed while the credential was ignored. Test against a private repository or /2.0/user.",
    fix: "Test with /2.0/user or a private repository, which need the credential.",
    page: include_str!("../../docs/findings/credentials-ignored.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: credentials_ignored,
};

fn credentials_ignored(ev: &Evidence) -> Option<Match> {
    let public_ok = with_auth(ev).find(|(e, _)| {
        e.response.as_ref().is_some_and(|r| {
            r.is_success()
                && (r.private == Some(false) || ev.claimed(&Claim::PublicWorks))
                && r.header("x-credential-type").is_none()
        })
    });
    // Public: shown by the body (`is_private: false`), or only said by the post.
    let public_shown = public_ok
        .and_then(|(e, _)| e.response.as_ref())
        .is_some_and(|r| r.private == Some(false));
    let Some((ok, auth)) = public_ok else {
        // Pasted: a header with no scheme word, which Bitbucket does not read (B1, B4), that
        // the post says works: only what needs no credential can have answered.
        let auth = auths(ev).find(|a| {
            a.scheme.is_none()
                && exchanges_of(ev, a).all(|e| e.response.as_ref().is_none_or(|r| r.is_success()))
        });
        let auth = auth.filter(|_| !ev.live && ev.claimed(&Claim::Works))?;
        return Some(Match {
            evidence: vec![
                format!("Authorization: {} (no Bearer or Basic)", auth.redacted),
                "the post says it works: a call Bitbucket answers without a credential (a \
                 public repository) proves nothing about it"
                    .into(),
            ],
            support: Some(claim_strength(Claim::Works)),
            command: Some(fix::curl(auth.kind, &format!("{}/user", fix::api_base(ev)))),
            confirm: Some(fix::check_command(ev, auth.kind)),
            ..Match::default()
        });
    };
    // The same credential failed where it mattered, or Bitbucket never recognised it.
    let failed_elsewhere = exchanges_of(ev, auth)
        .filter_map(|e| e.response.as_ref())
        .any(|r| matches!(r.status, 401 | 403 | 404));
    if !failed_elsewhere && (recognised_anywhere(ev, auth) || !ev.live) {
        return None;
    }
    let mut evidence = vec![quote(ok)];
    evidence.extend(
        exchanges_of(ev, auth)
            .filter(|e| e.response.as_ref().is_some_and(|r| !r.is_success()))
            .map(quote),
    );
    Some(Match {
        evidence: evidence_of(evidence),
        support: Some(match public_shown {
            true => ok.strength,
            false => claim_strength(Claim::PublicWorks),
        }),
        command: Some(fix::curl(auth.kind, &format!("{}/user", fix::api_base(ev)))),
        ..Match::default()
    })
}

const LEAKED_SECRET: Rule = Rule {
    id: "leaked-secret",
    severity: Severity::Warning,
    title: "A live secret stands in the pasted text",
    explanation: "The text holds a secret as it is: a token whose built-in checksum holds, or a \
        password in a URL. Anyone who can read the post, the issue or the log can use it, so treat \
        it as public from now on, whatever else is wrong.",
    fix: "Revoke it now, then create a new one and keep it out of posts and logs (mask it as \
        ATATT… when you paste).",
    page: include_str!("../../docs/findings/leaked-secret.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: leaked_secret,
};

fn leaked_secret(ev: &Evidence) -> Option<Match> {
    if ev.live || ev.leaks.is_empty() {
        return None;
    }
    let evidence = ev
        .leaks
        .iter()
        .map(|l| match l.in_url {
            true => format!("{} in a URL: {}", l.shown, l.kind.describe()),
            false => format!("{}: {} whose checksum holds", l.shown, l.kind.describe()),
        })
        .collect();
    let mut places: Vec<&str> = ev.leaks.iter().map(|l| fix::revoke_at(l.kind)).collect();
    places.dedup();
    Some(Match {
        evidence,
        command: Some(places.join("\n")),
        ..Match::default()
    })
}

const SECRET_IN_ARGUMENTS: Rule = Rule {
    id: "secret-in-arguments",
    severity: Severity::Warning,
    title: "The secret was given on the command line",
    explanation: "Command-line arguments can be read by other users of this machine while the \
        program runs (`ps`, /proc/PID/cmdline), and a secret typed out (not a `$VARIABLE`) stays \
        in the shell's history. Bitbucket's answer does not depend on it; the exposure does.",
    fix: "Give the secret through the environment (BITBUCKET_API_TOKEN, BITBUCKET_ACCESS_TOKEN, …) \
        or on standard input (-u LOGIN alone: pipe the secret, or type it at the prompt), and \
        consider the secret seen: rotate it if others share this machine.",
    page: include_str!("../../docs/findings/secret-in-arguments.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: secret_in_arguments,
};

fn secret_in_arguments(ev: &Evidence) -> Option<Match> {
    let flag = ev.provenance.on_command_line?;
    let target = ev
        .target
        .as_ref()
        .map_or("WORKSPACE/REPO".to_string(), |t| t.to_string());
    let kind = ev.credential.as_ref().map_or(Kind::Unknown, |a| a.kind);
    let command = match kind {
        Kind::AccessToken | Kind::OauthToken => format!(
            "read -rs BITBUCKET_ACCESS_TOKEN && export BITBUCKET_ACCESS_TOKEN\nbbdoctor check {target}"
        ),
        Kind::AppPassword => format!(
            "export BITBUCKET_USERNAME=your-username\nread -rs BITBUCKET_APP_PASSWORD && export BITBUCKET_APP_PASSWORD\nbbdoctor check {target}"
        ),
        _ => format!(
            "export BITBUCKET_EMAIL=you@example.com\nread -rs BITBUCKET_API_TOKEN && export BITBUCKET_API_TOKEN\nbbdoctor check {target}"
        ),
    };
    Some(Match {
        evidence: vec![format!(
            "the secret was given with {flag} on the command line"
        )],
        command: Some(command),
        ..Match::default()
    })
}

const UNEXPLAINED_FAILURE: Rule = Rule {
    id: "unexplained-failure",
    severity: Severity::Warning,
    title: "A failure is shown, but nothing names its cause",
    explanation: "Bitbucket refused a call in the pasted text, but the text holds nothing that tells \
        the causes apart: no credential or header, no message bbdoctor knows. A bare 403 or 404 \
        has many causes (a missing scope or permission, a private repository asked anonymously, a \
        wrong slug), so bbdoctor names none rather than guess.",
    fix: "Run `bbdoctor check WORKSPACE/REPO` with the same credential: its probes tell the causes \
        apart. Or paste the command as run (curl -v) with the whole response, body included.",
    page: include_str!("../../docs/findings/unexplained-failure.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: unexplained_failure,
};

/// Pasted text only (a check's probes always conclude), and only when no error was found
/// (`diagnose` drops it then): a 4xx answer, or a failed connection, left unexplained.
fn unexplained_failure(ev: &Evidence) -> Option<Match> {
    if let Some(m) = crate::ssh::rules::unplaced(ev) {
        return Some(m);
    }
    if ev.live {
        return None;
    }
    let e = ev.exchanges.iter().find(|e| {
        e.status()
            .is_some_and(|s| (400..500).contains(&s) && s != 429)
            || e.failure.is_some()
    })?;
    Some(Match {
        evidence: vec![quote(e)],
        confirm: Some(fix::check_command(ev, examined_kind(ev))),
        ..Match::default()
    })
}

const HEALTHY: Rule = Rule {
    id: "healthy",
    severity: Severity::Info,
    title: "The credential works for this target",
    explanation: "Bitbucket authenticated the credential and answered the target.",
    fix: "Nothing to fix.",
    page: include_str!("../../docs/findings/healthy.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: healthy,
};

fn healthy(ev: &Evidence) -> Option<Match> {
    if ev.exchanges.is_empty() {
        return crate::ssh::rules::healthy(ev);
    }
    let rest = ev
        .responses()
        .find(|(e, r)| e.auth().is_some() && recognised(r) && r.is_success());
    // git fetched a repository anonymous callers cannot see: the credential works for git,
    // whatever the REST API made of it (the form git takes is not always REST's).
    let git_only = ev.live
        && ev
            .probe("git")
            .is_some_and(|e| e.auth().is_some() && e.status() == Some(200))
        && ev
            .answer("repo-anon")
            .is_some_and(|r| matches!(r.status, 401 | 403 | 404));
    let Some((_, r)) = rest else {
        if !git_only {
            return None;
        }
        return Some(Match {
            evidence: vec![
                format!("kind: {}", examined_kind(ev).as_str()),
                "git over HTTPS: works (the repository is private, and git fetched it)".into(),
            ],
            ..Match::default()
        });
    };
    let mut evidence = Vec::new();
    let account = ev.responses().find_map(|(_, r)| r.account.clone());
    if let Some(a) = account.and_then(|a| a.username.or(a.display_name)) {
        evidence.push(format!("authenticated as {a}"));
    }
    evidence.push(format!("kind: {}", examined_kind(ev).as_str()));
    if let Some(t) = r.header("x-credential-type") {
        evidence.push(format!("x-credential-type: {t}"));
    }
    let scopes = ev
        .responses()
        .find_map(|(_, r)| r.header("x-oauth-scopes").map(String::from));
    if let Some(s) = scopes {
        evidence.push(format!("scopes: {s}"));
    }
    if let Some(p) = ev.responses().find_map(|(_, r)| r.permission.clone()) {
        evidence.push(format!("permission: {p}"));
    } else if ev.answer("repo").is_some_and(|r| r.is_success()) {
        evidence.push("permission: at least read (the repository answered)".to_string());
    }
    if let Some(git) = ev.answer("git") {
        evidence.push(format!(
            "git over HTTPS: {}",
            if git.is_success() {
                "works".to_string()
            } else {
                format!("answered {}", git.status)
            }
        ));
    }
    Some(Match {
        evidence,
        ..Match::default()
    })
}

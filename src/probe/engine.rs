//! The engine: sends each round's probes at once over one agent, within the request and
//! refusal budgets and the check's deadline, and turns what comes back into evidence.

use super::{MAX_REFUSALS, MAX_REQUESTS, Method, Probe, Setup, authority_of, plan};
use crate::evidence::{
    BODY_CAP, Evidence, Exchange, Failure, Request, Response, SentAuth, Strength,
};
use std::cell::Cell;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Longest wait for a TCP (and TLS) connection, inside the overall deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How much of a success's body is read to judge whether it is Bitbucket's answer: far more
/// than any document a planned probe asks for (a repository or a user is a few KiB), far less
/// than a hostile server could send.
const JUDGE_CAP: usize = 1024 * 1024;

/// Run the plan against Bitbucket (or the simulator) and return the evidence.
pub fn run(setup: &Setup) -> Evidence {
    run_observed(setup, &|_| {})
}

/// [`run`], telling `progress` which round is under way.
pub fn run_observed(setup: &Setup, progress: &dyn Fn(&str)) -> Evidence {
    let deadline = Instant::now() + setup.timeout;
    let agents = Agents::new();
    let pinned: Vec<String> = [&setup.api_url, &setup.git_url]
        .into_iter()
        .filter_map(|u| authority_of(u))
        .collect();
    let mut ev = Evidence {
        target: setup.target.clone(),
        credential: setup.auth.as_ref().map(SentAuth::from_authorization),
        source: setup.source.clone(),
        provenance: setup.provenance.clone(),
        api_url: Some(setup.api_url.clone()),
        live: true,
        requirements: setup.requirements.clone(),
        ..Evidence::default()
    };
    let (mut sent, mut refused) = (0, 0);
    for round in 1..=2 {
        let probes = match round {
            1 => plan::first_round(setup),
            _ => plan::second_round(setup, &ev),
        };
        let probes = within_budget(probes, sent, refused);
        if probes.is_empty() {
            break;
        }
        // What the budget leaves after this round's probes: a retry on a fresh connection
        // (a pooled one found dead) takes from it, so the cap holds on the wire.
        let spare = AtomicUsize::new(MAX_REQUESTS.saturating_sub(sent + probes.len()));
        let names: Vec<&str> = probes.iter().map(|p| p.name).collect();
        progress(&format!("round {round}: {}", names.join(", ")));
        let sends: Vec<(Exchange, usize)> = std::thread::scope(|s| {
            let handles: Vec<_> = probes
                .iter()
                .map(|p| {
                    s.spawn(|| {
                        let (mut exchange, attempts) =
                            send_retrying(&agents, p, deadline, &pinned, &spare);
                        blame_proxy(&mut exchange, proxy_for(&p.url).as_ref());
                        (exchange, attempts)
                    })
                })
                .collect();
            handles
                .into_iter()
                .zip(&probes)
                .map(|(h, p)| {
                    h.join()
                        .unwrap_or_else(|_| (not_sent(p, "the probe failed"), 1))
                })
                .collect()
        });
        sent += sends.iter().map(|(_, attempts)| attempts).sum::<usize>();
        // Every credential that went out counts against the refusal budget unless its answer
        // shows the login was accepted: an answer the client could not read (a malformed
        // header, a connection closed after the request) may still be a refused login.
        refused += sends.iter().filter(|(e, _)| refusable(e)).count();
        ev.exchanges.extend(sends.into_iter().map(|(e, _)| e));
        if must_stop(&ev, deadline) {
            break;
        }
    }
    let today = ev
        .responses()
        .find_map(|(_, r)| r.header("date").and_then(crate::clock::iso_date_from_http));
    ev.today = today;
    // Everything here was sent by bbdoctor and answered to it.
    for e in &mut ev.exchanges {
        e.strength = Strength::Observed;
    }
    for a in ev.auths_mut() {
        a.kind_strength = Strength::Observed;
        a.form_strength = Strength::Observed;
    }
    // The setup's secrets, and the credential's whatever built the setup.
    let mut secrets = setup.secrets.clone();
    if let Some(auth) = &setup.auth {
        secrets.add_authorization(auth);
    }
    ev.make_printable(&secrets);
    ev
}

/// Whether an exchange may have cost a refused login: it carried a credential, went out, and
/// its answer does not show Bitbucket accepted the login (a success, a 404 only an accepted
/// or ignored login gets, a 403 that judges the credential's scopes).
fn refusable(e: &Exchange) -> bool {
    let went_out = !matches!(e.failure, Some(Failure::NotSent(_)));
    let accepted = e
        .response
        .as_ref()
        .is_some_and(|r| r.is_success() || r.status == 404 || r.recognised());
    // A refused Bearer token names no account, so it cannot lock one (design.md §8).
    let login = e.auth().is_some_and(|a| !a.scheme_is("bearer"));
    login && went_out && !accepted
}

/// Keep the probes the budgets allow, in the plan's priority order.
fn within_budget(probes: Vec<Probe>, sent: usize, refused: usize) -> Vec<Probe> {
    let mut requests_left = MAX_REQUESTS.saturating_sub(sent);
    let mut auth_left = MAX_REFUSALS.saturating_sub(refused);
    probes
        .into_iter()
        .filter(|p| {
            // Only a login can be locked out: a Bearer token names no account (design.md §8).
            let authed = p.auth.as_ref().is_some_and(|a| {
                !a.scheme
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
            });
            let fits = requests_left > 0 && (!authed || auth_left > 0);
            if fits {
                requests_left -= 1;
                auth_left -= usize::from(authed);
            }
            fits
        })
        .collect()
}

/// Stop at the first 429 (fact sheet R9), when nothing answers, or when time is up.
fn must_stop(ev: &Evidence, deadline: Instant) -> bool {
    ev.responses()
        .any(|(_, r)| r.status == 429 || r.status >= 500)
        || ev.exchanges.iter().all(|e| e.response.is_none())
        || Instant::now() >= deadline
}

/// The agents the probes go out through: `pooled` keeps connections alive across probes,
/// `fresh` opens a new one each time (for the one retry of a request whose pooled connection
/// the server had closed without notice).
struct Agents {
    pooled: ureq::Agent,
    fresh: ureq::Agent,
}

impl Agents {
    fn new() -> Agents {
        Agents {
            pooled: agent(true),
            fresh: agent(false),
        }
    }
}

thread_local! {
    /// Set when the request under way opened a connection of its own (see [`MarkNew`]).
    static CONNECTED: Cell<bool> = const { Cell::new(false) };
}

/// The last link of the connector chain: marks that the request opened a new connection
/// rather than taking one from the pool. ureq connects on the thread that calls, so a
/// thread-local tells each probe's thread about its own request.
#[derive(Debug)]
struct MarkNew;

impl ureq::unversioned::transport::Connector<Box<dyn ureq::unversioned::transport::Transport>>
    for MarkNew
{
    type Out = Box<dyn ureq::unversioned::transport::Transport>;

    fn connect(
        &self,
        _details: &ureq::unversioned::transport::ConnectionDetails,
        chained: Option<Self::Out>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if chained.is_some() {
            CONNECTED.set(true);
        }
        Ok(chained)
    }
}

fn agent(pooled: bool) -> ureq::Agent {
    use ureq::tls::{RootCerts, TlsConfig};
    use ureq::unversioned::resolver::DefaultResolver;
    use ureq::unversioned::transport::{Connector, DefaultConnector};
    let config = ureq::Agent::config_builder()
        // The system's trust store, as curl and git use: a company CA installed there (for a
        // TLS-intercepting proxy) is trusted here too, and SSL_CERT_FILE is honoured.
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::PlatformVerifier)
                .build(),
        )
        // 401/403/404 are evidence, not errors.
        .http_status_as_error(false)
        // A redirect is recorded, never followed: the credential must not reach another host.
        .max_redirects(0)
        // No proxy unless [`proxy_for`] names one for the request's URL: ureq's own choice
        // takes HTTPS_PROXY and HTTP_PROXY for any scheme, where curl and git would not.
        .proxy(None)
        .max_idle_connections(if pooled { 10 } else { 0 })
        .max_idle_connections_per_host(if pooled { 4 } else { 0 })
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .user_agent(concat!("bbdoctor/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::with_parts(
        config,
        DefaultConnector::new().chain(MarkNew),
        DefaultResolver::default(),
    )
}

/// The proxy a request to `url` goes through, as curl and git choose it: for https,
/// `https_proxy` / `HTTPS_PROXY`, else `all_proxy` / `ALL_PROXY`, unless `NO_PROXY` names the
/// host. Never for plain http, which bbdoctor sends only to loopback (the simulator): a proxy
/// elsewhere cannot reach this machine's loopback, and would read the credential in clear
/// (curl and git would use `http_proxy` there; gh, as Go, never proxies loopback).
fn proxy_for(url: &str) -> Option<ureq::Proxy> {
    let (scheme, _) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let value = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))?;
    let uri = url.parse::<ureq::http::Uri>().ok()?;
    // ureq reads NO_PROXY (and no_proxy) along with the proxy variables.
    if ureq::Proxy::try_from_env().is_some_and(|p| p.is_no_proxy(&uri)) {
        return None;
    }
    ureq::Proxy::new(&value).ok()
}

fn not_sent(p: &Probe, why: &str) -> Exchange {
    Exchange {
        probe: p.name.to_string(),
        request: Some(request_of(p)),
        failure: Some(Failure::NotSent(why.to_string())),
        ..Exchange::default()
    }
}

fn request_of(p: &Probe) -> Request {
    Request {
        method: p.method.as_str().to_string(),
        url: p.url.clone(),
        auth: p.auth.as_ref().map(SentAuth::from_authorization),
        auth_unseen: false,
    }
}

/// Send one probe, and once more on a fresh connection when the pooled connection it went out
/// on turns out dead before any answer (a server may close an idle keep-alive connection
/// without notice; HTTP lets a client retry an idempotent request then, as Go does). The
/// retry takes from `spare`, the requests the budget has left. Returns the exchange and how
/// many requests went out.
fn send_retrying(
    agents: &Agents,
    p: &Probe,
    deadline: Instant,
    pinned: &[String],
    spare: &AtomicUsize,
) -> (Exchange, usize) {
    CONNECTED.set(false);
    let (exchange, dead) = send(&agents.pooled, p, deadline, pinned);
    let reused = !CONNECTED.get();
    let may_retry = dead
        && reused
        && spare
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
    if !may_retry {
        return (exchange, 1);
    }
    (send(&agents.fresh, p, deadline, pinned).0, 2)
}

/// Send one probe. The only place a request is built: GET or HEAD, the credential only to a
/// pinned host (scheme, host and port). Returns the exchange, and whether the connection died
/// before any answer (closed or reset).
fn send(agent: &ureq::Agent, p: &Probe, deadline: Instant, pinned: &[String]) -> (Exchange, bool) {
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return (not_sent(p, "the check's time budget ran out"), false);
    }
    if p.auth.is_some() && !authority_of(&p.url).is_some_and(|a| pinned.contains(&a)) {
        let why =
            "the credential is sent only to the --api-url and --git-url hosts, with their scheme";
        return (not_sent(p, why), false);
    }
    let git = p.url.contains(".git/");
    let mut req = match p.method {
        Method::Get => agent.get(&p.url),
        Method::Head => agent.head(&p.url),
    };
    req = if git {
        // Ask as git does, so Bitbucket answers as it answers git.
        req.header("User-Agent", "git/2.47.3 (bbdoctor)")
    } else {
        req.header("Accept", "application/json")
    };
    if let Some(value) = p.auth.as_ref().and_then(|a| a.request_header_value()) {
        req = req.header("Authorization", value);
    }
    let started = Instant::now();
    let result = req
        .config()
        .timeout_global(Some(remaining))
        .proxy(proxy_for(&p.url))
        .build()
        .call();
    let mut exchange = Exchange {
        probe: p.name.to_string(),
        request: Some(request_of(p)),
        ..Exchange::default()
    };
    let dead = match result {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let headers: Vec<(String, String)> = resp
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let judged = judged(p, status);
            let mut reader = resp.body_mut().as_reader();
            let mut body = Vec::new();
            let mut read = (&mut reader).take(BODY_CAP as u64).read_to_end(&mut body);
            // Past the cap only to judge a success: a login page or a document cut short is
            // not Bitbucket's answer whatever its size.
            let mut more = false;
            if judged && read.is_ok() && body.len() >= BODY_CAP {
                read = (&mut reader)
                    .take((JUDGE_CAP - BODY_CAP) as u64 + 1)
                    .read_to_end(&mut body);
                more = body.len() > JUDGE_CAP;
            }
            let text = String::from_utf8_lossy(&body);
            exchange.response = Some(Response::from_parts(status, &headers, &text));
            if let Err(e) = &read
                && body.is_empty()
                && p.method == Method::Get
            {
                exchange.failure = Some(Failure::Timeout(format!("the body did not arrive: {e}")));
            } else if let Some(why) = judged
                .then(|| not_the_answer(p, status, &headers, &text, more || read.is_err()))
                .flatten()
            {
                // Something else answered in Bitbucket's place: it proves nothing.
                exchange.response = None;
                exchange.failure = Some(Failure::Other(why));
            }
            false
        }
        Err(e) => {
            let dead = matches!(&e, ureq::Error::Io(io) if matches!(
                io.kind(),
                std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
            ));
            exchange.failure = Some(failure(e));
            dead
        }
    };
    exchange.elapsed_ms = Some(started.elapsed().as_millis() as u64);
    (exchange, dead)
}

/// Whether an answer to this probe must be shown to be Bitbucket's before it counts: every
/// planned probe's success or redirect (the user's own `--endpoint` may serve anything, and
/// Bitbucket redirects some of them).
fn judged(p: &Probe, status: u16) -> bool {
    p.name != "endpoint" && p.method == Method::Get && (200..400).contains(&status)
}

/// Why a success or a redirect is not Bitbucket's answer, when it is not:
/// - a redirect: Bitbucket answers the planned probes without one; a proxy, an SSO portal or a
///   wrong host sends the client to its login page;
/// - a REST success that is not JSON (every planned probe asks for JSON), or JSON that does not
///   parse whole (cut short on the way) or is larger than any document a probe asks for;
/// - a git success that is not git's ref advertisement.
///
/// `cut`: the body did not arrive whole, or is larger than [`JUDGE_CAP`].
fn not_the_answer(
    p: &Probe,
    status: u16,
    headers: &[(String, String)],
    body: &str,
    cut: bool,
) -> Option<String> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if (300..400).contains(&status) {
        let location = header("location").map(str::trim);
        let to = location.map_or("nowhere (no Location)".to_string(), |l| {
            let shown = crate::credential::redact_url(l);
            shown.split(['?', '#']).next().unwrap_or("").to_string()
        });
        // A redirect within the host (a path, or the same scheme, host and port) may be the
        // server's own; one elsewhere is someone else's login page.
        let same_host = location.is_some_and(|l| {
            l.starts_with('/') && !l.starts_with("//") || authority_of(l) == authority_of(&p.url)
        });
        return Some(match same_host {
            true => format!(
                "HTTP {status}, a redirect to {to} on the same host, not followed: a moved \
                 repository, a wrong path or a wrong --api-url / --git-url; nothing can be \
                 concluded from it"
            ),
            false => format!(
                "HTTP {status}, a redirect to {to}: Bitbucket answers this request without one; \
                 a proxy, a single sign-on portal or a wrong --api-url / --git-url answered"
            ),
        });
    }
    let kind = header("content-type")
        .unwrap_or("no Content-Type")
        .to_string();
    if p.url.contains(".git/") {
        let advertised = kind.contains("git-upload-pack") || body.starts_with("001e# service=");
        return (!advertised).then(|| {
            format!(
                "HTTP {status} with {kind} where git's ref advertisement belongs: not \
                 Bitbucket's git; a proxy, a captive portal or a wrong --git-url answered"
            )
        });
    }
    if body.trim_start().starts_with(['{', '[']) {
        if cut {
            return Some(format!(
                "HTTP {status} with JSON that did not arrive whole or is larger than {} KiB: \
                 not Bitbucket's answer to this request (cut short, or something else answered)",
                JUDGE_CAP / 1024
            ));
        }
        return serde_json::from_str::<serde::de::IgnoredAny>(body)
            .is_err()
            .then(|| {
                format!(
                    "HTTP {status} with JSON that does not parse: the answer was cut short or \
                     garbled on the way"
                )
            });
    }
    Some(format!(
        "HTTP {status} with a body that is not JSON ({kind}): not Bitbucket's API; a proxy, a \
         captive portal or a wrong --api-url answered"
    ))
}

/// A connection that failed through a proxy is the proxy's failure: say which proxy (host and
/// port only; a proxy URL may carry a password).
fn blame_proxy(exchange: &mut Exchange, proxy: Option<&ureq::Proxy>) {
    let Some(proxy) = proxy else { return };
    if let Some(Failure::Connect(m) | Failure::Timeout(m) | Failure::Dns(m) | Failure::Proxy(m)) =
        &exchange.failure
    {
        exchange.failure = Some(Failure::Proxy(format!(
            "the proxy {}:{} (from the environment) failed: {m}",
            proxy.host(),
            proxy.port()
        )));
    }
}

/// A transport error as evidence.
fn failure(e: ureq::Error) -> Failure {
    use std::io::ErrorKind as K;
    let msg = e.to_string();
    match e {
        ureq::Error::HostNotFound => Failure::Dns(msg),
        ureq::Error::Timeout(_) | ureq::Error::BodyStalled => Failure::Timeout(msg),
        ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_) => Failure::Tls(msg),
        ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => Failure::Proxy(msg),
        ureq::Error::Io(io) => {
            // rustls' errors arrive wrapped in io::Error; only their words tell them apart.
            let text = io.to_string().to_ascii_lowercase();
            let tls_words = [
                "certificate",
                "tls",
                "handshake",
                "corrupt message",
                "alert",
                "unknownissuer",
            ];
            if tls_words.iter().any(|w| text.contains(w)) {
                Failure::Tls(msg)
            } else if text.contains("failed to lookup address") {
                // getaddrinfo's failure (std's wording), which ureq passes on as io.
                Failure::Dns(msg)
            } else {
                match io.kind() {
                    K::TimedOut | K::WouldBlock => Failure::Timeout(msg),
                    _ => Failure::Connect(msg),
                }
            }
        }
        ureq::Error::Http(_) => Failure::Other(format!(
            "the request cannot be built ({msg}): the URL or the Authorization header holds \
             characters HTTP forbids"
        )),
        _ => Failure::Other(msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::Authorization;

    fn probe(name: &'static str, authed: bool) -> Probe {
        Probe {
            name,
            method: Method::Get,
            url: "https://api.bitbucket.org/2.0/user".into(),
            auth: authed.then(|| Authorization::parse("Basic cGF0OnNlY3JldA==")),
        }
    }

    #[test]
    fn a_bearer_token_names_no_account_and_costs_no_refusal() {
        let bearer = |name| Probe {
            auth: Some(Authorization::parse("Bearer abc")),
            ..probe(name, false)
        };
        let many: Vec<Probe> = (0..6).map(|_| bearer("user")).collect();
        assert_eq!(within_budget(many, 0, 3).len(), 6);
        let refused = Exchange {
            request: Some(request_of(&bearer("repo"))),
            response: Some(Response::from_parts(401, &[], "")),
            ..Exchange::default()
        };
        assert!(!refusable(&refused));
    }

    #[test]
    fn budget_caps_requests_and_refusable_attempts() {
        let many: Vec<Probe> = (0..6).map(|_| probe("user", true)).collect();
        assert_eq!(within_budget(many.clone(), 0, 0).len(), MAX_REFUSALS);
        assert_eq!(within_budget(many, 0, 2).len(), 1);
        let anon: Vec<Probe> = (0..12).map(|_| probe("repo-anon", false)).collect();
        assert_eq!(within_budget(anon.clone(), 0, 0).len(), MAX_REQUESTS);
        assert_eq!(within_budget(anon, 6, 0).len(), 2);
    }

    #[test]
    fn a_credential_counts_until_its_answer_shows_it_accepted() {
        let exchange = |authed: bool, status: Option<u16>, failure: Option<Failure>| Exchange {
            request: Some(request_of(&probe("repo", authed))),
            response: status.map(|s| Response::from_parts(s, &[], "")),
            failure,
            ..Exchange::default()
        };
        assert!(refusable(&exchange(true, Some(401), None)));
        // An answer the client could not read may still be a refused login.
        let unread = Failure::Other("protocol error".into());
        assert!(refusable(&exchange(true, None, Some(unread))));
        assert!(!refusable(&exchange(true, Some(200), None)));
        assert!(!refusable(&exchange(true, Some(404), None)));
        assert!(!refusable(&exchange(false, Some(401), None)));
        let held = Failure::NotSent("budget".into());
        assert!(!refusable(&exchange(true, None, Some(held))));
    }

    #[test]
    fn only_bitbucket_answers_count() {
        let p = probe("repo", true);
        let json = [("Content-Type".to_string(), "application/json".to_string())];
        let html = [("Content-Type".to_string(), "text/html".to_string())];
        assert_eq!(
            not_the_answer(&p, 200, &json, r#"{"type": "user"}"#, false),
            None
        );
        let page = "<html>Sign in</html>".repeat(4000);
        assert!(not_the_answer(&p, 200, &html, &page, true).is_some());
        assert!(not_the_answer(&p, 200, &json, r#"{"type": "us"#, false).is_some());
        assert!(not_the_answer(&p, 200, &json, r#"{"a": 1}"#, true).is_some());
        let elsewhere = [(
            "Location".to_string(),
            "https://sso.example.com/login?x=1".to_string(),
        )];
        let why = not_the_answer(&p, 302, &elsewhere, "", false).unwrap();
        assert!(why.contains("https://sso.example.com/login:"), "{why}");
        let here = [("Location".to_string(), "/2.0/user/".to_string())];
        let why = not_the_answer(&p, 301, &here, "", false).unwrap();
        assert!(why.contains("same host"), "{why}");
        let git = Probe {
            url: "https://bitbucket.org/a/b.git/info/refs?service=git-upload-pack".into(),
            ..probe("git", true)
        };
        let advertised = [(
            "Content-Type".to_string(),
            "application/x-git-upload-pack-advertisement".to_string(),
        )];
        assert_eq!(
            not_the_answer(&git, 200, &advertised, "001e# service=", false),
            None
        );
        assert!(not_the_answer(&git, 200, &html, &page, false).is_some());
    }
}

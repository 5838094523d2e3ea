//! The engine: sends each round's probes at once over one agent, within the request and
//! refusal budgets and the check's deadline, and turns what comes back into evidence.

use super::{MAX_REFUSALS, MAX_REQUESTS, Method, Probe, Setup, authority_of, plan};
use crate::credential::{Authorization, Secret};
use crate::evidence::{
    BODY_CAP, Evidence, Exchange, Failure, Request, Response, SentAuth, Strength,
};
use std::io::Read;
use std::time::{Duration, Instant};

/// Longest wait for a TCP (and TLS) connection, inside the overall deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Run the plan against Bitbucket (or the simulator) and return the evidence.
pub fn run(setup: &Setup) -> Evidence {
    run_observed(setup, &|_| {})
}

/// [`run`], telling `progress` which round is under way.
pub fn run_observed(setup: &Setup, progress: &dyn Fn(&str)) -> Evidence {
    let deadline = Instant::now() + setup.timeout;
    let agent = agent();
    // ureq takes the proxy from ALL_PROXY / HTTPS_PROXY / HTTP_PROXY and honours NO_PROXY;
    // we only need it to name the proxy when a connection through it fails.
    let proxy = ureq::Proxy::try_from_env();
    let pinned: Vec<String> = [&setup.api_url, &setup.git_url]
        .into_iter()
        .filter_map(|u| authority_of(u))
        .collect();
    let secret = setup.auth.as_ref().and_then(|a| a.secret.clone());
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
        sent += probes.len();
        let names: Vec<&str> = probes.iter().map(|p| p.name).collect();
        progress(&format!("round {round}: {}", names.join(", ")));
        let exchanges: Vec<Exchange> = std::thread::scope(|s| {
            let handles: Vec<_> = probes
                .iter()
                .map(|p| {
                    s.spawn(|| {
                        let scrub = |text: &str| scrub(text, p.auth.as_ref(), secret.as_ref());
                        let mut exchange = send(&agent, p, deadline, &pinned, &scrub);
                        blame_proxy(&mut exchange, proxy.as_ref(), &p.url);
                        exchange
                    })
                })
                .collect();
            handles
                .into_iter()
                .zip(&probes)
                .map(|(h, p)| h.join().unwrap_or_else(|_| not_sent(p, "the probe failed")))
                .collect()
        });
        refused += exchanges
            .iter()
            .filter(|e| e.auth().is_some() && e.status() == Some(401))
            .count();
        ev.exchanges.extend(exchanges);
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
    }
    ev.make_printable();
    ev
}

/// Keep the probes the budgets allow, in the plan's priority order.
fn within_budget(probes: Vec<Probe>, sent: usize, refused: usize) -> Vec<Probe> {
    let mut requests_left = MAX_REQUESTS.saturating_sub(sent);
    let mut auth_left = MAX_REFUSALS.saturating_sub(refused);
    probes
        .into_iter()
        .filter(|p| {
            let authed = p.auth.is_some();
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

fn agent() -> ureq::Agent {
    use ureq::tls::{RootCerts, TlsConfig};
    ureq::Agent::config_builder()
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
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .user_agent(concat!("bbdoctor/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
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

/// Send one probe. The only place a request is built: GET or HEAD, the credential only to a
/// pinned host.
fn send(
    agent: &ureq::Agent,
    p: &Probe,
    deadline: Instant,
    pinned: &[String],
    scrub: &dyn Fn(&str) -> String,
) -> Exchange {
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return not_sent(p, "the check's time budget ran out");
    }
    if p.auth.is_some() && !authority_of(&p.url).is_some_and(|a| pinned.contains(&a)) {
        return not_sent(
            p,
            "the credential is sent only to the --api-url and --git-url hosts",
        );
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
    let result = req.config().timeout_global(Some(remaining)).build().call();
    let elapsed_ms = Some(started.elapsed().as_millis() as u64);
    let mut exchange = Exchange {
        probe: p.name.to_string(),
        request: Some(request_of(p)),
        elapsed_ms,
        ..Exchange::default()
    };
    match result {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let headers: Vec<(String, String)> = resp
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        scrub(&String::from_utf8_lossy(v.as_bytes())),
                    )
                })
                .collect();
            let mut body = Vec::new();
            let read = resp
                .body_mut()
                .as_reader()
                .take(BODY_CAP as u64)
                .read_to_end(&mut body);
            let text = String::from_utf8_lossy(&body);
            exchange.response = Some(Response::from_parts(status, &headers, &scrub(&text)));
            if let Err(e) = read
                && body.is_empty()
                && p.method == Method::Get
            {
                exchange.failure = Some(Failure::Timeout(scrub(&format!(
                    "the body did not arrive: {e}"
                ))));
            } else if let Some(why) =
                not_the_api(p, status, &headers, &text, git || body.len() >= BODY_CAP)
            {
                // Something else answered in Bitbucket's place: its 200 proves nothing.
                exchange.response = None;
                exchange.failure = Some(Failure::Other(why));
            }
        }
        Err(e) => exchange.failure = Some(failure(e, scrub)),
    }
    exchange.elapsed_ms = Some(started.elapsed().as_millis() as u64);
    exchange
}

/// Why a success is not the REST API's answer, when it is not: every planned REST probe asks
/// for JSON and Bitbucket answers it with JSON, so a 2xx with anything else came from a proxy,
/// a captive portal or a wrong `--api-url` (the user's own `--endpoint` may serve files); and
/// JSON that does not parse was cut short or garbled on the way. `unjudged`: git's answer, or
/// a body cut at the read cap (it cannot parse whole).
fn not_the_api(
    p: &Probe,
    status: u16,
    headers: &[(String, String)],
    body: &str,
    unjudged: bool,
) -> Option<String> {
    if unjudged || p.name == "endpoint" || p.method != Method::Get || !(200..300).contains(&status)
    {
        return None;
    }
    if body.trim_start().starts_with(['{', '[']) {
        return serde_json::from_str::<serde::de::IgnoredAny>(body)
            .is_err()
            .then(|| {
                format!(
                    "HTTP {status} with JSON that does not parse: the answer was cut short or \
                     garbled on the way"
                )
            });
    }
    let kind = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map_or("no Content-Type".to_string(), |(_, v)| v.clone());
    Some(format!(
        "HTTP {status} with a body that is not JSON ({kind}): not Bitbucket's API; a proxy, a \
         captive portal or a wrong --api-url answered"
    ))
}

/// A connection that failed through a proxy is the proxy's failure: say which proxy (host and
/// port only; a proxy URL may carry a password).
fn blame_proxy(exchange: &mut Exchange, proxy: Option<&ureq::Proxy>, url: &str) {
    let Some(proxy) = proxy else { return };
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return;
    };
    if proxy.is_no_proxy(&uri) {
        return;
    }
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
fn failure(e: ureq::Error, scrub: &dyn Fn(&str) -> String) -> Failure {
    use std::io::ErrorKind as K;
    let msg = scrub(&e.to_string());
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

/// Remove the credential from text that might echo it back: the form this probe sent, and the
/// user's secret (another probe may have sent it in another form).
fn scrub(text: &str, sent: Option<&Authorization>, secret: Option<&Secret>) -> String {
    let text = sent.map_or_else(|| text.to_string(), |a| a.scrub(text));
    secret.map_or(text.clone(), |s| s.scrub(&text))
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
            auth: authed.then(|| Authorization::parse("Bearer abc")),
        }
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
    fn scrub_removes_an_echoed_secret() {
        let s = Secret::new("hunter2-very-secret");
        let out = scrub("bad header: hunter2-very-secret", None, Some(&s));
        assert!(!out.contains("hunter2-very-secret"));
        let basic = Authorization::basic("pat@example.com", s.clone());
        let payload = "cGF0QGV4YW1wbGUuY29tOmh1bnRlcjItdmVyeS1zZWNyZXQ=";
        let out = scrub(&format!("you sent Basic {payload}"), Some(&basic), None);
        assert!(!out.contains(payload), "{out}");
    }
}

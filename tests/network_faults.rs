//! A hostile network: every way a connection can fail or a server can misbehave gives a
//! diagnosis (never a hang, a crash or a leaked secret), and a whole check ends within
//! `--timeout` whatever the server does. Bounds on time are generous (timeout + 2 s): they say
//! "does not hang", not "is fast".

mod common;

use bbdoctor::sim::{Fault, FaultAction};
use common::hostile::{self, Answer, SelfSignedTls, Stub, measured};
use common::{Lab, Run, assert_no_secret, bbdoctor, check_args, fault};
use std::net::SocketAddr;
use std::time::Duration;

const PAT: &str = "pat@example.com";
/// The `--timeout` of the runs that face a server that never finishes.
const TIMEOUT_SECS: u64 = 3;
/// What "ends within --timeout" is allowed on a noisy machine.
const SLACK: Duration = Duration::from_secs(2);

/// `check acme/widgets` against `api` (REST base) and `git`, with the API token in the
/// environment, timed; no secret may appear in its output.
fn timed_check(lab: &Lab, api: &str, git: &str, extra: &[&str]) -> hostile::Measured {
    let token = lab.secret("pat-api-token");
    let timeout = TIMEOUT_SECS.to_string();
    let mut args = check_args(api, git, "json");
    args.extend(["--timeout", &timeout]);
    args.extend(extra);
    let m = measured(
        &args,
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
    );
    assert_no_secret(&m.run, &lab.world, &[]);
    assert!(
        m.elapsed < Duration::from_secs(TIMEOUT_SECS) + SLACK,
        "took {:?} with --timeout {TIMEOUT_SECS}:\n{}",
        m.elapsed,
        m.run.stdout
    );
    assert!(!m.run.stderr.contains("panicked"), "{}", m.run.stderr);
    m
}

/// [`timed_check`] against one server at `base` (`http://host:port`), for both REST and git.
fn timed_check_at(lab: &Lab, base: &str) -> hostile::Measured {
    timed_check(lab, &format!("{base}/2.0"), base, &[])
}

/// A check against a listener at `addr` that takes no request in time: a network error that
/// says so.
fn assert_nothing_answers_in_time(addr: SocketAddr) {
    let lab = Lab::new(|_| {});
    let m = timed_check_at(&lab, &format!("http://{addr}"));
    expect(&m.run, "network-error", 3);
    let detail = m.run.finding("network-error")["detail"].to_string();
    assert!(detail.contains("Nothing answered in time"), "{detail}");
}

/// A check against the simulator with `faults`.
fn faulty(faults: Vec<Fault>) -> (Lab, hostile::Measured) {
    let lab = Lab::new(|w| w.faults = faults);
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let m = timed_check(&lab, &api, &git, &[]);
    (lab, m)
}

fn expect(run: &Run, primary: &str, code: i32) {
    assert_eq!(run.primary(), primary, "{:?}\n{}", run.ids(), run.stdout);
    assert_eq!(run.code, code, "{}", run.stderr);
}

#[test]
fn connection_refused() {
    let lab = Lab::new(|_| {});
    let (api, git) = hostile::nowhere();
    let m = timed_check(&lab, &api, &git, &[]);
    expect(&m.run, "network-error", 3);
    let error = m.run.json()["probes"][0]["error"]
        .to_string()
        .to_lowercase();
    assert!(error.contains("refused"), "{error}");
    assert_eq!(m.run.json()["verdict"], "unreachable");
}

#[test]
fn unresolvable_host_in_a_namespace_without_network() {
    // `.invalid` never resolves (RFC 6761). The check runs in a network namespace of its own
    // with only loopback, so the lookup cannot reach a name server, let alone the internet.
    assert!(
        hostile::can_unshare(),
        "this test needs `unshare -rn` (user and network namespaces)"
    );
    let run = hostile::offline(
        &[
            "check",
            "acme/widgets",
            "--api-url",
            "https://api.bitbucket.invalid/2.0",
            "--git-url",
            "https://bitbucket.invalid",
            "--format",
            "json",
            "--timeout",
            "5",
        ],
        &[],
    );
    expect(&run, "network-error", 3);
    let detail = run.finding("network-error")["detail"].to_string();
    assert!(
        detail.contains("did not resolve"),
        "{detail}\n{}",
        run.stdout
    );
}

#[test]
fn a_listener_that_never_answers() {
    // Connected (the kernel accepts into the backlog) but never read: a read timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    assert_nothing_answers_in_time(silent.local_addr().unwrap());
    drop(silent);
}

#[test]
fn a_connection_that_is_never_accepted() {
    // A listener whose accept queue is full: the kernel drops further SYNs, so connecting
    // hangs until the connect timeout (or the check's deadline, whichever comes first).
    let full = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = full.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..4096 {
        let stream = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200));
        match stream {
            Ok(s) => queued.push(s),
            Err(_) => break,
        }
    }
    assert!(
        std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_err(),
        "the accept queue never filled ({} connections)",
        queued.len()
    );
    assert_nothing_answers_in_time(addr);
    drop(queued);
}

#[test]
fn a_server_that_hangs_after_reading_the_request() {
    let (lab, m) = faulty(vec![fault("/", FaultAction::Hang)]);
    expect(&m.run, "network-error", 3);
    // Hung once per probe of the first round; nothing more was tried.
    assert!(lab.sim.requests().len() <= 4, "{:#?}", lab.sim.requests());
}

#[test]
fn a_server_that_stalls_mid_body() {
    let (_lab, m) = faulty(vec![fault("/2.0/", FaultAction::StallBody)]);
    // Headers arrived but no body: no conclusion about the credential can be drawn.
    assert_ne!(m.run.code, 0, "{}", m.run.stdout);
    assert!(
        m.run.ids().iter().any(|id| id == "network-error"),
        "{:?}\n{}",
        m.run.ids(),
        m.run.stdout
    );
    assert!(
        m.run.ids().iter().all(|id| id != "healthy"),
        "{}",
        m.run.stdout
    );
}

#[test]
fn a_server_that_resets_the_connection() {
    let (_lab, m) = faulty(vec![fault("/", FaultAction::Reset)]);
    expect(&m.run, "network-error", 3);
}

#[test]
fn a_self_signed_certificate_is_a_tls_error_with_the_proxy_hint() {
    let tls = SelfSignedTls::start();
    let lab = Lab::new(|_| {});
    let m = timed_check_at(&lab, &format!("https://{}", tls.addr));
    expect(&m.run, "tls-error", 3);
    let tls_error = m.run.finding("tls-error");
    let advice = format!("{} {}", tls_error["explanation"], tls_error["fix"]).to_lowercase();
    assert!(advice.contains("proxy"), "{advice}");
    assert!(advice.contains("ca"), "{advice}");
    assert!(advice.contains("ssl_cert_file"), "{advice}");
    // The handshake failed, so no request (and no credential) crossed it.
    let handshakes = tls.handshakes();
    assert!(!handshakes.is_empty());
    assert!(
        handshakes.iter().all(|h| h.starts_with("failed")),
        "{handshakes:?}"
    );
}

#[test]
fn rate_limited_in_the_first_round_stops_probing() {
    // Only /2.0/user answers 429: the first round is the last.
    let lab = Lab::new(|w| {
        w.faults = vec![fault(
            "/2.0/user",
            FaultAction::Status {
                status: 429,
                body: Some("Rate limit for this resource has been exceeded".into()),
            },
        )];
    });
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    // A Bearer API token: the first round raises questions a second round would ask.
    let token = lab.secret("pat-api-token");
    let header = format!("Authorization: Bearer {token}");
    let m = timed_check(&lab, &api, &git, &["-H", &header]);
    // The target answered the Bearer token itself: that answer decides; the 429 on
    // bbdoctor's side probe is a warning beside it.
    assert_eq!(m.run.primary(), "api-token-as-bearer", "{}", m.run.stdout);
    assert_eq!(m.run.finding("rate-limited")["severity"], "warning");
    let first_round = lab.sim.requests().len();
    assert!(first_round <= 5, "{:#?}", lab.sim.requests());
    let names: Vec<String> = m.run.json()["probes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    // Round 1 holds every predictable variant (design.md §8), the corrected form included;
    // nothing a second round asks went out.
    assert_eq!(
        names,
        ["repo-anon", "repo", "user", "repo-fixed", "workspace"],
        "a second round was sent"
    );
}

#[test]
fn a_429_on_a_side_probe_alone_is_a_warning_and_the_target_decides() {
    let (_lab, m) = faulty(vec![fault(
        "/2.0/user",
        FaultAction::Status {
            status: 429,
            body: Some("Rate limit for this resource has been exceeded".into()),
        },
    )]);
    assert_eq!(m.run.code, 0, "{}", m.run.stdout);
    assert!(
        m.run.ids().contains(&"healthy".to_string()),
        "{:?}",
        m.run.ids()
    );
    assert_eq!(m.run.finding("rate-limited")["severity"], "warning");
}

#[test]
fn every_5xx_is_a_service_error_with_exit_3() {
    for status in [500, 502, 503, 504] {
        let (_lab, m) = faulty(vec![fault(
            "/2.0/",
            FaultAction::Status { status, body: None },
        )]);
        expect(&m.run, "service-error", 3);
        assert_eq!(m.run.json()["verdict"], "unreachable");
    }
}

#[test]
fn a_5xx_on_a_side_probe_alone_is_a_warning() {
    // (A stall on /2.0/user and a 5xx on the target itself: tests/cross_probe.rs.)
    let (_lab, m) = faulty(vec![fault(
        "/2.0/user",
        FaultAction::Status {
            status: 503,
            body: None,
        },
    )]);
    assert_eq!(m.run.json()["verdict"], "ok", "{}", m.run.stdout);
    let f = m.run.finding("service-error");
    assert_eq!(f["severity"], "warning", "{f}");
    assert!(
        f["evidence"].to_string().contains("the target answered"),
        "{f}"
    );
}

#[test]
fn a_huge_body_is_read_only_up_to_the_cap() {
    // 256 MB on every REST answer: a process that read it all would hold it in memory.
    let (_lab, m) = faulty(vec![fault(
        "/2.0/",
        FaultAction::HugeBody { megabytes: 256 },
    )]);
    assert!(m.run.code != 2, "{}", m.run.stderr);
    assert!(
        m.peak_kib < 64 * 1024,
        "peak memory {} KiB while facing 256 MB bodies",
        m.peak_kib
    );
    assert!(m.peak_kib > 0, "the memory was not measured");
    // The report quotes no more than the cap of any body.
    assert!(
        m.run.stdout.len() < 256 * 1024,
        "{} bytes",
        m.run.stdout.len()
    );
}

#[test]
fn invalid_json_concludes_nothing() {
    // A 200 whose JSON is cut short proves nothing: not "ok", and no crash.
    let (_lab, m) = faulty(vec![fault("/2.0/", FaultAction::InvalidJson)]);
    expect(&m.run, "network-error", 3);
    let detail = m.run.finding("network-error")["detail"].to_string();
    assert!(detail.contains("does not parse"), "{detail}");
}

#[test]
fn wrong_content_types_are_not_believed() {
    // A login page where JSON belongs (a captive portal, an SSO proxy): 200 text/html.
    let portal = Stub::start(|_| {
        Answer::Bytes(hostile::response(
            200,
            &[("Content-Type", "text/html")],
            "<html><body><form action=/login>Sign in to continue</form></body></html>",
        ))
    });
    let lab = Lab::new(|_| {});
    let m = timed_check_at(&lab, &format!("http://{}", portal.addr));
    assert!(matches!(m.run.code, 1 | 3), "{}", m.run.stdout);
    assert!(
        m.run.ids().iter().all(|id| id != "healthy"),
        "an HTML page is no proof the credential works: {}",
        m.run.stdout
    );
    // Bitbucket's JSON error under a text/plain label, and plain text under a JSON label.
    let mislabelled = Stub::start(|head| {
        let body = if head.contains("/2.0/user") {
            (
                "application/json",
                "Login failed due to incorrect login credentials or method.",
            )
        } else {
            (
                "text/plain",
                r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#,
            )
        };
        Answer::Bytes(hostile::response(401, &[("Content-Type", body.0)], body.1))
    });
    let m = timed_check_at(&lab, &format!("http://{}", mislabelled.addr));
    assert!(matches!(m.run.code, 1 | 3), "{}", m.run.stdout);
    let _ = m.run.json();
}

#[test]
fn a_slow_server_cannot_stretch_the_check_past_its_timeout() {
    // Each answer takes longer than the whole check may.
    let lab = Lab::new(|w| w.latency_ms = 10_000);
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let m = timed_check(&lab, &api, &git, &[]);
    expect(&m.run, "network-error", 3);
    // The report still comes out, and says why.
    let detail = m.run.finding("network-error")["detail"].to_string();
    assert!(detail.contains("in time"), "{detail}");
}

#[test]
fn a_broken_server_in_every_format_still_gives_a_report() {
    let lab = Lab::new(|w| w.faults = vec![fault("/", FaultAction::Reset)]);
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    for format in ["text", "json", "jsonl", "markdown", "junit"] {
        let run = bbdoctor(&check_args(&api, &git, format), &[], None);
        assert_eq!(run.code, 3, "{format}: {}", run.stderr);
        assert!(
            run.stdout.contains("network-error"),
            "{format}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_credential_helper_that_hangs_cannot_stretch_the_check() {
    // git's helper waits forever (for a window nobody will see): the check gives up within
    // its --timeout and says what to do instead.
    let lab = Lab::new(|_| {});
    let home = common::scratch();
    let gitconfig = home.join(".gitconfig");
    std::fs::write(
        &gitconfig,
        "[credential]\n\thelper = \"!f() { sleep 60; }; f\"\n",
    )
    .unwrap();
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let timeout = TIMEOUT_SECS.to_string();
    let m = measured(
        &[
            "check",
            "acme/widgets",
            "--git-credential",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "--timeout",
            &timeout,
        ],
        &[
            ("HOME", home.to_str().unwrap()),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CONFIG_GLOBAL", gitconfig.to_str().unwrap()),
        ],
    );
    assert!(
        m.elapsed < Duration::from_secs(TIMEOUT_SECS) + SLACK,
        "took {:?}",
        m.elapsed
    );
    assert_eq!(m.run.code, 2, "{}{}", m.run.stdout, m.run.stderr);
    assert!(
        m.run.stderr.contains("did not answer within"),
        "{}",
        m.run.stderr
    );
}

/// What a hostile server (or paste) could use to take over a terminal.
const TERMINAL_CONTROLS: [char; 5] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'];

#[test]
fn a_server_cannot_write_escape_sequences_to_the_terminal() {
    // Raw escape sequences in a text body, escaped ones (\u001b) in a JSON message, a C1 CSI
    // and a right-to-left override: none reaches the report.
    let evil = Stub::start(|head| {
        let (kind, body) = if head.contains("/2.0/user") {
            (
                "application/json",
                r#"{"type": "error", "error": {"message": "\u001b]0;pwned\u0007\u001b[2J\u009b31mverdict: ok \u202eko"}}"#.to_string(),
            )
        } else {
            (
                "text/plain",
                "Login failed \u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31mverdict: ok\r\nhidden \u{9b}31m \u{202e}ko".to_string(),
            )
        };
        Answer::Bytes(hostile::response(401, &[("Content-Type", kind)], &body))
    });
    let lab = Lab::new(|_| {});
    let (api, git) = (
        format!("http://{}/2.0", evil.addr),
        format!("http://{}", evil.addr),
    );
    for format in ["text", "markdown", "json", "jsonl", "junit"] {
        let run = bbdoctor(
            &check_args(&api, &git, format),
            &[("BITBUCKET_ACCESS_TOKEN", &lab.secret("widgets-repo-token"))],
            None,
        );
        assert!(matches!(run.code, 1 | 3), "{format}: {}", run.stderr);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert!(
            out.contains("Login failed"),
            "{format}: the message is gone:\n{out}"
        );
        for c in TERMINAL_CONTROLS {
            assert!(
                !out.contains(c),
                "{format}: {c:?} reaches the output:\n{out:?}"
            );
        }
    }
    // The same from a paste.
    let pasted = "curl https://api.bitbucket.org/2.0/user\n\u{1b}[31mHTTP/1.1 401 Unauthorized\u{1b}[0m\n\nLogin failed \u{1b}]0;pwned\u{7} due to incorrect login credentials or method.\u{9b}2J\u{202e}\n";
    for format in ["text", "markdown"] {
        let run = bbdoctor(&["explain", "--format", format], &[], Some(pasted));
        assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
        for c in TERMINAL_CONTROLS {
            assert!(
                !run.stdout.contains(c),
                "explain {format}: {c:?}:\n{:?}",
                run.stdout
            );
        }
    }
}

#[test]
fn a_hostile_message_leaves_the_junit_report_well_formed() {
    // XML's special characters, a CDATA end, and characters XML 1.0 forbids.
    let evil = Stub::start(|_| {
        let body = "{\"type\": \"error\", \"error\": {\"message\": \"<testsuite>]]>&amp;\\\" \\uffff\\ufffe \\u0000 end\"}}";
        Answer::Bytes(hostile::response(
            401,
            &[("Content-Type", "application/json")],
            body,
        ))
    });
    let lab = Lab::new(|_| {});
    let (api, git) = (
        format!("http://{}/2.0", evil.addr),
        format!("http://{}", evil.addr),
    );
    let run = bbdoctor(
        &check_args(&api, &git, "junit"),
        &[("BITBUCKET_ACCESS_TOKEN", &lab.secret("widgets-repo-token"))],
        None,
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let doc = roxmltree::Document::parse(&run.stdout)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{}", run.stdout));
    assert_eq!(doc.root_element().tag_name().name(), "testsuites");
    assert!(
        run.stdout.contains("end"),
        "the message is gone:\n{}",
        run.stdout
    );
}

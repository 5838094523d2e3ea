//! Read-only and pinned, asserted from what the servers received: GET and HEAD only; the
//! credential only to the `--api-url` and `--git-url` hosts, never after a redirect; plain
//! http only to loopback; the environment's proxy used, and named when it fails.

mod common;

use bbdoctor::sim::{FaultAction, Sim, World};
use common::hostile::{self, Answer, SelfSignedTls, Stub};
use common::{Lab, bbdoctor, check_args, fault};

const PAT: &str = "pat@example.com";

#[test]
fn only_get_and_head_reach_the_server_whatever_is_asked() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let access = lab.secret("widgets-repo-token");
    let bearer = format!("Authorization: Bearer {token}");
    let env = [("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)];
    // A curl command that writes (-X DELETE, -d): bbdoctor takes its credential, never its
    // method or body.
    let url = format!("{}/repositories/acme/widgets", lab.sim.api_url());
    let delete =
        format!("curl -X DELETE -d '{{\"x\":1}}' -H 'Authorization: Bearer {access}' {url}");
    let post = format!("curl --request POST --data x=1 -u {PAT}:{token} {url}/pullrequests");
    // Each run: its arguments and its environment.
    type Way<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let runs: Vec<Way> = vec![
        (vec![], env.to_vec()),
        (vec!["-H", &bearer], vec![("BITBUCKET_EMAIL", PAT)]),
        (vec!["--curl", &delete], vec![]),
        (vec!["--curl", &post], vec![]),
        (
            vec![
                "--require-permission",
                "admin",
                "--endpoint",
                "/2.0/repositories/acme/widgets/pullrequests",
            ],
            env.to_vec(),
        ),
    ];
    for (args, env) in runs {
        lab.check("acme/widgets", &args, &env);
    }
    // Twenty endpoints asked: the request budget still holds (lab.check asserts at most 8).
    let many: Vec<String> = (0..20)
        .map(|i| format!("/2.0/repositories/acme/widgets/src/main/f{i}"))
        .collect();
    let mut args: Vec<&str> = Vec::new();
    for e in &many {
        args.extend(["--endpoint", e.as_str()]);
    }
    lab.check("acme/widgets", &args, &env);
    let log = lab.sim.requests();
    assert!(log.len() > 10, "{log:#?}");
    let methods: std::collections::BTreeSet<&str> = log.iter().map(|r| r.method.as_str()).collect();
    assert!(
        methods.iter().all(|m| *m == "GET" || *m == "HEAD"),
        "{methods:?}"
    );
    let host = lab.sim.addr().to_string();
    assert!(
        log.iter().all(|r| r.host.as_deref() == Some(host.as_str())),
        "{log:#?}"
    );
}

#[test]
fn a_redirect_to_another_host_or_port_is_not_followed() {
    // Two other servers stand where the redirects point; neither may hear anything.
    let elsewhere = Sim::start(World::default_world()).unwrap();
    let stub = Stub::start(|_| Answer::Bytes(hostile::response(200, &[], "{}")));
    let to_sim = format!("{}/repositories/acme/widgets", elsewhere.api_url());
    let to_stub = format!("http://localhost:{}/2.0/user", stub.addr.port());
    let lab = Lab::new(|w| {
        let redirect = |location: String| FaultAction::Redirect { location };
        w.faults = vec![
            fault("/2.0/repositories/acme/widgets", redirect(to_sim.clone())),
            fault("/2.0/user", redirect(to_stub.clone())),
            fault(
                "/acme/widgets.git",
                redirect(format!(
                    "{}/acme/widgets.git/info/refs?service=git-upload-pack",
                    elsewhere.base_url()
                )),
            ),
        ]
    });
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "acme/widgets",
        &[],
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
    );
    assert!(
        elsewhere.requests().is_empty(),
        "{:#?}",
        elsewhere.requests()
    );
    assert!(stub.seen().is_empty(), "{:?}", stub.seen());
    // The redirects were answered, and are in the report as such: not Bitbucket's answer
    // (a proxy, a portal or a wrong host), so nothing is concluded from them.
    let redirected = run.json()["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("HTTP 302, a redirect to"))
        })
        .count();
    assert!(redirected >= 3, "{}", run.stdout);
    assert_eq!(run.primary(), "network-error", "{}", run.stdout);
    assert_eq!(run.code, 3);
}

#[test]
fn an_endpoint_on_another_host_gets_no_credential() {
    let other = Stub::start(|_| Answer::Bytes(hostile::response(200, &[], "{}")));
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let endpoint = format!("http://127.0.0.1:{}/2.0/user", other.addr.port());
    let run = lab.check(
        "acme/widgets",
        &["--endpoint", &endpoint],
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
    );
    assert!(
        other
            .seen()
            .iter()
            .all(|h| hostile::header_of(h, "authorization").is_none()),
        "{:?}",
        other.seen()
    );
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
}

#[test]
fn plain_http_is_refused_unless_the_host_is_loopback() {
    // Offline, in a network namespace of its own: were the refusal missing, nothing could
    // still leave the machine.
    assert!(hostile::can_unshare(), "this test needs `unshare -rn`");
    let cases: Vec<Vec<&str>> = vec![
        vec!["--api-url", "http://api.bitbucket.org/2.0"],
        vec!["--git-url", "http://bitbucket.org"],
        vec!["--api-url", "http://192.0.2.1/2.0"],
        // Names that only look like loopback.
        vec!["--api-url", "http://127.0.0.1.example.com/2.0"],
        vec!["--api-url", "http://localhost.example.com/2.0"],
        vec![
            "--curl",
            "curl -u pat@example.com:x http://api.bitbucket.org/2.0/repositories/acme/widgets",
        ],
    ];
    for extra in cases {
        let mut args = vec!["check", "acme/widgets"];
        args.extend(&extra);
        let run = hostile::offline(&args, &[]);
        assert_eq!(run.code, 2, "{extra:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.starts_with("error: ") && run.stderr.contains("plain http"),
            "{extra:?}: {}",
            run.stderr
        );
    }
    // Loopback in each spelling is accepted (nothing listens: a network error, not a refusal).
    let port = hostile::closed_port();
    for host in ["127.0.0.1", "localhost", "[::1]", "127.1.2.3"] {
        let api = format!("http://{host}:{port}/2.0");
        let git = format!("http://{host}:{port}");
        let run = bbdoctor(&check_args(&api, &git, "json"), &[], None);
        assert_eq!(run.code, 3, "{host}: {}{}", run.stdout, run.stderr);
    }
}

#[test]
fn https_proxy_is_used_and_named_when_it_fails() {
    // A proxy that refuses every CONNECT, in front of an HTTPS server.
    let proxy = Stub::start(|_| {
        Answer::Bytes(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".to_vec())
    });
    let tls = SelfSignedTls::start();
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let proxy_url = format!("http://proxyuser:proxypass@127.0.0.1:{}", proxy.addr.port());
    let api = format!("https://{}/2.0", tls.addr);
    let git = format!("https://{}", tls.addr);
    let args = check_args(&api, &git, "json");
    let env = [
        ("BITBUCKET_EMAIL", PAT),
        ("BITBUCKET_API_TOKEN", token.as_str()),
        ("HTTPS_PROXY", proxy_url.as_str()),
    ];
    let run = bbdoctor(&args, &env, None);
    common::assert_no_secret(&run, &lab.world, &["proxypass"]);
    assert_eq!(run.primary(), "network-error", "{}", run.stdout);
    assert_eq!(run.code, 3);
    let detail = run.finding("network-error")["detail"].to_string();
    assert!(
        detail.contains(&format!("127.0.0.1:{}", proxy.addr.port())),
        "the proxy is not named: {detail}"
    );
    // The proxy was asked to tunnel to the server, and saw no credential.
    let seen = proxy.seen();
    assert!(
        seen.iter()
            .any(|h| h.starts_with(&format!("CONNECT {}", tls.addr))),
        "{seen:?}"
    );
    assert!(seen.iter().all(|h| !h.contains(&token[20..60])), "{seen:?}");
    assert!(tls.handshakes().is_empty(), "went around the proxy");
    // NO_PROXY sends it straight to the server (whose certificate then fails).
    let no_proxy = [env[0], env[1], env[2], ("NO_PROXY", "127.0.0.1")];
    let before = proxy.seen().len();
    let run = bbdoctor(&args, &no_proxy, None);
    assert_eq!(run.primary(), "tls-error", "{}", run.stdout);
    assert_eq!(
        proxy.seen().len(),
        before,
        "the proxy was used despite NO_PROXY"
    );
    assert!(!tls.handshakes().is_empty());
}

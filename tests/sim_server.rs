//! The simulator as a server: concurrency with latency, the request log, injected faults,
//! malformed requests, shutdown, the world file API, and the real `curl` talking to it.

mod sim_util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use bbdoctor::sim::{Fault, FaultAction, Outcome, Sim, World, mint};
use sim_util::*;

fn fault(path_prefix: &str, action: FaultAction) -> Fault {
    Fault {
        path_prefix: path_prefix.into(),
        latency_ms: 0,
        action,
    }
}

/// Sends raw bytes and returns whatever comes back before the timeout or close.
fn raw(sim: &Sim, request: &[u8], timeout: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(sim.addr()).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.write_all(request).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    let closed = loop {
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => break false, // timed out
        }
    };
    (String::from_utf8_lossy(&out).into_owned(), closed)
}

const GET_WIDGETS: &[u8] = b"GET /2.0/repositories/acme/widgets HTTP/1.1\r\nHost: x\r\n\r\n";

#[test]
fn latency_does_not_serialise_concurrent_requests() {
    let mut world = World::default_world();
    world.latency_ms = 100;
    let sim = start(world);
    let url = format!("{}/repositories/acme/public-docs", sim.api_url());
    let begun = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            thread::spawn(move || get(&url, None).status)
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().unwrap(), 200);
    }
    let elapsed = begun.elapsed();
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(
        elapsed < Duration::from_millis(300),
        "serialised? {elapsed:?}"
    );
}

#[test]
fn every_request_is_logged() {
    let world = World::default_world();
    let sim = start(world.clone());
    let api = sim.api_url();
    get(&format!("{api}/repositories/acme/widgets?pagelen=5"), None);
    get(
        &format!("{api}/user"),
        Some(&basic(PAT_EMAIL, &secret(&world, "pat-api-token"))),
    );
    get(&format!("{api}/user"), Some(&basic("pat", "nope")));
    request("POST", &format!("{api}/user"), None);
    let log = sim.requests();
    assert_eq!(log.len(), 4);
    let host = sim.base_url().trim_start_matches("http://").to_string();
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].host.as_deref(), Some(host.as_str()));
    assert_eq!(log[0].path, "/2.0/repositories/acme/widgets?pagelen=5");
    assert_eq!((log[0].outcome, log[0].status), (Outcome::Anonymous, 404));
    assert_eq!(log[0].credential, None);
    assert_eq!(log[1].credential.as_deref(), Some("pat-api-token"));
    assert_eq!((log[1].outcome, log[1].status), (Outcome::Accepted, 200));
    assert!(
        log[1]
            .authorization
            .as_deref()
            .unwrap()
            .starts_with("Basic ")
    );
    assert_eq!((log[2].outcome, log[2].status), (Outcome::Refused, 401));
    assert_eq!(log[2].credential, None);
    assert_eq!((log[3].method.as_str(), log[3].status), ("POST", 405));
}

#[test]
fn status_faults_with_default_and_custom_bodies() {
    let mut world = World::default_world();
    world.faults = vec![
        fault(
            "/2.0/user",
            FaultAction::Status {
                status: 503,
                body: None,
            },
        ),
        fault(
            "/2.0/repositories/acme/widgets",
            FaultAction::Status {
                status: 500,
                body: Some(r#"{"type": "error", "error": {"message": "boom"}}"#.into()),
            },
        ),
        fault(
            "/2.0/repositories",
            FaultAction::Status {
                status: 502,
                body: None,
            },
        ),
    ];
    let sim = start(world);
    let api = sim.api_url();
    let down = get(&format!("{api}/user"), None);
    assert_eq!(
        (down.status, down.body.as_str()),
        (503, "no healthy upstream")
    );
    let boom = get(&format!("{api}/repositories/acme/widgets"), None);
    assert_eq!(boom.status, 500);
    assert_eq!(boom.json()["error"]["message"], "boom");
    assert_eq!(
        boom.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    // First match wins: the widgets fault shadows the wider one only for widgets.
    assert_eq!(get(&format!("{api}/repositories/acme"), None).status, 502);
    // Paths outside every prefix answer normally.
    assert_eq!(get(&format!("{api}/workspaces/acme"), None).status, 404);
}

#[test]
fn hang_and_stall_never_finish_and_drop_still_stops_the_server() {
    let mut world = World::default_world();
    world.faults = vec![
        fault("/2.0/repositories/acme/widgets", FaultAction::Hang),
        fault("/2.0/user", FaultAction::StallBody),
    ];
    let sim = start(world);
    let (hung, closed) = raw(&sim, GET_WIDGETS, Duration::from_millis(300));
    assert_eq!((hung.as_str(), closed), ("", false));
    let (stalled, closed) = raw(
        &sim,
        b"GET /2.0/user HTTP/1.1\r\nHost: x\r\n\r\n",
        Duration::from_millis(300),
    );
    assert!(stalled.starts_with("HTTP/1.1 200 OK\r\n"), "{stalled}");
    assert!(stalled.contains("Content-Length: 1024\r\n"));
    assert!(stalled.ends_with("\r\n\r\n") && !closed);
    let log = sim.requests();
    assert_eq!((log[0].status, log[1].status), (0, 200));
    let begun = Instant::now();
    drop(sim);
    assert!(begun.elapsed() < Duration::from_secs(2));
}

#[test]
fn reset_closes_without_a_response() {
    let mut world = World::default_world();
    world.faults = vec![fault("/2.0/repositories", FaultAction::Reset)];
    let sim = start(world);
    let (answer, closed) = raw(&sim, GET_WIDGETS, Duration::from_secs(2));
    assert_eq!((answer.as_str(), closed), ("", true));
    let agent = agent();
    assert!(
        agent
            .get(&format!("{}/repositories/acme/widgets", sim.api_url()))
            .call()
            .is_err()
    );
}

#[test]
fn huge_invalid_json_and_redirect_faults() {
    let mut world = World::default_world();
    world.faults = vec![
        fault(
            "/2.0/repositories/acme/widgets",
            FaultAction::HugeBody { megabytes: 2 },
        ),
        fault("/2.0/user", FaultAction::InvalidJson),
        fault(
            "/2.0/workspaces",
            FaultAction::Redirect {
                location: "http://127.0.0.1:9/elsewhere".into(),
            },
        ),
    ];
    let sim = start(world);
    let api = sim.api_url();
    let huge = get(&format!("{api}/repositories/acme/widgets"), None);
    assert_eq!(huge.status, 200);
    assert_eq!(huge.body.len(), 2 * 1024 * 1024);
    let broken = get(&format!("{api}/user"), None);
    assert_eq!(broken.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&broken.body).is_err());
    let moved = get(&format!("{api}/workspaces/acme"), None);
    assert_eq!(moved.status, 302);
    assert_eq!(
        moved.header("location"),
        Some("http://127.0.0.1:9/elsewhere")
    );
}

#[test]
fn fault_latency_adds_to_world_latency() {
    let mut world = World::default_world();
    world.faults = vec![Fault {
        path_prefix: "/2.0/user".into(),
        latency_ms: 150,
        action: FaultAction::Latency,
    }];
    let sim = start(world);
    let begun = Instant::now();
    assert_eq!(get(&format!("{}/user", sim.api_url()), None).status, 401);
    assert!(begun.elapsed() >= Duration::from_millis(150));
    let begun = Instant::now();
    get(&format!("{}/workspaces/acme", sim.api_url()), None);
    assert!(begun.elapsed() < Duration::from_millis(150));
}

#[test]
fn malformed_requests_get_400_and_the_server_keeps_serving() {
    let sim = start(World::default_world());
    for junk in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET no-slash HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nbad header line\r\n\r\n",
        b"\x00\x01\x02\xff\r\n\r\n",
    ] {
        let (answer, _) = raw(&sim, junk, Duration::from_secs(2));
        assert!(
            answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{answer:?}"
        );
    }
    assert_eq!(
        get(
            &format!("{}/repositories/acme/public-docs", sim.api_url()),
            None
        )
        .status,
        200
    );
    assert_eq!(sim.requests().iter().filter(|r| r.status == 400).count(), 4);
}

#[test]
fn dropping_the_simulator_closes_the_port() {
    let sim = start(World::default_world());
    let addr = sim.addr();
    assert!(TcpStream::connect(addr).is_ok());
    drop(sim);
    assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err());
}

#[test]
fn start_on_binds_the_given_address_and_checks_the_world() {
    let sim = Sim::start_on(World::default_world(), "127.0.0.1:0").unwrap();
    assert!(sim.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(sim.api_url(), format!("{}/2.0", sim.base_url()));
    let mut broken = World::default_world();
    broken.now = "not a date".into();
    assert!(Sim::start(broken).is_err());
}

#[test]
fn world_files_load_and_fixture_secrets_are_checksum_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sim/default.json");
    let loaded = World::load(path).unwrap();
    assert_eq!(loaded, World::default_world());
    assert!(World::load("/nonexistent/world.json").is_err());
    assert!(World::from_json("{").is_err());
    for credential in &loaded.credentials {
        let s = &credential.secret;
        if s.starts_with("ATAT") || s.starts_with("ATCT") || s.starts_with("ATBB") {
            assert!(mint::checksum_ok(s), "{} has a bad checksum", credential.id);
        }
    }
}

/// The real curl, hermetic: `-q` skips ~/.curlrc, `--noproxy '*'` ignores proxy variables.
fn curl(args: &[&str]) -> String {
    let out = Command::new("curl")
        .args(["-q", "-s", "--noproxy", "*", "--max-time", "10"])
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("curl runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn real_curl_with_email_and_api_token() {
    let world = World::default_world();
    let sim = start(world.clone());
    let token = secret(&world, "pat-api-token");
    let url = format!("{}/repositories/acme/widgets", sim.api_url());
    let body = curl(&["-u", &format!("{PAT_EMAIL}:{token}"), &url]);
    let repo: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(repo["full_name"], "acme/widgets");
    // The seed mistake: the API token as Bearer.
    let head = curl(&["-i", "-H", &format!("Authorization: Bearer {token}"), &url]);
    assert!(head.starts_with("HTTP/1.1 401 Unauthorized\r\n"), "{head}");
    assert!(head.ends_with(R3), "{head}");
    assert_eq!(sim.requests().len(), 2);
}

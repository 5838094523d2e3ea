//! Servers that misbehave in ways the simulator does not act out (it answers HTTP from a
//! Bitbucket-shaped world): a raw responder that echoes what it was sent, a listener that never
//! answers, an HTTPS server with a certificate nobody trusts, a proxy that fails. All on
//! loopback; each stops when dropped. And ways to run the binary: offline in a network
//! namespace of its own, and measured (wall time, peak memory).

use super::Run;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What a [`Stub`] does with a request.
pub enum Answer {
    /// Send these bytes, then close.
    Bytes(Vec<u8>),
    /// Keep the connection open and say nothing until the stub is dropped.
    Hang,
}

/// A loopback TCP server that reads one request head per connection, records it, and answers
/// as told.
pub struct Stub {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Stub {
    pub fn start(answer: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let answer = Arc::new(answer);
        let (seen2, stop2) = (seen.clone(), stop.clone());
        thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (seen, stop, answer) = (seen2.clone(), stop2.clone(), answer.clone());
                        thread::spawn(move || serve(stream, &seen, &stop, &*answer));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Stub { addr, seen, stop }
    }

    /// Every request head received, in order.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(
    mut stream: TcpStream,
    seen: &Mutex<Vec<String>>,
    stop: &AtomicBool,
    answer: &(dyn Fn(&str) -> Answer + Send + Sync),
) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    seen.lock().unwrap().push(head.clone());
    match answer(&head) {
        Answer::Bytes(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        Answer::Hang => {
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// An HTTP/1.1 response with these headers and body.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    out.into_bytes()
}

/// The value of a header in a request head.
pub fn header_of<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// A port on loopback that nothing listens on: bound, noted, closed.
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// REST and git base URLs on a loopback port nothing listens on (see [`closed_port`]).
pub fn nowhere() -> (String, String) {
    let port = closed_port();
    (
        format!("http://127.0.0.1:{port}/2.0"),
        format!("http://127.0.0.1:{port}"),
    )
}

/// An HTTPS server on loopback whose certificate (for 127.0.0.1 and localhost) is self-signed,
/// made here: no trust store knows it. It completes no handshake, so it sees no request.
pub struct SelfSignedTls {
    pub addr: SocketAddr,
    handshakes: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl SelfSignedTls {
    pub fn start() -> SelfSignedTls {
        use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
        let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])
            .expect("generate a certificate");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der()));
        let chain = vec![CertificateDer::from(cert.cert.der().to_vec())];
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server config");
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let handshakes = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, stop2) = (handshakes.clone(), stop.clone());
        thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                let Ok((mut tcp, _)) = listener.accept() else {
                    thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let (config, log) = (config.clone(), log.clone());
                thread::spawn(move || {
                    tcp.set_nonblocking(false).ok();
                    tcp.set_read_timeout(Some(Duration::from_secs(5))).ok();
                    let mut conn = rustls::ServerConnection::new(config).unwrap();
                    let outcome = conn.complete_io(&mut tcp);
                    log.lock().unwrap().push(match outcome {
                        Ok(_) if !conn.is_handshaking() => "completed".to_string(),
                        Ok(_) => "incomplete".to_string(),
                        Err(e) => format!("failed: {e}"),
                    });
                    // Whatever came after a completed handshake would be a request.
                    let mut plain = Vec::new();
                    let _ = conn.reader().read_to_end(&mut plain);
                });
            }
        });
        SelfSignedTls {
            addr,
            handshakes,
            stop,
        }
    }

    /// How each connection's handshake ended.
    pub fn handshakes(&self) -> Vec<String> {
        self.handshakes.lock().unwrap().clone()
    }
}

impl Drop for SelfSignedTls {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Whether this machine lets an unprivileged process make its own network namespace.
pub fn can_unshare() -> bool {
    Command::new("unshare")
        .args(["-rn", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Run `bbdoctor` in a network namespace of its own, with only a loopback interface: nothing it
/// does can leave the machine, and a name lookup fails at once instead of asking a server.
pub fn offline(args: &[&str], env: &[(&str, &str)]) -> Run {
    let script = "ip link set lo up 2>/dev/null; exec \"$0\" \"$@\"";
    let mut all = vec!["-rn", "sh", "-c", script, super::BIN];
    all.extend(args);
    super::run_in(Command::new("unshare"), &all, env, None)
}

/// A run with its wall time and the peak resident memory of the process (in KiB, read from
/// /proc while it runs).
pub struct Measured {
    pub run: Run,
    pub elapsed: Duration,
    pub peak_kib: u64,
}

/// Run `bbdoctor` hermetically as [`super::bbdoctor`] does, measuring it.
pub fn measured(args: &[&str], env: &[(&str, &str)]) -> Measured {
    // Kept until the child has exited: a Scratch is removed when dropped.
    let home = super::scratch();
    let mut cmd = super::hermetic(Command::new(super::BIN), &home, env);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run bbdoctor");
    let status_file = format!("/proc/{}/status", child.id());
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let mut peak_kib = 0;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        // VmHWM: the high-water mark of resident memory, so sampling misses no peak.
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    Measured {
        run: Run {
            code,
            stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
            stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        },
        elapsed,
        peak_kib,
    }
}

//! The listening socket and one thread per connection.
//!
//! A thread per connection keeps latency injection from serialising requests (four requests
//! with 100 ms latency take ~100 ms together). Each connection carries one request and closes.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::LoggedRequest;
use super::Outcome;
use super::fault;
use super::http::{self, ReadError, Response};
use super::limits::Counters;
use super::repo::Repos;
use super::router::{self, Action};
use super::world::World;
use crate::clock::http_date;

/// A client that sends nothing for this long is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// State shared by all connections.
pub struct Shared {
    pub world: World,
    pub base_url: String,
    pub counters: Counters,
    pub log: Mutex<Vec<LoggedRequest>>,
    pub stop: AtomicBool,
    /// The bare repositories git fetches from, made on first use.
    pub repos: Repos,
}

impl Shared {
    fn record(&self, entry: LoggedRequest) {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry);
    }
}

/// Binds and starts accepting in a background thread.
pub fn listen(
    world: World,
    addr: impl std::net::ToSocketAddrs,
) -> io::Result<(SocketAddr, Arc<Shared>, JoinHandle<()>)> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let shared = Arc::new(Shared {
        world,
        base_url: format!("http://{local}"),
        counters: Counters::default(),
        log: Mutex::new(Vec::new()),
        stop: AtomicBool::new(false),
        repos: Repos::new(std::env::temp_dir().join(format!(
            "bbdoctor-sim-git-{}-{}",
            std::process::id(),
            local.port()
        ))),
    });
    let accepting = Arc::clone(&shared);
    let handle = thread::Builder::new()
        .name("bbdoctor-sim".into())
        .spawn(move || accept(listener, accepting))?;
    Ok((local, shared, handle))
}

/// Stops accepting: sets the flag, then wakes the blocked `accept` with a connection.
pub fn stop(addr: SocketAddr, shared: &Shared, handle: JoinHandle<()>) {
    shared.stop.store(true, Ordering::SeqCst);
    let wake = match addr.ip() {
        ip if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port()),
        _ => addr,
    };
    let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
    let _ = handle.join();
    let _ = std::fs::remove_dir_all(shared.repos.dir());
}

fn accept(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        // If no thread can be spawned the connection is dropped, as an overloaded edge would.
        let _ = thread::Builder::new()
            .name("bbdoctor-sim-conn".into())
            .spawn(move || connection(stream, &shared));
    }
}

fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let peer = stream
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let date = http_date(shared.world.now());
    let req = match http::read_request(&mut stream, peer) {
        Ok(req) => req,
        Err(ReadError::Closed) => return,
        Err(ReadError::Malformed) => {
            shared.record(LoggedRequest {
                method: String::new(),
                host: None,
                path: String::new(),
                authorization: None,
                credential: None,
                outcome: Outcome::Anonymous,
                status: 400,
            });
            let _ = http::write_response(
                &mut stream,
                &Response::text(400, "Bad Request"),
                &date,
                false,
            );
            return;
        }
    };
    let handled = router::handle(shared, &req);
    if !handled.latency.is_zero() {
        thread::sleep(handled.latency);
    }
    shared.record(handled.log);
    let head_only = req.method == "HEAD";
    let _ = match &handled.action {
        Action::Respond(response) => http::write_response(&mut stream, response, &date, head_only),
        Action::Fault(action) => fault::act(&mut stream, action, &date, head_only, &shared.stop),
    };
}

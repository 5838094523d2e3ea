//! The Bitbucket Cloud simulator: a loopback HTTP server that answers like Bitbucket Cloud for
//! everything bbdoctor's rules depend on (design.md §7, docs/simulator.md).
//!
//! A [`World`] (users, credentials, workspaces, repositories, clock, limits, faults and the
//! switches for unconfirmed behaviours) drives it. Every status, body and header comes from
//! `bitbucket-auth-facts.md`, with its row cited where it is produced. [`Sim`] runs one on an
//! ephemeral port and records every request for tests to inspect.
//!
//! Files: `world` (the format), `auth` (who is calling), `access` (what they may reach),
//! `rest` and `git` (the two front ends), `messages` (Bitbucket's words), `resources` (success
//! bodies), `router` (the order of checks), `server`/`http`/`fault` (the socket), `limits`
//! (counters), `json`, `mint` (synthetic secrets), `standalone` (`bbdoctor sim`).

mod access;
mod auth;
mod fault;
mod git;
mod http;
mod json;
mod limits;
mod messages;
pub mod mint;
mod repo;
mod resources;
mod rest;
mod router;
mod server;
pub mod ssh;
mod standalone;
mod world;

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::thread::JoinHandle;

pub use ssh::{SshHost, SshLogged, SshSim};
pub use standalone::run_standalone;
pub use world::{
    Acceptance, BareToken, Credential, CredentialKind, Denial, Fault, FaultAction, GitRetirement,
    Member, OldSshHost, Project, RateLimit, Removal, Repository, Role, SchemeCase, SshEndpoint,
    SshKey, Unconfirmed, User, Workspace, World,
};

/// How the simulator judged a request's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No credential reached it (none sent, or a header it ignores).
    Anonymous,
    /// A known credential, valid for this request.
    Accepted,
    /// Credentials refused (the answer was a 401, or a 400 for a malformed header).
    Refused,
}

/// One request as the simulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// `GET`, `HEAD`, … (empty for a request that could not be parsed).
    pub method: String,
    /// The `Host` header.
    pub host: Option<String>,
    /// Path with query, as sent.
    pub path: String,
    /// The `Authorization` header, as sent.
    pub authorization: Option<String>,
    /// The id of the world credential whose secret was sent, if any.
    pub credential: Option<String>,
    pub outcome: Outcome,
    /// Status answered; 0 when a fault sent no status line (`hang`, `reset`).
    pub status: u16,
}

/// A running simulator. Dropping it stops the server.
pub struct Sim {
    addr: SocketAddr,
    shared: Arc<server::Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Sim {
    /// Starts a simulator of `world` on `127.0.0.1` and an ephemeral port.
    pub fn start(world: World) -> io::Result<Sim> {
        Sim::start_on(world, "127.0.0.1:0")
    }

    /// Starts a simulator of `world` on `addr` (e.g. `127.0.0.1:8080`).
    pub fn start_on(world: World, addr: impl ToSocketAddrs) -> io::Result<Sim> {
        world
            .check()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let (addr, shared, accept) = server::listen(world, addr)?;
        Ok(Sim {
            addr,
            shared,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT`; git URLs are `{base}/{ws}/{slug}.git`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// `{base}/2.0`, the REST API root.
    pub fn api_url(&self) -> String {
        format!("{}/2.0", self.shared.base_url)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The world being served.
    pub fn world(&self) -> &World {
        &self.shared.world
    }

    /// Every request received so far, in the order they were answered.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(accept) = self.accept.take() {
            server::stop(self.addr, &self.shared, accept);
        }
    }
}

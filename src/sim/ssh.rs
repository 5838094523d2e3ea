//! The simulator's SSH endpoint: answers the real OpenSSH client, and git over SSH, as
//! Bitbucket Cloud does (design.md §7, "added 2026-12"; facts: `bitbucket-auth-facts-2026-12.md`
//! row N1 and §6, rows S1–S13).
//!
//! Two listeners stand for the two host names: [`SshSim::addr`] is `ssh.bitbucket.org`, where
//! SSH lives since the 2026-11-12 move (N1), and [`SshSim::old_addr`] is `bitbucket.org`, which
//! after the move answers as `unconfirmed.ssh_old_host` says (NOT CONFIRMED, facts §5). A
//! client's `~/.ssh/config` maps each name to its port (`Host ssh.bitbucket.org` → `HostName
//! 127.0.0.1`, `Port N`), so that `git@bitbucket.org:ws/repo.git` and
//! `git@ssh.bitbucket.org:ws/repo.git` reach the right one.
//!
//! Keys come from the world's `ssh.keys`: an account's keys see what the account sees, a
//! repository's access (deploy) key reads that repository only (S3–S5). `ssh -T` gets the
//! greeting (S2, S3); `git-upload-pack` runs the real `git upload-pack` on a bare repository the
//! simulator makes, so `git clone` and `git ls-remote` work; refusals are Bitbucket's `conq:`
//! lines (S4–S7) on standard error. Every connection is logged.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::{HashAlg, PrivateKey, PublicKey};
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use tokio::io::AsyncWriteExt;

use super::access::{Caller, Perm};
use super::repo::Repos;
use super::world::{OldSshHost, SshKey, World};

/// Which host name a connection stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshHost {
    /// `ssh.bitbucket.org`: SSH's home since the move (N1).
    New,
    /// `bitbucket.org`: SSH's home before the move.
    Old,
}

/// One SSH connection as the simulator saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshLogged {
    pub host: SshHost,
    /// The user name the client logged in with (`git` in every documented URL).
    pub user: String,
    /// SHA256 fingerprints of the keys the client offered, in order.
    pub offered: Vec<String>,
    /// The world key that authenticated, if one did.
    pub key: Option<String>,
    /// The commands the client asked to run (`git-upload-pack 'acme/widgets.git'`); a shell
    /// request (`ssh -T`) is logged as `shell`.
    pub commands: Vec<String>,
}

/// What Bitbucket says (facts 2026-12 §6, verbatim where a row quotes it).
mod says {
    /// S2: `ssh -T` with an account's key.
    pub const ACCOUNT_GREETING: &str = "authenticated via ssh key.\n\nYou can use git to connect to Bitbucket. Shell access is disabled\n";
    /// S3: `ssh -T` with an access (deploy) key; the list of repositories after the last line
    /// is `ws/slug` a line (its exact format is not confirmed).
    pub const DEPLOY_GREETING: &str = "authenticated via a deploy key.\n\nYou can use git or hg to connect to Bitbucket. Shell access is disabled.\n\nThis deploy key has read access to the following repositories:\n";
    /// S4 (newer form, without `conq: `): a push with a read-only access key.
    pub const DEPLOY_READ_ONLY: &str =
        "repository access denied. access via a deployment key is read-only.\n";
    /// S5: an access key of another repository.
    pub const DEPLOY_OTHER_REPO: &str = "conq: repository access denied. deployment key is not associated with the requested repository.\n";
    /// S6: an account key whose account cannot reach the repository.
    pub const ACCESS_DENIED: &str = "conq: repository access denied.\n";
    /// S7: no such repository.
    pub const NO_SUCH_REPO: &str = "conq: repository does not exist.\n";
    /// S10: `ssh git@bitbucket.org host_key_info`.
    pub const HOST_KEY_INFO: &str = "You are using host key with fingerprint:\n";
    pub const HOST_KEY_INFO_END: &str =
        "See https://bitbucket.org/blog/ssh-host-key-changes for more details.\n";
    /// The `message` alternative of the old host after the move: OUR wording, NOT CONFIRMED
    /// (no Atlassian text for what `bitbucket.org` answers on port 22 was found, facts §5).
    pub const OLD_HOST_BANNER: &str = "bitbucket.org no longer serves SSH. Use ssh.bitbucket.org: git@ssh.bitbucket.org:<workspace>/<repo>.git\n";
}

/// A running SSH endpoint. Dropping it stops it and removes its repositories.
pub struct SshSim {
    addr: SocketAddr,
    old_addr: SocketAddr,
    shared: Arc<Shared>,
    runtime: Option<tokio::runtime::Runtime>,
}

struct Shared {
    world: World,
    host_key_public: PublicKey,
    log: Mutex<Vec<SshLogged>>,
    /// Bare repositories made so far.
    repos: Repos,
}

impl SshSim {
    /// Starts the endpoint for `world` on `127.0.0.1`, ephemeral ports.
    pub fn start(world: World) -> io::Result<SshSim> {
        SshSim::start_on(world, "127.0.0.1:0".parse().expect("an address"))
    }

    /// Starts the endpoint; `addr` is the `ssh.bitbucket.org` listener's (the old host's takes
    /// an ephemeral port beside it).
    pub fn start_on(world: World, addr: SocketAddr) -> io::Result<SshSim> {
        let invalid = |e: String| io::Error::new(io::ErrorKind::InvalidInput, e);
        world.check().map_err(invalid)?;
        let host_key = PrivateKey::from_openssh(world.ssh.host_key.as_bytes())
            .map_err(|e| invalid(format!("ssh.host_key: {e}")))?;
        let host_key_public = host_key.public_key().clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("bbdoctor-sim-ssh")
            .enable_all()
            .build()?;
        let dir = std::env::temp_dir().join(format!(
            "bbdoctor-sim-ssh-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let moved = world.ssh_host_moved();
        let old_host = world.unconfirmed.ssh_old_host;
        let shared = Arc::new(Shared {
            world,
            host_key_public,
            log: Mutex::new(Vec::new()),
            repos: Repos::new(dir),
        });
        let config = Arc::new(config(host_key));
        let (addr, old_addr) = runtime.block_on(async {
            let new = tokio::net::TcpListener::bind(addr).await?;
            let new_addr = new.local_addr()?;
            tokio::spawn(serve(new, config.clone(), shared.clone(), SshHost::New));
            let old_addr = match (moved, old_host) {
                (false, _) => spawn_listener(config.clone(), shared.clone(), SshHost::Old).await?,
                (true, OldSshHost::Message) => {
                    spawn_listener(config.clone(), shared.clone(), SshHost::Old).await?
                }
                (true, OldSshHost::Silent) => {
                    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                    let a = l.local_addr()?;
                    tokio::spawn(silent(l));
                    a
                }
                (true, OldSshHost::Refused) => {
                    // Bound but not listening: a connect is refused, and no other socket can
                    // take the port while this one holds it.
                    let socket = tokio::net::TcpSocket::new_v4()?;
                    socket.bind("127.0.0.1:0".parse().expect("an address"))?;
                    let a = socket.local_addr()?;
                    HELD.lock().unwrap_or_else(|e| e.into_inner()).push(socket);
                    a
                }
            };
            io::Result::Ok((new_addr, old_addr))
        })?;
        Ok(SshSim {
            addr,
            old_addr,
            shared,
            runtime: Some(runtime),
        })
    }

    /// Where `ssh.bitbucket.org` listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where `bitbucket.org` listens (or, after the move, refuses or stays silent).
    pub fn old_addr(&self) -> SocketAddr {
        self.old_addr
    }

    /// The world being served.
    pub fn world(&self) -> &World {
        &self.shared.world
    }

    /// The host key's public half, `ssh-ed25519 AAAA…`.
    pub fn host_key(&self) -> String {
        self.shared.host_key_public.to_openssh().unwrap_or_default()
    }

    /// The host key's fingerprint, `SHA256:…`, as OpenSSH prints it.
    pub fn host_key_fingerprint(&self) -> String {
        self.shared
            .host_key_public
            .fingerprint(HashAlg::Sha256)
            .to_string()
    }

    /// Every connection so far.
    pub fn connections(&self) -> Vec<SshLogged> {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for SshSim {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
        let _ = std::fs::remove_dir_all(self.shared.repos.dir());
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Sockets bound and never listened on (the refused old host), kept for the process's life.
static HELD: Mutex<Vec<tokio::net::TcpSocket>> = Mutex::new(Vec::new());

fn config(host_key: PrivateKey) -> russh::server::Config {
    russh::server::Config {
        server_id: russh::SshId::Standard("SSH-2.0-conker_bbdoctor-sim".into()),
        // Bitbucket takes public keys only (S1: "could not authenticate you with any of the
        // keys"); a client then reports `Permission denied (publickey).`
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        auth_rejection_time: Duration::from_millis(0),
        auth_rejection_time_initial: Some(Duration::from_millis(0)),
        keys: vec![host_key],
        inactivity_timeout: Some(Duration::from_secs(60)),
        nodelay: true,
        ..Default::default()
    }
}

async fn spawn_listener(
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    host: SshHost,
) -> io::Result<SocketAddr> {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let a = l.local_addr()?;
    tokio::spawn(serve(l, config, shared, host));
    Ok(a)
}

async fn serve(
    listener: tokio::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    host: SshHost,
) {
    while let Ok((stream, _)) = listener.accept().await {
        let moved = host == SshHost::Old && shared.world.ssh_host_moved();
        let handler = Connection {
            shared: shared.clone(),
            refuse_all: moved,
            entry: SshLogged {
                host,
                user: String::new(),
                offered: Vec::new(),
                key: None,
                commands: Vec::new(),
            },
            principal: None,
            channels: HashMap::new(),
            logged: None,
        };
        let config = config.clone();
        tokio::spawn(async move {
            if let Ok(session) = russh::server::run_stream(config, stream, handler).await {
                let _ = session.await;
            }
        });
    }
}

/// The old host's `silent` alternative: take the connection, say nothing, hold it a while.
async fn silent(listener: tokio::net::TcpListener) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(120)).await;
            drop(stream);
        });
    }
}

/// Who a key authenticated as.
#[derive(Debug, Clone)]
enum Principal {
    Account { user: String },
    AccessKey { repo: String },
}

struct Connection {
    shared: Arc<Shared>,
    /// The old host after the move, in its `message` alternative: every key is refused.
    refuse_all: bool,
    entry: SshLogged,
    principal: Option<Principal>,
    channels: HashMap<ChannelId, Channel<Msg>>,
    /// This connection's place in the log, once it has one.
    logged: Option<usize>,
}

impl Connection {
    fn known(&self, key: &PublicKey) -> Option<&SshKey> {
        self.shared.world.ssh.keys.iter().find(|k| {
            PublicKey::from_openssh(&k.public_key).is_ok_and(|p| p.key_data() == key.key_data())
        })
    }

    /// One entry per connection, updated as it goes.
    fn log(&mut self) {
        let mut log = self.shared.log.lock().unwrap_or_else(|e| e.into_inner());
        match self.logged.and_then(|i| log.get_mut(i)) {
            Some(entry) => *entry = self.entry.clone(),
            None => {
                self.logged = Some(log.len());
                log.push(self.entry.clone());
            }
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.log();
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        Ok(self.refuse_all.then(|| says::OLD_HOST_BANNER.to_string()))
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        self.entry.user = user.to_string();
        let fp = offer.public_key.fingerprint(HashAlg::Sha256).to_string();
        if !self.entry.offered.contains(&fp) {
            self.entry.offered.push(fp);
        }
        // Every documented URL logs in as `git` (S1, S2, N1); another name has no keys.
        let ok = !self.refuse_all && user == "git" && self.known(offer.public_key).is_some();
        Ok(match ok {
            true => Auth::Accept,
            false => Auth::reject(),
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.refuse_all || user != "git" {
            return Ok(Auth::reject());
        }
        let Some(k) = self.known(key.public_key).cloned() else {
            return Ok(Auth::reject());
        };
        self.entry.key = Some(k.id.clone());
        self.principal = match (k.owner, k.repository) {
            (Some(user), _) => Some(Principal::Account { user }),
            (None, Some(repo)) => Some(Principal::AccessKey { repo }),
            (None, None) => None,
        };
        self.log();
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.insert(channel.id(), channel);
        reply.accept().await;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.entry.commands.push("shell".into());
        self.log();
        session.channel_success(channel)?;
        let text = self.greeting();
        finish(session, channel, Some(text), None, 0)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let command = String::from_utf8_lossy(data).into_owned();
        self.entry.commands.push(command.clone());
        self.log();
        session.channel_success(channel)?;
        if command.trim() == "host_key_info" {
            // S10: the built-in host-key check.
            let fp = self.shared.host_key_public.fingerprint(HashAlg::Sha256);
            let text = format!(
                "{}ssh-ed25519 {fp}\n{}",
                says::HOST_KEY_INFO,
                says::HOST_KEY_INFO_END
            );
            return finish(session, channel, Some(text), None, 0);
        }
        let Some((service, repo)) = git_command(&command) else {
            // Shell access is disabled (S2): any other command gets the greeting.
            let text = self.greeting();
            return finish(session, channel, Some(text), None, 1);
        };
        match self.decide(service, &repo) {
            Err(refusal) => finish(session, channel, None, Some(refusal.into()), 1),
            Ok(()) => {
                let Some(ch) = self.channels.remove(&channel) else {
                    return finish(session, channel, None, Some("channel lost\n".into()), 1);
                };
                let shared = self.shared.clone();
                tokio::spawn(run_git(shared, ch, service, repo));
                Ok(())
            }
        }
    }
}

impl Connection {
    /// S2 for an account's key, S3 for an access key with the repository it reads.
    fn greeting(&self) -> String {
        match &self.principal {
            Some(Principal::AccessKey { repo, .. }) => {
                format!("{}{repo}\n", says::DEPLOY_GREETING)
            }
            _ => says::ACCOUNT_GREETING.to_string(),
        }
    }

    /// Whether the authenticated key may run `service` on `repo` (`ws/slug`); else the
    /// refusal Bitbucket prints.
    fn decide(&self, service: Service, repo: &str) -> Result<(), &'static str> {
        let world = &self.shared.world;
        let found = repo
            .split_once('/')
            .and_then(|(ws, slug)| world.repository(ws, slug));
        match &self.principal {
            Some(Principal::AccessKey { repo: own, .. }) => {
                if found.is_none() {
                    return Err(says::NO_SUCH_REPO); // S7
                }
                if own != repo {
                    return Err(says::DEPLOY_OTHER_REPO); // S5
                }
                match service {
                    Service::UploadPack => Ok(()),
                    Service::ReceivePack => Err(says::DEPLOY_READ_ONLY), // S4
                }
            }
            Some(Principal::Account { user, .. }) => {
                let Some(r) = found else {
                    return Err(says::NO_SUCH_REPO); // S7
                };
                let Some(u) = world.user(user) else {
                    return Err(says::ACCESS_DENIED);
                };
                let peer = std::net::IpAddr::from([127, 0, 0, 1]);
                let needed = match service {
                    Service::UploadPack => Perm::Read,
                    Service::ReceivePack => Perm::Write,
                };
                match Caller::for_user(world, u, peer).permission(r) {
                    Some(p) if p >= needed => Ok(()),
                    // S6: the account cannot reach it (a private repository it cannot see is
                    // refused the same way: SECONDARY, the client matcher behind S7 lists both).
                    _ => Err(says::ACCESS_DENIED),
                }
            }
            None => Err(says::ACCESS_DENIED),
        }
    }
}

/// The two git services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    UploadPack,
    ReceivePack,
}

/// `git-upload-pack 'acme/widgets.git'` (scp-like remotes) or `'/acme/widgets.git'`
/// (`ssh://` remotes), with or without the quotes and `.git`: the service and `ws/slug`.
fn git_command(command: &str) -> Option<(Service, String)> {
    let (name, arg) = command.trim().split_once(char::is_whitespace)?;
    let service = match name {
        "git-upload-pack" | "git upload-pack" => Service::UploadPack,
        "git-receive-pack" => Service::ReceivePack,
        _ => return None,
    };
    let path = arg.trim().trim_matches(['\'', '"']).trim_start_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let (ws, slug) = path.split_once('/')?;
    (!ws.is_empty() && !slug.is_empty() && !slug.contains('/'))
        .then(|| (service, format!("{ws}/{slug}")))
}

/// Write what there is to say, the exit status, and close the channel.
fn finish(
    session: &mut Session,
    channel: ChannelId,
    out: Option<String>,
    err: Option<String>,
    status: u32,
) -> Result<(), russh::Error> {
    if let Some(out) = out {
        session.data(channel, out.into_bytes())?;
    }
    if let Some(err) = err {
        session.extended_data(channel, 1, err.into_bytes())?;
    }
    session.exit_status_request(channel, status)?;
    session.eof(channel)?;
    session.close(channel)
}

/// Run the real `git upload-pack` (or `receive-pack`) on the repository's bare copy, its
/// standard streams joined to the channel.
async fn run_git(shared: Arc<Shared>, channel: Channel<Msg>, service: Service, repo: String) {
    let dir = {
        let shared = shared.clone();
        let repo = repo.clone();
        tokio::task::spawn_blocking(move || shared.bare(&repo)).await
    };
    let (mut read, write) = channel.split();
    let dir = match dir {
        Ok(Ok(dir)) => dir,
        _ => {
            let _ = write
                .extended_data_bytes(1, &b"conq: internal error.\n"[..])
                .await;
            let _ = write.exit_status(1).await;
            let _ = write.eof().await;
            let _ = write.close().await;
            return;
        }
    };
    let program = match service {
        Service::UploadPack => "upload-pack",
        Service::ReceivePack => "receive-pack",
    };
    let child = tokio::process::Command::new("git")
        .arg(program)
        .arg(&dir)
        .env_remove("GIT_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let Ok(mut child) = child else {
        let _ = write.exit_status(1).await;
        let _ = write.close().await;
        return;
    };
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let input = tokio::spawn(async move {
        if let Some(stdin) = stdin.as_mut() {
            let mut reader = read.make_reader();
            let _ = tokio::io::copy(&mut reader, stdin).await;
            let _ = stdin.shutdown().await;
        }
    });
    let mut out = write.make_writer();
    let mut err = write.make_writer_ext(Some(1));
    let copy_out = async {
        if let Some(s) = stdout.as_mut() {
            let _ = tokio::io::copy(s, &mut out).await;
        }
        let _ = out.flush().await;
    };
    let copy_err = async {
        if let Some(s) = stderr.as_mut() {
            let _ = tokio::io::copy(s, &mut err).await;
        }
        let _ = err.flush().await;
    };
    tokio::join!(copy_out, copy_err);
    let status = child.wait().await.ok().and_then(|s| s.code()).unwrap_or(1);
    input.abort();
    let _ = write.exit_status(status as u32).await;
    let _ = write.eof().await;
    let _ = write.close().await;
}

impl Shared {
    /// The bare repository for `ws/slug`.
    fn bare(&self, repo: &str) -> io::Result<PathBuf> {
        let (ws, slug) = repo.split_once('/').unwrap_or((repo, ""));
        let known = self
            .world
            .repository(ws, slug)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, repo.to_string()))?;
        self.repos.bare(known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_commands_name_their_repository() {
        assert_eq!(
            git_command("git-upload-pack 'acme/widgets.git'"),
            Some((Service::UploadPack, "acme/widgets".into()))
        );
        assert_eq!(
            git_command("git-receive-pack '/acme/widgets.git'"),
            Some((Service::ReceivePack, "acme/widgets".into()))
        );
        assert_eq!(git_command("git-upload-pack 'a/b/c.git'"), None);
        assert_eq!(git_command("rm -rf /"), None);
    }

    #[test]
    fn the_default_world_has_a_usable_host_key() {
        let sim = SshSim::start(World::default_world()).unwrap();
        assert!(sim.host_key().starts_with("ssh-ed25519 "));
        assert!(sim.host_key_fingerprint().starts_with("SHA256:"));
        assert_ne!(sim.addr(), sim.old_addr());
    }
}

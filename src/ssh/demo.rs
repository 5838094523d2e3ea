//! The SSH stories of `bbdoctor demo`: the 2026-11-12 host move, and two accounts' keys with
//! the wrong one offered first. Each runs the machine's own ssh against the simulator's SSH
//! endpoint, with throw-away keys made by ssh-keygen in a scratch directory (removed after) and
//! an `ssh -F` config that sends each Bitbucket host name to its loopback listener.

use crate::check;
use crate::probe::Setup;
use crate::report::Report;
use crate::sim::{SshKey, SshSim, World};
use crate::target::Target;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One SSH story.
pub struct Scenario {
    pub title: &'static str,
    pub story: &'static str,
    /// What a user would type.
    pub command: &'static str,
    /// The remote's host (`bitbucket.org` before the move, `ssh.bitbucket.org` after).
    host: &'static str,
    /// Key files ssh offers, in order (`IdentityFile` lines); `kim`'s account cannot see
    /// acme/widgets, `pat`'s can.
    keys: &'static [&'static str],
    pub expected: &'static str,
}

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        title: "SSH: the remote still says bitbucket.org",
        story: "since 2026-11-12 SSH is served only at ssh.bitbucket.org",
        command: "bbdoctor check git@bitbucket.org:acme/widgets.git",
        host: "bitbucket.org",
        keys: &["pat"],
        expected: "ssh-host-moved",
    },
    Scenario {
        title: "SSH: another account's key first",
        story: "work and personal accounts on one laptop; ssh offers the personal key first",
        command: "bbdoctor check git@ssh.bitbucket.org:acme/widgets.git",
        host: "ssh.bitbucket.org",
        keys: &["kim", "pat"],
        expected: "ssh-key-wrong-account",
    },
];

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn keygen(dir: &Path, name: &str) -> Result<String, String> {
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(dir.join(name))
        .output()
        .map_err(|e| format!("ssh-keygen could not run ({e}): install OpenSSH to see this one"))?;
    if !out.status.success() {
        return Err("ssh-keygen failed".into());
    }
    std::fs::read_to_string(dir.join(format!("{name}.pub")))
        .map(|s| s.trim().to_string())
        .map_err(|e| e.to_string())
}

/// Run one story: the report, and how many SSH connections it took. `Err` when this machine
/// has no ssh to run.
pub fn diagnose(s: &Scenario) -> Result<(Report, usize), String> {
    if !super::run::on_path() {
        return Err("no ssh on PATH: bbdoctor checks SSH with your own ssh client".into());
    }
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = Scratch(std::env::temp_dir().join(format!(
        "bbdoctor-demo-ssh-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    )));
    std::fs::create_dir_all(&dir.0).map_err(|e| e.to_string())?;
    let mut world = World::default_world();
    world.now = "2026-11-23T10:00:00Z".into();
    for (name, owner) in [("pat", "pat"), ("kim", "kim")] {
        let public_key = keygen(&dir.0, name)?;
        world.ssh.keys.push(SshKey {
            id: name.into(),
            public_key,
            owner: Some(owner.into()),
            repository: None,
        });
    }
    let sim = SshSim::start(world).map_err(|e| format!("cannot start the simulator: {e}"))?;
    let known_hosts = dir.0.join("known_hosts");
    std::fs::write(
        &known_hosts,
        format!("ssh.bitbucket.org {}\n", sim.host_key()),
    )
    .map_err(|e| e.to_string())?;
    let (new, old) = (sim.addr(), sim.old_addr());
    let mut config = format!(
        "Host ssh.bitbucket.org\n  HostName {}\n  Port {}\n  HostKeyAlias ssh.bitbucket.org\n\
         Host bitbucket.org\n  HostName {}\n  Port {}\n  HostKeyAlias bitbucket.org\n\
         Host *\n  UserKnownHostsFile {}\n  GlobalKnownHostsFile /dev/null\n  IdentitiesOnly yes\n",
        new.ip(),
        new.port(),
        old.ip(),
        old.port(),
        known_hosts.display()
    );
    for k in s.keys {
        config.push_str(&format!("  IdentityFile {}\n", dir.0.join(k).display()));
    }
    let config_file = dir.0.join("config");
    std::fs::write(&config_file, config).map_err(|e| e.to_string())?;
    let target = Target::parse("acme/widgets")?;
    let setup = Setup {
        target: Some(target),
        auth: None,
        source: None,
        provenance: Default::default(),
        api_url: crate::check::DEFAULT_API_URL.into(),
        git_url: crate::check::DEFAULT_GIT_URL.into(),
        endpoints: Vec::new(),
        email: None,
        username: None,
        timeout: Duration::from_secs(10),
        requirements: Default::default(),
        secrets: Default::default(),
        git_helper: None,
        ssh: Some(super::Plan {
            host: s.host.into(),
            hostname: None,
            port: None,
            user: "git".into(),
            repo: Some("acme/widgets".into()),
            push: false,
            // No agent: only the files named, as the story has them.
            command: Some(super::run::SshCommand::Shell(format!(
                "SSH_AUTH_SOCK= ssh -F {}",
                config_file.display()
            ))),
            timeout: Duration::from_secs(10),
        }),
    };
    let report = check::run(&setup);
    Ok((report, sim.connections().len()))
}

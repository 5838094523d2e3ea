//! `check` over SSH: run the user's own `ssh` as git would (their `~/.ssh/config`, agent and
//! known_hosts; `GIT_SSH_COMMAND` or `GIT_SSH` when set, as git honours them), in batch mode and
//! bounded by the check's timeout, and read what it says.
//!
//! Read-only: one `ssh -T` for the greeting, then at most the ref advertisement of
//! `git-upload-pack '<ws>/<repo>.git'` (answered with a flush packet, so nothing is fetched).
//! Never `git-receive-pack`, never a push.

use super::facts::{SshFacts, Transport};
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What an SSH check runs against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The host the remote names (`ssh.bitbucket.org`, or the old `bitbucket.org`): what ssh
    /// looks up in the user's config and known_hosts.
    pub host: String,
    /// `--ssh-host`: where to connect instead (ssh's `HostName`), e.g. the simulator.
    pub hostname: Option<String>,
    /// `--ssh-port`, or the remote's port.
    pub port: Option<u16>,
    /// The login, `git` in every Bitbucket URL.
    pub user: String,
    /// `workspace/repo`.
    pub repo: Option<String>,
    /// The operation in question is a push (`--can push`): judged, never tried.
    pub push: bool,
    /// `GIT_SSH_COMMAND` (a shell command) or `GIT_SSH` (a program), as git takes them.
    pub command: Option<SshCommand>,
    /// The whole SSH check finishes within this.
    pub timeout: Duration,
}

/// How git is told to run ssh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SshCommand {
    /// `GIT_SSH_COMMAND` / `core.sshCommand`: run through the shell, arguments appended.
    Shell(String),
    /// `GIT_SSH`: a program, run with the arguments.
    Program(String),
}

impl SshCommand {
    /// From the environment, as git reads it: `GIT_SSH_COMMAND` wins over `GIT_SSH`.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<SshCommand> {
        var("GIT_SSH_COMMAND")
            .map(SshCommand::Shell)
            .or_else(|| var("GIT_SSH").map(SshCommand::Program))
    }
}

/// A git SSH remote: `git@host:ws/repo.git`, `ssh://git@host[:port]/ws/repo.git`. Returns
/// (user, host, port); `None` for anything else (https, a local path, `ws/repo`).
pub fn ssh_remote(url: &str) -> Option<(String, String, Option<u16>)> {
    let url = url.trim();
    let authority = match url.split_once("://") {
        Some((scheme, rest))
            if matches!(scheme.to_ascii_lowercase().as_str(), "ssh" | "git+ssh") =>
        {
            rest.split('/').next()?
        }
        Some(_) => return None,
        None => {
            let (authority, _) = url.split_once(':')?;
            if authority.contains('/') || !authority.contains('@') {
                return None;
            }
            authority
        }
    };
    let (user, host_port) = authority.rsplit_once('@').unwrap_or(("git", authority));
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
            (h, p.parse().ok())
        }
        _ => (host_port, None),
    };
    (!host.is_empty()).then(|| (user.to_string(), host.to_ascii_lowercase(), port))
}

/// The same ssh that `plan.command` (or `ssh` on PATH) names, with `args`.
fn command(plan: &Plan, args: &[String]) -> Command {
    match &plan.command {
        Some(SshCommand::Shell(line)) if cfg!(unix) => {
            // As git runs it: `sh -c '<command> "$@"' <command> <args…>`.
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("{line} \"$@\""))
                .arg(line)
                .args(args);
            c
        }
        Some(SshCommand::Shell(line)) => {
            let mut words = line.split_whitespace();
            let mut c = Command::new(words.next().unwrap_or("ssh"));
            c.args(words).args(args);
            c
        }
        Some(SshCommand::Program(p)) => {
            let mut c = Command::new(p);
            c.args(args);
            c
        }
        None => {
            let mut c = Command::new("ssh");
            c.args(args);
            c
        }
    }
}

/// Whether an `ssh` program can be found on PATH (when git would run plain `ssh`).
pub fn on_path() -> bool {
    let exe = if cfg!(windows) { "ssh.exe" } else { "ssh" };
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(exe).is_file()))
}

/// What one run of ssh produced.
struct Ran {
    stdout: Vec<u8>,
    stderr: String,
    /// The deadline passed and the run was stopped.
    stopped: bool,
    missing: bool,
}

/// Run ssh with `args`, `input` on its standard input, until it ends or `deadline`.
fn run(plan: &Plan, args: &[String], input: &[u8], deadline: Instant) -> Ran {
    let mut cmd = command(plan, args);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Never a prompt: no passphrase, no password, no host-key question reaches the user.
        .env("SSH_ASKPASS_REQUIRE", "never")
        .env_remove("DISPLAY");
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Ran {
                stdout: Vec::new(),
                stderr: e.to_string(),
                stopped: false,
                missing: e.kind() == std::io::ErrorKind::NotFound,
            };
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
    }
    let out = pipe(child.stdout.take());
    let err = pipe(child.stderr.take());
    let stopped = wait(&mut child, deadline);
    let stdout = out.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    let status = child.try_wait().ok().flatten().and_then(|s| s.code());
    // `sh: 1: ssh: not found` (GIT_SSH_COMMAND naming a program that is not there).
    let missing = status == Some(127) && stderr.contains("not found");
    Ran {
        stdout,
        stderr,
        stopped,
        missing,
    }
}

fn pipe(r: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            // ssh's chatter is small; an advertisement of many refs is capped.
            let _ = r.by_ref().take(4 * 1024 * 1024).read_to_end(&mut buf);
        }
        buf
    })
}

/// Wait for the child; kill it at the deadline. True when it had to be killed.
fn wait(child: &mut Child, deadline: Instant) -> bool {
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Run the SSH check and read what ssh said.
pub fn probe(plan: &Plan) -> SshFacts {
    let start = Instant::now();
    let deadline = start + plan.timeout;
    let connect = plan.timeout.as_secs().clamp(1, 30).div_ceil(2).max(1);
    let mut base: Vec<String> = [
        "-v",
        "-o",
        "BatchMode=yes",
        "-o",
        &format!("ConnectTimeout={connect}"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(h) = &plan.hostname {
        base.extend(["-o".into(), format!("HostName={h}")]);
    }
    if let Some(p) = plan.port {
        base.extend(["-p".into(), p.to_string()]);
    }
    let dest = format!("{}@{}", plan.user, plan.host);
    // 1. `ssh -T`: host key, keys, and Bitbucket's greeting (S2, S3).
    let mut args = base.clone();
    args.extend(["-T".into(), dest.clone()]);
    let first = run(plan, &args, b"", start + plan.timeout.mul_f64(0.6));
    let mut text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&first.stdout),
        first.stderr
    );
    let mut facts = super::read(&text).unwrap_or_default();
    let mut stopped = first.stopped;
    // 2. The ref advertisement, answered with a flush packet: read access, nothing fetched.
    if facts.authenticated
        && !facts.failed()
        && !first.missing
        && let Some(repo) = &plan.repo
    {
        let mut args = base;
        args.extend([dest, format!("git-upload-pack '{repo}.git'")]);
        let second = run(plan, &args, b"0000", deadline);
        text.push('\n');
        text.push_str(&second.stderr);
        facts = super::read(&text).unwrap_or_default();
        facts.refs = Some(count_refs(&second.stdout));
        stopped |= second.stopped;
    }
    facts.host = Some(plan.host.clone());
    // The remote's port; where a config's HostName/Port sent ssh is not the remote's.
    facts.port = plan.port;
    facts.repo = plan.repo.clone().or(facts.repo);
    facts.push |= plan.push;
    facts.windows |= cfg!(windows);
    if first.missing {
        facts.transport = Some((
            Transport::ClientMissing,
            format!("ssh could not be run: {}", first.stderr.trim()),
        ));
    } else if stopped && facts.transport.is_none() && !facts.authenticated {
        facts.transport = Some((
            Transport::Timeout,
            format!(
                "ssh: connect to host {} port {}: no answer within {:.0} s (bbdoctor stopped it)",
                plan.hostname.as_deref().unwrap_or(&plan.host),
                plan.port.unwrap_or(22),
                plan.timeout.as_secs_f64()
            ),
        ));
    }
    facts
}

/// Refs in a protocol-v0 advertisement: pkt-lines naming `HEAD` or `refs/…`.
fn count_refs(out: &[u8]) -> usize {
    String::from_utf8_lossy(out)
        .split(['\n', '\0'])
        .filter(|l| l.contains(" refs/") || l.ends_with(" HEAD"))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ssh_remotes() {
        assert_eq!(
            ssh_remote("git@bitbucket.org:acme/widgets.git"),
            Some(("git".into(), "bitbucket.org".into(), None))
        );
        assert_eq!(
            ssh_remote("ssh://git@ssh.bitbucket.org:2222/acme/widgets.git"),
            Some(("git".into(), "ssh.bitbucket.org".into(), Some(2222)))
        );
        assert_eq!(ssh_remote("https://bitbucket.org/acme/widgets.git"), None);
        assert_eq!(ssh_remote("acme/widgets"), None);
        assert_eq!(ssh_remote("/srv/git/acme:widgets"), None);
    }

    #[test]
    fn counts_advertised_refs() {
        let adv = b"00e5c85718d386180ef1c964f14f17b2945bc70c2aeb HEAD\0multi_ack symref=HEAD:refs/heads/main\n003fc85718d386180ef1c964f14f17b2945bc70c2aeb refs/heads/main\n0000";
        assert_eq!(count_refs(adv), 2);
    }

    #[test]
    fn git_ssh_command_wins() {
        let env = |k: &str| match k {
            "GIT_SSH_COMMAND" => Some("ssh -F cfg".to_string()),
            "GIT_SSH" => Some("/usr/bin/ssh".to_string()),
            _ => None,
        };
        assert_eq!(
            SshCommand::from_env(env),
            Some(SshCommand::Shell("ssh -F cfg".into()))
        );
    }
}

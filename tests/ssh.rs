//! The SSH doctor against the simulator's SSH endpoint, with the real OpenSSH client and real
//! git: throw-away keys made with ssh-keygen in a scratch directory, a generated `ssh -F`
//! config (passed the way git takes it, `GIT_SSH_COMMAND`), a private known_hosts and a private
//! ssh-agent. Every SSH finding is the root cause of `check` in its scenario, and of `explain`
//! on a transcript of the same failure made by real git; no private key material and no
//! passphrase appears in any output; the checks never push.

mod common;

use bbdoctor::sim::{OldSshHost, SshKey, SshSim, World};
use common::{Run, Scratch, bbdoctor, scratch};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const REPO: &str = "acme/widgets";
const PASSPHRASE: &str = "correct horse battery staple";

/// A scratch home for ssh: keys, config, known_hosts, maybe an agent.
struct Lab {
    sim: SshSim,
    dir: Scratch,
    agent: Option<Child>,
    /// Lines of the config's `Host *` block.
    extra: Vec<String>,
}

/// Make a key pair `name` (ed25519) in `dir`; returns its public line.
fn keygen(dir: &Path, name: &str, passphrase: &str) -> String {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f"])
        .arg(dir.join(name))
        .output()
        .expect("ssh-keygen runs");
    assert!(out.status.success(), "{out:?}");
    std::fs::read_to_string(dir.join(format!("{name}.pub")))
        .unwrap()
        .trim()
        .to_string()
}

impl Lab {
    /// A world with keys `pat` (pat's account), `kim` (kim's account, no access to acme),
    /// `deploy` (acme/widgets' access key); `stranger` and `locked` (passphrase) are unknown to
    /// Bitbucket.
    fn new(tweak: impl FnOnce(&mut World)) -> Lab {
        let dir = scratch();
        let mut world = World::default_world();
        world.now = "2026-12-01T12:00:00Z".into();
        for (name, owner, repo) in [
            ("pat", Some("pat"), None),
            ("kim", Some("kim"), None),
            ("deploy", None, Some(REPO)),
        ] {
            let public_key = keygen(&dir, name, "");
            world.ssh.keys.push(SshKey {
                id: name.into(),
                public_key,
                owner: owner.map(String::from),
                repository: repo.map(String::from),
            });
        }
        keygen(&dir, "stranger", "");
        keygen(&dir, "locked", PASSPHRASE);
        tweak(&mut world);
        let sim = SshSim::start(world).expect("start the SSH endpoint");
        let lab = Lab {
            sim,
            dir,
            agent: None,
            extra: Vec::new(),
        };
        lab.known_hosts(&[("ssh.bitbucket.org", &lab.sim.host_key())]);
        lab
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn known_hosts(&self, entries: &[(&str, &str)]) {
        let text: String = entries.iter().map(|(h, k)| format!("{h} {k}\n")).collect();
        std::fs::write(self.path("known_hosts"), text).unwrap();
    }

    /// Use only this key file (`IdentitiesOnly`), as a Host block with `IdentityFile` does.
    fn only_key(mut self, name: &str) -> Lab {
        self.extra = vec![
            format!("IdentityFile {}", self.path(name).display()),
            "IdentitiesOnly yes".into(),
        ];
        self
    }

    /// A private agent holding these keys, in this order.
    fn agent(mut self, keys: &[&str]) -> Lab {
        let sock = self.path("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&sock)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh-agent runs");
        for _ in 0..200 {
            if sock.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        self.agent = Some(child);
        for k in keys {
            let out = Command::new("ssh-add")
                .arg(self.path(k))
                .env("SSH_AUTH_SOCK", &sock)
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        }
        self
    }

    /// The `ssh -F` config: each host name to its listener, the private known_hosts.
    fn config(&self) -> PathBuf {
        let (new, old) = (self.sim.addr(), self.sim.old_addr());
        let mut text = format!(
            "Host ssh.bitbucket.org\n  HostName {}\n  Port {}\n  HostKeyAlias ssh.bitbucket.org\n\
             Host bitbucket.org\n  HostName {}\n  Port {}\n  HostKeyAlias bitbucket.org\n\
             Host *\n  UserKnownHostsFile {}\n  GlobalKnownHostsFile /dev/null\n  ConnectTimeout 3\n",
            new.ip(),
            new.port(),
            old.ip(),
            old.port(),
            self.path("known_hosts").display()
        );
        for line in &self.extra {
            text.push_str(&format!("  {line}\n"));
        }
        let path = self.path("config");
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The environment git and bbdoctor run in: ssh through the config, the private agent.
    fn env(&self) -> Vec<(String, String)> {
        let sock = match &self.agent {
            Some(_) => self.path("agent.sock").display().to_string(),
            None => String::new(),
        };
        vec![
            (
                "GIT_SSH_COMMAND".into(),
                format!("ssh -F {}", self.config().display()),
            ),
            ("SSH_AUTH_SOCK".into(), sock),
            ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
            ("GIT_CONFIG_GLOBAL".into(), "/dev/null".into()),
        ]
    }

    /// `bbdoctor check ARGS… --format json`, with the lab's ssh.
    fn check(&self, args: &[&str]) -> Run {
        let before = self.sim.connections().len();
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut all = vec!["check"];
        all.extend(args);
        all.extend(["--format", "json"]);
        let run = bbdoctor(&all, &env, None);
        self.assert_private(&run);
        for c in &self.sim.connections()[before..] {
            assert!(
                c.commands.iter().all(|cmd| !cmd.contains("receive-pack")),
                "a check asked to push: {c:?}"
            );
        }
        run
    }

    /// Run real git (e.g. `ls-remote URL`) with the lab's ssh, in `cwd`; its output as a user
    /// pastes it: the command line, then what git printed.
    fn git(&self, cwd: &Path, args: &[&str], ssh_verbose: bool) -> String {
        let mut env = self.env();
        if ssh_verbose {
            env[0].1.push_str(" -v");
        }
        let out = Command::new("git")
            .args(args)
            .current_dir(cwd)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.as_os_str())
            .env("GIT_TERMINAL_PROMPT", "0")
            .envs(env)
            .output()
            .expect("git runs");
        format!(
            "$ git {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    /// `bbdoctor explain` on a transcript.
    fn explain(&self, transcript: &str) -> Run {
        let path = self.path("paste.txt");
        std::fs::write(&path, transcript).unwrap();
        let run = bbdoctor(
            &["explain", path.to_str().unwrap(), "--format", "json"],
            &[],
            None,
        );
        self.assert_private(&run);
        run
    }

    /// No private key's material, and no passphrase, in any output.
    fn assert_private(&self, run: &Run) {
        for name in ["pat", "kim", "deploy", "stranger", "locked"] {
            let key = std::fs::read_to_string(self.path(name)).unwrap();
            for line in key.lines().filter(|l| !l.starts_with("-----")) {
                for text in [&run.stdout, &run.stderr] {
                    assert!(
                        !text.contains(line.trim()),
                        "private key material of {name} in the output:\n{text}"
                    );
                }
            }
        }
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains(PASSPHRASE), "the passphrase in the output");
            assert!(!text.contains("PRIVATE KEY"), "{text}");
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Some(mut agent) = self.agent.take() {
            let _ = agent.kill();
            let _ = agent.wait();
        }
    }
}

/// `check` and `explain` agree on the root cause.
fn both(check: &Run, explain: &Run, id: &str) {
    assert_eq!(
        check.primary(),
        id,
        "check:\n{}\n{}",
        check.stdout,
        check.stderr
    );
    assert_eq!(explain.primary(), id, "explain:\n{}", explain.stdout);
}

#[test]
fn healthy_key_clones_and_checks_ok() {
    let lab = Lab::new(|_| {}).only_key("pat");
    let run = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    assert_eq!(run.primary(), "healthy", "{}", run.stdout);
    assert_eq!(run.code, 0);
    let evidence = run.finding("healthy")["evidence"].to_string();
    assert!(evidence.contains("refs advertised"), "{evidence}");
    // Real git clones through the same endpoint.
    let out = lab.git(
        &lab.dir,
        &["clone", "git@ssh.bitbucket.org:acme/widgets.git", "w"],
        false,
    );
    assert!(lab.path("w/README.md").is_file(), "{out}");
}

#[test]
fn ssh_host_moved_each_way_the_old_host_may_answer() {
    for old in [OldSshHost::Refused, OldSshHost::Silent, OldSshHost::Message] {
        let lab = Lab::new(|w| w.unconfirmed.ssh_old_host = old).only_key("pat");
        let check = lab.check(&["git@bitbucket.org:acme/widgets.git", "--timeout", "4"]);
        let transcript = lab.git(
            &lab.dir,
            &["ls-remote", "git@bitbucket.org:acme/widgets.git"],
            false,
        );
        // Pasted as a CI log prints it, each line stamped with today's date: a transcript that
        // shows no date is only assumed to be from after the move (an inferred cause).
        let today = bbdoctor::clock::today();
        let stamped: String = transcript
            .lines()
            .map(|l| format!("{today}T09:00:00.0000000Z {l}\n"))
            .collect();
        let explain = lab.explain(&stamped);
        both(&check, &explain, "ssh-host-moved");
        let undated = lab.explain(&transcript);
        assert_eq!(
            undated.finding("ssh-host-moved")["strength"],
            "inferred",
            "{}",
            undated.stdout
        );
        assert_eq!(check.code, 1, "{old:?}: {}", check.stdout);
        let fix = check.finding("ssh-host-moved")["command"].to_string();
        assert!(
            fix.contains("git remote set-url origin git@ssh.bitbucket.org:acme/widgets.git"),
            "{fix}"
        );
        // The fix works.
        let ok = lab.git(
            &lab.dir,
            &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
            false,
        );
        assert!(ok.contains("refs/heads/main"), "{ok}");
    }
}

#[test]
fn ssh_host_moved_inside_a_clone_whose_origin_is_the_old_host() {
    let lab = Lab::new(|_| {}).only_key("pat");
    lab.git(
        &lab.dir,
        &["clone", "-q", "git@ssh.bitbucket.org:acme/widgets.git", "w"],
        false,
    );
    lab.git(
        &lab.path("w"),
        &[
            "remote",
            "set-url",
            "origin",
            "git@bitbucket.org:acme/widgets.git",
        ],
        false,
    );
    let env = lab.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut cmd = Command::new(common::BIN);
    cmd.current_dir(lab.path("w"));
    let run = common::run_in(cmd, &["check", "--format", "json"], &env, None);
    assert_eq!(
        run.primary(),
        "ssh-host-moved",
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn ssh_port_blocked() {
    let lab = Lab::new(|w| w.unconfirmed.ssh_old_host = OldSshHost::Refused).only_key("pat");
    // Nothing listens on the old host's port: a blocked port 22 looks the same.
    let port = lab.sim.old_addr().port().to_string();
    let check = lab.check(&[
        "git@ssh.bitbucket.org:acme/widgets.git",
        "--ssh-host",
        "127.0.0.1",
        "--ssh-port",
        &port,
    ]);
    let transcript = lab.git(
        &lab.dir,
        &[
            "ls-remote",
            &format!("ssh://git@ssh.bitbucket.org:{port}/acme/widgets.git"),
        ],
        false,
    );
    assert!(transcript.contains("Connection refused"), "{transcript}");
    let explain = lab.explain(&transcript);
    both(&check, &explain, "ssh-port-blocked");
    assert_eq!(check.code, 3, "unreachable: {}", check.stdout);
}

#[test]
fn ssh_host_key_unknown() {
    let lab = Lab::new(|_| {}).only_key("pat");
    lab.known_hosts(&[]);
    let check = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    let transcript = lab.git(
        &lab.dir,
        &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
        false,
    );
    both(&check, &lab.explain(&transcript), "ssh-host-key-unknown");
    // bbdoctor never writes known_hosts.
    assert_eq!(
        std::fs::read_to_string(lab.path("known_hosts")).unwrap(),
        ""
    );
}

#[test]
fn ssh_host_key_changed() {
    let lab = Lab::new(|_| {}).only_key("pat");
    let stale = lab.sim.world().ssh.retired_host_key_public.clone();
    lab.known_hosts(&[("ssh.bitbucket.org", &stale)]);
    let check = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    let transcript = lab.git(
        &lab.dir,
        &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
        false,
    );
    both(&check, &lab.explain(&transcript), "ssh-host-key-changed");
    let f = check.finding("ssh-host-key-changed");
    assert!(
        f["command"]
            .as_str()
            .unwrap()
            .starts_with("ssh-keygen -R ssh.bitbucket.org")
    );
    assert!(
        f["evidence"]
            .to_string()
            .contains(&lab.sim.host_key_fingerprint())
    );
}

#[test]
fn ssh_no_key_offered() {
    // IdentitiesOnly with an IdentityFile that does not exist, and no agent.
    let lab = Lab::new(|_| {}).only_key("missing");
    let check = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    let transcript = lab.git(
        &lab.dir,
        &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
        false,
    );
    both(&check, &lab.explain(&transcript), "ssh-no-key-offered");
    assert!(
        check.finding("ssh-no-key-offered")["command"]
            .to_string()
            .contains("ssh-add -l")
    );
}

#[test]
fn ssh_key_not_registered() {
    let lab = Lab::new(|_| {}).only_key("stranger");
    let check = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    // Users paste `GIT_SSH_COMMAND="ssh -v" git …` when asked for details.
    let transcript = lab.git(
        &lab.dir,
        &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
        true,
    );
    both(&check, &lab.explain(&transcript), "ssh-key-not-registered");
    let f = check.finding("ssh-key-not-registered");
    let fp = fingerprint(&lab.path("stranger.pub"));
    assert!(f["evidence"].to_string().contains(&fp), "{f}");
    // Without ssh's debug lines the paste cannot tell: inconclusive, with the check to run.
    let bare = lab.git(
        &lab.dir,
        &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
        false,
    );
    let run = lab.explain(&bare);
    assert_eq!(run.primary(), "unexplained-failure", "{}", run.stdout);
    assert!(
        run.stdout
            .contains("bbdoctor check git@ssh.bitbucket.org:acme/widgets.git")
    );
}

#[test]
fn ssh_key_wrong_account_when_the_agent_offers_another_accounts_key_first() {
    let lab = Lab::new(|_| {}).agent(&["kim", "pat"]);
    let check = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    let transcript = lab.git(
        &lab.dir,
        &["ls-remote", "git@ssh.bitbucket.org:acme/widgets.git"],
        false,
    );
    assert_eq!(check.primary(), "ssh-key-wrong-account", "{}", check.stdout);
    // git's output alone shows Bitbucket's refusal but not the agent's two keys: another
    // account's key, or this account without the permission. explain abstains, this first.
    let explain = lab.explain(&transcript).json();
    assert_eq!(explain["verdict"], "inconclusive", "{explain}");
    assert_eq!(
        explain["candidates"][0], "ssh-key-wrong-account",
        "{explain}"
    );
    assert_eq!(explain["candidates"][1], "no-repo-access", "{explain}");
    let f = check.finding("ssh-key-wrong-account");
    let text = f.to_string();
    assert!(text.contains(&fingerprint(&lab.path("kim.pub"))), "{text}");
    assert!(
        text.contains(&fingerprint(&lab.path("pat.pub"))),
        "never tried: {text}"
    );
    assert!(
        f["command"]
            .as_str()
            .unwrap()
            .contains("IdentitiesOnly yes")
    );
}

#[test]
fn ssh_deploy_key_read_only() {
    let lab = Lab::new(|_| {}).only_key("deploy");
    // check never pushes: it judges the key for the push asked about.
    let check = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git", "--can", "push"]);
    let quiet = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    assert_eq!(
        quiet.primary(),
        "healthy",
        "a deploy key reads: {}",
        quiet.stdout
    );
    // A real push with it, as CI prints it.
    lab.git(
        &lab.dir,
        &["clone", "-q", "git@ssh.bitbucket.org:acme/widgets.git", "w"],
        false,
    );
    let w = lab.path("w");
    std::fs::write(w.join("f"), "x").unwrap();
    lab.git(&w, &["add", "f"], false);
    lab.git(
        &w,
        &[
            "-c",
            "user.name=ci",
            "-c",
            "user.email=ci@example.com",
            "commit",
            "-qm",
            "x",
        ],
        false,
    );
    let transcript = lab.git(&w, &["push", "origin", "main"], false);
    assert!(transcript.contains("read-only"), "{transcript}");
    both(
        &check,
        &lab.explain(&transcript),
        "ssh-deploy-key-read-only",
    );
}

#[test]
fn a_passphrase_protected_key_is_never_unlocked_nor_shown() {
    let lab = Lab::new(|_| {}).only_key("locked");
    let run = lab.check(&["git@ssh.bitbucket.org:acme/widgets.git"]);
    // BatchMode: no prompt; the key cannot be used. Whatever the finding, nothing private.
    assert_ne!(run.code, 0, "{}", run.stdout);
}

#[test]
fn no_ssh_on_path_is_a_clear_usage_error() {
    let run = bbdoctor(
        &["check", "git@ssh.bitbucket.org:acme/widgets.git"],
        &[("PATH", "/nonexistent")],
        None,
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("ssh is not installed"),
        "{}",
        run.stderr
    );
}

/// `SHA256:…` of a public key file, as ssh-keygen prints it.
fn fingerprint(pub_file: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(pub_file)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string()
}

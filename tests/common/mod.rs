//! Shared by the integration tests: run the real binary, hermetically, against a simulator,
//! and check what every run must respect (no secret in any output, GET/HEAD only, budgets).
#![allow(dead_code)]

pub mod golden;
pub mod hostile;
pub mod serve;

use bbdoctor::sim::{Fault, FaultAction, LoggedRequest, Outcome, Sim, World};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_bbdoctor");

/// What one run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// Standard output as JSON lines (`--format jsonl`), one document a line.
    pub fn jsonl(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// Finding ids in report order.
    pub fn ids(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// The root cause: the first finding.
    pub fn primary(&self) -> String {
        self.ids().first().cloned().unwrap_or_default()
    }

    /// The finding with this id; the test fails if the report has none.
    pub fn finding(&self, id: &str) -> Value {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {:?}\n{}", self.ids(), self.stdout))
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// A scratch directory (for HOME, reports, pasted files), removed when dropped: a test run
/// leaves nothing behind in the temporary directory.
pub struct Scratch(tempfile::TempDir);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.path().as_os_str()
    }
}

pub fn scratch() -> Scratch {
    Scratch(
        tempfile::Builder::new()
            .prefix("bbdoctor-test-")
            .tempdir()
            .expect("a scratch directory"),
    )
}

/// Run `bbdoctor` with only the given environment (plus PATH and a scratch HOME).
pub fn bbdoctor(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    run_in(Command::new(BIN), args, env, stdin.map(str::as_bytes))
}

/// The arguments most runs start from: `check acme/widgets` against these servers (REST base
/// and git), reporting in `format`.
pub fn check_args<'a>(api: &'a str, git: &'a str, format: &'a str) -> Vec<&'a str> {
    vec![
        "check",
        "acme/widgets",
        "--api-url",
        api,
        "--git-url",
        git,
        "--format",
        format,
    ]
}

/// Run a command hermetically as [`bbdoctor`] does: e.g. `sh -c LINE` in a directory, with
/// the binary's directory first in PATH.
pub fn run_in(cmd: Command, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
    // Kept until the child has exited: a Scratch is removed when dropped.
    let home = scratch();
    let mut cmd = hermetic(cmd, &home, env);
    cmd.args(args);
    finish(cmd, stdin)
}

/// `cmd` cut off from this process's environment but for PATH, with HOME at `home` and
/// colour off, then `env`, which may replace any of these (PATH="" plays "git is not
/// installed"). Every run of the binary goes through here, so that nothing of the
/// developer's (credentials or a proxy in the environment, ~/.gitconfig, ~/.netrc) reaches a
/// test.
pub fn hermetic(mut cmd: Command, home: &Path, env: &[(&str, &str)]) -> Command {
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied());
    cmd
}

/// Run `cmd` to its end with `stdin` on its standard input (none: /dev/null), and collect
/// what it wrote.
pub fn finish(mut cmd: Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run bbdoctor");
    // A writer of its own: the child may stop reading (and close) long before the end, and
    // may fill its output pipes before it has read all of its input.
    let writer = stdin.map(|input| {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        })
    });
    let out = child.wait_with_output().unwrap();
    if let Some(writer) = writer {
        writer.join().unwrap();
    }
    Run::from(out)
}

/// Percent-encode for a URL's user part, as git's store file keeps it.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A fault the simulator injects at once (no extra latency) on paths under `path_prefix`.
pub fn fault(path_prefix: &str, action: FaultAction) -> Fault {
    Fault {
        path_prefix: path_prefix.into(),
        latency_ms: 0,
        action,
    }
}

/// The secret of a world credential.
pub fn secret(world: &World, id: &str) -> String {
    world
        .credentials
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no credential {id}"))
        .secret
        .clone()
}

/// No secret of the world, nor a slice of one, appears in any output.
pub fn assert_no_secret(run: &Run, world: &World, extra: &[&str]) {
    let secrets = world
        .credentials
        .iter()
        .map(|c| c.secret.as_str())
        .chain(extra.iter().copied());
    for s in secrets {
        // The secret, and for a long one its middle dozen characters (a partial echo).
        let chars: Vec<char> = s.chars().collect();
        let middle: String = match chars.len() >= 24 {
            true => chars[chars.len() / 2 - 6..chars.len() / 2 + 6]
                .iter()
                .collect(),
            false => String::new(),
        };
        let probes: Vec<&str> = [s, middle.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        for p in probes {
            for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                assert!(
                    !text.contains(p),
                    "a secret ({} chars) appears in {name}:\n{text}",
                    s.len()
                );
            }
        }
    }
}

/// What every check must respect on the wire: GET/HEAD only, at most 8 requests, at most 3
/// refused authentication attempts.
pub fn assert_safe(log: &[LoggedRequest]) {
    assert!(log.len() <= 8, "{} requests: {log:#?}", log.len());
    for r in log {
        assert!(
            r.method == "GET" || r.method == "HEAD",
            "method {} sent: {r:?}",
            r.method
        );
    }
    let refused = log.iter().filter(|r| r.outcome == Outcome::Refused).count();
    assert!(refused <= 3, "{refused} refused attempts: {log:#?}");
}

/// A running simulator and the world it serves.
pub struct Lab {
    pub sim: Sim,
    pub world: World,
}

impl Lab {
    pub fn new(tweak: impl FnOnce(&mut World)) -> Lab {
        let mut world = World::default_world();
        tweak(&mut world);
        let sim = Sim::start(world.clone()).expect("start the simulator");
        Lab { sim, world }
    }

    pub fn secret(&self, id: &str) -> String {
        secret(&self.world, id)
    }

    /// `bbdoctor check TARGET --format json ARGS…` against this simulator, with the
    /// invariants checked.
    pub fn check(&self, target: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        let api = self.sim.api_url();
        let git = self.sim.base_url();
        let before = self.sim.requests().len();
        let mut all = vec!["check"];
        if !target.is_empty() {
            all.push(target);
        }
        all.extend(["--api-url", &api, "--git-url", &git, "--format", "json"]);
        all.extend(args);
        let run = bbdoctor(&all, env, None);
        assert_no_secret(&run, &self.world, &[]);
        let log = &self.sim.requests()[before..];
        assert_safe(log);
        // For the record (`cargo test -- --nocapture`): what each scenario cost.
        let refused = log.iter().filter(|r| r.outcome == Outcome::Refused).count();
        let first = serde_json::from_str::<Value>(&run.stdout)
            .ok()
            .and_then(|j| j["findings"][0]["id"].as_str().map(String::from))
            .unwrap_or_default();
        println!(
            "scenario {target}: root cause {first}, exit {}, {} requests, {refused} refused",
            run.code,
            log.len()
        );
        run
    }
}

/// The environment of a check with an API token and its email.
pub fn api_token_env<'a>(email: &'a str, token: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("BITBUCKET_EMAIL", email), ("BITBUCKET_API_TOKEN", token)]
}

/// The root cause (the first finding) and the exit code a run must have.
pub fn expect(run: &Run, primary: &str, code: i32) {
    assert_eq!(
        run.primary(),
        primary,
        "findings {:?}\n{}",
        run.ids(),
        run.stdout
    );
    assert_eq!(run.code, code, "exit code; stderr: {}", run.stderr);
}

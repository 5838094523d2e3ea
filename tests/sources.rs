//! Credentials and targets from where users keep them: git's credential helper (a real `git`,
//! a `store` helper in a temporary git config), `~/.netrc` and `$NETRC`, the Pipelines
//! variables, the current repository's `origin` in each form, `--curl`; and the warning for a
//! secret given on the command line. Every run has a temporary HOME, no system git config, and
//! is checked for leaked secrets and for the request budget.

mod common;

use common::{BIN, Lab, Run, assert_no_secret, assert_safe, check_args, enc, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PAT: &str = "pat@example.com";

/// A temporary HOME with its own global git config, and a working directory.
struct Home {
    home: common::Scratch,
    cwd: PathBuf,
}

impl Home {
    fn new() -> Home {
        let home = scratch();
        std::fs::write(home.join(".gitconfig"), "").unwrap();
        let cwd = home.join("work");
        std::fs::create_dir_all(&cwd).unwrap();
        Home { home, cwd }
    }

    /// `program` in `dir`, hermetic but for this HOME and its global git config, with `env`.
    fn command(&self, program: &str, dir: &Path, env: &[(&str, &str)]) -> Command {
        let gitconfig = self.home.join(".gitconfig");
        let mut all = vec![
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CONFIG_GLOBAL", gitconfig.to_str().unwrap()),
        ];
        all.extend(env);
        let mut cmd = common::hermetic(Command::new(program), &self.home, &all);
        cmd.current_dir(dir);
        cmd
    }

    fn git(&self, dir: &Path, args: &[&str]) {
        let out = self
            .command("git", dir, &[])
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// A clone-like repository: `git init` and an `origin`; bbdoctor then runs inside it.
    fn repo(mut self, origin: &str) -> Home {
        let dir = self.cwd.join("widgets");
        std::fs::create_dir_all(&dir).unwrap();
        self.git(&dir, &["init", "-q"]);
        self.git(&dir, &["remote", "add", "origin", origin]);
        self.cwd = dir;
        self
    }

    /// git's `store` helper holding `login:secret` for `url`'s host.
    fn store(self, url: &str, login: &str, secret: &str) -> Home {
        self.git(
            &self.cwd,
            &["config", "--global", "credential.helper", "store"],
        );
        let (scheme, rest) = url.split_once("://").unwrap();
        let host = rest.split('/').next().unwrap();
        let line = format!("{scheme}://{}:{}@{host}\n", enc(login), enc(secret));
        std::fs::write(self.home.join(".git-credentials"), line).unwrap();
        self
    }

    /// Run bbdoctor in the working directory with this HOME and `env`.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run_with_path(args, env, &std::env::var("PATH").unwrap_or_default())
    }

    fn run_with_path(&self, args: &[&str], env: &[(&str, &str)], path: &str) -> Run {
        let mut all = vec![("PATH", path)];
        all.extend(env);
        let mut cmd = self.command(BIN, &self.cwd, &all);
        cmd.args(args);
        common::finish(cmd, None)
    }
}

/// A checked run against the lab: no secret in the output, the wire budget respected.
fn checked(lab: &Lab, home: &Home, args: &[&str], env: &[(&str, &str)]) -> Run {
    let before = lab.sim.requests().len();
    let run = home.run(args, env);
    assert_no_secret(&run, &lab.world, &[]);
    assert_safe(&lab.sim.requests()[before..]);
    run
}

fn origin(lab: &Lab) -> String {
    format!("{}/acme/widgets.git", lab.sim.base_url())
}

/// The issue's "done when": `bbdoctor check` with no arguments, inside a clone whose
/// credential helper holds an app password after their removal, names the repository, the
/// credential's source and kind, and the fix for both git and the REST API.
#[test]
fn no_arguments_in_a_clone_with_a_retired_app_password() {
    let lab = Lab::new(|w| w.now = "2026-08-03T09:00:00Z".into());
    let home = Home::new().repo(&origin(&lab)).store(
        &origin(&lab),
        "pat",
        &lab.secret("pat-app-password"),
    );
    let run = checked(&lab, &home, &["check", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let json = run.json();
    assert_eq!(json["target"]["workspace"], "acme");
    assert_eq!(json["target"]["repo"], "widgets");
    assert_eq!(json["target"]["api_url"], lab.sim.api_url());
    assert_eq!(
        json["credential"]["source"],
        "git credential helper (store)"
    );
    assert_eq!(json["credential"]["kind"], "app-password");
    assert_eq!(run.primary(), "app-password-retired");
    let fix = run.finding("app-password-retired")["command"]
        .as_str()
        .unwrap()
        .to_string();
    let port = lab.sim.addr().port();
    for part in [
        // git: the stored copy, named as git names it, then the right username.
        format!(
            "printf 'protocol=http\\nhost=127.0.0.1:{port}\\npath=acme/widgets.git\\n\\n' | git credential reject"
        ),
        format!(
            "git remote set-url origin http://x-bitbucket-api-token-auth@127.0.0.1:{port}/acme/widgets.git"
        ),
        // REST: the replacement in the form the API takes.
        "curl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\"".to_string(),
    ] {
        assert!(fix.contains(&part), "{part}\nnot in:\n{fix}");
    }
    // git's probe asked as git would: with the helper's username.
    let probes = json["probes"].to_string();
    assert!(probes.contains("Basic pat:ATBB"), "{probes}");

    // The text report says the same to a person.
    let run = home.run(&["check"], &[]);
    for part in [
        "bbdoctor check acme/widgets",
        "credential: an app password (from git credential helper (store))",
        "error[app-password-retired]",
        "git credential reject",
        "curl -u",
    ] {
        assert!(run.stdout.contains(part), "{part}\nnot in:\n{}", run.stdout);
    }
}

/// The same, with an API token stored under the email: the REST API takes it, git does not.
#[test]
fn no_arguments_in_a_clone_with_an_api_token_stored_under_the_email() {
    let lab = Lab::new(|_| {});
    let home =
        Home::new()
            .repo(&origin(&lab))
            .store(&origin(&lab), PAT, &lab.secret("pat-api-token"));
    let run = checked(&lab, &home, &["check", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.primary(), "git-https-username");
    assert_eq!(run.json()["credential"]["kind"], "api-token");
    let fix = run.finding("git-https-username")["command"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(fix.contains("git credential reject"), "{fix}");
    assert!(
        fix.contains("x-bitbucket-api-token-auth@127.0.0.1"),
        "{fix}"
    );
    assert!(fix.contains("# or your Bitbucket username (pat)"), "{fix}");
    assert!(fix.contains("curl -u"), "{fix}");
    // The reject comes before the new URL: git must forget the old credential first.
    assert!(fix.find("reject") < fix.find("set-url"), "{fix}");
}

/// A healthy git credential stored for git (`x-bitbucket-api-token-auth`): git works; without
/// the email the REST API cannot take it, which is a warning, not the diagnosis.
#[test]
fn api_token_stored_for_git_works_for_git() {
    let lab = Lab::new(|_| {});
    let home = Home::new().repo(&origin(&lab)).store(
        &origin(&lab),
        "x-bitbucket-api-token-auth",
        &lab.secret("pat-api-token"),
    );
    let run = checked(&lab, &home, &["check", "--format", "json"], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let f = run.finding("api-token-with-username");
    assert_eq!(f["severity"], "warning");
    let git = run.json()["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "git")
        .cloned()
        .unwrap();
    assert_eq!(git["status"], 200, "{git}");
    // The user is told that git works (ux-findings 8), beside the REST warning.
    let healthy = run.finding("healthy");
    assert!(
        healthy["evidence"]
            .to_string()
            .contains("git over HTTPS: works"),
        "{healthy}"
    );
    // With the email known, the REST API is asked in its own form: healthy throughout.
    let run = checked(
        &lab,
        &home,
        &["check", "--format", "json"],
        &[("BITBUCKET_EMAIL", PAT)],
    );
    assert_eq!(run.primary(), "healthy", "{}", run.stdout);
}

/// `--git-credential` asks git's helper even when the target is given, and wins over the
/// environment, which the report lists as another source.
#[test]
fn git_credential_flag_wins_and_names_the_others() {
    let lab = Lab::new(|_| {});
    let home = Home::new().store(
        &lab.sim.base_url(),
        "x-token-auth",
        &lab.secret("widgets-repo-token"),
    );
    let token = lab.secret("pat-api-token");
    let api = lab.sim.api_url();
    let run = checked(
        &lab,
        &home,
        &[
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-credential",
            "--format",
            "json",
        ],
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
    );
    assert_eq!(run.primary(), "healthy", "{}", run.stdout);
    let cred = &run.json()["credential"];
    assert_eq!(cred["source"], "git credential helper (store)");
    assert_eq!(cred["kind"], "access-token");
    assert_eq!(
        cred["other_sources"],
        serde_json::json!(["env BITBUCKET_API_TOKEN"])
    );
    // Nothing stored: the check is anonymous, not an error.
    let empty = Home::new();
    let run = empty.run(
        &[
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-credential",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(run.json()["credential"]["kind"], "none", "{}", run.stderr);
}

#[test]
fn netrc_for_the_api_host() {
    let lab = Lab::new(|_| {});
    let home = Home::new();
    let token = lab.secret("pat-api-token");
    let netrc = format!("machine 127.0.0.1\n  login {PAT}\n  password {token}\n");
    std::fs::write(home.home.join(".netrc"), &netrc).unwrap();
    let api = lab.sim.api_url();
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--format",
        "json",
    ];
    let run = checked(&lab, &home, &args, &[]);
    assert_eq!(run.primary(), "healthy", "{}", run.stdout);
    assert_eq!(run.json()["credential"]["source"], "~/.netrc");
    // $NETRC names another file; the environment, when set, wins over it.
    let elsewhere = home.home.join("other-netrc");
    std::fs::rename(home.home.join(".netrc"), &elsewhere).unwrap();
    let netrc_var = elsewhere.display().to_string();
    let run = checked(&lab, &home, &args, &[("NETRC", &netrc_var)]);
    assert_eq!(
        run.json()["credential"]["source"],
        format!("$NETRC ({netrc_var})")
    );
    let access = lab.secret("widgets-repo-token");
    let run = checked(
        &lab,
        &home,
        &args,
        &[("NETRC", &netrc_var), ("BITBUCKET_ACCESS_TOKEN", &access)],
    );
    let cred = &run.json()["credential"];
    assert_eq!(cred["source"], "env BITBUCKET_ACCESS_TOKEN");
    assert_eq!(
        cred["other_sources"],
        serde_json::json!([format!("$NETRC ({netrc_var})")])
    );
    let text = home.run(
        &args[..4],
        &[("NETRC", &netrc_var), ("BITBUCKET_ACCESS_TOKEN", &access)],
    );
    assert!(
        text.stdout.contains("also found: $NETRC"),
        "{}",
        text.stdout
    );
}

#[test]
fn pipelines_variables_name_the_target() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("widgets-repo-token");
    let api = lab.sim.api_url();
    let args = ["check", "--api-url", &api, "--format", "json"];
    // Outside any repository, as in a Pipelines step's fresh container.
    let home = Home::new();
    for vars in [
        vec![("BITBUCKET_REPO_FULL_NAME", "acme/widgets")],
        vec![
            ("BITBUCKET_WORKSPACE", "acme"),
            ("BITBUCKET_REPO_SLUG", "widgets"),
        ],
    ] {
        let mut env = vars.clone();
        env.push(("BITBUCKET_ACCESS_TOKEN", &token));
        let run = checked(&lab, &home, &args, &env);
        assert_eq!(
            run.primary(),
            "healthy",
            "{vars:?}: {}{}",
            run.stdout,
            run.stderr
        );
        assert_eq!(run.json()["target"]["repo"], "widgets");
    }
}

/// Each form of `origin` names the repository; the servers come from the flags (the real
/// hosts are never contacted by tests).
#[test]
fn every_origin_form_names_the_repository() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    for url in [
        "https://bitbucket.org/acme/widgets.git",
        "https://pat@bitbucket.org/acme/widgets",
        "ssh://git@bitbucket.org/acme/widgets.git",
        "git@bitbucket.org:acme/widgets.git",
        "git@altssh.bitbucket.org:acme/widgets.git",
    ] {
        let home = Home::new().repo(url);
        let run = checked(
            &lab,
            &home,
            &[
                "check",
                "--api-url",
                &api,
                "--git-url",
                &git,
                "--format",
                "json",
            ],
            &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
        );
        // git's probe uses the origin's username (pat) when it has one: right for an API token.
        assert_eq!(
            run.primary(),
            "healthy",
            "{url}: {}{}",
            run.stdout,
            run.stderr
        );
        assert_eq!(run.json()["target"]["workspace"], "acme", "{url}");
    }
}

#[test]
fn no_target_explains_why() {
    let cases: [(Option<&str>, &str); 3] = [
        (None, "run inside a clone of a Bitbucket repository"),
        (Some(""), "has no `origin` remote"),
        (
            Some("https://github.com/acme/widgets.git"),
            "is not a Bitbucket Cloud repository",
        ),
    ];
    for (origin, says) in cases {
        let home = match origin {
            None => Home::new(),
            Some("") => {
                let h = Home::new().repo("https://bitbucket.org/x/y.git");
                h.git(&h.cwd, &["remote", "remove", "origin"]);
                h
            }
            Some(url) => Home::new().repo(url),
        };
        let run = home.run(&["check"], &[]);
        assert_eq!(run.code, 2, "{origin:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: no target"), "{}", run.stderr);
        assert!(run.stderr.contains(says), "{origin:?}: {}", run.stderr);
    }
}

/// Without git, the origin is read from `.git/config`; outside a repository the message says
/// git is missing.
#[test]
fn git_absent() {
    let lab = Lab::new(|_| {});
    let home = Home::new().repo(&origin(&lab));
    let token = lab.secret("widgets-repo-token");
    let run = home.run_with_path(
        &["check", "--format", "json"],
        &[("BITBUCKET_ACCESS_TOKEN", &token)],
        "",
    );
    assert_eq!(run.primary(), "healthy", "{}{}", run.stdout, run.stderr);
    let run = Home::new().run_with_path(&["check"], &[], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("git is not installed"),
        "{}",
        run.stderr
    );
}

#[test]
fn curl_command_gives_url_and_credential() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let url = format!("{}/repositories/acme/widgets", lab.sim.api_url());
    let home = Home::new();
    // The secret through a variable, expanded by bbdoctor as the shell would: no warning.
    let curl = format!("curl -sS -u \"{PAT}:$BITBUCKET_API_TOKEN\" {url}");
    let run = checked(
        &lab,
        &home,
        &["check", "--curl", &curl, "--format", "json"],
        &[("BITBUCKET_API_TOKEN", &token)],
    );
    assert_eq!(run.ids(), ["healthy"], "{}{}", run.stdout, run.stderr);
    let json = run.json();
    assert_eq!(json["credential"]["source"], "--curl");
    assert_eq!(json["target"]["api_url"], lab.sim.api_url());
    // The secret written in the command: the warning, and the same diagnosis.
    let curl = format!("curl -u {PAT}:{token} {url}");
    let run = checked(
        &lab,
        &home,
        &["check", "--curl", &curl, "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.ids(),
        ["secret-in-arguments", "healthy"],
        "{}",
        run.stdout
    );
    // A curl command that is not about a repository: its URL is probed as an endpoint.
    let user_url = format!("{}/user", lab.sim.api_url());
    let curl = format!("curl -H 'Authorization: Bearer {token}' {user_url}");
    let run = checked(
        &lab,
        &home,
        &["check", "acme/widgets", "--curl", &curl, "--format", "json"],
        &[("BITBUCKET_EMAIL", PAT)],
    );
    assert_eq!(run.primary(), "api-token-as-bearer", "{}", run.stdout);
}

#[test]
fn secret_on_the_command_line_is_a_warning() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let user = format!("{PAT}:{token}");
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let home = Home::new();
    let base = check_args(&api, &git, "json");
    let mut args = base.clone();
    args.extend(["-u", &user]);
    let run = checked(&lab, &home, &args, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.ids(),
        ["secret-in-arguments", "healthy"],
        "{}",
        run.stdout
    );
    let f = run.finding("secret-in-arguments");
    assert_eq!(f["severity"], "warning");
    assert!(f["evidence"][0].as_str().unwrap().contains("-u"));
    // The same credential from the environment: no warning.
    let run = checked(
        &lab,
        &home,
        &base,
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
    );
    assert_eq!(run.ids(), ["healthy"]);
}

/// git's own 403s (two-step verification enforced, IP allowlist) stay diagnosed when the
/// credential comes from git's helper, and their fix does not send the user to replace it.
#[test]
fn git_403s_with_the_helper_s_credential() {
    for (repo, user, email, secret, id) in [
        (
            "globex/gadgets",
            "sam",
            "sam@example.com",
            "sam-api-token",
            "two-step-or-sso",
        ),
        (
            "initech/payroll",
            "pat",
            PAT,
            "pat-api-token",
            "ip-not-allowed",
        ),
    ] {
        let lab = Lab::new(|_| {});
        let origin = format!("{}/{repo}.git", lab.sim.base_url());
        let home = Home::new()
            .repo(&origin)
            .store(&origin, user, &lab.secret(secret));
        let run = checked(
            &lab,
            &home,
            &["check", "--format", "json"],
            &[("BITBUCKET_EMAIL", email)],
        );
        assert_eq!(run.primary(), id, "{}", run.stdout);
        assert_eq!(run.code, 1);
        let f = run.finding(id);
        assert!(
            !f["command"]
                .as_str()
                .unwrap_or("")
                .contains("credential reject"),
            "{f}"
        );
    }
}

/// `-u LOGIN` on a terminal: a prompt on the terminal, and the secret typed there is not
/// echoed. script(1) gives the run a terminal; the report goes to a file.
#[test]
fn user_without_secret_prompts_without_echo_on_a_terminal() {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("script(1) is not installed: cannot give the run a terminal");
        return;
    }
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let home = Home::new();
    let out = home.home.join("out.json");
    let line = format!(
        "{} check acme/widgets --api-url {} --git-url {} -u {PAT} --format json > {}",
        BIN,
        lab.sim.api_url(),
        lab.sim.base_url(),
        out.display()
    );
    let mut child = home
        .command("script", &home.cwd, &[])
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run script");
    let screen = Arc::new(Mutex::new(String::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = Arc::clone(&screen);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while !screen
        .lock()
        .unwrap()
        .contains("Secret for pat@example.com: ")
    {
        assert!(
            Instant::now() < deadline,
            "no prompt: {:?}",
            screen.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The prompt is written just before echo is turned off: give it that moment.
    std::thread::sleep(Duration::from_millis(300));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{token}\r").as_bytes()).unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let screen = screen.lock().unwrap().clone();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: screen,
    };
    assert_no_secret(&run, &lab.world, &[]);
    assert_eq!(run.ids(), ["healthy"], "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["credential"]["source"], "-u");
}

/// Issue 13's "done when": inside a clone whose helper holds a broken credential (the email as
/// git's username) while the environment holds a good one, the check tests both, names both,
/// and says git uses the helper's, which fails.
#[test]
fn in_a_clone_git_uses_its_helper_not_the_environment() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let home = Home::new()
        .repo(&origin(&lab))
        .store(&origin(&lab), PAT, &token);
    let env = [
        ("BITBUCKET_EMAIL", PAT),
        ("BITBUCKET_API_TOKEN", token.as_str()),
    ];
    let run = checked(&lab, &home, &["check", "--format", "json"], &env);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.primary(), "git-https-username", "{}", run.stdout);
    let evidence = run.finding("git-https-username")["evidence"].to_string();
    assert!(evidence.contains("git's helper gives git"), "{evidence}");
    assert!(
        evidence.contains("env BITBUCKET_EMAIL + BITBUCKET_API_TOKEN works over git"),
        "{evidence}"
    );
    let probes = run.json()["probes"].to_string();
    assert!(probes.contains("\"git-helper\""), "{probes}");
    // git's own username went with the helper's credential, as git sends it.
    let sent: Vec<String> = lab
        .sim
        .requests()
        .iter()
        .filter_map(|r| r.authorization.clone())
        .collect();
    use base64::Engine as _;
    let pair = format!("{PAT}:{token}");
    let email_basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    );
    assert!(
        sent.iter().any(|a| a == &email_basic),
        "the helper's credential was not sent as git sends it"
    );
}

/// After a refusal git erases what its helper stored; the next check says so instead of only
/// "no credential".
#[test]
fn an_empty_helper_in_a_clone_is_explained() {
    let lab = Lab::new(|_| {});
    let home = Home::new().repo(&origin(&lab));
    home.git(
        &home.cwd,
        &["config", "--global", "credential.helper", "store"],
    );
    let run = checked(&lab, &home, &["check", "--format", "json"], &[]);
    assert_eq!(run.primary(), "anonymous-request", "{}", run.stdout);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let evidence = run.finding("anonymous-request")["evidence"].to_string();
    assert!(
        evidence.contains("git credential helper (store) holds nothing"),
        "{evidence}"
    );
    assert!(evidence.contains("erases"), "{evidence}");
}

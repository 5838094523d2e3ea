//! Issue 16, "hostile conditions, round 2": the twenty promises a red team broke on main at
//! `c1adf69`, one test each (named after the attack), and the weaknesses it reported. Each
//! drives the real binary against the red team's hostile servers (`common::serve`, a port of
//! its `serve.py`) on loopback, and fails on the code the red team attacked.
//!
//! Promises: P1 no secret printed; P3 at most 3 refused logins; P4/P5 credentials only to the
//! pinned hosts, plain http only to loopback; P6 within `--timeout`; P7 no panic or hang;
//! P8 the exit codes of the README.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::hostile::{self, Answer, Stub};
use common::serve::{self, KeepAliveThenClose, Mode, Proxy, json_dumps, json_every_u, url_quote};
use common::{BIN, Run, Scratch, bbdoctor, check_args, hermetic, scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PAT: &str = "pat@example.com";
/// A checksum-valid sample API token (the fact sheet's; not a live secret).
const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";
const ACCESS: &str = "ATCTT3xFfGN0RnFyy5r2xJ7Fj4mgblEv0-9BZhvWaXH6K2-tyLBhhOhg9uhkxiiEZpFfk1OHAOEHYqM6Ojb6mjBHqSiFVKu4MbMnrHontIKARAH-Ggl2JfaQqHu42bojteVs3qfNUfTAFnT0tEuw0dwQ0FIunWe8Cz6SNDCdyZQJiJSZQdoHwHe=B20EBD43";
const FORMATS: [&str; 5] = ["text", "json", "jsonl", "markdown", "junit"];
/// A hang bound, not a speed test: far above any `--timeout` used here.
const HANG: Duration = Duration::from_secs(25);

/// The REST and git bases of a loopback server.
fn bases(stub: &Stub) -> (String, String) {
    (
        format!("http://{}/2.0", stub.addr),
        format!("http://{}", stub.addr),
    )
}

/// Every form a report could print a secret in: as it is, JSON-escaped as Python and every
/// character, URL-encoded, base64 alone and as `login:secret`.
fn forms(login: Option<&str>, secret: &str) -> Vec<String> {
    let mut out = vec![
        secret.to_string(),
        json_dumps(secret),
        json_every_u(secret),
        serde_json::to_string(secret)
            .unwrap()
            .trim_matches('"')
            .to_string(),
        url_quote(secret),
        STANDARD.encode(secret),
    ];
    if let Some(login) = login {
        out.push(STANDARD.encode(format!("{login}:{secret}")));
    }
    out.sort();
    out.dedup();
    out
}

/// No form of any of `secrets` in what the run wrote.
fn assert_absent(run: &Run, what: &str, secrets: &[String]) {
    for s in secrets {
        for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(
                !text.contains(s.as_str()),
                "{what}: a secret form ({s:?}) in {name}:\n{text}"
            );
        }
    }
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
}

/// `bbdoctor ARGS --format F` for every format, and once more with a `--report` file of each
/// format (its text as the run's stdout): all must be free of `secrets`.
fn assert_absent_everywhere(
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
    secrets: &[String],
) {
    for format in FORMATS {
        let mut all = args.to_vec();
        all.extend(["--format", format]);
        let run = bbdoctor(&all, env, stdin);
        assert_absent(&run, &format!("{args:?} --format {format}"), secrets);
    }
    let dir = scratch();
    for ext in ["txt", "json", "md", "xml"] {
        let path = dir.join(format!("report.{ext}"));
        let mut all = args.to_vec();
        let shown = path.display().to_string();
        all.extend(["--report", &shown]);
        let run = bbdoctor(&all, env, stdin);
        let file = Run {
            code: run.code,
            stdout: std::fs::read_to_string(&path).unwrap_or_default(),
            stderr: run.stderr,
        };
        assert_absent(&file, &format!("{args:?} --report .{ext}"), secrets);
    }
}

/// A run that may hang: stdout and stderr go to files (a process left behind holding a pipe
/// cannot stall the test), and the child is killed at `limit`. Returns the run, its wall time,
/// and whether it ended by itself.
fn bounded(cmd: Command, limit: Duration) -> (Run, Duration, bool) {
    let dir = scratch();
    bounded_in(cmd, limit, &dir)
}

fn bounded_in(mut cmd: Command, limit: Duration, dir: &Scratch) -> (Run, Duration, bool) {
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run bbdoctor");
    let (code, ended) = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break (status.code().unwrap_or(-1), true);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break (-1, false);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let run = Run {
        code,
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    };
    (run, elapsed, ended)
}

/// The binary, hermetic, with `home` as HOME and its own (empty unless written) git config.
fn command(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let gitconfig = home.join(".gitconfig");
    if !gitconfig.exists() {
        std::fs::write(&gitconfig, "").unwrap();
    }
    let gitconfig = gitconfig.display().to_string();
    let mut all = vec![
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_CONFIG_GLOBAL", gitconfig.as_str()),
    ];
    all.extend(env);
    let mut cmd = hermetic(Command::new(BIN), home, &all);
    cmd.args(args);
    cmd
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

// ---------------------------------------------------------------------------------------------
// 1. A 2xx body over the read cap is believed: an SSO page passes the CI preflight.

#[test]
fn verdict_200_over_the_read_cap_is_not_believed() {
    for mode in [Mode::Sso40k, Mode::JsonCut40k] {
        let server = serve::serve(mode);
        let (api, git) = bases(&server);
        let mut args = check_args(&api, &git, "json");
        args.extend(["--require-scope", "read:repository:bitbucket"]);
        let run = bbdoctor(
            &args,
            &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", API)],
            None,
        );
        assert_eq!(run.code, 3, "{mode:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.json()["verdict"], "unreachable", "{mode:?}");
        let detail = run.finding("network-error")["detail"].to_string();
        assert!(
            ["not Bitbucket", "not JSON", "does not parse"]
                .iter()
                .any(|w| detail.contains(w)),
            "{mode:?}: {detail}"
        );
    }
}

// 2. A server's JSON-escaped echo of the secret is printed in every format.

#[test]
fn reflect_json_escaped_echo() {
    for mode in [Mode::EchoJsonDumps, Mode::EchoJsonU] {
        let server = serve::serve(mode);
        let (api, git) = bases(&server);
        let secret = "pässwörd-geheim-42";
        let base = check_args(&api, &git, "text");
        let base = &base[..6];
        // -u LOGIN:SECRET, and -u LOGIN with the secret on standard input.
        let mut args = base.to_vec();
        let user = format!("{PAT}:{secret}");
        args.extend(["-u", &user]);
        assert_absent_everywhere(&args, &[], None, &forms(Some(PAT), secret));
        let mut args = base.to_vec();
        args.extend(["-u", PAT]);
        assert_absent_everywhere(
            &args,
            &[],
            Some(&format!("{secret}\n")),
            &forms(Some(PAT), secret),
        );
        // A Bearer token with characters JSON escapes.
        let bearer = "geheim\"token\\42/xyz";
        assert_absent_everywhere(
            base,
            &[("BITBUCKET_ACCESS_TOKEN", bearer)],
            None,
            &forms(None, bearer),
        );
        assert!(!serve::credentials(&server).is_empty(), "nothing was sent");
    }
    // /2.0/user answers 200 with the secret as the username and display name.
    let server = serve::serve(Mode::EchoUser);
    let (api, git) = bases(&server);
    let secret = "Zq9vK2mXw7LpR4tN8cYb-ÿ";
    let user = format!("{PAT}:{secret}");
    let mut args = check_args(&api, &git, "text")[..6].to_vec();
    args.extend(["-u", &user]);
    assert_absent_everywhere(&args, &[], None, &forms(Some(PAT), secret));
}

// 3. Environment proxies carry the plain-http credential to another host.

#[test]
fn hosts_proxy_vars_curl_and_git_ignore() {
    let server = serve::serve(Mode::Bitbucketish);
    let proxy = Proxy::start();
    let (api, git) = bases(&server);
    let proxy_url = format!("http://{}", proxy.addr);
    for var in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        let mut args = check_args(&api, &git, "json");
        args.extend(["-u", "pat@example.com:hunter2-secret-42"]);
        let run = bbdoctor(&args, &[(var, &proxy_url)], None);
        assert_eq!(run.code, 1, "{var}: {}{}", run.stdout, run.stderr);
        assert!(
            proxy.seen().is_empty(),
            "{var}: the proxy got {:?}",
            proxy.seen()
        );
    }
    assert!(
        !serve::credentials(&server).is_empty(),
        "the server got nothing"
    );
}

// 4. A redirect on every probe is `verdict: ok`, exit 0.

#[test]
fn verdict_every_probe_redirected_to_sso() {
    let server = serve::serve(Mode::RedirectSso);
    let (api, git) = bases(&server);
    let run = bbdoctor(
        &check_args(&api, &git, "json"),
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", API)],
        None,
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.primary(), "network-error");
    let detail = run.finding("network-error")["detail"].to_string();
    assert!(
        detail.contains("redirect to https://sso.example.com/login"),
        "{detail}"
    );
    // Anonymously too: a redirect is nobody's "no problem found".
    let run = bbdoctor(&check_args(&api, &git, "json"), &[], None);
    assert_eq!(run.code, 3, "{}", run.stdout);
}

// 5. A token used as a username is printed whole, in check and in explain.

#[test]
fn args_secret_in_login_position_printed() {
    let server = serve::serve(Mode::Bitbucketish);
    let (api, git) = bases(&server);
    let token = "Zz8vK2mP9xL4nR7tW3yB6cD1eF5gH0iJkLmNoPqRsTuV";
    let target = format!("http://{token}@{}/acme/widgets.git", server.addr);
    let bearer = format!("Authorization: Bearer {ACCESS}");
    let args = [
        "check",
        &target,
        "--api-url",
        &api,
        "--git-url",
        &git,
        "-H",
        &bearer,
    ];
    assert_absent_everywhere(&args, &[], None, &forms(None, token));
    // -u TOKEN:login, swapped.
    let swapped = format!("{token}:pat");
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "-u",
        &swapped,
    ];
    assert_absent_everywhere(&args, &[], None, &forms(Some(token), token));
    // The app password in BITBUCKET_USERNAME, the username in BITBUCKET_APP_PASSWORD.
    let app = "abcdEFGH1234ijklMNOP";
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
    ];
    assert_absent_everywhere(
        &args,
        &[
            ("BITBUCKET_USERNAME", app),
            ("BITBUCKET_APP_PASSWORD", "patsmith"),
        ],
        None,
        &forms(None, app),
    );
}

#[test]
fn explain_secret_git_url_token_as_username() {
    let token = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    let paste = format!(
        "fatal: Authentication failed for 'https://{token}@bitbucket.org/acme/widgets.git/'\n\
         $ git clone https://{token}@bitbucket.org/acme/widgets.git\n\
         fatal: could not read Password for 'https://{token}@bitbucket.org': terminal prompts disabled"
    );
    assert_absent_everywhere(&["explain"], &[], Some(&paste), &forms(None, token));
}

// 6. explain quotes the paste's own secret back from the server's message.

#[test]
fn explain_secret_own_credential_quoted_in_message() {
    let secret = "Hunter2!-summer";
    let url = "https://api.bitbucket.org/2.0/repositories/acme/widgets";
    for quoted in [
        secret.to_string(),
        "Hunter2\\u0021-summer".to_string(),
        json_every_u(secret),
    ] {
        let paste = format!(
            "curl -u {PAT}:{secret} {url}\nHTTP/1.1 401 Unauthorized\n\n\
             {{\"type\": \"error\", \"error\": {{\"message\": \"Invalid credentials for {PAT}:{quoted}\"}}}}\n"
        );
        assert_absent_everywhere(&["explain"], &[], Some(&paste), &forms(Some(PAT), secret));
    }
    // git's remote: lines quoting the password of the clone URL.
    let paste = "$ git clone https://pat:Kx7mQ2vRt9Lw@bitbucket.org/acme/widgets.git\n\
                 remote: Invalid credentials for pat (password Kx7mQ2vRt9Lw)\n\
                 fatal: Authentication failed for 'https://bitbucket.org/acme/widgets.git/'\n";
    assert_absent_everywhere(
        &["explain"],
        &[],
        Some(paste),
        &forms(Some("pat"), "Kx7mQ2vRt9Lw"),
    );
}

// 7. A token in an --endpoint or --curl URL's query is printed.

#[test]
fn args_query_token_in_probe_url_printed() {
    let server = serve::serve(Mode::Bitbucketish);
    let (api, _) = bases(&server);
    let token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
    let endpoint = format!("/2.0/user?access_token={token}");
    let args = ["check", "--api-url", &api, "--endpoint", &endpoint];
    assert_absent_everywhere(&args, &[], None, &forms(None, token));
    let curl = format!("curl '{api}/user?x=1&access_token={token}'");
    let args = ["check", "--api-url", &api, "--curl", &curl];
    assert_absent_everywhere(&args, &[], None, &forms(None, token));
    // A value shaped like a token, whatever its name.
    let endpoint = format!("/2.0/user?q={token}");
    let args = ["check", "--api-url", &api, "--endpoint", &endpoint];
    assert_absent_everywhere(&args, &[], None, &forms(None, token));
}

// 8. Digit-free real passwords shaped like placeholders are printed verbatim.

#[test]
fn args_placeholder_shaped_passwords_printed() {
    let server = serve::serve(Mode::Bitbucketish);
    let (api, git) = bases(&server);
    for password in [
        "My_Secret_Pass",
        "CORRECT_HORSE_BATTERY",
        "<letmein-now>",
        "{secretcode}",
        "your-dog-rex-rules",
        "changeme-please-ok",
        "__kitty__",
        "Redacted-Pass-Phrase",
    ] {
        let user = format!("{PAT}:{password}");
        let args = [
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "-u",
            &user,
        ];
        assert_absent_everywhere(&args, &[], None, &[password.to_string()]);
        let run = bbdoctor(&args, &[], None);
        assert!(
            !run.stdout.contains("was sent as written"),
            "{password}: {}",
            run.stdout
        );
        let args = [
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
        ];
        let env = [
            ("BITBUCKET_USERNAME", "pat"),
            ("BITBUCKET_APP_PASSWORD", password),
        ];
        assert_absent_everywhere(&args, &env, None, &[password.to_string()]);
    }
}

// 9. The refusal budget counts only 401s the client parsed: 4 wrong Basic logins.

#[test]
fn budget_refusals_the_client_did_not_see() {
    for mode in [Mode::ObsFold401, Mode::CloseAfterCredential] {
        let server = serve::serve(mode);
        let (api, git) = bases(&server);
        let user = format!("patuser:{API}");
        let mut args = check_args(&api, &git, "json");
        args.extend(["-u", &user, "--endpoint", "/2.0/a", "--endpoint", "/2.0/b"]);
        let run = bbdoctor(&args, &[("BITBUCKET_EMAIL", PAT)], None);
        assert!(
            matches!(run.code, 1 | 3),
            "{mode:?}: {}{}",
            run.stdout,
            run.stderr
        );
        let logins = serve::credentials(&server);
        assert!(
            (1..=3).contains(&logins.len()),
            "{mode:?}: {} credentialed requests reached the server: {:#?}",
            logins.len(),
            server.seen()
        );
        assert!(server.seen().len() <= 8);
    }
}

// 10. A netrc that is a FIFO hangs every check, even with -H given.

#[test]
fn sources_netrc_fifo_with_explicit_credential() {
    let server = serve::serve(Mode::Bitbucketish);
    let (api, git) = bases(&server);
    let home = scratch();
    let fifo = home.join("netrc");
    mkfifo(&fifo);
    mkfifo(&home.join(".netrc"));
    let netrc = fifo.display().to_string();
    let with_header = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "--timeout",
        "3",
        "-H",
        "Authorization: Bearer abc-secret-42",
    ];
    let anonymous = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "--timeout",
        "3",
    ];
    for (args, env) in [
        (&with_header[..], vec![("NETRC", netrc.as_str())]),
        (&with_header[..], vec![]),
        (&anonymous[..], vec![("NETRC", netrc.as_str())]),
        (&anonymous[..], vec![]),
    ] {
        let (run, _, ended) = bounded(command(&home, args, &env), HANG);
        assert!(ended, "{args:?} {env:?}: still running after {HANG:?}");
        assert!(
            matches!(run.code, 1 | 3),
            "{args:?} {env:?}: {}{}",
            run.stdout,
            run.stderr
        );
    }
}

// 11. A credential helper that leaves a background child hangs the check.

#[test]
fn sources_helper_leaves_child_on_stderr() {
    let server = serve::serve(Mode::Bitbucketish);
    let (api, git) = bases(&server);
    let home = scratch();
    // The child outlives the test by a little; it holds nothing of the test's.
    std::fs::write(
        home.join(".gitconfig"),
        "[credential]\n\thelper = \"!f() { echo username=pat; echo password=x-secret-42; \
         (sleep 40 >/dev/null &); }; f\"\n",
    )
    .unwrap();
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "--git-credential",
        "--timeout",
        "3",
    ];
    let (run, _, ended) = bounded(command(&home, &args, &[]), HANG);
    assert!(ended, "still running after {HANG:?}");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("git credential helper"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("x-secret-42"));
}

// 12. The check runs up to ~2x --timeout when the helper is slow.

#[test]
fn sources_helper_slow_then_server_silent() {
    let silent = Stub::start(|_| Answer::Hang);
    let (api, git) = bases(&silent);
    let home = scratch();
    std::fs::write(
        home.join(".gitconfig"),
        "[credential]\n\thelper = \"!f() { sleep 4; echo username=pat; \
         echo password=helper-secret-42; }; f\"\n",
    )
    .unwrap();
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "--git-credential",
        "--timeout",
        "5",
    ];
    let (run, elapsed, ended) = bounded(command(&home, &args, &[]), HANG);
    assert!(ended, "still running after {HANG:?}");
    // One deadline for the helper and the probes: 4 s of helper, then what is left of 5.
    assert!(
        elapsed < Duration::from_millis(7500),
        "took {elapsed:?} with --timeout 5 (the helper took 4 s of it)"
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
}

#[test]
fn sources_stdin_pipe_that_stays_open() {
    // `-u LOGIN` reads the secret from standard input: a pipe that never ends nor closes is
    // given up at --timeout (a usage error), not waited on for ever.
    let (api, git) = hostile::nowhere();
    let home = scratch();
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "-u",
        PAT,
        "--timeout",
        "2",
    ];
    let mut cmd = command(&home, &args, &[]);
    let dir = scratch();
    cmd.stdin(Stdio::piped())
        .stdout(std::fs::File::create(dir.join("out")).unwrap())
        .stderr(std::fs::File::create(dir.join("err")).unwrap());
    let mut child = cmd.spawn().unwrap();
    let _held_open = child.stdin.take();
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("still waiting for standard input after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = std::fs::read_to_string(dir.join("err")).unwrap();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("within --timeout"), "{stderr}");
}

// 13. Ctrl-C at the hidden secret prompt leaves the terminal without echo.

#[test]
fn signal_ctrl_c_at_secret_prompt() {
    use std::os::unix::io::FromRawFd;
    use std::os::unix::process::CommandExt;
    let (api, git) = hostile::nowhere();
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty fills two descriptors; the rest are optional.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "no pseudo-terminal");
    let echo_on = |fd: i32| {
        // SAFETY: a zeroed termios filled by tcgetattr on a terminal descriptor.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        t.c_lflag & libc::ECHO != 0
    };
    assert!(echo_on(slave), "a new terminal echoes");
    let home = scratch();
    let mut cmd = hermetic(Command::new(BIN), &home, &[]);
    cmd.args([
        "check",
        "acme/widgets",
        "-u",
        PAT,
        "--api-url",
        &api,
        "--git-url",
        &git,
    ]);
    // SAFETY: duplicates of the terminal's descriptor for the child's standard streams; in the
    // child, a session of its own with that terminal as its controlling terminal.
    unsafe {
        cmd.stdin(Stdio::from_raw_fd(libc::dup(slave)))
            .stdout(Stdio::from_raw_fd(libc::dup(slave)))
            .stderr(Stdio::from_raw_fd(libc::dup(slave)))
            .pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
    }
    let mut child = cmd.spawn().expect("run bbdoctor on a terminal");
    // SAFETY: the master descriptor, made non-blocking to read what the prompt wrote.
    unsafe {
        let flags = libc::fcntl(master, libc::F_GETFL);
        libc::fcntl(master, libc::F_SETFL, flags | libc::O_NONBLOCK);
    }
    let started = Instant::now();
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("Secret for") {
        assert!(
            started.elapsed() < HANG,
            "no prompt: {:?}",
            String::from_utf8_lossy(&seen)
        );
        let mut buf = [0u8; 256];
        // SAFETY: reading into a local buffer of that size.
        let n = unsafe { libc::read(master, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            seen.extend_from_slice(&buf[..n as usize]);
        } else {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // The prompt is up, echo off: Ctrl-C, as a person types it.
    std::thread::sleep(Duration::from_millis(100));
    // SAFETY: writing one byte to the master side of the terminal.
    assert_eq!(
        unsafe { libc::write(master, b"\x03".as_ptr().cast(), 1) },
        1
    );
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("Ctrl-C did not end the prompt");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(echo_on(slave), "the terminal was left without echo");
    // SAFETY: closing the descriptors openpty gave.
    unsafe {
        libc::close(master);
        libc::close(slave);
    }
}

// 14. A credential HTTP cannot carry is reported as "Bitbucket could not be reached", exit 3.

#[test]
fn args_uncarriable_credential_is_a_usage_error() {
    let server = serve::serve(Mode::Bitbucketish);
    let (api, git) = bases(&server);
    let base = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
    ];
    /// Arguments, environment, and the secret they carry.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 3] = [
        (
            &["-H", "Authorization: Bearer tökén-42-secret"],
            &[],
            "tökén-42-secret",
        ),
        (
            &[],
            &[("BITBUCKET_ACCESS_TOKEN", "tökén-42-secret")],
            "tökén-42-secret",
        ),
        (
            &[],
            &[("BITBUCKET_ACCESS_TOKEN", "line\r\nbreak-42-secret")],
            "break-42-secret",
        ),
    ];
    for (extra, env, secret) in cases {
        let mut args = base.to_vec();
        args.extend(extra);
        let run = bbdoctor(&args, env, None);
        assert_eq!(
            run.code, 2,
            "{extra:?} {env:?}: {}{}",
            run.stdout, run.stderr
        );
        assert!(
            run.stderr.contains("no HTTP header can carry"),
            "{}",
            run.stderr
        );
        assert_absent(&run, "uncarriable", &[secret.to_string()]);
    }
    assert!(server.seen().is_empty(), "{:?}", server.seen());
    // Basic carries any character: that one is sent.
    let mut args = base.to_vec();
    args.extend(["-u", "pat@example.com:pässwörd-geheim-42"]);
    assert_eq!(bbdoctor(&args, &[], None).code, 1);
}

// 15. The secret URL-encoded or base64-encoded alone is printed.

#[test]
fn reflect_encoded_echo() {
    let secret = "p@ss word/42+x";
    for mode in [Mode::EchoLocation, Mode::EchoB64] {
        let server = serve::serve(mode);
        let (api, git) = bases(&server);
        let user = format!("{PAT}:{secret}");
        let args = [
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "-u",
            &user,
        ];
        assert_absent_everywhere(&args, &[], None, &forms(Some(PAT), secret));
        assert!(!serve::credentials(&server).is_empty());
    }
}

// 16. A secret under 6 characters is never scrubbed.

#[test]
fn reflect_short_secret_echo() {
    let server = serve::serve(Mode::EchoRaw);
    let (api, git) = bases(&server);
    for secret in ["s3cr!", "pw4!x", "Kq7"] {
        let user = format!("{PAT}:{secret}");
        let args = [
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "-u",
            &user,
        ];
        assert_absent_everywhere(&args, &[], None, &[format!("token {secret}")]);
    }
}

// 17. plain http to a host pinned as https, via --curl.

#[test]
fn hosts_curl_url_http_to_pinned_https_host() {
    let server = serve::serve(Mode::Bitbucketish);
    let api = format!("https://{}/2.0", server.addr);
    let git = format!("https://{}", server.addr);
    let curl = format!(
        "curl -u pat@example.com:hunter2-secret-42 http://{}/2.0/user",
        server.addr
    );
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "--timeout",
        "3",
        "--curl",
        &curl,
        "--format",
        "json",
    ];
    let run = bbdoctor(&args, &[], None);
    assert!(
        server
            .seen()
            .iter()
            .all(|h| hostile::header_of(h, "authorization").is_none()),
        "the credential went in clear to a host pinned as https: {:?}",
        server.seen()
    );
    assert!(run.stdout.contains("with their scheme"), "{}", run.stdout);
}

// 18. A server that closes idle keep-alive connections gives a flaky `unreachable`.

#[test]
fn verdict_keepalive_closed_without_notice() {
    let server = KeepAliveThenClose::start();
    let api = format!("http://{}/2.0", server.addr);
    let git = format!("http://{}", server.addr);
    for _ in 0..3 {
        let run = bbdoctor(
            &check_args(&api, &git, "json"),
            &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", API)],
            None,
        );
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    }
    // A pooled connection was found closed, and the request went again on a fresh one.
    assert!(
        !server.dropped.lock().unwrap().is_empty(),
        "no connection was reused"
    );
    let per_run =
        (server.answered.lock().unwrap().len() + server.dropped.lock().unwrap().len()) / 3;
    assert!(per_run <= 8, "{per_run} requests a check");
}

// 19. explain on a FIFO hangs.

#[test]
fn explain_fifo_without_writer() {
    let home = scratch();
    let fifo = home.join("post.txt");
    mkfifo(&fifo);
    let shown = fifo.display().to_string();
    let (run, _, ended) = bounded(command(&home, &["explain", &shown], &[]), HANG);
    assert!(ended, "still reading the FIFO after {HANG:?}");
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("is empty"), "{}", run.stderr);
    // A pipe with a writer (`explain <(pbpaste)`, `explain /dev/stdin`) is read to its end.
    let paste = "curl -H 'Authorization: bearer x' https://api.bitbucket.org/2.0/user\n";
    let run = bbdoctor(&["explain", "/dev/stdin"], &[], Some(paste));
    assert!(matches!(run.code, 0 | 1), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("scheme-case"), "{}", run.stdout);
}

// 20. A broken stderr pipe turns a usage error into a panic, exit 101.

#[test]
fn signal_stderr_broken_pipe() {
    use std::os::unix::io::FromRawFd;
    for args in [
        vec!["check", "nope"],
        vec!["explain", "/nonexistent/post.txt"],
    ] {
        let mut fds = [0; 2];
        // SAFETY: pipe fills two descriptors; the read end is closed at once.
        let write_end = unsafe {
            assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
            libc::close(fds[0]);
            Stdio::from_raw_fd(fds[1])
        };
        let home = scratch();
        let mut cmd = hermetic(Command::new(BIN), &home, &[]);
        cmd.args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(write_end);
        let status = cmd.status().unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {status:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Weaknesses the red team reported besides.

#[test]
fn reflect_truncated_echo_first_half() {
    let server = serve::serve(Mode::EchoHalf);
    let (api, git) = bases(&server);
    let secret = "Zz8vK2mP9xL4nR7tW3yB6cD1";
    let user = format!("{PAT}:{secret}");
    let args = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "-u",
        &user,
    ];
    assert_absent_everywhere(&args, &[], None, &[secret[..12].to_string()]);
}

#[test]
fn cli_escapes_from_arguments_are_not_echoed() {
    let home = scratch();
    let name = home
        .join("post\u{1b}]0;pwned\u{7}\u{1b}[2J.txt")
        .display()
        .to_string();
    let report = home.join("r\u{1b}[31m.pdf").display().to_string();
    for args in [
        vec!["explain", name.as_str()],
        vec!["check", "acme/widgets", "--report", report.as_str()],
    ] {
        let run = bbdoctor(&args, &[], None);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains(['\u{1b}', '\u{7}']),
            "{args:?}: {:?}",
            run.stderr
        );
    }
}

#[test]
fn report_write_fails_half_way() {
    // A file size limit (a full disk) stops the write of the report: the report already there
    // is left whole, not truncated.
    let (api, git) = hostile::nowhere();
    let dir = scratch();
    let report = dir.join("bbdoctor.xml");
    let before = "<testsuites><testsuite name=\"previous run\"/></testsuites>\n";
    std::fs::write(&report, before).unwrap();
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\" >/dev/null",
        BIN,
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
        "--report",
        report.to_str().unwrap(),
    ]);
    let (run, _, ended) = bounded(hermetic(cmd, &dir, &[]), HANG);
    assert!(ended);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(&*dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")),
        "{left:?}"
    );
    // Without the limit, the report is replaced whole.
    let run = bbdoctor(
        &[
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "--report",
            report.to_str().unwrap(),
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 3);
    roxmltree::Document::parse(&std::fs::read_to_string(&report).unwrap()).unwrap();
}

#[test]
fn explain_many_files_memory() {
    // One input at a time: a batch of the same 2 MiB post twelve times stays near one post's
    // footprint (it was the sum of all of them: 35 MB on c1adf69, 13 MB now). Blank lines
    // are the quickest text to explain.
    let dir = scratch();
    let post = dir.join("post.txt");
    std::fs::write(&post, "\n".repeat(2 * 1024 * 1024) + "it fails with 401\n").unwrap();
    let shown = post.display().to_string();
    let batch = |n: usize| {
        let mut args = vec!["explain", "--format", "jsonl"];
        args.extend(std::iter::repeat_n(shown.as_str(), n));
        let m = hostile::measured(&args, &[]);
        assert!(matches!(m.run.code, 0 | 1 | 4), "{}", m.run.stderr);
        assert_eq!(m.run.stdout.lines().count(), n);
        assert!(m.peak_kib > 0, "the memory was not measured");
        m.peak_kib
    };
    // Against one input of the same binary, so that the binary's own size (a debug build's
    // grows with every crate) is not what is measured.
    let (one, twelve) = (batch(1), batch(12));
    assert!(
        twelve < one + 6 * 1024,
        "peak {twelve} KiB for 12 inputs of 2 MiB, {one} KiB for one"
    );
}

//! No secret in any output: every scenario in every format, and the error paths, with the
//! secret arriving through each way `check` takes one (-H, -u, -u with standard input,
//! --curl, the environment, git's credential helper, netrc), against a healthy simulator, a
//! broken one, and a server that echoes the credential back in its body and headers.

mod common;

use base64::Engine;
use common::hostile::{self, Answer, Stub};
use common::serve;
use common::{BIN, Lab, Run, assert_no_secret, bbdoctor, check_args, enc, fault, run_in, scratch};
use std::process::Command;

const PAT: &str = "pat@example.com";
const FORMATS: [&str; 5] = ["text", "json", "jsonl", "markdown", "junit"];

/// One way a secret reaches `check`: arguments, environment, standard input, files in HOME.
struct Way {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
    /// git's `store` helper holds `(login, secret)` for the server under test.
    git_store: Option<(String, String)>,
    /// A netrc file for the server under test holds `(login, secret)`.
    netrc: Option<(String, String)>,
    /// The secret and the login it goes with (for the Basic payload, itself secret).
    secret: String,
    login: Option<String>,
}

impl Way {
    fn new(name: &'static str, secret: &str) -> Way {
        Way {
            name,
            args: vec![],
            env: vec![],
            stdin: None,
            git_store: None,
            netrc: None,
            secret: secret.to_string(),
            login: None,
        }
    }
    fn args(mut self, args: &[&str]) -> Way {
        self.args = args.iter().map(|s| s.to_string()).collect();
        self
    }
    fn env(mut self, env: &[(&str, &str)]) -> Way {
        self.env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self
    }
    fn login(mut self, login: &str) -> Way {
        self.login = Some(login.to_string());
        self
    }

    /// Everything that must not appear: the secret in every form a report or a server could
    /// write it (as it is, JSON-escaped, URL-encoded, base64 alone), and the Basic payload
    /// that encodes it.
    fn forbidden(&self) -> Vec<String> {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let mut out = vec![
            self.secret.clone(),
            serve::json_dumps(&self.secret),
            serve::json_every_u(&self.secret),
            serde_json::to_string(&self.secret)
                .unwrap()
                .trim_matches('"')
                .to_string(),
            serve::url_quote(&self.secret),
            b64(&self.secret),
        ];
        if let Some(login) = &self.login {
            out.push(b64(&format!("{login}:{}", self.secret)));
        }
        out.sort();
        out.dedup();
        out
    }

    /// Run `check acme/widgets` against `api`/`git` in `format`, this way.
    fn run(&self, api: &str, git: &str, format: &str) -> Run {
        let home = scratch();
        let mut env: Vec<(String, String)> = self.env.clone();
        env.push(("HOME".into(), home.display().to_string()));
        env.push(("GIT_CONFIG_NOSYSTEM".into(), "1".into()));
        let gitconfig = home.join(".gitconfig");
        env.push(("GIT_CONFIG_GLOBAL".into(), gitconfig.display().to_string()));
        let host = git.split_once("://").unwrap().1;
        match &self.git_store {
            Some((login, secret)) => {
                std::fs::write(&gitconfig, "[credential]\n\thelper = store\n").unwrap();
                std::fs::write(
                    home.join(".git-credentials"),
                    format!("http://{}:{}@{host}\n", enc(login), enc(secret)),
                )
                .unwrap();
            }
            None => std::fs::write(&gitconfig, "").unwrap(),
        }
        if let Some((login, secret)) = &self.netrc {
            let machine = host.split(':').next().unwrap();
            let path = home.join("netrc");
            std::fs::write(
                &path,
                format!("machine {machine} login {login} password {secret}\n"),
            )
            .unwrap();
            env.push(("NETRC".into(), path.display().to_string()));
        }
        let ours: Vec<String> = self.args.iter().map(|a| a.replace("{API}", api)).collect();
        let mut args = check_args(api, git, format);
        args.extend(["--timeout", "5"]);
        args.extend(ours.iter().map(String::as_str));
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run_in(
            Command::new(BIN),
            &args,
            &env,
            self.stdin.as_ref().map(String::as_bytes),
        )
    }
}

/// Every way the secret can arrive, for the credentials of `lab`'s world; `wrong` swaps in
/// secrets Bitbucket does not know (the refused paths).
fn ways(lab: &Lab) -> Vec<Way> {
    let api_token = lab.secret("pat-api-token");
    let access = lab.secret("widgets-repo-token");
    let app = lab.secret("pat-app-password");
    let password = lab.secret("pat-password");
    let mut ways =
        vec![
        Way::new("-H Bearer", &api_token)
            .args(&["-H", &format!("Authorization: Bearer {api_token}")])
            .env(&[("BITBUCKET_EMAIL", PAT)]),
        Way::new("-H without a scheme", &access).args(&["-H", &format!("Authorization: {access}")]),
        Way::new("-H lowercase bearer", &access)
            .args(&["-H", &format!("Authorization: bearer {access}")]),
        Way::new("-H damaged", &access[..120])
            .args(&["-H", &format!("Authorization: Bearer {}", &access[..120])]),
        Way::new("-u login:app-password", &app)
            .login(PAT)
            .args(&["-u", &format!("{PAT}:{app}")]),
        Way::new("-u login:password", &password)
            .login("pat")
            .args(&["-u", &format!("pat:{password}")]),
        Way::new("env API token", &api_token)
            .login(PAT)
            .env(&[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &api_token)]),
        Way::new("env app password", &app)
            .login("pat")
            .env(&[("BITBUCKET_USERNAME", "pat"), ("BITBUCKET_APP_PASSWORD", &app)]),
        Way::new("env access token", &access).env(&[("BITBUCKET_ACCESS_TOKEN", &access)]),
        Way::new("--curl -u", &api_token).login(PAT).args(&[
            "--curl",
            &format!("curl -u {PAT}:{api_token} {{API}}/repositories/acme/widgets"),
        ]),
        Way::new("--curl -H", &access).args(&[
            "--curl",
            &format!("curl -H 'Authorization: Bearer {access}' {{API}}/user"),
        ]),
        Way::new("--curl $VAR", &api_token)
            .login(PAT)
            .args(&[
                "--curl",
                "curl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" {API}/repositories/acme/widgets",
            ])
            .env(&[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &api_token)]),
    ];
    // Real passwords that look like placeholders (`my_…`, an upper-case name): never sent,
    // and never shown either.
    ways.push(
        Way::new("-u a password like a placeholder", "my_S3cret_pw")
            .login("pat")
            .args(&["-u", "pat:my_S3cret_pw"]),
    );
    ways.push(
        Way::new("env a password like a variable name", "CORRECT_HORSE_42")
            .login("pat")
            .env(&[
                ("BITBUCKET_USERNAME", "pat"),
                ("BITBUCKET_APP_PASSWORD", "CORRECT_HORSE_42"),
            ]),
    );
    // Secrets in the forms servers escape, and where a login goes (red team round 2).
    ways.push(
        Way::new(
            "-u a password JSON and URLs escape",
            "pässwörd \"geheim\"/42+x",
        )
        .login(PAT)
        .args(&["-u", &format!("{PAT}:pässwörd \"geheim\"/42+x")]),
    );
    ways.push(
        Way::new("-u a short password", "s3cr!")
            .login(PAT)
            .args(&["-u", &format!("{PAT}:s3cr!")]),
    );
    ways.push(
        Way::new(
            "-u the token where the login goes",
            "Zz8vK2mP9xL4nR7tW3yB6cD1eF5gH0iJ",
        )
        .args(&["-u", "Zz8vK2mP9xL4nR7tW3yB6cD1eF5gH0iJ:pat"]),
    );
    let mut stdin = Way::new("-u login, secret on stdin", &api_token)
        .login(PAT)
        .args(&["-u", PAT]);
    stdin.stdin = Some(format!("{api_token}\n"));
    ways.push(stdin);
    let mut helper = Way::new("--git-credential (store)", &api_token)
        .login(PAT)
        .args(&["--git-credential"])
        .env(&[("BITBUCKET_EMAIL", PAT)]);
    helper.git_store = Some((PAT.into(), api_token.clone()));
    ways.push(helper);
    let mut helper_app = Way::new("--git-credential app password", &app)
        .login("pat")
        .args(&["--git-credential"]);
    helper_app.git_store = Some(("pat".into(), app.clone()));
    ways.push(helper_app);
    let mut netrc = Way::new("netrc", &api_token).login(PAT);
    netrc.netrc = Some((PAT.into(), api_token.clone()));
    ways.push(netrc);
    ways
}

/// Each way, each format, against one server: no secret in any output, a report or a clear
/// usage error, never a crash.
fn no_secret_from_any_way(lab: &Lab, api: &str, git: &str, allowed: &[i32]) {
    for way in ways(lab) {
        for format in FORMATS {
            let run = way.run(api, git, format);
            let forbidden = way.forbidden();
            let extra: Vec<&str> = forbidden.iter().map(String::as_str).collect();
            assert_no_secret(&run, &lab.world, &extra);
            assert!(
                allowed.contains(&run.code),
                "{} ({format}): exit {}\n{}\n{}",
                way.name,
                run.code,
                run.stdout,
                run.stderr
            );
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        }
    }
}

#[test]
fn no_secret_from_any_source_in_any_format() {
    let lab = Lab::new(|w| w.now = "2026-11-23T10:00:00Z".into());
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    no_secret_from_any_way(&lab, &api, &git, &[0, 1]);
    // Every way was taken: the simulator saw each secret (the damaged one aside, which is
    // diagnosed without a request).
    let sent: Vec<String> = lab
        .sim
        .requests()
        .iter()
        .filter_map(|r| r.credential.clone())
        .collect();
    for id in [
        "pat-api-token",
        "widgets-repo-token",
        "pat-app-password",
        "pat-password",
    ] {
        assert!(
            sent.iter().any(|c| c == id),
            "{id} never reached the simulator"
        );
    }
}

#[test]
fn no_secret_when_the_server_fails() {
    // The same ways against a server that answers 503, and against no server at all.
    let lab = Lab::new(|w| {
        w.now = "2026-11-23T10:00:00Z".into();
        w.faults = vec![fault(
            "/",
            bbdoctor::sim::FaultAction::Status {
                status: 503,
                body: None,
            },
        )];
    });
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    no_secret_from_any_way(&lab, &api, &git, &[1, 3]);
    let (api, git) = hostile::nowhere();
    no_secret_from_any_way(&lab, &api, &git, &[1, 3]);
}

#[test]
fn no_secret_when_the_server_echoes_the_credential_back() {
    // A hostile server: the request head, Authorization and all, in the body of a 401 and of a
    // 200, and in every header a report quotes; the secret itself JSON-escaped (every
    // character), URL-encoded and in base64.
    let echo = Stub::start(|head| {
        let auth = hostile::header_of(head, "authorization").unwrap_or("none");
        let secret = serve::secret_of(head).unwrap_or_default();
        let escaped = serve::json_every_u(&secret);
        let encoded = serve::url_quote(&secret);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&secret);
        let status = if head.contains("/user") { 200 } else { 401 };
        let body = match status {
            200 => format!(
                "{{\"type\": \"error\", \"error\": {{\"message\": \"you sent {} {escaped}\"}}, \"username\": \"{}\", \"display_name\": \"{}\"}}",
                auth.replace('"', ""),
                auth.replace('"', ""),
                serve::json_dumps(&secret)
            ),
            _ => format!("Login failed. You sent:\n{head}\n{escaped}\n{encoded}\n{b64}"),
        };
        Answer::Bytes(hostile::response(
            status,
            &[
                ("Content-Type", "text/plain"),
                ("WWW-Authenticate", &format!("Basic realm=\"{auth} {b64}\"")),
                ("X-Credential-Type", auth),
                ("X-OAuth-Scopes", auth),
                ("X-Accepted-OAuth-Scopes", &escaped),
                (
                    "Location",
                    &format!("http://127.0.0.1:1/?auth={auth}&s={encoded}"),
                ),
            ],
            &body,
        ))
    });
    let lab = Lab::new(|_| {});
    let (api, git) = (
        format!("http://{}/2.0", echo.addr),
        format!("http://{}", echo.addr),
    );
    no_secret_from_any_way(&lab, &api, &git, &[0, 1, 3]);
    // The echo server did receive the credentials: the test is not vacuous.
    assert!(
        echo.seen()
            .iter()
            .any(|h| hostile::header_of(h, "authorization").is_some()),
        "no credential was ever sent"
    );
}

#[test]
fn no_secret_on_the_error_paths() {
    let lab = Lab::new(|_| {});
    let api_token = lab.secret("pat-api-token");
    let access = lab.secret("widgets-repo-token");
    // Secrets where they do not belong: a base URL, the target, a header without its name,
    // the git URL, an endpoint, a report path, a scope, a curl command that is not curl.
    let in_url = format!("https://pat:{api_token}@api.bitbucket.org/2.0");
    let in_curl = format!("wget --header 'Authorization: Bearer {access}' ");
    let unbalanced = format!("curl -H 'Authorization: Bearer {access}");
    let errors: Vec<Vec<&str>> = vec![
        vec!["check", "acme/widgets", "--api-url", &in_url],
        vec!["check", &api_token],
        vec!["check", "acme/widgets", "-H", &api_token],
        vec!["check", "acme/widgets", "--git-url", &access],
        vec!["check", "acme/widgets", "--require-scope", &access],
        vec!["check", "acme/widgets", "--report", &access],
        vec!["check", "acme/widgets", "--curl", &unbalanced],
        vec![
            "check",
            "acme/widgets",
            "--curl",
            &in_curl,
            "--format",
            &access,
        ],
        vec!["check", "acme/widgets", "--timeout", &access],
        vec!["rules", &access],
        vec!["check", "acme/widgets", &access],
    ];
    for args in errors {
        let run = bbdoctor(&args, &[], None);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("error"), "{}", run.stderr);
        assert_no_secret(&run, &lab.world, &[]);
    }
    // A secret in the environment that is incomplete (no login) is named, never shown.
    let run = bbdoctor(
        &["check", "acme/widgets"],
        &[("BITBUCKET_API_TOKEN", &api_token)],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_no_secret(&run, &lab.world, &[]);
}

/// The report file (`--report`) holds no secret either, in any format.
fn assert_file_has_no_secret(path: &std::path::Path, world: &bbdoctor::sim::World, extra: &[&str]) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let as_run = Run {
        code: 0,
        stdout: text,
        stderr: String::new(),
    };
    assert_no_secret(&as_run, world, extra);
}

#[test]
fn no_secret_in_report_files() {
    let lab = Lab::new(|w| w.now = "2026-11-23T10:00:00Z".into());
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let dir = scratch();
    for way in ways(&lab) {
        for ext in ["txt", "json", "jsonl", "md", "xml"] {
            let path = dir.join(format!("report.{ext}"));
            let mut way_with_report = Way::new(way.name, &way.secret);
            way_with_report.args = way.args.clone();
            way_with_report
                .args
                .extend(["--report".to_string(), path.display().to_string()]);
            way_with_report.env = way.env.clone();
            way_with_report.stdin = way.stdin.clone();
            way_with_report.git_store = way.git_store.clone();
            way_with_report.netrc = way.netrc.clone();
            let run = way_with_report.run(&api, &git, "text");
            assert!(matches!(run.code, 0 | 1), "{}: {}", way.name, run.stderr);
            let forbidden = way.forbidden();
            let extra: Vec<&str> = forbidden.iter().map(String::as_str).collect();
            assert_file_has_no_secret(&path, &lab.world, &extra);
        }
    }
}

/// Pasted material that carries a secret in each of the forms people paste it.
fn pasted_with_secrets(lab: &Lab) -> Vec<(String, Vec<String>)> {
    let api_token = lab.secret("pat-api-token");
    let access = lab.secret("widgets-repo-token");
    let app = lab.secret("pat-app-password");
    let basic = |login: &str, secret: &str| {
        base64::engine::general_purpose::STANDARD.encode(format!("{login}:{secret}"))
    };
    let url = "https://api.bitbucket.org/2.0/repositories/acme/widgets";
    vec![
        (
            format!("curl -u {PAT}:{api_token} {url}"),
            vec![api_token.clone(), basic(PAT, &api_token)],
        ),
        (
            format!(
                "curl -H 'Authorization: Bearer {api_token}' {url}\n{{\"type\": \"error\", \"error\": {{\"message\": \"Token is invalid, expired, or not supported for this endpoint.\"}}}}"
            ),
            vec![api_token.clone()],
        ),
        (
            format!(
                "> GET /2.0/user HTTP/1.1\n> Authorization: Basic {}\n>\n< HTTP/1.1 401 Unauthorized\n< WWW-Authenticate: Basic realm=\"Bitbucket.org HTTP\"\n\nLogin failed due to incorrect login credentials or method.",
                basic(PAT, &app)
            ),
            vec![app.clone(), basic(PAT, &app)],
        ),
        (
            format!(
                "$ git clone https://pat:{app}@bitbucket.org/acme/widgets.git\nremote: Invalid credentials\nfatal: Authentication failed for 'https://bitbucket.org/acme/widgets.git/'"
            ),
            vec![app.clone()],
        ),
        (
            format!(
                "export BITBUCKET_ACCESS_TOKEN={access}\ncurl -H \"Authorization: Bearer $BITBUCKET_ACCESS_TOKEN\" {url}\nHTTP/1.1 404 Not Found"
            ),
            vec![access.clone()],
        ),
        (
            format!(
                "Hi all, my token is {access} and I get 401 with Bearer.\n{{\"access_token\": \"{access}\", \"token_type\": \"bearer\"}}"
            ),
            vec![access.clone()],
        ),
        // Client code: a literal in a Python dict, Basic built with btoa, a PowerShell
        // variable.
        (
            format!(
                "import requests\nheaders = {{\"Authorization\": \"Bearer {api_token}\"}}\nr = requests.get(\"{url}\", headers=headers)\n\n401 {{\"type\": \"error\", \"error\": {{\"message\": \"Token is invalid, expired, or not supported for this endpoint.\"}}}}"
            ),
            vec![api_token.clone()],
        ),
        (
            format!(
                "fetch('{url}', {{ headers: {{ Authorization: 'Basic ' + btoa('{PAT}:{app}') }} }})\nLogin failed due to incorrect login credentials or method."
            ),
            vec![app.clone(), basic(PAT, &app)],
        ),
        (
            format!(
                "$token = \"{access}\"\n$headers = @{{ Authorization = \"Bearer $token\" }}\nInvoke-RestMethod -Uri \"{url}?access_token=$token\" -Headers $headers\nHTTP/1.1 404 Not Found"
            ),
            vec![access.clone()],
        ),
        (
            format!(
                "curl -X POST -d grant_type=client_credentials -u key:{app} https://bitbucket.org/site/oauth2/access_token\n{{\"access_token\": \"{}\", \"refresh_token\": \"{}\"}}",
                &access[20..80],
                &api_token[30..90]
            ),
            vec![
                app.clone(),
                access[20..80].to_string(),
                api_token[30..90].to_string(),
            ],
        ),
    ]
}

#[test]
fn explain_never_shows_a_pasted_secret() {
    let lab = Lab::new(|_| {});
    let dir = scratch();
    let pastes = pasted_with_secrets(&lab);
    let mut files = Vec::new();
    for (i, (text, secrets)) in pastes.iter().enumerate() {
        let extra: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let file = dir.join(format!("paste-{i}.txt"));
        std::fs::write(&file, text).unwrap();
        files.push(file.display().to_string());
        for format in FORMATS {
            let from_stdin = bbdoctor(&["explain", "--format", format], &[], Some(text));
            assert_no_secret(&from_stdin, &lab.world, &extra);
            assert!(
                matches!(from_stdin.code, 0 | 1 | 4),
                "{}",
                from_stdin.stderr
            );
            let report = dir.join(format!("report-{i}.{format}"));
            let from_file = bbdoctor(
                &[
                    "explain",
                    &files[i],
                    "--format",
                    format,
                    "--report",
                    &report.display().to_string(),
                    "--report-format",
                    format,
                ],
                &[],
                None,
            );
            assert_no_secret(&from_file, &lab.world, &extra);
            assert_file_has_no_secret(&report, &lab.world, &extra);
        }
    }
    // All of them at once, as a batch.
    let all: Vec<String> = pastes.iter().flat_map(|(_, s)| s.clone()).collect();
    let extra: Vec<&str> = all.iter().map(String::as_str).collect();
    for format in FORMATS {
        let mut args = vec!["explain", "--format", format];
        args.extend(files.iter().map(String::as_str));
        let batch = bbdoctor(&args, &[], None);
        assert_no_secret(&batch, &lab.world, &extra);
    }
}

#[test]
fn reports_quote_headers_redacted() {
    // The header is quoted (what was sent, and the corrected form), in its redacted form.
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let header = format!("Authorization: Bearer {token}");
    for format in ["text", "markdown", "json"] {
        let mut args = check_args(&api, &git, format);
        args.extend(["-H", &header]);
        let run = bbdoctor(&args, &[("BITBUCKET_EMAIL", PAT)], None);
        assert_no_secret(&run, &lab.world, &[]);
        assert!(
            run.stdout.contains("Bearer ATATT…(192 chars)"),
            "{format}: the header is not quoted redacted:\n{}",
            run.stdout
        );
    }
}

#[test]
fn no_secret_in_the_demo_rules_or_help() {
    // The demo diagnoses the world's own credentials; `rules`, help, the man page and the
    // completions have no secret to show, and must not grow one.
    let world = bbdoctor::sim::World::default_world();
    for args in [
        vec!["demo"],
        vec!["rules"],
        vec!["rules", "api-token-as-bearer"],
        vec!["--help"],
        vec!["check", "--help"],
        vec!["man"],
        vec!["completions", "bash"],
    ] {
        let run = bbdoctor(&args, &[], None);
        assert!(matches!(run.code, 0 | 1), "{args:?}: {}", run.stderr);
        assert!(!run.stdout.is_empty(), "{args:?}");
        assert_no_secret(&run, &world, &[]);
    }
}

//! Account safety: failed logins can lock an Atlassian account (fact sheet R12), so a check
//! causes at most 3 refused attempts, whatever the user gives it. A simulator world locks a
//! user after 4 refused logins (`lockout_after`); the worst scenarios, a wrong secret in every
//! form and from every source, each in a fresh world, never reach it.

mod common;

use bbdoctor::probe::MAX_REFUSALS;
use bbdoctor::sim::mint::{API_TOKEN_PREFIX, mint_app_password, mint_token};
use bbdoctor::sim::{LoggedRequest, Outcome};
use common::{Lab, Run, assert_no_secret, assert_safe, bbdoctor, check_args};

const PAT: &str = "pat@example.com";

/// A world that locks a user out after one more refused login than a check may cause.
fn lockout_lab() -> Lab {
    Lab::new(|w| w.lockout_after = Some(MAX_REFUSALS as u32 + 1))
}

/// A scenario: the arguments and environment that carry the wrong secret; `{API}` and `{GIT}`
/// stand for the simulator's URLs.
struct Scenario {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
}

fn scenario(name: &'static str, args: &[&str], env: &[(&str, &str)]) -> Scenario {
    Scenario {
        name,
        args: args.iter().map(|s| s.to_string()).collect(),
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        stdin: None,
    }
}

fn wrong_secret_in_every_form() -> Vec<Scenario> {
    let token = mint_token(API_TOKEN_PREFIX, "not-issued");
    let app = mint_app_password("not-issued");
    let password = "Wrong-password-42";
    let basic = |login: &str, secret: &str| {
        use base64::Engine;
        let payload = base64::engine::general_purpose::STANDARD.encode(format!("{login}:{secret}"));
        format!("Authorization: Basic {payload}")
    };
    // Both logins known: every corrected form the second round could try is possible.
    let both: [(&str, &str); 2] = [("BITBUCKET_EMAIL", PAT), ("BITBUCKET_USERNAME", "pat")];
    let mut all = vec![
        scenario("-u email:token", &["-u", &format!("{PAT}:{token}")], &both),
        scenario("-u username:token", &["-u", &format!("pat:{token}")], &both),
        scenario("-u username:app", &["-u", &format!("pat:{app}")], &both),
        scenario("-u email:app", &["-u", &format!("{PAT}:{app}")], &both),
        scenario(
            "-u username:password",
            &["-u", &format!("pat:{password}")],
            &both,
        ),
        scenario("-H Basic", &["-H", &basic(PAT, &token)], &both),
        scenario("-H Basic username", &["-H", &basic("pat", &app)], &both),
        scenario(
            "-H Bearer token",
            &["-H", &format!("Authorization: Bearer {token}")],
            &both,
        ),
        scenario(
            "-H bearer token",
            &["-H", &format!("Authorization: bearer {token}")],
            &both,
        ),
        scenario(
            "-H basic lowercase",
            &["-H", &basic(PAT, &token).replace("Basic", "basic")],
            &both,
        ),
        scenario(
            "-H no scheme",
            &["-H", &format!("Authorization: {token}")],
            &both,
        ),
        // Malformed Basic: Bitbucket answers 400 (X5), a refusal all the same.
        scenario(
            "-H Basic raw token",
            &["-H", &format!("Authorization: Basic {token}")],
            &both,
        ),
        scenario(
            "-H Basic raw app password",
            &["-H", &format!("Authorization: Basic {PAT}:{app}")],
            &both,
        ),
        scenario(
            "-H Basic with a newline in the payload",
            &["-H", &basic(PAT, &format!("{token}\n"))],
            &both,
        ),
        scenario(
            "env API token",
            &[],
            &[
                ("BITBUCKET_EMAIL", PAT),
                ("BITBUCKET_API_TOKEN", &token),
                both[1],
            ],
        ),
        scenario(
            "env app password",
            &[],
            &[
                ("BITBUCKET_USERNAME", "pat"),
                ("BITBUCKET_APP_PASSWORD", &app),
                both[0],
            ],
        ),
        scenario(
            "--curl -u",
            &[
                "--curl",
                &format!("curl -u {PAT}:{token} {{API}}/repositories/acme/widgets"),
            ],
            &both,
        ),
        scenario(
            "git URL with a username",
            &[
                "{GIT}/acme/widgets.git"
                    .replace("{GIT}", "http://pat@{GIT}")
                    .as_str(),
                "-u",
                &format!("pat:{app}"),
            ],
            &both,
        ),
    ];
    let mut stdin = scenario("-u email, stdin", &["-u", PAT], &both);
    stdin.stdin = Some(format!("{token}\n"));
    all.push(stdin);
    all
}

/// Run one scenario against a fresh lockout world; return the run and what the server saw.
fn run(s: &Scenario) -> (Run, Vec<LoggedRequest>) {
    let lab = lockout_lab();
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let git_host = git.trim_start_matches("http://").to_string();
    let fill = |a: &str| a.replace("{API}", &api).replace("{GIT}", &git_host);
    let mut args: Vec<String> = vec!["check".into()];
    if !s.args.iter().any(|a| a.contains(".git")) {
        args.push("acme/widgets".into());
    }
    args.extend(s.args.iter().map(|a| fill(a)));
    args.extend(
        ["--api-url", &api, "--git-url", &git, "--format", "json"]
            .iter()
            .map(|a| a.to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env: Vec<(&str, &str)> = s
        .env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let run = bbdoctor(&args, &env, s.stdin.as_deref());
    assert_no_secret(&run, &lab.world, &[]);
    let log = lab.sim.requests();
    assert_safe(&log);
    (run, log)
}

#[test]
fn a_check_stays_under_the_lockout_threshold_with_a_wrong_secret_in_every_form() {
    let mut most = 0;
    for s in wrong_secret_in_every_form() {
        let (run, log) = run(&s);
        assert!(
            matches!(run.code, 1 | 3),
            "{}: {}\n{}",
            s.name,
            run.stdout,
            run.stderr
        );
        let refused = log.iter().filter(|r| r.outcome == Outcome::Refused).count();
        assert!(
            refused <= MAX_REFUSALS,
            "{}: {refused} refused attempts: {log:#?}",
            s.name
        );
        assert!(
            !run.stdout.contains("Too many invalid password attempts"),
            "{}: the account was locked:\n{}",
            s.name,
            run.stdout
        );
        most = most.max(refused);
    }
    // The budget is what keeps the worst scenarios under the threshold: they reach it.
    assert_eq!(most, MAX_REFUSALS, "no scenario is a worst case");
}

#[test]
fn the_lockout_is_real_so_the_test_above_can_fail() {
    // Checks with a wrong password, one after another, pass the threshold together: a later
    // one is locked out, and says so.
    let lab = lockout_lab();
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let mut args = check_args(&api, &git, "json");
    args.extend(["-u", "pat:Wrong-password-42"]);
    let env = [("BITBUCKET_EMAIL", PAT), ("BITBUCKET_USERNAME", "pat")];
    let locked = |run: &Run| run.stdout.contains("Too many invalid password attempts");
    let first = bbdoctor(&args, &env, None);
    assert!(!locked(&first), "{}", first.stdout);
    let later: Vec<Run> = (0..3).map(|_| bbdoctor(&args, &env, None)).collect();
    assert!(
        later.iter().any(locked),
        "never locked out: {:#?}",
        lab.sim.requests()
    );
    // The answer says so, and how to unlock it.
    let last = later.iter().rfind(|run| locked(run)).unwrap();
    assert!(
        last.stdout.contains("have locked the account"),
        "{}",
        last.stdout
    );
}

#[test]
fn a_locked_account_is_named_with_the_way_to_unlock_it_not_check_the_secret() {
    // "Check the secret" would have the user retry, and lock the account again.
    let paste = "fixtures/rules/invalid-credentials/fires/locked-r12.txt";
    let text = bbdoctor(&["explain", paste], &[], None);
    assert!(
        text.stdout
            .contains("the account is locked after refused logins → sign in to unlock it"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("Check the secret"), "{}", text.stdout);
    let json = bbdoctor(&["explain", "--format", "json", paste], &[], None);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let fix = doc["findings"][0]["fix"].as_str().unwrap();
    assert!(
        fix.starts_with("Sign in once at https://id.atlassian.com"),
        "{fix}"
    );
}

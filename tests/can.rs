//! `bbdoctor check --can OPERATION…` over HTTPS (design.md §3): yes or no per operation, from
//! the scopes of Bitbucket's OpenAPI table and the repository permission; exit 1 on any no; the
//! answers in text, JSON and JUnit. The real binary against the real simulator.

mod common;

use common::api_token_env;

use common::{Lab, bbdoctor};

fn answers(run: &common::Run) -> Vec<(String, bool)> {
    run.json()["can"]
        .as_array()
        .unwrap_or_else(|| panic!("no can: {}", run.stdout))
        .iter()
        .map(|a| {
            (
                a["operation"].as_str().unwrap().to_string(),
                a["allowed"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn everything_the_token_and_the_user_allow_is_yes() {
    // pat writes acme/widgets; the token holds repository read/write and pull-request read.
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "acme/widgets",
        &["--can", "clone,push", "--can", "read-prs"],
        &api_token_env("pat@example.com", &token),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        answers(&run),
        [
            ("clone".to_string(), true),
            ("push".to_string(), true),
            ("read-prs".to_string(), true)
        ]
    );
}

#[test]
fn a_missing_scope_or_permission_is_no_and_fails_the_check() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    // No pull-request write scope, no admin permission.
    let run = lab.check(
        "acme/widgets",
        &["--can", "clone,write-prs,admin"],
        &api_token_env("pat@example.com", &token),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        answers(&run),
        [
            ("clone".to_string(), true),
            ("write-prs".to_string(), false),
            ("admin".to_string(), false)
        ]
    );
    // sam reads acme/widgets but may not push there.
    let token = lab.secret("sam-api-token");
    let run = lab.check(
        "acme/widgets",
        &["--can", "clone,push"],
        &api_token_env("sam@example.com", &token),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        answers(&run),
        [("clone".to_string(), true), ("push".to_string(), false)]
    );
}

#[test]
fn text_and_junit_say_yes_or_no_per_operation() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("sam-api-token");
    let api = lab.sim.api_url();
    let git = lab.sim.base_url();
    let env = api_token_env("sam@example.com", &token);
    let base = [
        "check",
        "acme/widgets",
        "--api-url",
        &api,
        "--git-url",
        &git,
    ];
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--can", "clone,push"]);
    let text = bbdoctor(&args, &env, None);
    assert_eq!(text.code, 1, "{}", text.stdout);
    let line = |op: &str| {
        text.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("can {op} ")))
            .unwrap_or_else(|| panic!("no line for {op}:\n{}", text.stdout))
            .to_string()
    };
    assert!(line("clone").contains(" yes "), "{}", line("clone"));
    assert!(line("push").contains(" no "), "{}", line("push"));
    args.extend(["--format", "junit"]);
    let junit = bbdoctor(&args, &env, None);
    assert!(
        junit.stdout.contains("name=\"can clone\""),
        "{}",
        junit.stdout
    );
    assert!(
        junit
            .stdout
            .contains("name=\"can push\">\n      <failure type=\"can\""),
        "{}",
        junit.stdout
    );
}

#[test]
fn an_unknown_operation_is_a_usage_error() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "acme/widgets",
        &["--can", "teleport"],
        &api_token_env("pat@example.com", &token),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("read-prs"), "{}", run.stderr);
}

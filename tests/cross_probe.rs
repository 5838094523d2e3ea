//! `bbdoctor check` reasons across its probes (issue 13, design.md §1): a credential one probe
//! accepts is not "invalid" because another refused it, and a side probe that fails does not
//! sink a verdict the target settled. The real binary against the real simulator.

mod common;

use common::{api_token_env, expect};

use bbdoctor::sim::{Denial, FaultAction};
use common::{Lab, bbdoctor, fault};

const PAT: &str = "pat@example.com";

#[test]
fn a_mistyped_email_with_a_valid_token_is_the_email() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "acme/widgets",
        &[],
        &api_token_env("pta@example.com", &token),
    );
    expect(&run, "api-token-wrong-email", 1);
    let f = run.finding("api-token-wrong-email");
    let evidence = f["evidence"].to_string();
    assert!(
        evidence.contains("x-bitbucket-api-token-auth"),
        "{evidence}"
    );
    // JSON is a report file: the login stays masked there.
    assert!(!run.stdout.contains("pta@example.com"), "{}", run.stdout);
    assert!(!run.ids().contains(&"invalid-credentials".to_string()));

    // On the user's own terminal (a pty, through `script`), their own login is shown as they
    // typed it; piped, it stays masked (above).
    let api = lab.sim.api_url();
    let git = lab.sim.base_url();
    let line = format!(
        "{} check acme/widgets --api-url {api} --git-url {git}",
        env!("CARGO_BIN_EXE_bbdoctor")
    );
    let dir = common::scratch();
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(&dir);
    let text = common::run_in(
        cmd,
        &["-qec", &line, "/dev/null"],
        &api_token_env("pta@example.com", &token),
        None,
    );
    assert!(text.stdout.contains("pta@example.com"), "{}", text.stdout);
    common::assert_no_secret(&text, &lab.world, &[]);
    // Markdown is for pasting elsewhere: masked.
    let md = bbdoctor(
        &[
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "--format",
            "markdown",
        ],
        &api_token_env("pta@example.com", &token),
        None,
    );
    assert!(md.stdout.contains("api-token-wrong-email"), "{}", md.stdout);
    assert!(!md.stdout.contains("pta@example.com"), "{}", md.stdout);
}

#[test]
fn a_token_limited_to_another_workspace_is_a_restriction() {
    for denial in [Denial::Unauthorized, Denial::Forbidden] {
        let lab = Lab::new(|w| w.unconfirmed.api_token_other_workspace = denial);
        let token = lab.secret("pat-api-token-acme-only");
        let run = lab.check("globex/gadgets", &[], &api_token_env(PAT, &token));
        expect(&run, "token-workspace-restricted", 1);
        assert!(!run.ids().contains(&"invalid-credentials".to_string()));
    }
}

#[test]
fn a_stalled_side_probe_is_a_warning_and_the_target_decides() {
    let lab = Lab::new(|w| w.faults.push(fault("/2.0/user", FaultAction::Hang)));
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "acme/widgets",
        &["--timeout", "3"],
        &api_token_env(PAT, &token),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["verdict"], "ok");
    let f = run.finding("network-error");
    assert_eq!(f["severity"], "warning");
    assert!(run.ids().iter().any(|i| i == "healthy"), "{:?}", run.ids());
}

#[test]
fn a_503_on_the_target_with_the_user_answering_says_the_credential_works() {
    let lab = Lab::new(|w| {
        w.faults.push(fault(
            "/2.0/repositories/acme/widgets",
            FaultAction::Status {
                status: 503,
                body: None,
            },
        ))
    });
    let token = lab.secret("pat-api-token");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    expect(&run, "service-error", 3);
    let f = run.finding("service-error");
    let said = format!("{} {}", f["detail"], f["evidence"]);
    assert!(said.contains("credential works"), "{said}");
}

#[test]
fn a_credential_accepted_elsewhere_is_not_invalid() {
    // sam's token works (/2.0/user 200) but sam cannot read acme/roadmap: git refuses it.
    let lab = Lab::new(|w| {
        let mut roadmap = w.repositories[0].clone();
        roadmap.slug = "roadmap".into();
        roadmap.name = "roadmap".into();
        roadmap.uuid = String::new();
        roadmap.read = vec![];
        roadmap.write = vec!["pat".into()];
        w.repositories.push(roadmap);
    });
    let token = lab.secret("sam-api-token");
    let run = lab.check(
        "acme/roadmap",
        &[],
        &api_token_env("sam@example.com", &token),
    );
    expect(&run, "no-repo-access", 1);
    assert!(!run.ids().contains(&"invalid-credentials".to_string()));
}

//! CI preflight, end to end against the simulator: `--require-scope` judged from the scope
//! headers, a 403's body or the OpenAPI table, `--require-permission` from the permission probe
//! or an access token's scopes, typos refused before anything is sent.

mod common;

use common::Lab;

const PAT: &str = "pat@example.com";

fn api_token(lab: &Lab, id: &str, args: &[&str]) -> common::Run {
    let token = lab.secret(id);
    lab.check(
        "acme/widgets",
        args,
        &[("BITBUCKET_EMAIL", PAT), ("BITBUCKET_API_TOKEN", &token)],
    )
}

/// `--require-permission admin` with a credential that can write: refused, and the finding
/// says what it has.
fn assert_write_not_admin(run: &common::Run) {
    assert_eq!(run.code, 1);
    assert_eq!(
        run.finding("required-permission-missing")["detail"],
        "The credential has write permission, not admin."
    );
}

#[test]
fn scopes_held_pass_and_scopes_lacking_fail() {
    let lab = Lab::new(|_| {});
    let run = api_token(
        &lab,
        "pat-api-token",
        &["--require-scope", "write:repository:bitbucket"],
    );
    assert_eq!((run.code, run.primary().as_str()), (0, "healthy"));
    let run = api_token(
        &lab,
        "pat-api-token",
        &[
            "--require-scope",
            "read:repository:bitbucket",
            "--require-scope",
            "admin:repository:bitbucket",
        ],
    );
    assert_eq!(run.code, 1);
    let f = run.finding("required-scope-missing");
    assert_eq!(f["detail"], "Missing: admin:repository:bitbucket.");
    assert!(
        f["evidence"].to_string().contains("x-oauth-scopes of GET"),
        "{f}"
    );
}

#[test]
fn the_other_vocabulary_is_named() {
    let lab = Lab::new(|_| {});
    let run = api_token(
        &lab,
        "pat-api-token",
        &["--require-scope", "repository:write"],
    );
    assert_eq!(run.code, 1);
    let detail = run.finding("required-scope-missing")["detail"].to_string();
    assert!(
        detail.contains("API tokens hold granular scopes"),
        "{detail}"
    );
}

#[test]
fn an_unknown_scope_is_a_usage_error_before_any_request() {
    let lab = Lab::new(|_| {});
    let run = api_token(&lab, "pat-api-token", &["--require-scope", "write:repo"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--require-scope write:repo"),
        "{}",
        run.stderr
    );
    assert!(lab.sim.requests().is_empty());
}

#[test]
fn permission_from_the_probe_only_when_asked() {
    let lab = Lab::new(|_| {});
    let run = api_token(&lab, "pat-api-token", &[]);
    assert!(
        !run.json()["probes"]
            .to_string()
            .contains("permissions/repositories")
    );
    let run = api_token(&lab, "pat-api-token", &["--require-permission", "write"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.json()["probes"]
            .to_string()
            .contains("permissions/repositories?q=")
    );
    let run = api_token(&lab, "pat-api-token", &["--require-permission", "admin"]);
    assert_write_not_admin(&run);
}

#[test]
fn an_access_token_s_permission_comes_from_its_scopes() {
    let lab = Lab::new(|_| {});
    let header = format!("Authorization: Bearer {}", lab.secret("widgets-repo-token"));
    let write = lab.check(
        "acme/widgets",
        &["-H", &header, "--require-permission", "write"],
        &[],
    );
    assert_eq!(write.code, 0, "{}", write.stdout);
    // No permission probe: access tokens are not users.
    assert!(
        !write.json()["probes"]
            .to_string()
            .contains("permissions/repositories")
    );
    let admin = lab.check(
        "acme/widgets",
        &["-H", &header, "--require-permission", "admin"],
        &[],
    );
    assert_write_not_admin(&admin);
    let scopes = lab.check(
        "acme/widgets",
        &["-H", &header, "--require-scope", "pullrequest:write"],
        &[],
    );
    assert_eq!(
        scopes.finding("required-scope-missing")["detail"],
        "Missing: pullrequest:write."
    );
}

#[test]
fn a_refused_credential_cannot_confirm_a_requirement() {
    let lab = Lab::new(|_| {});
    let header = format!("Authorization: Bearer {}", lab.secret("pat-api-token"));
    // No email known: no corrected form to try, nothing answers the credential.
    let run = lab.check(
        "acme/widgets",
        &[
            "-H",
            &header,
            "--require-scope",
            "read:repository:bitbucket",
            "--require-permission",
            "read",
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.primary(),
        "api-token-as-bearer",
        "the root cause stays first"
    );
    let scope = run.finding("required-scope-missing")["detail"].to_string();
    assert!(
        scope.contains("Not confirmed: read:repository:bitbucket"),
        "{scope}"
    );
    let perm = run.finding("required-permission-missing")["detail"].to_string();
    assert!(perm.contains("Not confirmed"), "{perm}");
}

#[test]
fn missing_scope_names_the_operation_s_scopes_from_the_openapi_table() {
    // A 403 without detail.required (older answers): the OpenAPI table says what was needed.
    use bbdoctor::sim::FaultAction;
    let lab = Lab::new(|w| {
        w.faults.push(common::fault(
            "/2.0/repositories/acme/widgets/pullrequests",
            FaultAction::Status {
                status: 403,
                body: Some(
                    r#"{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes."}}"#
                        .into(),
                ),
            },
        ))
    });
    let run = api_token(
        &lab,
        "pat-api-token",
        &["--endpoint", "/2.0/repositories/acme/widgets/pullrequests"],
    );
    let f = run.finding("missing-scope");
    let evidence = f["evidence"].to_string();
    assert!(
        evidence.contains(
            "required (Bitbucket's OpenAPI document, GET /repositories/{workspace}/{repo_slug}/pullrequests): read:pullrequest:bitbucket"
        ),
        "{evidence}"
    );
}

//! Bitbucket as it is in 2026-12 (`bitbucket-auth-facts-2026-12.md`), end to end: each
//! behaviour the review settled or added has a simulator world and a check against it that
//! asserts the root cause and the exit code.

mod common;

use common::{api_token_env, expect};

use bbdoctor::sim::{GitRetirement, Removal};
use common::{Lab, bbdoctor};

const PAT: &str = "pat@example.com";

/// The status a probe got, from the JSON report.
fn status_of(run: &common::Run, probe: &str) -> Option<u64> {
    run.json()["probes"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == probe)?["status"]
        .as_u64()
}

#[test]
fn a_retired_app_password_gets_410_change_3222_from_git_by_default() {
    let lab = Lab::new(|w| w.now = "2026-08-03T09:00:00Z".into());
    assert_eq!(
        lab.world.unconfirmed.app_password_git_retired,
        GitRetirement::Gone
    );
    let user = format!("pat:{}", lab.secret("pat-app-password"));
    let run = lab.check("acme/widgets", &["-u", &user], &[]);
    expect(&run, "app-password-retired", 1);
    assert_eq!(status_of(&run, "git"), Some(410), "{}", run.stdout);
    assert!(
        run.stdout.contains("CHANGE-3222"),
        "git's answer is quoted: {}",
        run.stdout
    );
}

#[test]
fn the_email_as_git_username_is_refused_by_default() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "https://pat%40example.com@bitbucket.org/acme/widgets.git",
        &[],
        &api_token_env(PAT, &token),
    );
    expect(&run, "git-https-username", 1);
    assert_eq!(status_of(&run, "git"), Some(401), "{}", run.stdout);
}

#[test]
fn an_api_token_is_named_api_token_by_bitbucket() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    expect(&run, "healthy", 0);
    let evidence = run.finding("healthy")["evidence"].to_string();
    assert!(
        evidence.contains("x-credential-type: api_token"),
        "{evidence}"
    );
}

#[test]
fn an_anonymous_listing_of_a_private_workspace_is_never_healthy() {
    // B1 as the review extends it (row N9): 200 with an empty list, as a credential Bitbucket
    // ignores also gets.
    let lab = Lab::new(|_| {});
    let api = lab.sim.api_url();
    let git = lab.sim.base_url();
    let run = bbdoctor(
        &[
            "check",
            "--endpoint",
            // globex holds only private repositories.
            "/2.0/repositories/globex",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "--format",
            "json",
        ],
        &[],
        None,
    );
    let probes = run.json()["probes"].to_string();
    assert!(probes.contains("200"), "{probes}");
    assert_eq!(run.primary(), "anonymous-request", "{}", run.stdout);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        !run.ids().contains(&"healthy".to_string()),
        "{:?}",
        run.ids()
    );
    assert_ne!(run.json()["verdict"], "ok", "{}", run.stdout);
    assert_ne!(run.code, 0, "{}", run.stdout);
}

#[test]
fn an_oauth_token_in_the_query_string_is_refused() {
    // After CHANGE-3052 (2026-05-04); the default world is dated before it.
    let lab = Lab::new(|w| w.now = "2026-06-01T09:00:00Z".into());
    let token = lab.secret("pat-oauth");
    let endpoint = format!("/2.0/repositories/acme/widgets?access_token={token}");
    let run = lab.check("acme/widgets", &["--endpoint", &endpoint], &[]);
    expect(&run, "oauth-token-in-query", 1);
    let f = run.finding("oauth-token-in-query");
    let command = f["command"].as_str().unwrap();
    assert!(command.contains("Authorization: Bearer"), "{command}");
    assert!(!command.contains("access_token="), "{command}");
    // The user's own curl command, too.
    let curl = format!(
        "curl {}/repositories/acme/widgets?access_token={token}",
        lab.sim.api_url()
    );
    let run = lab.check("", &["--curl", &curl], &[]);
    expect(&run, "oauth-token-in-query", 1);
    // Before it, Bitbucket read the token there: the rule keeps quiet.
    let before = Lab::new(|w| w.now = "2026-04-20T09:00:00Z".into());
    let token = before.secret("pat-oauth");
    let endpoint = format!("/2.0/repositories/acme/widgets?access_token={token}");
    let run = before.check("acme/widgets", &["--endpoint", &endpoint], &[]);
    let doc = run.json();
    let ids: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(!ids.contains(&"oauth-token-in-query"), "{ids:?}");
}

#[test]
fn the_removed_issues_and_wikis_endpoints_are_endpoint_removed() {
    for removal in [Removal::Gone, Removal::NotFound] {
        // A day after the removal: before it, the path alone says nothing.
        let lab = Lab::new(|w| {
            w.unconfirmed.issues_wikis_removed = removal;
            w.now = "2026-09-01T09:00:00Z".into();
        });
        let token = lab.secret("pat-api-token");
        for path in [
            "/2.0/repositories/acme/widgets/issues",
            "/2.0/repositories/acme/widgets/wiki/Home",
        ] {
            let run = lab.check(
                "acme/widgets",
                &["--endpoint", path],
                &api_token_env(PAT, &token),
            );
            expect(&run, "endpoint-removed", 1);
            let detail = run.finding("endpoint-removed")["detail"].to_string();
            assert!(detail.contains("2026-08-20"), "{detail}");
        }
    }
}

/// `explain --date`: a post is judged as of the day it was written when its text shows no date.
fn explained_on(text: &str, date: Option<&str>) -> (String, Vec<String>, Vec<String>) {
    let mut args = vec!["explain", "--format", "json"];
    args.extend(date.iter().flat_map(|d| ["--date", d]));
    let run = bbdoctor(&args, &[], Some(text));
    let doc = run.json();
    let ids = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().or(v["id"].as_str()).map(String::from))
            .collect()
    };
    let errors = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    (
        doc["verdict"].as_str().unwrap().to_string(),
        errors,
        ids("candidates"),
    )
}

#[test]
fn an_ssh_denial_is_the_host_move_only_when_written_after_it() {
    let denial = "ssh -T git@bitbucket.org\ngit@bitbucket.org: Permission denied (publickey).\n";
    let (verdict, errors, _) = explained_on(denial, Some("2026-12-01"));
    assert_eq!(
        (verdict.as_str(), errors[0].as_str()),
        ("problems", "ssh-host-moved")
    );
    // Written in 2019: the move is no candidate at all, the key causes are.
    let (verdict, errors, candidates) = explained_on(denial, Some("2019-04"));
    assert_eq!(verdict, "inconclusive");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(candidates, ["ssh-no-key-offered", "ssh-key-not-registered"]);
    // A date in the text wins over the one given.
    let dated = format!("Date: Tue, 01 Dec 2026 10:00:00 GMT\n{denial}");
    let (_, errors, _) = explained_on(&dated, Some("2019-04"));
    assert_eq!(errors.first().map(String::as_str), Some("ssh-host-moved"));
}

#[test]
fn an_app_password_refused_before_its_retirement_is_not_called_retired() {
    let post = format!(
        "$ curl -u alice:ATBB{} https://api.bitbucket.org/2.0/user\nHTTP/2 401\n",
        "x".repeat(28)
    );
    let (verdict, errors, _) = explained_on(&post, Some("2024-05"));
    assert_eq!(
        (verdict.as_str(), errors[0].as_str()),
        ("problems", "invalid-credentials")
    );
    let (verdict, errors, _) = explained_on(&post, Some("2026-12-01"));
    assert_eq!(
        (verdict.as_str(), errors[0].as_str()),
        ("problems", "app-password-retired")
    );
    // Undated, today is assumed: the retirement is the likeliest cause, not a settled one.
    let (verdict, errors, _) = explained_on(&post, None);
    assert_eq!(
        (verdict.as_str(), errors[0].as_str()),
        ("inconclusive", "app-password-retired")
    );
}

#[test]
fn a_retired_path_is_the_cause_only_when_written_after_its_removal() {
    // What the removed Issues answer is not confirmed: their 404 leads without settling it.
    for (path, gone, settled) in [
        (
            "/2.0/repositories/acme/widgets/issues",
            "2026-09-01",
            "inconclusive",
        ),
        (
            "/2.0/user/permissions/repositories",
            "2026-05-01",
            "problems",
        ),
    ] {
        let post = format!(
            "$ curl -u pat@example.com:$BITBUCKET_API_TOKEN https://api.bitbucket.org{path}\nHTTP/2 404\n"
        );
        let (verdict, errors, _) = explained_on(&post, Some(gone));
        assert_eq!(
            (verdict.as_str(), errors.first().map(String::as_str)),
            (settled, Some("endpoint-removed")),
            "{path}"
        );
        // Its 410 shows the removal.
        let (verdict, _, _) = explained_on(&post.replace("404", "410"), Some(gone));
        assert_eq!(verdict, "problems", "{path}");
        // Written in 2024 the endpoint worked: its 404 has another cause.
        let (_, errors, candidates) = explained_on(&post, Some("2024-05"));
        assert!(
            !errors.iter().any(|e| e == "endpoint-removed"),
            "{path} {errors:?}"
        );
        assert!(
            !candidates.iter().any(|e| e == "endpoint-removed"),
            "{path}"
        );
        // Undated, today is assumed: the removal leads, unsettled.
        let (verdict, errors, _) = explained_on(&post, None);
        assert_eq!(
            (verdict.as_str(), errors.first().map(String::as_str)),
            ("inconclusive", Some("endpoint-removed")),
            "{path}"
        );
    }
}

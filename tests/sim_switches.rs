//! Both settings of every switch for a behaviour the fact sheet marks NOT CONFIRMED
//! (`unconfirmed` in the world file): the default and the alternative.

mod sim_util;

use bbdoctor::sim::{
    Acceptance, BareToken, Denial, GitRetirement, Outcome, SchemeCase, Sim, World,
};
use sim_util::*;

fn widgets(sim: &Sim) -> String {
    format!("{}/repositories/acme/widgets", sim.api_url())
}

fn with(change: impl FnOnce(&mut World)) -> (World, Sim) {
    let mut world = World::default_world();
    change(&mut world);
    let sim = start(world.clone());
    (world, sim)
}

#[test]
fn defaults_are_the_likely_behaviours() {
    let u = World::default_world().unconfirmed;
    assert_eq!(u.lowercase_scheme, SchemeCase::Reject);
    assert_eq!(u.missing_scheme, BareToken::Anonymous);
    assert_eq!(u.api_token_bearer, Acceptance::Reject);
    assert_eq!(u.api_token_email_git, Acceptance::Reject);
    assert_eq!(u.access_token_user_endpoint, Denial::Forbidden);
    assert_eq!(u.two_step_rest, Denial::Forbidden);
    assert_eq!(u.ip_allowlist_rest, Denial::Forbidden);
    assert_eq!(u.access_token_outside_resource, Denial::NotFound);
    assert_eq!(u.api_token_other_workspace, Denial::Unauthorized);
    assert_eq!(u.unhosted_path_with_credentials, Denial::NotFound);
    // Settled by the 2026-12 review (G8 replaced: 410 with CHANGE-3222).
    assert_eq!(u.app_password_git_retired, GitRetirement::Gone);
    assert_eq!(u.issues_wikis_removed, bbdoctor::sim::Removal::Gone);
}

#[test]
fn lowercase_scheme_reject() {
    let (world, sim) = with(|_| {});
    let token = secret(&world, "widgets-repo-token");
    for word in ["bearer", "BEARER", "BeArEr"] {
        let reply = get(&widgets(&sim), Some(&format!("{word} {token}")));
        assert_eq!(reply.status, 401, "{word}");
        assert_eq!(reply.body, R3);
    }
    let app = basic("pat", &secret(&world, "pat-app-password"));
    let lower = app.replacen("Basic", "basic", 1);
    let reply = get(&widgets(&sim), Some(&lower));
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R1);
    assert_eq!(sim.requests()[0].outcome, Outcome::Refused);
    assert_eq!(
        sim.requests()[0].credential.as_deref(),
        Some("widgets-repo-token")
    );
}

#[test]
fn lowercase_scheme_accept() {
    let (world, sim) = with(|w| w.unconfirmed.lowercase_scheme = SchemeCase::Accept);
    let token = secret(&world, "widgets-repo-token");
    assert_eq!(
        get(&widgets(&sim), Some(&format!("bearer {token}"))).status,
        200
    );
    let app = basic("pat", &secret(&world, "pat-app-password")).replacen("Basic", "basic", 1);
    assert_eq!(get(&widgets(&sim), Some(&app)).status, 200);
}

#[test]
fn lowercase_scheme_anonymous() {
    let (world, sim) = with(|w| w.unconfirmed.lowercase_scheme = SchemeCase::Anonymous);
    let token = secret(&world, "pat-oauth");
    // The lowercase-bearer seed: the public listing answers, the private resource does not.
    let public = get(
        &format!("{}/repositories/acme/public-docs", sim.api_url()),
        Some(&format!("bearer {token}")),
    );
    assert_eq!(public.status, 200);
    assert_eq!(public.header("x-credential-type"), None);
    let private = get(&widgets(&sim), Some(&format!("bearer {token}")));
    assert_eq!(private.status, 404);
    assert_eq!(private.body, R6);
    assert!(
        sim.requests()
            .iter()
            .all(|r| r.outcome == Outcome::Anonymous)
    );
}

#[test]
fn missing_scheme_anonymous() {
    let (world, sim) = with(|_| {});
    let token = secret(&world, "pat-api-token");
    // The seed case: a bare API token reads a public repository (proves nothing) and gets
    // 404 on a private one.
    let public = get(
        &format!("{}/repositories/acme/public-docs", sim.api_url()),
        Some(&token),
    );
    assert_eq!(public.status, 200);
    assert_eq!(public.header("x-credential-type"), None);
    let private = get(&widgets(&sim), Some(&token));
    assert_eq!(private.status, 404);
    assert_eq!(private.body, R6);
    let log = sim.requests();
    assert!(
        log.iter()
            .all(|r| r.outcome == Outcome::Anonymous && r.credential.is_none())
    );
}

#[test]
fn missing_scheme_reject() {
    let (world, sim) = with(|w| w.unconfirmed.missing_scheme = BareToken::Reject);
    let reply = get(&widgets(&sim), Some(&secret(&world, "pat-api-token")));
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R3);
    let log = sim.requests();
    assert_eq!(log[0].outcome, Outcome::Refused);
    assert_eq!(log[0].credential.as_deref(), Some("pat-api-token"));
}

#[test]
fn api_token_bearer_reject() {
    let (world, sim) = with(|_| {});
    let reply = get(
        &widgets(&sim),
        Some(&bearer(&secret(&world, "pat-api-token"))),
    );
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R3);
}

#[test]
fn api_token_bearer_accept() {
    let (world, sim) = with(|w| w.unconfirmed.api_token_bearer = Acceptance::Accept);
    let reply = get(
        &widgets(&sim),
        Some(&bearer(&secret(&world, "pat-api-token"))),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("x-credential-type"), Some("api_token"));
    // A scope-less token stays refused.
    let reply = get(
        &widgets(&sim),
        Some(&bearer(&secret(&world, "pat-api-token-unscoped"))),
    );
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R3);
}

fn git_refs(sim: &Sim, auth: &str) -> Reply {
    get(
        &format!(
            "{}/acme/widgets.git/info/refs?service=git-upload-pack",
            sim.base_url()
        ),
        Some(auth),
    )
}

#[test]
fn api_token_email_as_git_username_reject() {
    let (world, sim) = with(|_| {});
    let reply = git_refs(&sim, &basic(PAT_EMAIL, &secret(&world, "pat-api-token")));
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, G1);
    assert_eq!(reply.header("www-authenticate"), Some(BASIC_REALM));
}

#[test]
fn api_token_email_as_git_username_accept() {
    let (world, sim) = with(|w| w.unconfirmed.api_token_email_git = Acceptance::Accept);
    let reply = git_refs(&sim, &basic(PAT_EMAIL, &secret(&world, "pat-api-token")));
    assert_eq!(reply.status, 200);
}

#[test]
fn access_token_on_user_endpoint_forbidden() {
    let (world, sim) = with(|_| {});
    let reply = get(
        &format!("{}/user", sim.api_url()),
        Some(&bearer(&secret(&world, "widgets-repo-token"))),
    );
    assert_eq!(reply.status, 403);
    assert_eq!(
        reply.body,
        r5(&["account"], &["repository:write", "pullrequest"])
    );
    assert_eq!(reply.header("x-credential-type"), Some("repo_access_token"));
}

#[test]
fn access_token_on_user_endpoint_unauthorized() {
    let (world, sim) = with(|w| w.unconfirmed.access_token_user_endpoint = Denial::Unauthorized);
    let reply = get(
        &format!("{}/user", sim.api_url()),
        Some(&bearer(&secret(&world, "widgets-repo-token"))),
    );
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R3);
    assert_eq!(sim.requests()[0].outcome, Outcome::Refused);
}

fn sam_on_gadgets(sim: &Sim, world: &World) -> Reply {
    get(
        &format!("{}/repositories/globex/gadgets", sim.api_url()),
        Some(&basic("sam@example.com", &secret(world, "sam-api-token"))),
    )
}

#[test]
fn two_step_rest_forbidden() {
    let (world, sim) = with(|_| {});
    let reply = sam_on_gadgets(&sim, &world);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.body, error_body(G5));
}

#[test]
fn two_step_rest_allow() {
    let (world, sim) = with(|w| w.unconfirmed.two_step_rest = Denial::Allow);
    assert_eq!(sam_on_gadgets(&sim, &world).status, 200);
}

fn pat_on_payroll(sim: &Sim, world: &World) -> Reply {
    get(
        &format!("{}/repositories/initech/payroll", sim.api_url()),
        Some(&basic(PAT_EMAIL, &secret(world, "pat-api-token"))),
    )
}

#[test]
fn ip_allowlist_rest_forbidden() {
    let (world, sim) = with(|_| {});
    let reply = pat_on_payroll(&sim, &world);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.body, error_body(G4));
}

#[test]
fn ip_allowlist_rest_not_found() {
    let (world, sim) = with(|w| w.unconfirmed.ip_allowlist_rest = Denial::NotFound);
    let reply = pat_on_payroll(&sim, &world);
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body, R6);
}

fn repo_token_on_docs(sim: &Sim, world: &World) -> Reply {
    get(
        &format!("{}/repositories/acme/public-docs", sim.api_url()),
        Some(&bearer(&secret(world, "widgets-repo-token"))),
    )
}

#[test]
fn access_token_outside_resource_not_found() {
    let (world, sim) = with(|_| {});
    let reply = repo_token_on_docs(&sim, &world);
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body, R6);
}

#[test]
fn access_token_outside_resource_forbidden() {
    let (world, sim) = with(|w| w.unconfirmed.access_token_outside_resource = Denial::Forbidden);
    let reply = repo_token_on_docs(&sim, &world);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.body, R7);
}

fn restricted_on_gadgets(sim: &Sim, world: &World) -> Reply {
    get(
        &format!("{}/repositories/globex/gadgets", sim.api_url()),
        Some(&basic(PAT_EMAIL, &secret(world, "pat-api-token-acme-only"))),
    )
}

#[test]
fn api_token_other_workspace_unauthorized() {
    let (world, sim) = with(|_| {});
    let reply = restricted_on_gadgets(&sim, &world);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R1);
}

#[test]
fn api_token_other_workspace_not_found() {
    let (world, sim) = with(|w| w.unconfirmed.api_token_other_workspace = Denial::NotFound);
    let reply = restricted_on_gadgets(&sim, &world);
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body, R6);
}

fn unhosted(sim: &Sim, auth: Option<&str>) -> Reply {
    get(&format!("{}/user", sim.base_url()), auth)
}

#[test]
fn unhosted_path_with_credentials_not_found() {
    let (world, sim) = with(|_| {});
    let reply = unhosted(
        &sim,
        Some(&basic(PAT_EMAIL, &secret(&world, "pat-api-token"))),
    );
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body, X4);
}

#[test]
fn unhosted_path_with_credentials_forbidden() {
    let (world, sim) = with(|w| w.unconfirmed.unhosted_path_with_credentials = Denial::Forbidden);
    let reply = unhosted(
        &sim,
        Some(&basic(PAT_EMAIL, &secret(&world, "pat-api-token"))),
    );
    assert_eq!(reply.status, 403);
    assert_eq!(reply.body, R7);
    // Without credentials it stays X4.
    assert_eq!(unhosted(&sim, None).body, X4);
}

fn retired_app_password_on_git(change: impl FnOnce(&mut World)) -> Reply {
    let (world, sim) = with(|w| {
        w.now = "2026-08-01T00:00:00Z".into();
        change(w);
    });
    git_refs(&sim, &basic("pat", &secret(&world, "pat-app-password")))
}

#[test]
fn app_password_git_retired_unauthorized() {
    let reply = retired_app_password_on_git(|w| {
        w.unconfirmed.app_password_git_retired = GitRetirement::Unauthorized
    });
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, G1);
    assert_eq!(reply.header("www-authenticate"), Some(BASIC_REALM));
}

#[test]
fn app_password_git_retired_gone() {
    let reply = retired_app_password_on_git(|_| {});
    assert_eq!(reply.status, 410);
    assert_eq!(
        reply.body,
        "CHANGE-3222 - Functionality has been deprecated\nApp passwords are deprecated and must be replaced with API tokens.\nhttps://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-3222"
    );
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn switches_read_from_the_world_file() {
    let text = r#"{"now": "2026-05-01T00:00:00Z", "unconfirmed": {
        "lowercase_scheme": "accept", "missing_scheme": "reject", "api_token_bearer": "accept",
        "api_token_email_git": "accept", "access_token_user_endpoint": "unauthorized",
        "two_step_rest": "allow", "ip_allowlist_rest": "not-found",
        "access_token_outside_resource": "forbidden", "api_token_other_workspace": "not-found",
        "unhosted_path_with_credentials": "forbidden", "app_password_git_retired": "gone"}}"#;
    let u = World::from_json(text).unwrap().unconfirmed;
    assert_eq!(u.lowercase_scheme, SchemeCase::Accept);
    assert_eq!(u.missing_scheme, BareToken::Reject);
    assert_eq!(u.access_token_user_endpoint, Denial::Unauthorized);
    assert_eq!(u.ip_allowlist_rest, Denial::NotFound);
    assert_eq!(u.app_password_git_retired, GitRetirement::Gone);
    assert!(
        World::from_json(
            r#"{"now": "2026-05-01T00:00:00Z", "unconfirmed": {"two_step_rest": "maybe"}}"#
        )
        .is_err()
    );
}

#[test]
fn the_after_removal_world_file_refuses_app_passwords() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sim/after-removal.json"
    );
    let world = World::load(path).unwrap();
    let sim = start(world.clone());
    let app = basic("pat", &secret(&world, "pat-app-password"));
    let rest = get(&widgets(&sim), Some(&app));
    assert_eq!((rest.status, rest.body.as_str()), (401, R1));
    assert_eq!(rest.header("date"), Some("Mon, 03 Aug 2026 09:30:00 GMT"));
    assert_eq!(git_refs(&sim, &app).status, 410);
    let token = basic(PAT_EMAIL, &secret(&world, "pat-api-token"));
    assert_eq!(get(&widgets(&sim), Some(&token)).status, 200);
}

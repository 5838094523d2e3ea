//! The simulator's REST API over real HTTP: each test is one behaviour of the fact sheet
//! (`bitbucket-auth-facts.md`), asserting status, exact body and headers.

mod sim_util;

use bbdoctor::sim::{Credential, CredentialKind, Outcome, World};
use sim_util::*;

fn token(world: &World) -> String {
    secret(world, "pat-api-token")
}

fn widgets(sim: &bbdoctor::sim::Sim) -> String {
    format!("{}/repositories/acme/widgets", sim.api_url())
}

fn assert_r1(reply: &Reply) {
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, R1);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("www-authenticate"), Some(BASIC_REALM));
}

fn assert_json(reply: &Reply, status: u16, body: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.body, body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json; charset=utf-8")
    );
}

#[test]
fn api_token_in_basic_with_the_email_reads_the_repository() {
    let world = World::default_world();
    let sim = start(world.clone());
    let reply = get(&widgets(&sim), Some(&basic(PAT_EMAIL, &token(&world))));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let repo = reply.json();
    assert_eq!(repo["type"], "repository");
    assert_eq!(repo["full_name"], "acme/widgets");
    assert_eq!(repo["slug"], "widgets");
    assert_eq!(repo["name"], "Widgets");
    assert_eq!(repo["is_private"], true);
    assert_eq!(repo["uuid"], "{0f1e2d3c-4b5a-4697-8877-665544332211}");
    assert_eq!(repo["links"]["clone"][0]["name"], "https");
    assert_eq!(
        repo["links"]["clone"][0]["href"],
        format!("{}/acme/widgets.git", sim.base_url())
    );
    assert_eq!(repo["links"]["clone"][1]["name"], "ssh");
    // §5: the credential headers.
    assert_eq!(reply.header("x-credential-type"), Some("api_token"));
    assert_eq!(
        reply.header("x-oauth-scopes"),
        Some(
            "read:repository:bitbucket, write:repository:bitbucket, read:pullrequest:bitbucket, read:user:bitbucket, read:workspace:bitbucket"
        )
    );
    assert_eq!(reply.header("x-accepted-oauth-scopes"), Some("repository"));
    // The clock is sent as Date.
    assert_eq!(reply.header("date"), Some("Fri, 01 May 2026 12:00:00 GMT"));
}

#[test]
fn api_token_with_the_username_is_refused_with_r1() {
    let world = World::default_world();
    let sim = start(world.clone());
    let reply = get(&widgets(&sim), Some(&basic("pat", &token(&world))));
    assert_r1(&reply);
    assert_eq!(reply.header("x-credential-type"), None);
}

#[test]
fn app_password_needs_the_username_not_the_email() {
    let world = World::default_world();
    let app = secret(&world, "pat-app-password");
    let sim = start(world);
    let ok = get(&widgets(&sim), Some(&basic("pat", &app)));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.header("x-credential-type"), Some("apikey"));
    assert_eq!(
        ok.header("x-oauth-scopes"),
        Some("repository:write, pullrequest, account")
    );
    assert_r1(&get(&widgets(&sim), Some(&basic(PAT_EMAIL, &app))));
}

#[test]
fn app_passwords_fail_in_brownouts_and_after_removal() {
    let mut world = World::default_world();
    let app = secret(&world, "pat-app-password");
    for (now, status) in [
        ("2026-06-15T06:05:00Z", 401), // brownout window 06:00-06:15 UTC
        ("2026-06-15T07:00:00Z", 200), // between windows
        ("2026-07-28T00:00:00Z", 401), // removed
        ("2026-09-01T10:00:00Z", 401),
    ] {
        world.now = now.to_string();
        let sim = start(world.clone());
        let reply = get(&widgets(&sim), Some(&basic("pat", &app)));
        assert_eq!(reply.status, status, "at {now}");
        if status == 401 {
            assert_r1(&reply);
        }
    }
}

#[test]
fn account_password_is_refused_with_r2() {
    let world = World::default_world();
    let password = secret(&world, "pat-password");
    let sim = start(world);
    for login in ["pat", PAT_EMAIL] {
        let reply = get(&widgets(&sim), Some(&basic(login, &password)));
        assert_eq!(reply.status, 401);
        assert_eq!(reply.body, R2);
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
    }
}

#[test]
fn access_and_oauth_tokens_in_basic_are_refused_with_r1() {
    let world = World::default_world();
    let sim = start(world.clone());
    for (login, id) in [
        ("x-token-auth", "widgets-repo-token"),
        ("pat", "pat-oauth"),
        ("x-token-auth", "acme-workspace-token"),
    ] {
        assert_r1(&get(
            &widgets(&sim),
            Some(&basic(login, &secret(&world, id))),
        ));
    }
}

#[test]
fn access_tokens_and_oauth_tokens_work_as_bearer() {
    let world = World::default_world();
    let sim = start(world.clone());
    for (id, kind, scopes) in [
        (
            "widgets-repo-token",
            "repo_access_token",
            "repository:write, pullrequest",
        ),
        ("wid-project-token", "project_access_token", "project"),
        (
            "acme-workspace-token",
            "workspace_access_token",
            "repository, project, account",
        ),
        ("pat-oauth", "oauth2", "repository, pullrequest, account"),
    ] {
        let reply = get(&widgets(&sim), Some(&bearer(&secret(&world, id))));
        assert_eq!(reply.status, 200, "{id}: {}", reply.body);
        assert_eq!(reply.json()["full_name"], "acme/widgets");
        assert_eq!(reply.header("x-credential-type"), Some(kind), "{id}");
        assert_eq!(reply.header("x-oauth-scopes"), Some(scopes), "{id}");
    }
}

#[test]
fn refused_bearer_tokens_get_r3() {
    let world = World::default_world();
    let sim = start(world.clone());
    for token in [
        secret(&world, "pat-api-token"), // API token as Bearer (default: reject)
        secret(&world, "pat-app-password"), // app passwords are Basic-only
        "not-a-token".to_string(),
    ] {
        let reply = get(&widgets(&sim), Some(&bearer(&token)));
        assert_json(&reply, 401, R3);
        assert_eq!(reply.header("x-credential-type"), None);
    }
}

#[test]
fn expired_oauth_token_gets_r4() {
    let world = World::default_world();
    let sim = start(world.clone());
    let reply = get(
        &widgets(&sim),
        Some(&bearer(&secret(&world, "pat-oauth-expired"))),
    );
    assert_json(&reply, 401, R4);
    // An access token past its expiry is merely invalid (R3).
    let mut world = world;
    world.credentials.iter_mut().for_each(|c| {
        if c.id == "widgets-repo-token" {
            c.expires = Some("2026-04-30T00:00:00Z".into());
        }
    });
    let sim = start(world.clone());
    let reply = get(
        &widgets(&sim),
        Some(&bearer(&secret(&world, "widgets-repo-token"))),
    );
    assert_json(&reply, 401, R3);
}

#[test]
fn scopeless_api_token_is_refused_with_r3_even_in_basic() {
    let world = World::default_world();
    let sim = start(world.clone());
    let reply = get(
        &widgets(&sim),
        Some(&basic(PAT_EMAIL, &secret(&world, "pat-api-token-unscoped"))),
    );
    assert_json(&reply, 401, R3);
}

#[test]
fn expired_api_token_is_refused_with_r1() {
    let mut world = World::default_world();
    world.now = "2027-03-02T00:00:00Z".into();
    let sim = start(world.clone());
    assert_r1(&get(
        &widgets(&sim),
        Some(&basic(PAT_EMAIL, &token(&world))),
    ));
}

#[test]
fn missing_granular_scope_gets_r5_with_required_and_granted() {
    let world = World::default_world();
    let sim = start(world.clone());
    let auth = basic(PAT_EMAIL, &secret(&world, "pat-api-token-no-user"));
    let reply = get(&format!("{}/user", sim.api_url()), Some(&auth));
    assert_json(
        &reply,
        403,
        &r5(
            &["read:user:bitbucket"],
            &["read:repository:bitbucket", "read:pullrequest:bitbucket"],
        ),
    );
    assert_eq!(reply.header("x-credential-type"), Some("api_token"));
    assert_eq!(reply.header("x-accepted-oauth-scopes"), Some("account"));
    // Pull requests need their own scope: read:repository does not imply it.
    let auth = basic(PAT_EMAIL, &secret(&world, "pat-api-token-acme-only"));
    let reply = get(&format!("{}/pullrequests", widgets(&sim)), Some(&auth));
    assert_json(
        &reply,
        403,
        &r5(
            &["read:pullrequest:bitbucket"],
            &["read:repository:bitbucket", "read:user:bitbucket"],
        ),
    );
    assert_eq!(reply.header("x-accepted-oauth-scopes"), Some("pullrequest"));
}

#[test]
fn legacy_scopes_imply_each_other_but_only_as_documented() {
    let mut world = World::default_world();
    let oauth = world
        .credentials
        .iter_mut()
        .find(|c| c.id == "pat-oauth")
        .unwrap();
    oauth.scopes = vec!["repository".into()];
    let sim = start(world.clone());
    let auth = bearer(&secret(&world, "pat-oauth"));
    let reply = get(&format!("{}/pullrequests", widgets(&sim)), Some(&auth));
    assert_json(&reply, 403, &r5(&["pullrequest"], &["repository"]));
    // `repository:write` implies `repository` (B10): the app password reads commits.
    let app = basic("pat", &secret(&world, "pat-app-password"));
    let reply = get(&format!("{}/commits", widgets(&sim)), Some(&app));
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn private_or_missing_repository_is_404_r6_and_public_is_readable_anonymously() {
    let mut world = World::default_world();
    world.repositories[0].read.clear(); // sam loses read on widgets
    let sim = start(world.clone());
    // B2: anonymous on a private repository.
    let anonymous = get(&widgets(&sim), None);
    assert_json(&anonymous, 404, R6);
    assert_eq!(
        anonymous.header("x-accepted-oauth-scopes"),
        Some("repository")
    );
    assert_eq!(anonymous.header("x-credential-type"), None);
    // Authenticated without access, and a repository that does not exist.
    let sam = basic("sam@example.com", &secret(&world, "sam-api-token"));
    assert_json(&get(&widgets(&sim), Some(&sam)), 404, R6);
    let missing = format!("{}/repositories/acme/nope", sim.api_url());
    assert_json(
        &get(&missing, Some(&basic(PAT_EMAIL, &token(&world)))),
        404,
        R6,
    );
    // B1: a public repository answers anonymously, with the accepted-scopes header.
    let public = get(
        &format!("{}/repositories/acme/public-docs", sim.api_url()),
        None,
    );
    assert_eq!(public.status, 200);
    assert_eq!(public.json()["is_private"], false);
    assert_eq!(public.header("x-accepted-oauth-scopes"), Some("repository"));
}

#[test]
fn user_endpoint_needs_a_user() {
    let world = World::default_world();
    let sim = start(world.clone());
    let url = format!("{}/user", sim.api_url());
    let anonymous = get(&url, None);
    assert_json(&anonymous, 401, &error_body("Unauthorized"));
    let me = get(&url, Some(&basic(PAT_EMAIL, &token(&world))));
    assert_eq!(me.status, 200);
    let user = me.json();
    assert_eq!(user["type"], "user");
    assert_eq!(user["username"], "pat");
    assert_eq!(user["display_name"], "Pat Example");
    assert_eq!(
        user["account_id"],
        "712020:5f1c2b7a-0d3e-4c8b-9a61-2e7f4d0b9c31"
    );
    assert_eq!(user["uuid"], "{3e8d1c55-7a0b-4f62-b1d9-0c4a2e6f8b17}");
}

#[test]
fn access_tokens_on_user_endpoints_get_403_with_credential_headers() {
    let world = World::default_world();
    let sim = start(world.clone());
    let url = format!("{}/user", sim.api_url());
    // B5 (default `forbidden`).
    let reply = get(&url, Some(&bearer(&secret(&world, "widgets-repo-token"))));
    assert_json(
        &reply,
        403,
        &r5(&["account"], &["repository:write", "pullrequest"]),
    );
    assert_eq!(reply.header("x-credential-type"), Some("repo_access_token"));
    assert_eq!(
        reply.header("x-oauth-scopes"),
        Some("repository:write, pullrequest")
    );
    // Even a workspace token holding `account` is not a user.
    let reply = get(&url, Some(&bearer(&secret(&world, "acme-workspace-token"))));
    assert_json(
        &reply,
        403,
        &r5(&["account"], &["repository", "project", "account"]),
    );
}

#[test]
fn workspace_restricted_api_token_is_refused_elsewhere() {
    let world = World::default_world();
    let sim = start(world.clone());
    let auth = basic(PAT_EMAIL, &secret(&world, "pat-api-token-acme-only"));
    assert_eq!(get(&widgets(&sim), Some(&auth)).status, 200);
    let gadgets = format!("{}/repositories/globex/gadgets", sim.api_url());
    assert_r1(&get(&gadgets, Some(&auth))); // B9, default `unauthorized`
    let log = sim.requests();
    assert_eq!(log[1].outcome, Outcome::Refused);
    assert_eq!(
        log[1].credential.as_deref(),
        Some("pat-api-token-acme-only")
    );
}

#[test]
fn retired_endpoints_answer_410_x1() {
    let world = World::default_world();
    let sim = start(world.clone());
    let auth = basic(PAT_EMAIL, &token(&world));
    for path in [
        "/workspaces",
        "/user/permissions/workspaces",
        "/user/permissions/repositories",
    ] {
        let reply = get(&format!("{}{path}", sim.api_url()), Some(&auth));
        assert_json(&reply, 410, X1);
    }
}

#[test]
fn api_1_0_answers_410_x3() {
    let sim = start(World::default_world());
    let reply = get(&format!("{}/1.0/user/repositories", sim.base_url()), None);
    assert_json(&reply, 410, X3);
}

#[test]
fn paths_without_an_api_answer_404_x4() {
    let world = World::default_world();
    let sim = start(world.clone());
    for path in [
        "/repositories/acme/widgets",
        "/user",
        "/rest/api/1.0/projects/ACME/repos",
        "/2.0/not/an/endpoint",
    ] {
        let url = format!("{}{path}", sim.base_url());
        assert_json(&get(&url, None), 404, X4);
        assert_json(&get(&url, Some(&basic(PAT_EMAIL, &token(&world)))), 404, X4);
    }
}

#[test]
fn basic_header_that_is_not_base64_of_login_colon_secret_is_400_x5() {
    let world = World::default_world();
    let sim = start(world.clone());
    for header in [
        format!("Basic {}", token(&world)),
        "Basic bm8tY29sb24=".to_string(), // base64("no-colon")
    ] {
        let reply = get(&widgets(&sim), Some(&header));
        assert_eq!(reply.status, 400);
        assert_eq!(reply.body, X5);
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
    }
}

#[test]
fn rate_limit_is_per_ip_for_anonymous_and_per_credential_otherwise() {
    let mut world = World::default_world();
    world.rate_limit.anonymous = Some(2);
    world.rate_limit.authenticated = Some(1);
    let sim = start(world.clone());
    let public = format!("{}/repositories/acme/public-docs", sim.api_url());
    assert_eq!(get(&public, None).status, 200);
    assert_eq!(get(&public, None).status, 200);
    let limited = get(&public, None);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body, R9);
    assert_eq!(
        limited.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(limited.header("cache-control"), Some("no-cache, no-store"));
    assert_eq!(limited.header("retry-after"), None);
    assert_eq!(
        limited.header("x-accepted-oauth-scopes"),
        Some("repository")
    );
    // Each credential has its own allowance.
    let pat = basic(PAT_EMAIL, &token(&world));
    assert_eq!(get(&widgets(&sim), Some(&pat)).status, 200);
    let second = get(&widgets(&sim), Some(&pat));
    assert_eq!(second.status, 429);
    assert_eq!(second.header("x-credential-type"), Some("api_token"));
    let oauth = bearer(&secret(&world, "pat-oauth"));
    assert_eq!(get(&widgets(&sim), Some(&oauth)).status, 200);
}

#[test]
fn lockout_after_refused_logins_answers_r12() {
    let mut world = World::default_world();
    let app = basic("pat", &secret(&world, "pat-app-password"));
    // Default: no lockout, however many failures.
    let sim = start(world.clone());
    for _ in 0..4 {
        assert_r1(&get(&widgets(&sim), Some(&basic("pat", "wrong"))));
    }
    assert_eq!(get(&widgets(&sim), Some(&app)).status, 200);
    drop(sim);
    world.lockout_after = Some(2);
    let sim = start(world);
    assert_r1(&get(&widgets(&sim), Some(&basic("pat", "wrong"))));
    assert_r1(&get(&widgets(&sim), Some(&basic(PAT_EMAIL, "wrong-too"))));
    let locked = get(&widgets(&sim), Some(&app));
    assert_eq!(locked.status, 401);
    assert_eq!(locked.body, R12);
    assert_eq!(
        locked.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    // Another user is not locked.
    let sam = basic("sam@example.com", &secret(sim.world(), "sam-api-token"));
    assert_eq!(get(&widgets(&sim), Some(&sam)).status, 200);
}

#[test]
fn two_step_enforcement_and_ip_allowlist_refuse_rest_by_default() {
    let world = World::default_world();
    let sim = start(world.clone());
    let gadgets = format!("{}/repositories/globex/gadgets", sim.api_url());
    let sam = basic("sam@example.com", &secret(&world, "sam-api-token"));
    assert_json(&get(&gadgets, Some(&sam)), 403, &error_body(G5));
    // pat has two-step verification.
    let pat = basic(PAT_EMAIL, &token(&world));
    assert_eq!(get(&gadgets, Some(&pat)).status, 200);
    // initech allows 203.0.113.0/24 only; the test runs from 127.0.0.1.
    let payroll = format!("{}/repositories/initech/payroll", sim.api_url());
    assert_json(&get(&payroll, Some(&pat)), 403, &error_body(G4));
    drop(sim);
    let mut world = world;
    world.workspaces[2].ip_allowlist.push("127.0.0.0/8".into());
    let sim = start(world);
    let payroll = format!("{}/repositories/initech/payroll", sim.api_url());
    assert_eq!(get(&payroll, Some(&pat)).status, 200);
}

#[test]
fn access_tokens_are_confined_to_their_resource() {
    let world = World::default_world();
    let sim = start(world.clone());
    let repo_token = bearer(&secret(&world, "widgets-repo-token"));
    let project_token = bearer(&secret(&world, "wid-project-token"));
    let workspace_token = bearer(&secret(&world, "acme-workspace-token"));
    let docs = format!("{}/repositories/acme/public-docs", sim.api_url());
    let gadgets = format!("{}/repositories/globex/gadgets", sim.api_url());
    assert_json(&get(&docs, Some(&repo_token)), 404, R6);
    assert_json(&get(&docs, Some(&project_token)), 404, R6); // DOCS is another project
    assert_eq!(get(&docs, Some(&workspace_token)).status, 200);
    assert_json(&get(&gadgets, Some(&workspace_token)), 404, R6);
    // Listing a workspace shows only what the token reaches.
    let list = get(
        &format!("{}/repositories/acme", sim.api_url()),
        Some(&repo_token),
    );
    let names: Vec<_> = list.json()["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["full_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["acme/widgets"]);
}

#[test]
fn other_methods_get_405_and_head_gets_the_get_headers() {
    let world = World::default_world();
    let sim = start(world.clone());
    let pat = basic(PAT_EMAIL, &token(&world));
    for method in ["POST", "PUT", "DELETE"] {
        let reply = request(method, &widgets(&sim), Some(&pat));
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    let head = request("HEAD", &widgets(&sim), Some(&pat));
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(head.header("x-credential-type"), Some("api_token"));
    let get_len = get(&widgets(&sim), Some(&pat)).body.len().to_string();
    assert_eq!(head.header("content-length"), Some(get_len.as_str()));
    let log = sim.requests();
    assert_eq!(
        log.iter().map(|r| r.method.as_str()).collect::<Vec<_>>(),
        ["POST", "PUT", "DELETE", "HEAD", "GET"]
    );
}

#[test]
fn repository_sub_resources() {
    let world = World::default_world();
    let sim = start(world.clone());
    let pat = basic(PAT_EMAIL, &token(&world));
    let commits = get(&format!("{}/commits", widgets(&sim)), Some(&pat));
    assert_eq!(commits.status, 200);
    let hash = commits.json()["values"][0]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(hash.len(), 40);
    let on_main = get(&format!("{}/commits/main", widgets(&sim)), Some(&pat));
    assert_eq!(on_main.json()["values"][0]["hash"], hash.as_str());
    let by_hash = get(&format!("{}/commits/{hash}", widgets(&sim)), Some(&pat));
    assert_eq!(by_hash.status, 200);
    assert_eq!(
        get(&format!("{}/commits/nope", widgets(&sim)), Some(&pat)).status,
        404
    );
    let src = get(&format!("{}/src", widgets(&sim)), Some(&pat));
    assert_eq!(src.json()["values"][0]["path"], "README.md");
    let prs = get(&format!("{}/pullrequests", widgets(&sim)), Some(&pat));
    assert_eq!(prs.status, 200);
    assert_eq!(prs.json()["values"], serde_json::json!([]));
    assert_eq!(prs.header("x-accepted-oauth-scopes"), Some("pullrequest"));
    // Anonymous on a private repository's sub-resource: 404 R6 (B2).
    assert_json(&get(&format!("{}/commits", widgets(&sim)), None), 404, R6);
}

#[test]
fn workspace_repository_listing() {
    let world = World::default_world();
    let sim = start(world.clone());
    let url = format!("{}/repositories/acme", sim.api_url());
    let names = |reply: Reply| -> Vec<String> {
        reply.json()["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["full_name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(get(&url, None)), ["acme/public-docs"]);
    let pat = basic(PAT_EMAIL, &token(&world));
    assert_eq!(
        names(get(&url, Some(&pat))),
        ["acme/widgets", "acme/public-docs"]
    );
    let missing = get(&format!("{}/repositories/nope", sim.api_url()), Some(&pat));
    assert_eq!(missing.status, 404);
}

#[test]
fn caller_scoped_workspace_and_permission_endpoints() {
    let world = World::default_world();
    let sim = start(world.clone());
    let api = sim.api_url();
    let pat = basic(PAT_EMAIL, &token(&world));
    let workspaces = get(&format!("{api}/user/workspaces"), Some(&pat)).json();
    let slugs: Vec<_> = workspaces["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["workspace"]["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["acme", "globex", "initech"]);
    assert_eq!(workspaces["values"][0]["administrator"], false);

    let member = get(
        &format!("{api}/user/workspaces/acme/permission"),
        Some(&pat),
    );
    assert_eq!(member.status, 200);
    assert_eq!(member.json()["permission"], "member");
    assert_eq!(member.json()["user"]["username"], "pat");
    let stranger = get(
        &format!("{api}/user/workspaces/nope/permission"),
        Some(&pat),
    );
    assert_json(
        &stranger,
        403,
        &error_body("The requesting user does not have access to the workspace."),
    );

    let perms_url = format!("{api}/user/workspaces/acme/permissions/repositories");
    let perms = get(&perms_url, Some(&pat)).json();
    assert_eq!(perms["values"].as_array().unwrap().len(), 1);
    assert_eq!(perms["values"][0]["permission"], "write");
    assert_eq!(
        perms["values"][0]["repository"]["full_name"],
        "acme/widgets"
    );
    let filtered = get(
        &format!("{perms_url}?q=repository.full_name%3D%22acme%2Fwidgets%22"),
        Some(&pat),
    );
    assert_eq!(filtered.json()["values"].as_array().unwrap().len(), 1);
    let none = get(
        &format!("{perms_url}?q=repository.full_name%3D%22acme%2Fpublic-docs%22"),
        Some(&pat),
    );
    assert_eq!(none.json()["values"], serde_json::json!([]));
    assert_eq!(get(&perms_url, None).status, 401);
    let elsewhere = get(
        &format!("{api}/user/workspaces/nope/permissions/repositories"),
        Some(&pat),
    );
    assert_json(
        &elsewhere,
        403,
        &error_body("The requesting user does not have access to the workspace."),
    );
}

#[test]
fn workspace_endpoint_is_for_members() {
    let world = World::default_world();
    let sim = start(world.clone());
    let pat = basic(PAT_EMAIL, &token(&world));
    let acme = get(&format!("{}/workspaces/acme", sim.api_url()), Some(&pat));
    assert_eq!(acme.status, 200);
    assert_eq!(acme.json()["slug"], "acme");
    assert_eq!(acme.json()["type"], "workspace");
    assert_eq!(acme.header("x-accepted-oauth-scopes"), None); // no legacy scope declared
    assert_eq!(
        get(&format!("{}/workspaces/acme", sim.api_url()), None).status,
        404
    );
    assert_eq!(
        get(&format!("{}/workspaces/nope", sim.api_url()), Some(&pat)).status,
        404
    );
}

#[test]
fn repository_permissions_of_a_workspace_are_admin_only() {
    let mut world = World::default_world();
    let alex_token = bbdoctor::sim::mint::mint_token(bbdoctor::sim::mint::API_TOKEN_PREFIX, "alex");
    world.credentials.push(Credential {
        id: "alex-api-token".into(),
        kind: CredentialKind::ApiToken,
        secret: alex_token.clone(),
        owner: Some("alex".into()),
        scopes: vec!["read:repository:bitbucket".into()],
        expires: None,
        resource: None,
        workspace: None,
        description: String::new(),
    });
    let sim = start(world.clone());
    let url = format!(
        "{}/workspaces/acme/permissions/repositories/widgets",
        sim.api_url()
    );
    let pat = basic(PAT_EMAIL, &token(&world));
    assert_json(
        &get(&url, Some(&pat)),
        403,
        &error_body("The requesting user isn't an admin of the repository."),
    );
    let admin = get(&url, Some(&basic("alex@example.com", &alex_token)));
    assert_eq!(admin.status, 200, "{}", admin.body);
    let grants: Vec<(String, String)> = admin.json()["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["user"]["username"].as_str().unwrap().to_string(),
                v["permission"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        grants,
        [
            ("pat".to_string(), "write".to_string()),
            ("sam".to_string(), "read".to_string()),
            ("alex".to_string(), "admin".to_string())
        ]
    );
}

//! The REST API (`/2.0/…`): routing, the answers to refused credentials, the scope and access
//! checks in Bitbucket's order, and the credential headers on every answer.
//!
//! Served: `/2.0/repositories/{ws}` and `/{ws}/{slug}` with `/commits`, `/commits/{rev}`,
//! `/src`, `/pullrequests`; `/2.0/user`, `/2.0/user/workspaces`,
//! `/2.0/user/workspaces/{ws}/permission`, `/2.0/user/workspaces/{ws}/permissions/repositories`;
//! `/2.0/workspaces/{ws}`, `/2.0/workspaces/{ws}/permissions/repositories/{slug}`; the retired
//! cross-workspace endpoints (410 X1) and API 1.0 (410 X3). Required scopes come from
//! [`crate::scopes`].

use super::access::{Caller, Denied, Perm};
use super::auth::{Auth, Reason, Scheme};
use super::http::{Request, Response};
use super::json::Json;
use super::messages as msg;
use super::resources::{self as res, Links};
use super::world::{CredentialKind, Denial, Removal, Repository, World};
use crate::scopes::{self, Operation};

/// One REST request with what is known about it.
pub struct Ctx<'a> {
    pub world: &'a World,
    pub req: &'a Request,
    pub auth: Auth<'a>,
    pub links: Links<'a>,
}

/// Answers one REST request.
pub fn serve(ctx: &Ctx) -> Response {
    let op = scopes::lookup(&ctx.req.method, &ctx.req.target);
    let response = answer(ctx, op);
    decorate(response, ctx, op)
}

/// R9 (§4.1): plain text, `Cache-Control: no-cache, no-store`, no `Retry-After`, and the
/// scope headers (as in the 2019 and 2021 logs).
pub fn rate_limited(ctx: &Ctx) -> Response {
    let op = scopes::lookup(&ctx.req.method, &ctx.req.target);
    let response =
        Response::text(429, msg::RATE_LIMITED).header("Cache-Control", "no-cache, no-store");
    decorate(response, ctx, op)
}

fn answer(ctx: &Ctx, op: Option<&'static Operation>) -> Response {
    let path = ctx.req.path();
    // X3 (§4.4): API 1.0 was removed in 2019; every path under it answers 410.
    if path == "/1.0" || path.starts_with("/1.0/") {
        return Response::json(410, &msg::api_v1_removed());
    }
    let Some(api_path) = path
        .strip_prefix("/2.0")
        .filter(|r| r.is_empty() || r.starts_with('/'))
    else {
        return unhosted(ctx);
    };
    // 2026-12 review, §1 row "OAuth 2.0 access token" and §2 row "2026-05-04" (CHANGE-3052,
    // S-OAUTH2026): an access token in the query string is refused with 401 since 2026-05-04
    // (before it, the router reads it as the credential).
    // The body is NOT CONFIRMED (the review's §5); R3 is the likeliest, as for a Bearer token
    // Bitbucket will not take.
    if ctx.req.query("access_token").is_some()
        && ctx.world.now.as_str() >= crate::bitbucket::QUERY_TOKEN_REFUSED
    {
        return Response::json(401, &msg::error(msg::TOKEN_INVALID));
    }
    if let Auth::Refused { reason, .. } = ctx.auth {
        return refusal(reason);
    }
    let caller = Caller::new(ctx.world, &ctx.auth, ctx.req.peer);
    let segments: Vec<&str> = api_path.split('/').filter(|s| !s.is_empty()).collect();
    route(ctx, &caller, op, &segments)
}

/// X4 (§4.4): no API behind this path (a missing `/2.0`, a Data Center `/rest/api/1.0/…`).
/// With an accepted credential, R7 was seen instead (`api.bitbucket.org/user`, scoped API token,
/// avivsinai/bitbucket-cli#70): NOT CONFIRMED which one holds; switch
/// `unconfirmed.unhosted_path_with_credentials`.
fn unhosted(ctx: &Ctx) -> Response {
    let not_found = Response::json(404, &msg::no_api_here());
    match (
        ctx.auth,
        ctx.world.unconfirmed.unhosted_path_with_credentials,
    ) {
        (Auth::Accepted { .. }, Denial::Forbidden) => {
            Response::json(403, &msg::error(msg::FORBIDDEN))
        }
        _ => not_found,
    }
}

/// The answer to a refused credential.
pub fn refusal(reason: Reason) -> Response {
    match reason {
        // R1 (§4.1): plain text with the Basic challenge (S-KB401).
        Reason::BadBasic | Reason::AppPasswordRetired => login_failed(),
        // R3 (§4.1). No WWW-Authenticate: its value for Bearer is NOT CONFIRMED (§10 item 3).
        Reason::BadBearer | Reason::ScopelessApiToken => {
            Response::json(401, &msg::error(msg::TOKEN_INVALID))
        }
        // R4 (§4.1).
        Reason::ExpiredOauth => Response::json(401, &msg::error(msg::ACCESS_TOKEN_EXPIRED)),
        // R2 (§4.1).
        Reason::AccountPassword => Response::text(401, msg::ACCOUNT_PASSWORD_REST)
            .header("WWW-Authenticate", msg::BASIC_CHALLENGE),
        // R12 (§4.1), status assumed 401.
        Reason::LockedOut => Response::text(401, msg::TOO_MANY_ATTEMPTS)
            .header("WWW-Authenticate", msg::BASIC_CHALLENGE),
        // X5 (§4.4).
        Reason::MalformedBasic => Response::text(400, msg::BAD_AUTHORIZATION_HEADER),
    }
}

fn login_failed() -> Response {
    Response::text(401, msg::LOGIN_FAILED).header("WWW-Authenticate", msg::BASIC_CHALLENGE)
}

fn route(ctx: &Ctx, caller: &Caller, op: Option<&'static Operation>, segs: &[&str]) -> Response {
    match segs {
        // X1 (§4.4, CHANGE-2770): removed cross-workspace endpoints.
        ["workspaces"]
        | ["user", "permissions", "workspaces"]
        | ["user", "permissions", "repositories"] => Response::json(410, &msg::change_2770()),
        ["user"] => as_user(ctx, caller, op, None)
            .map(|user| ok(&res::user(&ctx.links, user)))
            .unwrap_or_else(|r| r),
        ["user", "workspaces"] => as_user(ctx, caller, op, None)
            .map(|_| user_workspaces(ctx, caller))
            .unwrap_or_else(|r| r),
        ["user", "workspaces", ws, "permission"] => as_user(ctx, caller, op, Some(ws))
            .map(|user| workspace_permission(ctx, caller, user, ws))
            .unwrap_or_else(|r| r),
        ["user", "workspaces", ws, "permissions", "repositories"] => {
            as_user(ctx, caller, op, Some(ws))
                .map(|user| repository_permissions(ctx, caller, user, ws))
                .unwrap_or_else(|r| r)
        }
        ["repositories", ws] => list_repositories(ctx, caller, op, ws),
        ["repositories", ws, slug] => repository(ctx, caller, op, ws, slug, Sub::Root),
        ["repositories", ws, slug, "commits"] => {
            repository(ctx, caller, op, ws, slug, Sub::Commits(None))
        }
        ["repositories", ws, slug, "commits", rev] => {
            repository(ctx, caller, op, ws, slug, Sub::Commits(Some(rev)))
        }
        ["repositories", ws, slug, "src"] => repository(ctx, caller, op, ws, slug, Sub::Src),
        ["repositories", ws, slug, "pullrequests"] => {
            repository(ctx, caller, op, ws, slug, Sub::PullRequests)
        }
        // 2026-12 review, row N2 (S-ISSUESUNSET): Issues and Wikis, "including related API
        // endpoints", were removed on 2026-08-20. Their status is NOT CONFIRMED (the review's
        // §5): 410 with a plain error by default; switch `unconfirmed.issues_wikis_removed`.
        ["repositories", _, _, "issues" | "wiki", ..] => {
            match ctx.world.unconfirmed.issues_wikis_removed {
                Removal::Gone => Response::json(410, &msg::error(msg::FEATURE_REMOVED)),
                Removal::NotFound => Response::json(404, &msg::no_api_here()),
            }
        }
        ["workspaces", ws] => workspace(ctx, caller, op, ws),
        ["workspaces", ws, "permissions", "repositories", slug] => {
            workspace_repository_permissions(ctx, caller, op, ws, slug)
        }
        // Not served by the simulator: answered as Bitbucket answers paths it has no API for.
        _ => Response::json(404, &msg::no_api_here()),
    }
}

fn ok(body: &Json) -> Response {
    Response::json(200, body)
}

/// Headers Bitbucket puts on API answers (§5): `x-accepted-oauth-scopes` (the endpoint's legacy
/// scopes, also on anonymous calls) and, for an accepted credential, `x-credential-type` and
/// `x-oauth-scopes` (the credential's scopes, comma+space separated, S-KBSCOPE).
fn decorate(mut response: Response, ctx: &Ctx, op: Option<&'static Operation>) -> Response {
    if let Some(op) = op.filter(|op| !op.legacy.is_empty()) {
        response = response.header("x-accepted-oauth-scopes", op.legacy.join(", "));
    }
    if let Auth::Accepted { credential, .. } = ctx.auth {
        response = response
            .header("x-credential-type", credential_type(credential.kind))
            .header("x-oauth-scopes", credential.scopes.join(", "));
    }
    response
}

/// `x-credential-type` values (§5, §10 item 6).
pub fn credential_type(kind: CredentialKind) -> &'static str {
    match kind {
        // OFFICIAL (S-KBSCOPE).
        CredentialKind::RepositoryAccessToken => "repo_access_token",
        // Reported by third parties only: UNCONFIRMED.
        CredentialKind::ProjectAccessToken => "project_access_token",
        // Reported by third parties only: UNCONFIRMED.
        CredentialKind::WorkspaceAccessToken => "workspace_access_token",
        // OBSERVED 2026 (drone/go-scm#355).
        CredentialKind::OauthToken => "oauth2",
        // OBSERVED 2026-10-05 on every answer to Basic email:token (2026-12 review, §5 row
        // `x-credential-type`, S-KHBB).
        CredentialKind::ApiToken => "api_token",
        // OBSERVED 2021 (SharpBucket#108, jenkins #414); the post-2022 value is UNCONFIRMED.
        CredentialKind::AppPassword => "apikey",
        // Never accepted, so never sent; named for completeness.
        CredentialKind::AccountPassword => "password",
    }
}

/// Answers a restriction according to its switch: `forbidden` gives `forbidden`, `not-found`
/// R6, `unauthorized` R1 (Basic) or R3 (Bearer), `allow` nothing.
fn deny(ctx: &Ctx, switch: Denial, forbidden: Response) -> Option<Response> {
    match switch {
        Denial::Forbidden => Some(forbidden),
        Denial::NotFound => Some(Response::json(404, &msg::error(msg::NO_ACCESS_OR_MISSING))),
        Denial::Unauthorized => Some(match ctx.auth.scheme() {
            Some(Scheme::Basic) => login_failed(),
            _ => Response::json(401, &msg::error(msg::TOKEN_INVALID)),
        }),
        Denial::Allow => None,
    }
}

/// The first restriction between the caller and a workspace's resources that its switch
/// enforces, then the scope check (R5).
fn check(
    ctx: &Ctx,
    caller: &Caller,
    op: Option<&'static Operation>,
    ws: &str,
    repo: Option<&Repository>,
) -> Result<(), Response> {
    let u = &ctx.world.unconfirmed;
    for denied in caller.gate(ws, repo) {
        let answer = match denied {
            // B9 NOT CONFIRMED (one report of "all 401"); switch `api_token_other_workspace`.
            Denied::OtherWorkspace => deny(ctx, u.api_token_other_workspace, forbidden_r7()),
            // §1 confinement; the answer is NOT CONFIRMED; switch `access_token_outside_resource`.
            Denied::OutsideResource => deny(ctx, u.access_token_outside_resource, forbidden_r7()),
            // R13 NOT CONFIRMED (only git's G4 is documented); switch `ip_allowlist_rest`.
            Denied::IpNotAllowed => deny(
                ctx,
                u.ip_allowlist_rest,
                Response::json(403, &msg::error(msg::IP_NOT_ALLOWED)),
            ),
            // §1.1 NOT CONFIRMED for REST (only git's G5 is documented); switch `two_step_rest`.
            // The 403 body reuses G5's words: a guess.
            Denied::TwoStepRequired => deny(
                ctx,
                u.two_step_rest,
                Response::json(403, &msg::error(msg::ENABLE_TWO_STEP)),
            ),
        };
        if let Some(answer) = answer {
            return Err(answer);
        }
    }
    lack_scopes(caller, op)
}

fn forbidden_r7() -> Response {
    Response::json(403, &msg::error(msg::FORBIDDEN))
}

/// R5 (§4.1): `required` = the needed scopes the credential lacks, `granted` = what it has.
fn lack_scopes(caller: &Caller, op: Option<&'static Operation>) -> Result<(), Response> {
    let missing = caller.missing_scopes(op);
    if missing.is_empty() {
        return Ok(());
    }
    let granted = caller.credential.map(|c| c.scopes()).unwrap_or_default();
    Err(Response::json(403, &msg::lack_scopes(&missing, &granted)))
}

/// The preamble of `/2.0/user…`: a user must be calling, with the scopes the endpoint needs.
fn as_user<'w>(
    ctx: &Ctx<'w>,
    caller: &Caller<'w>,
    op: Option<&'static Operation>,
    ws: Option<&str>,
) -> Result<&'w super::world::User, Response> {
    let Some(credential) = caller.credential else {
        // Spec: 401 "When the request wasn't authenticated." (body NOT CONFIRMED).
        return Err(Response::json(401, &msg::unauthenticated())
            .header("WWW-Authenticate", msg::BASIC_CHALLENGE));
    };
    if credential.kind.is_access_token() {
        // B5 NOT CONFIRMED: third-party code says 403 (scope) with the credential headers;
        // switch `access_token_user_endpoint` (`unauthorized`: 401 R3). Access tokens are not
        // users, so `allow` and `not-found` cannot produce a user either: they get the 403.
        let granted = credential.scopes();
        let needed = op.map(|op| op.legacy.clone()).unwrap_or_default();
        let mut required = scopes::missing(&granted, &needed);
        if required.is_empty() {
            required = needed;
        }
        return Err(match ctx.world.unconfirmed.access_token_user_endpoint {
            Denial::Unauthorized => Response::json(401, &msg::error(msg::TOKEN_INVALID)),
            _ => Response::json(403, &msg::lack_scopes(&required, &granted)),
        });
    }
    if let Some(ws) = ws {
        check(ctx, caller, op, ws, None)?;
    } else {
        lack_scopes(caller, op)?;
    }
    caller
        .user
        .ok_or_else(|| Response::json(401, &msg::unauthenticated()))
}

fn user_workspaces(ctx: &Ctx, caller: &Caller) -> Response {
    let values = ctx
        .world
        .workspaces
        .iter()
        .filter_map(|ws| {
            caller
                .role(ws)
                .map(|role| res::workspace_access(&ctx.links, ws, role))
        })
        .collect();
    ok(&res::page(values))
}

fn workspace_permission(
    ctx: &Ctx,
    caller: &Caller,
    user: &super::world::User,
    ws: &str,
) -> Response {
    match ctx
        .world
        .workspace(ws)
        .and_then(|w| Some((w, caller.role(w)?)))
    {
        Some((w, role)) => ok(&res::workspace_membership(
            &ctx.links,
            w,
            res::user(&ctx.links, user),
            role,
        )),
        None => Response::json(403, &msg::error(msg::NO_WORKSPACE_ACCESS)),
    }
}

/// The caller's explicit repository permissions in a workspace, with the
/// `q=repository.full_name="ws/slug"` filter.
fn repository_permissions(
    ctx: &Ctx,
    caller: &Caller,
    user: &super::world::User,
    ws: &str,
) -> Response {
    let filter = ctx.req.query("q").map(|q| full_name_filter(&q));
    if let Some(None) = filter {
        return Response::json(400, &msg::error("Invalid query"));
    }
    let granted: Vec<(&Repository, Perm)> = ctx
        .world
        .repositories
        .iter()
        .filter(|r| r.workspace == ws)
        .filter_map(|r| Some((r, explicit_permission(caller, r)?)))
        .collect();
    // Spec 403: "The requesting user does not have access to the workspace."
    let is_member = ctx
        .world
        .workspace(ws)
        .is_some_and(|w| caller.role(w).is_some());
    if granted.is_empty() && !is_member {
        return Response::json(403, &msg::error(msg::NO_WORKSPACE_ACCESS));
    }
    let wanted = filter.flatten();
    let values = granted
        .into_iter()
        .filter(|(r, _)| wanted.as_deref().is_none_or(|name| name == full_name(r)))
        .map(|(r, perm)| {
            res::repository_permission(&ctx.links, r, res::user(&ctx.links, user), perm)
        })
        .collect();
    ok(&res::page(values))
}

/// A permission granted to the user (not mere public visibility).
fn explicit_permission(caller: &Caller, repo: &Repository) -> Option<Perm> {
    let perm = caller.permission(repo)?;
    let public_only = !repo.is_private && perm == Perm::Read && {
        let name = caller.user.map(|u| u.username.as_str()).unwrap_or("");
        !repo.read.iter().any(|u| u == name)
    };
    (!public_only).then_some(perm)
}

/// `repository.full_name="acme/widgets"` (spaces around `=` allowed) → `Some(Some(name))`;
/// anything else → `Some(None)` (unsupported filter).
fn full_name_filter(q: &str) -> Option<String> {
    let (field, value) = q.split_once('=')?;
    if field.trim() != "repository.full_name" {
        return None;
    }
    let value = value.trim();
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.to_string())
}

fn full_name(repo: &Repository) -> String {
    format!("{}/{}", repo.workspace, repo.slug)
}

fn list_repositories(
    ctx: &Ctx,
    caller: &Caller,
    op: Option<&'static Operation>,
    ws: &str,
) -> Response {
    if caller.credential.is_some()
        && let Err(answer) = check(ctx, caller, op, ws, None)
    {
        return answer;
    }
    if ctx.world.workspace(ws).is_none() {
        return Response::json(404, &msg::no_workspace());
    }
    let values = ctx
        .world
        .repositories
        .iter()
        .filter(|r| r.workspace == ws && caller.permission(r).is_some())
        .map(|r| res::repository(&ctx.links, ctx.world, r))
        .collect();
    ok(&res::page(values))
}

enum Sub<'a> {
    Root,
    Commits(Option<&'a str>),
    Src,
    PullRequests,
}

fn repository(
    ctx: &Ctx,
    caller: &Caller,
    op: Option<&'static Operation>,
    ws: &str,
    slug: &str,
    sub: Sub,
) -> Response {
    let repo = ctx.world.repository(ws, slug);
    if caller.credential.is_some()
        && let Err(answer) = check(ctx, caller, op, ws, repo)
    {
        return answer;
    }
    // B2 / R6: missing, or private and not visible to this caller (anonymous included).
    let Some(repo) = repo.filter(|r| caller.permission(r).is_some()) else {
        return Response::json(404, &msg::error(msg::NO_ACCESS_OR_MISSING));
    };
    match sub {
        Sub::Root => ok(&res::repository(&ctx.links, ctx.world, repo)),
        Sub::Commits(None) => ok(&res::page(vec![res::commit(ctx.world, repo)])),
        Sub::Commits(Some(rev))
            if rev == repo.main_branch || rev == res::commit_hash(repo, &repo.main_branch) =>
        {
            ok(&res::page(vec![res::commit(ctx.world, repo)]))
        }
        // Spec: 404 "If the specified revision does not exist." (body NOT CONFIRMED).
        Sub::Commits(Some(rev)) => {
            Response::json(404, &msg::error(&format!("Commit not found: {rev}")))
        }
        Sub::Src => ok(&res::src_listing(repo)),
        Sub::PullRequests => ok(&res::page(Vec::new())),
    }
}

fn workspace(ctx: &Ctx, caller: &Caller, op: Option<&'static Operation>, ws: &str) -> Response {
    if caller.credential.is_some()
        && let Err(answer) = check(ctx, caller, op, ws, None)
    {
        return answer;
    }
    // Spec: 200 for the caller's workspaces, 404 otherwise.
    match ctx.world.workspace(ws).filter(|w| caller.role(w).is_some()) {
        Some(w) => ok(&res::workspace(&ctx.links, w)),
        None => Response::json(404, &msg::no_workspace()),
    }
}

/// Admin only (R8, B6): everyone's permissions on one repository.
fn workspace_repository_permissions(
    ctx: &Ctx,
    caller: &Caller,
    op: Option<&'static Operation>,
    ws: &str,
    slug: &str,
) -> Response {
    let not_admin = Response::json(403, &msg::error(msg::NOT_REPO_ADMIN));
    if caller.credential.is_none() {
        return Response::json(401, &msg::unauthenticated())
            .header("WWW-Authenticate", msg::BASIC_CHALLENGE);
    }
    // "You can't use an access token to manipulate or query repository, project, or workspace
    // permissions" (S-SPEC narrative).
    if caller.is_access_token() {
        return not_admin;
    }
    let repo = ctx.world.repository(ws, slug);
    if let Err(answer) = check(ctx, caller, op, ws, repo) {
        return answer;
    }
    let Some(repo) = repo.filter(|r| caller.permission(r) == Some(Perm::Admin)) else {
        return not_admin;
    };
    let values = ctx
        .world
        .users
        .iter()
        .filter_map(|user| {
            let as_user = Caller::for_user(ctx.world, user, ctx.req.peer);
            let perm = explicit_permission(&as_user, repo)?;
            Some(res::repository_permission(
                &ctx.links,
                repo,
                res::user(&ctx.links, user),
                perm,
            ))
        })
        .collect();
    ok(&res::page(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_name_filter_reads_the_documented_form() {
        assert_eq!(
            full_name_filter(r#"repository.full_name="acme/widgets""#),
            Some("acme/widgets".into())
        );
        assert_eq!(
            full_name_filter(r#"repository.full_name = "acme/widgets""#),
            Some("acme/widgets".into())
        );
        assert_eq!(full_name_filter("permission=\"admin\""), None);
        assert_eq!(full_name_filter("repository.full_name=acme"), None);
    }
}

//! One request through the simulator, in Bitbucket's order: who is calling (and whether that
//! user is locked out), injected faults, the method, the rate limit, then REST or git.

use std::time::Duration;

use super::auth::{self, Auth, Channel, Reason, Scheme};
use super::fault;
use super::git;
use super::http::{Request, Response};
use super::messages as msg;
use super::resources::Links;
use super::rest;
use super::server::Shared;
use super::world::FaultAction;
use super::{LoggedRequest, Outcome};

/// What to do with a request, and what to log about it.
pub struct Handled {
    pub action: Action,
    pub log: LoggedRequest,
    /// Delay before acting: the world's latency plus the fault's.
    pub latency: Duration,
}

pub enum Action {
    Respond(Response),
    Fault(FaultAction),
}

pub fn handle(shared: &Shared, req: &Request) -> Handled {
    let world = &shared.world;
    let channel = match git::is_git_path(req.path()) {
        true => Channel::Git,
        false => Channel::Rest,
    };
    // Before CHANGE-3052 Bitbucket read an access token given in the query string.
    let from_query = match (req.header("authorization"), req.query("access_token")) {
        (None, Some(token))
            if channel == Channel::Rest
                && world.now.as_str() < crate::bitbucket::QUERY_TOKEN_REFUSED =>
        {
            Some(format!("Bearer {token}"))
        }
        _ => None,
    };
    let header = from_query.as_deref().or(req.header("authorization"));
    let auth = lockout(shared, auth::authenticate(world, channel, header));
    let fault = world
        .faults
        .iter()
        .find(|f| req.target.starts_with(&f.path_prefix));
    let latency = world.latency_ms + fault.map_or(0, |f| f.latency_ms);
    let action = match fault.map(|f| &f.action) {
        None | Some(FaultAction::Latency) => Action::Respond(respond(shared, req, channel, auth)),
        Some(action) => Action::Fault(action.clone()),
    };
    let status = match &action {
        Action::Respond(r) => r.status,
        Action::Fault(f) => fault::status(f),
    };
    let outcome = match auth {
        Auth::Anonymous => Outcome::Anonymous,
        Auth::Refused { .. } => Outcome::Refused,
        // A valid credential that this resource answers 401 to (e.g. an API token restricted to
        // another workspace) was refused all the same.
        Auth::Accepted { .. } if status == 401 => Outcome::Refused,
        Auth::Accepted { .. } => Outcome::Accepted,
    };
    Handled {
        log: LoggedRequest {
            method: req.method.clone(),
            host: req.header("host").map(str::to_string),
            path: req.target.clone(),
            authorization: req.header("authorization").map(str::to_string),
            credential: auth.credential().map(|c| c.id.clone()),
            outcome,
            status,
        },
        action,
        latency: Duration::from_millis(latency),
    }
}

/// R12: once a user has `lockout_after` refused Basic logins, every Basic login naming them is
/// refused with "Too many invalid password attempts"; refusals before that are counted.
fn lockout<'w>(shared: &Shared, auth: Auth<'w>) -> Auth<'w> {
    let after = shared.world.lockout_after;
    let (Some(user), Some(Scheme::Basic)) = (auth.login_user(), auth.scheme()) else {
        return auth;
    };
    if shared.counters.is_locked(&user.username, after) {
        return auth.refused(Reason::LockedOut);
    }
    if matches!(auth, Auth::Refused { .. }) && after.is_some() {
        shared.counters.record_refusal(&user.username);
    }
    auth
}

fn respond(shared: &Shared, req: &Request, channel: Channel, auth: Auth) -> Response {
    let world = &shared.world;
    // The simulator is read-only, as bbdoctor's probes are (design.md §8); a fetch's
    // negotiation is a POST that reads.
    let negotiation = req.method == "POST" && git::upload_pack_path(req.path()).is_some();
    if !matches!(req.method.as_str(), "GET" | "HEAD") && !negotiation {
        return Response::json(405, &msg::method_not_allowed()).header("Allow", "GET, HEAD");
    }
    match channel {
        Channel::Git => git::serve(world, &shared.repos, req, auth),
        Channel::Rest => {
            let ctx = rest::Ctx {
                world,
                req,
                auth,
                links: Links {
                    base: &shared.base_url,
                },
            };
            // B7 (S-RATEKB): "Unauthenticated calls are measured against a specific IP
            // address"; an access token "has its own rate limit allowance"; otherwise per user
            // or consumer, modelled as per credential.
            let (key, limit) = match auth.credential() {
                Some(c) => (
                    format!("credential:{}", c.id),
                    world.rate_limit.authenticated,
                ),
                None => (format!("ip:{}", req.peer), world.rate_limit.anonymous),
            };
            if shared.counters.take(&key, limit) {
                rest::serve(&ctx)
            } else {
                rest::rate_limited(&ctx)
            }
        }
    }
}

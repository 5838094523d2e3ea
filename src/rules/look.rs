//! Small questions the matchers ask of the evidence, and how they quote it.

use crate::credential::Kind;
use crate::evidence::{Claim, Evidence, Exchange, Response, SentAuth, Strength};

/// Bitbucket's messages the rules key on: each a needle of `crate::bitbucket::MESSAGES`.
pub use crate::bitbucket::family::{
    ACCOUNT_PASSWORD_REFUSED as SAYS_ACCOUNT_PASSWORD, USE_APP_PASSWORD,
};
pub use crate::bitbucket::needle::{
    API_V1_REMOVED, APP_PASSWORD_GONE, BAD_HEADER, LACKS_SCOPES, LOCKED, NEEDS_PERMISSION,
    NO_API_HERE, TOKEN_EXPIRED as SAYS_TOKEN_EXPIRED, TOKEN_REFUSED,
};
use crate::bitbucket::{family, needle};
pub const NO_ACCESS: [&str; 2] = [needle::NO_ACCESS, needle::NO_ACCESS_2022];
pub const TWO_STEP: [&str; 3] = [
    needle::ENABLE_TWO_STEP,
    needle::ENABLED_TWO_STEP,
    needle::REQUIRES_SSO,
];
pub const IP_DENIED: [&str; 2] = [needle::WHITELIST_IP, family::IP_ALLOWLIST];

/// App passwords stopped working on this date (S-BROWNOUT).
pub const APP_PASSWORDS_REMOVED: &str = "2026-07-28";
/// CHANGE-2770's endpoints answered 410 from this date (2026-12 review, row B6: 410 seen
/// 2026-04-10, announced for 2026-02-27); before it they worked.
pub const CHANGE_2770_ENFORCED: &str = "2026-04-10";
/// The teams API (`/2.0/teams…`, `/2.0/user/permissions/teams`) and most of `/2.0/users/{user}/…`
/// were replaced by the workspace endpoints: removal announced for 2020-10-14
/// (developer.atlassian.com/cloud/bitbucket/bitbucket-api-teams-deprecation); Bitbucket
/// answered 404 "This endpoint has been removed" by 2021-12 (drone/go-scm, dexidp/dex#2389) and
/// "There is no API hosted at this URL" later (oauth2-proxy#2048, 2023). By this date they
/// were gone.
pub const TEAMS_REMOVED: &str = "2022-02-01";
/// Issues and Wikis, with their API endpoints, were removed on this date (S-ISSUESUNSET, N2).
pub const ISSUES_AND_WIKIS_REMOVED: &str = "2026-08-20";
pub use crate::bitbucket::QUERY_TOKEN_REFUSED;
/// App-password brownouts began on this date (S-BROWNOUT).
pub const APP_PASSWORD_BROWNOUTS: &str = "2026-06-09";

/// Exchanges that carried a credential.
pub fn with_auth(ev: &Evidence) -> impl Iterator<Item = (&Exchange, &SentAuth)> {
    ev.exchanges
        .iter()
        .filter_map(|e| e.auth().filter(|a| judged(a)).map(|a| (e, a)))
}

/// A credential the rules can judge: not none, and not hidden by the poster.
fn judged(a: &SentAuth) -> bool {
    a.kind != Kind::None && !a.hidden()
}

/// Every credential seen: the examined one and each request's.
pub fn auths(ev: &Evidence) -> impl Iterator<Item = &SentAuth> {
    ev.auths().filter(|a| judged(a))
}

/// The kind of credential under examination: from the credential, a request, or the prose.
pub fn examined_kind(ev: &Evidence) -> Kind {
    examined(ev).0
}

/// The kind of credential under examination and how it is known ([`crate::facts::kind`]).
pub fn examined(ev: &Evidence) -> (Kind, Strength) {
    crate::facts::kind(ev)
}

/// Whether the response shows Bitbucket authenticated the credential it was sent with.
pub fn recognised(r: &Response) -> bool {
    r.recognised()
}

/// Whether an answer is known to be Bitbucket's: bbdoctor saw it, the text shows the request
/// to a Bitbucket host it answered (requests elsewhere are set aside), or its body is one of
/// Bitbucket's. A status alone ("status code 503", "Jenkins: 429") may be any server's: a
/// tool's own, a proxy's, the CI's.
pub fn bitbucket_answered(ev: &Evidence, e: &crate::evidence::Exchange) -> bool {
    ev.live
        || e.request.is_some()
        || e.response
            .as_ref()
            .is_some_and(|r| r.message.is_some() || recognised(r))
}

/// Pasted text that shows responses but none of the credentials sent: the rules then reason
/// from what the prose names, and say which `check` would confirm it.
pub fn credential_unseen(ev: &Evidence) -> bool {
    !ev.live && !with_auth(ev).any(|(_, a)| !a.described)
}

/// Git in the same text had no credential to give (`could not read Username for
/// 'https://bitbucket.org': terminal prompts disabled`): a tool's unseen credential beside it
/// may well be none either.
pub fn git_had_none(ev: &Evidence) -> bool {
    ev.exchanges.iter().any(|e| {
        e.is_git()
            && e.request
                .as_ref()
                .is_some_and(|q| q.auth.is_none() && !q.auth_unseen)
    })
}

/// The credential as evidence: its header as shown, or what the post says of it.
pub fn header_line(a: &SentAuth) -> String {
    match a.described {
        true => format!(
            "the text describes {}, sent as {} (not shown)",
            a.kind.describe(),
            match (a.scheme.as_deref(), a.login.as_deref()) {
                (Some(s), Some(l)) => format!("{s} with the login {l}"),
                (Some(s), None) => s.to_string(),
                _ => "written".to_string(),
            }
        ),
        false => format!("Authorization: {}", a.redacted),
    }
}

/// The header as sent and as it should be, for a diff: only for a header the text shows.
pub fn shown_header(a: &SentAuth) -> Option<(String, String)> {
    (!a.described).then(|| super::fix::header_pair(a))
}

/// Whether the post names this kind of credential at all.
pub fn names_kind(ev: &Evidence, kind: Kind) -> bool {
    ev.claimed(&Claim::CredentialKind(kind))
}

/// Whether a credential (same redacted form) was recognised in any exchange.
pub fn recognised_anywhere(ev: &Evidence, auth: &SentAuth) -> bool {
    ev.exchanges.iter().any(|e| {
        e.auth().is_some_and(|a| a.redacted == auth.redacted)
            && e.response.as_ref().is_some_and(recognised)
    })
}

/// A refusal of the credential: 401, or git's 403 for the same reasons.
pub fn refused(r: &Response) -> bool {
    r.status == 401 || (r.status == 400 && r.says(BAD_HEADER))
}

/// Exchanges with this exact credential form.
pub fn exchanges_of<'a>(
    ev: &'a Evidence,
    auth: &'a SentAuth,
) -> impl Iterator<Item = &'a Exchange> + 'a {
    ev.exchanges
        .iter()
        .filter(move |e| e.auth().is_some_and(|a| a.redacted == auth.redacted))
}

/// Is the credential in the form Bitbucket documents for its kind?
pub fn form_ok(auth: &SentAuth, git: bool) -> bool {
    auth.documented_form(git)
}

/// The path of a URL (`/2.0/user`), or the whole string when it is not a URL.
pub fn path_of(url: &str) -> &str {
    let rest = crate::evidence::split_once_str(url, "://").map_or(url, |(_, r)| r);
    match (url.contains("://"), rest.find('/')) {
        (true, Some(i)) => &rest[i..],
        (true, None) => "/",
        (false, _) => url,
    }
}

/// A request to a user endpoint (`/2.0/user…`), which access tokens cannot use.
pub fn is_user_endpoint(url: &str) -> bool {
    let path = path_of(url);
    let path = path.strip_prefix("/2.0").unwrap_or(path);
    path == "/user" || path.starts_with("/user/") || path.starts_with("/user?")
}

/// One line that quotes an exchange: `GET /2.0/user with Bearer ATATT…(192 chars) → 401 "…"`.
pub fn quote(e: &Exchange) -> String {
    // Pasted text: where in it, so that a reader finds what the finding rests on.
    // Written into one string, not formatted piece by piece and copied (a quote for every
    // exchange of every report).
    use std::fmt::Write as _;
    let mut line = String::with_capacity(128);
    if let Some(n) = e.line {
        let _ = write!(line, "line {n}: ");
    }
    if let Some(req) = &e.request {
        let target = if req.url.is_empty() {
            "(URL not shown)".to_string()
        } else {
            path_of(&req.url).to_string()
        };
        let method = if req.method.is_empty() {
            "GET"
        } else {
            &req.method
        };
        let _ = write!(line, "{method} {target}");
        match &req.auth {
            Some(a) if a.described => line.push_str(" with a credential the text does not show"),
            Some(a) if a.kind != Kind::None => {
                line.push_str(" with ");
                line.push_str(&a.redacted);
            }
            // A log line shows the URL only: what the request carried is not known.
            None if req.auth_unseen => {}
            _ => line.push_str(" without credentials"),
        }
    } else {
        line.push_str("a response");
    }
    if let Some(r) = &e.response {
        let _ = write!(line, " → {}", r.status);
        if let Some(m) = &r.message {
            let _ = write!(line, " \"{}\"", shorten(m, 100));
        } else if r.is_success() && r.private == Some(false) {
            line.push_str(" (a public repository)");
        }
    } else if let Some(f) = &e.failure {
        let _ = write!(line, " → failed: {}", shorten(f.message(), 100));
    }
    line
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    // At a word's end, so the quote does not end mid-word.
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// How the date the evidence speaks of is known ([`crate::facts::date`]).
pub fn date_known(ev: &Evidence) -> Strength {
    crate::facts::date(ev)
}

/// The date the evidence speaks of: the server's, the post's, or today's.
pub fn today(ev: &Evidence) -> String {
    ev.today.clone().unwrap_or_else(crate::clock::today)
}

//! CI preflight rules: what the user required of the credential (`check --require-scope`,
//! `--require-permission`) against what the evidence shows it has. They fire only when asked;
//! a requirement that cannot be confirmed fails too, since a preflight that passes without
//! proof would let the pipeline fail later with a worse message.

use super::look::{examined_kind, quote, recognised};
use super::{Match, Rule, Severity, fix};
use crate::credential::Kind;
use crate::evidence::{Evidence, Permission};
use crate::scopes;

pub const REQUIRED_SCOPE_MISSING: Rule = Rule {
    id: "required-scope-missing",
    severity: Severity::Error,
    title: "The credential lacks a scope the check requires",
    explanation: "The check was asked to require scopes (--require-scope) and the credential does \
        not hold them all. Bitbucket shows the scopes a credential holds in the x-oauth-scopes \
        header of an accepted request and in the body of a 403 for a missing scope; API-token \
        scopes never imply each other.",
    fix: "Create a credential with the required scopes: an API token's or an access token's \
        scopes cannot be changed after creation. For an OAuth consumer, add them in its \
        settings and get a new access token.",
    page: include_str!("../../docs/findings/required-scope-missing.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: required_scope_missing,
};

/// What the evidence says the credential holds.
enum Held {
    /// Listed by Bitbucket (`x-oauth-scopes`, or a 403's `detail.granted`).
    Listed(Vec<String>, String),
    /// At least these: the scopes of the operations that answered it.
    AtLeast(Vec<String>),
}

fn held(ev: &Evidence, kind: Kind) -> Held {
    let mine = |e: &crate::evidence::Exchange| e.auth().is_some() && !e.is_git();
    for (e, r) in ev.responses().filter(|(e, _)| mine(e)) {
        if !r.granted.is_empty() {
            return Held::Listed(r.granted.clone(), format!("granted in {}", quote(e)));
        }
        if recognised(r)
            && let Some(h) = r.header("x-oauth-scopes")
        {
            return Held::Listed(
                r.header_scopes("x-oauth-scopes"),
                format!("x-oauth-scopes of {}: {h}", quote(e)),
            );
        }
    }
    let mut at_least: Vec<String> = Vec::new();
    for (e, _) in ev.responses().filter(|(e, r)| mine(e) && r.is_success()) {
        let Some(req) = &e.request else { continue };
        if let Some(op) = scopes::lookup(&req.method, super::path_of(&req.url)) {
            let needed = match kind {
                Kind::ApiToken => &op.granular,
                _ => &op.legacy,
            };
            at_least.extend(needed.iter().map(|s| s.to_string()));
        }
    }
    at_least.sort();
    at_least.dedup();
    Held::AtLeast(at_least)
}

/// The scopes the evidence shows the credential holds, and whether Bitbucket listed them (else
/// they are only the least the answered operations needed).
pub(crate) fn scopes_held(ev: &Evidence, kind: Kind) -> (Vec<String>, bool) {
    match held(ev, kind) {
        Held::Listed(g, _) => (g, true),
        Held::AtLeast(g) => (g, false),
    }
}

/// The repository permission the evidence shows: the permission probe's answer, an access
/// token's scopes, or at least read when the repository answered the credential.
pub(crate) fn permission_held(ev: &Evidence, kind: Kind) -> Option<Permission> {
    let probed = ev
        .answer("permission")
        .and_then(|r| r.permission.as_deref())
        .and_then(Permission::parse);
    let from_scopes = || {
        (kind == Kind::AccessToken)
            .then(|| {
                ev.responses()
                    .find(|(e, r)| {
                        e.auth().is_some() && !e.is_git() && r.is_success() && recognised(r)
                    })
                    .and_then(|(_, r)| {
                        let list = r.header_scopes("x-oauth-scopes");
                        permission_of_scopes(&list.iter().map(String::as_str).collect::<Vec<_>>())
                    })
            })
            .flatten()
    };
    let repo_read = ["repo", "repo-fixed"].iter().any(|n| {
        ev.answer(n)
            .is_some_and(|r| r.is_success() && recognised(r))
    });
    probed
        .or_else(from_scopes)
        .or(repo_read.then_some(Permission::Read))
}

fn required_scope_missing(ev: &Evidence) -> Option<Match> {
    let required = &ev.requirements.scopes;
    if required.is_empty() {
        return None;
    }
    let kind = examined_kind(ev);
    let mut evidence = vec![format!("required: {}", required.join(", "))];
    let (granted, listed) = match held(ev, kind) {
        Held::Listed(g, line) => {
            evidence.push(line);
            (g, true)
        }
        Held::AtLeast(g) => {
            evidence.push(match g.is_empty() {
                true => "Bitbucket showed none of the credential's scopes".to_string(),
                false => format!(
                    "at least (from the operations that answered): {}",
                    g.join(", ")
                ),
            });
            (g, false)
        }
    };
    let granted_refs: Vec<&str> = granted.iter().map(String::as_str).collect();
    let missing: Vec<&str> = required
        .iter()
        .map(String::as_str)
        .filter(|s| !scopes::legacy_implies(&granted_refs, s))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut detail = match listed {
        true => format!("Missing: {}.", missing.join(", ")),
        false => format!(
            "Not confirmed: {}. No answer listed the credential's scopes{}.",
            missing.join(", "),
            if ev.exchanges.iter().any(|e| e.auth().is_some()) {
                ""
            } else {
                " (no credential was sent)"
            }
        ),
    };
    let other_vocabulary = missing.iter().any(|s| match kind {
        Kind::ApiToken => !scopes::is_granular(s),
        Kind::None | Kind::Unknown => false,
        _ => scopes::is_granular(s),
    });
    if other_vocabulary {
        detail.push_str(match kind {
            Kind::ApiToken => {
                " API tokens hold granular scopes (read:repository:bitbucket); require those."
            }
            _ => {
                " This kind of credential holds legacy scopes (repository:write); granular \
                 scopes (…:bitbucket) are for API tokens."
            }
        });
    }
    Some(Match {
        evidence,
        detail: Some(detail),
        command: Some(fix::create_token_hint(kind).to_string()),
        ..Match::default()
    })
}

pub const REQUIRED_PERMISSION_MISSING: Rule = Rule {
    id: "required-permission-missing",
    severity: Severity::Error,
    title: "Repository permission below the one required",
    explanation: "The check was asked to require a repository permission (--require-permission) \
        and the credential's user has less on this repository, or Bitbucket did not show \
        enough to confirm it.",
    fix: "Ask a workspace or repository admin for the permission (Repository settings → \
        Repository permissions), or use a credential whose user has it; an access token's \
        permission comes from its scopes (repository, repository:write, repository:admin).",
    page: include_str!("../../docs/findings/required-permission-missing.md"),
    quiet_when: &[],
    unreachable: false,
    matcher: required_permission_missing,
};

/// The permission an access token's legacy scopes give on its repository.
fn permission_of_scopes(scopes: &[&str]) -> Option<Permission> {
    [
        ("repository:admin", Permission::Admin),
        ("repository:write", Permission::Write),
        ("repository", Permission::Read),
    ]
    .into_iter()
    .find(|(scope, _)| scopes::legacy_implies(scopes, scope))
    .map(|(_, p)| p)
}

fn required_permission_missing(ev: &Evidence) -> Option<Match> {
    let need = ev.requirements.permission?;
    let kind = examined_kind(ev);
    let mut evidence = vec![format!("required: {}", need.as_str())];
    let probe = ev.probe("permission");
    let has: Option<Permission> = if let Some(p) = probe {
        evidence.push(quote(p));
        p.response
            .as_ref()
            .and_then(|r| r.permission.as_deref())
            .and_then(Permission::parse)
    } else if kind == Kind::AccessToken {
        let answered = ev
            .responses()
            .find(|(e, r)| e.auth().is_some() && !e.is_git() && r.is_success() && recognised(r));
        answered.and_then(|(e, r)| {
            let list = r.header_scopes("x-oauth-scopes");
            evidence.push(format!(
                "x-oauth-scopes of {}: {}",
                quote(e),
                list.join(", ")
            ));
            permission_of_scopes(&list.iter().map(String::as_str).collect::<Vec<_>>())
        })
    } else {
        None
    };
    // The repository itself answered the credential: at least read.
    let repo_read = ["repo", "repo-fixed"].iter().any(|n| {
        ev.answer(n)
            .is_some_and(|r| r.is_success() && recognised(r))
    });
    let has = has.or(repo_read.then_some(Permission::Read));
    if has.is_some_and(|h| h >= need) {
        return None;
    }
    let detail = match has {
        Some(h) => format!(
            "The credential has {} permission, not {}.",
            h.as_str(),
            need.as_str()
        ),
        None => format!(
            "Not confirmed: Bitbucket showed no {} permission for this credential on the \
             repository.",
            need.as_str()
        ),
    };
    Some(Match {
        evidence,
        detail: Some(detail),
        ..Match::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_permission_from_scopes() {
        assert_eq!(
            permission_of_scopes(&["pullrequest:write"]),
            Some(Permission::Write)
        );
        assert_eq!(
            permission_of_scopes(&["repository:admin"]),
            Some(Permission::Admin)
        );
        assert_eq!(permission_of_scopes(&["project"]), Some(Permission::Read));
        assert_eq!(permission_of_scopes(&["account"]), None);
    }
}

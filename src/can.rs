//! `check --can OPERATION…` over HTTPS (design.md §3, like `kubectl auth can-i`): each operation
//! is a REST operation of Bitbucket's OpenAPI document, whose scopes the generated table
//! ([`crate::scopes`]) gives for each kind of credential, and the least repository permission
//! it needs. The answer is yes or no per operation, with why; any no fails the check (exit 1)
//! through the preflight requirements the operations add.

use crate::credential::Kind;
use crate::evidence::{Evidence, Permission};

/// One operation a user may ask about.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// The word on the command line: `clone`, `push`, `read-prs`, …
    pub name: &'static str,
    /// The REST operation whose scopes it needs (method, path as in the spec, under `/2.0`).
    pub method: &'static str,
    pub path: &'static str,
    /// The least repository permission its user needs.
    pub permission: Permission,
}

const fn op(
    name: &'static str,
    method: &'static str,
    path: &'static str,
    permission: Permission,
) -> Operation {
    Operation {
        name,
        method,
        path,
        permission,
    }
}

/// The operations `--can` knows. git borrows the scopes of reading and writing a repository's
/// content (S-SPEC narrative: the `repository` scope gives "clone over HTTPS", `repository:write`
/// "push access over HTTPS"), as the simulator does.
pub static OPERATIONS: &[Operation] = &[
    op("clone", "GET", "/repositories/w/r/src", Permission::Read),
    op("fetch", "GET", "/repositories/w/r/src", Permission::Read),
    op("push", "POST", "/repositories/w/r/src", Permission::Write),
    op(
        "read-prs",
        "GET",
        "/repositories/w/r/pullrequests",
        Permission::Read,
    ),
    // Opening a pull request needs read on the repository (its branch is pushed apart).
    op(
        "write-prs",
        "POST",
        "/repositories/w/r/pullrequests",
        Permission::Read,
    ),
    op(
        "read-pipelines",
        "GET",
        "/repositories/w/r/pipelines",
        Permission::Read,
    ),
    op(
        "run-pipelines",
        "POST",
        "/repositories/w/r/pipelines",
        Permission::Write,
    ),
    op("admin", "PUT", "/repositories/w/r", Permission::Admin),
];

/// The operation a word names.
pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}

/// Every operation's word, for a usage error.
pub fn names() -> String {
    OPERATIONS
        .iter()
        .map(|o| o.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The scopes a credential of this kind needs for the operation: API tokens hold the granular
/// scopes, every other kind the legacy ones (the OpenAPI table).
pub fn scopes_for(op: &Operation, kind: Kind) -> Vec<String> {
    let Some(spec) = crate::scopes::lookup(op.method, &format!("/2.0{}", op.path)) else {
        return Vec::new();
    };
    let list = match kind {
        Kind::ApiToken => &spec.granular,
        _ => &spec.legacy,
    };
    list.iter().map(|s| s.to_string()).collect()
}

/// The answer for one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub operation: &'static str,
    pub allowed: bool,
    /// Why, in a short phrase: the scopes and the permission seen, or what is missing.
    pub why: String,
}

/// Answer every operation the check was asked about.
pub fn answer(ev: &Evidence) -> Vec<Answer> {
    // Asked of every report (explain's too), and most ask nothing.
    if ev.requirements.can.is_empty() {
        return Vec::new();
    }
    let kind = crate::rules::look_kind(ev);
    let works = ev.responses().any(|(e, r)| {
        e.auth().is_some_and(|a| a.kind != Kind::None) && r.is_success() && r.recognised()
    });
    let (held, listed) = crate::rules::preflight::scopes_held(ev, kind);
    let held_refs: Vec<&str> = held.iter().map(String::as_str).collect();
    let permission = crate::rules::preflight::permission_held(ev, kind);
    ev.requirements
        .can
        .iter()
        .filter_map(|name| find(name))
        .map(|op| {
            if !works {
                return Answer {
                    operation: op.name,
                    allowed: false,
                    why: "the credential did not work here".into(),
                };
            }
            let needed = scopes_for(op, kind);
            let missing: Vec<&str> = needed
                .iter()
                .map(String::as_str)
                .filter(|s| !crate::scopes::legacy_implies(&held_refs, s))
                .collect();
            let enough = permission.is_some_and(|p| p >= op.permission);
            let why = match (missing.is_empty(), enough) {
                (true, true) => format!(
                    "scopes {}; permission {}",
                    needed.join(", "),
                    permission.map_or("?", Permission::as_str)
                ),
                (false, _) => format!(
                    "{} scope {}",
                    if listed { "missing" } else { "not confirmed:" },
                    missing.join(", ")
                ),
                (true, false) => format!(
                    "needs {} permission; {}",
                    op.permission.as_str(),
                    match permission {
                        Some(p) => format!("has {}", p.as_str()),
                        None => "none was shown".to_string(),
                    }
                ),
            };
            Answer {
                operation: op.name,
                allowed: missing.is_empty() && enough,
                why,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_scopes_in_the_table() {
        for op in OPERATIONS {
            assert!(!scopes_for(op, Kind::ApiToken).is_empty(), "{}", op.name);
            assert!(!scopes_for(op, Kind::AccessToken).is_empty(), "{}", op.name);
        }
        assert_eq!(
            scopes_for(find("push").unwrap(), Kind::ApiToken),
            ["write:repository:bitbucket"]
        );
        assert_eq!(
            scopes_for(find("read-prs").unwrap(), Kind::OauthToken),
            ["pullrequest"]
        );
    }
}

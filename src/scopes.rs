//! Which scopes each Bitbucket REST operation needs, and which legacy scopes imply others.
//!
//! The table is `scopes.tsv`, generated from Bitbucket's own OpenAPI document by
//! `examples/gen_scope_table.rs` (never hand-edited; `tests/scopes_table.rs` regenerates it and
//! fails on any difference). Two vocabularies live side by side (fact sheet §7, §8.1):
//! - *legacy* OAuth 2 scopes (`security[].oauth2`): OAuth consumers, access tokens and app
//!   passwords; these imply one another (B10, [`legacy_implies`]);
//! - *granular* scopes (`x-atlassian-oauth2-scopes`, e.g. `read:repository:bitbucket`): API tokens
//!   and Forge apps; these never imply one another.

use std::sync::LazyLock;

/// One REST operation of the Bitbucket Cloud API (one row of `scopes.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// Path template as in the spec, without `/2.0`, e.g. `/repositories/{workspace}/{repo_slug}`.
    pub path: &'static str,
    /// Legacy OAuth 2 scopes, all required (e.g. `repository`). Empty: no legacy scope declared.
    pub legacy: Vec<&'static str>,
    /// API-token / Forge scopes, all required (e.g. `read:repository:bitbucket`).
    pub granular: Vec<&'static str>,
    /// `x-atlassian-auth-types`, e.g. `forge-oauth2`, `api-token`.
    pub auth_types: Vec<&'static str>,
    /// The spec marks the operation deprecated.
    pub deprecated: bool,
}

const TABLE: &str = include_str!("scopes.tsv");

static OPERATIONS: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    TABLE
        .lines()
        .skip(1) // header
        .filter(|line| !line.is_empty())
        .map(parse_row)
        .collect()
});

fn parse_row(line: &'static str) -> Operation {
    let mut cols = line.split('\t');
    let mut next = || cols.next().unwrap_or("");
    let list = |s: &'static str| s.split(',').filter(|x| !x.is_empty()).collect();
    Operation {
        method: next(),
        path: next(),
        legacy: list(next()),
        granular: list(next()),
        auth_types: list(next()),
        deprecated: next() == "deprecated",
    }
}

/// Each operation's path template cut into segments, once: [`lookup`] runs for every request a
/// report shows, and cutting every template anew was most of its cost.
static TEMPLATES: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| OPERATIONS.iter().map(|op| segments(op.path)).collect());

/// Every operation in the table.
pub fn operations() -> &'static [Operation] {
    &OPERATIONS
}

/// Finds the operation serving a concrete request path.
///
/// `path` may carry the `/2.0` prefix, a query string and a trailing slash:
/// `/2.0/repositories/acme/widgets?x=1` and `/repositories/acme/widgets` both find
/// `/repositories/{workspace}/{repo_slug}`. Where several templates match, literal segments beat
/// `{param}` segments, leftmost first (so `/workspaces/{workspace}/projects` is not taken for
/// `/workspaces/{workspace}/{something}`). A final `{path}` parameter spans the rest of the path,
/// as file paths in `/src/{commit}/{path}` do. `HEAD` is looked up as `GET`.
pub fn lookup(method: &str, path: &str) -> Option<&'static Operation> {
    let method = match method.to_ascii_uppercase().as_str() {
        "HEAD" => "GET".to_string(),
        other => other.to_string(),
    };
    let segments = segments(api_path(path)?);
    OPERATIONS
        .iter()
        .zip(TEMPLATES.iter())
        .filter(|(op, _)| op.method == method)
        .filter_map(|(op, parts)| specificity(parts, &segments).map(|score| (score, op)))
        .max_by(|(a, _), (b, _)| a.cmp(b))
        .map(|(_, op)| op)
}

/// The path relative to the API root: query and fragment removed, an optional `/2.0` prefix
/// stripped. `None` when another API version is named (`/1.0/...`).
fn api_path(path: &str) -> Option<&str> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    match path.strip_prefix("/2.0") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Some(rest),
        Some(_) => None,
        None if path.starts_with("/1.0") => None,
        None => Some(path),
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// How well a template matches: `None` if it does not; otherwise one flag per segment (literal =
/// true), compared lexicographically so that an earlier literal wins.
fn specificity(parts: &[&str], concrete: &[&str]) -> Option<Vec<bool>> {
    let spans_rest = parts.last() == Some(&"{path}");
    let fits = if spans_rest {
        concrete.len() >= parts.len()
    } else {
        concrete.len() == parts.len()
    };
    if !fits {
        return None;
    }
    parts
        .iter()
        .zip(concrete)
        .map(|(part, seg)| {
            let is_param = part.starts_with('{') && part.ends_with('}');
            (is_param || part == seg).then_some(!is_param)
        })
        .collect()
}

/// The legacy scopes a legacy scope grants besides itself, as stated by the spec's narrative
/// (`bitbucket-openapi/auth-narrative.md`, "OAuth 2.0 scopes"; fact sheet B10).
fn implied(scope: &str) -> &'static [&'static str] {
    match scope {
        // "This scope implicitly grants the `repository` scope" (#### repository:write).
        "repository:write" => &["repository"],
        // "This scope implies the `repository` scope" (#### pullrequest).
        "pullrequest" => &["repository"],
        // "Implicitly grants the `pullrequest` scope ... also implicitly grants the
        // `repository:write` scope" (#### pullrequest:write).
        "pullrequest:write" => &["pullrequest", "repository:write"],
        // "This scope implies the `repository` scope" (#### project).
        "project" => &["repository"],
        // "This scope implicitly grants the `issue` scope" (#### issue:write).
        "issue:write" => &["issue"],
        // "This scope implicitly grants the `snippet` scope" (#### snippet:write).
        "snippet:write" => &["snippet"],
        // NOT stated by the narrative (which only says "Ability to change properties on the
        // user's account"); taken from the app-password permission levels, where Write sits
        // above Read (support.atlassian.com/bitbucket-cloud/docs/app-password-permissions).
        "account:write" => &["account"],
        // `repository:admin` "doesn't implicitly grant the `repository` or the
        // `repository:write` scopes"; `project:admin` "doesn't implicitly grant the `project`
        // scope or the `repository:write` scope". Everything else implies nothing.
        _ => &[],
    }
}

/// True when the `granted` scopes include `needed`, directly or by implication.
///
/// Legacy scopes imply others (B10: `pullrequest:write` ⇒ `pullrequest` + `repository:write` ⇒
/// `repository`); granular API-token scopes never do ("`write:repository:bitbucket` does not
/// implicitly grant access to `read:repository:bitbucket`"), so for them this is plain
/// membership.
pub fn legacy_implies(granted: &[&str], needed: &str) -> bool {
    fn reaches(scope: &str, needed: &str, depth: u8) -> bool {
        scope == needed
            || (depth < 8 && implied(scope).iter().any(|s| reaches(s, needed, depth + 1)))
    }
    granted.iter().any(|scope| reaches(scope, needed, 0))
}

/// The scopes of `needed` that `granted` does not cover (after legacy implication): what a 403
/// "lack one or more required privilege scopes" lists as `required` (fact sheet R5).
pub fn missing<'a>(granted: &[&str], needed: &[&'a str]) -> Vec<&'a str> {
    needed
        .iter()
        .copied()
        .filter(|scope| !legacy_implies(granted, scope))
        .collect()
}

/// Whether some operation declares this scope, in either vocabulary (a typo in a CI preflight's
/// `--require-scope` must fail loudly, not pass as "not granted").
pub fn is_known(scope: &str) -> bool {
    OPERATIONS
        .iter()
        .any(|op| op.legacy.contains(&scope) || op.granular.contains(&scope))
}

/// Granular scopes (`read:repository:bitbucket`) are the API tokens'; the others are legacy.
pub fn is_granular(scope: &str) -> bool {
    scope.ends_with(":bitbucket")
}

/// The permission a scope is called in Bitbucket's token settings, as the box to tick:
/// `pullrequest` is "Pull requests: Read", `read:pullrequest:bitbucket` too. Access tokens and app
/// passwords list legacy scopes this way ("Read — Equivalent to the repository API scope",
/// support.atlassian.com/bitbucket-cloud/docs/repository-access-token-permissions/), API tokens
/// their granular ones (support.atlassian.com/bitbucket-cloud/docs/api-token-permissions/).
pub fn permission_label(scope: &str) -> Option<String> {
    let (area, level) = match scope.strip_suffix(":bitbucket") {
        Some(granular) => {
            let (level, area) = granular.split_once(':')?;
            (area, level)
        }
        None => scope.split_once(':').unwrap_or((scope, "read")),
    };
    let area = match area {
        "repository" => "Repositories",
        "pullrequest" => "Pull requests",
        "project" => "Projects",
        "workspace" => "Workspaces",
        "user" => "User data",
        "account" => "Account",
        "email" => return Some("Account: Email".into()),
        "team" => "Workspace membership",
        "pipeline" => "Pipelines",
        "runner" => "Runners",
        "issue" => "Issues",
        "wiki" => return Some("Wikis: Read and write".into()),
        "webhook" if !scope.ends_with(":bitbucket") => {
            return Some("Webhooks: Read and write".into());
        }
        "webhook" => "Webhooks",
        "snippet" => "Snippets",
        "ssh-key" => "SSH keys",
        "gpg-key" => "GPG keys",
        "permission" => "Permissions",
        _ => return None,
    };
    let level = match level {
        "read" => "Read",
        "write" => "Write",
        "admin" => "Admin",
        "delete" => "Delete",
        "variable" => "Edit variables",
        _ => return None,
    };
    Some(format!("{area}: {level}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str) -> &'static Operation {
        lookup(method, path).unwrap_or_else(|| panic!("no operation for {method} {path}"))
    }

    #[test]
    fn known_scopes_in_both_vocabularies() {
        assert!(is_known("repository:write"));
        assert!(is_known("read:repository:bitbucket"));
        assert!(!is_known("read:repo"));
        assert!(is_granular("read:repository:bitbucket"));
        assert!(!is_granular("repository"));
    }

    #[test]
    fn scopes_are_named_as_the_token_settings_name_them() {
        let label = |s| permission_label(s);
        assert_eq!(label("pullrequest").as_deref(), Some("Pull requests: Read"));
        assert_eq!(
            label("pullrequest:write").as_deref(),
            Some("Pull requests: Write")
        );
        assert_eq!(
            label("repository:admin").as_deref(),
            Some("Repositories: Admin")
        );
        assert_eq!(
            label("pipeline:variable").as_deref(),
            Some("Pipelines: Edit variables")
        );
        assert_eq!(
            label("webhook").as_deref(),
            Some("Webhooks: Read and write")
        );
        assert_eq!(
            label("read:pullrequest:bitbucket").as_deref(),
            Some("Pull requests: Read")
        );
        assert_eq!(
            label("admin:project:bitbucket").as_deref(),
            Some("Projects: Admin")
        );
        assert_eq!(
            label("read:ssh-key:bitbucket").as_deref(),
            Some("SSH keys: Read")
        );
        assert_eq!(label("read:repo"), None);
        assert_eq!(label("frobnicate"), None);
        // Every scope some operation needs has a name in the settings.
        for op in operations() {
            for s in op.legacy.iter().chain(&op.granular) {
                assert!(label(s).is_some(), "no settings name for {s}");
            }
        }
    }

    #[test]
    fn table_has_every_operation_of_the_spec() {
        assert_eq!(operations().len(), 331);
    }

    #[test]
    fn user_needs_account_or_read_user() {
        let user = op("GET", "/2.0/user");
        assert_eq!(user.path, "/user");
        assert_eq!(user.legacy, ["account"]);
        assert_eq!(user.granular, ["read:user:bitbucket"]);
        assert_eq!(user.auth_types, ["api-token"]);
        assert!(!user.deprecated);
    }

    #[test]
    fn repository_path_with_prefix_query_or_slash() {
        for path in [
            "/2.0/repositories/acme/widgets?x=1",
            "/repositories/acme/widgets",
            "/2.0/repositories/acme/widgets/",
        ] {
            let repo = op("GET", path);
            assert_eq!(repo.path, "/repositories/{workspace}/{repo_slug}", "{path}");
            assert_eq!(repo.legacy, ["repository"]);
            assert_eq!(repo.granular, ["read:repository:bitbucket"]);
        }
        assert_eq!(
            op("HEAD", "/2.0/repositories/acme/widgets").path,
            "/repositories/{workspace}/{repo_slug}"
        );
    }

    #[test]
    fn workspace_versus_workspaces() {
        let one = op("GET", "/2.0/workspaces/acme");
        assert_eq!(one.path, "/workspaces/{workspace}");
        assert!(one.legacy.is_empty());
        assert_eq!(one.granular, ["read:workspace:bitbucket"]);
        assert!(!one.deprecated);
        let all = op("GET", "/2.0/workspaces");
        assert_eq!(all.path, "/workspaces");
        assert_eq!(all.legacy, ["account"]);
        assert!(all.deprecated);
    }

    #[test]
    fn literal_segments_beat_parameters() {
        // `/repositories/{workspace}/{repo_slug}/pullrequests` must not be read as some
        // `/{param}` template of the same length.
        let prs = op("GET", "/2.0/repositories/acme/widgets/pullrequests");
        assert_eq!(
            prs.path,
            "/repositories/{workspace}/{repo_slug}/pullrequests"
        );
        assert_eq!(prs.legacy, ["pullrequest"]);
        let perms = op("GET", "/2.0/user/workspaces/acme/permissions/repositories");
        assert_eq!(
            perms.path,
            "/user/workspaces/{workspace}/permissions/repositories"
        );
        assert_eq!(perms.legacy, ["account", "repository"]);
    }

    #[test]
    fn trailing_path_parameter_spans_segments() {
        let file = op(
            "GET",
            "/2.0/repositories/acme/widgets/src/main/docs/README.md",
        );
        assert_eq!(
            file.path,
            "/repositories/{workspace}/{repo_slug}/src/{commit}/{path}"
        );
    }

    #[test]
    fn unknown_paths_and_versions_are_none() {
        assert_eq!(lookup("GET", "/2.0/nothing/here"), None);
        assert_eq!(lookup("GET", "/1.0/user"), None);
        assert_eq!(lookup("GET", "/2.0user"), None);
        assert_eq!(lookup("PATCH", "/2.0/user"), None);
    }

    #[test]
    fn legacy_implication_follows_the_narrative() {
        assert!(legacy_implies(&["repository:write"], "repository"));
        assert!(legacy_implies(&["pullrequest"], "repository"));
        assert!(legacy_implies(&["pullrequest:write"], "pullrequest"));
        assert!(legacy_implies(&["pullrequest:write"], "repository:write"));
        assert!(legacy_implies(&["pullrequest:write"], "repository"));
        assert!(legacy_implies(&["project"], "repository"));
        assert!(legacy_implies(&["account:write"], "account"));
        assert!(legacy_implies(&["issue:write"], "issue"));
        assert!(!legacy_implies(&["repository:admin"], "repository"));
        assert!(!legacy_implies(&["repository:admin"], "repository:write"));
        assert!(!legacy_implies(&["project:admin"], "project"));
        assert!(!legacy_implies(&["repository"], "repository:write"));
        assert!(!legacy_implies(&[], "repository"));
    }

    #[test]
    fn granular_scopes_never_imply_each_other() {
        let granted = ["write:repository:bitbucket", "admin:repository:bitbucket"];
        assert!(!legacy_implies(&granted, "read:repository:bitbucket"));
        assert!(legacy_implies(&granted, "write:repository:bitbucket"));
        assert_eq!(
            missing(
                &granted,
                &["read:repository:bitbucket", "write:repository:bitbucket"]
            ),
            ["read:repository:bitbucket"]
        );
    }
}

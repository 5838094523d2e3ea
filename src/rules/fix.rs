//! Ready-to-run corrected commands. They refer to secrets through environment variables, never
//! by value; a step that is no command is a `#` comment.

use super::look::path_of;
use crate::credential::{API_TOKEN_GIT_USER, Kind, TOKEN_GIT_USER};
use crate::evidence::{Evidence, Exchange, SentAuth};
use crate::source::GitStore;

pub const DEFAULT_API: &str = "https://api.bitbucket.org/2.0";
pub const DEFAULT_GIT: &str = "https://bitbucket.org";

/// The REST base to put in a fix: the one in use when it is a proper `/2.0` base (not the
/// web host's `bitbucket.org/api/2.0` or `/!api/2.0`).
pub fn api_base(ev: &Evidence) -> String {
    match ev.api_url.as_deref() {
        Some(u)
            if u.trim_end_matches('/').ends_with("/2.0") && !u.contains("://bitbucket.org/") =>
        {
            u.trim_end_matches('/').to_string()
        }
        _ => DEFAULT_API.to_string(),
    }
}

/// The URL a fix should call: the failing request's 2.0 path (for pasted text, the first REST
/// request the text shows: the user's own URL, path and query), else the target repository.
pub fn url_for(ev: &Evidence, e: Option<&Exchange>) -> String {
    let base = api_base(ev);
    let shown = || {
        ev.exchanges.iter().find(|x| {
            !x.is_git()
                && x.request.as_ref().is_some_and(|q| {
                    path_of(&q.url).starts_with("/2.0/") && !q.url.contains(".git")
                })
        })
    };
    let e = e.or_else(|| (!ev.live).then(shown).flatten());
    if let Some(req) = e.and_then(|e| e.request.as_ref())
        && let Some(rest) = path_of(&req.url).strip_prefix("/2.0")
        && !req.url.contains(".git")
    {
        return format!("{base}{rest}");
    }
    match &ev.target {
        Some(t) => t.api_url(&base),
        None => format!("{base}/repositories/{{workspace}}/{{repo_slug}}"),
    }
}

/// The kind a fix should assume: app and account passwords are replaced by API tokens.
fn fixed_kind(kind: Kind) -> Kind {
    match kind {
        Kind::AccessToken | Kind::OauthToken => kind,
        _ => Kind::ApiToken,
    }
}

/// Whether the fixed kind goes as Bearer on the REST API (`bitbucket::form`; else Basic with
/// the email, an API token's form).
fn bearer(kind: Kind) -> bool {
    crate::bitbucket::form(fixed_kind(kind), false).is_some_and(|f| f.scheme == "Bearer")
}

/// `curl` with the credential in the documented form for its kind.
pub fn curl(kind: Kind, url: &str) -> String {
    match bearer(kind) {
        true => format!("curl -H \"Authorization: Bearer $BITBUCKET_ACCESS_TOKEN\" {url}"),
        false => format!("curl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" {url}"),
    }
}

/// The correct header for a kind, redacted like the header as sent.
pub fn correct_header(kind: Kind, secret: &str) -> String {
    match bearer(kind) {
        true => format!("Authorization: Bearer {secret}"),
        false => format!("Authorization: Basic base64($BITBUCKET_EMAIL:{secret})"),
    }
}

/// The header as sent and as it should be, for a diff.
pub fn header_pair(auth: &SentAuth) -> (String, String) {
    (
        format!("Authorization: {}", auth.redacted),
        correct_header(auth.kind, &auth.secret_redacted),
    )
}

/// The clone URL with the git username this kind needs.
pub fn clone_url(ev: &Evidence, kind: Kind, username: Option<&str>) -> String {
    let static_user = crate::bitbucket::form(fixed_kind(kind), true)
        .is_some_and(|f| f.logins == [crate::credential::LoginForm::TokenAuth]);
    let user = match static_user {
        true => TOKEN_GIT_USER,
        false => username.unwrap_or(API_TOKEN_GIT_USER),
    };
    // The credential came from git's helper: the remote's own server (bitbucket.org, or the
    // simulator in tests).
    let base = ev.provenance.git.as_ref().map_or_else(
        || DEFAULT_GIT.to_string(),
        |s| format!("{}://{}", s.protocol, s.host),
    );
    match &ev.target {
        Some(t) => t.clone_url(&base, Some(user)),
        None => format!("https://{user}@bitbucket.org/{{workspace}}/{{repo_slug}}.git"),
    }
}

/// The `bbdoctor check` that would confirm a cause read from text.
pub fn check_command(ev: &Evidence, kind: Kind) -> String {
    let target = ev
        .target
        .as_ref()
        .map_or("WORKSPACE/REPO".to_string(), |t| t.to_string());
    let env = match kind {
        Kind::AccessToken | Kind::OauthToken => "BITBUCKET_ACCESS_TOKEN=…",
        Kind::AppPassword => "BITBUCKET_USERNAME=… BITBUCKET_APP_PASSWORD=…",
        _ => "BITBUCKET_EMAIL=… BITBUCKET_API_TOKEN=…",
    };
    format!("{env} bbdoctor check {target}")
}

/// Where each kind of credential is created, as a comment line a shell ignores: a step to do
/// in a browser is no command (a pasted block must not run "Create: command not found").
pub fn create_token_hint(kind: Kind) -> &'static str {
    match kind {
        Kind::AccessToken => {
            "# Create a new access token: the repository's, project's or workspace's settings, Access tokens"
        }
        Kind::OauthToken => "# Get a new access token from your OAuth consumer (refresh it)",
        _ => {
            "# Create an API token with scopes (Create API token with scopes → Bitbucket):\n# https://id.atlassian.com/manage-profile/security/api-tokens"
        }
    }
}

/// Where a secret of this kind is revoked, as a comment line a shell ignores.
pub fn revoke_at(kind: Kind) -> &'static str {
    match kind {
        Kind::AccessToken => {
            "# Revoke it in the repository, project or workspace settings: Access tokens"
        }
        Kind::OauthToken => "# Revoke it: the OAuth consumer's settings, or the app's access",
        Kind::AppPassword => "# Revoke it: https://bitbucket.org/account/settings/app-passwords/",
        Kind::AccountPassword | Kind::Unknown | Kind::None => {
            "# Change it: https://id.atlassian.com/manage-profile/security"
        }
        Kind::ApiToken => {
            "# Revoke it: https://id.atlassian.com/manage-profile/security/api-tokens"
        }
    }
}

/// What names the credential git stored for the repository, for `git credential reject`: the
/// helper's answer, else the host and path git's probe used, else bitbucket.org.
pub fn git_store(ev: &Evidence) -> GitStore {
    let probed = || {
        let url = ev
            .exchanges
            .iter()
            .filter(|e| e.is_git())
            .find_map(|e| e.request.as_ref())?
            .url
            .clone();
        let repo = url.split("/info/refs").next().unwrap_or(&url);
        GitStore::of_url(repo)
    };
    ev.provenance
        .git
        .clone()
        .or_else(probed)
        .unwrap_or_else(|| GitStore {
            protocol: "https".into(),
            host: "bitbucket.org".into(),
            path: ev.target.as_ref().map_or_else(
                || "{workspace}/{repo_slug}.git".to_string(),
                |t| format!("{}/{}.git", t.workspace, t.repo),
            ),
        })
}

/// git's side of a fix: forget the stored credential (git would keep sending it), point
/// `origin` at the username this kind needs, and fetch: git asks for the token.
pub fn git_steps(ev: &Evidence, kind: Kind, username: Option<&str>) -> String {
    let token = match fixed_kind(kind) {
        Kind::AccessToken | Kind::OauthToken => "access token",
        _ => "API token",
    };
    format!(
        "printf '{}' | git credential reject\ngit remote set-url origin {}\ngit fetch   # git asks for the password: paste the {token}",
        git_store(ev).input(),
        clone_url(ev, kind, username)
    )
}

/// Findings whose fix replaces or re-enters the credential: when it came from git's helper,
/// the stored copy must go too.
const REPLACES_CREDENTIAL: &[&str] = &[
    "token-checksum",
    "api-token-without-scopes",
    "app-password-retired",
    "app-password-with-email",
    "api-token-with-username",
    "account-password",
    "token-expired",
    "git-https-username",
    "missing-scope",
    "invalid-credentials",
];

/// A credential from git's helper serves git and, often, the REST API: the root cause's fix
/// covers both, the stored copy first.
pub fn cover_git_and_rest(id: &str, command: &mut Option<String>, ev: &Evidence, kind: Kind) {
    if ev.provenance.git.is_none() || !REPLACES_CREDENTIAL.contains(&id) {
        return;
    }
    let mut out = command.take().unwrap_or_default();
    if !out.contains("git credential reject") {
        out = format!(
            "{out}\n# git: forget the stored credential, then give the new one\n{}",
            git_steps(ev, kind, None)
        );
    }
    if !out.contains("curl ") {
        out = format!(
            "{out}\n# REST API: the same token, in the form the API takes\n{}",
            curl(kind, &url_for(ev, None))
        );
    }
    *command = Some(out.trim_start_matches('\n').to_string());
}

//! Bitbucket's own words: every message Bitbucket Cloud sends that bbdoctor reads, the status
//! that carries it on REST and over git, and the causes that give it; and how each kind of
//! credential must be sent. The one copy of them that explain, the rules and the verdict use
//! (the simulator keeps its own, as the oracle it is).

use crate::credential::{Kind, LoginForm};

/// How a kind of credential is sent, on the REST API and to git over HTTPS (fact sheet §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    /// The scheme word: `Basic` or `Bearer`.
    pub scheme: &'static str,
    /// The logins Basic takes (none for Bearer).
    pub logins: &'static [LoginForm],
}

/// The documented form of `kind` for the REST API, or for git when `git`; `None` for a kind
/// with no form (an account password, which Bitbucket no longer takes; no credential).
pub fn form(kind: Kind, git: bool) -> Option<Form> {
    const BASIC_EMAIL: Form = Form {
        scheme: "Basic",
        logins: &[LoginForm::Email],
    };
    const BEARER: Form = Form {
        scheme: "Bearer",
        logins: &[],
    };
    Some(match (kind, git) {
        // API tokens: the account email on REST; the username or the static name for git.
        (Kind::ApiToken, false) => BASIC_EMAIL,
        (Kind::ApiToken, true) => Form {
            scheme: "Basic",
            logins: &[LoginForm::Username, LoginForm::ApiTokenAuth],
        },
        // Access and OAuth tokens: Bearer on REST; `x-token-auth` for git.
        (Kind::AccessToken | Kind::OauthToken, false) => BEARER,
        (Kind::AccessToken | Kind::OauthToken, true) => Form {
            scheme: "Basic",
            logins: &[LoginForm::TokenAuth],
        },
        // App passwords (retired): the username, on REST and for git.
        (Kind::AppPassword, _) => Form {
            scheme: "Basic",
            logins: &[LoginForm::Username],
        },
        (Kind::AccountPassword | Kind::Unknown | Kind::None, _) => return None,
    })
}

/// A git username no credential's form takes (the account email: git answers it 401,
/// whatever the secret): git refuses it before the secret matters.
pub fn git_refuses_login(login: LoginForm) -> bool {
    [
        Kind::ApiToken,
        Kind::AppPassword,
        Kind::AccessToken,
        Kind::OauthToken,
    ]
    .into_iter()
    .all(|k| form(k, true).is_some_and(|f| !f.logins.contains(&login)))
}

/// A message Bitbucket sends, the status that carries it on REST and over git.
#[derive(Debug)]
pub struct Message {
    /// The fact sheet's row (R1, X2, G4…): what [`causes`] keys on.
    pub row: &'static str,
    /// Lower-case text that identifies it.
    pub needle: &'static str,
    /// The message as Bitbucket writes it, used when the text quotes only part of it.
    pub message: &'static str,
    pub status: u16,
    /// The status git reports when the message arrives as `remote:` lines.
    pub git_status: u16,
    /// Words any server may write ("Access token expired", "Resource not found"): Bitbucket's
    /// only where the text ties them to Bitbucket (its request, envelope, host or name).
    pub generic: bool,
    /// Only a changelog id (`CHANGE-3222`), as people name a change in prose ("Does CHANGE-3222
    /// affect us?", a link to the changelog): a mention, only stated, unless the rest of
    /// Bitbucket's line follows it (a message of its own, earlier in the table).
    pub named: bool,
}

const fn known(
    row: &'static str,
    needle: &'static str,
    message: &'static str,
    status: u16,
) -> Message {
    Message {
        row,
        needle,
        message,
        status,
        git_status: status,
        generic: false,
        named: false,
    }
}

/// [`known`], for words any server may write.
const fn generic(
    row: &'static str,
    needle: &'static str,
    message: &'static str,
    status: u16,
) -> Message {
    Message {
        generic: true,
        ..known(row, needle, message, status)
    }
}

/// A changelog id alone (see [`Message::named`]).
const fn named(row: &'static str, needle: &'static str, message: &'static str) -> Message {
    Message {
        named: true,
        ..known(row, needle, message, 410)
    }
}

/// Bitbucket's own words (fact sheet §4). Order matters: the more specific first.
/// From this day Bitbucket refuses an OAuth access token in the query string or body, 401
/// (CHANGE-3052; 2026-12 review, §1 row "OAuth 2.0 access token", §2 row 2026-05-04); before
/// it, the token there was read.
pub const QUERY_TOKEN_REFUSED: &str = "2026-05-04";

/// The OAuth token endpoint's own refusals (fact sheet §4.3 and X8): a bad consumer key or
/// secret, a refresh token already used or never issued, a grant it does not take.
pub fn from_token_endpoint(m: &Message) -> bool {
    matches!(m.row, "4.3" | "X8")
}

pub static MESSAGES: &[Message] = &[
    known(
        "R1",
        needle::LOGIN_FAILED,
        "Login failed due to incorrect login credentials or method.",
        401,
    ),
    known(
        "R2",
        "stopped supporting account passwords for api authentication",
        "Bitbucket Cloud recently stopped supporting account passwords for API authentication.",
        401,
    ),
    known(
        "G3",
        "stopped supporting account passwords for git authentication",
        "Bitbucket Cloud recently stopped supporting account passwords for Git authentication.",
        401,
    ),
    // R2 and G3 go on with the same lines: a paste that kept only them (a tool cut the first)
    // says the same.
    known(
        "R2",
        "app passwords are recommended for most use cases",
        "Bitbucket Cloud recently stopped supporting account passwords. App passwords are recommended for most use cases.",
        401,
    ),
    known(
        "R2",
        "ba-p/1948231",
        "Bitbucket Cloud recently stopped supporting account passwords. See our community post for more details: https://atlassian.community/t5/x/x/ba-p/1948231",
        401,
    ),
    known(
        "R3-old",
        "token is invalid or not supported for this endpoint",
        "Token is invalid or not supported for this endpoint.",
        401,
    ),
    known(
        "R3",
        "token is invalid, expired, or not supported",
        "Token is invalid, expired, or not supported for this endpoint.",
        401,
    ),
    generic(
        "R3",
        needle::TOKEN_REFUSED,
        "Token is invalid, expired, or not supported for this endpoint.",
        401,
    ),
    known(
        "R4",
        "use your refresh token to obtain a new access token",
        "Access token expired. Use your refresh token to obtain a new access token.",
        401,
    ),
    generic(
        "R4",
        needle::TOKEN_EXPIRED,
        "Access token expired. Use your refresh token to obtain a new access token.",
        401,
    ),
    known(
        "R5",
        needle::LACKS_SCOPES,
        "Your credentials lack one or more required privilege scopes.",
        403,
    ),
    // Over git the current wording comes with "Authentication failed" (G1, 401).
    Message {
        git_status: 401,
        ..known(
            "R6",
            needle::NO_ACCESS,
            "You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.",
            404,
        )
    },
    Message {
        git_status: 403,
        ..known(
            "R6-2022",
            needle::NO_ACCESS_2022,
            "The requested repository either does not exist or you do not have access. If you believe this repository exists and you have access, make sure you're authenticated.",
            404,
        )
    },
    known(
        "R9",
        "rate limit for this resource has been exceeded",
        "Rate limit for this resource has been exceeded",
        429,
    ),
    known(
        "R12",
        "log in at https://id.atlassian.com/ to restore access",
        "Too many invalid password attempts. Log in at https://id.atlassian.com/ to restore access.",
        401,
    ),
    known(
        "R12",
        "try logging in through the website with your password",
        "Too many invalid password attempts. Try logging in through the website with your password.",
        401,
    ),
    generic(
        "R12",
        needle::LOCKED,
        "Too many invalid password attempts.",
        401,
    ),
    known(
        "X1",
        needle::RETIRED,
        "CHANGE-2770 - Functionality has been deprecated",
        410,
    ),
    known(
        "X2",
        "change-3222 - functionality",
        "CHANGE-3222 - Functionality has been deprecated",
        410,
    ),
    named(
        "X1",
        "change-2770",
        "CHANGE-2770 - Functionality has been deprecated",
    ),
    named(
        "X2",
        "change-3222",
        "CHANGE-3222 - Functionality has been deprecated",
    ),
    known(
        "X2",
        needle::APP_PASSWORD_GONE,
        "App passwords are deprecated and must be replaced with API tokens.",
        410,
    ),
    generic(
        "X1",
        "functionality has been deprecated",
        "Functionality has been deprecated",
        410,
    ),
    // The teams API's removal (2021–22): Bitbucket's words end with a link to its own API
    // documentation (without it, words any API may write).
    known(
        "X1",
        "this endpoint has been removed. see our documentation for more information. https://developer.atlassian.com/cloud/bitbucket",
        "This endpoint has been removed. See our documentation for more information.",
        404,
    ),
    known("X3", needle::API_V1_REMOVED, "Resource removed", 410),
    generic("X3", "resource removed", "Resource removed", 410),
    known("X4", needle::NO_API_HERE, "Resource not found", 404),
    generic("X4", "resource not found", "Resource not found", 404),
    known(
        "X5",
        "bad request invalid authorization header",
        "Bad Request Invalid Authorization header",
        400,
    ),
    generic(
        "X5",
        needle::BAD_HEADER,
        "Bad Request Invalid Authorization header",
        400,
    ),
    // X6 is seen as 401 or 403; the login is what failed.
    known(
        "X6",
        "account admin requires single sign-on",
        "Because your Atlassian account admin requires single sign-on, you'll need to authenticate with an app password.",
        401,
    ),
    generic(
        "X6",
        needle::REQUIRES_SSO,
        "Because your Atlassian account admin requires single sign-on, you'll need to authenticate with an app password.",
        401,
    ),
    // X7 (historic, git): the status is not shown; git asks for other credentials, as on 401.
    known(
        "X7",
        needle::ENABLED_TWO_STEP,
        "Because you enabled two-step verification for your Atlassian account, you'll need to authenticate with an app password.",
        401,
    ),
    // R8: the body is not in the fact sheet; harness/harness#3683 (2026) shows it with a 403
    // for a user with write but not admin access, and go get's 403 on a private repository
    // without credentials shows it too: a caller short of permission, whoever it is.
    known(
        "R8",
        needle::NEEDS_PERMISSION,
        "Access denied. You must have write or admin access.",
        403,
    ),
    // Not in the fact sheet: a workspace endpoint refusing a caller who cannot see the
    // workspace (renovatebot's Bitbucket docs: a bot without workspace membership, 401;
    // TeamCodeStream/codestream#1511: a repository admin outside the workspace, 403).
    known(
        "W1",
        needle::NO_WORKSPACE_ACCESS,
        "You do not have access to view this workspace.",
        403,
    ),
    known(
        "G4",
        needle::WHITELIST_IP,
        "To access this repository, an admin must whitelist your IP.",
        403,
    ),
    known(
        "G5",
        needle::ENABLE_TWO_STEP,
        "To access this repository, enable two-step authentication.",
        403,
    ),
    // §4.3, the OAuth token endpoint: RFC 6749 §5.2 errors are 400, as X8 and harness#1650 show.
    known(
        "4.3",
        "invalid oauth client credentials",
        "Invalid OAuth client credentials",
        400,
    ),
    known(
        "4.3",
        "requests must be authenticated using oauth client credentials",
        "Requests must be authenticated using OAuth client credentials",
        400,
    ),
    generic(
        "4.3",
        "unsupported grant type",
        "Unsupported grant type",
        400,
    ),
    known(
        "4.3",
        "invalid resource owner username/password",
        "Invalid resource owner username/password",
        400,
    ),
    generic("X8", "invalid refresh_token", "Invalid refresh_token", 400),
    known(
        "X8",
        "no callback uri defined",
        "No callback uri defined for the OAuth client.",
        400,
    ),
    known(
        "X8",
        "with a consumer marked as \"public\"",
        "Cannot use client_credentials with a consumer marked as \"public\".",
        400,
    ),
];

/// The needles the rules read Bitbucket's answers by, each a row's of [`MESSAGES`].
pub mod needle {
    pub const LOGIN_FAILED: &str = "login failed due to incorrect login credentials or method";
    pub const TOKEN_REFUSED: &str = "not supported for this endpoint";
    pub const TOKEN_EXPIRED: &str = "access token expired";
    pub const LACKS_SCOPES: &str = "lack one or more required privilege scopes";
    pub const NO_ACCESS: &str = "you may not have access to this repository or it no longer exists";
    pub const NO_ACCESS_2022: &str =
        "requested repository either does not exist or you do not have access";
    pub const LOCKED: &str = "too many invalid password attempts";
    /// The changelog id with the words after it: the id alone is how people name the change
    /// in prose ("Does CHANGE-3222 affect us?"), the whole line how Bitbucket answers.
    pub const RETIRED: &str = "change-2770 - functionality";
    pub const APP_PASSWORD_GONE: &str =
        "app passwords are deprecated and must be replaced with api tokens";
    pub const API_V1_REMOVED: &str = "this api is no longer supported";
    pub const NO_API_HERE: &str = "there is no api hosted at this url";
    pub const BAD_HEADER: &str = "invalid authorization header";
    pub const REQUIRES_SSO: &str = "requires single sign-on";
    pub const ENABLED_TWO_STEP: &str = "you enabled two-step verification";
    pub const NEEDS_PERMISSION: &str = "you must have write or admin access";
    pub const NO_WORKSPACE_ACCESS: &str = "you do not have access to view this workspace";
    pub const WHITELIST_IP: &str = "an admin must whitelist your ip";
    pub const ENABLE_TWO_STEP: &str = "enable two-step authentication";
}

/// What Bitbucket says when it turns a push down for its size, after taking the credential: the
/// 3.5 GB push limit ("remote: fatal: pack exceeds maximum allowed size", then git's `RPC failed;
/// HTTP 500`; Atlassian's announcement of 2022-03,
/// https://bitbucket.org/blog/git-push-size-limits-are-coming-to-bitbucket-cloud-starting-april-4th-2022)
/// and the 4 GB repository limit ("Repository is over the size limit (4 GB) and will not accept
/// further additions.", https://support.atlassian.com/bitbucket-cloud/docs/reduce-repository-size/).
/// Lower case, as read from `remote:` lines.
pub const PUSH_TOO_LARGE: &[&str] = &[
    "pack exceeds maximum allowed size",
    "is over the size limit",
];

/// Fragments shared by a family of messages, matched where any member will do.
pub mod family {
    /// R2 and G3, and what follows them: an account password refused.
    pub const ACCOUNT_PASSWORD_REFUSED: &str = "stopped supporting account passwords";
    /// X6 and X7: Bitbucket asks for an app password in place of the password sent.
    pub const USE_APP_PASSWORD: &str = "need to authenticate with an app password";
    /// G4 in the words Bitbucket may use now ("allowlist" for "whitelist").
    pub const IP_ALLOWLIST: &str = "allowlist";
}

/// The message `r`'s text holds, if any (the first in table order): what
/// `MESSAGES.iter().find(|m| r.says(m.needle))` answers, by one pass over each of its texts
/// (the rules ask it of every response, and a case-blind search per message cost 17 k
/// instructions a report).
pub fn said(r: &crate::evidence::Response) -> Option<&'static Message> {
    let texts = [r.message.as_deref(), Some(r.body.as_str()), r.implied];
    let first = texts
        .into_iter()
        .flatten()
        .filter_map(first_message)
        .min()?;
    Some(&MESSAGES[first])
}

/// The first row of [`MESSAGES`], in table order, whose needle `text` holds (ASCII letters
/// matched case-blind, as [`crate::evidence::Response::says`] does).
/// (Asked again and again of the same texts: the last answers are kept.)
fn first_message(text: &str) -> Option<usize> {
    thread_local! {
        static READ: std::cell::RefCell<crate::needles::Recent<Option<usize>>> =
            const { std::cell::RefCell::new(crate::needles::Recent::new()) };
    }
    READ.with_borrow_mut(|r| r.get(text, first_message_read))
}

/// [`first_message`] by one pass over `text`.
fn first_message_read(text: &str) -> Option<usize> {
    static NEEDLES: std::sync::OnceLock<crate::needles::Needles> = std::sync::OnceLock::new();
    let needles =
        NEEDLES.get_or_init(|| crate::needles::Needles::new(MESSAGES.iter().map(|m| m.needle)));
    let mut first: Option<usize> = None;
    needles.any(text, |row| {
        first = Some(first.map_or(row, |f| f.min(row)));
        // None comes before the first row.
        row == 0
    });
    first
}

/// The kind of credential a message answers, when only one kind gets it: an expired access
/// token is an OAuth one (R4), whatever a post calls it.
pub fn kind_answered(m: &Message) -> Option<crate::credential::Kind> {
    match m.row {
        "R4" => Some(crate::credential::Kind::OauthToken),
        _ => None,
    }
}

/// The causes (finding ids) that give this message: what a cause read from words must be told
/// apart from. Empty when the message names its cause.
pub fn causes(m: &Message) -> &'static [&'static str] {
    match m.row {
        // A Basic login refused.
        "R1" => &[
            "api-token-with-username",
            "app-password-with-email",
            "app-password-retired",
            "account-password",
            "invalid-credentials",
        ],
        // A token refused: an API token as Bearer, one without scopes, a revoked or expired one,
        // an access token on an endpoint it does not reach.
        "R3" | "R3-old" => &[
            "api-token-as-bearer",
            "api-token-without-scopes",
            "invalid-credentials",
            "access-token-wrong-resource",
        ],
        // A workspace the caller cannot see: not a member, a token of another workspace, or
        // no credential at all.
        "W1" => &[
            "no-repo-access",
            "token-workspace-restricted",
            "access-token-wrong-resource",
            "anonymous-request",
        ],
        // A private repository hidden from whoever cannot see it.
        "R6" | "R6-2022" => &[
            "anonymous-request",
            "no-repo-access",
            "repo-not-found",
            "access-token-wrong-resource",
        ],
        _ => &[],
    }
}

/// The cause a message names in its own words (the 2SV line, the scope body, the retirement
/// notices), when it names one.
pub fn names(m: &Message) -> Option<&'static str> {
    Some(match m.row {
        "G4" => "ip-not-allowed",
        "G5" => "two-step-or-sso",
        "R4" => "token-expired",
        "R5" => "missing-scope",
        "R9" => "rate-limited",
        "X1" => "endpoint-removed",
        "X2" => "app-password-retired",
        _ => return None,
    })
}

/// Other code forges: what their servers answer says nothing about Bitbucket (a git log often
/// fetches from several).
const OTHER_FORGES: &[&str] = &[
    "github.com",
    "gitlab.com",
    "dev.azure.com",
    "visualstudio.com",
    "codeberg.org",
    "gitea.com",
    "sr.ht",
    "sourceforge.net",
];

/// The `Server:` values Bitbucket Cloud's answers carry (`AtlassianEdge` since 2024, `envoy`
/// in Atlassian's 401 article, `nginx` until 2021): an answer naming another product (`kong/3.8`,
/// `Zscaler/6.2`, `Jetty(10.0.20)`) came from another server, whatever its words.
const SERVERS: &[&str] = &["atlassianedge", "envoy", "nginx"];

/// Whether a response's `Server:` header names a product Bitbucket Cloud does not answer with.
pub fn other_server(server: &str) -> bool {
    let product = server.trim().split(['/', ' ', '(']).next().unwrap_or("");
    !product.is_empty() && !SERVERS.iter().any(|s| product.eq_ignore_ascii_case(s))
}

/// The Atlassian sites Bitbucket's own messages link to (R1's "visit: https://developer…",
/// `id.atlassian.com` for tokens, the community): pages to read, never where a request went.
const LINKED_PAGES: [&str; 6] = [
    "id.atlassian.com",
    "developer.atlassian.com",
    "support.atlassian.com",
    "confluence.atlassian.com",
    "community.atlassian.com",
    "atlassian.community",
];

/// Whether `host` is one of the [`LINKED_PAGES`].
pub fn is_linked_page(host: &str) -> bool {
    LINKED_PAGES.contains(&host)
}

/// A host written as a placeholder (`$HOST`, `%HOST%`, `{host}`, `<your-server>`, as
/// [`host_of`] gives it): the text does not show the server.
pub fn placeholder_host(host: &str) -> bool {
    host.starts_with(['$', '%', '{', '<']) && !host.contains('.')
}

/// The host a URL (or a bare host, or git's `git@host:path`) names, in lower case, without its
/// user part or port.
pub fn host_of(url: &str) -> String {
    let rest = crate::evidence::split_once_str(url, "://").map_or(url, |(_, r)| r);
    // (ASCII bytes found by memchr: `split` at several `char`s decodes every character.)
    let authority =
        memchr::memchr3(b'/', b'?', b'#', rest.as_bytes()).map_or(rest, |at| &rest[..at]);
    let host =
        memchr::memrchr(b'@', authority.as_bytes()).map_or(authority, |at| &authority[at + 1..]);
    let host = memchr::memchr(b':', host.as_bytes()).map_or(host, |at| &host[..at]);
    host.to_ascii_lowercase()
}

/// Bitbucket Data Center's page on its HTTP access tokens, for requests that went to a
/// self-hosted Bitbucket (not Cloud's).
pub const DATA_CENTER_TOKENS: &str =
    "https://confluence.atlassian.com/bitbucketserver091/http-access-tokens-1443038354.html";

/// Whether a host is Bitbucket Cloud's (the website, the API, git over SSH), or the loopback
/// the simulator answers on.
pub fn is_cloud(host: &str) -> bool {
    matches!(
        host,
        "bitbucket.org"
            | "www.bitbucket.org"
            | "api.bitbucket.org"
            | "ssh.bitbucket.org"
            | "altssh.bitbucket.org"
    ) || is_loopback(host)
}

/// A loopback host: the machine's own (the simulator's, in tests).
pub fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

/// Whether Bitbucket serves a path of this shape: the REST API (`/2.0/…`, `/1.0/…`, the
/// website's `/!api/…`), OAuth (`/site/…`), git over HTTPS (`….git/…`, `info/refs`), or the
/// root. Loopback is the simulator's only with such a path; another path there is the
/// machine's own service (a health check, the app under test).
pub fn serves_path(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    ["", "/"].contains(&path)
        || ["/2.0", "/1.0", "/!api", "/api/", "/site/", INTERNAL_API]
            .iter()
            .any(|p| path.starts_with(p))
        || [".git", "/info/refs", "git-upload-pack", "git-receive-pack"]
            .iter()
            .any(|p| path.contains(p))
}

/// The API host's undocumented internal API (`https://api.bitbucket.org/internal/…`): it
/// takes the REST API's credentials (atlassian/atlascode reads pull-request tasks there with
/// its OAuth token, `src/bitbucket/bitbucket-cloud/pullRequests.ts`; Pipelines cache and
/// runner scripts call it with Basic auth), unlike the website's `/!api/…`.
pub const INTERNAL_API: &str = "/internal/";

/// The REST API's first path segments (the 2.0 spec's paths), for a path written without
/// its base URL (`session.get("/repositories/…")` after `base_url=…/2.0`).
const API_ROOTS: [&str; 8] = [
    "addon",
    "hook_events",
    "repositories",
    "snippets",
    "teams",
    "user",
    "users",
    "workspaces",
];

/// Whether a path written without its host may be Bitbucket's: one it serves, or one of the
/// REST API's resources.
pub fn may_serve_path(path: &str) -> bool {
    let first = path.trim_start_matches('/').split(['/', '?', '#']).next();
    serves_path(path) || first.is_some_and(|f| API_ROOTS.iter().any(|r| r.eq_ignore_ascii_case(f)))
}

/// The website's hosts: they serve the web and git over HTTPS, not the REST API.
pub fn is_website(host: &str) -> bool {
    matches!(host, "bitbucket.org" | "www.bitbucket.org")
}

/// Whether a URL (or a bare host) belongs to another forge: `https://github.com/…`,
/// `git@gitlab.com:…`, `https://x@dev.azure.com/…`.
pub fn other_forge(url: &str) -> bool {
    let host = host_of(url);
    OTHER_FORGES
        .iter()
        .any(|f| host == *f || host.strip_suffix(f).is_some_and(|h| h.ends_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_refusal_names_the_causes_it_allows() {
        let r = crate::evidence::Response::from_parts(
            401,
            &[],
            r#"{"type": "error", "error": {"message": "You do not have access to view this workspace."}}"#,
        );
        let m = said(&r).expect("a known message");
        assert!(causes(m).contains(&"no-repo-access"));
        assert!(causes(m).contains(&"anonymous-request"));
    }

    #[test]
    fn said_is_the_first_message_in_table_order() {
        // Each needle in its own case and in upper case, alone, inside text, and with another
        // needle before or after it in the text.
        let mut texts: Vec<String> = vec![String::new(), "nothing here".into()];
        for (i, m) in MESSAGES.iter().enumerate() {
            let other = MESSAGES[(i * 7 + 3) % MESSAGES.len()].needle;
            texts.push(m.needle.into());
            texts.push(format!("x {} y", m.needle.to_ascii_uppercase()));
            texts.push(format!("{other} {}", m.needle));
            texts.push(format!("{}{other}", m.needle));
            texts.push(m.needle[..m.needle.len() - 1].into());
        }
        for text in &texts {
            for (message, body, implied) in [
                (Some(text.clone()), String::new(), None),
                (None, text.clone(), None),
                (None, "a".into(), Some(MESSAGES[5].needle)),
                (Some("b".into()), text.clone(), Some(MESSAGES[9].message)),
            ] {
                let r = crate::evidence::Response {
                    message,
                    body,
                    implied,
                    ..Default::default()
                };
                let naive = MESSAGES.iter().find(|m| r.says(m.needle));
                assert_eq!(said(&r).map(|m| m.row), naive.map(|m| m.row), "{text:?}");
            }
        }
    }

    #[test]
    fn git_refuses_the_email_for_every_kind_and_no_other_login() {
        assert!(git_refuses_login(LoginForm::Email));
        for l in [
            LoginForm::Username,
            LoginForm::TokenAuth,
            LoginForm::ApiTokenAuth,
        ] {
            assert!(!git_refuses_login(l), "{l:?}");
        }
    }

    #[test]
    fn cloud_hosts_are_known() {
        for h in [
            "bitbucket.org",
            "api.bitbucket.org",
            "ssh.bitbucket.org",
            "127.0.0.1",
        ] {
            assert!(is_cloud(h), "{h}");
        }
        for h in [
            "bitbucket.corp.example.com",
            "github.com",
            "bitbucket.org.evil.com",
            "",
        ] {
            assert!(!is_cloud(h), "{h}");
        }
    }

    #[test]
    fn other_forges_are_told_apart_from_bitbucket() {
        assert!(other_forge("https://github.com/acme/widgets.git"));
        assert!(other_forge("https://x-access-token@github.com/acme/w"));
        assert!(other_forge("git@gitlab.com:acme/widgets.git"));
        assert!(other_forge("https://acme.visualstudio.com/_git/w"));
        assert!(!other_forge("https://bitbucket.org/acme/widgets.git"));
        assert!(!other_forge("https://api.bitbucket.org/2.0/user"));
        assert!(!other_forge("https://notgithub.com/x"));
        assert!(!other_forge("http://127.0.0.1:8080/acme/w.git"));
    }
}

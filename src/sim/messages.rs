//! Bitbucket's own words: every error body the simulator sends, verbatim from the fact sheet
//! (`bitbucket-auth-facts.md`), each with its row. Bodies marked NOT CONFIRMED are the
//! simulator's best guess where the fact sheet has only a status or nothing.

use super::json::{Json, obj, s, strs};

/// R1 (§4.1): Basic credentials refused. Plain text, with `www-authenticate: Basic
/// realm="Bitbucket.org HTTP"` (S-KB401).
pub const LOGIN_FAILED: &str = "Login failed due to incorrect login credentials or method.
For information on authentication methods for Bitbucket Cloud APIs, visit:
    https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication
If you are unsure of which login details or login method to use, visit:
    https://support.atlassian.com/bitbucket-cloud/docs/log-into-or-connect-to-bitbucket-cloud/";

/// The realm of Bitbucket's Basic challenge (S-KB401).
pub const BASIC_CHALLENGE: &str = "Basic realm=\"Bitbucket.org HTTP\"";

/// R2 (§4.1): account password used for REST (since 2022-03-01). Plain text.
pub const ACCOUNT_PASSWORD_REST: &str =
    "Bitbucket Cloud recently stopped supporting account passwords for API authentication.
See our community post for more details: https://atlassian.community/t5/x/x/ba-p/1948231
App passwords are recommended for most use cases and can be created in your Personal settings:
https://bitbucket.org/account/settings/app-passwords/
For more details on API authentication methods see our documentation:
https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication";

/// G3 (§4.2): account password used for git; git prints each line after `remote: `.
pub const ACCOUNT_PASSWORD_GIT: &str =
    "Bitbucket Cloud recently stopped supporting account passwords for Git authentication.
See our community post for more details: https://atlassian.community/t5/x/x/ba-p/1948231
App passwords are recommended for most use cases and can be created in your Personal settings:
https://bitbucket.org/account/settings/app-passwords/";

/// R3 (§4.1): Bearer token invalid, expired, or of a kind the endpoint does not take.
pub const TOKEN_INVALID: &str = "Token is invalid, expired, or not supported for this endpoint.";

/// R4 (§4.1): OAuth access token expired.
pub const ACCESS_TOKEN_EXPIRED: &str =
    "Access token expired. Use your refresh token to obtain a new access token.";

/// R5 (§4.1): credential valid, scope missing (also the git text G7).
pub const LACK_SCOPES: &str = "Your credentials lack one or more required privilege scopes.";

/// R6 (§4.1) and G1 (§4.2): repository missing, or private and not visible to the caller.
pub const NO_ACCESS_OR_MISSING: &str = "You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.";

/// R7 (§4.1): generic forbidden.
pub const FORBIDDEN: &str = "Forbidden";
/// The removed Issues and Wikis endpoints (2026-12 review, N2): the wording is NOT CONFIRMED.
pub const FEATURE_REMOVED: &str = "This feature has been removed from Bitbucket Cloud.";

/// R8 (§4.1): non-admin on an admin-only endpoint. Body NOT CONFIRMED: the spec's 403 text.
pub const NOT_REPO_ADMIN: &str = "The requesting user isn't an admin of the repository.";

/// Spec 403 text of `/user/workspaces/{workspace}/permission…`. Body NOT CONFIRMED.
pub const NO_WORKSPACE_ACCESS: &str = "The requesting user does not have access to the workspace.";

/// R9 (§4.1, §9): rate limited. Plain text, no Retry-After.
pub const RATE_LIMITED: &str = "Rate limit for this resource has been exceeded";

/// R12 (§4.1): too many refused logins (historic; status not shown in the source, 401 assumed).
pub const TOO_MANY_ATTEMPTS: &str =
    "Too many invalid password attempts. Log in at https://id.atlassian.com/ to restore access.";

/// G4 (§4.2, S-KB403GIT): workspace IP allowlist.
pub const IP_NOT_ALLOWED: &str = "To access this repository, an admin must whitelist your IP.";

/// G5 (§4.2, S-KB403GIT): workspace enforces two-step verification.
pub const ENABLE_TWO_STEP: &str = "To access this repository, enable two-step authentication.";

/// X2 (§4.4): git with an app password after the 2026 removal (410). Plain text.
pub const APP_PASSWORD_GONE_GIT: &str = "CHANGE-3222 - Functionality has been deprecated
App passwords are deprecated and must be replaced with API tokens.
https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-3222";

/// X5 (§4.4): a Basic header whose payload is not base64 of `login:secret`. Plain text.
pub const BAD_AUTHORIZATION_HEADER: &str = "Bad Request Invalid Authorization header";

/// The standard envelope `{"type": "error", "error": {"message": …}}` (§4).
pub fn error(message: &str) -> Json {
    obj([
        ("type", s("error")),
        ("error", obj([("message", s(message))])),
    ])
}

/// R5 with `detail.required` (the needed scopes the credential lacks) and `detail.granted`.
pub fn lack_scopes(required: &[&str], granted: &[&str]) -> Json {
    let detail = obj([("required", strs(required)), ("granted", strs(granted))]);
    obj([
        ("type", s("error")),
        (
            "error",
            obj([("message", s(LACK_SCOPES)), ("detail", detail)]),
        ),
    ])
}

/// X1 (§4.4): cross-workspace endpoints removed in 2026 (410).
pub fn change_2770() -> Json {
    obj([
        ("type", s("error")),
        (
            "error",
            obj([
                (
                    "message",
                    s("CHANGE-2770 - Functionality has been deprecated"),
                ),
                (
                    "detail",
                    s("Please read the changelog entry for more details."),
                ),
                (
                    "data",
                    obj([(
                        "announcement_url",
                        s("https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770"),
                    )]),
                ),
            ]),
        ),
    ])
}

/// X3 (§4.4): any API 1.0 endpoint (410).
pub fn api_v1_removed() -> Json {
    detailed(
        "Resource removed",
        "This API is no longer supported.\n\nFor information about its removal, please refer to the deprecation notice at: https://developer.atlassian.com/cloud/bitbucket/deprecation-notice-v1-apis/",
    )
}

/// X4 (§4.4): a path with no API behind it (404).
pub fn no_api_here() -> Json {
    detailed(
        "Resource not found",
        "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
    )
}

/// A missing workspace (404). Body NOT CONFIRMED; status from the spec ("If no workspace exists
/// for the specified name or UUID.").
pub fn no_workspace() -> Json {
    error("Resource not found")
}

/// `/2.0/user…` without credentials (401, spec: "When the request wasn't authenticated.").
/// Body NOT CONFIRMED: modelled on R7, whose message is the reason phrase.
pub fn unauthenticated() -> Json {
    error("Unauthorized")
}

/// A method other than GET or HEAD (405). Body NOT CONFIRMED.
pub fn method_not_allowed() -> Json {
    error("Method not allowed")
}

fn detailed(message: &str, detail: &str) -> Json {
    obj([
        ("type", s("error")),
        (
            "error",
            obj([("message", s(message)), ("detail", s(detail))]),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_the_fact_sheet_verbatim() {
        assert_eq!(
            error(TOKEN_INVALID).render(),
            r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#
        );
        assert_eq!(
            lack_scopes(&["read:user:bitbucket"], &["read:repository:bitbucket"]).render(),
            r#"{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes.", "detail": {"required": ["read:user:bitbucket"], "granted": ["read:repository:bitbucket"]}}}"#
        );
        assert_eq!(
            change_2770().render(),
            r#"{"type": "error", "error": {"message": "CHANGE-2770 - Functionality has been deprecated", "detail": "Please read the changelog entry for more details.", "data": {"announcement_url": "https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770"}}}"#
        );
        assert_eq!(RATE_LIMITED.len(), 46); // "Content-Length 46" in the 2019 log
        assert_eq!(LOGIN_FAILED.lines().count(), 5);
    }
}

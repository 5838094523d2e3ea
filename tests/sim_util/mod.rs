//! Helpers shared by the `sim_*` integration tests: a ureq agent that keeps 4xx/5xx as
//! answers, request shortcuts, and Bitbucket's texts as the fact sheet gives them, written out
//! here again (not imported from the simulator) so that a drift in the simulator fails a test.
#![allow(dead_code)] // each test file uses a different subset

use std::time::Duration;

use base64::Engine;
use bbdoctor::sim::{Sim, World};

/// One answer: status, headers (lower-case names) and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Loopback only: no proxy, no redirects followed, errors kept as answers.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

pub fn request(method: &str, url: &str, authorization: Option<&str>) -> Reply {
    let agent = agent();
    let result = match method {
        "GET" => with_auth(agent.get(url), authorization).call(),
        "HEAD" => with_auth(agent.head(url), authorization).call(),
        "DELETE" => with_auth(agent.delete(url), authorization).call(),
        "POST" => with_auth(agent.post(url), authorization).send_empty(),
        "PUT" => with_auth(agent.put(url), authorization).send_empty(),
        other => panic!("unsupported method {other}"),
    };
    let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

fn with_auth<B>(
    builder: ureq::RequestBuilder<B>,
    authorization: Option<&str>,
) -> ureq::RequestBuilder<B> {
    match authorization {
        Some(value) => builder.header("Authorization", value),
        None => builder,
    }
}

pub fn get(url: &str, authorization: Option<&str>) -> Reply {
    request("GET", url, authorization)
}

pub fn basic(login: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{login}:{secret}"))
    )
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The secret of a credential of the world, by id.
pub fn secret(world: &World, id: &str) -> String {
    world
        .credential(id)
        .unwrap_or_else(|| panic!("no credential {id}"))
        .secret
        .clone()
}

pub fn start(world: World) -> Sim {
    Sim::start(world).expect("simulator starts")
}

pub const PAT_EMAIL: &str = "pat@example.com";

/// R1, verbatim (GearPlug/bitbucket-python#10).
pub const R1: &str = "Login failed due to incorrect login credentials or method.\nFor information on authentication methods for Bitbucket Cloud APIs, visit:\n    https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication\nIf you are unsure of which login details or login method to use, visit:\n    https://support.atlassian.com/bitbucket-cloud/docs/log-into-or-connect-to-bitbucket-cloud/";
pub const BASIC_REALM: &str = "Basic realm=\"Bitbucket.org HTTP\"";
/// R2, verbatim.
pub const R2: &str = "Bitbucket Cloud recently stopped supporting account passwords for API authentication.\nSee our community post for more details: https://atlassian.community/t5/x/x/ba-p/1948231\nApp passwords are recommended for most use cases and can be created in your Personal settings:\nhttps://bitbucket.org/account/settings/app-passwords/\nFor more details on API authentication methods see our documentation:\nhttps://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication";
/// R3, verbatim with Python separators.
pub const R3: &str = r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#;
/// R4.
pub const R4: &str = r#"{"type": "error", "error": {"message": "Access token expired. Use your refresh token to obtain a new access token."}}"#;
/// R6.
pub const R6: &str = r#"{"type": "error", "error": {"message": "You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated."}}"#;
/// The R6 / G1 message as plain text (git).
pub const G1: &str = "You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.";
/// R7.
pub const R7: &str = r#"{"type": "error", "error": {"message": "Forbidden"}}"#;
/// R9.
pub const R9: &str = "Rate limit for this resource has been exceeded";
/// R12.
pub const R12: &str =
    "Too many invalid password attempts. Log in at https://id.atlassian.com/ to restore access.";
/// X1.
pub const X1: &str = r#"{"type": "error", "error": {"message": "CHANGE-2770 - Functionality has been deprecated", "detail": "Please read the changelog entry for more details.", "data": {"announcement_url": "https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770"}}}"#;
/// X3.
pub const X3: &str = r#"{"type": "error", "error": {"message": "Resource removed", "detail": "This API is no longer supported.\n\nFor information about its removal, please refer to the deprecation notice at: https://developer.atlassian.com/cloud/bitbucket/deprecation-notice-v1-apis/"}}"#;
/// X4.
pub const X4: &str = r#"{"type": "error", "error": {"message": "Resource not found", "detail": "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/"}}"#;
/// X5.
pub const X5: &str = "Bad Request Invalid Authorization header";
/// G4, G5, G7 (git `remote:` texts).
pub const G4: &str = "To access this repository, an admin must whitelist your IP.";
pub const G5: &str = "To access this repository, enable two-step authentication.";
pub const G7: &str = "Your credentials lack one or more required privilege scopes.";

/// R5 with the given lists.
pub fn r5(required: &[&str], granted: &[&str]) -> String {
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        r#"{{"type": "error", "error": {{"message": "Your credentials lack one or more required privilege scopes.", "detail": {{"required": [{}], "granted": [{}]}}}}}}"#,
        list(required),
        list(granted)
    )
}

/// `{"type": "error", "error": {"message": M}}`
pub fn error_body(message: &str) -> String {
    format!(r#"{{"type": "error", "error": {{"message": "{message}"}}}}"#)
}

//! Who is calling: the Authorization header matched against the world's credentials.
//!
//! The answer is pure (no counters, no I/O): anonymous, a credential accepted, or refused with
//! a reason that the REST and git front ends turn into Bitbucket's own words. REST and git
//! differ in which login goes with which credential (fact sheet §1), so the channel is an input.

use base64::Engine;

use super::world::{Acceptance, BareToken, Credential, CredentialKind, SchemeCase, User, World};
use crate::clock::Instant;

/// Where the request went: the REST API or git's smart-HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Rest,
    Git,
}

/// How the credential was presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Basic,
    Bearer,
}

/// Why a credential was refused; each maps to one of Bitbucket's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Basic login refused: wrong secret, wrong login for the kind, expired API token, an access
    /// token in Basic on REST (R1 / G1).
    BadBasic,
    /// Bearer (or schemeless) token refused (R3).
    BadBearer,
    /// The Basic payload is not base64 of `login:secret` (X5).
    MalformedBasic,
    /// An Atlassian account password (R2 / G3).
    AccountPassword,
    /// An expired OAuth access token (R4).
    ExpiredOauth,
    /// An API token created without scopes (B11: R3 on REST even in Basic, G1 on git).
    ScopelessApiToken,
    /// An app password after the 2026 brownouts began or after removal (S-BROWNOUT).
    AppPasswordRetired,
    /// Too many refused logins for this user (R12). Set by the lockout counter, not here.
    LockedOut,
}

/// The result of authenticating one request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Auth<'w> {
    /// No credential reached Bitbucket (none sent, or a header Bitbucket ignores).
    Anonymous,
    Accepted {
        credential: &'w Credential,
        scheme: Scheme,
        /// The user whose login was used (Basic with a user's credential).
        login_user: Option<&'w User>,
    },
    Refused {
        /// The credential whose secret was sent, if the world knows it.
        credential: Option<&'w Credential>,
        scheme: Scheme,
        /// The user the login names (for the lockout counter).
        login_user: Option<&'w User>,
        reason: Reason,
    },
}

impl<'w> Auth<'w> {
    pub fn credential(&self) -> Option<&'w Credential> {
        match *self {
            Auth::Anonymous => None,
            Auth::Accepted { credential, .. } => Some(credential),
            Auth::Refused { credential, .. } => credential,
        }
    }

    pub fn login_user(&self) -> Option<&'w User> {
        match *self {
            Auth::Anonymous => None,
            Auth::Accepted { login_user, .. } | Auth::Refused { login_user, .. } => login_user,
        }
    }

    pub fn scheme(&self) -> Option<Scheme> {
        match *self {
            Auth::Anonymous => None,
            Auth::Accepted { scheme, .. } | Auth::Refused { scheme, .. } => Some(scheme),
        }
    }

    /// The same attempt, refused for `reason` (used by the lockout counter).
    pub fn refused(self, reason: Reason) -> Auth<'w> {
        Auth::Refused {
            credential: self.credential(),
            scheme: self.scheme().unwrap_or(Scheme::Basic),
            login_user: self.login_user(),
            reason,
        }
    }
}

/// The git username for API tokens that is not the Bitbucket username (S-USEAPITOK).
pub const API_TOKEN_GIT_USER: &str = "x-bitbucket-api-token-auth";
/// The git username for access tokens and OAuth tokens (S-SPEC narrative, S-OAUTH2).
pub const TOKEN_GIT_USER: &str = "x-token-auth";

/// 2026-07-28T00:00:00Z: app passwords fully removed (S-BROWNOUT).
const APP_PASSWORDS_REMOVED: Instant = 1_785_196_800;
/// 2026-06-09T00:00:00Z: first brownout (S-BROWNOUT).
const BROWNOUTS_START: Instant = 1_780_963_200;

/// Authenticates a request from its Authorization header.
pub fn authenticate<'w>(world: &'w World, channel: Channel, header: Option<&str>) -> Auth<'w> {
    let Some(header) = header.map(str::trim).filter(|h| !h.is_empty()) else {
        return Auth::Anonymous;
    };
    let (word, rest) = match header.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (header, ""),
    };
    let scheme = if word.eq_ignore_ascii_case("basic") {
        Scheme::Basic
    } else if word.eq_ignore_ascii_case("bearer") {
        Scheme::Bearer
    } else {
        // No scheme word (a bare token) or one Bitbucket does not use. B4 NOT CONFIRMED: the
        // B1 anecdote (a bare API token "worked" on a public repository) suggests the header is
        // ignored. Switch: `unconfirmed.missing_scheme`.
        return match world.unconfirmed.missing_scheme {
            BareToken::Anonymous => Auth::Anonymous,
            BareToken::Reject => Auth::Refused {
                credential: world.credential_by_secret(header),
                scheme: Scheme::Bearer,
                login_user: None,
                reason: Reason::BadBearer,
            },
        };
    };
    // B3 NOT CONFIRMED today: `bearer` was refused in 2018 and 2021 (spinnaker#2758,
    // next-auth#3075). Only the exact words `Basic` and `Bearer` are canonical. Switch:
    // `unconfirmed.lowercase_scheme`.
    let canonical = matches!(word, "Basic" | "Bearer");
    if !canonical && world.unconfirmed.lowercase_scheme == SchemeCase::Anonymous {
        return Auth::Anonymous;
    }
    if !canonical && world.unconfirmed.lowercase_scheme == SchemeCase::Reject {
        let credential = match scheme {
            Scheme::Bearer => world.credential_by_secret(rest),
            Scheme::Basic => decode_basic(rest).and_then(|(_, s)| world.credential_by_secret(&s)),
        };
        let reason = match scheme {
            Scheme::Basic => Reason::BadBasic,
            Scheme::Bearer => Reason::BadBearer,
        };
        return Auth::Refused {
            credential,
            scheme,
            login_user: None,
            reason,
        };
    }
    let now = world.now();
    match scheme {
        Scheme::Bearer => bearer(world, rest, now),
        Scheme::Basic => match decode_basic(rest) {
            Some((login, secret)) => basic(world, channel, &login, &secret, now),
            // X5: "Bad Request Invalid Authorization header".
            None => Auth::Refused {
                credential: world.credential_by_secret(rest),
                scheme,
                login_user: None,
                reason: Reason::MalformedBasic,
            },
        },
    }
}

/// `base64(login:secret)` → `(login, secret)`; `None` when it is not that (X5).
pub fn decode_basic(payload: &str) -> Option<(String, String)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (login, secret) = text.split_once(':')?;
    Some((login.to_string(), secret.to_string()))
}

fn bearer<'w>(world: &'w World, token: &str, now: Instant) -> Auth<'w> {
    let refuse = |credential, reason| Auth::Refused {
        credential,
        scheme: Scheme::Bearer,
        login_user: None,
        reason,
    };
    let Some(credential) = world.credential_by_secret(token) else {
        return refuse(None, Reason::BadBearer); // R3
    };
    let accept = Auth::Accepted {
        credential,
        scheme: Scheme::Bearer,
        login_user: None,
    };
    match credential.kind {
        // R4: "Access token expired. Use your refresh token …".
        CredentialKind::OauthToken if credential.is_expired(now) => {
            refuse(Some(credential), Reason::ExpiredOauth)
        }
        CredentialKind::OauthToken => accept,
        // Access tokens are Bearer tokens (S-SPEC narrative); an expired one is "invalid" (R3).
        kind if kind.is_access_token() && credential.is_expired(now) => {
            refuse(Some(credential), Reason::BadBearer)
        }
        kind if kind.is_access_token() => accept,
        // API token as Bearer: observed 401 R3; backstage#35566 claims Bearer is now documented
        // (NOT CONFIRMED). Switch: `unconfirmed.api_token_bearer`.
        CredentialKind::ApiToken => match world.unconfirmed.api_token_bearer {
            Acceptance::Reject => refuse(Some(credential), Reason::BadBearer),
            Acceptance::Accept if credential.is_expired(now) || credential.scopes.is_empty() => {
                refuse(Some(credential), Reason::BadBearer)
            }
            Acceptance::Accept => accept,
        },
        // App passwords and account passwords are Basic-only secrets.
        _ => refuse(Some(credential), Reason::BadBearer),
    }
}

fn basic<'w>(
    world: &'w World,
    channel: Channel,
    login: &str,
    secret: &str,
    now: Instant,
) -> Auth<'w> {
    let named = world.user_by_login(login);
    let Some(credential) = world.credential_by_secret(secret) else {
        return Auth::Refused {
            credential: None,
            scheme: Scheme::Basic,
            login_user: named,
            reason: Reason::BadBasic,
        };
    };
    let owner = credential.owner.as_deref().and_then(|o| world.user(o));
    let refuse = |reason| Auth::Refused {
        credential: Some(credential),
        scheme: Scheme::Basic,
        login_user: named,
        reason,
    };
    let accept = Auth::Accepted {
        credential,
        scheme: Scheme::Basic,
        login_user: owner.filter(|_| !credential.kind.is_access_token()),
    };
    let is_username = owner.is_some_and(|u| u.username == login);
    let is_email = owner.is_some_and(|u| u.email.eq_ignore_ascii_case(login));
    match (credential.kind, channel) {
        // §1 API token, REST: "the username is your Atlassian email"; "The Bitbucket username
        // or the token name will NOT work" (S-KB401).
        (CredentialKind::ApiToken, Channel::Rest) if !is_email => refuse(Reason::BadBasic),
        // §1 API token, git: "Bitbucket username … or the static username
        // x-bitbucket-api-token-auth". The email as git username is NOT CONFIRMED (§10 item
        // 15). Switch: `unconfirmed.api_token_email_git`.
        (CredentialKind::ApiToken, Channel::Git)
            if !(is_username
                || login == API_TOKEN_GIT_USER
                || is_email && world.unconfirmed.api_token_email_git == Acceptance::Accept) =>
        {
            refuse(Reason::BadBasic)
        }
        (CredentialKind::ApiToken, _) if credential.is_expired(now) => refuse(Reason::BadBasic),
        // B11: "API tokens without scopes will not work with Bitbucket Cloud APIs" (S-THEODORA);
        // observed as R3 (avivsinai/bitbucket-cli#30).
        (CredentialKind::ApiToken, _) if credential.scopes.is_empty() => {
            refuse(Reason::ScopelessApiToken)
        }
        (CredentialKind::ApiToken, _) => accept,
        // §1 app password: "Your Atlassian account email will not work when using an app
        // password" (S-KB401), REST and git alike.
        (CredentialKind::AppPassword, _) if !is_username => refuse(Reason::BadBasic),
        (CredentialKind::AppPassword, _) if app_password_retired(now) => {
            refuse(Reason::AppPasswordRetired)
        }
        (CredentialKind::AppPassword, _) => accept,
        // S-PWDANN: account passwords refused for REST and git since 2022-03-01 (R2 / G3).
        (CredentialKind::AccountPassword, _) if is_username || is_email => {
            refuse(Reason::AccountPassword)
        }
        (CredentialKind::AccountPassword, _) => refuse(Reason::BadBasic),
        // git: access tokens and OAuth tokens log in as `x-token-auth` (S-SPEC, S-OAUTH2).
        (_, Channel::Git) if login != TOKEN_GIT_USER => refuse(Reason::BadBasic),
        (_, Channel::Git) if credential.is_expired(now) => refuse(Reason::BadBasic),
        (_, Channel::Git) => accept,
        // B8: access tokens and OAuth tokens are Bearer-only on REST (SECONDARY): R1.
        (_, Channel::Rest) => refuse(Reason::BadBasic),
    }
}

/// S-BROWNOUT: app passwords fail during brownouts from 2026-06-09 (windows start 00:00, 06:00,
/// 12:00 and 18:00 UTC; 15 minutes "at first, growing", modelled as 15 minutes) and always
/// from 2026-07-28.
pub fn app_password_retired(now: Instant) -> bool {
    const SIX_HOURS: Instant = 6 * 3600;
    const WINDOW: Instant = 15 * 60;
    now >= APP_PASSWORDS_REMOVED || (now >= BROWNOUTS_START && now.rem_euclid(SIX_HOURS) < WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock;

    #[test]
    fn retirement_dates_match_the_announcement() {
        let at = |t: &str| app_password_retired(clock::parse_rfc3339(t).unwrap());
        assert!(!at("2026-06-08T00:05:00Z"));
        assert!(at("2026-06-09T00:05:00Z"));
        assert!(at("2026-07-01T18:14:59Z"));
        assert!(!at("2026-07-01T18:15:00Z"));
        assert!(!at("2026-07-27T23:59:59Z"));
        assert!(at("2026-07-28T00:00:00Z"));
        assert!(at("2026-09-01T09:00:00Z"));
    }

    #[test]
    fn basic_payload_must_be_base64_of_login_colon_secret() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        assert_eq!(
            decode_basic(&b64("pat:s3cret")),
            Some(("pat".into(), "s3cret".into()))
        );
        assert_eq!(decode_basic(&b64("no-colon")), None);
        assert_eq!(decode_basic("ATBB-not-base64!"), None);
    }
}

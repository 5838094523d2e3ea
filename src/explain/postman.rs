//! A request described in words, as people describe Postman's Authorization tab: "Basic auth,
//! username = pat@example.com, password = ATATT…", or "Authorization type: Bearer Token",
//! "Token: …". It becomes a request only when the values themselves are given; a description
//! ("my Bitbucket account username") is left to the prose hints. Config files read much the
//! same way (`username: me@example.com`, `app_password: "${BITBUCKET_APP_PASSWORD}"`): there a login
//! and a secret given together are a Basic login, the only way Bitbucket takes a login with a
//! secret (REST and git), though a tool may still send the secret alone, so the form is only
//! as sure as a statement.

use super::expand::Ref;
use super::{Sent, basic_auth, sent_auth, url};
use crate::credential::{Authorization, Kind, Secret};
use crate::evidence::{Request, Strength};

/// Fragments a description may span before it is forgotten.
const SPAN: usize = 8;

#[derive(Debug, Default)]
pub struct Form {
    basic: bool,
    bearer: bool,
    username: Option<String>,
    password: Option<String>,
    token: Option<String>,
    url: Option<String>,
    /// Fragments read since the form last learned something.
    idle: usize,
}

/// What a fragment names when it adds to a description: a field, a URL or an auth type.
pub(super) const FIELDS: &[&str] = &[
    "username",
    "user name",
    "user",
    "email",
    "login",
    "password",
    "token",
    "basic auth",
    "http",
];

/// Keys that give a login.
const LOGIN_KEYS: &[&str] = &["username", "user name", "email", "user", "login"];

/// Which of [`FIELDS`] a fragment holds (bit `i` for `FIELDS[i]`), as the scanner's markers
/// found them: a key is looked for only where it stands, not searched for in every fragment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Named(u16);

impl Named {
    /// The fields of these rows of [`FIELDS`].
    pub fn of_rows(rows: impl Iterator<Item = usize>) -> Named {
        Named(rows.fold(0, |set, row| set | 1 << row))
    }

    fn any(self) -> bool {
        self.0 != 0
    }

    /// Whether the fragment holds `field`, one of [`FIELDS`].
    fn holds(self, field: &str) -> bool {
        FIELDS
            .iter()
            .position(|f| *f == field)
            .is_some_and(|row| self.0 & 1 << row != 0)
    }
}

impl Form {
    /// A fragment that adds nothing.
    fn idle(&mut self) {
        self.idle += 1;
        if self.idle > SPAN {
            *self = Form::default();
        }
    }

    /// Read one prose fragment (and its lower-case copy), and whether it names one of
    /// [`FIELDS`] (the scanner's markers tell); the request once it is complete.
    pub fn read(&mut self, fragment: &str, lower: &str, named: Named) -> Option<Sent> {
        // A fragment that names no field, URL or auth type adds nothing: count it idle at once.
        if !named.any() {
            self.idle();
            return None;
        }
        let before = (
            self.basic,
            self.bearer,
            self.username.is_some(),
            self.password.is_some(),
            self.token.is_some(),
        );
        self.basic |= named.holds("basic auth");
        self.bearer |= named.holds("token") && crate::evidence::contains_str(lower, "bearer token");
        if let Some(v) = value_after(fragment, lower, LOGIN_KEYS, named) {
            self.username = Some(v);
        }
        if let Some(v) = value_after(fragment, lower, &["password"], named) {
            self.password = Some(v);
        }
        if let Some(v) = value_after(fragment, lower, &["token"], named) {
            self.token = Some(v);
        }
        // A URL holds `http`.
        if self.url.is_none() && named.holds("http") {
            self.url = url::find_all(fragment).next().map(|u| url::clean(u).0);
        }
        let after = (
            self.basic,
            self.bearer,
            self.username.is_some(),
            self.password.is_some(),
            self.token.is_some(),
        );
        if after == before {
            self.idle += 1;
            if self.idle > SPAN {
                *self = Form::default();
            }
            return None;
        }
        self.idle = 0;
        let mut implied = false;
        let auth = if self.basic && self.username.is_some() && self.password.is_some() {
            let login = self.username.take().unwrap_or_default();
            let secret = self.password.take().map(Secret::new);
            basic_auth(&login, secret)
        } else if self.bearer && self.token.is_some() {
            Authorization::bearer(Secret::new(self.token.take().unwrap_or_default()))
        } else if let Some(secret) = self.config_pair() {
            implied = true;
            basic_auth(&self.username.take().unwrap_or_default(), Some(secret))
        } else {
            return None;
        };
        // A config's URLs are not what was called (a repository's page, a base it joins),
        // unless it is a git repository's (`url: https://bitbucket.org/ws/repo.git` beside
        // the login in Argo CD's or Flux's repository secret): what the tool clones with them.
        let url = match (implied, self.url.take()) {
            (true, Some(u)) if super::git_repository(&u) => super::git::discovery(&u).0,
            (true, _) => String::new(),
            (false, u) => u.unwrap_or_default(),
        };
        *self = Form::default();
        // A form is not a shell: `${BITBUCKET_APP_PASSWORD}` typed there is sent as written.
        // Whether a config's program expands it (many do: compose files, Spring, CI runners)
        // the config does not show.
        let literal: Vec<Ref> = auth
            .secret
            .as_ref()
            .and_then(|s| s.shape().placeholder.as_ref())
            .filter(|p| p.shell && !implied)
            .map(|p| Ref {
                text: p.text.clone(),
                kind: p.kind_hint,
                literal: true,
            })
            .into_iter()
            .collect();
        let mut sent = sent_auth(&auth, &literal);
        if implied {
            sent.form_strength = sent.form_strength.min(Strength::Stated);
        }
        Some(Sent {
            request: Request {
                method: "GET".into(),
                url,
                auth: Some(sent),
                auth_unseen: false,
            },
            source: if implied { "config" } else { "described" },
        })
    }

    /// A login and a secret given as a config gives them, no auth type named: the secret, when
    /// its shape shows it is one (a token's or app password's, a mask after its prefix, a
    /// variable), not any word after `password:`.
    fn config_pair(&mut self) -> Option<Secret> {
        if self.basic || self.bearer || self.username.is_none() {
            return None;
        }
        let value = self.password.as_ref().or(self.token.as_ref())?;
        let secret = Secret::new(value.clone());
        let shape = secret.shape();
        let token = matches!(
            shape.kind,
            Kind::ApiToken | Kind::AppPassword | Kind::AccessToken
        );
        if !token && shape.placeholder.is_none() {
            return None;
        }
        self.password = None;
        self.token = None;
        Some(secret)
    }
}

/// Words that describe a value rather than give it.
const DESCRIPTIONS: &[&str] = &[
    "my", "the", "a", "an", "i", "is", "and", "as", "your", "our", "it", "in", "added", "field",
];

/// The value given right after one of `keys` (each one of [`FIELDS`]): `username = x`,
/// `password: "x"`, `token - x`.
fn value_after(fragment: &str, lower: &str, keys: &[&str], named: Named) -> Option<String> {
    // Only the keys the fragment holds; each occurrence as `match_indices` gives them (the
    // next looked for past the last), found by `find_str`: `match_indices` builds a searcher
    // each call.
    for key in keys.iter().filter(|k| named.holds(k)) {
        let mut from = 0;
        while let Some(p) = crate::evidence::find_str(&lower[from..], key) {
            let at = from + p;
            from = at + key.len();
            // A quoted key (`"password": "…"`, JSON) closes its quote first.
            let rest = fragment[at + key.len()..].trim_start_matches(['"', '\'']);
            let after_sep = rest.trim_start();
            let Some(after_sep) = after_sep.strip_prefix(['=', ':', '-']) else {
                continue;
            };
            // `token - x` separates; `User-Agent:` is another key.
            if after_sep.starts_with(|c: char| c.is_ascii_alphanumeric())
                && rest.trim_start().starts_with('-')
            {
                continue;
            }
            let value = after_sep
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'', '`', ',', ';'])
                .trim_end_matches('.');
            let described = DESCRIPTIONS.iter().any(|d| value.eq_ignore_ascii_case(d));
            if value.len() >= 2 && !described {
                return Some(value.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_looked_for_is_a_field_the_markers_find() {
        // `Named::holds` answers only for FIELDS: a key outside them would never be read.
        for key in LOGIN_KEYS
            .iter()
            .chain(&["password", "token", "basic auth", "http"])
        {
            assert!(FIELDS.contains(key), "{key}");
        }
    }

    fn read_all(text: &str) -> Option<Sent> {
        let mut f = Form::default();
        text.lines().find_map(|l| {
            let lower = l.to_ascii_lowercase();
            let named = Named::of_rows((0..FIELDS.len()).filter(|&i| lower.contains(FIELDS[i])));
            f.read(l, &lower, named)
        })
    }

    #[test]
    fn builds_a_request_from_given_values_only() {
        let s = read_all("Basic auth, username = pat@example.com, password = ATBBOhbVrpoiVgRV5IfLBcbfnoGM579638B4").unwrap();
        let auth = s.request.auth.unwrap();
        assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
        assert_eq!(auth.kind, Kind::AppPassword);
        let s = read_all("Authorization type: Bearer Token\nToken: {access_token}\nURL https://api.bitbucket.org/2.0/user").unwrap();
        assert_eq!(s.request.auth.unwrap().scheme.as_deref(), Some("Bearer"));
        assert!(read_all("In Authorization, i have selected basic auth.\nIn username, i have added my Bitbucket account username and in password i have added the API key").is_none());
    }

    #[test]
    fn a_config_pairs_a_login_with_a_secret_of_a_known_shape() {
        for config in [
            "username = \"jdoe\"\npassword = \"ATATT3xFfGF0…\"",
            "BITBUCKET_USERNAME=jdoe\nBITBUCKET_API_TOKEN=ATATT3xFfGF0…",
            "atlantis server --bitbucket-user=jdoe --bitbucket-token=ATATT3xFfGF0…",
            "  \"username\": \"jdoe\",\n  \"password\": \"ATATT3xFfGF0…\"",
            "{\"url\": \"https://bitbucket.org/acme\", \"username\": \"jdoe\", \"password\": \"ATATT3xFfGF0…\"}",
        ] {
            let s = read_all(config).unwrap_or_else(|| panic!("{config}"));
            assert_eq!(s.source, "config", "{config}");
            let auth = s.request.auth.unwrap();
            assert_eq!(
                (auth.kind, auth.login.as_deref(), auth.scheme.as_deref()),
                (Kind::ApiToken, Some("jdoe"), Some("Basic")),
                "{config}"
            );
            // The tool may still send the secret alone: the form is only stated.
            assert_eq!(auth.form_strength, Strength::Stated, "{config}");
            // A config's URL is not what was called.
            assert!(s.request.url.is_empty(), "{config}");
        }
        for quiet in [
            // A word after `password:` is no secret; a description gives no value.
            "username: jdoe\npassword: wrong",
            "username: my email\npassword: the API token",
            // A secret with no login: not a Basic pair.
            "token: ATATT3xFfGF0…",
            // Another key that starts like one.
            "User-Agent: curl/8.4.0\ntoken: ATATT3xFfGF0…",
        ] {
            assert!(read_all(quiet).is_none(), "{quiet}");
        }
    }
}

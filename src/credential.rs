//! Credentials: the [`Secret`] that cannot print its value, credential kinds, classification by
//! shape (fact sheet §3), and the `Authorization` header as a user writes it.
//!
//! A secret's only way out of this module is [`Authorization::request_header_value`], which the
//! probe engine calls to write the `Authorization` header of a request it is about to send.
//! Everything else sees [`Secret::redacted`] (kind, public prefix, length), asks whether a text
//! contains the secret ([`Secret::occurs_in`], [`Authorization::written_in`]), or has it cut out
//! of a text ([`Secret::scrub`]).

mod scrubber;

pub use scrubber::Scrubber;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::borrow::Cow;
use std::fmt;

/// What a credential is, as far as we can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Atlassian API token (`ATATT3xFfGF0…`): Basic auth with the account email.
    ApiToken,
    /// Bitbucket app password (`ATBB…`, or 20 alphanumerics): retired 2026-07-28.
    AppPassword,
    /// Repository, project or workspace access token (`ATCTT3xFfGN0…`): Bearer only.
    AccessToken,
    /// OAuth 2.0 access token from a consumer: Bearer only (shape not documented).
    OauthToken,
    /// The Atlassian account password: refused since 2022-03-01.
    AccountPassword,
    /// A secret whose shape says nothing.
    Unknown,
    /// No credential at all.
    None,
}

impl Kind {
    /// The stable name used in reports (`credential.kind` of the JSON schema).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ApiToken => "api-token",
            Kind::AppPassword => "app-password",
            Kind::AccessToken => "access-token",
            Kind::OauthToken => "oauth-token",
            Kind::AccountPassword => "account-password",
            Kind::Unknown => "unknown",
            Kind::None => "none",
        }
    }

    /// Words for people: "an API token".
    pub fn describe(self) -> &'static str {
        match self {
            Kind::ApiToken => "an Atlassian API token",
            Kind::AppPassword => "an app password",
            Kind::AccessToken => "an access token (repository, project or workspace)",
            Kind::OauthToken => "an OAuth access token",
            Kind::AccountPassword => "an account password",
            Kind::Unknown => "a secret of unknown kind",
            Kind::None => "no credential",
        }
    }

    /// Kinds that authenticate as a user (and so can call `/2.0/user`).
    pub fn is_user_credential(self) -> bool {
        matches!(
            self,
            Kind::ApiToken | Kind::AppPassword | Kind::OauthToken | Kind::AccountPassword
        )
    }

    /// Kinds Bitbucket wants in `Authorization: Bearer` (the others go in Basic).
    pub fn wants_bearer(self) -> bool {
        matches!(self, Kind::AccessToken | Kind::OauthToken)
    }

    /// The kind an `x-credential-type` value names (fact sheet §5): `oauth2`, `oauth1`,
    /// `repo_access_token` and its project and workspace siblings, `api_token`, and `apikey`
    /// (seen in the app password era).
    pub fn of_credential_type(value: &str) -> Option<Kind> {
        let v = value.trim().to_ascii_lowercase();
        match v.as_str() {
            "oauth1" | "oauth2" => Some(Kind::OauthToken),
            "api_token" => Some(Kind::ApiToken),
            "apikey" => Some(Kind::AppPassword),
            _ if v.ends_with("_access_token") => Some(Kind::AccessToken),
            _ => None,
        }
    }

    /// The username git must send with this kind over HTTPS (fact sheet §1), when it is fixed.
    pub fn git_username(self) -> Option<&'static str> {
        match self {
            Kind::ApiToken => Some(API_TOKEN_GIT_USER),
            Kind::AccessToken | Kind::OauthToken => Some(TOKEN_GIT_USER),
            _ => None,
        }
    }
}

/// The static git username for API tokens (S-USEAPITOK).
pub const API_TOKEN_GIT_USER: &str = "x-bitbucket-api-token-auth";
/// The static git username for access and OAuth tokens (S-SPEC narrative).
pub const TOKEN_GIT_USER: &str = "x-token-auth";

/// Result of a token's built-in CRC32 check (fact sheet §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checksum {
    Valid,
    /// The shape has a checksum and it does not match: truncated or altered when copied.
    Invalid,
    /// The shape carries no checksum.
    None,
}

/// A secret that was never filled in: `{api_token}`, `<token>`, `$TOKEN`, `__KEY__`, ….
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// The placeholder as written; it is not a secret, so reports may quote it.
    pub text: String,
    /// A shell variable (`$TOKEN`, `${TOKEN}`, `$(…)`, backticks) rather than a template marker.
    pub shell: bool,
    /// The kind its name suggests (`{api_token}` → API token), if any.
    pub kind_hint: Option<Kind>,
    /// It certainly reached Bitbucket as written: given to `check`, or a `$VAR` inside single
    /// quotes in a pasted command (the shell does not expand it). A `{api_token}` in a forum
    /// post is the poster's redaction, not a literal.
    pub literal: bool,
    /// The poster hid the whole value (`***`, `xxxx`, `[REDACTED]`): as the value of an
    /// `Authorization` header it hides the scheme word as well.
    pub mask: bool,
    /// A template engine's or a CI's own marker (`{{token}}`, `${{ secrets.X }}`, `%VAR%`),
    /// which no POSIX shell or PowerShell expands; not the poster's redaction (`<token>`,
    /// `{api_token}`, `YOUR_TOKEN`), written over the secret when pasting.
    pub engine: bool,
}

/// What the shape of a secret tells, without sending it anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    pub kind: Kind,
    /// The token type's public prefix (`ATATT`, `ATCTT`, `ATBB`), safe to show.
    pub prefix: Option<&'static str>,
    pub checksum: Checksum,
    pub placeholder: Option<Placeholder>,
}

const API_TOKEN_PREFIX: &str = "ATATT3xFfGF0";
const ACCESS_TOKEN_PREFIX: &str = "ATCTT3xFfGN0";
const LONG_TOKEN_LEN: usize = 192;
const APP_PASSWORD_LEN: usize = 36;

/// Classify a secret by its shape alone (fact sheet §3).
pub fn classify(value: &str) -> Shape {
    if let Some(shape) = masked_token(value) {
        return shape;
    }
    if let Some(placeholder) = placeholder(value) {
        return Shape {
            kind: placeholder.kind_hint.unwrap_or(Kind::Unknown),
            prefix: None,
            checksum: Checksum::None,
            placeholder: Some(placeholder),
        };
    }
    classify_shape(value)
}

/// A token the poster masked before pasting: a known prefix, then a mask (`ATATT3xFfGF0…`,
/// `ATATT****`, `ATBBxxxxxxxx`, `ATCTT3xFfGN0[REDACTED]`, `ATATT<token>`) or too little to be
/// a token. Its kind is the prefix's; it has no checksum to judge, and only the public prefix
/// may be shown.
fn masked_token(value: &str) -> Option<Shape> {
    let (prefix, kind) = [
        ("ATATT", Kind::ApiToken),
        ("ATCTT", Kind::AccessToken),
        ("ATBB", Kind::AppPassword),
    ]
    .into_iter()
    .find(|(p, _)| value.starts_with(p))?;
    let rest = &value[prefix.len()..];
    // A token is letters, digits, `-`, `_` and `=`: anything else in it is the poster's (`●`,
    // `█`, `#`, `(snip)`), as is a run of dashes.
    let foreign = rest
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=')));
    let masked = foreign
        || rest.contains("...")
        || has_run(rest, b'x', 4)
        || has_run(rest, b'X', 4)
        || has_run(rest, b'-', 3)
        || [
            "redacted", "hidden", "masked", "removed", "token", "secret", "snip",
        ]
        .iter()
        .any(|w| rest.to_ascii_lowercase().contains(w));
    // A copy cut short loses a few characters; a stub of a few is a mask.
    let stub = value.len() < 32;
    if !(masked || stub) {
        return None;
    }
    Some(Shape {
        kind,
        prefix: Some(prefix),
        checksum: Checksum::None,
        placeholder: Some(Placeholder {
            text: format!("{prefix}…(masked)"),
            shell: false,
            kind_hint: Some(kind),
            literal: false,
            mask: true,
            engine: false,
        }),
    })
}

/// Whether `s` holds `n` or more of `byte` in a row.
fn has_run(s: &str, byte: u8, n: usize) -> bool {
    s.as_bytes().split(|&b| b != byte).any(|run| run.len() >= n)
}

/// Classify by the token shapes alone, placeholders aside.
fn classify_shape(value: &str) -> Shape {
    let shape = |kind, prefix, checksum| Shape {
        kind,
        prefix: Some(prefix),
        checksum,
        placeholder: None,
    };
    if value.starts_with(API_TOKEN_PREFIX) {
        return shape(Kind::ApiToken, "ATATT", long_token_checksum(value));
    }
    if value.starts_with(ACCESS_TOKEN_PREFIX) {
        return shape(Kind::AccessToken, "ATCTT", long_token_checksum(value));
    }
    if value.starts_with("ATBB") {
        return shape(Kind::AppPassword, "ATBB", app_password_checksum(value));
    }
    let kind = if value.len() == 20 && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // Older app passwords: 20 alphanumerics, no prefix (OBSERVED, §3.2).
        Kind::AppPassword
    } else if looks_human(value) {
        Kind::AccountPassword
    } else {
        Kind::Unknown
    };
    Shape {
        kind,
        prefix: None,
        checksum: Checksum::None,
        placeholder: None,
    }
}

/// 192 chars, `=` at index 183, last 8 = uppercase hex CRC32 of the first 184 (DERIVED, §3.2).
fn long_token_checksum(value: &str) -> Checksum {
    if value.len() != LONG_TOKEN_LEN || !value.is_ascii() || value.as_bytes()[183] != b'=' {
        return Checksum::Invalid;
    }
    crc_suffix_matches(value, 184)
}

/// `ATBB` + 24 alphanumerics + uppercase hex CRC32 of the first 28 chars (DERIVED, §3.2).
fn app_password_checksum(value: &str) -> Checksum {
    if value.len() != APP_PASSWORD_LEN || !value.is_ascii() {
        return Checksum::Invalid;
    }
    crc_suffix_matches(value, 28)
}

fn crc_suffix_matches(value: &str, body_len: usize) -> Checksum {
    let expected = format!("{:08X}", crc32fast::hash(&value.as_bytes()[..body_len]));
    if value[body_len..] == expected {
        Checksum::Valid
    } else {
        Checksum::Invalid
    }
}

/// A short secret with the variety of a human-chosen password rather than a random token.
fn looks_human(value: &str) -> bool {
    let len = value.chars().count();
    (6..=40).contains(&len) && !value.contains(char::is_whitespace)
}

/// Recognise a secret that was never filled in.
pub fn placeholder(value: &str) -> Option<Placeholder> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    // cmd's `%NAME%` is a variable reference too, and so is TeamCity's `%env.NAME%`.
    let cmd_var = v.len() > 2
        && v.starts_with('%')
        && v.ends_with('%')
        && v[1..v.len() - 1]
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.');
    // GitHub's `${{ secrets.X }}` is an expression of its runner, not of a shell.
    let shell = (v.starts_with('$') && !v.starts_with("${{"))
        || crate::evidence::contains_str(v, "$(")
        || v.contains('`')
        || cmd_var;
    let wrapped = |open: char, close: char| v.starts_with(open) && v.ends_with(close);
    let template = wrapped('{', '}')
        || (v.starts_with("${{") && v.ends_with('}'))
        || wrapped('<', '>')
        || wrapped('[', ']')
        || (v.len() > 4 && v.starts_with("__") && v.ends_with("__"))
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
        || {
            let lower = v.to_ascii_lowercase();
            [
                "your_",
                "your-",
                "yourtoken",
                "my_",
                "redacted",
                "changeme",
                "placeholder",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
                || crate::evidence::contains_str(&lower, "redacted")
        }
        || is_upper_identifier(v);
    if !(shell || template) {
        return None;
    }
    // A real token wrapped in braces or quotes is a secret, not a placeholder: its text must
    // never be shown.
    let inner = v.trim_matches(|c: char| "{}<>[]_$%'\"`".contains(c));
    if classify_shape(inner).prefix.is_some() || (!shell && inner.len() > 48) {
        return None;
    }
    Some(Placeholder {
        text: shown_placeholder(v),
        shell,
        kind_hint: kind_from_name(v),
        literal: false,
        mask: is_mask(v),
        engine: cmd_var || crate::evidence::contains_str(v, "{{"),
    })
}

/// A value hidden by whoever pasted it: masking characters only, or a word that says so.
pub fn is_mask(v: &str) -> bool {
    // The words compared case-blind in place, not in a lower-case copy searched for each.
    (v.chars().count() >= 3 && v.chars().all(|c| "*xX.•…".contains(c)))
        || ["redacted", "hidden", "masked", "removed", "censored"]
            .iter()
            .any(|w| crate::evidence::contains_ignore_ascii_case(v, w))
}

/// A Basic value hidden or cut short by whoever pasted it: a mask with spaces (git-lfs's
/// `* * * * *`), or base64 cut by an ellipsis or a mask (`cmVsZWFz…`, `cmVs…MH...`,
/// `dXNlcjpB****`): base64 has none of these characters, so no client sent them.
fn masked_basic(v: &str) -> bool {
    let joined: String = v.split_whitespace().collect();
    if is_mask(&joined) {
        return true;
    }
    let hidden = joined.contains('…') || joined.contains("...") || joined.contains("**");
    // A masked token where base64 belongs (`Basic ATBB…`) is still sent unencoded.
    hidden
        && masked_token(&joined).is_none()
        && joined
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=….*•".contains(c))
}

/// A placeholder as reports may show it: a variable or a template named for a credential as
/// written; a command substitution only by its form, since the command may carry a secret
/// (`$(curl -u id:secret …)`); anything else by its length.
///
/// The shapes are guesses (`my_…`, `<…>`, `{…}`, `UPPER_CASE`), and a real password that
/// merely looks like one (`My_Secret_Pass`, `CORRECT_HORSE_BATTERY`, `{secretcode}`) must not
/// be printed: a template is shown only when every word of its name is one placeholders are
/// made of (`{api_token}`, `<your-app-password>`, `YOUR_TOKEN`), and never with a digit unless
/// it is a shell variable (`$TOKEN_2`).
fn shown_placeholder(v: &str) -> String {
    let variable = {
        let name = v
            .trim_start_matches("${")
            .trim_start_matches('$')
            .trim_matches('%')
            .trim_end_matches('}');
        // PowerShell's `$env:NAME`, TeamCity's `%env.NAME%`.
        let name = match name.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("env:") || p == "env." => &name[4..],
            _ => name,
        };
        (v.starts_with('$') || v.starts_with('%'))
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let masked = v.chars().count() >= 3 && v.chars().all(|c| "*xX.•…".contains(c));
    let name_like = v.chars().count() <= 48
        && (variable
            || v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "{}<>[]()_-$%. |…/".contains(c)))
        && (variable
            || masked
            || (!v.chars().any(|c| c.is_ascii_digit())
                && (v.contains("$(") || v.contains('`') || named_like_a_placeholder(v))));
    match (name_like, v.starts_with('`')) {
        (true, _) => v.to_string(),
        (false, true) => "`…`".to_string(),
        (false, false) if v.contains("$(") => "$(…)".to_string(),
        (false, false) => format!("placeholder({} chars)", v.chars().count()),
    }
}

/// Whether every word of a name (split at punctuation and camelCase) is one that placeholders
/// are made of: `api_token`, `your-app-password-here`, `BITBUCKET_USERNAME`, `apiToken`.
fn named_like_a_placeholder(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "access",
        "account",
        "actual",
        "api",
        "apikey",
        "app",
        "atlassian",
        "auth",
        "authorization",
        "b64",
        "base64",
        "bb",
        "bearer",
        "bitbucket",
        "changeme",
        "client",
        "code",
        "consumer",
        "cred",
        "creds",
        "credential",
        "credentials",
        "email",
        "encoded",
        "enter",
        "generated",
        "goes",
        "here",
        "hidden",
        "id",
        "insert",
        "jwt",
        "key",
        "login",
        "mail",
        "masked",
        "my",
        "name",
        "new",
        "oauth",
        "org",
        "passwd",
        "password",
        "pat",
        "personal",
        "placeholder",
        "project",
        "pw",
        "pwd",
        "real",
        "redacted",
        "refresh",
        "removed",
        "repo",
        "repository",
        "secret",
        "string",
        "the",
        "token",
        "user",
        "username",
        "value",
        "workspace",
        "x",
        "xxx",
        "your",
    ];
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut word = String::new();
        let mut previous_lower = false;
        for c in part.chars() {
            if c.is_ascii_uppercase() && previous_lower {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_ascii_lowercase();
            word.push(c.to_ascii_lowercase());
        }
        words.push(word);
    }
    words.retain(|w| !w.is_empty());
    !words.is_empty() && words.iter().all(|w| WORDS.contains(&w.as_str()))
}

/// `API_TOKEN`, `BITBUCKET_APP_PASSWORD`: an upper-case name with an underscore, not a value.
fn is_upper_identifier(v: &str) -> bool {
    // A credential's name in capitals stands for it (`-u me@example.org:TOKEN`): no secret is
    // one of these words.
    const NAMES: [&str; 11] = [
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "PASS",
        "PWD",
        "SECRET",
        "KEY",
        "APIKEY",
        "APITOKEN",
        "APPPASSWORD",
        "ACCESSTOKEN",
    ];
    NAMES.contains(&v)
        || v.contains('_')
            && v.chars().any(|c| c.is_ascii_uppercase())
            && v.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The kind a placeholder's or variable's name suggests.
pub fn kind_from_name(name: &str) -> Option<Kind> {
    let n: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let has = |w: &str| crate::evidence::contains_str(&n, w);
    if has("apppassword") || has("apppass") {
        Some(Kind::AppPassword)
    } else if has("accesstoken") && (has("repo") || has("project") || has("workspace")) {
        Some(Kind::AccessToken)
    } else if has("oauth") || has("bearer") {
        Some(Kind::OauthToken)
    } else if has("apitoken") || has("apikey") {
        Some(Kind::ApiToken)
    } else if has("accesstoken") {
        Some(Kind::AccessToken)
    } else if has("password") || has("passwd") {
        Some(Kind::AccountPassword)
    } else {
        None
    }
}

/// A variable named for a secret itself (`BB_TOKEN`, `$apiToken`, `{app_password}`), not for
/// a header or a credential that may carry its scheme word (`auth`, `credential`, `bearer`).
pub fn names_a_secret(name: &str) -> bool {
    let n: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    ["token", "password", "passwd", "secret", "key", "pat"]
        .iter()
        .any(|w| n.ends_with(w))
}

/// A secret value. `Debug` and `Display` show only [`Secret::redacted`], and no public
/// function returns the value:
///
/// ```compile_fail
/// let secret = bbdoctor::credential::Secret::new("hunter2-hunter2");
/// println!("{}", secret.expose_for_request());
/// ```
///
/// ```compile_fail
/// let auth = bbdoctor::credential::Authorization::parse("Bearer hunter2-hunter2");
/// println!("{:?}", auth.request_header_value());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    value: String,
    shape: Shape,
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        let shape = classify(&value);
        Secret { value, shape }
    }

    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    pub fn kind(&self) -> Kind {
        self.shape.kind
    }

    /// Length in characters (safe to show).
    pub fn len(&self) -> usize {
        self.value.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// `ATATT…(192 chars)`, `{api_token}` for a placeholder, `secret(12 chars)` otherwise.
    pub fn redacted(&self) -> String {
        redact(&self.shape, self.len())
    }

    /// The value, for building the request header in [`Authorization::request_header_value`]
    /// and nothing else: private, so no other module can print, log or store it.
    fn expose_for_request(&self) -> &str {
        &self.value
    }

    /// Whether the value looks like a real, usable secret rather than an example a person
    /// typed in its place: a token whose checksum holds, or a value that is no placeholder, no
    /// word such as `password` or `mytoken`, and long and varied enough (8 characters or more
    /// with a digit, or 16 or more).
    pub fn looks_live(&self) -> bool {
        if self.shape.placeholder.is_some() {
            return false;
        }
        if self.shape.prefix.is_some() {
            return self.shape.checksum == Checksum::Valid;
        }
        let v = &self.value;
        let len = v.chars().count();
        let lower: String = v
            .to_ascii_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        const DUMMY: &[&str] = &[
            "password",
            "passwd",
            "pass",
            "pwd",
            "secret",
            "token",
            "apitoken",
            "apppassword",
            "key",
            "apikey",
            "my",
            "your",
            "the",
            "app",
            "api",
            "access",
            "user",
            "example",
            "test",
            "dummy",
            "sample",
            "xxx",
            "abc",
            "123",
            "1234",
            "12345",
            "123456",
        ];
        let dummy = {
            // Made only of those words: `mypassword`, `apptoken123`, `secret123`.
            let mut rest = lower.as_str();
            while let Some(w) = DUMMY
                .iter()
                .filter(|w| rest.starts_with(*w))
                .max_by_key(|w| w.len())
            {
                rest = &rest[w.len()..];
            }
            rest.is_empty()
        };
        let varied = v.chars().collect::<std::collections::HashSet<_>>().len() >= 5;
        !dummy && varied && (len >= 16 || (len >= 8 && v.chars().any(|c| c.is_ascii_digit())))
    }

    /// Whether `text` contains this secret (used to scrub text that echoes a header back).
    pub fn occurs_in(&self, text: &str) -> bool {
        self.value.len() >= 6 && text.contains(&self.value)
    }

    /// `text` with every occurrence of this secret replaced by its redacted form: for text a
    /// server or a tool may echo back (an error message, a response body).
    pub fn scrub(&self, text: &str) -> String {
        Scrubber::of(self).scrub(text).into_owned()
    }
}

/// The redacted form of a secret with this shape and length.
pub fn redact(shape: &Shape, len: usize) -> String {
    if let Some(p) = &shape.placeholder {
        return p.text.clone();
    }
    match shape.prefix {
        Some(prefix) => format!("{prefix}…({len} chars)"),
        None => format!("{}({len} chars)", shape.kind.as_str()),
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Input as an error may quote it: a URL without its user part; other text as typed, unless it
/// could be a secret pasted in the wrong place (a token's shape, or long and without a `/`),
/// which is shown only by its length.
pub fn shown_input(input: &str) -> String {
    if input.contains("://") {
        return redact_url(input);
    }
    let shape = classify(input);
    let tokenish = shape.prefix.is_some()
        || (input.len() > 40 && !input.contains('/'))
        || input.chars().any(char::is_control);
    if tokenish {
        format!("the value ({} characters)", input.chars().count())
    } else {
        format!("{input:?}")
    }
}

/// A URL as it may be shown: the user part replaced by `***`; text that is not a URL only by
/// its length (it may be a pasted secret).
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            let user = if authority.contains('@') { "***@" } else { "" };
            let path = if path.is_empty() {
                String::new()
            } else {
                format!("/{path}")
            };
            format!("{scheme}://{user}{host}{path}")
        }
        None => format!("the value ({} characters)", url.chars().count()),
    }
}

/// Where Atlassian token shapes stand in `text` (`ATATT…`, `ATCTT…`, `ATBB…` and 16 or more
/// token characters): alone, glued to a word, in a URL's path.
fn token_spans(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    const PREFIXES: [&str; 3] = ["ATATT", "ATCTT", "ATBB"];
    let token_byte = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'=');
    // Every prefix starts with `AT`: one vectorised search for it, then the prefixes compared
    // where it stands, finds the first prefix as three `find`s did, at a fraction of the cost
    // (this runs over every text printed).
    // The searcher built once, not per text.
    static AT_PAIR: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let at_pair = AT_PAIR.get_or_init(|| memchr::memmem::Finder::new("AT"));
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let rest = text.get(from..)?;
            let at = from
                + at_pair
                    .find_iter(rest.as_bytes())
                    .find(|&i| PREFIXES.iter().any(|p| rest[i..].starts_with(p)))?;
            let len = text[at..].bytes().take_while(token_byte).count();
            // A too-short match still moves on past its prefix.
            from = at + len.max(4);
            if len >= 16 {
                return Some(at..at + len);
            }
        }
    })
}

/// `text` with every Atlassian token shape replaced by its redacted form.
pub fn redact_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    let mut spans = token_spans(text).peekable();
    if spans.peek().is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for span in spans {
        out.push_str(&text[done..span.start]);
        out.push_str(&Secret::new(&text[span.clone()]).redacted());
        done = span.end;
    }
    out.push_str(&text[done..]);
    std::borrow::Cow::Owned(out)
}

/// The tokens in `text` whose built-in checksum holds: whole, live-looking secrets, as their
/// kind and redacted form.
pub fn valid_tokens(text: &str) -> Vec<(Kind, String)> {
    token_spans(text)
        .map(|span| Secret::new(&text[span]))
        .filter(|s| s.shape().checksum == Checksum::Valid)
        .map(|s| (s.shape().kind, s.redacted()))
        .collect()
}

/// Whether a word may be a secret pasted where it does not belong: a token's public prefix,
/// or long, without a `/`, and made of letters and digits as random tokens are.
pub fn looks_like_a_token(word: &str) -> bool {
    let charset = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_=.+~".contains(c));
    classify(word).prefix.is_some()
        || (word.len() >= 16
            && charset
            && word.chars().any(|c| c.is_ascii_digit())
            && word.chars().any(|c| c.is_ascii_alphabetic()))
}

/// Whether a word has the look of a random secret: at least 16 characters of the sets tokens
/// are made of, letters and digits mixed (upper and lower case both, or 32 characters or more).
/// Human words and names rarely are; logins, paths and slugs are not.
pub(crate) fn looks_random(word: &str) -> bool {
    let charset = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_=.+~".contains(c));
    let has = |f: fn(&char) -> bool| word.chars().any(|c| f(&c));
    charset
        && word.len() >= 16
        && has(char::is_ascii_digit)
        && ((has(char::is_ascii_uppercase) && has(char::is_ascii_lowercase))
            || (word.len() >= 32 && has(char::is_ascii_alphabetic)))
}

/// Whether a value standing where a login or a query parameter goes is a secret: an
/// Atlassian token shape, another service's token prefix (`ghp_`, `glpat-`, a JWT), or a
/// random-looking word ([`looks_random`]).
pub fn secret_like(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "xoxp-",
        "xoxa-",
        "sk-",
        "AKIA",
        "eyJ",
    ];
    let w = word.trim();
    classify_shape(w).prefix.is_some()
        || (w.len() >= 16 && PREFIXES.iter().any(|p| w.starts_with(p)))
        || looks_random(w)
}

/// A word that stands where a secret goes (a login, a query value), as reports may show it: a
/// token with a public prefix as its redacted form (`ATATT…(192 chars)`), anything else by
/// its length alone, since its place says nothing of its kind.
pub fn redact_word(word: &str) -> String {
    let shape = classify_shape(word);
    match shape.prefix {
        Some(_) => redact(&shape, word.chars().count()),
        None => format!("secret({} chars)", word.chars().count()),
    }
}

/// Whether the text at `at` is already a redacted form (`secret(12 chars)`,
/// `ATATT…(192 chars)`): it is not redacted twice.
fn redacted_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let word = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '…'))
        .map_or(rest, |end| &rest[..end]);
    let after = &rest[word.len()..];
    after.starts_with('(')
        && after[1..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(" chars)")
}

/// A query parameter whose name says its value is a secret (`access_token`, `api_key`,
/// `password`, `sig`).
fn secret_parameter(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "token",
        "secret",
        "password",
        "passwd",
        "apikey",
        "api_key",
        "credential",
        "session",
    ]
    .iter()
    .any(|w| n.contains(w))
        || ["key", "sig", "signature", "auth", "code", "pw", "pwd"].contains(&n.as_str())
}

/// `text` with what stands in a URL's login or query position redacted when it is a secret:
/// a password in `https://user:password@…` always, a login that looks like a token
/// (`https://TOKEN@…`), and a query value named for a secret or shaped like one
/// (`?access_token=…`).
pub fn redact_url_positions(text: &str) -> Cow<'_, str> {
    if !text.contains('@') && !text.contains('?') {
        return Cow::Borrowed(text);
    }
    let ends = |c: char| c.is_whitespace() || "\"'<>`()[]{}|\\^".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while let Some(at) = rest.find(['@', '?']) {
        let (before, from) = rest.split_at(at);
        if let Some(after) = from.strip_prefix('@') {
            // The user part: back to `://`, with nothing that ends a URL between.
            let start = before.rfind("://").map(|i| i + 3);
            let user = start
                .map(|s| &before[s..])
                .filter(|u| !u.is_empty() && !u.contains(ends) && !u.contains(['/', '@']));
            match user {
                Some(user) => {
                    let (login, password) = match user.split_once(':') {
                        Some((l, p)) => (l, Some(p)),
                        None => (user, None),
                    };
                    let login_at = before.len() - user.len();
                    let shown_login = match secret_like(&percent_decode(login)) {
                        true => redact_word(&percent_decode(login)),
                        false => login.to_string(),
                    };
                    out.push_str(&before[..login_at]);
                    out.push_str(&shown_login);
                    let password = password.filter(|p| {
                        !p.is_empty() && !redacted_at(before, login_at + login.len() + 1)
                    });
                    if let Some(p) = password {
                        out.push(':');
                        out.push_str(&redact_word(&percent_decode(p)));
                    } else if let Some((_, p)) = user.split_once(':') {
                        out.push(':');
                        out.push_str(p);
                    }
                    changed |= shown_login != login || password.is_some();
                }
                None => out.push_str(before),
            }
            out.push('@');
            rest = after;
            continue;
        }
        out.push_str(before);
        out.push('?');
        let query_end = from[1..]
            .find(|c: char| ends(c) || c == '#')
            .map_or(from.len(), |e| e + 1);
        let query = &from[1..query_end];
        let mut at = at + 1;
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
                at += 1;
            }
            let value_at = at + pair.find('=').map_or(0, |e| e + 1);
            match pair.split_once('=') {
                Some((k, v))
                    if !v.is_empty()
                        && placeholder(v).is_none()
                        && !redacted_at(rest, value_at)
                        && (secret_parameter(k) || secret_like(&percent_decode(v))) =>
                {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(&redact_word(&percent_decode(v)));
                    changed = true;
                }
                _ => out.push_str(pair),
            }
            at += pair.len();
        }
        rest = &from[query_end..];
    }
    out.push_str(rest);
    match changed {
        true => Cow::Owned(out),
        false => Cow::Borrowed(text),
    }
}

/// `%40` → `@`, as far as the text is valid percent-encoding (anything else as written; `+`
/// stays `+`). The one percent-decoder of the crate: `percent-encoding` (the `url` crate's own)
/// rather than the four hand-written ones that disagreed on `%+1`, on an escape at the end of
/// the text and on `+`.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Text that may quote the command line (a usage error), with whatever in `args` may be a
/// secret cut out: the secret of `-u LOGIN:SECRET`, of an `-H` Authorization header, and every
/// word of any argument that looks like a token.
pub fn scrub_arguments(text: &str, args: &[String]) -> String {
    let mut out = text.to_string();
    let mut previous = "";
    for arg in args {
        let value = |short: &str, long: &str| {
            if previous == short || previous == long {
                Some(arg.as_str())
            } else {
                arg.strip_prefix(&format!("{long}="))
                    .or_else(|| arg.strip_prefix(short).filter(|v| !v.is_empty()))
            }
        };
        if let Some(h) = value("-H", "--header") {
            out = Authorization::parse(h).scrub(&out);
        }
        if let Some((login, secret)) = value("-u", "--user").and_then(|u| u.split_once(':')) {
            out = Authorization::basic(login, Secret::new(secret)).scrub(&out);
        }
        let words = arg.split(|c: char| c.is_whitespace() || "'\":=,@".contains(c));
        for word in words.filter(|w| looks_like_a_token(w)) {
            out = Secret::new(word).scrub(&out);
        }
        previous = arg;
    }
    out
}

/// What kind of login is in the user part of Basic auth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginForm {
    Email,
    Username,
    /// `x-token-auth`: the git username for access and OAuth tokens.
    TokenAuth,
    /// `x-bitbucket-api-token-auth`: the git username for API tokens.
    ApiTokenAuth,
    Empty,
}

impl LoginForm {
    pub fn of(login: &str) -> LoginForm {
        let l = login.trim();
        if l.is_empty() {
            LoginForm::Empty
        } else if l.eq_ignore_ascii_case(TOKEN_GIT_USER) {
            LoginForm::TokenAuth
        } else if l.eq_ignore_ascii_case(API_TOKEN_GIT_USER) {
            LoginForm::ApiTokenAuth
        } else if l.contains('@') {
            LoginForm::Email
        } else if placeholder(l).is_some() && l.to_ascii_lowercase().contains("mail") {
            // `$BITBUCKET_EMAIL`, `{email}`, `<your-email>`: the text does not show the value,
            // but its name says it is the account email.
            LoginForm::Email
        } else {
            LoginForm::Username
        }
    }
}

/// A login safe to print: emails keep their first letter and domain (`p***@example.com`).
pub fn redact_login(login: &str) -> String {
    if secret_like(login) {
        // A token pasted as the username (`https://TOKEN@host/…`, `-u TOKEN:login`).
        return redact_word(login);
    }
    if placeholder(login).is_some() {
        return login.to_string();
    }
    match login.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => login.to_string(),
    }
}

/// A defect in Basic credentials as written (finding `basic-encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasicDefect {
    /// The payload after `Basic` is not base64 (often the raw token).
    NotBase64,
    /// Base64 of something that is not text.
    NotText,
    /// The decoded text has no `:` between login and secret.
    NoColon,
    /// The decoded text ends in a newline: `echo` without `-n`.
    TrailingNewline,
    /// The decoded text is wrapped in quotes that became part of the credential.
    Quotes,
    /// The login or secret is empty.
    Empty,
}

impl BasicDefect {
    pub fn describe(self) -> &'static str {
        match self {
            BasicDefect::NotBase64 => "the value after `Basic` is not base64",
            BasicDefect::NotText => "the base64 does not decode to text",
            BasicDefect::NoColon => "the decoded value has no `:` between login and secret",
            BasicDefect::TrailingNewline => {
                "the decoded value ends with a newline (`echo` without `-n`)"
            }
            BasicDefect::Quotes => "the decoded value contains quotes that became part of it",
            BasicDefect::Empty => "the login or the secret is empty",
        }
    }
}

/// The credential inside a Basic header, as decoded.
#[derive(Clone, Debug)]
pub struct BasicCredential {
    pub login: Option<String>,
    pub secret: Option<Secret>,
    pub defects: Vec<BasicDefect>,
}

/// Decode the payload of `Authorization: Basic <payload>` and report what is wrong with it.
pub fn decode_basic(payload: &str) -> BasicCredential {
    let payload = payload.trim();
    let Ok(bytes) = STANDARD.decode(payload) else {
        // `login:secret` not encoded (base64 has no `:`): the login and the secret as written,
        // so the secret keeps its kind. Else a raw secret: classified, never shown.
        let (login, secret) = match payload.split_once(':') {
            Some((l, s)) if !l.is_empty() && l.len() <= 128 && !l.contains(char::is_whitespace) => {
                (Some(l.to_string()), s)
            }
            _ => (None, payload),
        };
        return BasicCredential {
            login,
            secret: (!secret.is_empty()).then(|| Secret::new(secret)),
            defects: vec![BasicDefect::NotBase64],
        };
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return BasicCredential {
            login: None,
            secret: None,
            defects: vec![BasicDefect::NotText],
        };
    };
    let mut defects = Vec::new();
    if text.ends_with('\n') || text.ends_with('\r') {
        defects.push(BasicDefect::TrailingNewline);
    }
    if text.contains('"') || text.contains('\'') {
        defects.push(BasicDefect::Quotes);
    }
    let Some((login, secret)) = text.split_once(':') else {
        defects.push(BasicDefect::NoColon);
        return BasicCredential {
            login: None,
            secret: Some(Secret::new(text.trim_end())),
            defects,
        };
    };
    let clean = |s: &str| s.trim().trim_matches(['"', '\'']).to_string();
    let (login, secret) = (clean(login), clean(secret));
    if login.is_empty() || secret.is_empty() {
        defects.push(BasicDefect::Empty);
    }
    BasicCredential {
        login: Some(login),
        secret: (!secret.is_empty()).then(|| Secret::new(secret)),
        defects,
    }
}

/// Base64 of `login:secret` for a Basic header. Private: the payload is as secret as the secret.
fn encode_basic(login: &str, secret: &Secret) -> String {
    STANDARD.encode(format!("{login}:{}", secret.expose_for_request()))
}

/// An `Authorization` header as the user wrote it, parsed but not judged.
#[derive(Clone, Debug)]
pub struct Authorization {
    /// The scheme word exactly as written (`Bearer`, `bearer`, `Basic`, `Token`), or `None`
    /// when the header holds only a token.
    pub scheme: Option<String>,
    pub login: Option<String>,
    pub secret: Option<Secret>,
    pub defects: Vec<BasicDefect>,
    /// The header value exactly as the user wrote it, so a probe can reproduce it as-is.
    raw: Option<Secret>,
}

impl Authorization {
    /// Parse a header value (`Bearer x`, `Basic eHh4`, a bare token) or a whole
    /// `Authorization: …` line.
    pub fn parse(header: &str) -> Authorization {
        let mut value = header.trim();
        if let Some((name, rest)) = value.split_once(':')
            && name.trim().eq_ignore_ascii_case("authorization")
        {
            value = rest.trim();
        }
        let (word, rest) = match value.split_once(char::is_whitespace) {
            Some((w, r)) => (w, r.trim()),
            None => (value, ""),
        };
        // A scheme word with nothing after it (`Bearer ` from an empty variable) carries no
        // credential at all.
        if rest.is_empty()
            && ["bearer", "basic", "token"]
                .iter()
                .any(|s| word.eq_ignore_ascii_case(s))
        {
            return Authorization {
                scheme: Some(word.to_string()),
                login: None,
                secret: None,
                defects: Vec::new(),
                raw: Some(Secret::new(value)),
            };
        }
        let is_scheme = !rest.is_empty()
            && word.len() <= 16
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && placeholder(word).is_none();
        if !is_scheme {
            return Authorization {
                scheme: None,
                login: None,
                secret: (!value.is_empty()).then(|| Secret::new(value)),
                defects: Vec::new(),
                raw: Some(Secret::new(value)),
            };
        }
        if word.eq_ignore_ascii_case("basic") {
            let decoded = decode_basic(rest);
            // A placeholder after Basic (`Basic {base64}`) is a template, not broken base64;
            // a value the poster masked or cut short is hidden, not broken either.
            if decoded.defects == [BasicDefect::NotBase64]
                && (placeholder(rest).is_some() || masked_basic(rest))
            {
                return Authorization {
                    scheme: Some(word.to_string()),
                    login: None,
                    secret: Some(Secret::new(rest)),
                    defects: Vec::new(),
                    raw: Some(Secret::new(value)),
                };
            }
            return Authorization {
                scheme: Some(word.to_string()),
                login: decoded.login,
                secret: decoded.secret,
                defects: decoded.defects,
                raw: Some(Secret::new(value)),
            };
        }
        Authorization {
            scheme: Some(word.to_string()),
            login: None,
            secret: Some(Secret::new(rest)),
            defects: Vec::new(),
            raw: Some(Secret::new(value)),
        }
    }

    /// Basic credentials from a login and a secret (what `curl -u` sends).
    pub fn basic(login: &str, secret: Secret) -> Authorization {
        Authorization {
            scheme: Some("Basic".into()),
            login: Some(login.to_string()),
            secret: Some(secret),
            defects: Vec::new(),
            raw: None,
        }
    }

    /// The header a user writes with `scheme` (as typed, e.g. `bearer`; empty for none) in
    /// front of `secret`, parsed as [`Authorization::parse`] would parse it.
    pub fn as_written(scheme: &str, secret: &Secret) -> Authorization {
        match scheme {
            "" => Authorization::parse(secret.expose_for_request()),
            word => Authorization::parse(&format!("{word} {}", secret.expose_for_request())),
        }
    }

    pub fn bearer(secret: Secret) -> Authorization {
        Authorization {
            scheme: Some("Bearer".into()),
            login: None,
            secret: Some(secret),
            defects: Vec::new(),
            raw: None,
        }
    }

    /// The header value to send: exactly what the user wrote when they wrote one, otherwise
    /// built from the parts. It holds the secret: only the probe engine calls this, to write
    /// the header of the request it sends (`pub(crate)` so nothing outside the crate can).
    pub(crate) fn request_header_value(&self) -> Option<String> {
        if let Some(raw) = &self.raw {
            return Some(raw.expose_for_request().to_string());
        }
        let secret = self.secret.as_ref()?;
        match (&self.scheme, &self.login) {
            (Some(s), Some(login)) if s.eq_ignore_ascii_case("basic") => {
                Some(format!("{s} {}", encode_basic(login, secret)))
            }
            (Some(s), _) => Some(format!("{s} {}", secret.expose_for_request())),
            (None, _) => Some(secret.expose_for_request().to_string()),
        }
    }

    /// Whether `text` holds this credential as written: the secret itself, or the Basic payload
    /// that encodes it (e.g. a curl command that carries `-H 'Authorization: Basic …'`).
    pub fn written_in(&self, text: &str) -> bool {
        let Some(secret) = &self.secret else {
            return false;
        };
        secret.occurs_in(text)
            || self
                .login
                .as_deref()
                .is_some_and(|l| text.contains(&encode_basic(l, secret)))
    }

    /// `text` with this credential cut out in every form a server could echo it back (see
    /// [`Scrubber`]): the secret, the Basic payload that encodes it, a login that is a secret.
    pub fn scrub(&self, text: &str) -> String {
        let mut scrubber = Scrubber::new();
        scrubber.add_authorization(self);
        scrubber.scrub(text).into_owned()
    }

    /// Whether a request can carry this header as written: HTTP takes visible ASCII, spaces
    /// and tabs (a Basic payload is base64, so any login and secret fit in one).
    pub fn carriable(&self) -> bool {
        self.request_header_value()
            .is_none_or(|v| v.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)))
    }

    /// The kind of the secret, read from its shape and from how it is sent.
    pub fn kind(&self) -> Kind {
        let Some(secret) = &self.secret else {
            return Kind::None;
        };
        let shape_kind = secret.kind();
        let bearer = self
            .scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("bearer"));
        match shape_kind {
            // An opaque Bearer token is most likely an OAuth access token (its shape is not
            // documented, fact sheet §3.2).
            Kind::Unknown | Kind::AccountPassword if bearer && secret.len() > 40 => {
                Kind::OauthToken
            }
            k => k,
        }
    }

    /// `Bearer ATATT…(192 chars)`, `Basic pat@… : ATATT…(192 chars)`: safe to print.
    pub fn redacted(&self) -> String {
        let secret = self
            .secret
            .as_ref()
            .map(
                |s| match s.shape().prefix.is_none() && s.shape().placeholder.is_none() {
                    // No public prefix: name the kind the context gives (an opaque Bearer token
                    // is an OAuth token).
                    true => format!("{}({} chars)", self.kind().as_str(), s.len()),
                    false => s.redacted(),
                },
            )
            .unwrap_or_else(|| "(nothing)".into());
        match (&self.scheme, &self.login) {
            (Some(s), Some(login)) => format!("{s} {}:{secret}", redact_login(login)),
            (Some(s), None) => format!("{s} {secret}"),
            (None, _) => secret,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";
    const ACCESS: &str = "ATCTT3xFfGN0RnFyy5r2xJ7Fj4mgblEv0-9BZhvWaXH6K2-tyLBhhOhg9uhkxiiEZpFfk1OHAOEHYqM6Ojb6mjBHqSiFVKu4MbMnrHontIKARAH-Ggl2JfaQqHu42bojteVs3qfNUfTAFnT0tEuw0dwQ0FIunWe8Cz6SNDCdyZQJiJSZQdoHwHe=B20EBD43";
    const APP: &str = "ATBBOhbVrpoiVgRV5IfLBcbfnoGM579638B4";

    #[test]
    fn a_scheme_word_with_nothing_after_it_carries_no_credential() {
        for v in ["Bearer ", "Authorization: Bearer", "basic  ", "Token"] {
            let a = Authorization::parse(v);
            assert!(a.scheme.is_some() && a.secret.is_none(), "{v}");
        }
        // A bare token is still one, scheme-less.
        let a = Authorization::parse(API);
        assert!(a.scheme.is_none() && a.secret.is_some());
    }

    #[test]
    fn a_basic_value_masked_or_cut_short_is_hidden_not_broken() {
        for v in [
            "* * * * *",
            "ZGV2QGFjbWUuaW86QVRBVFQz…",
            "cmVs…MH...",
            "dXNlcjpB****",
            "dXNl[REDACTED]",
        ] {
            let a = Authorization::parse(&format!("Basic {v}"));
            assert!(a.defects.is_empty(), "{v}: {:?}", a.defects);
        }
        // Not base64 at all, or a token where base64 belongs: broken as sent.
        for v in [
            "dev@acme.io:ATATT3xFf…",
            "ATBB…",
            "pat:hunter2",
            "not base64!",
        ] {
            let a = Authorization::parse(&format!("Basic {v}"));
            assert!(!a.defects.is_empty(), "{v}");
        }
    }

    #[test]
    fn a_name_tells_a_secret_from_a_header() {
        for name in [
            "BB_TOKEN",
            "$apiToken",
            "{app_password}",
            "cfg.RepoAccessToken",
            "$env:BB_PAT",
        ] {
            assert!(names_a_secret(name), "{name}");
        }
        for name in [
            "credential",
            "auth",
            "{authHeader}",
            "bearer",
            "$AUTH",
            "tokenHeader",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }

    #[test]
    fn classifies_the_fact_sheet_samples_with_valid_checksums() {
        for (value, kind) in [
            (API, Kind::ApiToken),
            (ACCESS, Kind::AccessToken),
            (APP, Kind::AppPassword),
        ] {
            let shape = classify(value);
            assert_eq!(shape.kind, kind, "{value:.12}");
            assert_eq!(shape.checksum, Checksum::Valid, "{value:.12}");
        }
    }

    #[test]
    fn detects_altered_and_truncated_tokens() {
        let altered = format!("{}5", &API[..191]);
        assert_eq!(classify(&altered).checksum, Checksum::Invalid);
        assert_eq!(classify(&API[..150]).checksum, Checksum::Invalid);
        let app = APP.replace("Ohb", "Ohc");
        assert_eq!(classify(&app).checksum, Checksum::Invalid);
        // gitleaks' own negative sample differs in the last hex digit only (fact sheet §3.2).
        assert_eq!(
            classify(&format!("{}A", &API[..191])).checksum,
            Checksum::Invalid
        );
    }

    #[test]
    fn older_app_password_and_human_password() {
        assert_eq!(classify("abcdEFGH1234ijklMNOP").kind, Kind::AppPassword);
        assert_eq!(classify("Hunter2!-summer").kind, Kind::AccountPassword);
    }

    #[test]
    fn recognises_placeholders_and_their_kind() {
        let p = placeholder("{api_token}").unwrap();
        assert!(!p.shell);
        assert_eq!(p.kind_hint, Some(Kind::ApiToken));
        assert!(placeholder("$BITBUCKET_APP_PASSWORD").unwrap().shell);
        let cmd = placeholder("%BITBUCKET_APP_PASSWORD%").unwrap();
        assert!(cmd.shell);
        assert_eq!(cmd.kind_hint, Some(Kind::AppPassword));
        assert_eq!(
            placeholder("${BITBUCKET_APP_PASSWORD}").unwrap().kind_hint,
            Some(Kind::AppPassword)
        );
        assert!(placeholder("<token>").is_some());
        assert!(placeholder("__KEY__").is_some());
        // A credential's name in capitals stands for it; other capitals are a secret.
        assert!(placeholder("TOKEN").is_some());
        assert!(placeholder("PASSWORD").is_some());
        assert!(placeholder("HUNTER").is_none());
        assert_eq!(Secret::new("TOKEN").redacted(), "TOKEN");
        assert!(placeholder(API).is_none());
        assert!(placeholder(APP).is_none());
        assert!(placeholder("abcdEFGH1234ijklMNOP").is_none());
    }

    #[test]
    fn a_real_token_in_braces_is_not_a_placeholder() {
        let braced = format!("{{{API}}}");
        assert!(placeholder(&braced).is_none());
        assert!(!Secret::new(braced).redacted().contains("dz1C5"));
        let sub = "$(curl -s -u 'client:s3cr3t-consumer-value' https://x | jq -r .access_token)";
        let p = placeholder(sub).unwrap();
        assert_eq!(p.text, "$(…)");
    }

    #[test]
    fn tokens_are_redacted_wherever_they_stand() {
        let glued = format!("/change-2770/x{API}{API}y and {APP}, not ATBB nor ATATTx");
        let out = redact_tokens(&glued);
        assert!(
            !out.contains(&API[20..60]) && !out.contains(&APP[8..30]),
            "{out}"
        );
        assert!(out.ends_with("not ATBB nor ATATTx"), "{out}");
        assert!(matches!(
            redact_tokens("no token"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_password_that_looks_like_a_placeholder_is_not_shown() {
        for real in [
            "my_S3cret_pw",
            "$ecretPass9",
            "CORRECT_HORSE_42",
            "<MyRealPass1>",
        ] {
            let shown = Secret::new(real).redacted();
            assert!(!shown.contains(real), "{real}: {shown}");
        }
        for name in [
            "{api_token}",
            "$TOKEN",
            "${BB_TOKEN_2}",
            "%TOKEN%",
            "<token>",
            "xxxx",
        ] {
            assert_eq!(Secret::new(name).redacted(), name);
        }
    }

    #[test]
    fn secret_never_prints_its_value() {
        let s = Secret::new(API);
        for shown in [format!("{s}"), format!("{s:?}"), s.redacted()] {
            assert!(!shown.contains(&API[12..40]), "{shown}");
            assert!(shown.contains("192"), "{shown}");
        }
        assert_eq!(s.redacted(), "ATATT…(192 chars)");
    }

    #[test]
    fn basic_decoding_reports_defects() {
        let enc = |s: &str| STANDARD.encode(s);
        let ok = decode_basic(&enc(&format!("pat@example.com:{API}")));
        assert!(ok.defects.is_empty());
        assert_eq!(ok.login.as_deref(), Some("pat@example.com"));
        assert_eq!(ok.secret.unwrap().kind(), Kind::ApiToken);

        let newline = decode_basic(&enc(&format!("pat@example.com:{API}\n")));
        assert_eq!(newline.defects, [BasicDefect::TrailingNewline]);
        assert_eq!(newline.secret.unwrap().shape().checksum, Checksum::Valid);

        assert_eq!(decode_basic(API).defects, [BasicDefect::NotBase64]);
        // Not encoded at all: the login and the secret as written, the secret keeps its kind.
        let raw = decode_basic(&format!("pat@example.com:{API}"));
        assert_eq!(raw.defects, [BasicDefect::NotBase64]);
        assert_eq!(raw.login.as_deref(), Some("pat@example.com"));
        assert_eq!(raw.secret.unwrap().kind(), Kind::ApiToken);
        assert!(
            decode_basic(&enc(API))
                .defects
                .contains(&BasicDefect::NoColon)
        );
        assert!(
            decode_basic(&enc("\"pat@example.com:secret\""))
                .defects
                .contains(&BasicDefect::Quotes)
        );
    }

    #[test]
    fn parses_header_forms() {
        let a = Authorization::parse(&format!("Authorization: bearer {ACCESS}"));
        assert_eq!(a.scheme.as_deref(), Some("bearer"));
        assert_eq!(a.kind(), Kind::AccessToken);
        let bare = Authorization::parse(API);
        assert_eq!(bare.scheme, None);
        assert_eq!(bare.kind(), Kind::ApiToken);
        let placeholder = Authorization::parse("Authorization: {api_token}");
        assert_eq!(placeholder.scheme, None);
        assert_eq!(placeholder.kind(), Kind::ApiToken);
        let p = Authorization::parse("Bearer {api_token}");
        assert_eq!(p.redacted(), "Bearer {api_token}");
        let b = Authorization::basic("pat@example.com", Secret::new(API));
        assert_eq!(b.redacted(), "Basic p***@example.com:ATATT…(192 chars)");
        let round = Authorization::parse(&b.request_header_value().unwrap());
        assert_eq!(round.login.as_deref(), Some("pat@example.com"));
        assert!(round.defects.is_empty());
    }
}

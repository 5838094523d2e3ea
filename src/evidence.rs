//! Evidence: what bbdoctor knows, whether it sent the requests (`check`) or read them from
//! pasted text (`explain`). Rules read only this.
//!
//! Nothing here holds a secret value: requests carry the credential's classification and its
//! redacted form.

use crate::credential::{
    Authorization, BasicDefect, Checksum, Kind, LoginForm, Placeholder, Scrubber, secret_like,
};
use crate::source::Provenance;
use crate::target::Target;

/// Everything the rules may look at.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub target: Option<Target>,
    /// The credential under examination, when one is known (absent for anonymous checks and
    /// for pasted text that shows none).
    pub credential: Option<SentAuth>,
    /// Where the credential came from, e.g. `-H`, `env BITBUCKET_API_TOKEN`.
    pub source: Option<String>,
    /// What else is known about where it came from (check only).
    pub provenance: Provenance,
    pub exchanges: Vec<Exchange>,
    /// What the post's prose claims (explain only): always `stated`, never shown.
    pub claims: Vec<Claim>,
    /// The date the server reported (`Date` header) or the text mentions, as `YYYY-MM-DD`.
    pub today: Option<String>,
    /// The REST base URL in use, e.g. `https://api.bitbucket.org/2.0`.
    pub api_url: Option<String>,
    /// The REST base a tool's configuration shown in the text sets (`endpoint:
    /// 'https://bitbucket.org/'`, `apiUrl = …`), when it is a Bitbucket address.
    pub configured_api: Option<String>,
    /// Whether the evidence was produced live (`check`) rather than read from text.
    pub live: bool,
    /// What the user requires of the credential (CI preflight); empty when nothing is.
    pub requirements: Requirements,
    /// Live-looking secrets that stand in pasted text (explain only).
    pub leaks: Vec<Leak>,
    /// What ssh (or pasted git-over-ssh text) said, when SSH is involved (`crate::ssh`).
    pub ssh: Option<crate::ssh::SshFacts>,
    /// Hosts other than Bitbucket Cloud's that pasted requests went to (a self-hosted
    /// Bitbucket, another service): their exchanges are left out, since Cloud's rules say
    /// nothing of them (explain only).
    pub elsewhere: Vec<String>,
    /// A failure the text shows passed: the same call, made again in the same form, worked
    /// (a retry, a refreshed token). Words that something fails are about that failure
    /// (explain only).
    pub recovered: bool,
    /// The line (from 1) where a pasted job failed on its own, when every Bitbucket failure in
    /// it was in a step the job let fail (`… || echo`, a `WARNING:`): not the job's cause
    /// (explain only).
    pub failed_elsewhere: Option<usize>,
}

/// A secret that stands in pasted text as it is, usable by whoever reads the text: a token whose
/// built-in checksum holds, or a password in a URL. Only its redacted form is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    pub kind: Kind,
    /// `ATATT…(192 chars)`.
    pub shown: String,
    /// In a URL's user-info (`https://user:secret@…`) rather than as a token.
    pub in_url: bool,
}

/// What a CI preflight requires of the credential: `check --require-scope`,
/// `--require-permission`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirements {
    /// Scopes the credential must hold, in either vocabulary (`repository:write`,
    /// `read:repository:bitbucket`).
    pub scopes: Vec<String>,
    /// The least repository permission its user must have on the target.
    pub permission: Option<Permission>,
    /// `--can OPERATION…` over HTTPS: the operations asked about ([`crate::can`]).
    pub can: Vec<String>,
}

/// A repository permission, weakest first (so `Write >= Read`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Permission {
    Read,
    Write,
    Admin,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::Write => "write",
            Permission::Admin => "admin",
        }
    }

    /// Bitbucket's word (`read`, `write`, `admin`, as in `repository_permission`).
    pub fn parse(word: &str) -> Option<Permission> {
        match word.trim().to_ascii_lowercase().as_str() {
            "read" => Some(Permission::Read),
            "write" => Some(Permission::Write),
            "admin" => Some(Permission::Admin),
            _ => None,
        }
    }
}

/// How a fact is known (design.md §1), weakest first: a finding's support is the weakest
/// link of what it uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// A rule of thumb: a kind read from a variable's name, a scheme read from a message.
    #[default]
    Inferred,
    /// The poster says it in prose (or names it in a placeholder such as `{api_token}`).
    Stated,
    /// The paste shows the artefact: a header, a body, git's output, a command.
    Shown,
    /// bbdoctor sent the request and saw the answer.
    Observed,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Inferred => "inferred",
            Strength::Stated => "stated",
            Strength::Shown => "shown",
            Strength::Observed => "observed",
        }
    }

    /// The weakest of some strengths; `Observed` for none.
    pub fn weakest(parts: impl IntoIterator<Item = Strength>) -> Strength {
        parts.into_iter().min().unwrap_or(Strength::Observed)
    }

    /// Strong enough to conclude on: shown or observed.
    pub fn conclusive(self) -> bool {
        self >= Strength::Shown
    }
}

/// One HTTP exchange: a request as sent and what came back. Pasted text may show only one side.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The probe that sent it (`repo-anon`, `repo-as-sent`, `user`, …) or `pasted`.
    pub probe: String,
    /// How the exchange is known: observed by a probe, shown in a paste, or only told in words
    /// ("it fails with 401").
    pub strength: Strength,
    /// Pasted text: the line (from 1) it was read from, as the text came in (line ends kept).
    pub line: Option<usize>,
    pub request: Option<Request>,
    pub response: Option<Response>,
    /// The request never got an HTTP answer.
    pub failure: Option<Failure>,
    pub elapsed_ms: Option<u64>,
    /// A git operation's answer though no request shows it: a sentence told of a clone or a
    /// push that failed ("our job cannot clone, it says authentication failed").
    pub over_git: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    pub url: String,
    /// The Authorization the request carried; `None` when it had none.
    pub auth: Option<SentAuth>,
    /// The text shows the request but not its headers (a tool's log line): `auth: None` then
    /// says nothing about what it carried.
    pub auth_unseen: bool,
}

/// An Authorization header, classified and redacted. The secret itself is not here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentAuth {
    /// The scheme word exactly as written; `None` when the header holds only a token.
    pub scheme: Option<String>,
    /// The Basic login (username, email, `x-token-auth`, …); not a secret.
    pub login: Option<String>,
    pub kind: Kind,
    pub checksum: Checksum,
    pub placeholder: Option<Placeholder>,
    pub defects: Vec<BasicDefect>,
    /// e.g. `Bearer ATATT…(192 chars)`.
    pub redacted: String,
    /// The secret alone, redacted: `ATATT…(192 chars)`.
    pub secret_redacted: String,
    /// The credential's length, to tell a truncated paste.
    pub secret_len: Option<usize>,
    /// How its kind is known: its shape or Bitbucket's `x-credential-type` shows it; a
    /// placeholder's or the post's words state it; a variable's name only suggests it. For a
    /// credential only described, how its kind, scheme and login are known, the weakest.
    pub kind_strength: Strength,
    /// How its scheme and login are known: shown with the header, or, for a credential only
    /// described, as the post tells them or a refusal implies.
    pub form_strength: Strength,
    /// Not shown: described from the post's words (`facts::unseen_credential`).
    pub described: bool,
}

impl SentAuth {
    /// A header whose whole value the poster masked (`Authorization: ***`): it hides the
    /// scheme word too, so it tells as little as a header not shown.
    pub fn hidden(&self) -> bool {
        // A mask after a token's public prefix (`ATATT…`) hides only the rest of the token.
        self.scheme.is_none()
            && self
                .placeholder
                .as_ref()
                .is_some_and(|p| p.mask && p.kind_hint.is_none())
    }

    pub fn from_authorization(auth: &Authorization) -> SentAuth {
        let shape = auth.secret.as_ref().map(|s| s.shape().clone());
        SentAuth {
            scheme: auth.scheme.clone(),
            login: auth.login.clone(),
            kind: auth.kind(),
            checksum: shape.as_ref().map_or(Checksum::None, |s| s.checksum),
            placeholder: shape.and_then(|s| s.placeholder),
            defects: auth.defects.clone(),
            redacted: auth.redacted(),
            // Labelled as the header's redacted form labels it: a secret of no known shape by
            // the kind its context gives (an opaque Bearer token is an OAuth token).
            secret_redacted: auth.secret.as_ref().map_or_else(String::new, |s| {
                match s.shape().prefix.is_none() && s.shape().placeholder.is_none() {
                    true => format!("{}({} chars)", auth.kind().as_str(), s.len()),
                    false => s.redacted(),
                }
            }),
            secret_len: auth.secret.as_ref().map(|s| s.len()),
            kind_strength: match auth
                .secret
                .as_ref()
                .and_then(|s| s.shape().placeholder.as_ref())
            {
                // `$TOKEN`: a variable's name only suggests what it holds. `{api_token}`,
                // `ATATT…`: the poster's own label or mask in the artefact shows it.
                Some(p) if p.shell => Strength::Inferred,
                // No public prefix: a password's variety, or an old app password's 20
                // letters and digits, is a guess at the kind.
                _ if matches!(auth.kind(), Kind::AccountPassword | Kind::AppPassword)
                    && auth
                        .secret
                        .as_ref()
                        .is_some_and(|s| s.shape().prefix.is_none()) =>
                {
                    Strength::Inferred
                }
                _ => Strength::Shown,
            },
            form_strength: Strength::Shown,
            described: false,
        }
    }

    /// How well both its kind and its form (scheme, login) are known: what a rule about the
    /// form a kind needs rests on.
    pub fn form_known(&self) -> Strength {
        // A pasted secret whose kind nothing shows (masked whole: `****`) has no right form to
        // be judged against: that it was sent rightly is only assumed. (A check sent it itself,
        // in every form its kind could need.)
        let kind_known = match self.kind {
            Kind::Unknown if self.form_strength != Strength::Observed => Strength::Inferred,
            _ => self.kind_strength,
        };
        kind_known.min(self.form_strength)
    }

    /// The scheme word, compared without regard to case.
    pub fn scheme_is(&self, word: &str) -> bool {
        self.scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
    }

    /// A scheme word other than the canonical `Bearer` / `Basic`: another case (`bearer`) or
    /// another word (`Token`, GitHub's habit). `JWT` is Bitbucket's own, for Connect apps.
    /// `basic` in any case is not: Azure Pipelines fetches from bitbucket.org with
    /// `AUTHORIZATION: basic …` (microsoft/azure-pipelines-agent#1778), and the refusals on
    /// record are of `bearer` (fact sheet, row B3).
    pub fn scheme_miscased(&self) -> bool {
        match self.scheme.as_deref() {
            Some("Bearer" | "Basic" | "JWT") | None => false,
            Some(s) => !s.eq_ignore_ascii_case("basic"),
        }
    }

    pub fn login_form(&self) -> Option<LoginForm> {
        self.login.as_deref().map(LoginForm::of)
    }

    /// How well the login's form is known. `{username}`, `$BB_USER`, `<login>`: a label, not
    /// a value, and Atlassian's own forms call the account email the "username": the login
    /// may well be the email. A placeholder named for an email says more, a value shows it.
    /// (A login told in prose is as strong as its form, which says so already.)
    pub fn login_known(&self) -> Strength {
        match self.login.as_deref() {
            Some(l)
                if !self.described
                    && crate::credential::placeholder(l).is_some()
                    && LoginForm::of(l) == LoginForm::Username =>
            {
                Strength::Inferred
            }
            _ => Strength::Shown,
        }
    }

    /// Is the credential in the form Bitbucket documents for its kind (fact sheet §1), for
    /// the REST API or for git over HTTPS?
    pub fn documented_form(&self, git: bool) -> bool {
        let canonical = matches!(self.scheme.as_deref(), Some("Bearer") | Some("Basic"));
        if !canonical || !self.defects.is_empty() {
            return false;
        }
        if self.kind == Kind::Unknown {
            return true;
        }
        let Some(form) = crate::bitbucket::form(self.kind, git) else {
            return false;
        };
        self.scheme.as_deref() == Some(form.scheme)
            && (form.logins.is_empty()
                || self.login_form().is_some_and(|l| form.logins.contains(&l)))
    }
}

/// A response, reduced to what the rules use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Lower-case names, only the headers that matter (see [`KEPT_HEADERS`]).
    pub headers: Vec<(String, String)>,
    /// Bitbucket's error message: `error.message` of a JSON body, or the first line of a
    /// plain-text body.
    pub message: Option<String>,
    /// `error.detail` when it is a string.
    pub detail: Option<String>,
    /// `error.detail.required` / `error.detail.granted` of a missing-scope 403.
    pub required: Vec<String>,
    pub granted: Vec<String>,
    /// The body's text (capped), for matching plain-text and git `remote:` messages.
    pub body: String,
    /// Bitbucket's whole message where the text holds a telling part of it (a line cut by a
    /// tool): matched as the message, never shown, since the text does not hold it.
    pub implied: Option<&'static str>,
    /// `/2.0/user`: the account that authenticated.
    pub account: Option<Account>,
    /// A repository's `is_private`, when the body was a repository.
    pub private: Option<bool>,
    /// A repository permission (`read`, `write`, `admin`) from a permission endpoint.
    pub permission: Option<String>,
}

/// Response headers that bear on authentication (fact sheet §5).
pub const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "date",
    "location",
    "retry-after",
    "server",
    "www-authenticate",
    "x-accepted-oauth-scopes",
    "x-credential-type",
    "x-oauth-scopes",
    "x-ratelimit-limit",
    "x-ratelimit-nearlimit",
    "x-ratelimit-resource",
];

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the message or body contains `needle` (case-insensitive).
    pub fn says(&self, needle: &str) -> bool {
        // Compared in place: the rules ask this of every response, and lower-casing message and
        // body on each call was a large share of `rules::diagnose`.
        self.message
            .as_deref()
            .is_some_and(|m| contains_ignore_ascii_case(m, needle))
            || contains_ignore_ascii_case(&self.body, needle)
            || self
                .implied
                .is_some_and(|m| contains_ignore_ascii_case(m, needle))
    }

    /// Scopes listed in a comma-separated header.
    pub fn header_scopes(&self, name: &str) -> Vec<String> {
        self.header(name)
            .map(|v| {
                v.split([',', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A web page (`text/html`, `<!DOCTYPE html>`): the API and git never answer with one, a
    /// sign-in page or a proxy's portal does, whatever its status.
    pub fn is_web_page(&self) -> bool {
        let body = self.body.trim_start().as_bytes();
        let starts = |p: &[u8]| body.len() >= p.len() && body[..p.len()].eq_ignore_ascii_case(p);
        starts(b"<!doctype html")
            || starts(b"<html")
            || self
                .header("content-type")
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"))
    }

    /// A page of a listing with nothing in it (`{"values": [], …}`): what anyone without
    /// access gets, even from a workspace of private repositories, and what a credential
    /// Bitbucket ignored gets (2026-12 review, B1 and N9): it proves nothing.
    pub fn is_empty_listing(&self) -> bool {
        self.is_success()
            && serde_json::from_str::<serde_json::Value>(&self.body)
                .ok()
                .and_then(|v| v.get("values")?.as_array().map(Vec::is_empty))
                .unwrap_or(false)
    }

    /// Whether the response shows Bitbucket authenticated the credential it was sent with: a
    /// success that names a credential type, a user or a private repository, or a 403 that
    /// judges the credential's scopes (only an authenticated caller gets one, R5).
    pub fn recognised(&self) -> bool {
        let known_type = self
            .header("x-credential-type")
            .is_some_and(|v| !v.is_empty());
        (self.is_success() && (known_type || self.account.is_some() || self.private == Some(true)))
            || (self.status == 403
                && (known_type || self.says("lack one or more required privilege scopes")))
    }
}

/// Who a credential authenticated as.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub account_id: Option<String>,
}

/// Why a request got no HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The host name did not resolve.
    Dns(String),
    /// Connection refused, reset or unreachable.
    Connect(String),
    /// No answer in time.
    Timeout(String),
    /// Certificate verification or handshake failed.
    Tls(String),
    /// The proxy refused or failed.
    Proxy(String),
    /// The client followed redirects until it gave up: an HTTP answer, but never the API's
    /// (a website address configured as the API base loops so).
    Redirects(String),
    /// Not sent: the plan or the safety rules stopped it (budget, host pinning).
    NotSent(String),
    Other(String),
}

impl Failure {
    fn make_printable(&mut self, secrets: &Scrubber) {
        match self {
            Failure::Dns(m)
            | Failure::Connect(m)
            | Failure::Timeout(m)
            | Failure::Tls(m)
            | Failure::Proxy(m)
            | Failure::Redirects(m)
            | Failure::NotSent(m)
            | Failure::Other(m) => clean(m, secrets),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Dns(m)
            | Failure::Connect(m)
            | Failure::Timeout(m)
            | Failure::Tls(m)
            | Failure::Proxy(m)
            | Failure::Redirects(m)
            | Failure::NotSent(m)
            | Failure::Other(m) => m,
        }
    }
}

/// What a post's prose claims, sentence by sentence: what a support engineer notices in a post.
/// A claim is `stated`: it weighs between causes, and never concludes alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The post names the kind of credential it uses.
    CredentialKind(Kind),
    /// "works for the public repository", "returns public repositories".
    PublicWorks,
    /// "it currently works", "the API works fine": a call the post says succeeds.
    Works,
    /// "private repository" fails.
    PrivateFails,
    /// The account or workspace uses two-step verification.
    TwoStep,
    /// The account or workspace uses single sign-on.
    Sso,
    /// The login is the username (not the email).
    LoginIsUsername,
    /// The login is the email.
    LoginIsEmail,
    /// A git operation is involved (clone, push, pull).
    Git,
    /// A proxy or corporate network is mentioned.
    Proxy,
    /// The API token was made without scopes ("without scopes", "didn't specify the scope").
    NoScopes,
    /// The case of the scheme word is in question ("capital B", "lowercase bearer").
    SchemeCase,
    /// An IP allowlist or IP restriction is involved.
    IpAllowlist,
    /// The request went without a credential ("anonymous", "without credentials").
    NoCredential,
    /// Basic auth (a login and a password) is how the tool sends the credential.
    BasicAuth,
    /// The tool sends the credential as an access token, i.e. `Bearer` ("Personal Access
    /// Token as auth method", "Loaded AccessToken credentials").
    BearerAuth,
    /// The workspace's name is used where its slug (id) belongs.
    SlugConfusion,
    /// Something is said to fail ("my build fails", "permission denied", "cannot clone"): a
    /// text that says so is never judged fine on the strength of a call that worked.
    Fails,
}

/// Text from a server or a paste as reports may print it: control characters (a terminal's
/// escape sequences, with which a hostile server could retitle the window, clear the screen or
/// forge a verdict) and the invisible bidirectional overrides become U+FFFD. Line breaks and
/// tabs stay.
pub fn printable(text: &str) -> String {
    let hostile = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    match text.contains(hostile) {
        true => text
            .chars()
            .map(|c| if hostile(c) { '\u{FFFD}' } else { c })
            .collect(),
        false => text.to_string(),
    }
}

/// One text made safe to print: no known secret in any form (see [`Scrubber`]), printable,
/// no token shape, and no secret in a URL's login or query position (whatever path through a
/// parser or a server's answer brought it here).
fn clean(s: &mut String, secrets: &Scrubber) {
    if let std::borrow::Cow::Owned(scrubbed) = secrets.scrub(s) {
        *s = scrubbed;
    }
    // ASCII's control characters are its bytes below 32 and 127: a text of ASCII (most) is
    // tested byte by byte, without decoding characters.
    let unprintable = match s.is_ascii() {
        true => s.bytes().any(|b| b < 0x20 || b == 0x7F),
        false => s.contains(|c: char| c.is_control() || ('\u{202A}'..='\u{2069}').contains(&c)),
    };
    if unprintable {
        *s = printable(s);
    }
    if let std::borrow::Cow::Owned(redacted) = crate::credential::redact_tokens(s) {
        *s = redacted;
    }
    if let std::borrow::Cow::Owned(redacted) = crate::credential::redact_url_positions(s) {
        *s = redacted;
    }
}

fn clean_all<'a>(strings: impl IntoIterator<Item = &'a mut String>, secrets: &Scrubber) {
    strings.into_iter().for_each(|s| clean(s, secrets));
}

/// A login as it may be kept: one that looks like a token (a token pasted as the username)
/// becomes its redacted form.
fn clean_login(login: &mut String, secrets: &Scrubber) {
    if secret_like(login) {
        *login = crate::credential::redact_word(login);
    }
    clean(login, secrets);
}

impl SentAuth {
    fn make_printable(&mut self, secrets: &Scrubber) {
        clean_all(self.scheme.iter_mut(), secrets);
        if let Some(login) = &mut self.login {
            clean_login(login, secrets);
        }
        clean_all([&mut self.redacted, &mut self.secret_redacted], secrets);
        if let Some(p) = &mut self.placeholder {
            clean(&mut p.text, secrets);
        }
    }
}

impl Response {
    fn make_printable(&mut self, secrets: &Scrubber) {
        clean_all(self.headers.iter_mut().map(|(_, v)| v), secrets);
        clean_all(self.message.iter_mut().chain(&mut self.detail), secrets);
        clean_all(self.required.iter_mut().chain(&mut self.granted), secrets);
        clean_all(self.permission.iter_mut(), secrets);
        clean(&mut self.body, secrets);
        if let Some(a) = &mut self.account {
            clean_all(
                a.username
                    .iter_mut()
                    .chain(&mut a.display_name)
                    .chain(&mut a.account_id),
                secrets,
            );
        }
    }
}

impl Evidence {
    /// Make every text that came from outside printable (see [`printable`]) and free of
    /// secrets: the ones `secrets` knows in every form, token shapes, and whatever stands in a
    /// URL's login or query position. Called by both ways in, the probe engine and explain,
    /// so no report can carry a terminal's escape sequence or a secret from a server or a
    /// paste.
    pub fn make_printable(&mut self, secrets: &Scrubber) {
        clean_all(
            self.source
                .iter_mut()
                .chain(&mut self.api_url)
                .chain(&mut self.today),
            secrets,
        );
        if let Some(t) = &mut self.target {
            clean_all([&mut t.workspace, &mut t.repo], secrets);
            if let Some(user) = &mut t.git_user {
                clean_login(user, secrets);
            }
        }
        if let Some(c) = &mut self.credential {
            c.make_printable(secrets);
        }
        for e in &mut self.exchanges {
            if let Some(r) = &mut e.request {
                clean_all([&mut r.method, &mut r.url], secrets);
                if let Some(a) = &mut r.auth {
                    a.make_printable(secrets);
                }
            }
            if let Some(r) = &mut e.response {
                r.make_printable(secrets);
            }
            if let Some(f) = &mut e.failure {
                f.make_printable(secrets);
            }
        }
    }

    /// The Authorization forms the user sent, redacted: the credential's, and for pasted text
    /// every form the text shows, in its order. A post often tries several (`Bearer <token>`,
    /// then `<token>` alone) and the report names them all; a check's own probes are not the
    /// user's forms. At most four: a header, not a log (a pasted log may hold thousands).
    pub fn sent_forms(&self) -> Vec<&str> {
        const MOST: usize = 4;
        let mut forms: Vec<&str> = Vec::new();
        let pasted = self
            .exchanges
            .iter()
            .filter_map(|e| e.auth())
            .filter(|a| !self.live && !a.described);
        for a in pasted.chain(self.credential.iter().filter(|a| !a.described)) {
            if forms.len() == MOST {
                break;
            }
            if !forms.contains(&a.redacted.as_str()) {
                forms.push(&a.redacted);
            }
        }
        forms
    }

    /// The credential and every request's Authorization.
    pub fn auths_mut(&mut self) -> impl Iterator<Item = &mut SentAuth> {
        self.credential.iter_mut().chain(
            self.exchanges
                .iter_mut()
                .filter_map(|e| e.request.as_mut()?.auth.as_mut()),
        )
    }

    /// Exchanges with an HTTP response.
    pub fn responses(&self) -> impl Iterator<Item = (&Exchange, &Response)> {
        self.exchanges
            .iter()
            .filter_map(|e| e.response.as_ref().map(|r| (e, r)))
    }

    /// The exchange a probe produced.
    pub fn probe(&self, name: &str) -> Option<&Exchange> {
        self.exchanges.iter().find(|e| e.probe == name)
    }

    /// The response a probe got.
    pub fn answer(&self, name: &str) -> Option<&Response> {
        self.probe(name).and_then(|e| e.response.as_ref())
    }

    /// All Authorization headers seen, the examined credential first.
    pub fn auths(&self) -> impl Iterator<Item = &SentAuth> {
        self.credential.iter().chain(
            self.exchanges
                .iter()
                .filter_map(|e| e.request.as_ref()?.auth.as_ref()),
        )
    }

    pub fn claimed(&self, claim: &Claim) -> bool {
        self.claims.contains(claim)
    }
}

impl Exchange {
    /// A request URL that is git's smart-HTTP discovery, or any `.git` path.
    pub fn is_git(&self) -> bool {
        match &self.request {
            Some(r) if !r.url.is_empty() => r.url.contains(".git/") || r.url.ends_with(".git"),
            _ => self.over_git,
        }
    }

    pub fn auth(&self) -> Option<&SentAuth> {
        self.request.as_ref()?.auth.as_ref()
    }

    pub fn status(&self) -> Option<u16> {
        self.response.as_ref().map(|r| r.status)
    }
}

/// Most of a body the rules ever need; the rest is dropped.
pub const BODY_CAP: usize = 16 * 1024;

impl Response {
    /// Build a response from its status, headers (any case, any order) and body text, reading
    /// Bitbucket's error envelope (`{"type": "error", "error": {…}}`, fact sheet §4) or a
    /// plain-text message, and the few success bodies the rules use.
    pub fn from_parts(status: u16, headers: &[(String, String)], body: &str) -> Response {
        let mut r = Response {
            status,
            headers: headers
                .iter()
                .filter(|(n, _)| KEPT_HEADERS.iter().any(|k| k.eq_ignore_ascii_case(n)))
                .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_string()))
                .collect(),
            body: cap(body).to_string(),
            ..Response::default()
        };
        match serde_json::from_str::<serde_json::Value>(body.trim()) {
            Ok(json) => r.read_json(&json),
            // A success's text body is content (git's ref advertisement), not a message.
            Err(_) if r.is_success() => {}
            Err(_) => {
                r.message = body
                    .lines()
                    .map(|l| l.trim().trim_start_matches("remote:").trim())
                    .find(|l| !l.is_empty())
                    .map(String::from)
            }
        }
        r
    }

    fn read_json(&mut self, json: &serde_json::Value) {
        let text = |v: &serde_json::Value| v.as_str().map(String::from);
        let list = |v: Option<&serde_json::Value>| -> Vec<String> {
            v.and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(text).collect())
                .unwrap_or_default()
        };
        if let Some(error) = json.get("error") {
            self.message = error.get("message").and_then(text).or_else(|| text(error));
            // OAuth token endpoint: {"error": "invalid_request", "error_description": "…"}
            if let Some(desc) = json.get("error_description").and_then(text) {
                self.message = Some(desc);
            }
            match error.get("detail") {
                Some(d) if d.is_object() => {
                    self.required = list(d.get("required"));
                    self.granted = list(d.get("granted"));
                }
                Some(d) => self.detail = text(d),
                None => {}
            }
            return;
        }
        if json.get("type").and_then(|t| t.as_str()) == Some("user") {
            self.account = Some(Account {
                username: json.get("username").and_then(text),
                display_name: json.get("display_name").and_then(text),
                account_id: json.get("account_id").and_then(text),
            });
        }
        self.private = json.get("is_private").and_then(|v| v.as_bool());
        self.permission = json
            .get("permission")
            .or_else(|| json.pointer("/values/0/permission"))
            .and_then(text);
    }
}

/// At most [`BODY_CAP`] bytes, cut on a character boundary.
fn cap(body: &str) -> &str {
    if body.len() <= BODY_CAP {
        return body;
    }
    let mut end = BODY_CAP;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

/// Where `needle` first occurs in `haystack`: the same answer as [`str::find`] with a `&str`.
/// `str::find` sets up a two-way searcher on every call (some 300 instructions), more than a
/// line's search itself costs; here the needle's first byte is found by memchr's vectorised
/// search and the rest compared where it stands. The needles are short constants, so the
/// work stays linear in the haystack.
pub(crate) fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    if n.len() > h.len() {
        return None;
    }
    // A match is whole characters: UTF-8's first bytes are never a character's later ones.
    memchr::memchr_iter(first, &h[..=h.len() - n.len()]).find(|&i| h[i + 1..].starts_with(rest))
}

/// `haystack` split around the first `separator`: [`str::split_once`] by [`find_str`].
pub(crate) fn split_once_str<'a>(haystack: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    find_str(haystack, separator).map(|at| (&haystack[..at], &haystack[at + separator.len()..]))
}

/// The pieces of `haystack` between the occurrences of a non-empty `separator`:
/// [`str::split`] with a `&str` by [`find_str`] (which builds no searcher for each).
pub(crate) fn split_str<'a>(
    haystack: &'a str,
    separator: &'a str,
) -> impl Iterator<Item = &'a str> {
    debug_assert!(
        !separator.is_empty(),
        "an empty separator splits between characters"
    );
    let mut rest = Some(haystack);
    std::iter::from_fn(move || {
        let r = rest?;
        match find_str(r, separator) {
            Some(at) => {
                rest = Some(&r[at + separator.len()..]);
                Some(&r[..at])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The pieces of `haystack` between the ASCII bytes `a`, `b` and `c`: [`str::split`] at the
/// three characters, found by memchr's vectorised search of three bytes, not a character at a
/// time (an ASCII byte never stands inside a longer character).
pub(crate) fn split_ascii3(haystack: &str, a: u8, b: u8, c: u8) -> impl Iterator<Item = &str> {
    debug_assert!(a.is_ascii() && b.is_ascii() && c.is_ascii());
    let mut ends = memchr::memchr3_iter(a, b, c, haystack.as_bytes());
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let s = start?;
        match ends.next() {
            Some(end) => {
                start = Some(end + 1);
                Some(&haystack[s..end])
            }
            None => {
                start = None;
                Some(&haystack[s..])
            }
        }
    })
}

/// Where a non-empty `needle` occurs in `haystack`, each after the last one's end: the starts
/// [`str::match_indices`] gives, by [`find_str`].
pub(crate) fn match_starts<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> {
    debug_assert!(
        !needle.is_empty(),
        "an empty needle stands between every character"
    );
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let f = from?;
        let at = f + find_str(&haystack[f..], needle)?;
        from = Some(at + needle.len());
        Some(at)
    })
}

/// Whether `needle` occurs in `haystack`: [`str::contains`] by [`find_str`].
pub(crate) fn contains_str(haystack: &str, needle: &str) -> bool {
    find_str(haystack, needle).is_some()
}

/// [`str::trim_start`], the ASCII blanks passed a byte at a time: `str`'s decodes every
/// character it looks at through a searcher, some 60 instructions for a line with nothing to
/// trim, and most lines start with ASCII. Past the blanks, a byte outside ASCII (a character
/// that may be Unicode's whitespace) is left to `str`'s.
pub(crate) fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while b.get(i).copied().is_some_and(is_blank) {
        i += 1;
    }
    match b.get(i) {
        Some(c) if !c.is_ascii() => s[i..].trim_start(),
        _ => &s[i..],
    }
}

/// [`str::trim_end`], as [`trim_start`] does it.
pub(crate) fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut j = b.len();
    while j > 0 && is_blank(b[j - 1]) {
        j -= 1;
    }
    match j.checked_sub(1).map(|k| b[k]) {
        Some(c) if !c.is_ascii() => s[..j].trim_end(),
        _ => &s[..j],
    }
}

/// [`str::trim`], as [`trim_start`] does it.
pub(crate) fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// [`str::trim_matches`] with a set of ASCII characters, a byte at a time (`str`'s decodes
/// each character and compares it with each of the set's): an ASCII byte is never part of a
/// longer character.
pub(crate) fn trim_ascii_matches<'a>(s: &'a str, set: &[u8]) -> &'a str {
    debug_assert!(set.is_ascii());
    trim_end_ascii_matches(trim_start_ascii_matches(s, set), set)
}

/// [`str::trim_start_matches`] with a set of ASCII characters, as [`trim_ascii_matches`].
pub(crate) fn trim_start_ascii_matches<'a>(s: &'a str, set: &[u8]) -> &'a str {
    let start = s.bytes().position(|b| !set.contains(&b)).unwrap_or(s.len());
    &s[start..]
}

/// [`str::trim_end_matches`] with a set of ASCII characters, as [`trim_ascii_matches`].
pub(crate) fn trim_end_ascii_matches<'a>(s: &'a str, set: &[u8]) -> &'a str {
    let end = s
        .bytes()
        .rposition(|b| !set.contains(&b))
        .map_or(0, |at| at + 1);
    &s[..end]
}

/// The ASCII bytes `char::is_whitespace` holds: the space, `\t`, `\n`, `\x0B`, `\x0C`, `\r`.
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether `needle` occurs in `haystack`, ASCII letters matched case-blind: the same answer as
/// `haystack.to_ascii_lowercase().contains(&needle.to_ascii_lowercase())`, without allocating.
pub(crate) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    if n.len() > h.len() {
        return false;
    }
    // The first byte, in either case, found by memchr's vectorised search: most bodies hold
    // none of the phrases the rules ask for, and a byte-by-byte test cost ~40% of `says`.
    let starts = &h[..=h.len() - n.len()];
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        starts,
    )
    .any(|i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_missing_scope_body() {
        // R5, verbatim (pingdotgg/t3code#6290).
        let body = r#"{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes.", "detail": {"required": ["read:user:bitbucket"], "granted": ["write:repository:bitbucket", "read:repository:bitbucket"]}}}"#;
        let r = Response::from_parts(403, &[("X-OAuth-Scopes".into(), "a, b".into())], body);
        assert_eq!(r.required, ["read:user:bitbucket"]);
        assert_eq!(r.granted.len(), 2);
        assert!(r.says("lack one or more required privilege scopes"));
        assert_eq!(r.header_scopes("x-oauth-scopes"), ["a", "b"]);
    }

    #[test]
    fn reads_plain_text_and_string_detail() {
        let r = Response::from_parts(
            401,
            &[],
            "Login failed due to incorrect login credentials or method.\nFor information …",
        );
        assert_eq!(
            r.message.as_deref(),
            Some("Login failed due to incorrect login credentials or method.")
        );
        let x4 = r#"{"type": "error", "error": {"message": "Resource not found", "detail": "There is no API hosted at this URL."}}"#;
        let r = Response::from_parts(404, &[], x4);
        assert_eq!(
            r.detail.as_deref(),
            Some("There is no API hosted at this URL.")
        );
    }

    #[test]
    fn reads_user_and_repository_bodies() {
        let r = Response::from_parts(200, &[], r#"{"type": "user", "username": "pat"}"#);
        assert_eq!(r.account.unwrap().username.as_deref(), Some("pat"));
        let r = Response::from_parts(200, &[], r#"{"type": "repository", "is_private": true}"#);
        assert_eq!(r.private, Some(true));
    }

    #[test]
    fn contains_ignore_ascii_case_agrees_with_lowercasing() {
        let hays = [
            "",
            "Bad Credentials",
            "TOKEN is invalid",
            "ünïcode TöKEN",
            "aaab",
            "ab",
        ];
        let needles = [
            "",
            "b",
            "bad credentials",
            "token",
            "TÖKEN",
            "töken",
            "aab",
            "abc",
            "ü",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(
                    contains_ignore_ascii_case(h, n),
                    h.to_ascii_lowercase().contains(&n.to_ascii_lowercase()),
                    "{h:?} {n:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn find_str_is_find(h in "(a|b|ab|ba|é|\\$ | ){0,12}", n in "(a|b|é|\\$| ){0,4}") {
            proptest::prop_assert_eq!(find_str(&h, &n), h.find(n.as_str()));
            proptest::prop_assert_eq!(contains_str(&h, &n), h.contains(n.as_str()));
            proptest::prop_assert_eq!(split_once_str(&h, &n), h.split_once(n.as_str()));
            if !n.is_empty() {
                proptest::prop_assert_eq!(
                    split_str(&h, &n).collect::<Vec<_>>(),
                    h.split(n.as_str()).collect::<Vec<_>>()
                );
                proptest::prop_assert_eq!(
                    match_starts(&h, &n).collect::<Vec<_>>(),
                    h.match_indices(n.as_str()).map(|(at, _)| at).collect::<Vec<_>>()
                );
            }
        }

        #[test]
        fn split_ascii3_is_split(h in "(a|,|\\(|\\)|é|,,| ){0,12}") {
            proptest::prop_assert_eq!(
                split_ascii3(&h, b',', b'(', b')').collect::<Vec<_>>(),
                h.split([',', '(', ')']).collect::<Vec<_>>()
            );
        }

        #[test]
        fn contains_ignore_ascii_case_is_lowercased_contains(h in "[aAbBéÉ ]{0,12}", n in "[aAbBéÉ]{0,4}") {
            proptest::prop_assert_eq!(
                contains_ignore_ascii_case(&h, &n),
                h.to_ascii_lowercase().contains(&n.to_ascii_lowercase())
            );
        }
    }

    proptest::proptest! {
        /// The trims are `str`'s, whatever blanks, Unicode whitespace or other characters
        /// stand at either end.
        #[test]
        fn trims_are_str_s(
            s in "( |\t|\n|\u{0b}|\u{0c}|\r|\u{85}|\u{a0}|\u{2003}|\u{3000}|\u{1c}|a|é|\u{1f600}){0,8}"
        ) {
            proptest::prop_assert_eq!(trim_start(&s), s.trim_start());
            proptest::prop_assert_eq!(trim_end(&s), s.trim_end());
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }

        /// Trimmed of a set of ASCII characters a byte at a time, as `str` trims them.
        #[test]
        fn ascii_set_trims_are_str_s(s in r#"(`|"|'|,|\(|\)|\.|:|a|é|’| ){0,8}"#) {
            let set = ['`', '"', '\'', ',', '(', ')'];
            let bytes = b"`\"',()";
            proptest::prop_assert_eq!(trim_ascii_matches(&s, bytes), s.trim_matches(set));
            proptest::prop_assert_eq!(trim_start_ascii_matches(&s, bytes), s.trim_start_matches(set));
            proptest::prop_assert_eq!(trim_end_ascii_matches(&s, b".:"), s.trim_end_matches(['.', ':']));
        }
    }
}

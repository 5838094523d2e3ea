//! What a support engineer notices in a post's prose, as weak [`Hint`]s: the credential kind it
//! names, "works for the public repo", the private one failing, 2FA, SSO, the login being a
//! username or an email, git, a proxy; and the post's date.

use super::phrases::Phrases;
use crate::credential::Kind;
use crate::evidence::Hint;

/// Reads prose fragments (lower case) one by one; [`Reader::finish`] gives the hints.
#[derive(Debug, Default)]
pub struct Reader {
    hints: Vec<Hint>,
    /// Kinds the post says it created ("I created a new API token"): the credential in use,
    /// ahead of kinds it only mentions.
    created: Vec<Kind>,
    /// "access token" with no resource named: OAuth's when the post speaks of OAuth.
    plain_access_token: bool,
    oauth: bool,
}

static KINDS: Phrases<(&str, Kind)> = Phrases::new(&[
    ("api token", Kind::ApiToken),
    ("api_token", Kind::ApiToken),
    ("api-token", Kind::ApiToken),
    ("apitoken", Kind::ApiToken),
    ("api key", Kind::ApiToken),
    ("api_key", Kind::ApiToken),
    ("scoped token", Kind::ApiToken),
    ("app password", Kind::AppPassword),
    ("app-password", Kind::AppPassword),
    ("app_password", Kind::AppPassword),
    ("repository access token", Kind::AccessToken),
    ("repo access token", Kind::AccessToken),
    ("workspace access token", Kind::AccessToken),
    ("project access token", Kind::AccessToken),
    ("repository token", Kind::AccessToken),
    ("repo token", Kind::AccessToken),
    ("workspace token", Kind::AccessToken),
    ("project token", Kind::AccessToken),
    ("http access token", Kind::AccessToken),
    ("oauth", Kind::OauthToken),
    ("my password", Kind::AccountPassword),
    ("account password", Kind::AccountPassword),
    ("atlassian password", Kind::AccountPassword),
    ("bitbucket password", Kind::AccountPassword),
    ("login password", Kind::AccountPassword),
]);

static SUCCESS: Phrases =
    Phrases::new(&["work", "succeed", "success", "fine", "200", " ok", "return"]);
static NEGATION: Phrases = Phrases::new(&[
    "not ", "n't", "fail", "error", "unable", "cannot", "401", "403", "404",
]);
static FAILURE: Phrases = Phrases::new(&[
    "not work",
    "n't work",
    "fail",
    "error",
    "401",
    "403",
    "404",
    "denied",
    "cannot",
    "can't",
    "unable",
    "not found",
    "doesn't",
    "does not",
    "issue",
    "problem",
]);
static TWO_STEP: Phrases = Phrases::new(&[
    "2fa",
    "two-step",
    "two step",
    "two-factor",
    "two factor",
    "2sv",
    "2-step",
]);
static LOGIN_WORDS: Phrases = Phrases::new(&[
    "username",
    "user name",
    "login",
    "--user",
    "-u ",
    "basic auth",
    "as user",
]);
static USERNAME_IS_LOGIN: Phrases = Phrases::new(&[
    "random user name",
    "random username",
    "any user name",
    "any username",
    "my username",
    "bitbucket username",
    "account username",
    "with username",
    "username instead",
    "rather than my email",
    "rather than the email",
    "instead of my email",
    "instead of email",
    "instead of the email",
    "not my email",
    "not the email",
]);
/// Words that say what made it work: the login they name is the fix, not what failed.
static FIXED: Phrases = Phrases::new(&[
    "needed to use",
    "had to use",
    "need to use",
    "it worked",
    "works when",
    "worked once",
    "worked when",
    "solved",
    "fixed",
]);
static EMAIL_REJECTED: Phrases = Phrases::new(&[
    "rather than my email",
    "rather than the email",
    "instead of my email",
    "instead of the email",
    "instead of email",
    "not my email",
]);
static GIT: Phrases = Phrases::new(&[
    "git clone",
    "git push",
    "git pull",
    "git fetch",
    "cloning",
    "clone the repo",
    "to clone",
]);
static PROXY: Phrases = Phrases::new(&["proxy", "corporate network", "company network", "zscaler"]);
static NO_SCOPES: Phrases = Phrases::new(&[
    "without scopes",
    "without any scopes",
    "without any scope",
    "without scope",
    "no scopes",
    "didn't specify the scope",
    "did not specify the scope",
    "without specifying",
    "unscoped",
    "non-scoped",
]);
static SCHEME_CASE: Phrases = Phrases::new(&[
    "capital b",
    "lowercase bearer",
    "lower case bearer",
    "lower-case bearer",
    "lowercase 'bearer'",
    "lowercase \"bearer\"",
    "case sensitive",
    "case-sensitive",
    // Bitbucket's token endpoint answers `"token_type": "bearer"`; clients copy it (B3).
    "token_type",
]);
static IP_ALLOWLIST: Phrases = Phrases::new(&[
    "ip restriction",
    "ip allowlist",
    "ip whitelist",
    "ip allow list",
    "ip white list",
    "allowlisted ip",
    "whitelisted ip",
    "ip allowlisting",
    "ip whitelisting",
]);
static BASIC_AUTH: Phrases = Phrases::new(&[
    "basic auth",
    "basic authentication",
    "username/password",
    "username and password",
    "user/password",
]);
/// Logins that exist only in Basic credentials: named as the user, they say Basic auth.
static SPECIAL_LOGINS: Phrases = Phrases::new(&["x-token-auth", "x-bitbucket-api-token-auth"]);
static BEARER_AUTH: Phrases = Phrases::new(&[
    "as an access token",
    "as access token",
    "access token as auth",
    "accesstoken credentials",
    "as a bearer token",
    "as bearer token",
]);
static SLUG_CONFUSION: Phrases = Phrases::new(&[
    "name and slug",
    "name instead of",
    "instead of the slug",
    "instead of its slug",
    "display name",
    "workspace id (slug)",
]);
static NO_CREDENTIAL: Phrases = Phrases::new(&[
    "anonymous",
    "without credentials",
    "without any credentials",
    "no credentials",
    "without injecting credentials",
    "unauthenticated",
    "without authentication",
    "not authenticated",
    // SSH keys are not sent over HTTPS: a post that has only them sends its API calls bare.
    "just use ssh key",
    "only use ssh key",
    "just use an ssh key",
    "only use an ssh key",
    "only ssh key",
    "just ssh key",
]);

/// Words that, right before a credential's name, say it was not used ("we did not use
/// OAuth", "without an app password", "an API token, not an app password").
const NOT_USED: &[&str] = &["not", "no", "without", "never"];
/// Words that, right before a credential's name, say the post created it.
const CREATED: &[&str] = &[
    "create",
    "created",
    "creating",
    "generate",
    "generated",
    "generating",
    "new",
];
/// Words skipped between those and the name.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "any", "my", "our", "their", "use", "used", "using", "with",
];
/// Resources whose name before "api token" makes it their access token ("a workspace api
/// token": Bitbucket's API tokens belong to accounts, access tokens to resources).
const RESOURCES: &[&str] = &["workspace", "project", "repository", "repo"];

impl Reader {
    pub fn read(&mut self, lower: &str) {
        let mut resource_token = false;
        for (phrase, kind) in KINDS.all_in(lower) {
            for (at, _) in lower.match_indices(phrase) {
                let before = lead_words(&lower[..at]);
                if before.ends_with("n't") || NOT_USED.iter().any(|w| ends_with_word(before, w)) {
                    continue;
                }
                let kind = match kind {
                    Kind::ApiToken
                        if RESOURCES
                            .iter()
                            .any(|w| lower[..at].trim_end().ends_with(w)) =>
                    {
                        Kind::AccessToken
                    }
                    k => *k,
                };
                resource_token |= kind == Kind::AccessToken;
                self.oauth |= kind == Kind::OauthToken;
                if CREATED.iter().any(|w| ends_with_word(before, w))
                    && !self.created.contains(&kind)
                {
                    self.created.push(kind);
                }
                self.add(Hint::CredentialKind(kind));
            }
        }
        if lower.contains("consumer") || lower.contains("grant type") {
            self.oauth = true;
        }
        if !resource_token && lower.contains("access token") {
            self.plain_access_token = true;
        }
        for clause in lower
            .split([',', ';', '(', ')', '.'])
            .flat_map(|c| c.split(" but "))
        {
            let public_works =
                clause.contains("public") && SUCCESS.any_in(clause) && !NEGATION.any_in(clause);
            if public_works {
                self.add(Hint::PublicWorks);
            }
            let works = ["works", "worked", "working"]
                .iter()
                .any(|w| has_word(clause, w));
            if works && !NEGATION.any_in(clause) {
                self.add(Hint::Works);
            }
        }
        for sentence in lower.split(['.', '!', '?']) {
            if sentence.contains("private") && FAILURE.any_in(sentence) {
                self.add(Hint::PrivateFails);
            }
        }
        if TWO_STEP.any_in(lower) {
            self.add(Hint::TwoStep);
        }
        if has_word(lower, "sso")
            || lower.contains("single sign-on")
            || lower.contains("single sign on")
            || has_word(lower, "saml")
        {
            self.add(Hint::Sso);
        }
        if let Some(hint) = login_hint(lower) {
            self.add(hint);
        }
        let login_named = ["user", "users", "username", "login"]
            .iter()
            .any(|w| has_word(lower, w));
        if login_named && SPECIAL_LOGINS.any_in(lower) {
            self.add(Hint::BasicAuth);
        }
        if GIT.any_in(lower) {
            self.add(Hint::Git);
        }
        if PROXY.any_in(lower) {
            self.add(Hint::Proxy);
        }
        for (words, hint) in [
            (&NO_SCOPES, Hint::NoScopes),
            (&SCHEME_CASE, Hint::SchemeCase),
            (&IP_ALLOWLIST, Hint::IpAllowlist),
            (&NO_CREDENTIAL, Hint::NoCredential),
            (&BASIC_AUTH, Hint::BasicAuth),
            (&BEARER_AUTH, Hint::BearerAuth),
            (&SLUG_CONFUSION, Hint::SlugConfusion),
        ] {
            if words.any_in(lower) {
                self.add(hint);
            }
        }
    }

    fn add(&mut self, hint: Hint) {
        if !self.hints.contains(&hint) {
            self.hints.push(hint);
        }
    }

    pub fn finish(mut self) -> Vec<Hint> {
        if self.plain_access_token {
            let kind = if self.oauth {
                Kind::OauthToken
            } else {
                Kind::AccessToken
            };
            self.add(Hint::CredentialKind(kind));
        }
        // The kinds the post created come first, in the slots the kinds hold: the first kind
        // named is the one the rules examine.
        let slots: Vec<usize> = (0..self.hints.len())
            .filter(|&i| matches!(self.hints[i], Hint::CredentialKind(_)))
            .collect();
        let mut kinds: Vec<Hint> = slots.iter().map(|&i| self.hints[i].clone()).collect();
        kinds.sort_by_key(|h| match h {
            Hint::CredentialKind(k) => !self.created.contains(k),
            _ => true,
        });
        for (slot, kind) in slots.into_iter().zip(kinds) {
            self.hints[slot] = kind;
        }
        self.hints
    }
}

/// `text` less the determiners and use verbs at its end: what qualifies the word after it.
fn lead_words(text: &str) -> &str {
    let mut t = text.trim_end();
    while let Some(d) = DETERMINERS.iter().find(|d| ends_with_word(t, d)) {
        t = t[..t.len() - d.len()].trim_end();
    }
    t
}

/// `text` ends with `word`, with no letter or digit right before it.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Which login the failing request used, as the prose tells it.
fn login_hint(lower: &str) -> Option<Hint> {
    let email = lower.contains("email") || has_email(lower);
    if FIXED.any_in(lower) && email && lower.contains("username") {
        // "I needed to use my username rather than my email": the fix names the right login;
        // the failing request used the other one.
        let email_failed = EMAIL_REJECTED.any_in(lower);
        return Some(if email_failed {
            Hint::LoginIsEmail
        } else {
            Hint::LoginIsUsername
        });
    }
    if USERNAME_IS_LOGIN.any_in(lower) {
        return Some(Hint::LoginIsUsername);
    }
    (email && LOGIN_WORDS.any_in(lower)).then_some(Hint::LoginIsEmail)
}

/// `word` in `lower` with no letter or digit on either side.
fn has_word(lower: &str, word: &str) -> bool {
    lower.match_indices(word).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// An email address: `x@y.z`.
fn has_email(lower: &str) -> bool {
    lower.match_indices('@').any(|(at, _)| {
        let user = lower[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        // A domain is at most 253 characters: look no further, or a long line without
        // spaces is read to its end once per `@` (quadratic: minutes for a 4 MiB paste).
        let rest = &lower[at + 1..];
        let mut end = rest.len().min(256);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let domain = rest[..end]
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        user && domain.contains('.') && !domain.starts_with("bitbucket.org")
    })
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The latest date the text mentions, as `YYYY-MM-DD`: "November 5, 2025", "5 Nov 2025",
/// "2025-11-05", an HTTP `Date:` header. Dates near "expir…" are when something ends, not when
/// the post was written, and are skipped.
pub fn latest_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut latest: Option<(u16, u8, u8)> = None;
    let mut keep = |date: Option<(u16, u8, u8)>, at: usize| {
        let Some(d) = date else { return };
        let from = at.saturating_sub(80);
        let context = text.get(from..at).unwrap_or("").to_ascii_lowercase();
        if !context.contains("expir") && latest.is_none_or(|l| d > l) {
            latest = Some(d);
        }
    };
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            keep(iso_date(&b[i..]), i);
            let len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            i += len;
        } else if b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphabetic()) {
            let len = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            if let Some(month) = month(&text[i..i + len]) {
                keep(month_date(text, i, i + len, month), i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    latest.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn month(word: &str) -> Option<u8> {
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            word.eq_ignore_ascii_case(m) || (word.len() == 3 && m[..3].eq_ignore_ascii_case(word))
        })
        .map(|p| p as u8 + 1)
}

fn valid(y: u32, m: u32, d: u32) -> Option<(u16, u8, u8)> {
    ((2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y as u16, m as u8, d as u8))
}

/// `2025-11-05` at the start of `b`.
fn iso_date(b: &[u8]) -> Option<(u16, u8, u8)> {
    let s = b.get(..10)?;
    let digits = |r: std::ops::Range<usize>| {
        s[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if s[4] != b'-' || s[7] != b'-' || b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    valid(digits(0..4)?, digits(5..7)?, digits(8..10)?)
}

/// "November 5, 2025" (day after the month) or "5 November 2025" (day before).
fn month_date(text: &str, start: usize, end: usize, month: u8) -> Option<(u16, u8, u8)> {
    let after = text[end..].trim_start_matches('.');
    let number = |s: &str| -> Option<(u32, usize)> {
        let len = s.bytes().take_while(u8::is_ascii_digit).count();
        (1..=4)
            .contains(&len)
            .then(|| (s[..len].parse().ok(), len))
            .and_then(|(n, l)| Some((n?, l)))
    };
    let year_after = |s: &str| {
        let s = s.trim_start_matches([',', ' ']);
        number(s).filter(|(_, len)| *len == 4).map(|(y, _)| y)
    };
    // Month day, year
    let rest = after.trim_start();
    if let Some((day, len)) = number(rest).filter(|(_, l)| *l <= 2) {
        let rest =
            rest[len..].trim_start_matches(|c: char| c.is_ascii_alphabetic() && c.is_lowercase());
        if let Some(year) = year_after(rest) {
            return valid(year, month.into(), day);
        }
    }
    // day Month year
    let before = text[..start].trim_end();
    let day_len = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&day_len) {
        let day: u32 = before[before.len() - day_len..].parse().ok()?;
        let year = year_after(after)?;
        return valid(year, month.into(), day);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(text: &str) -> Vec<Hint> {
        let mut r = Reader::default();
        for line in text.lines() {
            r.read(&line.to_ascii_lowercase());
        }
        r.finish()
    }

    #[test]
    fn reads_the_seed_posts_prose() {
        let h = hints(
            "Api_token I have created with read and write scope.\n\
             I am trying to access private repository using api curl but it is throwing error.\n\
             Second Approach  (this is working for public repo but not working for private repo)",
        );
        assert_eq!(
            h,
            [
                Hint::CredentialKind(Kind::ApiToken),
                Hint::PrivateFails,
                Hint::PublicWorks,
                Hint::Works
            ]
        );
        let h = hints(
            "and the oauth consumer has the scope repository.\nI am getting my access token (using password grant type)",
        );
        assert_eq!(h, [Hint::CredentialKind(Kind::OauthToken)]);
    }

    #[test]
    fn a_credential_named_as_not_used_is_not_the_one_used() {
        assert_eq!(
            hints("we use an API token, not an app password"),
            [Hint::CredentialKind(Kind::ApiToken)]
        );
        assert!(hints("we didn't use OAuth").is_empty());
        assert!(hints("without any app password").is_empty());
        // A failure with the credential is not a denial of using it.
        assert_eq!(
            hints("I could not get the app password to work"),
            [Hint::CredentialKind(Kind::AppPassword)]
        );
        // The one the post created is examined first.
        assert_eq!(
            hints("Login with OAuth fails.\nI generated a new repository access token"),
            [
                Hint::CredentialKind(Kind::AccessToken),
                Hint::CredentialKind(Kind::OauthToken)
            ]
        );
    }

    #[test]
    fn reads_logins_2fa_sso_git_proxy() {
        // The fix is the username: the failing login was the email.
        let fixed = hints("I needed to use my bitbucket username, rather than my email address");
        assert_eq!(fixed, [Hint::LoginIsEmail]);
        let present = hints("I log in with my username rather than my email address");
        assert_eq!(present, [Hint::LoginIsUsername]);
        assert!(
            hints("bkt auth login --username <email address> --token x")
                .contains(&Hint::LoginIsEmail)
        );
        assert!(
            hints("In username, i have added my Bitbucket account username")
                .contains(&Hint::LoginIsUsername)
        );
        assert_eq!(
            hints("We enforce 2FA and SSO via SAML"),
            [Hint::TwoStep, Hint::Sso]
        );
        assert!(hints("I lost my password").contains(&Hint::CredentialKind(Kind::AccountPassword)));
        assert!(!hints("the lasso is ready").contains(&Hint::Sso));
        assert_eq!(
            hints("git clone fails behind the Zscaler proxy"),
            [Hint::Git, Hint::Proxy]
        );
    }

    #[test]
    fn finds_the_latest_date() {
        assert_eq!(
            latest_date("November 5, 2025\nNov 9, 2025").as_deref(),
            Some("2025-11-09")
        );
        assert_eq!(
            latest_date("on 2025-11-05 and 3 March 2026").as_deref(),
            Some("2026-03-03")
        );
        assert_eq!(
            latest_date("date: Mon, 23 Nov 2026 04:46:01 GMT").as_deref(),
            Some("2026-11-23")
        );
        assert_eq!(
            latest_date("\"time\":\"2026-04-24T20:39:44Z\"").as_deref(),
            Some("2026-04-24")
        );
        assert_eq!(
            latest_date("March 11, 2026. Token expires May 1, 2027").as_deref(),
            Some("2026-03-11")
        );
        assert_eq!(latest_date("version 1.2025-13-40 may 2 be"), None);
    }
}

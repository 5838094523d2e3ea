//! What a post's prose claims, as [`Claim`]s: the credential kind it names, a public repository
//! that works and a private one that fails, two-step verification, SSO, which login it used, an
//! API token without scopes, the case of the scheme word, an IP allowlist, a request without a
//! credential, the scheme the tool sends, a workspace's name for its slug, git, a proxy.
//!
//! A claim is `stated`: it may weigh between causes, never conclude alone (design.md §1). Each
//! is read within one sentence, and a negation before its cue denies it ("we did not use an app
//! password", "not anonymous"). Each row of [`ROWS`] is a general pattern, not a poster's
//! phrase: it has examples that must yield it and near-misses that must not, and the rows that
//! carry a diagnosis name at least two independent development reports behind them.

use crate::credential::Kind;
use crate::evidence::{
    Claim, Strength, contains_str, find_str, match_starts, split_ascii3, split_str,
};

/// Reads prose fragments (lower case) one by one; [`Reader::finish`] gives the claims.
#[derive(Debug, Default)]
pub struct Reader {
    claims: Vec<Claim>,
    /// Kinds the post says it created ("I created a new API token"): the credential in use,
    /// ahead of kinds it only mentions.
    created: Vec<Kind>,
    /// "access token" named, and a resource's access token named, anywhere in the post: the
    /// first alone is OAuth's when the post speaks of OAuth.
    plain_access_token: bool,
    resource_token: bool,
    oauth: bool,
    /// The unfinished sentence that ended the last line read, read again with the next line:
    /// prose hard-wrapped as mail and terminals paste it ("… with a new" / "API token …").
    carry: String,
    /// The cues of the fragment [`Reader::read_one`] reads, and the vocabulary of the sentence
    /// it reads: buffers kept.
    found: Vec<(usize, Cue)>,
    vocab: Vec<Claim>,
}

/// Whether a line starts a list item (`- `, `* `, `1. `, `2) `): a sentence carried from the
/// line before does not go on into it.
fn list_item(text: &str) -> bool {
    let t = crate::evidence::trim_start(text);
    // A number of one or two digits, then `.` or `)`: the line's first bytes tell (a digit is
    // neither sign), not a search of the line for the first sign.
    let b = t.as_bytes();
    let sign = |at: usize| matches!(b.get(at), Some(b'.' | b')'));
    let digit = |at: usize| b.get(at).is_some_and(u8::is_ascii_digit);
    t.starts_with(['-', '*', '•', '#', '|']) || (digit(0) && (sign(1) || (digit(1) && sign(2))))
}

/// Longest unfinished sentence carried to the next line.
const CARRY_CAP: usize = 160;

/// Names of credential kinds: vocabulary, not a diagnosis.
const KINDS: &[(&str, Kind)] = &[
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
    ("apppassword", Kind::AppPassword),
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
];

/// Words that, right before a credential's name, say it was not used ("we did not use
/// OAuth", "without an app password", "an API token, not an app password").
const NOT_USED: &[&str] = &["not", "no", "without", "never"];
/// Words that, right before a credential's name, say the post created it or switched to it:
/// the credential now in use.
const CREATED: &[&str] = &[
    "create",
    "created",
    "creating",
    "generate",
    "generated",
    "generating",
    "new",
    "change to",
    "changed to",
    "switch to",
    "switched to",
    "move to",
    "moved to",
    "migrate to",
    "migrated to",
    "replace it with",
    "replaced it with",
    "replaced them with",
];
/// Words skipped between those and the name.
const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "any",
    "my",
    "our",
    "their",
    "use",
    "used",
    "using",
    "with",
    "atlassian",
    "bitbucket",
    "cloud",
    "personal",
    "scoped",
];
/// Resources whose name before "api token" makes it their access token ("a workspace api
/// token": Bitbucket's API tokens belong to accounts, access tokens to resources).
const RESOURCES: &[&str] = &["workspace", "project", "repository", "repo"];

/// Words that deny what follows them within a few words.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "nor", "neither", "dont", "didnt", "doesnt", "isnt", "cant",
    "cannot", "wasnt", "wont", "arent", "havent", "hasnt", "couldnt", "wouldnt", "shouldnt",
];

/// Words that carry a verb's tense or voice, not its meaning.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has", "have", "had",
    "gets", "got",
];

/// One sentence, as written and in lower case (the same bytes: ASCII lower-casing keeps them).
pub struct Sentence<'a> {
    pub text: &'a str,
    pub lower: &'a str,
    /// Its words and the login it says was used, made on first asking: several rows may
    /// test one sentence, and each wants them.
    words: std::cell::OnceCell<Vec<Word<'a>>>,
    login: std::cell::OnceCell<Option<bool>>,
}

impl<'a> Sentence<'a> {
    pub fn new(text: &'a str, lower: &'a str) -> Sentence<'a> {
        Sentence {
            text,
            lower,
            words: std::cell::OnceCell::new(),
            login: std::cell::OnceCell::new(),
        }
    }

    /// [`words`] of the lower-case sentence.
    fn words(&self) -> &[Word<'a>] {
        self.words.get_or_init(|| words(self.lower))
    }

    /// [`login_used`] of the sentence.
    fn login(&self) -> Option<bool> {
        *self.login.get_or_init(|| login_used(self))
    }
}

/// One claim the prose can make: its test over a sentence, and its examples.
pub struct Row {
    pub claim: Claim,
    /// Words without one of which the test cannot hold: the test runs only on a sentence that
    /// holds one (one automaton finds them all in one pass).
    pub cues: &'static [&'static str],
    pub test: fn(&Sentence) -> bool,
    /// Sentences that must yield the claim.
    pub fires: &'static [&'static str],
    /// Near-misses that must not.
    pub quiet: &'static [&'static str],
    /// Development reports (`fixtures/reports/dev/`) that need the claim: at least two,
    /// independent, for a claim a rule concludes with.
    pub sources: &'static [&'static str],
}

/// How a claim is known: `stated` when its row has at least two independent development
/// reports behind it (or it is vocabulary: a credential's name, git, 2FA…); a pattern fewer
/// reports back is only a rule of thumb, `inferred`, which never concludes.
pub fn strength(claim: Claim) -> Strength {
    match ROWS.iter().find(|r| r.claim == claim) {
        Some(row) if row.sources.len() < 2 => Strength::Inferred,
        _ => Strength::Stated,
    }
}

/// The claims read from sentences. Vocabulary (a credential's name, git, a proxy, 2FA, SSO) is
/// read by [`Reader::read`] itself.
pub static ROWS: &[Row] = &[
    Row {
        claim: Claim::LoginIsEmail,
        cues: &["email", "e-mail", "@"],
        test: login_is_email,
        fires: &[
            "bkt auth login --username <email address> --token x",
            "i put my email address in the username field",
            "fill in bitbucket email (not user name) and api token",
            "i log in with my email and the app password",
        ],
        quiet: &[
            "i needed to use my email, not my username",
            "contact me by email",
            "the email notifications stopped",
        ],
        sources: &[
            "bitbucket-python-username-not-email.txt",
            "bkt-403-forbidden-unscoped-token.txt",
            "fork-api-token-as-access-token-401.txt",
            "codebucket-login-403.txt",
            "jgit-ls-remote-bitbucket-api-token-email.txt",
        ],
    },
    Row {
        claim: Claim::LoginIsUsername,
        cues: &["username", "user name", "user-name"],
        test: login_is_username,
        fires: &[
            "in username, i have added my bitbucket account username",
            "i log in with my username rather than my email address",
            "basic auth with my bitbucket username and the api token",
            "it only worked with my email, not with my username",
            "i tried any random user name",
        ],
        quiet: &[
            "my username is shown at the top right",
            "i used my email as the username",
            "what is my username?",
            "stored as username with password (username x-token-auth), the token as password",
        ],
        sources: &[
            "community-basic-auth-username-api-token.txt",
            "gitsync-repo-access-token-random-username.txt",
            "sourcetree-api-token-login-error.txt",
            "github-desktop-bitbucket-fetch-password.txt",
        ],
    },
    Row {
        claim: Claim::NoScopes,
        cues: &["scope"],
        test: no_scopes,
        fires: &[
            "i created the api token without any scopes",
            "the token has no scopes",
            "i didn't specify the scope when creating it",
            "we never selected scopes for it",
            "an unscoped api token",
            "created without selecting a scope",
        ],
        quiet: &[
            "the token is not scoped to this workspace",
            "no scope for pull requests is listed",
            "the scopes are read and write",
            "it lacks the pullrequest scope",
        ],
        sources: &[
            "bkt-403-forbidden-unscoped-token.txt",
            "community-git-api-token-no-scope-all-usernames.txt",
            "community-git-api-token-without-scopes.txt",
        ],
    },
    Row {
        claim: Claim::SchemeCase,
        cues: &["case", "capital", "`bearer`", "'bearer'", "\"bearer\""],
        test: scheme_case,
        fires: &[
            "bitbucket requires a capital b in bearer",
            "the client sends bearer in lowercase",
            "is the authorization header case sensitive?",
            "lower-case 'bearer' is refused",
            "it returns the token_type as `bearer`, but userinfo only accepts `Bearer`",
        ],
        quiet: &[
            "the repository name is case sensitive",
            "send the bearer token",
            "i wrote it in capital letters in the readme",
            "bearer tokens: send Bearer in the header",
        ],
        sources: &[
            "next-auth-userinfo-bearer-401.txt",
            "spinnaker-docs-userinfo-bearer-case.txt",
            "spinnaker-oauth-lowercase-bearer.txt",
        ],
    },
    Row {
        claim: Claim::IpAllowlist,
        cues: &[
            "allowlist",
            "allow list",
            "allow-list",
            "whitelist",
            "white list",
            "restrict",
        ],
        test: ip_allowlist,
        fires: &[
            "our workspace has ip restrictions enabled",
            "we allowlisted the ip addresses of the runners",
            "is the ip whitelist blocking it?",
        ],
        quiet: &[
            "the ip address of the server changed",
            "it is not about the ip allowlist, we have none",
            "i whitelisted the domain in the firewall",
        ],
        sources: &[
            "builderio-bitbucket-ip-restrictions.txt",
            "appveyor-bitbucket-ip-restricted-badgateway.txt",
        ],
    },
    Row {
        claim: Claim::NoCredential,
        cues: &[
            "anonymous",
            "unauthenticated",
            "credential",
            "token",
            "auth",
            "password",
        ],
        test: no_credential,
        fires: &[
            "the request falls back to anonymous access",
            "it calls the api without any credentials",
            "the call is unauthenticated",
            "we do not pass a token at all",
            "it passes the url to git clone without injecting credentials",
            "the api token isn't included in the clone url",
            "the credentials are not being sent",
        ],
        quiet: &[
            "this is not an anonymous request",
            "the token is passed with credentials",
            "credentials are stored in vault",
            "the token is not valid",
            "verify your credentials and permissions",
            "(anonymous) @ notificationsalerts.ts:28",
            "it's the account password, we never set up anything else for that user",
        ],
        sources: &[
            "mcp-bb-clone-403-no-credentials-in-url.txt",
            "pelorus-user-or-token-unset-anonymous-401.txt",
            "t3code-user-probe-missing-read-user-scope.txt",
        ],
    },
    Row {
        claim: Claim::BasicAuth,
        cues: &[
            "basic",
            "password",
            "x-token-auth",
            "x-bitbucket-api-token-auth",
        ],
        test: basic_auth,
        fires: &[
            "we use basic auth",
            "it asks for a username and password",
            "the user is x-token-auth",
            "http basic authentication with the token",
            "our script used my username and an app password",
            "i use my email as the username and the app password as the password",
        ],
        quiet: &[
            "basically it fails",
            "the password field is greyed out",
            "we switched away from basic auth to bearer tokens",
            "i forgot my username and reset my password",
            "fill in the email and the api token",
        ],
        sources: &[
            "community-all-calls-401-access-token-basic.txt",
            "devlake-workspace-token-basic-401.txt",
            "jenkins-workspace-token-basic-repo-dropdown.txt",
            "gitsync-repo-access-token-random-username.txt",
        ],
    },
    Row {
        claim: Claim::BearerAuth,
        cues: &[
            "as an access token",
            "as access token",
            "as a bearer token",
            "as bearer token",
            "bearer auth",
        ],
        test: bearer_auth,
        fires: &[
            "i added the api token as an access token",
            "the tool sends it as a bearer token",
            "it uses bearer auth",
        ],
        quiet: &[
            "the bearer token expired",
            "we do not send it as a bearer token",
            "an access token is created per repository",
        ],
        sources: &[],
    },
    Row {
        claim: Claim::SlugConfusion,
        cues: &["slug"],
        test: slug_confusion,
        fires: &[
            "i used the workspace name instead of the slug",
            "the display name and the slug differ",
            "is it the workspace id (slug) or its name?",
        ],
        quiet: &[
            "get /2.0/repositories/{workspace}/{repo_slug}",
            "the repo slug is widgets",
            "we renamed the project",
        ],
        sources: &["atlassian-python-api-workspace-name-vs-slug-404.txt"],
    },
];

impl Reader {
    /// Read a fragment of prose, as written. One pass of [`Cues`] finds every cue; a row's test
    /// runs only on the sentences that hold one of its cues (most lines of a log hold none).
    pub fn read(&mut self, text: &str) {
        self.read_lower(text, &text.to_ascii_lowercase(), None);
    }

    /// [`Reader::read`] with the text's ASCII lower-case copy at hand (the scanner makes one for
    /// the whole paste) and, when the scanner's markers found them, the text's cues: where
    /// each starts and its index in [`cue_phrases`], as a search of the text would give them.
    /// A sentence carried from the line before is searched again, joined to this line (with
    /// the markers' automaton when the scanner gave cues).
    pub fn read_lower(&mut self, text: &str, lower: &str, cues: Option<&[(usize, usize)]>) {
        debug_assert_eq!(text.len(), lower.len());
        let mut carried = std::mem::take(&mut self.carry);
        // A list item starts anew (asked only of a line a sentence would go on into).
        if carried.is_empty() || list_item(text) {
            self.read_one(text, lower, cues);
        } else {
            // Pushed, not `format!`ted: its machinery cost more than the copy (a line in four
            // of a log is joined).
            let rest = crate::evidence::trim_start(text);
            let mut joined = String::with_capacity(carried.len() + 1 + rest.len());
            joined.push_str(&carried);
            joined.push(' ');
            joined.push_str(rest);
            let lower = joined.to_ascii_lowercase();
            // With the scanner's markers at hand, the joined sentence's cues come from their
            // automaton too (one DFA pass), not from the claims' own NFA, several times slower.
            let marked: Option<Vec<(usize, usize)>> = cues
                .map(|line_cues| joined_cues(&joined, &lower, carried.len() + 1, text, line_cues));
            self.read_one(&joined, &lower, marked.as_deref());
        }
        // The words after the line's last full stop, unless the line ends one.
        let t = crate::evidence::trim_end(text);
        if !t.ends_with(['.', '!', '?', ';', ':']) {
            let tail = crate::evidence::trim(
                t.bytes()
                    .rposition(|b| matches!(b, b'.' | b'!' | b'?' | b';'))
                    .map_or(t, |at| &t[at + 1..]),
            );
            if !tail.is_empty() && tail.len() <= CARRY_CAP {
                // Into the carried words' buffer, not a new one: many lines carry words.
                carried.clear();
                carried.push_str(tail);
                self.carry = carried;
                return;
            }
        }
        // Nothing carried; the buffer kept, empty, for the next line that carries words.
        carried.clear();
        self.carry = carried;
    }

    /// A blank line or something other than prose: a sentence does not go on past it.
    pub fn end_paragraph(&mut self) {
        self.carry.clear();
    }

    fn read_one(&mut self, text: &str, lower: &str, marked: Option<&[(usize, usize)]>) {
        let cues = Cues::get();
        // One buffer for every fragment's cues, kept: most fragments of a log hold one.
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        match marked {
            Some(marked) => found.extend(marked.iter().map(|&(at, i)| (at, cues.owners[i]))),
            None => found.extend(
                cues.automaton()
                    .find_overlapping_iter(lower)
                    .map(|m| (m.start(), cues.owners[m.pattern().as_usize()])),
            ),
        }
        // A fragment whose only cues are the flags' reads as one without cues: it sets none.
        if !found.iter().all(|(_, cue)| matches!(cue, Cue::Flag(_))) {
            self.read_cued(text, lower, &mut found);
        }
        self.found = found;
    }

    /// [`Reader::read_one`] of a fragment with cues: `found`, where each starts and what it
    /// stands for.
    fn read_cued(&mut self, text: &str, lower: &str, found: &mut [(usize, Cue)]) {
        found.sort_by_key(|(at, _)| *at);
        for &(at, cue) in found.iter() {
            match cue {
                Cue::Kind(i) => self.kind_at(lower, at, i),
                Cue::Flag(Flag::Oauth) => self.oauth = true,
                Cue::Flag(Flag::AccessToken) => self.plain_access_token = true,
                _ => {}
            }
        }
        let mut next = found.iter().peekable();
        let mut vocab = std::mem::take(&mut self.vocab);
        let mut start = 0;
        // Byte by byte: the marks are ASCII, and no byte of a longer character is one.
        let ends = lower
            .bytes()
            .enumerate()
            .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?' | b';'))
            .map(|(at, _)| at)
            .chain([lower.len()]);
        for end in ends {
            // A sentence after the last cue tests no row and holds no vocabulary.
            if next.peek().is_none() {
                break;
            }
            let range = start..end;
            start = end + 1;
            // The cues of this sentence, as rows and vocabulary.
            let mut rows: u32 = 0;
            vocab.clear();
            while let Some(&&(at, cue)) = next.peek() {
                if at >= range.end {
                    break;
                }
                next.next();
                if at < range.start {
                    continue;
                }
                match cue {
                    Cue::Row(i) => rows |= 1 << i,
                    Cue::Said(claim) if !vocab.contains(&claim) => vocab.push(claim),
                    _ => {}
                }
            }
            // Trimmed only when a row or a word asks; a sentence of blanks is passed over, and
            // its cues with it.
            if rows == 0 && vocab.is_empty() {
                continue;
            }
            let sentence = crate::evidence::trim(&lower[range.clone()]);
            if sentence.is_empty() {
                continue;
            }
            let text = crate::evidence::trim(&text[range]);
            let both = Sentence::new(text, sentence);
            for (i, row) in ROWS.iter().enumerate() {
                if rows & (1 << i) != 0 && (row.test)(&both) {
                    self.add(row.claim);
                }
            }
            for &claim in &vocab {
                let holds = match claim {
                    // Whole words only: "lasso", "assoc".
                    Claim::Sso => {
                        has_word(sentence, "sso")
                            || has_word(sentence, "saml")
                            || contains_str(sentence, "single sign")
                    }
                    Claim::Works => {
                        self.outcomes(sentence);
                        false
                    }
                    _ => true,
                };
                if holds {
                    self.add(claim);
                }
            }
        }
        self.vocab = vocab;
    }

    /// A credential kind named at `at`, unless denied right before the name.
    fn kind_at(&mut self, lower: &str, at: usize, i: usize) {
        let (_, kind) = KINDS[i];
        let before = lead_words(&lower[..at]);
        if before.ends_with("n't") || NOT_USED.iter().any(|w| ends_with_word(before, w)) {
            return;
        }
        let kind = match kind {
            Kind::ApiToken
                if RESOURCES
                    .iter()
                    .any(|w| lower[..at].trim_end().ends_with(w)) =>
            {
                Kind::AccessToken
            }
            k => k,
        };
        self.resource_token |= kind == Kind::AccessToken;
        self.oauth |= kind == Kind::OauthToken;
        // "from app passwords to an API token": the one it went to.
        let went_to = ends_with_word(before, "to") && lower[..at].contains("from ");
        if (went_to || CREATED.iter().any(|w| ends_with_word(before, w)))
            && !self.created.contains(&kind)
        {
            self.created.push(kind);
        }
        self.add(Claim::CredentialKind(kind));
    }

    /// What works and what fails, clause by clause.
    fn outcomes(&mut self, sentence: &str) {
        let failing = |c: &str| {
            [
                "not ", "n't", "fail", "error", "unable", "cannot", "401", "403", "404",
            ]
            .iter()
            .any(|w| contains_str(c, w))
        };
        for clause in split_ascii3(sentence, b',', b'(', b')').flat_map(|c| split_str(c, " but ")) {
            // The rarer word first: most clauses name neither "public" nor "work" ("workspace"
            // cues this), and each test below is a search of the clause.
            let success = || {
                ["work", "succeed", "success", "fine", "200", " ok", "return"]
                    .iter()
                    .any(|w| contains_str(clause, w))
            };
            if contains_str(clause, "public") && success() && !failing(clause) {
                self.add(Claim::PublicWorks);
            }
            let works = contains_str(clause, "work")
                && ["works", "worked", "working"]
                    .iter()
                    .any(|w| has_word(clause, w));
            if works && !failing(clause) {
                self.add(Claim::Works);
            }
        }
        let fails = [
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
        ];
        if contains_str(sentence, "private") && fails.iter().any(|w| contains_str(sentence, w)) {
            self.add(Claim::PrivateFails);
        }
    }

    fn add(&mut self, claim: Claim) {
        if !self.claims.contains(&claim) {
            self.claims.push(claim);
        }
    }

    pub fn finish(mut self) -> Vec<Claim> {
        if self.plain_access_token && !self.resource_token {
            let kind = if self.oauth {
                Kind::OauthToken
            } else {
                Kind::AccessToken
            };
            self.add(Claim::CredentialKind(kind));
        }
        // The kinds the post created come first, in the slots the kinds hold: the first kind
        // named is the one the rules examine.
        let slots: Vec<usize> = (0..self.claims.len())
            .filter(|&i| matches!(self.claims[i], Claim::CredentialKind(_)))
            .collect();
        let mut kinds: Vec<Claim> = slots.iter().map(|&i| self.claims[i]).collect();
        kinds.sort_by_key(|h| match h {
            Claim::CredentialKind(k) => !self.created.contains(k),
            _ => true,
        });
        for (slot, kind) in slots.into_iter().zip(kinds) {
            self.claims[slot] = kind;
        }
        self.claims
    }
}

/// The cues of a sentence carried from the line before and joined to `line` (its words from
/// `rest_at` on), as a search of the whole joined text gives them (in any order: the reader
/// sorts them by where they start, and those starting together come from one search). The
/// cues wholly within the line are the scanner's, moved; only the carried words and a cue's
/// length past them are searched again, for cues that start there.
fn joined_cues(
    joined: &str,
    lower: &str,
    rest_at: usize,
    line: &str,
    line_cues: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut end = (rest_at + Cues::get().longest).min(joined.len());
    while !joined.is_char_boundary(end) {
        end += 1;
    }
    let mut found: Vec<(usize, usize)> = super::marks::Marks::new(&joined[..end], &lower[..end])
        .rows_within(super::marks::Table::Cues, 0..end)
        .filter(|&(at, _)| at < rest_at)
        .collect();
    // The line's cues from its first word on (the joined text drops its leading blanks).
    let blanks = line.len() - crate::evidence::trim_start(line).len();
    found.extend(
        line_cues
            .iter()
            .filter(|&&(at, _)| at >= blanks)
            .map(|&(at, row)| (at - blanks + rest_at, row)),
    );
    found
}

/// What a cue of the automaton stands for.
#[derive(Clone, Copy, Debug)]
enum Cue {
    /// A row of [`ROWS`] may hold.
    Row(usize),
    /// A credential kind of [`KINDS`] is named.
    Kind(usize),
    /// Vocabulary: the claim holds (SSO once its word is whole); `Works` stands for the three
    /// outcome claims, read clause by clause.
    Said(Claim),
    /// A phrase that sets one of the reader's flags for [`Reader::finish`]: found with the
    /// other cues, not searched for in every fragment.
    Flag(Flag),
}

/// The reader's flags a phrase sets.
#[derive(Clone, Copy, Debug)]
enum Flag {
    /// OAuth's vocabulary: "consumer", "grant type".
    Oauth,
    /// "access token" on its own.
    AccessToken,
}

/// Every cue of every claim, and one automaton to find them all, built once (and only when
/// a text comes without the scanner's markers).
struct Cues {
    patterns: Vec<&'static str>,
    /// The longest cue's length in bytes.
    longest: usize,
    owners: Vec<Cue>,
    automaton: std::sync::OnceLock<aho_corasick::AhoCorasick>,
}

/// Every cue, in the order [`Reader::read_lower`] numbers them.
pub fn cue_phrases() -> Vec<&'static str> {
    Cues::list().0
}

impl Cues {
    fn get() -> &'static Cues {
        static CUES: std::sync::OnceLock<Cues> = std::sync::OnceLock::new();
        CUES.get_or_init(|| {
            let (patterns, owners) = Cues::list();
            Cues {
                longest: patterns.iter().map(|p| p.len()).max().unwrap_or(0),
                patterns,
                owners,
                automaton: std::sync::OnceLock::new(),
            }
        })
    }

    fn automaton(&self) -> &aho_corasick::AhoCorasick {
        self.automaton.get_or_init(|| {
            // Only for a text read without the scanner's markers: cheap to build.
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&self.patterns)
                .expect("the cues are plain strings")
        })
    }

    /// Every cue and what it stands for.
    fn list() -> (Vec<&'static str>, Vec<Cue>) {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut owners: Vec<Cue> = Vec::new();
        for (i, row) in ROWS.iter().enumerate() {
            for cue in row.cues {
                patterns.push(cue);
                owners.push(Cue::Row(i));
            }
        }
        for (i, (name, _)) in KINDS.iter().enumerate() {
            patterns.push(name);
            owners.push(Cue::Kind(i));
        }
        let vocabulary: &[(&[&'static str], Claim)] = &[
            (
                &[
                    "2fa",
                    "two-step",
                    "two step",
                    "two-factor",
                    "two factor",
                    "2sv",
                    "2-step",
                    "2 step",
                    "2-factor",
                    "2 factor",
                ],
                Claim::TwoStep,
            ),
            (&["sso", "saml", "single sign"], Claim::Sso),
            (
                &[
                    "git clone",
                    "git push",
                    "git pull",
                    "git fetch",
                    "cloning",
                    "to clone",
                ],
                Claim::Git,
            ),
            (
                &["proxy", "corporate network", "company network", "zscaler"],
                Claim::Proxy,
            ),
            (&["work", "public", "private"], Claim::Works),
            (
                &[
                    "fail",
                    "error",
                    "denied",
                    "unable to",
                    "cannot",
                    "can't",
                    "broken",
                    "refused",
                    "not work",
                    "n't work",
                    "hangs",
                    "stuck",
                    "killed",
                    "times out",
                    "never finishes",
                ],
                Claim::Fails,
            ),
        ];
        for (words, claim) in vocabulary {
            for w in *words {
                patterns.push(w);
                owners.push(Cue::Said(*claim));
            }
        }
        let flags = [
            ("consumer", Flag::Oauth),
            ("grant type", Flag::Oauth),
            ("access token", Flag::AccessToken),
            ("accesstoken", Flag::AccessToken),
        ];
        for (phrase, flag) in flags {
            patterns.push(phrase);
            owners.push(Cue::Flag(flag));
        }
        (patterns, owners)
    }
}

/// The words of a sentence, punctuation aside (`didn't` → `didnt`, `user-name` kept whole).
fn words(sentence: &str) -> Vec<Word<'_>> {
    match sentence.is_ascii() {
        true => ascii_words(sentence),
        false => sentence
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ')' | '"' | '`'))
            // Copied only when an apostrophe must go (most words keep their bytes).
            .map(|w| match w.contains(['\'', '’']) {
                true => Word::Owned(w.chars().filter(|c| *c != '\'' && *c != '’').collect()),
                false => Word::Borrowed(w),
            })
            .filter(|w| !w.is_empty())
            .collect(),
    }
}

/// [`words`] of an ASCII sentence, split byte by byte (`char::is_whitespace` in ASCII is 9 to
/// 13 and the space): most sentences are ASCII, and a sentence is split once for each row it
/// cues.
fn ascii_words<'a>(sentence: &'a str) -> Vec<Word<'a>> {
    let b = sentence.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4);
    // Most sentences hold no apostrophe: then no word is searched for one.
    let apostrophes = memchr::memchr(b'\'', b).is_some();
    let mut push = |w: &'a str| {
        if apostrophes && w.contains('\'') {
            let bare = w.replace('\'', "");
            if !bare.is_empty() {
                out.push(Word::Owned(bare));
            }
        } else if !w.is_empty() {
            out.push(Word::Borrowed(w));
        }
    };
    let mut start = 0;
    // One table lookup a byte: this loop reads every byte of every sentence a row tests.
    for (end, &c) in b.iter().enumerate() {
        if WORD_SEPARATOR[usize::from(c)] {
            push(&sentence[start..end]);
            start = end + 1;
        }
    }
    push(&sentence[start..]);
    out
}

/// The bytes [`ascii_words`] splits at: ASCII whitespace, `,`, `:`, brackets and quotes.
static WORD_SEPARATOR: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 9;
    while c <= 13 {
        table[c] = true;
        c += 1;
    }
    let others = [b' ', b',', b':', b'(', b')', b'"', b'`'];
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

/// A word of a sentence, as [`words`] gives it.
type Word<'a> = std::borrow::Cow<'a, str>;

/// Whether a negation stands among the `reach` words before word `i`.
fn negated(words: &[Word], i: usize, reach: usize) -> bool {
    words[i.saturating_sub(reach)..i]
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_ref()))
}

/// Where a word (or a word with this stem) stands in a sentence's words.
fn positions(words: &[Word], stem: impl Fn(&str) -> bool) -> Vec<usize> {
    (0..words.len()).filter(|&i| stem(&words[i])).collect()
}

fn names_email(s: &str) -> bool {
    has_word(s, "email") || has_word(s, "e-mail") || has_email(s)
}

fn names_username(s: &str) -> bool {
    has_word(s, "username") || contains_str(s, "user name") || has_word(s, "user-name")
}

/// `login` (a word naming a login) is said to be the wrong one: "instead of my email", "rather
/// than the username", "not my email".
fn rejected(s: &str, login: &[&str]) -> bool {
    // "not my email", "instead of the username", "rather than with my email": a lead, then
    // optionally `with`, then optionally `my` or `the`, then the login's word. Read where each
    // lead stands rather than by building every phrase (this runs on many sentences).
    ["instead of", "rather than", "not"].iter().any(|lead| {
        match_starts(s, lead).any(|at| {
            let Some(rest) = s[at + lead.len()..].strip_prefix(' ') else {
                return false;
            };
            let rest = rest.strip_prefix("with ").unwrap_or(rest);
            let rest = rest
                .strip_prefix("my ")
                .or_else(|| rest.strip_prefix("the "))
                .unwrap_or(rest);
            login.iter().any(|l| rest.starts_with(l))
        })
    })
}

/// The sentence tells what made it work: the login it names is the fix, not what failed.
fn fixed(s: &str) -> bool {
    [
        "needed to",
        "had to",
        "need to",
        "only worked",
        "it worked",
        "works when",
        "worked when",
        "solved",
        "fixed",
        "the fix",
    ]
    .iter()
    .any(|w| contains_str(s, w))
}

const EMAIL: &[&str] = &["email", "e-mail", "email address"];
const USERNAME: &[&str] = &["username", "user name"];

/// Which login the failing request used, when the sentence names one: `Some(true)` for the
/// email, `Some(false)` for the username.
fn login_used(sentence: &Sentence) -> Option<bool> {
    let s = sentence.lower;
    let email = names_email(s);
    let username = names_username(s);
    let contrast = |used_email: bool| match fixed(s) {
        // "I needed to use my username, not my email": the failing login was the other one.
        true => !used_email,
        false => used_email,
    };
    if email && username {
        if rejected(s, EMAIL) {
            return Some(contrast(false));
        }
        if rejected(s, USERNAME) {
            return Some(contrast(true));
        }
        // The email in the username field: "my email as the username", "--username <email>".
        let email_first = s.find(EMAIL[0]).or_else(|| s.find('@'));
        let in_field = [
            "as the username",
            "as username",
            "in the username",
            "username:",
            "--username",
        ]
        .iter()
        .any(|w| contains_str(s, w));
        return (in_field
            || email_first.is_some_and(|e| s.find("username").is_some_and(|u| e > u)))
        .then_some(true);
    }
    // Asked only of a sentence that names the email: thirteen searches.
    let login_context = || {
        [
            "log in",
            "login",
            "logging in",
            "sign in",
            "-u ",
            "--user",
            "basic auth",
            "credentials",
            " with my",
            "using my",
            "use my",
            "used my",
            "field",
        ]
        .iter()
        .any(|w| contains_str(s, w))
    };
    if email && login_context() {
        return Some(true);
    }
    if username && !rejected(s, USERNAME) {
        let w = sentence.words();
        // "user name" is two words: the second is where the name stands.
        let used = positions(w, |x| x == "username" || x == "user-name")
            .into_iter()
            .chain(
                positions(w, |x| x == "name")
                    .into_iter()
                    .filter(|&i| i > 0 && w[i - 1] == "user"),
            )
            .map(|i| if w[i] == "name" { i - 1 } else { i })
            .collect::<Vec<_>>()
            .into_iter()
            .any(|i| {
                // Used: a verb of use before it, or a secret paired with it after it.
                let before = &w[i.saturating_sub(4)..i];
                let verb = before.iter().any(|b| {
                    matches!(
                        b.as_ref(),
                        "with"
                            | "using"
                            | "use"
                            | "used"
                            | "enter"
                            | "entered"
                            | "added"
                            | "put"
                            | "typed"
                            | "login"
                            | "log"
                            | "provide"
                            | "provided"
                            | "pass"
                            | "passing"
                            | "sending"
                            | "sent"
                    )
                });
                let after = &w[(i + 1).min(w.len())..(i + 4).min(w.len())];
                let paired = after.first().is_some_and(|a| a == "and" || a == "+")
                    && after.iter().any(|a| {
                        matches!(a.as_ref(), "token" | "password" | "app" | "api" | "secret")
                    });
                // "any random user name": a username, whichever.
                let whichever = before.iter().any(|b| {
                    matches!(
                        b.as_ref(),
                        "any" | "random" | "arbitrary" | "dummy" | "whatever"
                    )
                });
                // "username x-token-auth": git's documented login for a token, not an
                // account's username.
                let documented = w.get(i + 1).is_some_and(|a| {
                    let a = a.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-');
                    matches!(a, "x-token-auth" | "x-bitbucket-api-token-auth")
                });
                (verb || paired || whichever) && !documented && !negated(w, i, 3)
            });
        return used.then_some(false);
    }
    None
}

fn login_is_email(s: &Sentence) -> bool {
    s.login() == Some(true)
}

fn login_is_username(s: &Sentence) -> bool {
    s.login() == Some(false) && !s.lower.contains('?')
}

/// "without scopes", "no scopes", "didn't specify the scope", "unscoped": a token made with
/// none, not one short of a given scope ("no scope for pull requests", "not scoped to …").
fn no_scopes(sentence: &Sentence) -> bool {
    let s = sentence.lower;
    if ["unscoped", "non-scoped", "scopeless", "scope-less"]
        .iter()
        .any(|w| contains_str(s, w))
    {
        return true;
    }
    let w = sentence.words();
    positions(w, |x| x == "scope" || x == "scopes")
        .into_iter()
        .any(|i| {
            let after = w.get(i + 1).map_or("", |w| w.as_ref());
            let then = w.get(i + 2).map_or("", |w| w.as_ref());
            // "no scope for pull requests", "not scoped to the workspace": one scope, or a limit.
            let pronoun = matches!(
                then,
                "it" | "this" | "that" | "them" | "the" | "my" | "our" | "a"
            );
            let specific = matches!(after, "to" | "on" | "of")
                || (after == "for" && !pronoun)
                || after.contains(':');
            !specific && negated(w, i, 4)
        })
}

/// The case of the scheme word is in question: said so, or `bearer` and `Bearer` quoted side
/// by side as two spellings.
fn scheme_case(sentence: &Sentence) -> bool {
    let quoted = |w: &str| {
        ['`', '\'', '"']
            .iter()
            .any(|q| sentence.text.contains(&format!("{q}{w}{q}")))
    };
    if quoted("bearer") && sentence.text.contains("Bearer") {
        return true;
    }
    let s = sentence.lower;
    let case = [
        "lowercase",
        "lower case",
        "lower-case",
        "capital",
        "uppercase",
        "upper case",
        "case sensitive",
        "case-sensitive",
        "case insensitive",
    ]
    .iter()
    .any(|w| contains_str(s, w));
    let scheme = ["bearer", "basic", "scheme", "authorization", "header"]
        .iter()
        .any(|w| contains_str(s, w));
    case && scheme
}

/// A workspace's IP allowlist is involved.
fn ip_allowlist(sentence: &Sentence) -> bool {
    let s = sentence.lower;
    let ip = has_word(s, "ip") || has_word(s, "ips") || contains_str(s, "ip address");
    let list = [
        "allowlist",
        "allow list",
        "allow-list",
        "whitelist",
        "white list",
        "restriction",
        "restricted",
        "allowlisted",
        "whitelisted",
    ]
    .iter()
    .any(|w| contains_str(s, w));
    let w = sentence.words();
    let denied = positions(w, |x| {
        x.starts_with("allowlist") || x.starts_with("whitelist")
    })
    .into_iter()
    .any(|i| negated(w, i, 4));
    ip && list && !denied
}

/// The request went without a credential.
fn no_credential(sentence: &Sentence) -> bool {
    let s = sentence.lower;
    let w = sentence.words();
    // `(anonymous) @ file.ts:28`: a browser's stack frame of a function without a name.
    let frame =
        contains_str(s, "(anonymous)") && !s.replace("(anonymous)", "").contains("anonymous");
    // Where the words stand, looked at in place (no list of them: this is asked of every
    // sentence that names a credential).
    let anonymous = (0..w.len())
        .filter(|&i| w[i].starts_with("anonymous") || &*w[i] == "unauthenticated")
        .any(|i| !negated(w, i, 3) && !frame);
    // A credential denied being sent: "without (injecting) credentials", "no token", "we do not
    // pass a token", "the token isn't included in the URL".
    const NOUNS: &[&str] = &[
        "credential",
        "credentials",
        "token",
        "auth",
        "authentication",
        "password",
    ];
    const SEND: &[&str] = &[
        "included", "passed", "sent", "added", "attached", "provided", "injected", "set",
        "supplied",
    ];
    // "not an app password" contrasts one kind with another: it denies no credential.
    let kinds = [
        "app",
        "api",
        "access",
        "oauth",
        "bearer",
        "repository",
        "workspace",
        "project",
    ];
    let bare = |i: usize| i == 0 || !kinds.contains(&w[i - 1].as_ref());
    let denied = (0..w.len())
        .filter(|&i| NOUNS.contains(&w[i].as_ref()))
        .any(|i| {
            let before = bare(i)
                && negated(w, i, 3)
                && !w[i.saturating_sub(3)..i].iter().any(|b| b == "valid");
            // The noun's own verb, with only auxiliaries between ("the token is not being sent");
            // not another clause's ("the password, we never set up anything else").
            let mut j = i + 1;
            while w.get(j).is_some_and(|x| AUXILIARIES.contains(&x.as_ref())) {
                j += 1;
            }
            let negation = w.get(j).is_some_and(|x| NEGATIONS.contains(&x.as_ref()));
            j += 1;
            while w.get(j).is_some_and(|x| AUXILIARIES.contains(&x.as_ref())) {
                j += 1;
            }
            let after = negation && w.get(j).is_some_and(|x| SEND.contains(&x.as_ref()));
            before || after
        });
    anonymous || denied || contains_str(s, "not authenticated")
}

/// Basic auth (a login and a password) is how the credential is sent.
fn basic_auth(sentence: &Sentence) -> bool {
    let s = sentence.lower;
    let named = [
        "basic auth",
        "basic authentication",
        "http basic",
        "username/password",
        "username and password",
        "user/password",
        "user and password",
        "login and password",
    ]
    .iter()
    // By `find_str`: `str::find` builds a searcher each call, and most sentences hold none.
    .find_map(|p| find_str(s, p).map(|at| (at, p.len())));
    let special = ["x-token-auth", "x-bitbucket-api-token-auth"]
        .iter()
        .any(|w| contains_str(s, w))
        && ["user", "users", "username", "login"]
            .iter()
            .any(|w| has_word(s, w));
    let moved_away = ["away from", "instead of", "no longer", "not "]
        .iter()
        .any(|w| named.is_some_and(|(at, _)| s[..at].contains(w)));
    // A login and a password used together: "my username and an app password", "my email as
    // the username and the app password as the password".
    let w = sentence.words();
    let login = positions(w, |x| matches!(x, "username" | "email" | "login" | "user"));
    let password = positions(w, |x| x.starts_with("password"));
    let paired = !login.is_empty()
        && !password.is_empty()
        && [
            "use", "used", "using", "with", "enter", "entered", "put", "as", "is",
        ]
        .iter()
        .any(|v| w.iter().any(|x| x == v))
        && !login.iter().chain(&password).any(|&i| negated(w, i, 3));
    (named.is_some() && !moved_away) || special || paired
}

/// The tool sends the credential as a Bearer token.
fn bearer_auth(sentence: &Sentence) -> bool {
    let s = sentence.lower;
    let w = sentence.words();
    let said = [
        "as an access token",
        "as access token",
        "as a bearer token",
        "as bearer token",
    ]
    .iter()
    .find_map(|p| s.find(p))
    .is_some()
        || contains_str(s, "bearer auth");
    let denied = positions(w, |x| x == "as")
        .into_iter()
        .any(|i| negated(w, i, 4));
    said && !denied
}

/// A workspace's name (or display name) where its slug belongs.
fn slug_confusion(s: &Sentence) -> bool {
    let s = s.lower;
    // `repo_slug`, `{workspace_slug}` are parameter names, not the word.
    let slug = s.match_indices("slug").any(|(at, _)| {
        let before = s[..at].chars().next_back();
        let after = s[at + 4..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '}')
    });
    slug && (contains_str(s, "name") || contains_str(s, "workspace id"))
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
#[inline]
fn ends_with_word(text: &str, word: &str) -> bool {
    // The last bytes first, in place: asked of each of some forty words before every credential
    // named, and most end otherwise.
    (word.is_empty() || text.as_bytes().last() == word.as_bytes().last())
        && text.ends_with(word)
        && text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// `word` in `lower` with no letter or digit on either side.
fn has_word(lower: &str, word: &str) -> bool {
    // Each occurrence as `match_indices` gives them (the next looked for past the last),
    // found by [`find_str`]: `match_indices` builds a searcher even where the word never
    // stands (most sentences).
    debug_assert!(!word.is_empty(), "a word to find");
    let mut from = 0;
    while let Some(p) = find_str(&lower[from..], word) {
        let at = from + p;
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        if !before.is_some_and(|c| c.is_alphanumeric())
            && !after.is_some_and(|c| c.is_alphanumeric())
        {
            return true;
        }
        from = at + word.len();
    }
    false
}

/// An email address: `x@y.z`.
fn has_email(lower: &str) -> bool {
    memchr::memchr_iter(b'@', lower.as_bytes()).any(|at| {
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

#[cfg(test)]
mod tests {
    /// [`list_item`] as first written: the line searched for its first `.` or `)`.
    fn list_item_by_search(text: &str) -> bool {
        let t = text.trim_start();
        t.starts_with(['-', '*', '•', '#', '|'])
            || t.bytes()
                .position(|b| b == b'.' || b == b')')
                .is_some_and(|at| {
                    let n = &t.as_bytes()[..at];
                    !n.is_empty() && n.len() <= 2 && n.iter().all(u8::is_ascii_digit)
                })
    }

    proptest::proptest! {
        /// A list item told from the line's first bytes is the one the search told.
        #[test]
        fn a_list_item_from_its_first_bytes(text in "( |1|23|4|.|\\)|-|a|•|é|\t){0,8}") {
            proptest::prop_assert_eq!(super::list_item(&text), list_item_by_search(&text));
        }
    }

    use super::*;

    /// The claims of `text`, but whether it says something fails (tested on its own below).
    fn claims(text: &str) -> Vec<Claim> {
        all_claims(text)
            .into_iter()
            .filter(|c| *c != Claim::Fails)
            .collect()
    }

    fn all_claims(text: &str) -> Vec<Claim> {
        let mut r = Reader::default();
        for line in text.lines() {
            r.read(line);
        }
        r.finish()
    }

    #[test]
    fn a_failure_told_in_words_is_read() {
        for text in [
            "But my pipeline still fails to deploy.",
            "cloning gives permission denied",
            "I cannot push to the repo",
            "it doesn't work from Jenkins",
            "the clone still hangs at \"Cloning into\" and the job is killed",
            "git fetch is stuck for ten minutes",
        ] {
            assert!(all_claims(text).contains(&Claim::Fails), "{text:?}");
        }
        for text in [
            "It works now, thanks!",
            "The API answers 200 with the repository.",
        ] {
            assert!(!all_claims(text).contains(&Claim::Fails), "{text:?}");
        }
    }

    #[test]
    fn every_row_fires_on_its_examples_and_stays_quiet_on_its_near_misses() {
        let mut problems = Vec::new();
        for row in ROWS {
            for s in row.fires {
                if !claims(s).contains(&row.claim) {
                    problems.push(format!("{:?} should fire on {s:?}", row.claim));
                }
            }
            for s in row.quiet {
                if claims(s).contains(&row.claim) {
                    problems.push(format!("{:?} should stay quiet on {s:?}", row.claim));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn reads_the_seed_posts_prose() {
        let h = claims(
            "Api_token I have created with read and write scope.\n\
             I am trying to access private repository using api curl but it is throwing error.\n\
             Second Approach  (this is working for public repo but not working for private repo)",
        );
        assert_eq!(
            h,
            [
                Claim::CredentialKind(Kind::ApiToken),
                Claim::PrivateFails,
                Claim::PublicWorks,
                Claim::Works
            ]
        );
        let h = claims(
            "and the oauth consumer has the scope repository.\nI am getting my access token (using password grant type)",
        );
        assert_eq!(h, [Claim::CredentialKind(Kind::OauthToken)]);
    }

    #[test]
    fn a_credential_named_as_not_used_is_not_the_one_used() {
        assert_eq!(
            claims("we use an API token, not an app password"),
            [Claim::CredentialKind(Kind::ApiToken)]
        );
        assert!(claims("we didn't use OAuth").is_empty());
        assert!(claims("without any app password").is_empty());
        // A failure with the credential is not a denial of using it.
        assert_eq!(
            claims("I could not get the app password to work"),
            [Claim::CredentialKind(Kind::AppPassword)]
        );
        // The one the post created is examined first.
        assert_eq!(
            claims("Login with OAuth fails.\nI generated a new repository access token"),
            [
                Claim::CredentialKind(Kind::AccessToken),
                Claim::CredentialKind(Kind::OauthToken)
            ]
        );
        // So is the one it went to, whatever names it.
        assert_eq!(
            claims("We moved from app passwords to an Atlassian API token.")[0],
            Claim::CredentialKind(Kind::ApiToken)
        );
        assert_eq!(
            claims("I went from OAuth to a new scoped API token")[0],
            Claim::CredentialKind(Kind::ApiToken)
        );
        assert_eq!(
            claims("We went from an API token back to the app password")[0],
            Claim::CredentialKind(Kind::AppPassword)
        );
        // A sentence hard-wrapped over two lines is one sentence; a list item is not.
        let mut r = Reader::default();
        r.read("I replaced the app password with a new");
        r.read("API token in the same variable and now every call fails");
        assert_eq!(r.finish()[0], Claim::CredentialKind(Kind::ApiToken));
        let mut r = Reader::default();
        r.read("We tried a new");
        r.end_paragraph();
        r.read("API token docs say nothing");
        assert!(!r.created.contains(&Kind::ApiToken));
        // So is the one it switched to.
        assert_eq!(
            claims("App passwords are going away, so we switched to an API token")[0],
            Claim::CredentialKind(Kind::ApiToken)
        );
    }

    #[test]
    fn reads_logins_2fa_sso_git_proxy() {
        // The fix is the username: the failing login was the email.
        let fixed = claims("I needed to use my bitbucket username, rather than my email address");
        assert_eq!(fixed, [Claim::LoginIsEmail]);
        let present = claims("I log in with my username rather than my email address");
        assert_eq!(present, [Claim::LoginIsUsername]);
        assert_eq!(
            claims("We enforce 2FA and SSO via SAML"),
            [Claim::TwoStep, Claim::Sso]
        );
        assert!(
            claims("I lost my password").contains(&Claim::CredentialKind(Kind::AccountPassword))
        );
        assert!(!claims("the lasso is ready").contains(&Claim::Sso));
        assert_eq!(
            claims("git clone fails behind the Zscaler proxy"),
            [Claim::Git, Claim::Proxy]
        );
    }

    #[test]
    fn an_access_token_named_alone_is_one() {
        assert!(
            claims("BitBucket Cloud Access Token is now supported")
                .contains(&Claim::CredentialKind(Kind::AccessToken))
        );
        assert!(
            claims("We use an OAuth consumer; the access token expires hourly")
                .contains(&Claim::CredentialKind(Kind::OauthToken))
        );
    }

    #[test]
    fn ascii_sentences_split_as_any_other() {
        let any = |s: &str| -> Vec<String> {
            s.split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ')' | '"' | '`'))
                .map(|w| w.replace('\'', ""))
                .filter(|w| !w.is_empty())
                .collect()
        };
        for s in [
            "",
            "we didn't use an app password",
            "  a,b:(c) \"d\" `e`\t\x0bf\x0cg\rh\n'' ' x'y",
            "don't, won't; can't.",
        ] {
            let ours: Vec<String> = ascii_words(s).into_iter().map(|w| w.into_owned()).collect();
            assert_eq!(ours, any(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_are_the_words(s in "[a-c '\t\x0b\x0c\r\n,:()\"`.-]{0,24}") {
            let ours: Vec<String> = ascii_words(&s).into_iter().map(|w| w.into_owned()).collect();
            let theirs: Vec<String> = s
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ')' | '"' | '`'))
                .map(|w| w.chars().filter(|c| *c != '\'' && *c != '’').collect::<String>())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn has_word_is_a_whole_match(lower in "(sso|ssso|s|o|x|1| |-|é){0,8}", word in "(sso|ss|s|é)") {
            // The search it replaces.
            let theirs = lower.match_indices(word.as_str()).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + word.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric())
                    && !after.is_some_and(|c| c.is_alphanumeric())
            });
            proptest::prop_assert_eq!(has_word(&lower, &word), theirs);
        }
    }

    proptest::proptest! {
        /// The markers give a stretch the very cues, in the very order, that the claims' own
        /// automaton finds there; so the scanner's reading (with markers, a sentence carried
        /// over from the line before included) and `read`'s (without) are the same.
        #[test]
        fn the_markers_give_the_claims_own_cues(
            lines in proptest::collection::vec(
                "(app password|api token|access token|token|workspace|work|not work|2fa|sso|\
                  git clone|proxy|fail|error|anonymous|basic auth|username|email|without|\
                  created an|scope| |\\.|,|x){0,10}",
                1..4,
            )
        ) {
            use super::super::marks::{Marks, Table};
            let mut marked = Reader::default();
            let mut own = Reader::default();
            for line in &lines {
                let lower = line.to_ascii_lowercase();
                let cues: Vec<(usize, usize)> =
                    Marks::new(line, &lower).rows_within(Table::Cues, 0..line.len()).collect();
                let found: Vec<(usize, usize)> = Cues::get()
                    .automaton()
                    .find_overlapping_iter(&lower)
                    .map(|m| (m.start(), m.pattern().as_usize()))
                    .collect();
                proptest::prop_assert_eq!(&cues, &found);
                marked.read_lower(line, &lower, Some(&cues));
                own.read(line);
            }
            proptest::prop_assert_eq!(marked.finish(), own.finish());
        }
    }

    #[test]
    fn a_claim_lives_in_its_sentence() {
        // The negation of one sentence does not deny the next.
        assert!(
            claims("It is not anonymous. The call is unauthenticated.")
                .contains(&Claim::NoCredential)
        );
        assert!(!claims("It is not anonymous.").contains(&Claim::NoCredential));
        // Two halves of a claim in two sentences are no claim.
        assert!(
            !claims("The IP changed. We have a whitelist of domains.")
                .contains(&Claim::IpAllowlist)
        );
    }
}

//! The verdict: whether the ranked findings settle the cause (design.md §1, §5). A root cause
//! read from what the text shows, or a check observed, is an answer. One that rests on words
//! alone (a kind the post names, a status it tells) is an answer only when nothing else fits
//! the same failure; otherwise the verdict is `inconclusive`, with the causes that fit and the
//! one step that tells them apart. A text that shows nothing about Bitbucket authentication is
//! inconclusive too, never `ok`.

use super::{Finding, Severity, fix, look};
use crate::credential::Kind;
use crate::evidence::{Claim, Evidence, Strength};

/// Overall result, as in the JSON `verdict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A working call was seen, or no failure.
    Ok,
    /// The root cause is named.
    Problems,
    /// A failure is shown or reported, but its cause is not settled.
    Inconclusive,
    /// Bitbucket could not be reached, or answered 5xx: nothing was concluded.
    Unreachable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Problems => "problems",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Unreachable => "unreachable",
        }
    }

    /// Exit codes of design.md §6.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Ok => 0,
            Verdict::Problems => 1,
            Verdict::Unreachable => 3,
            Verdict::Inconclusive => 4,
        }
    }
}

/// The verdict and, when it is `inconclusive`, what could explain the failure and what would
/// settle it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conclusion {
    pub verdict: Verdict,
    /// Finding ids that fit the failure, the best supported first (inconclusive only).
    pub candidates: Vec<&'static str>,
    /// The command to run, or the piece of text to paste, that tells them apart.
    pub next: Option<String>,
}

impl Conclusion {
    fn settled(verdict: Verdict) -> Conclusion {
        Conclusion {
            verdict,
            candidates: Vec::new(),
            next: None,
        }
    }

    fn open(candidates: Vec<&'static str>, next: String) -> Conclusion {
        Conclusion {
            verdict: Verdict::Inconclusive,
            candidates,
            next: Some(next),
        }
    }
}

/// Judge ranked findings (as [`super::diagnose`] returns them).
pub fn conclude(ev: &Evidence, findings: &[Finding]) -> Conclusion {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let Some(root) = errors.first() else {
        if let Some(f) = findings.iter().find(|f| f.rule.id == "unexplained-failure") {
            let next = f.found.confirm.clone().unwrap_or_else(|| settle(ev));
            // A cause the text shows a sign of (the old API alias in the failing URL) is more
            // particular than the causes any such answer fits: first.
            let mut candidates = signs(findings);
            candidates.extend(fitting(ev, &candidates));
            return Conclusion::open(candidates, next);
        }
        if !ev.live && ev.exchanges.is_empty() && !ev.elsewhere.is_empty() {
            return Conclusion::open(Vec::new(), elsewhere(ev));
        }
        if !ev.live && shows_nothing(ev) {
            return Conclusion::open(signs(findings), paste_more(ev));
        }
        // Pasted text is `ok` only when it shows a call that worked: a post shows a request and
        // no answer, or an answer no rule reads, because something failed.
        // An empty listing is what a caller without access gets too, and a web page (a
        // sign-in page) is no answer of the API's or git's: neither proves anything.
        let worked = ev.responses().any(|(e, r)| {
            r.is_success()
                && !(r.is_empty_listing() && across_repositories(e))
                && !r.is_web_page()
                && e.strength.conclusive()
        });
        // A push refused after Bitbucket took the credential (a non-fast-forward, a hook, a
        // branch restriction): authentication passed, and what failed is not authentication.
        if !ev.live
            && let Some(refused) = ev
                .responses()
                .find_map(|(_, r)| r.body.strip_prefix(crate::explain::REFUSED_PUSH))
        {
            let next = format!(
                "Authentication passed: git reached the repository, and Bitbucket turned the \
                 push down for another reason (`{refused}`). That is not an authentication \
                 failure: see git's message (fetch and merge first, the branch's \
                 restrictions and hooks, or the push's size)."
            );
            return Conclusion::open(Vec::new(), next);
        }
        if !ev.live && !worked {
            let next = match ev
                .responses()
                .any(|(e, r)| r.is_empty_listing() && across_repositories(e))
            {
                true => format!(
                    "Call https://api.bitbucket.org/2.0/user with the same credential (an empty \
                     list is also what a caller without access gets), or run: {}",
                    settle(ev)
                ),
                false => paste_more(ev),
            };
            // No answer shown: the causes the text shows signs of are what there is to name.
            let mut candidates = signs(findings);
            candidates.extend(fitting(ev, &candidates));
            return Conclusion::open(candidates, next);
        }
        // A call that worked beside words that something fails: what fails is not shown.
        if !ev.live && ev.claimed(&Claim::Fails) && !ev.recovered {
            return Conclusion::open(fitting(ev, &[]), paste_more(ev));
        }
        // Bitbucket's calls worked, with no credential shown to work, and the text shows calls
        // to other hosts too: whatever failed there is theirs, not a sign all is well.
        let healthy = findings.iter().any(|f| f.rule.id == "healthy");
        if !ev.live && !ev.elsewhere.is_empty() && !healthy {
            let next = format!(
                "Bitbucket's calls in the text worked; the rest went to {}, not Bitbucket \
                 Cloud: look there for what failed.",
                ev.elsewhere.join(", ")
            );
            return Conclusion::open(Vec::new(), next);
        }
        return Conclusion::settled(Verdict::Ok);
    };
    // In a check, a 429 means Bitbucket declined to answer: nothing is known of the credential.
    // Pasted, it is what went wrong for the user.
    // A server error only told ("status code 503", whoever answered) is one candidate among
    // others, below.
    if (root.rule.unreachable && root.support.conclusive())
        || (ev.live && root.rule.id == "rate-limited")
    {
        return Conclusion::settled(Verdict::Unreachable);
    }
    // Bitbucket's answer came in a step the job let fail, and the job failed on a line of its
    // own: true of that step, not why the job failed.
    if let Some(line) = ev.failed_elsewhere.filter(|_| !ev.live) {
        let candidates = errors.iter().map(|f| f.rule.id).collect();
        let next = format!(
            "The job failed on line {line}, which is not Bitbucket's: the step that got \
             Bitbucket's answer was allowed to fail. Look at line {line} first; the findings \
             below are true of that step."
        );
        return Conclusion::open(candidates, next);
    }
    if root.support.conclusive() {
        return Conclusion::settled(Verdict::Problems);
    }
    // Below shown, the root is an answer only when nothing else fits the same failure: no other
    // cause the text supports, none Bitbucket's answer leaves open, and something the text
    // shows beside the words (words alone never conclude; a rule of thumb never does).
    let mut candidates: Vec<&'static str> = errors.iter().map(|f| f.rule.id).collect();
    let fit = fitting(ev, &candidates);
    candidates.extend(fit);
    // Causes the text only suggests (a wrong base URL it names): last, but named.
    for f in findings {
        let suggested = f.rule.severity == Severity::Error && f.severity == Severity::Warning;
        if suggested && !candidates.contains(&f.rule.id) {
            candidates.push(f.rule.id);
        }
    }
    // The failure the words explain must be shown: a call that worked beside them (the clone
    // before a VPN's login prompt) shows nothing the words could be the cause of.
    // A failure only told of (quoted beside the poster's own 413) is not shown by another
    // shown failure: the words must explain one the text shows.
    let failing = |e: &&crate::evidence::Exchange| {
        e.failure.is_some() || e.status().is_some_and(|s| s >= 400)
    };
    let told: Vec<Option<u16>> = ev
        .exchanges
        .iter()
        .filter(|e| !e.strength.conclusive())
        .filter(failing)
        .map(|e| e.status())
        .collect();
    let shown = ev
        .exchanges
        .iter()
        .filter(failing)
        .any(|e| e.strength.conclusive() && (told.is_empty() || told.contains(&e.status())));
    // A credential sent in a form its kind cannot use is refused before Bitbucket judges the
    // secret: whether it is also revoked, expired or without scopes can only show once it is
    // sent right, so those later causes are no rival to the form the text shows.
    if shown && form_before_secret(ev, root) {
        let at = |id: &str| super::CATALOG.iter().position(|r| r.id == id);
        let root_at = at(root.rule.id);
        candidates.retain(|&id| id == root.rule.id || at(id) < root_at);
    }
    if candidates.len() == 1 && shown && root.support != Strength::Inferred {
        return Conclusion::settled(Verdict::Problems);
    }
    let next = root.found.confirm.clone().unwrap_or_else(|| settle(ev));
    Conclusion::open(candidates, next)
}

/// Causes the text shows a sign of, though no failure it shows is theirs (the old API alias in
/// a URL): a root cause's rule that fired as a warning, on what the text shows. An SSH rule's
/// warning is a connection that answered: no sign of what failed.
fn signs(findings: &[Finding]) -> Vec<&'static str> {
    findings
        .iter()
        .filter(|f| f.rule.severity == Severity::Error && f.severity == Severity::Warning)
        .filter(|f| f.support.conclusive() && !f.rule.id.starts_with("ssh-"))
        .map(|f| f.rule.id)
        .collect()
}

/// The root judges the form a credential was sent in against its kind, the text shows the form
/// and the failure, and only the kind is told in words.
fn form_before_secret(ev: &Evidence, root: &Finding) -> bool {
    const FORM: &[&str] = &[
        "api-token-as-bearer",
        "access-token-as-basic",
        "app-password-with-email",
        "api-token-with-username",
    ];
    root.support == Strength::Stated
        && FORM.contains(&root.rule.id)
        && ev.exchanges.iter().any(|e| {
            e.strength.conclusive()
                && (e.failure.is_some() || e.status().is_some_and(|s| s >= 400))
                && e.auth().is_some_and(|a| {
                    !a.described
                        && !a.hidden()
                        && a.form_strength.conclusive()
                        && a.kind_strength == Strength::Stated
                })
        })
}

/// The causes that fit the failures the evidence shows, whatever the words around them say:
/// Bitbucket gives the same answer for each (`crate::bitbucket::causes`), less those listed.
fn fitting(ev: &Evidence, listed: &[&'static str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for (e, r) in ev.responses() {
        // Bitbucket's message, when it names the ways it is given; else what the status leaves
        // open.
        let said = crate::bitbucket::said(r).map_or(&[][..], crate::bitbucket::causes);
        let fit: &[&'static str] = match r.status {
            _ if !said.is_empty() && !e.is_git() => said,
            // git had nothing to send ("could not read Username"): a job without a credential
            // comes first, though the missing credential may be a symptom (an unset variable).
            401 if e.is_git()
                && e.request
                    .as_ref()
                    .is_some_and(|q| q.auth.is_none() && !q.auth_unseen) =>
            {
                &[
                    "anonymous-request",
                    "git-https-username",
                    "invalid-credentials",
                ]
            }
            // git answers every refused login alike (G1): the kind sent leaves these open.
            401 if e.is_git() => match e.auth().map(|a| a.kind) {
                Some(Kind::AccessToken) => &["invalid-credentials", "access-token-wrong-resource"],
                Some(Kind::ApiToken) => &[
                    "invalid-credentials",
                    "api-token-without-scopes",
                    "git-https-username",
                ],
                _ => &[
                    "git-https-username",
                    "invalid-credentials",
                    "app-password-retired",
                    "api-token-without-scopes",
                ],
            },
            // A token refused as Bearer, its body not shown: revoked or wrong (R3), expired
            // (R4), or an access token outside its resource.
            401 if bearer(e) => &[
                "invalid-credentials",
                "token-expired",
                "access-token-wrong-resource",
                "api-token-as-bearer",
            ],
            401 => &[
                "invalid-credentials",
                "api-token-as-bearer",
                "api-token-with-username",
                "app-password-retired",
                "anonymous-request",
            ],
            403 if e.is_git() => &[
                "no-repo-access",
                "invalid-credentials",
                "ip-not-allowed",
                "two-step-or-sso",
            ],
            // Before about 2022 a private repository answered a caller without access 403, not
            // today's 404 (fact sheet B2): then a request that carried nothing fits too.
            403 if written_before(ev, ANONYMOUS_404_SINCE) => {
                &["missing-scope", "no-repo-access", "anonymous-request"]
            }
            403 => &["missing-scope", "no-repo-access"],
            404 => &[
                "anonymous-request",
                "no-repo-access",
                "repo-not-found",
                "access-token-wrong-resource",
            ],
            // A credential ignored, none sent, or one without access (2026-12 review, §11).
            _ if r.is_empty_listing() => {
                &["anonymous-request", "credentials-ignored", "no-repo-access"]
            }
            _ => &[],
        };
        // A credential the text shows sent with its scheme word: that none reached Bitbucket
        // is the last thing its answer leaves open.
        let sent = e.auth().is_some_and(|a| a.scheme.is_some() && !a.described);
        let (last, first): (Vec<&'static str>, Vec<&'static str>) = fit
            .iter()
            .filter(|&&id| !ruled_out(id, e) && !sent_nothing_rules_out(ev, id, e))
            .partition(|&&id| sent && id == "anonymous-request");
        for id in first.into_iter().chain(last) {
            if !listed.contains(&id) && !out.contains(&id) {
                out.push(id);
            }
        }
    }
    // An SSH failure: the causes its transcript leaves open.
    for id in crate::ssh::rules::open_causes(ev) {
        if !listed.contains(&id) && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// A cause the credential the text shows rules out, though Bitbucket's answer alone leaves it
/// open: one about another kind of credential, another scheme or another login than the one
/// the request shows it sent (an API token sent in Basic with the email was not sent as
/// Bearer, nor with the username, nor is it an app password).
fn ruled_out(id: &str, e: &crate::evidence::Exchange) -> bool {
    use crate::credential::LoginForm;
    let Some(a) = e
        .auth()
        .filter(|a| !a.described && !a.hidden() && a.form_strength.conclusive())
    else {
        return false;
    };
    // What a mask or a variable's name leaves unknown rules nothing out; a kind the post names
    // weighs between the causes the answer leaves open (design.md §1).
    let kind = Some(a.kind).filter(|k| {
        a.kind_strength >= Strength::Stated && !matches!(k, Kind::Unknown | Kind::None)
    });
    let login = a.login_form().filter(|_| a.login_known().conclusive());
    let (basic, bearer) = (a.scheme_is("basic"), a.scheme_is("bearer"));
    let not = |kinds: &[Kind]| kind.is_some_and(|k| !kinds.contains(&k));
    let tokens = [Kind::AccessToken, Kind::OauthToken];
    match id {
        "api-token-as-bearer" => basic || not(&[Kind::ApiToken]),
        "api-token-with-username" => {
            bearer || not(&[Kind::ApiToken]) || login == Some(LoginForm::Email)
        }
        "api-token-wrong-email" => {
            bearer || not(&[Kind::ApiToken]) || login.is_some_and(|l| l != LoginForm::Email)
        }
        "api-token-without-scopes" => not(&[Kind::ApiToken]),
        "app-password-retired" => not(&[Kind::AppPassword]),
        "app-password-with-email" => {
            bearer || not(&[Kind::AppPassword]) || login.is_some_and(|l| l != LoginForm::Email)
        }
        "account-password" => not(&[Kind::AccountPassword]),
        "access-token-wrong-resource" => not(&tokens),
        "access-token-as-basic" => bearer || not(&tokens),
        // git's static name for the kind shown (`x-token-auth` with an access token) is right;
        // a username may be someone else's.
        "git-https-username" => kind.zip(login).is_some_and(|(k, l)| {
            matches!(l, LoginForm::TokenAuth | LoginForm::ApiTokenAuth)
                && crate::bitbucket::form(k, true).is_some_and(|f| f.logins.contains(&l))
        }),
        _ => false,
    }
}

/// The causes only a request that carried a credential can have.
const NEEDS_A_CREDENTIAL: &[&str] = &[
    "no-repo-access",
    "access-token-wrong-resource",
    "invalid-credentials",
    "token-expired",
    "missing-scope",
    "api-token-as-bearer",
    "api-token-with-username",
    "api-token-without-scopes",
    "app-password-retired",
    "app-password-with-email",
    "account-password",
];

/// A request the text shows going without a credential (not git's, which asks for one only
/// after a refusal) leaves open only the causes of a caller without one; and when the post says
/// the repository is private, Bitbucket turned the caller away before it looked for the path.
fn sent_nothing_rules_out(ev: &Evidence, id: &str, e: &crate::evidence::Exchange) -> bool {
    let bare = e.strength.conclusive()
        && !e.is_git()
        && e.request.as_ref().is_some_and(|q| {
            !q.auth_unseen && q.auth.as_ref().is_none_or(|a| a.kind == Kind::None)
        });
    bare && (NEEDS_A_CREDENTIAL.contains(&id)
        || (id == "repo-not-found" && ev.claimed(&Claim::PrivateFails)))
}

/// The request carried a Bearer token.
fn bearer(e: &crate::evidence::Exchange) -> bool {
    e.request
        .as_ref()
        .and_then(|q| q.auth.as_ref())
        .is_some_and(|a| a.scheme_is("bearer"))
}

/// A listing across repositories (a workspace's, or of unknown URL), where an empty page is
/// what a caller without access gets: inside one repository (its pull requests) an empty page
/// is an answer like any other.
fn across_repositories(e: &crate::evidence::Exchange) -> bool {
    let Some(q) = e.request.as_ref().filter(|q| !q.url.is_empty()) else {
        return true;
    };
    let path = super::path_of(&q.url);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["2.0", "repositories", ..] => segments.len() <= 3,
        ["2.0", "workspaces", ..] | ["2.0", "user", "permissions", ..] => true,
        _ => false,
    }
}

/// Since about 2022 a private repository answers a caller without access 404 (B2, R6).
const ANONYMOUS_404_SINCE: &str = "2022-01-01";

/// Whether the text is dated (shown or given) before `date`; a text of unknown date is not.
fn written_before(ev: &Evidence, date: &str) -> bool {
    !ev.live && ev.today.as_deref().is_some_and(|d| d < date)
}

/// Neither a request, an answer, a failure nor a credential: nothing to judge.
fn shows_nothing(ev: &Evidence) -> bool {
    ev.exchanges.is_empty() && ev.credential.is_none()
}

/// The check that would settle a cause read from text.
fn settle(ev: &Evidence) -> String {
    fix::check_command(ev, look::examined_kind(ev))
}

/// What to say of requests and connections that all went to hosts other than Bitbucket
/// Cloud's.
fn elsewhere(ev: &Evidence) -> String {
    format!(
        "What the text shows went to {}, not Bitbucket Cloud (bitbucket.org, api.bitbucket.org, \
         ssh.bitbucket.org): bbdoctor knows Bitbucket Cloud only. For Bitbucket Data Center's \
         tokens see {}",
        ev.elsewhere.join(", "),
        crate::bitbucket::DATA_CENTER_TOKENS
    )
}

/// What to give bbdoctor when the text holds nothing it can judge.
fn paste_more(ev: &Evidence) -> String {
    if ev.recovered {
        return format!(
            "The failure shown passed: the same attempt, made again, went through (a server's \
             error or a dropped connection of the moment). If it fails again, paste that run's \
             whole output, or run: {}",
            settle(ev)
        );
    }
    format!(
        "Paste the failing command as it was run (curl -v, or GIT_CURL_VERBOSE=1 git …) with \
         its whole output, or run: {}",
        settle(ev)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(text: &str, date: Option<&str>) -> Vec<&'static str> {
        let ev = crate::explain::parse_dated(text, date);
        conclude(&ev, &super::super::diagnose(&ev)).candidates
    }

    #[test]
    fn the_credential_shown_rules_out_the_causes_about_another_kind_or_form() {
        // An API token in Basic with the email, refused: not sent as Bearer, nor with the
        // username, nor an app password.
        let basic = "$ curl -u jane@example.com:ATATT3xFfGF0**** https://api.bitbucket.org/2.0/repositories/acme/widgets\nHTTP/2 401\n";
        let c = candidates(basic, None);
        assert!(c.contains(&"invalid-credentials"), "{c:?}");
        for gone in [
            "api-token-as-bearer",
            "api-token-with-username",
            "app-password-retired",
        ] {
            assert!(!c.contains(&gone), "{gone} in {c:?}");
        }
        // The same refusal with a secret whose kind a mask hides leaves them open.
        let masked = basic.replace("ATATT3xFfGF0****", "****");
        assert!(candidates(&masked, None).contains(&"app-password-retired"));
        // An access token as Bearer is no API token as Bearer.
        let bearer = "$ curl -H \"Authorization: Bearer ATCTT3xFfGN0****\" https://api.bitbucket.org/2.0/repositories/acme/widgets\nHTTP/2 401\n";
        let c = candidates(bearer, None);
        assert!(c.contains(&"access-token-wrong-resource"), "{c:?}");
        assert!(!c.contains(&"api-token-as-bearer"), "{c:?}");
        // git's static name for an API token is its right login; a username may be another's.
        let git = "$ git clone https://x-bitbucket-api-token-auth:ATATT3xFfGF0****@bitbucket.org/acme/widgets.git\nremote: Invalid credentials\nfatal: Authentication failed for 'https://bitbucket.org/acme/widgets.git/'\n";
        assert!(!candidates(git, None).contains(&"git-https-username"));
        let named = git.replace("x-bitbucket-api-token-auth", "jane");
        assert!(candidates(&named, None).contains(&"git-https-username"));
    }

    #[test]
    fn a_failure_told_of_a_clone_is_judged_as_git_s() {
        let clone = "Since yesterday our Jenkins job cannot clone the repo anymore, it says authentication failed.\n";
        let c = candidates(clone, None);
        assert!(c.contains(&"git-https-username"), "{c:?}");
        assert!(!c.contains(&"api-token-as-bearer"), "{c:?}");
        // The API's failure, or another tool's pull, is not git's.
        for told in [
            "Our API call to list the repos fails with 401 Unauthorized.\n",
            "Our docker pull from the registry fails with 401 Unauthorized.\n",
            "We get 401 Unauthorized from https://git.example.com when we call it.\n",
        ] {
            assert!(
                !candidates(told, None).contains(&"git-https-username"),
                "{told}"
            );
        }
    }

    #[test]
    fn a_push_refused_after_authentication_is_no_auth_failure_and_not_ok() {
        let refused = "$ git push origin main\nTo https://bitbucket.org/acme/site.git\n ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to 'https://bitbucket.org/acme/site.git'\n";
        let clone = "$ git clone https://bitbucket.org/acme/site.git\nCloning into 'site'...\nReceiving objects: 100% (9/9), done.\n";
        for text in [refused.to_string(), format!("{clone}{refused}")] {
            let ev = crate::explain::parse(&text);
            let c = conclude(&ev, &super::super::diagnose(&ev));
            assert_eq!(c.verdict, Verdict::Inconclusive, "{text}");
            assert!(
                c.next
                    .as_deref()
                    .is_some_and(|n| n.contains("Authentication passed")),
                "{c:?}"
            );
        }
        // A fetch refused before, then a push of the same repository past authentication: the
        // refusal passed.
        let fixed = "$ git fetch\nremote: To access this repository, enable two-step authentication.\nfatal: unable to access 'https://bitbucket.org/acme/site.git/': The requested URL returned error: 403\n\nEnabled it. Now:\n".to_string() + refused;
        let ev = crate::explain::parse(&fixed);
        assert!(
            super::super::diagnose(&ev)
                .iter()
                .all(|f| f.severity != Severity::Error)
        );
    }

    #[test]
    fn gits_rpc_failure_is_judged_as_git_s() {
        let push = "$ git push origin main\nerror: RPC failed; HTTP 401 curl 22 The requested URL returned error: 401\nfatal: the remote end hung up unexpectedly\n";
        let c = candidates(push, None);
        assert!(c.contains(&"git-https-username"), "{c:?}");
        assert!(!c.contains(&"api-token-as-bearer"), "{c:?}");
    }

    #[test]
    fn an_empty_listing_alone_is_no_call_that_worked() {
        let listing = "{\"pagelen\": 10, \"values\": [], \"page\": 1, \"size\": 0}\n";
        let ev = crate::explain::parse(listing);
        let c = conclude(&ev, &super::super::diagnose(&ev));
        assert_eq!(c.verdict, Verdict::Inconclusive);
        assert_eq!(
            c.candidates,
            ["anonymous-request", "credentials-ignored", "no-repo-access"]
        );
        // One with something in it is a call that worked.
        let ev = crate::explain::parse(
            "{\"pagelen\": 10, \"values\": [{\"slug\": \"widgets\", \"is_private\": true}], \"page\": 1}\n",
        );
        assert_eq!(
            conclude(&ev, &super::super::diagnose(&ev)).verdict,
            Verdict::Ok
        );
    }

    #[test]
    fn a_proxy_tunnel_or_a_web_page_is_no_call_that_worked() {
        for text in [
            "> CONNECT api.bitbucket.org:443 HTTP/1.1\n< HTTP/1.1 200 Connection established\n<\n",
            "$ curl -sL https://bitbucket.org/acme/widgets/raw/main/a.yml\nHTTP/2 200\ncontent-type: text/html\n\n<!DOCTYPE html><html><title>Log in</title></html>\n",
        ] {
            let ev = crate::explain::parse(text);
            let c = conclude(&ev, &super::super::diagnose(&ev));
            assert_eq!(c.verdict, Verdict::Inconclusive, "{text}");
        }
    }

    #[test]
    fn requests_to_a_self_hosted_bitbucket_are_not_judged_by_cloud_s_rules() {
        let text = "$ curl -H \"Authorization: Bearer ATATT3xFfGF0…\" https://bitbucket.corp.example.com/rest/api/1.0/projects\nHTTP/1.1 401 Unauthorized\n";
        let ev = crate::explain::parse(text);
        assert_eq!(ev.elsewhere, ["bitbucket.corp.example.com"]);
        let findings = super::super::diagnose(&ev);
        assert!(
            findings.iter().all(|f| f.rule.id != "api-token-as-bearer"),
            "{findings:?}"
        );
        let c = conclude(&ev, &findings);
        assert_eq!(c.verdict, Verdict::Inconclusive);
        assert!(c.next.unwrap().contains("not Bitbucket Cloud"));
        // The same call to Cloud is judged.
        let ev = crate::explain::parse(&text.replace(
            "bitbucket.corp.example.com/rest/api/1.0/projects",
            "api.bitbucket.org/2.0/user",
        ));
        assert!(ev.elsewhere.is_empty());
        assert_eq!(
            conclude(&ev, &super::super::diagnose(&ev)).verdict,
            Verdict::Problems
        );
    }

    #[test]
    fn bitbucket_s_calls_working_beside_another_host_s_failure_is_not_ok() {
        let text = "$ git fetch origin\nFrom https://bitbucket.org/acme/ledger\n   0a1b2c3..4d5e6f7  main       -> origin/main\n\
                    $ git push azure main\nfatal: Authentication failed for 'https://dev.azure.com/acme/Fin/_git/ledger/'\n";
        let ev = crate::explain::parse(text);
        assert_eq!(ev.elsewhere, ["dev.azure.com"]);
        let c = conclude(&ev, &super::super::diagnose(&ev));
        assert_eq!(c.verdict, Verdict::Inconclusive);
        assert!(c.next.unwrap().contains("dev.azure.com"));
        // Without the other host's part, Bitbucket's call that worked is all there is.
        let ev = crate::explain::parse(&text[..text.find("$ git push").unwrap()]);
        assert_eq!(
            conclude(&ev, &super::super::diagnose(&ev)).verdict,
            Verdict::Ok
        );
    }

    #[test]
    fn a_miscased_scheme_that_went_through_is_a_warning() {
        let worked = "$ git -c http.extraheader=\"Authorization: bearer $TOKEN\" clone https://bitbucket.org/acme/site.git\n\
                      Cloning into 'site'...\nReceiving objects: 100% (10/10), done.\n";
        let ev = crate::explain::parse(worked);
        let findings = super::super::diagnose(&ev);
        let f = findings
            .iter()
            .find(|f| f.rule.id == "scheme-case")
            .unwrap();
        assert_eq!(f.severity, Severity::Warning, "{findings:?}");
        // Refused with it, it is the error.
        let refused = "$ curl -H \"Authorization: bearer $TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/site\nHTTP/2 401\n";
        let ev = crate::explain::parse(refused);
        let findings = super::super::diagnose(&ev);
        let f = findings
            .iter()
            .find(|f| f.rule.id == "scheme-case")
            .unwrap();
        assert_eq!(f.severity, Severity::Error, "{findings:?}");
    }

    #[test]
    fn a_bare_403_fits_a_request_without_credentials_only_before_the_404_years() {
        let log = "[403] https://api.bitbucket.org/2.0/repositories/acme/widgets\n";
        assert!(candidates(log, Some("2020-11-01")).contains(&"anonymous-request"));
        assert!(!candidates(log, Some("2024-05-01")).contains(&"anonymous-request"));
        // Undated: taken as today's, when a private repository answers 404.
        assert!(!candidates(log, None).contains(&"anonymous-request"));
    }
}

//! The probe plan: which requests, in which round. Round 1 asks the questions every check needs;
//! round 2 only the ones round 1 left open (design.md §8).

use super::{Method, Probe, Setup};
use crate::credential::{Authorization, Checksum, Kind, LoginForm};
use crate::evidence::{Evidence, SentAuth};

/// The credential as sent, unless it must not be sent at all: a placeholder or a token whose
/// checksum fails is diagnosed offline, and sending it would only risk a refused login.
fn sendable(setup: &Setup) -> Option<&Authorization> {
    let auth = setup.auth.as_ref()?;
    let shape = auth.secret.as_ref()?.shape();
    (shape.placeholder.is_none() && shape.checksum != Checksum::Invalid).then_some(auth)
}

fn get(name: &'static str, url: String, auth: Option<&Authorization>) -> Probe {
    Probe {
        name,
        method: Method::Get,
        url,
        auth: auth.cloned(),
    }
}

/// An `--endpoint` as a URL: a path is joined to the API base (with or without `/2.0`).
pub fn endpoint_url(api_url: &str, endpoint: &str) -> String {
    if endpoint.contains("://") {
        return endpoint.to_string();
    }
    let base = api_url.trim_end_matches('/');
    let path = endpoint.trim_start_matches('/');
    let path = match base.ends_with("/2.0") {
        true => path.strip_prefix("2.0/").unwrap_or(path),
        false => path,
    };
    format!("{base}/{path}")
}

/// The username git would send for this credential, and the credential in git's Basic form.
fn git_auth(setup: &Setup, auth: &Authorization) -> Option<Authorization> {
    let secret = auth.secret.clone()?;
    let user = match setup.target.as_ref().and_then(|t| t.git_user.clone()) {
        Some(u) => u,
        None => match auth.kind() {
            Kind::AppPassword => auth
                .login
                .clone()
                .filter(|l| LoginForm::of(l) == LoginForm::Username)
                .or_else(|| setup.username.clone())?,
            k => k.git_username()?.to_string(),
        },
    };
    Some(Authorization::basic(&user, secret))
}

/// Round 1: the repository anonymously and as sent, `/2.0/user` as sent, the user's own
/// endpoints, and git's discovery when the form looks right or the user named a git login.
/// Listed in priority order: the engine drops the tail when the budget is short.
pub fn first_round(setup: &Setup) -> Vec<Probe> {
    let mut probes = Vec::new();
    let auth = sendable(setup);
    if let Some(t) = &setup.target {
        probes.push(get("repo-anon", t.api_url(&setup.api_url), None));
        if let Some(a) = auth {
            probes.push(get("repo", t.api_url(&setup.api_url), Some(a)));
        }
    }
    if let Some(a) = auth {
        for e in &setup.endpoints {
            probes.push(get("endpoint", endpoint_url(&setup.api_url, e), Some(a)));
        }
        probes.push(get("user", endpoint_url(&setup.api_url, "/user"), Some(a)));
        // git uses what its helper gives it, not the source that won here: ask that first
        // (git with the other credential follows, in round 2 when the budget is short).
        if let (Some(t), Some((git, _))) = (&setup.target, &setup.git_helper) {
            probes.push(get(
                "git-helper",
                t.info_refs_url(&setup.git_url),
                Some(git),
            ));
        }
        let looks_right = SentAuth::from_authorization(a).documented_form(false);
        let named_git_user = setup.target.as_ref().is_some_and(|t| t.git_user.is_some());
        if let (Some(t), true) = (&setup.target, looks_right || named_git_user)
            && let Some(git) = git_auth(setup, a)
        {
            probes.push(get("git", t.info_refs_url(&setup.git_url), Some(&git)));
            // git with a username that does not fit the kind: the right one, in the same round
            // (design.md §8: every predictable variant in round 1).
            let sent = SentAuth::from_authorization(&git);
            if !sent.documented_form(true)
                && let Some(secret) = a.secret.clone()
                && let Some(user) = a.kind().git_username()
            {
                let fixed = Authorization::basic(user, secret);
                probes.push(get(
                    "git-fixed",
                    t.info_refs_url(&setup.git_url),
                    Some(&fixed),
                ));
            }
        }
        // The corrected form (the A/B test), predictable from the header as sent, the token's
        // shape and the login: in round 1 too; the engine leaves it to round 2 when the budget
        // of refusable logins is short.
        if let Some(fixed) = corrected(setup) {
            probes.push(match &setup.target {
                Some(t) => get("repo-fixed", t.api_url(&setup.api_url), Some(&fixed)),
                None => get(
                    "user-fixed",
                    endpoint_url(&setup.api_url, "/user"),
                    Some(&fixed),
                ),
            });
        }
    }
    // Whether the workspace exists (asked anonymously: it costs no refused login) settles a 404
    // on the repository. Predictable when no credential is sent, when the form looks wrong (a
    // credential Bitbucket ignores gets the anonymous 404), or for an access token (bound to
    // its own repository, project or workspace): then in round 1.
    if let Some(t) = &setup.target {
        let likely_404 = match auth {
            // Not a credential held back offline (a placeholder, a damaged token).
            None => setup.auth.is_none(),
            Some(a) => {
                !SentAuth::from_authorization(a).documented_form(false)
                    || a.kind() == Kind::AccessToken
            }
        };
        if likely_404 {
            probes.push(workspace_probe(setup, t));
        }
    }
    if auth.is_none() {
        // With no credential, the user's own endpoints go when nothing else is asked, or when
        // their query holds a token (`?access_token=`): that token is under examination.
        for e in setup
            .endpoints
            .iter()
            .filter(|e| setup.target.is_none() || e.to_ascii_lowercase().contains("access_token="))
        {
            probes.push(get("endpoint", endpoint_url(&setup.api_url, e), None));
        }
    }
    probes
}

/// The credential in the documented form for its kind, when it differs from what was sent and
/// we know enough (the email, the username) to build it.
pub fn corrected(setup: &Setup) -> Option<Authorization> {
    let auth = sendable(setup)?;
    let secret = auth.secret.clone()?;
    let sent = SentAuth::from_authorization(auth);
    if sent.documented_form(false) {
        return None;
    }
    let login_for = |kind: Kind| -> Option<String> {
        match kind {
            Kind::AppPassword => setup.username.clone().or_else(|| {
                auth.login
                    .clone()
                    .filter(|l| LoginForm::of(l) == LoginForm::Username)
            }),
            _ => setup.email.clone().or_else(|| {
                auth.login
                    .clone()
                    .filter(|l| LoginForm::of(l) == LoginForm::Email)
            }),
        }
    };
    let fixed = match (sent.kind, crate::bitbucket::form(sent.kind, false)) {
        (_, Some(form)) if form.scheme == "Bearer" => Authorization::bearer(secret),
        (kind, Some(_)) => Authorization::basic(&login_for(kind)?, secret),
        (Kind::Unknown, None) => match auth.scheme.as_deref() {
            Some(s) if s.eq_ignore_ascii_case("basic") => {
                Authorization::basic(auth.login.as_deref()?, secret)
            }
            _ => Authorization::bearer(secret),
        },
        (_, None) => return None,
    };
    let fixed_sent = SentAuth::from_authorization(&fixed);
    (fixed_sent.redacted != sent.redacted || !sent.defects.is_empty()).then_some(fixed)
}

/// Whether the target's workspace exists: its listing, anonymously (404 only when it does not).
fn workspace_probe(setup: &Setup, t: &crate::target::Target) -> Probe {
    get(
        "workspace",
        endpoint_url(
            &setup.api_url,
            &format!("/repositories/{}?pagelen=1", t.workspace),
        ),
        None,
    )
}

/// Round 2: only what round 1 left open.
pub fn second_round(setup: &Setup, ev: &Evidence) -> Vec<Probe> {
    let mut probes = Vec::new();
    let ok = |name: &str| {
        ev.answer(name)
            .is_some_and(|r| r.is_success() && r.recognised())
    };
    let sent_works = ok("repo") || ok("user");
    // The corrected form, as an A/B test of what was sent.
    let asked = |name: &str| ev.probe(name).is_some();
    if !sent_works
        && !asked("repo-fixed")
        && !asked("user-fixed")
        && let Some(fixed) = corrected(setup)
    {
        match &setup.target {
            Some(t) => probes.push(get("repo-fixed", t.api_url(&setup.api_url), Some(&fixed))),
            None => probes.push(get(
                "user-fixed",
                endpoint_url(&setup.api_url, "/user"),
                Some(&fixed),
            )),
        }
    }
    let Some(t) = &setup.target else {
        return probes;
    };
    // The repository answers 404 anonymously and with the credential too (a refusal, 401 or
    // 403, is about the credential, not the repository): does the workspace exist? Asked
    // anonymously, so it cannot cost a refused login.
    if !asked("workspace")
        && ev.answer("repo-anon").is_some_and(|r| r.status == 404)
        && ev.answer("repo").is_none_or(|r| r.status == 404)
    {
        probes.push(workspace_probe(setup, t));
    }
    let Some(auth) = sendable(setup) else {
        return probes;
    };
    // git refused with a username that does not fit the kind: try the right one.
    if let Some(git) = ev.probe("git")
        && !asked("git-fixed")
        && git.status() == Some(401)
        && git.auth().is_some_and(|a| !a.documented_form(true))
        && let Some(secret) = auth.secret.clone()
        && let Some(user) = auth.kind().git_username()
    {
        let fixed = Authorization::basic(user, secret);
        probes.push(get(
            "git-fixed",
            t.info_refs_url(&setup.git_url),
            Some(&fixed),
        ));
    }
    // CI preflight: the user's permission on the repository, only when asked and only once the
    // credential proved it works (access tokens are not users: their scopes tell instead).
    if setup.requirements.permission.is_some() && sent_works && auth.kind().is_user_credential() {
        let q = format!("repository.full_name=\"{t}\"");
        let path = format!(
            "/user/workspaces/{}/permissions/repositories?q={}",
            t.workspace,
            percent_encode(&q)
        );
        probes.push(get(
            "permission",
            endpoint_url(&setup.api_url, &path),
            Some(auth),
        ));
    }
    let repo_hidden = ev
        .answer("repo")
        .is_some_and(|r| matches!(r.status, 403 | 404));
    // Inside a clone whose helper holds another credential: git with the one given, too, when
    // round 1's budget left it out (which of the two works over git is the question).
    if setup.git_helper.is_some()
        && ev.probe("git").is_none()
        && ev.probe("git-helper").is_some()
        && let Some(git) = git_auth(setup, auth)
    {
        probes.push(get("git", t.info_refs_url(&setup.git_url), Some(&git)));
    }
    // The credential works on REST but git was not asked yet: 2SV and IP allowlists show there.
    if repo_hidden
        && ok("user")
        && ev.probe("git").is_none()
        && let Some(git) = git_auth(setup, auth)
    {
        probes.push(get("git", t.info_refs_url(&setup.git_url), Some(&git)));
    }
    probes
}

/// A query value, percent-encoded (all but unreserved characters).
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::Secret;
    use crate::target::Target;
    use std::time::Duration;

    const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";

    fn setup(auth: Option<Authorization>) -> Setup {
        Setup {
            target: Some(Target::parse("acme/widgets").unwrap()),
            auth,
            source: None,
            provenance: Default::default(),
            api_url: "https://api.bitbucket.org/2.0".into(),
            git_url: "https://bitbucket.org".into(),
            endpoints: vec![],
            email: Some("pat@example.com".into()),
            username: None,
            timeout: Duration::from_secs(15),
            requirements: Default::default(),
            secrets: Default::default(),
            ssh: None,
            git_helper: None,
        }
    }

    fn names(p: &[Probe]) -> Vec<&str> {
        p.iter().map(|p| p.name).collect()
    }

    #[test]
    fn healthy_form_asks_everything_in_one_round() {
        let s = setup(Some(Authorization::basic(
            "pat@example.com",
            Secret::new(API),
        )));
        assert_eq!(
            names(&first_round(&s)),
            ["repo-anon", "repo", "user", "git"]
        );
        assert!(corrected(&s).is_none());
    }

    #[test]
    fn suspect_form_keeps_budget_for_the_corrected_form() {
        let s = setup(Some(Authorization::parse(&format!("Bearer {API}"))));
        // The corrected form is predictable, so it goes in round 1 (design.md §8).
        assert_eq!(
            names(&first_round(&s)),
            ["repo-anon", "repo", "user", "repo-fixed", "workspace"]
        );
        let fixed = corrected(&s).unwrap();
        assert_eq!(fixed.scheme.as_deref(), Some("Basic"));
        assert_eq!(fixed.login.as_deref(), Some("pat@example.com"));
    }

    #[test]
    fn placeholders_and_bad_checksums_are_never_sent() {
        let s = setup(Some(Authorization::parse("Bearer $TOKEN")));
        assert_eq!(names(&first_round(&s)), ["repo-anon"]);
        let damaged = &API[..150];
        let s = setup(Some(Authorization::parse(&format!("Bearer {damaged}"))));
        assert_eq!(names(&first_round(&s)), ["repo-anon"]);
    }

    #[test]
    fn permission_probe_only_when_required() {
        use crate::evidence::{Exchange, Permission, Response};
        let mut s = setup(Some(Authorization::basic(
            "pat@example.com",
            Secret::new(API),
        )));
        let works = Evidence {
            exchanges: vec![Exchange {
                probe: "user".into(),
                response: Some(Response::from_parts(
                    200,
                    &[],
                    r#"{"type": "user", "username": "pat"}"#,
                )),
                ..Exchange::default()
            }],
            ..Evidence::default()
        };
        assert!(!names(&second_round(&s, &works)).contains(&"permission"));
        s.requirements.permission = Some(Permission::Write);
        let round = second_round(&s, &works);
        let p = round.iter().find(|p| p.name == "permission").unwrap();
        assert!(p.url.ends_with(
            "/user/workspaces/acme/permissions/repositories\
             ?q=repository.full_name%3D%22acme%2Fwidgets%22"
        ));
        assert!(!names(&second_round(&s, &Evidence::default())).contains(&"permission"));
    }

    #[test]
    fn endpoint_urls() {
        let api = "https://api.bitbucket.org/2.0";
        assert_eq!(endpoint_url(api, "/user"), format!("{api}/user"));
        assert_eq!(
            endpoint_url(api, "/2.0/workspaces"),
            format!("{api}/workspaces")
        );
        assert_eq!(endpoint_url(api, "x://h/p"), "x://h/p");
    }
}

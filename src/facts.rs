//! Facts settled from the evidence, with how well each is known: the one place precedence is
//! decided (design.md §1). The kind of the credential under examination (Bitbucket's own
//! `x-credential-type` over the token's shape over a variable's name over the prose), the date
//! the evidence speaks of, and the credential a post names but does not show, described from
//! its words so that every rule reads it by the same one path as a credential shown.

use crate::credential::{Checksum, Kind, Placeholder};
use crate::evidence::{Claim, Evidence, Request, SentAuth, Strength};
use crate::explain::claims;

/// A credential the rules can judge: not none, and not hidden whole by the poster.
fn judged(a: &SentAuth) -> bool {
    a.kind != Kind::None && !a.hidden()
}

/// The kind of credential under examination, and how it is known. Precedence: Bitbucket's own
/// `x-credential-type` for what it received, then the token's shape (or the poster's label or
/// mask in its place), then a variable's name, then the prose.
pub fn kind(ev: &Evidence) -> (Kind, Strength) {
    let typed = ev
        .responses()
        .find_map(|(_, r)| Kind::of_credential_type(r.header("x-credential-type")?));
    if let Some(kind) = typed.filter(|_| !ev.live) {
        return (kind, Strength::Shown);
    }
    let auths = || ev.auths().filter(|a| judged(a) && !a.described);
    let known = |strength: fn(Strength) -> bool| {
        auths().find(move |a| a.kind != Kind::Unknown && strength(a.kind_strength))
    };
    let named = ev.claims.iter().find_map(|c| match c {
        Claim::CredentialKind(k) => Some((*k, Strength::Stated)),
        _ => None,
    });
    known(Strength::conclusive)
        .or_else(|| known(|s| s == Strength::Inferred))
        .map(|a| (a.kind, a.kind_strength))
        .or(named)
        .or_else(|| known(|_| true).map(|a| (a.kind, a.kind_strength)))
        .or_else(|| auths().next().map(|a| (a.kind, a.kind_strength)))
        .unwrap_or((Kind::None, Strength::Shown))
}

/// How the date the evidence speaks of is known: a check's own clock or the server's, the
/// post's own date, or only assumed to be today's (a post that shows none).
pub fn date(ev: &Evidence) -> Strength {
    match (ev.live, &ev.today) {
        (true, _) => Strength::Observed,
        (false, Some(_)) => Strength::Shown,
        (false, None) => Strength::Inferred,
    }
}

use crate::bitbucket::needle::{LOGIN_FAILED, TOKEN_REFUSED};

/// The credential a pasted text names but does not show (a tool's log, a post that tells which
/// token it used), described from what the text says: its kind as the prose names it, its
/// scheme and login as the prose tells them or, failing that, as Bitbucket's refusal implies or
/// the kind's documented form assumes. Its strength is the weakest of these. `None` when the
/// text shows a credential, shows no refusal, says the call went without one, or names no kind
/// and shows no refused login.
pub fn unseen_credential(ev: &Evidence) -> Option<SentAuth> {
    if ev.live || ev.auths().any(judged) || ev.claimed(&Claim::NoCredential) {
        return None;
    }
    let refusals = || {
        ev.responses()
            .filter(|(_, r)| (400..500).contains(&r.status) && r.status != 429)
    };
    let (kind, kind_strength) = kind(ev);
    // With no refusal shown, only a credential the prose describes whole: its kind and how
    // it is sent.
    let described = ev.claimed(&Claim::BasicAuth) || ev.claimed(&Claim::BearerAuth);
    if refusals().next().is_none() && !(described && kind != Kind::Unknown) {
        return None;
    }
    let refused_login = refusals().any(|(_, r)| r.status == 401);
    // A refused login says some credential was sent, of a kind the text does not tell: that
    // its form was right is then a guess.
    let (kind, kind_strength) = match kind {
        Kind::None | Kind::Unknown if refused_login => (Kind::Unknown, Strength::Inferred),
        kind => (kind, kind_strength),
    };
    if kind == Kind::None || (kind == Kind::Unknown && !refused_login) {
        return None;
    }
    let says = |needle: &str| refusals().any(|(_, r)| r.says(needle));
    let git = refusals().next().is_some() && refusals().all(|(e, _)| e.is_git());
    let (scheme, scheme_strength) = if git || ev.claimed(&Claim::BasicAuth) {
        (
            "Basic",
            if git {
                Strength::Shown
            } else {
                Strength::Stated
            },
        )
    } else if ev.claimed(&Claim::BearerAuth) {
        ("Bearer", claims::strength(Claim::BearerAuth))
    } else if says(LOGIN_FAILED) {
        ("Basic", Strength::Inferred)
    } else if says(TOKEN_REFUSED) || kind.wants_bearer() {
        ("Bearer", Strength::Inferred)
    } else {
        ("Basic", Strength::Inferred)
    };
    let (login, login_strength) = match scheme {
        "Bearer" => (None, Strength::Observed),
        _ if ev.claimed(&Claim::LoginIsEmail) => {
            (Some("{email}"), claims::strength(Claim::LoginIsEmail))
        }
        _ if ev.claimed(&Claim::LoginIsUsername) => {
            (Some("{username}"), claims::strength(Claim::LoginIsUsername))
        }
        // A post moving from an app password to an API token: the tool still sends the
        // username the app password went with.
        _ if kind == Kind::ApiToken
            && ev.claimed(&Claim::CredentialKind(Kind::AppPassword))
            && !git =>
        {
            (Some("{username}"), Strength::Inferred)
        }
        // As the kind's documented form has it.
        _ => match kind {
            Kind::ApiToken if !git => (Some("{email}"), Strength::Inferred),
            Kind::AccessToken | Kind::OauthToken => {
                (Some(crate::credential::TOKEN_GIT_USER), Strength::Inferred)
            }
            _ => (Some("{username}"), Strength::Inferred),
        },
    };
    // The post says the scheme word is written in lower case: that is how it went.
    let (scheme, scheme_strength) = match scheme {
        "Bearer" if ev.claimed(&Claim::SchemeCase) => {
            ("bearer", claims::strength(Claim::SchemeCase))
        }
        s => (s, scheme_strength),
    };
    let redacted = match login {
        Some(l) => format!("{scheme} {l}:(not shown)"),
        None => format!("{scheme} (not shown)"),
    };
    Some(SentAuth {
        scheme: Some(scheme.to_string()),
        login: login.map(String::from),
        kind,
        checksum: Checksum::None,
        placeholder: Some(Placeholder {
            text: "(not shown)".into(),
            shell: false,
            kind_hint: (kind != Kind::Unknown).then_some(kind),
            literal: false,
            mask: false,
            engine: false,
        }),
        defects: Vec::new(),
        redacted,
        secret_redacted: "(not shown)".into(),
        secret_len: None,
        kind_strength,
        form_strength: scheme_strength.min(login_strength),
        described: true,
    })
}

/// Give the refused requests whose credential the text does not show the credential its words
/// describe ([`unseen_credential`]): the rules then read it by the same path as one shown, and
/// its strength says how little is known.
pub fn attach_unseen(ev: &mut Evidence) {
    let Some(auth) = unseen_credential(ev) else {
        return;
    };
    if ev.exchanges.is_empty() {
        // Described, with nothing sent to pair it with: the credential the post is about.
        ev.source = Some("described in the text".into());
        ev.credential = Some(auth);
        return;
    }
    for e in &mut ev.exchanges {
        let refused = e
            .response
            .as_ref()
            .is_some_and(|r| (400..500).contains(&r.status) && r.status != 429);
        if !refused {
            continue;
        }
        let request = e.request.get_or_insert_with(|| Request {
            method: String::new(),
            url: String::new(),
            auth: None,
            auth_unseen: true,
        });
        // Not shown, or masked whole by the poster (`Authorization: ***`).
        if request.auth_unseen && request.auth.as_ref().is_none_or(SentAuth::hidden) {
            request.auth = Some(auth.clone());
        }
    }
}

//! The SSH findings as catalog records (`rules::CATALOG` lists them). Each matcher reads only
//! [`Evidence::ssh`] and asks [`diagnose`](super::diagnose) for its id: the rules themselves,
//! their evidence and their fixes live there, in one pure function.

use super::diagnose::{Context, Diagnosis, diagnose};
use crate::evidence::{Evidence, Exchange, Failure, Strength};
use crate::rules::{Match, Rule, Severity};
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    /// The SSH diagnosis of the evidence [`crate::rules::diagnose`] is reading (by its address,
    /// which cannot change while it is borrowed), made on the first ask: the eight SSH rules,
    /// `healthy` and `unexplained-failure` each ask for it, and it was made ten times a report.
    static READING: RefCell<Option<(usize, Option<Rc<Diagnosis>>)>> = const { RefCell::new(None) };
}

/// Run `f` (the catalog's matchers over `ev`) with `ev`'s SSH diagnosis made at most once.
pub fn diagnosing<R>(ev: &Evidence, f: impl FnOnce() -> R) -> R {
    /// Forgets the diagnosis when `f` returns or unwinds.
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            READING.with(|r| r.borrow_mut().take());
        }
    }
    READING.with(|r| *r.borrow_mut() = Some((address(ev), None)));
    let _done = Done;
    f()
}

fn address(ev: &Evidence) -> usize {
    std::ptr::from_ref(ev) as usize
}

/// The diagnosis of the evidence's SSH facts, if it has any.
fn diagnosis(ev: &Evidence) -> Option<Rc<Diagnosis>> {
    if ev.ssh.as_ref()?.crashed {
        return None;
    }
    let made = READING.with(|r| match &*r.borrow() {
        Some((at, made)) if *at == address(ev) => made.clone(),
        _ => None,
    });
    if let Some(d) = made {
        return Some(d);
    }
    let d = Rc::new(diagnose_now(ev)?);
    READING.with(|r| {
        if let Some((at, made)) = &mut *r.borrow_mut()
            && *at == address(ev)
        {
            *made = Some(d.clone());
        }
    });
    Some(d)
}

/// [`diagnosis`], made anew.
fn diagnose_now(ev: &Evidence) -> Option<Diagnosis> {
    let facts = ev.ssh.as_ref()?;
    // What failed is the host the failure's line names, when it is Bitbucket's too: a
    // submodule's old `bitbucket.org` beside an origin already on `ssh.bitbucket.org`.
    // (A check knows the host it connected to: the simulator's loopback address is not it.)
    let named = named_on_line(facts).filter(|h| {
        !ev.live
            && crate::bitbucket::is_cloud(h)
            && !crate::bitbucket::is_loopback(h)
            && facts.host_name().as_ref() != Some(h)
    });
    let renamed;
    let facts = match named {
        Some(host) => {
            renamed = super::SshFacts {
                host: Some(host),
                ..facts.clone()
            };
            &renamed
        }
        None => facts,
    };
    // A pasted transcript's date is a log line's own (an `ssh -v` banner's OpenSSL date is not
    // when it ran); a check's is today.
    let today = match ev.live {
        true => ev.today.clone(),
        // A log line's own date, else the post's.
        false => facts.date.clone().or_else(|| ev.today.clone()),
    };
    let cx = Context {
        today,
        push: false,
        repo: ev.target.as_ref().map(|t| t.to_string()),
        live: ev.live,
    };
    let mut d = diagnose(facts, &cx);
    d.whose = whose(ev);
    Some(d)
}

/// The match for one SSH id, when the diagnosis names it.
fn matched(ev: &Evidence, id: &str) -> Option<Match> {
    let d = diagnosis(ev)?;
    let f = d.get(id)?;
    let windows = ev.ssh.as_ref().is_some_and(|s| s.windows);
    let mut detail = f.detail.clone();
    if windows {
        detail = Some(format!("{} {WINDOWS}", detail.unwrap_or_default()));
    }
    Some(Match {
        evidence: f.evidence.clone(),
        command: Some(f.fix.clone()),
        detail,
        severity: f.warning.then_some(Severity::Warning),
        support: match f.dated_by_guess {
            true => Some(Strength::Inferred),
            false => d.whose,
        },
        ..Match::default()
    })
}

/// Whether the session was Bitbucket's is only a guess when the failure's own line names
/// another host, or when nothing in the text ties it to Bitbucket: not its host, not its
/// words, not even its name.
fn whose(ev: &Evidence) -> Option<Strength> {
    let f = ev.ssh.as_ref()?;
    let elsewhere = failing_host(ev).is_some_and(|h| !crate::bitbucket::is_cloud(&h));
    (elsewhere || !(f.bitbucket_named || bitbucket_s(ev))).then_some(Strength::Inferred)
}

/// The host the failure's own line names (`connect to host 203.0.113.40 port 22`, `Host key
/// for web01 has changed`, `deploy@10.0.0.5: Permission denied`): another than the clone's
/// when a later step (a deploy's `scp`) failed.
fn failing_host(ev: &Evidence) -> Option<String> {
    let f = ev.ssh.as_ref()?;
    // Through a jump host, a host key that failed unnamed may be the jump host's.
    let host_key = matches!(
        f.host_key,
        super::HostKey::NotKnown { .. } | super::HostKey::Changed { .. }
    );
    named_on_line(f)
        .or_else(|| f.failure_host.clone())
        .or_else(|| f.jump.clone().filter(|_| host_key))
}

/// The host the failure's own line names, unless masked; a login as another user than
/// Bitbucket's `git` names a server that is not Bitbucket's even masked (`deploy@***`).
fn named_on_line(f: &super::SshFacts) -> Option<String> {
    let line = super::diagnose::failure_line(f)?.to_ascii_lowercase();
    let after = |anchor: &str| {
        let at = crate::evidence::find_str(&line, anchor)? + anchor.len();
        Some(&line[at..])
    };
    let anchored = after("connect to host ")
        .or_else(|| after("authenticity of host '"))
        .or_else(|| after("host key for "))
        .or_else(|| after("host key is known for "));
    let (named, other_user) = match anchored {
        Some(named) => (named, false),
        None => {
            let at = crate::evidence::find_str(&line, ": permission denied")?;
            let user_host = line[..at].rsplit(char::is_whitespace).next()?;
            match user_host.rsplit_once('@') {
                Some((user, host)) => (host, !user.ends_with("git")),
                None => (user_host, false),
            }
        }
    };
    let host = named
        .split(|c: char| c.is_whitespace() || matches!(c, '\'' | '(' | ')' | ','))
        .next()?
        .trim_matches(['[', ']'])
        .split("]:")
        .next()?
        .to_string();
    (!host.is_empty() && (other_user || !host.contains('*'))).then_some(host)
}

/// Whether the text shows the SSH session was Bitbucket's: its host is, Bitbucket's own words
/// answered (a greeting, a `conq:` refusal), or git's failure followed a request to it. A
/// failure with no host, an address, a masked or an aliased one is often a deploy step's
/// (`rsync … deploy@10.20.0.14`, `***@***`), not the clone's.
fn bitbucket_s(ev: &Evidence) -> bool {
    let Some(f) = ev.ssh.as_ref() else {
        return false;
    };
    ev.live
        || f.host_name()
            .is_some_and(|h| crate::bitbucket::is_cloud(&h))
        || f.greeting.is_some()
        || f.refusal.is_some()
        || (f.git_failed
            && ev.exchanges.iter().any(|e| {
                e.is_git()
                    && e.request.as_ref().is_some_and(|q| {
                        crate::bitbucket::is_cloud(&crate::bitbucket::host_of(&q.url))
                    })
            }))
}

/// Said whenever the client is Windows' own OpenSSH.
const WINDOWS: &str = "This ssh is Windows' own OpenSSH. Git for Windows runs the ssh it ships \
    unless core.sshCommand says otherwise, with its own agent, so git may offer other keys than \
    this check saw; to make git use this one: git config --global core.sshCommand \
    C:/Windows/System32/OpenSSH/ssh.exe";

/// For `healthy`: what a working SSH check saw.
pub fn healthy(ev: &Evidence) -> Option<Match> {
    let facts = ev.ssh.as_ref()?;
    if !facts.authenticated || facts.failed() || !diagnosis(ev)?.findings.is_empty() {
        return None;
    }
    let mut evidence = Vec::new();
    let host = facts.host.as_deref().unwrap_or(super::SSH_HOST);
    if let Some(k) = facts.accepted() {
        evidence.push(format!("ssh to {host}: accepted {}", k.describe()));
    }
    evidence.push(match &facts.greeting {
        Some(super::Greeting::DeployKey { repos }) => format!(
            "a repository access (deploy) key: reads {}, cannot push",
            repos.join(", ")
        ),
        _ => "an account's SSH key".to_string(),
    });
    if let (Some(n), Some(repo)) = (facts.refs, facts.repo.as_deref()) {
        evidence.push(format!(
            "git-upload-pack '{repo}.git': {n} refs advertised (read access)"
        ));
    }
    if facts.windows {
        evidence.push(WINDOWS.to_string());
    }
    Some(Match {
        evidence,
        ..Match::default()
    })
}

/// The SSH causes a failure leaves open: those the transcript could not place, or, when the
/// only cause named rests on an assumed date (the host move), the causes of a refusal.
pub fn open_causes(ev: &Evidence) -> Vec<&'static str> {
    let Some(d) = diagnosis(ev) else {
        return Vec::new();
    };
    if let Some(i) = &d.inconclusive {
        return i.candidates.clone();
    }
    let guessed =
        !d.findings.is_empty() && d.findings.iter().all(|f| f.dated_by_guess || f.warning);
    match (guessed, ev.ssh.as_ref().is_some_and(|f| f.denied.is_some())) {
        (true, true) => vec![
            "ssh-key-not-registered",
            "ssh-no-key-offered",
            "ssh-key-wrong-account",
        ],
        _ => Vec::new(),
    }
}

/// For `unexplained-failure`: an SSH failure the rules could not place, with the check that
/// would (design.md §5 `inconclusive`: the candidates and the next step).
pub fn unplaced(ev: &Evidence) -> Option<Match> {
    let d = diagnosis(ev)?;
    let i = d.inconclusive.as_ref()?;
    let mut evidence = i.evidence.clone();
    evidence.push(format!("could be: {}", i.candidates.join(", ")));
    Some(Match {
        evidence,
        confirm: Some(i.next.clone()),
        ..Match::default()
    })
}

/// Put a live SSH check's facts into the evidence: transport failures that no SSH finding
/// names (DNS, a connection closed before SSH began) become failed exchanges, which
/// `network-error` reports.
pub fn attach(ev: &mut Evidence, facts: super::SshFacts) {
    use super::Transport;
    let failure = match &facts.transport {
        Some((Transport::Dns, line)) => Some(Failure::Dns(line.clone())),
        Some((Transport::Closed, line)) => Some(Failure::Connect(line.clone())),
        Some((Transport::ClientMissing, line)) => Some(Failure::Other(line.clone())),
        _ => None,
    };
    if let Some(failure) = failure {
        ev.exchanges.push(Exchange {
            probe: "ssh".into(),
            failure: Some(failure),
            ..Exchange::default()
        });
    }
    ev.today.get_or_insert_with(crate::clock::today);
    ev.ssh = Some(facts);
}

macro_rules! ssh_rule {
    ($name:ident, $matcher:ident, $id:literal, $unreachable:expr, $title:literal, $explanation:literal, $fix:literal) => {
        fn $matcher(ev: &Evidence) -> Option<Match> {
            matched(ev, $id)
        }
        pub const $name: Rule = Rule {
            id: $id,
            severity: Severity::Error,
            title: $title,
            explanation: $explanation,
            fix: $fix,
            unreachable: $unreachable,
            page: include_str!(concat!("../../docs/findings/", $id, ".md")),
            quiet_when: &[],
            matcher: $matcher,
        };
    };
}

ssh_rule!(
    SSH_HOST_MOVED,
    ssh_host_moved,
    "ssh-host-moved",
    false,
    "SSH goes to bitbucket.org, which no longer serves it",
    "Since 2026-11-12 Bitbucket serves SSH only at ssh.bitbucket.org; bitbucket.org serves HTTPS \
     (web and API) only. A remote, a CI script or a known_hosts entry that still says \
     git@bitbucket.org fails, whatever the keys.",
    "Point the remote at ssh.bitbucket.org (git@ssh.bitbucket.org:WORKSPACE/REPO.git) and add \
     that host's key to known_hosts."
);

ssh_rule!(
    SSH_PORT_BLOCKED,
    ssh_port_blocked,
    "ssh-port-blocked",
    true,
    "Nothing answers SSH on this port: a firewall or proxy",
    "The SSH connection got no answer, was refused, or got no SSH greeting: something between \
     you and Bitbucket (a corporate firewall, a proxy, a VPN) blocks the port, so no key was \
     ever tried.",
    "Use HTTPS with an API token where port 22 is blocked, or ask for the port to be opened."
);

ssh_rule!(
    SSH_HOST_KEY_CHANGED,
    ssh_host_key_changed,
    "ssh-host-key-changed",
    false,
    "known_hosts pins an old Bitbucket host key",
    "Your known_hosts holds a host key Bitbucket no longer uses (it replaced its RSA key on \
     2023-06-20), so ssh refuses to connect: it cannot tell a rotated key from an impostor.",
    "Remove the old entry (ssh-keygen -R HOST) and add Bitbucket's current keys after checking \
     their fingerprints."
);

ssh_rule!(
    SSH_HOST_KEY_UNKNOWN,
    ssh_host_key_unknown,
    "ssh-host-key-unknown",
    false,
    "Bitbucket's host key is not in known_hosts",
    "ssh has never connected to this host, and in batch mode (git in CI, bbdoctor) it cannot ask \
     whether to trust the key, so it stops before any key of yours is tried.",
    "Add the host's keys to known_hosts after comparing their fingerprints with the ones \
     Bitbucket publishes."
);

ssh_rule!(
    SSH_NO_KEY_OFFERED,
    ssh_no_key_offered,
    "ssh-no-key-offered",
    false,
    "ssh offered no key to Bitbucket",
    "Bitbucket accepts only public keys. ssh found none to offer: no key file on disk, none in \
     the agent, or IdentitiesOnly with an IdentityFile that does not exist.",
    "Load a key into the agent (ssh-add) or fix the IdentityFile path, and make sure its public \
     half is on your Bitbucket account."
);

ssh_rule!(
    SSH_KEY_NOT_REGISTERED,
    ssh_key_not_registered,
    "ssh-key-not-registered",
    false,
    "Bitbucket knows none of the keys offered",
    "ssh offered one or more keys and Bitbucket refused them all (Permission denied (publickey)): \
     none is on a Bitbucket account, nor an access key of the repository.",
    "Add the public key (by the fingerprint shown) to your Bitbucket account's SSH keys, or load \
     the key that is registered."
);

ssh_rule!(
    SSH_KEY_WRONG_ACCOUNT,
    ssh_key_wrong_account,
    "ssh-key-wrong-account",
    false,
    "The key works, but not for this repository",
    "Bitbucket accepted the key, but it belongs to an account without access to the repository \
     (often a second, personal account whose key the agent offers first), or it is another \
     repository's access key.",
    "Use a Host block with IdentitiesOnly so that ssh offers the key of the account that has \
     access."
);

ssh_rule!(
    SSH_DEPLOY_KEY_READ_ONLY,
    ssh_deploy_key_read_only,
    "ssh-deploy-key-read-only",
    false,
    "A push with a read-only access (deploy) key",
    "Repository access keys (deploy keys) can clone and fetch, never push: Bitbucket refuses \
     the push.",
    "Push with a key on an account that has write access, or over HTTPS with an API token."
);

#[cfg(test)]
mod tests;

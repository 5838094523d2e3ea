//! From [`SshFacts`] to the SSH findings of design.md §4: a pure function, the same for
//! `check` and `explain`. Each finding carries its evidence lines (quoted from the text) and its
//! fix as commands to paste. When a failure shows but cannot be placed, [`Diagnosis`] says so,
//! with the candidates and the `bbdoctor check` that separates them.

use super::facts::{Greeting, HostKey, Refusal, SshFacts, Transport};
use super::{MOVED_ON, OLD_HOSTS, PUBLISHED_FINGERPRINTS, SSH_HOST, links};

/// What the facts do not say: when, and what is being done.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// `YYYY-MM-DD`: today in `check`, the text's date in `explain` (none: after the move).
    pub today: Option<String>,
    /// The operation is a push (`check --can push`); the text may say so itself.
    pub push: bool,
    /// `workspace/repo` when the caller knows it better than the text.
    pub repo: Option<String>,
    /// Produced by `check` (ssh's own output) rather than read from a paste.
    pub live: bool,
}

/// One SSH finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshFinding {
    /// A design.md §4 id, e.g. `ssh-host-moved`.
    pub id: &'static str,
    /// Not an error: a risk (e.g. the old host still answered).
    pub warning: bool,
    pub evidence: Vec<String>,
    /// Commands to paste, `#` comments between them.
    pub fix: String,
    /// A sentence for this case.
    pub detail: Option<String>,
    /// It rests on a date the text does not show (a transcript of unknown age is assumed to be
    /// from after the host move): a rule of thumb, not what the text shows.
    pub dated_by_guess: bool,
}

/// A failure shown but not placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inconclusive {
    pub candidates: Vec<&'static str>,
    pub evidence: Vec<String>,
    /// The command (or piece of text) that would settle it.
    pub next: String,
}

/// Everything the SSH rules conclude.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// Most causal first.
    pub findings: Vec<SshFinding>,
    pub inconclusive: Option<Inconclusive>,
    /// How surely the session was Bitbucket's, when the text leaves it in doubt (set by the
    /// reader of pasted text; `None`: as shown).
    pub whose: Option<crate::evidence::Strength>,
}

impl Diagnosis {
    pub fn get(&self, id: &str) -> Option<&SshFinding> {
        self.findings.iter().find(|f| f.id == id)
    }
}

/// The SSH findings the facts support.
pub fn diagnose(f: &SshFacts, cx: &Context) -> Diagnosis {
    let mut d = Diagnosis::default();
    let repo = cx
        .repo
        .clone()
        .or_else(|| f.repo.clone())
        .unwrap_or_else(|| "WORKSPACE/REPO".into());
    let host = f.host_name();
    let push = cx.push || f.push;
    let moved = host_moved(f, cx, &repo);
    let moved_error = moved
        .as_ref()
        .is_some_and(|m| !m.warning && !m.dated_by_guess);
    d.findings.extend(moved);
    // After the move nothing else the old host says is about the user's keys: stop here. When
    // the move's date is only assumed, the transcript's own causes are read as well.
    if moved_error {
        return d;
    }
    d.findings
        .extend(port_blocked(f, cx, host.as_deref(), &repo));
    d.findings.extend(host_key(f, host.as_deref()));
    if d.findings.iter().any(|x| !x.warning && !x.dated_by_guess) {
        return d;
    }
    d.findings.extend(keys(f, host.as_deref()));
    d.findings.extend(wrong_account(f, &repo, host.as_deref()));
    d.findings.extend(deploy_read_only(f, push, &repo));
    if !d.findings.iter().any(|x| !x.warning && !x.dated_by_guess)
        && f.failed()
        && f.transport.is_none()
    {
        d.inconclusive = Some(unplaced(f, cx, &repo, host.as_deref()));
    }
    d
}

fn evidence(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        if !l.is_empty() && !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// The line that shows the failure, whichever the text has.
pub fn failure_line(f: &SshFacts) -> Option<String> {
    f.transport
        .as_ref()
        .map(|(_, l)| l.clone())
        .or_else(|| match &f.host_key {
            HostKey::Changed { line, .. } | HostKey::NotKnown { line } => Some(line.clone()),
            _ => None,
        })
        .or_else(|| f.denied.clone())
        .or_else(|| f.refusal.as_ref().map(|(_, l)| l.clone()))
        .or_else(|| {
            f.git_failed
                .then(|| "fatal: Could not read from remote repository.".to_string())
        })
}

fn host_port(host: &str, port: Option<u16>) -> String {
    match port {
        Some(p) if p != 22 => format!("{host} port {p}"),
        _ => format!("{host} (port 22)"),
    }
}

/// N1, S12: SSH to `bitbucket.org` fails since 2026-11-12; use `ssh.bitbucket.org`.
fn host_moved(f: &SshFacts, cx: &Context, repo: &str) -> Option<SshFinding> {
    let host = f.host_name()?;
    if !OLD_HOSTS.contains(&host.as_str()) {
        return None;
    }
    let failed = f.failed();
    if before_move(cx) && failed {
        // A failure from before the move has the causes it always had.
        return None;
    }
    let altssh = host == "altssh.bitbucket.org";
    let mut lines = vec![format!(
        "ssh went to {}, which no longer serves SSH: Bitbucket moved SSH to {SSH_HOST} on {MOVED_ON}",
        host_port(&host, f.port)
    )];
    lines.extend(failure_line(f));
    let fix = format!(
        "git remote set-url origin git@{SSH_HOST}:{repo}.git\n\
         # trust the new host's key (compare with the fingerprints Bitbucket publishes first):\n\
         ssh-keyscan -t ed25519,rsa {SSH_HOST} > /tmp/bitbucket_host_keys\n\
         ssh-keygen -lf /tmp/bitbucket_host_keys\n\
         cat /tmp/bitbucket_host_keys >> ~/.ssh/known_hosts\n\
         ssh -T git@{SSH_HOST}\n\
         # also replace {host} in ~/.ssh/config Host blocks, CI scripts (ssh-keyscan {host}) and submodule URLs"
    );
    let detail = match (altssh, failed) {
        (true, _) => Some(format!(
            "altssh.bitbucket.org (SSH on port 443) was Bitbucket's way around a blocked port 22; \
             whether it still answers after the move is not confirmed. Use {SSH_HOST}, or HTTPS if \
             port 22 is blocked. See {}",
            links::HOST_MOVE
        )),
        (false, true) => Some(format!(
            "Bitbucket now serves only HTTPS at {host}: every SSH clone, fetch and push has to use \
             {SSH_HOST} (announcement: {}).",
            links::HOST_MOVE
        )),
        (false, false) if before_move(cx) => Some(format!(
            "It answered this time, but SSH at {host} ends on {MOVED_ON}: switch now (announcement: {}).",
            links::HOST_MOVE
        )),
        (false, false) => Some(format!(
            "It answered this time, but Bitbucket moved SSH to {SSH_HOST} on {MOVED_ON} and {host}              may stop answering at any time: switch now (announcement: {}).",
            links::HOST_MOVE
        )),
    };
    Some(SshFinding {
        id: "ssh-host-moved",
        dated_by_guess: cx.today.is_none() && !cx.live,
        warning: !failed,
        evidence: evidence(lines),
        fix,
        detail,
    })
}

/// Whether the text is dated before the move (a date it shows, or the one given).
fn before_move(cx: &Context) -> bool {
    cx.today.as_deref().is_some_and(|d| d < MOVED_ON)
}

/// S11: no answer or a refusal on the port. At the old host, since the move any failure is
/// the move's (S12): with the date only assumed, a blocked port there is a guess too.
fn port_blocked(f: &SshFacts, cx: &Context, host: Option<&str>, repo: &str) -> Option<SshFinding> {
    let (kind, line) = f.transport.as_ref()?;
    let what = match kind {
        Transport::Timeout => "no answer",
        Transport::Refused => "the connection was refused",
        Transport::Silent => "a connection but no SSH greeting (something in the way swallows it)",
        Transport::Closed | Transport::Dns | Transport::ClientMissing => return None,
    };
    let host = host.unwrap_or(SSH_HOST);
    let port = f.port.unwrap_or(22);
    let old_host = OLD_HOSTS.contains(&host) && !before_move(cx);
    Some(SshFinding {
        id: "ssh-port-blocked",
        dated_by_guess: old_host && cx.today.is_none() && !cx.live,
        warning: false,
        evidence: evidence([
            format!("{host} port {port}: {what}"),
            line.clone(),
        ]),
        fix: format!(
            "# is the port reachable from here at all? (a firewall or proxy often blocks 22)\n\
             nc -vz -w 5 {host} {port}\n\
             # HTTPS works where SSH does not: clone over HTTPS with an API token\n\
             git remote set-url origin https://bitbucket.org/{repo}.git\n\
             # git then asks for a username (x-bitbucket-api-token-auth) and the API token"
        ),
        detail: Some(
            "Bitbucket used to document SSH over port 443 at altssh.bitbucket.org for networks that \
             block port 22; whether that still works since SSH moved to ssh.bitbucket.org is not \
             confirmed, so HTTPS is the sure way around."
                .into(),
        ),
    })
}

fn published() -> String {
    PUBLISHED_FINGERPRINTS
        .iter()
        .map(|(k, fp)| format!("{k} {fp}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// S8, S9: the host key is unknown, or known_hosts pins another one.
fn host_key(f: &SshFacts, host: Option<&str>) -> Option<SshFinding> {
    let host = host.unwrap_or(SSH_HOST);
    let presented = f
        .server_key
        .as_ref()
        .map(|k| format!("the server presented {k}"));
    let add = format!(
        "ssh-keyscan -t ed25519,rsa {host} > /tmp/bitbucket_host_keys\n\
         ssh-keygen -lf /tmp/bitbucket_host_keys   # must match {}\n\
         cat /tmp/bitbucket_host_keys >> ~/.ssh/known_hosts",
        published()
    );
    match &f.host_key {
        HostKey::Changed { line, offending } => Some(SshFinding {
            id: "ssh-host-key-changed",
            dated_by_guess: false,
            warning: false,
            evidence: evidence(
                [Some(line.clone())]
                    .into_iter()
                    .chain([offending
                        .as_ref()
                        .map(|o| format!("the old key is pinned at {o}"))])
                    .chain([presented])
                    .flatten(),
            ),
            fix: format!(
                "ssh-keygen -R {host}\n{add}\n\
                 # Bitbucket's keys for bitbucket.org, as known_hosts lines: curl {}",
                links::HOST_KEYS
            ),
            detail: Some(format!(
                "Bitbucket replaced its RSA host key on 2023-06-20; a known_hosts file (or a CI image) \
                 from before then still pins the old one. If the key presented matches none of the \
                 fingerprints Bitbucket publishes, something between you and Bitbucket (a proxy) \
                 answers instead: do not add it. See {}",
                links::HOST_KEY_CHANGES
            )),
        }),
        HostKey::NotKnown { line } => Some(SshFinding {
            id: "ssh-host-key-unknown",
            dated_by_guess: false,
            warning: false,
            evidence: evidence([Some(line.clone()), presented].into_iter().flatten()),
            fix: add,
            detail: Some(format!(
                "ssh has never seen {host}'s key, and git (or BatchMode) cannot ask you to accept it, \
                 so the connection stops before any key of yours is tried. Add the key after checking \
                 its fingerprint. See {}",
                links::AUTHENTICITY
            )),
        }),
        _ => None,
    }
}

/// S1: `Permission denied (publickey)`: no key offered, or none of those offered is known.
fn keys(f: &SshFacts, host: Option<&str>) -> Option<SshFinding> {
    let denied = f.denied.as_ref()?;
    if f.authenticated {
        return None;
    }
    let host = host.unwrap_or(SSH_HOST);
    let offered: Vec<_> = f.offered().collect();
    if offered.is_empty()
        && let Some(found) = unusable_key(f, denied, host)
    {
        return Some(found);
    }
    // A private key tried without its public half was sent if the file loaded; at -v only
    // `no such identity` (-vvv) or `Load key` says it did not: until then, unknown.
    let maybe_sent = f.keys.iter().any(|k| {
        k.tried_private
            && !k.offered
            && !f.missing_identities.contains(&k.source)
            && !f.unusable_keys.iter().any(|(p, _)| *p == k.source)
    });
    if offered.is_empty() && maybe_sent {
        return None;
    }
    // A paste without -v shows no keys at all: that is not "none offered". Nor is what the
    // agent holds (`ssh-add -l`): ssh offers the agent's keys, and `~/.ssh/id_*` without one.
    let verbose = f
        .keys
        .iter()
        .any(|k| !k.listed || k.offered || k.tried_private)
        || f.client.is_some()
        || !f.missing_identities.is_empty();
    if offered.is_empty() && verbose {
        let mut lines = vec![
            denied.clone(),
            "ssh offered no key to the server".to_string(),
        ];
        lines.extend(
            f.missing_identities
                .iter()
                .map(|p| format!("identity file {p} does not exist")),
        );
        match (f.no_agent, f.agent_keys) {
            (true, _) => lines.push("no ssh-agent could be reached".into()),
            (_, Some(0)) => lines.push("the ssh-agent holds no keys".into()),
            _ => {}
        }
        if f.identities_only {
            lines.push("IdentitiesOnly yes: only the IdentityFile named is tried".into());
        }
        return Some(SshFinding {
            id: "ssh-no-key-offered",
            dated_by_guess: false,
            warning: false,
            evidence: evidence(lines),
            fix: format!(
                "ssh-add -l                      # what the agent holds\n\
                 ls ~/.ssh/*.pub                 # the keys on disk\n\
                 # none? make one, load it, and add the .pub to Bitbucket (Personal settings > SSH keys):\n\
                 ssh-keygen -t ed25519 -C \"you@example.com\"\n\
                 ssh-add ~/.ssh/id_ed25519\n\
                 cat ~/.ssh/id_ed25519.pub\n\
                 ssh -T git@{host}"
            ),
            detail: Some(format!(
                "Bitbucket can only accept a key it is offered. With IdentitiesOnly, an IdentityFile \
                 that does not exist leaves nothing to offer; without an agent, only ~/.ssh/id_* are \
                 tried. See {}",
                links::PERMISSION_DENIED
            )),
        });
    }
    if offered.is_empty() {
        return None;
    }
    let mut lines = vec![denied.clone()];
    lines.extend(
        offered
            .iter()
            .map(|k| format!("offered and refused: {}", k.describe())),
    );
    let first = offered[0];
    let file = (!first.from_agent && first.source.starts_with(['/', '~', '.']))
        .then(|| format!("{}.pub", first.source));
    let show = match &file {
        Some(pub_file) => format!("cat {pub_file}"),
        None => "ssh-add -L                      # the public keys the agent holds".to_string(),
    };
    Some(SshFinding {
        id: "ssh-key-not-registered",
        dated_by_guess: false,
        warning: false,
        evidence: evidence(lines),
        fix: format!(
            "ssh-add -l                      # fingerprints of the keys the agent offers\n\
             {show}\n\
             # add that public key to your Bitbucket account (Personal settings > SSH keys), or to the\n\
             # repository (Repository settings > Access keys) for read-only use; then:\n\
             ssh -T git@{host}"
        ),
        detail: Some(format!(
            "Bitbucket refused every key offered ({}): none is on a Bitbucket account or a \
             repository's access keys. Add the key whose fingerprint is shown, or load the key that \
             is registered. See {}",
            offered
                .iter()
                .filter_map(|k| k.fingerprint.as_deref())
                .collect::<Vec<_>>()
                .join(", "),
            links::PERMISSION_DENIED
        )),
    })
}

/// ssh found the key file but could not load it, so the key meant for Bitbucket was never
/// offered: a damaged file (Windows line endings, a missing last newline, the public half pasted
/// instead), one readable by others, or a wrong passphrase. OpenSSH says so before the denial.
fn unusable_key(f: &SshFacts, denied: &str, host: &str) -> Option<SshFinding> {
    let (path, reason) = f.unusable_keys.first()?;
    let mut lines = vec![denied.to_string()];
    lines.extend(
        f.unusable_keys
            .iter()
            .map(|(p, r)| format!("ssh could not load the key {p}: {r}")),
    );
    let lower = reason.to_ascii_lowercase();
    let repair = if lower.contains("permission") {
        format!("chmod 600 {path}   # ssh ignores a private key others can read")
    } else if lower.contains("passphrase") {
        format!("ssh-add {path}   # asks for the key's passphrase")
    } else {
        format!(
            "sed -i 's/\\r$//' {path}   # Windows line endings make a key unreadable\n\
             printf '\\n' >> {path}   # the file must end with a newline\n\
             # a CI variable must hold the whole private key, BEGIN and END lines included"
        )
    };
    Some(SshFinding {
        id: "ssh-no-key-offered",
        dated_by_guess: false,
        warning: false,
        evidence: evidence(lines),
        fix: format!(
            "ssh-keygen -y -f {path}   # prints the public key if the file is a usable private key\n\
             {repair}\n\
             ssh -T git@{host}"
        ),
        detail: Some(format!(
            "ssh found the key file {path} but could not use it ({reason}), so it offered Bitbucket \
             no key from it. Repair the file, then check that its public key is on your Bitbucket \
             account or the repository's access keys. See {}",
            links::PERMISSION_DENIED
        )),
    })
}

/// S5, S6 (and S3's list): the key works, but as an account or access key without this
/// repository.
fn wrong_account(f: &SshFacts, repo: &str, host: Option<&str>) -> Option<SshFinding> {
    let host = host.unwrap_or(SSH_HOST);
    let (why, line) = match (&f.refusal, &f.greeting) {
        // S6 says the key's account has no access; that another key was the one to offer
        // shows only when the text shows more than one key. One key alone: the account may
        // simply lack the permission ([`unplaced`]).
        (Some((Refusal::AccessDenied, l)), _) if f.keys.len() > 1 => {
            ("its account cannot reach", l.clone())
        }
        (Some((Refusal::DeployKeyOtherRepo, l)), _) => (
            "it is the access key of another repository, not of",
            l.clone(),
        ),
        (None, Some(Greeting::DeployKey { repos }))
            if !repos.is_empty() && repo.contains('/') && !repos.iter().any(|r| r == repo) =>
        {
            (
                "it is an access key that reads only its own repository, not",
                format!("this deploy key has read access to: {}", repos.join(", ")),
            )
        }
        _ => return None,
    };
    let used = f.accepted();
    let mut lines = vec![line];
    if let Some(k) = used {
        lines.push(format!("accepted: {}", k.describe()));
    }
    let others: Vec<String> = f
        .keys
        .iter()
        .filter(|k| !k.accepted && !k.offered && k.fingerprint.is_some())
        .map(|k| k.describe())
        .collect();
    if !others.is_empty() {
        lines.push(format!(
            "never tried (ssh stops at the first key Bitbucket accepts): {}",
            others.join("; ")
        ));
    }
    // The key to pin: the first one ssh never got to, when it is a file; else a new one.
    let key_file = f
        .keys
        .iter()
        .find(|k| !k.accepted && !k.offered && !k.from_agent && k.source.starts_with(['/', '~']))
        .map_or("~/.ssh/id_ed25519_work", |k| k.source.as_str());
    Some(SshFinding {
        id: "ssh-key-wrong-account",
        dated_by_guess: false,
        warning: false,
        evidence: evidence(lines),
        fix: format!(
            "ssh-add -l      # the agent offers these in order; the first Bitbucket knows wins\n\
             # one Host block per Bitbucket account, each with its own key, in ~/.ssh/config:\n\
             Host bitbucket-work\n\
             \x20 HostName {host}\n\
             \x20 User git\n\
             \x20 IdentityFile {key_file}\n\
             \x20 IdentitiesOnly yes\n\
             # then point the clone at that Host:\n\
             git remote set-url origin git@bitbucket-work:{repo}.git"
        ),
        detail: Some(format!(
            "Bitbucket accepted the key{}, but {why} {repo}. With two Bitbucket accounts, the agent \
             offers its keys in order and ssh stops at the first one Bitbucket knows: pin the key of \
             the account that has access with IdentitiesOnly.",
            used.and_then(|k| k.fingerprint.as_deref())
                .map(|fp| format!(" {fp}"))
                .unwrap_or_default()
        )),
    })
}

/// S3, S4: access (deploy) keys are read-only.
fn deploy_read_only(f: &SshFacts, push: bool, repo: &str) -> Option<SshFinding> {
    let line = match (&f.refusal, &f.greeting) {
        (Some((Refusal::DeployKeyReadOnly, l)), _) => l.clone(),
        (None, Some(Greeting::DeployKey { .. })) if push => {
            "the key is a repository access (deploy) key: it can read, never push".to_string()
        }
        _ => return None,
    };
    let mut lines = vec![line];
    if let Some(k) = f.accepted() {
        lines.push(format!("accepted: {}", k.describe()));
    }
    Some(SshFinding {
        id: "ssh-deploy-key-read-only",
        dated_by_guess: false,
        warning: false,
        evidence: evidence(lines),
        fix: format!(
            "# push with a key on an account that has write access to {repo}:\n\
             ssh-add -l\n\
             GIT_SSH_COMMAND='ssh -i ~/.ssh/id_ed25519 -o IdentitiesOnly=yes' git push\n\
             # or push over HTTPS with an API token (git username x-bitbucket-api-token-auth):\n\
             git push https://bitbucket.org/{repo}.git"
        ),
        detail: Some(
            "Repository access keys (deploy keys) give read access only; Bitbucket refuses a push \
             with one whatever the repository's settings. A CI job that pushes needs an account's \
             key or an API token with write scope."
                .into(),
        ),
    })
}

/// A failure the facts cannot place: the candidates, and what settles it.
fn unplaced(f: &SshFacts, cx: &Context, repo: &str, host: Option<&str>) -> Inconclusive {
    // The move is a candidate only for the old host, and only after it.
    let moved = host.is_none_or(|h| OLD_HOSTS.contains(&h)) && !before_move(cx);
    let host = host.unwrap_or(SSH_HOST);
    // `Server accepts key`, then denied: Bitbucket knows the key; signing with it failed on this
    // machine (a passphrase, the agent, a security key's touch).
    let accepted = f.keys.iter().any(|k| k.accepted);
    let candidates: Vec<&'static str> = match (&f.refusal, f.denied.is_some()) {
        (Some((Refusal::RepoMissing, _)), _) => vec!["ssh-key-wrong-account", "repo-not-found"],
        (Some((Refusal::AccessDenied, _)), _) => vec!["ssh-key-wrong-account", "no-repo-access"],
        (_, true) if accepted => Vec::new(),
        (_, true) => ["ssh-no-key-offered", "ssh-key-not-registered"]
            .into_iter()
            .chain(moved.then_some("ssh-host-moved"))
            .collect(),
        // A host key accepted, or a greeting, means the port answered and the key is known.
        _ => ["ssh-key-not-registered", "ssh-key-wrong-account"]
            .into_iter()
            .chain(
                (f.host_key != HostKey::Matched && !f.authenticated)
                    .then_some(["ssh-host-key-unknown", "ssh-port-blocked"])
                    .into_iter()
                    .flatten(),
            )
            .collect(),
    };
    // Key files tried without their public half: whether they exist settles it.
    let tried: Vec<&str> = f
        .keys
        .iter()
        .filter(|k| k.tried_private && !k.offered)
        .map(|k| k.source.as_str())
        .collect();
    let next = match tried.is_empty() {
        _ if accepted && f.denied.is_some() && f.refusal.is_none() => format!(
            "Bitbucket accepted the key (`Server accepts key`), so it is registered; the login \
             failed on this machine while signing with it: the key's passphrase, the agent, or a \
             security key that was not touched. Load the key (ssh-add) and try again: ssh -T \
             git@{host}"
        ),
        true => format!(
            "bbdoctor check git@{host}:{repo}.git   (or paste the output of: ssh -vT git@{host})"
        ),
        false => format!(
            "ls -l {}   (a file that exists was offered and refused; or paste the output of: ssh -vvvT git@{host})",
            tried.join(" ")
        ),
    };
    Inconclusive {
        candidates,
        evidence: evidence(failure_line(f)),
        next,
    }
}

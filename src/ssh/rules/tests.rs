//! Each SSH finding with an example that must fire and one that must stay quiet, read from
//! text as `explain` reads it (the transcripts are OpenSSH 9.2's own lines, trimmed), and the
//! root cause `explain` then reports.

use crate::ssh::{Context, diagnose, read};

/// The SSH finding ids diagnose gives for a text (none when it reads no SSH).
fn ids(text: &str) -> Vec<&'static str> {
    let Some(facts) = read(text) else {
        return Vec::new();
    };
    diagnose(&facts, &Context::default())
        .findings
        .iter()
        .filter(|f| !f.warning)
        .map(|f| f.id)
        .collect()
}

/// The root cause `explain` reports for a text.
fn root(text: &str) -> String {
    let report = crate::explain::input::report(None, text);
    report
        .findings
        .first()
        .map_or(String::new(), |f| f.id().to_string())
}

fn fires(id: &str, text: &str) {
    assert_eq!(
        ids(text).first().copied(),
        Some(id),
        "{id} must fire on:\n{text}"
    );
    assert_eq!(root(text), id, "explain's root cause for:\n{text}");
}

fn quiet(id: &str, text: &str) {
    assert!(!ids(text).contains(&id), "{id} must stay quiet on:\n{text}");
}

const DENIED_NEW: &str = "git@ssh.bitbucket.org: Permission denied (publickey).\n\
    fatal: Could not read from remote repository.\n";

#[test]
fn ssh_host_moved() {
    // Dated after the move (a CI log's timestamps): the move is the cause.
    fires(
        "ssh-host-moved",
        "2026-11-30T08:00:01Z $ git fetch\n\
         2026-11-30T08:00:02Z ssh: connect to host bitbucket.org port 22: Connection refused\n\
         2026-11-30T08:00:02Z fatal: Could not read from remote repository.\n",
    );
    fires(
        "ssh-host-moved",
        "Since 2026-11-13 every clone fails:\n\
         $ git clone git@bitbucket.org:acme/widgets.git\nCloning into 'widgets'...\n\
         git@bitbucket.org: Permission denied (publickey).\n\
         fatal: Could not read from remote repository.\n",
    );
    // Undated, the move is only assumed, and so is a blocked port at the old host (since the
    // move, any failure there is the move's): both are said with a rule of thumb's support.
    let undated = "$ git fetch\nssh: connect to host bitbucket.org port 22: Connection refused\n\
         fatal: Could not read from remote repository.\n";
    let report = crate::explain::input::report(None, undated);
    for id in ["ssh-host-moved", "ssh-port-blocked"] {
        let f = report.findings.iter().find(|f| f.id() == id).unwrap();
        assert_eq!(f.support, crate::evidence::Strength::Inferred, "{id}");
    }
    // At the new host, a refusal is the port's, whatever the date.
    assert_eq!(
        root("$ git fetch\nssh: connect to host ssh.bitbucket.org port 22: Connection refused\n"),
        "ssh-port-blocked"
    );
    // The same failure at the new host is not the move.
    quiet("ssh-host-moved", DENIED_NEW);
    // Before the move, a failure to the old host has its old causes.
    let facts = read("git@bitbucket.org: Permission denied (publickey).\n").unwrap();
    let cx = Context {
        today: Some("2025-03-01".into()),
        ..Context::default()
    };
    assert!(diagnose(&facts, &cx).get("ssh-host-moved").is_none());
    // The old host still answering is a warning, not an error.
    let facts = read("$ ssh -T git@bitbucket.org\nauthenticated via ssh key.\n").unwrap();
    let d = diagnose(&facts, &Context::default());
    assert!(d.get("ssh-host-moved").unwrap().warning);
}

#[test]
fn ssh_port_blocked() {
    fires(
        "ssh-port-blocked",
        "ssh: connect to host ssh.bitbucket.org port 22: Connection timed out\n\
         fatal: Could not read from remote repository.\n",
    );
    fires(
        "ssh-port-blocked",
        "debug1: Connecting to ssh.bitbucket.org [185.166.143.1] port 22.\n\
         Connection timed out during banner exchange\n",
    );
    quiet("ssh-port-blocked", DENIED_NEW);
    // DNS is network-error's, not a blocked port.
    quiet(
        "ssh-port-blocked",
        "ssh: Could not resolve hostname ssh.bitbucket.org: Name or service not known\n",
    );
}

const CHANGED: &str = "debug1: Server host key: ssh-rsa SHA256:46OSHA1Rmj8E8ERTC6xkNcmGOw9oFxYr0WF6zWW8l1E\n\
    @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
    @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n\
    @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
    Offending RSA key in /home/pat/.ssh/known_hosts:3\n\
    Host key for ssh.bitbucket.org has changed and you have requested strict checking.\n\
    Host key verification failed.\n";

#[test]
fn ssh_host_key_changed() {
    fires("ssh-host-key-changed", CHANGED);
    let facts = read(CHANGED).unwrap();
    let f = diagnose(&facts, &Context::default());
    let f = f.get("ssh-host-key-changed").unwrap();
    assert!(
        f.fix.starts_with("ssh-keygen -R ssh.bitbucket.org"),
        "{}",
        f.fix
    );
    assert!(f.evidence.iter().any(|e| e.contains("known_hosts:3")));
    quiet(
        "ssh-host-key-changed",
        "debug1: Host 'ssh.bitbucket.org' is known and matches the ED25519 host key.\n\
         authenticated via ssh key.\n",
    );
}

#[test]
fn ssh_host_key_unknown() {
    fires(
        "ssh-host-key-unknown",
        "The authenticity of host 'ssh.bitbucket.org (185.166.143.1)' can't be established.\n\
         ED25519 key fingerprint is SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM.\n\
         Host key verification failed.\nfatal: Could not read from remote repository.\n",
    );
    // BatchMode: no question, only the failure after the key.
    fires(
        "ssh-host-key-unknown",
        "debug1: Connecting to ssh.bitbucket.org [185.166.143.1] port 22.\n\
         debug1: Server host key: ssh-ed25519 SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM\n\
         Host key verification failed.\n",
    );
    quiet("ssh-host-key-unknown", CHANGED);
}

#[test]
fn ssh_no_key_offered() {
    fires(
        "ssh-no-key-offered",
        "debug1: Connecting to ssh.bitbucket.org [185.166.143.1] port 22.\n\
         debug1: Will attempt key: /home/pat/.ssh/id_rsa \n\
         debug1: Will attempt key: /home/pat/.ssh/id_ed25519 \n\
         debug1: Trying private key: /home/pat/.ssh/id_rsa\n\
         debug3: no such identity: /home/pat/.ssh/id_rsa: No such file or directory\n\
         debug1: Trying private key: /home/pat/.ssh/id_ed25519\n\
         debug3: no such identity: /home/pat/.ssh/id_ed25519: No such file or directory\n\
         debug1: No more authentication methods to try.\n\
         git@ssh.bitbucket.org: Permission denied (publickey).\n",
    );
    fires(
        "ssh-no-key-offered",
        "Warning: Identity file /home/pat/.ssh/work not accessible: No such file or directory.\n\
         git@ssh.bitbucket.org: Permission denied (publickey).\n",
    );
    // The key file is there but unusable (Windows line endings, pasted from a CI variable; a
    // key others can read): ssh says so before the denial, even without -v.
    fires(
        "ssh-no-key-offered",
        "Cloning into 'app'...\n\
         Load key \"/tmp/key_NpOwTO\": invalid format\n\
         git@ssh.bitbucket.org: Permission denied (publickey).\n\
         fatal: Could not read from remote repository.\n",
    );
    fires(
        "ssh-no-key-offered",
        "+ git fetch origin\n\
         bad permissions: ignore key: /root/.ssh/id_rsa\n\
         git@ssh.bitbucket.org: Permission denied (publickey).\n",
    );
    // Without ssh's debug lines, nothing says no key was offered; nor does the agent's list
    // of keys (ssh offers them).
    quiet("ssh-no-key-offered", DENIED_NEW);
    quiet(
        "ssh-no-key-offered",
        "$ git clone git@ssh.bitbucket.org:acme/api.git
         git@ssh.bitbucket.org: Permission denied (publickey).
         fatal: Could not read from remote repository.
         $ ssh-add -l
         256 SHA256:Qm3nYf2m7m7mTnC2e4lq9hGeU3n0nUo3M1t4Rk9yT1c joel@mbp (ED25519)
",
    );
    // At -v, a private key tried without its .pub reads the same missing or sent (and refused).
    quiet(
        "ssh-no-key-offered",
        "debug1: Will attempt key: /root/.ssh/id_rsa \n\
         debug1: Trying private key: /root/.ssh/id_rsa\n\
         debug1: No more authentication methods to try.\n\
         git@ssh.bitbucket.org: Permission denied (publickey).\n",
    );
    // A file that could not be loaded is beside the point when another key got in.
    quiet(
        "ssh-no-key-offered",
        "Load key \"/home/pat/.ssh/id_rsa\": invalid format\n\
         authenticated via ssh key.\n\
         You can use git to connect to Bitbucket. Shell access is disabled.\n",
    );
}

const REFUSED_KEY: &str = "debug1: Connecting to ssh.bitbucket.org [185.166.143.1] port 22.\n\
    debug1: Offering public key: /home/pat/.ssh/id_ed25519 ED25519 SHA256:E6U2OsKlvKdj0KGWeLGMI0KmwtClddpYFWiy04dCwyQ explicit\n\
    debug1: Authentications that can continue: publickey\n\
    debug1: No more authentication methods to try.\n\
    git@ssh.bitbucket.org: Permission denied (publickey).\n";

#[test]
fn ssh_key_not_registered() {
    fires("ssh-key-not-registered", REFUSED_KEY);
    let facts = read(REFUSED_KEY).unwrap();
    let d = diagnose(&facts, &Context::default());
    let f = d.get("ssh-key-not-registered").unwrap();
    assert!(
        f.fix.contains("cat /home/pat/.ssh/id_ed25519.pub"),
        "{}",
        f.fix
    );
    assert!(f.evidence.iter().any(|e| e.contains("SHA256:E6U2Os")));
    quiet("ssh-key-not-registered", DENIED_NEW);
    quiet(
        "ssh-key-not-registered",
        "debug1: Server accepts key: /home/pat/.ssh/id_ed25519 ED25519 SHA256:E6U2OsKlvKdj0KGWeLGMI0KmwtClddpYFWiy04dCwyQ explicit\n\
         authenticated via ssh key.\n",
    );
}

const WRONG_ACCOUNT: &str = "debug1: get_agent_identities: agent returned 2 keys\n\
    debug1: Will attempt key: kim@laptop ED25519 SHA256:cZG27wND3vX0Ku2WSyYKDgBqtJGkbgL7Pylh0OY5NaI agent\n\
    debug1: Will attempt key: pat@work ED25519 SHA256:htnSJx6+51GACkgYyuT4+otRqBUrFJA3XtpX2JQ+4S4 agent\n\
    debug1: Offering public key: kim@laptop ED25519 SHA256:cZG27wND3vX0Ku2WSyYKDgBqtJGkbgL7Pylh0OY5NaI agent\n\
    debug1: Server accepts key: kim@laptop ED25519 SHA256:cZG27wND3vX0Ku2WSyYKDgBqtJGkbgL7Pylh0OY5NaI agent\n\
    debug1: Sending command: git-upload-pack 'acme/widgets.git'\n\
    conq: repository access denied.\n\
    fatal: Could not read from remote repository.\n";

#[test]
fn ssh_key_wrong_account() {
    fires("ssh-key-wrong-account", WRONG_ACCOUNT);
    let facts = read(WRONG_ACCOUNT).unwrap();
    let d = diagnose(&facts, &Context::default());
    let f = d.get("ssh-key-wrong-account").unwrap();
    assert!(f.fix.contains("IdentitiesOnly yes"));
    assert!(f.fix.contains("git@bitbucket-work:acme/widgets.git"));
    assert!(
        f.evidence
            .iter()
            .any(|e| e.contains("never tried") && e.contains("pat@work"))
    );
    fires(
        "ssh-key-wrong-account",
        "conq: repository access denied. deployment key is not associated with the requested repository.\n",
    );
    quiet("ssh-key-wrong-account", DENIED_NEW);
    // "does not exist" has two causes: inconclusive.
    let facts =
        read("conq: repository does not exist.\nfatal: Could not read from remote repository.\n")
            .unwrap();
    let d = diagnose(&facts, &Context::default());
    assert!(d.findings.is_empty());
    assert!(
        d.inconclusive
            .unwrap()
            .candidates
            .contains(&"ssh-key-wrong-account")
    );
}

#[test]
fn ssh_deploy_key_read_only() {
    fires(
        "ssh-deploy-key-read-only",
        "$ git push origin main\nrepository access denied. access via a deployment key is read-only.\n\
         fatal: Could not read from remote repository.\n",
    );
    fires(
        "ssh-deploy-key-read-only",
        "conq: repository access denied. access via a deployment key is read-only.\n",
    );
    // A deploy key that only reads is healthy.
    let greeting = "authenticated via a deploy key.\n\nYou can use git or hg to connect to Bitbucket. \
        Shell access is disabled.\n\nThis deploy key has read access to the following repositories:\nacme/widgets\n";
    quiet("ssh-deploy-key-read-only", greeting);
    // ... unless the question is a push.
    let facts = read(greeting).unwrap();
    let cx = Context {
        push: true,
        ..Context::default()
    };
    assert!(
        diagnose(&facts, &cx)
            .get("ssh-deploy-key-read-only")
            .is_some()
    );
}

#[test]
fn an_unplaced_denial_is_inconclusive_with_the_check_that_settles_it() {
    let report = crate::explain::input::report(None, DENIED_NEW);
    let f = report.findings.first().expect("a finding");
    assert_eq!(f.id(), "unexplained-failure");
    let next = f.found.confirm.as_deref().unwrap();
    assert!(
        next.contains("bbdoctor check git@ssh.bitbucket.org:"),
        "{next}"
    );
}

#[test]
fn pasted_https_text_gets_no_ssh_facts() {
    let ev = crate::explain::parse(
        "curl -H 'Authorization: Bearer x' https://api.bitbucket.org/2.0/repositories/a/b\n",
    );
    assert!(ev.ssh.is_none());
}

#[test]
fn no_key_material_is_ever_quoted() {
    let text = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n{REFUSED_KEY}",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
    );
    let report = crate::explain::input::report(None, &text);
    let json = report.to_json().to_string();
    assert!(!json.contains("b3BlbnNzaC1rZXkt"), "{json}");
    assert!(!json.contains("PRIVATE KEY"), "{json}");
}

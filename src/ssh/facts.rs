//! What ssh text says, as plain data: the one struct both `check` (ssh's own output) and
//! `explain` (a pasted transcript) fill. Nothing here is secret: keys appear by fingerprint and
//! by where they came from (a file path or an agent's comment), never by their material.

/// Facts read from ssh or git-over-ssh text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SshFacts {
    /// The client's version line, e.g. `OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 …`.
    pub client: Option<String>,
    /// The host name asked for (the URL's or the command's, else the one ssh names).
    pub host: Option<String>,
    /// The port, when the text names one.
    pub port: Option<u16>,
    /// `workspace/repo`, from a git URL or the `git-upload-pack` command.
    pub repo: Option<String>,
    /// The operation in question is a push (`git-receive-pack`, `git push`, or `check --can
    /// push`).
    pub push: bool,
    /// Keys ssh considered, in its order.
    pub keys: Vec<Key>,
    /// Identity files named but missing (`no such identity: …`, `Identity file … not
    /// accessible`).
    pub missing_identities: Vec<String>,
    /// Key files ssh found but could not use (`Load key "PATH": invalid format`, `bad
    /// permissions`): the path and OpenSSH's reason.
    pub unusable_keys: Vec<(String, String)>,
    /// `IdentitiesOnly yes` is in effect (the text shows the option).
    pub identities_only: bool,
    /// Keys the agent holds, when the text says (`agent returned N keys`, `ssh-add -l`).
    pub agent_keys: Option<usize>,
    /// No agent could be reached.
    pub no_agent: bool,
    /// `Authenticated to …` or a greeting: a key was accepted.
    pub authenticated: bool,
    /// `Permission denied (publickey)`, verbatim.
    pub denied: Option<String>,
    pub greeting: Option<Greeting>,
    pub refusal: Option<(Refusal, String)>,
    pub host_key: HostKey,
    /// The key the server presented, `ED25519 SHA256:…`.
    pub server_key: Option<String>,
    pub transport: Option<(Transport, String)>,
    /// git's `fatal: Could not read from remote repository.`
    pub git_failed: bool,
    /// The text around the transcript names Bitbucket (pasted text only).
    pub bitbucket_named: bool,
    /// Refs a `git-upload-pack` advertisement listed (check's read-only probe), or `git
    /// ls-remote` printed.
    pub refs: Option<usize>,
    /// Windows' own OpenSSH (`OpenSSH_for_Windows`).
    pub windows: bool,
    /// `YYYY-MM-DD` of the first line that starts with a date (a CI log's timestamps).
    pub date: Option<String>,
    /// The host a tool named beside the failure (Deployer's `[prod-web-1] Host key
    /// verification failed.`, Ansible's `fatal: [web02]: UNREACHABLE!`), else the one the
    /// transcript's commands connect to when they cannot be Bitbucket's (`rsync`, `scp`,
    /// `sftp`, `ssh deploy@…`); masked (`***`) as the text has it.
    pub failure_host: Option<String>,
    /// The host the connection jumps through first (`ProxyJump`, `ssh -J`), lower case.
    pub jump: Option<String>,
    /// The ssh client itself crashed (`Memory fault(coredump)`, `Segmentation fault`): what
    /// failed is the program on the machine, whatever else the text shows of keys.
    pub crashed: bool,
}

/// A key ssh considered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Key {
    /// `SHA256:…`, when the text shows it (a missing file has none).
    pub fingerprint: Option<String>,
    /// `ED25519`, `RSA`, …
    pub kind: Option<String>,
    /// A file path, or the agent's comment for the key.
    pub source: String,
    pub from_agent: bool,
    /// Seen only as `ssh-add -l` lists it: what the agent holds, not what ssh did with it.
    pub listed: bool,
    /// ssh offered it to the server.
    pub offered: bool,
    /// The server accepted it.
    pub accepted: bool,
    /// `Trying private key: F`: ssh had no public half and loaded the file itself, then
    /// signed and sent it if the file loaded (sshconnect2.c `userauth_pubkey`); at -v a file
    /// that does not exist reads the same, so whether it was offered is unknown.
    pub tried_private: bool,
}

impl Key {
    /// `SHA256:… (ED25519, ~/.ssh/id_ed25519)` or the source alone.
    pub fn describe(&self) -> String {
        let whence = match (self.from_agent, self.kind.as_deref()) {
            (true, Some(k)) => format!("{k}, in the agent as {}", self.source),
            (true, None) => format!("in the agent as {}", self.source),
            (false, Some(k)) => format!("{k}, {}", self.source),
            (false, None) => self.source.clone(),
        };
        match &self.fingerprint {
            Some(fp) => format!("{fp} ({whence})"),
            None => whence,
        }
    }
}

/// What `ssh -T` answered after a key was accepted (S2, S3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Greeting {
    /// `authenticated via ssh key.`: an account's key (S2).
    Account,
    /// `authenticated via a deploy key.`: a repository access key, with the repositories it
    /// reads (S3).
    DeployKey { repos: Vec<String> },
}

/// Bitbucket's `conq:` refusals (S4–S7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// S6: the key's account cannot reach the repository.
    AccessDenied,
    /// S5: an access key of another repository.
    DeployKeyOtherRepo,
    /// S4: a push with a read-only access key.
    DeployKeyReadOnly,
    /// S7: no such repository (or none this key can see).
    RepoMissing,
}

/// What the client made of the server's host key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum HostKey {
    /// The text does not say.
    #[default]
    Unseen,
    /// Found in known_hosts and matching (or added on first use).
    Matched,
    /// Not in known_hosts: the first connection (S8), refused under BatchMode.
    NotKnown { line: String },
    /// known_hosts pins another key (S9).
    Changed {
        line: String,
        /// `file:line` of the offending entry, when shown.
        offending: Option<String>,
    },
}

/// Why no SSH conversation took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// `Connection timed out` (no answer on the port).
    Timeout,
    /// `Connection refused`.
    Refused,
    /// Connected, but no SSH banner came (`timed out during banner exchange`).
    Silent,
    /// The connection was closed or reset before SSH began.
    Closed,
    /// `Could not resolve hostname`.
    Dns,
    /// No `ssh` could be run (check only).
    ClientMissing,
}

impl SshFacts {
    /// The connection went past the host key (keys were tried, Bitbucket greeted): a
    /// first-connection question before this was answered yes, though the paste may not show it.
    pub fn past_host_key(&mut self) {
        if matches!(self.host_key, HostKey::NotKnown { .. }) {
            self.host_key = HostKey::Matched;
        }
    }

    /// The key the server accepted.
    pub fn accepted(&self) -> Option<&Key> {
        self.keys.iter().find(|k| k.accepted)
    }

    /// Keys offered to the server.
    pub fn offered(&self) -> impl Iterator<Item = &Key> {
        self.keys.iter().filter(|k| k.offered)
    }

    /// Whatever the text shows went wrong.
    pub fn failed(&self) -> bool {
        self.transport.is_some()
            || self.denied.is_some()
            || self.refusal.is_some()
            || self.git_failed
            || matches!(
                self.host_key,
                HostKey::NotKnown { .. } | HostKey::Changed { .. }
            )
    }

    /// Which of ssh's own failures the text has shown so far: a line that changes this is a
    /// failure's line.
    pub fn failed_at(&self) -> (bool, bool, bool) {
        (
            self.transport.is_some(),
            self.denied.is_some(),
            matches!(
                self.host_key,
                HostKey::NotKnown { .. } | HostKey::Changed { .. }
            ),
        )
    }

    /// The host, lower case, without a user or port.
    pub fn host_name(&self) -> Option<String> {
        self.host.as_deref().map(|h| h.to_ascii_lowercase())
    }
}

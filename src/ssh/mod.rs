//! The SSH doctor: Bitbucket's 2026-11-12 host move, keys, agents, host keys, access keys
//! (design.md §3, §4 "added 2026-12"; facts: `bitbucket-auth-facts-2026-12.md` row N1, §6).
//!
//! Three steps, each a plain function from data to data:
//! - [`run`] (check only) runs the user's own `ssh` as git would and returns its text;
//! - [`read`] turns ssh or git-over-ssh text (ssh's stderr in `check`, a pasted transcript in
//!   `explain`) into [`SshFacts`];
//! - [`diagnose`] turns facts into the SSH findings, or says the failure cannot be placed.
//!
//! The seam into the rest is narrow: [`Evidence::ssh`](crate::evidence::Evidence) holds the
//! facts, and [`rules`] holds the catalog records, whose matchers read only that field.

pub mod demo;
mod diagnose;
mod facts;
mod read;
pub mod rules;
pub mod run;

pub use diagnose::{Context, Diagnosis, Inconclusive, SshFinding, diagnose};
pub use facts::{Greeting, HostKey, Key, Refusal, SshFacts, Transport};
pub use read::{GATE, Transcript, read, read_lines, read_transcript};
pub use run::{Plan, probe, ssh_remote};

/// Where SSH lives since the move (N1): "All SSH-based Git operations must use a new hostname:
/// ssh.bitbucket.org".
pub const SSH_HOST: &str = "ssh.bitbucket.org";

/// The day of the move (N1: "by November 12, 2026").
pub const MOVED_ON: &str = "2026-11-12";

/// Host names SSH was served at before the move (N1); `altssh.bitbucket.org` (port 443) was the
/// documented way around a blocked port 22 (S11), and whether it still answers is NOT
/// CONFIRMED (facts §5).
pub const OLD_HOSTS: [&str; 3] = ["bitbucket.org", "www.bitbucket.org", "altssh.bitbucket.org"];

/// Bitbucket's published host key fingerprints: RSA (S8, the KB on "The authenticity of host
/// 'bitbucket.org' can't be established") and ed25519 (S10, `host_key_info`).
pub const PUBLISHED_FINGERPRINTS: [(&str, &str); 2] = [
    (
        "ED25519",
        "SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM",
    ),
    ("RSA", "SHA256:46OSHA1Rmj8E8ERTC6xkNcmGOw9oFxYr0WF6zWW8l1E"),
];

/// Pages users can open, by topic.
pub mod links {
    /// N1: the host move announcement.
    pub const HOST_MOVE: &str = "https://community.atlassian.com/forums/Bitbucket-articles/Upcoming-change-to-Bitbucket-Cloud-SSH-access-move-from/ba-p/3234032";
    /// S1: Permission denied (publickey).
    pub const PERMISSION_DENIED: &str =
        "https://confluence.atlassian.com/bbkb/permission-denied-publickey-302811860.html";
    /// S8: The authenticity of host can't be established.
    pub const AUTHENTICITY: &str = "https://confluence.atlassian.com/bbkb/the-authenticity-of-host-bitbucket-org-104-192-143-1-can-t-be-established-1168865389.html";
    /// S9: the 2023 host key rotation.
    pub const HOST_KEY_CHANGES: &str = "https://bitbucket.org/blog/ssh-host-key-changes";
    /// S9: Bitbucket's host keys in known_hosts form.
    pub const HOST_KEYS: &str = "https://bitbucket.org/site/ssh";
}

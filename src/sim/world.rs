//! The world file: everything the simulator knows about its Bitbucket Cloud (docs/simulator.md).
//!
//! Users, credentials, workspaces and repositories, the clock, the rate limit, latency and
//! faults, and the switches for behaviours the fact sheet marks NOT CONFIRMED. Fields are public
//! so that a test can load the default world and change one thing before starting a `Sim`.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::clock::{self, Instant};

/// The day SSH left `bitbucket.org` for `ssh.bitbucket.org` (facts 2026-12, N1).
pub const SSH_HOST_MOVE: &str = "2026-11-12T00:00:00Z";

const DEFAULT_WORLD: &str = include_str!("../../fixtures/sim/default.json");

/// A simulated Bitbucket Cloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    /// Free text for humans.
    #[serde(default)]
    pub description: String,
    /// The clock, RFC 3339 (e.g. `2026-05-01T12:00:00Z`). Time stands still at this instant.
    pub now: String,
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub credentials: Vec<Credential>,
    #[serde(default)]
    pub workspaces: Vec<Workspace>,
    #[serde(default)]
    pub repositories: Vec<Repository>,
    /// Requests allowed before answering 429 (B7, R9). Absent: unlimited.
    #[serde(default)]
    pub rate_limit: RateLimit,
    /// Delay added to every response, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// Injected failures, first match by path prefix wins.
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// After this many refused logins for one user, answer R12 ("Too many invalid password
    /// attempts") to that user's logins, even correct ones. Absent: no lockout.
    #[serde(default)]
    pub lockout_after: Option<u32>,
    /// Behaviours the fact sheet marks NOT CONFIRMED, each with its likely default.
    #[serde(default)]
    pub unconfirmed: Unconfirmed,
    /// The SSH endpoint (`sim::ssh`): host keys, account and access keys, the host move.
    #[serde(default)]
    pub ssh: SshEndpoint,
}

/// Bitbucket's SSH side (facts 2026-12, row N1 and §6): what `sim::ssh` serves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SshEndpoint {
    /// The server's host key, an OpenSSH private key (ed25519). Synthetic: Bitbucket's own host
    /// keys are not ours to serve, so clients pin this one (`ssh-keyscan`, or the public half
    /// in `host_key_public`) where they would pin Bitbucket's published keys (S8, S10).
    pub host_key: String,
    /// The public half of `host_key`, as a known_hosts line's key part.
    pub host_key_public: String,
    /// A host key the server no longer uses, for the "stale pinned key" scenario: it stands in
    /// for the RSA key Bitbucket retired on 2023-06-20 (S9). Same type as `host_key`, so that
    /// OpenSSH compares like with like and says REMOTE HOST IDENTIFICATION HAS CHANGED.
    pub retired_host_key_public: String,
    /// Public keys Bitbucket knows: on accounts, or as repositories' access (deploy) keys.
    pub keys: Vec<SshKey>,
    /// Whether SSH has moved off `bitbucket.org` to `ssh.bitbucket.org` (N1, deadline
    /// 2026-11-12). Absent: by the world's clock.
    pub host_moved: Option<bool>,
}

/// A public key registered with Bitbucket: an account's SSH key, or a repository's access key
/// (deploy key; read-only, S3/S4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SshKey {
    /// Name used in the connection log and in tests.
    pub id: String,
    /// `ssh-ed25519 AAAA… comment`, as in a `.pub` file.
    pub public_key: String,
    /// Username of the account the key is added to.
    #[serde(default)]
    pub owner: Option<String>,
    /// `ws/slug` of the repository whose access key this is.
    #[serde(default)]
    pub repository: Option<String>,
}

/// What `bitbucket.org` port 22 answers after the host move. NOT CONFIRMED (facts 2026-12 §5:
/// "What `git@bitbucket.org` SSH answers after 2026-11-12 (refused connection? banner?
/// message?)"). N1 says "bitbucket.org will serve only HTTPS traffic (web and API)", so the
/// likely answer is no SSH service at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OldSshHost {
    /// Nothing listens: `Connection refused` (the default: a frontend that serves HTTPS only).
    #[default]
    Refused,
    /// The connection is accepted and nothing is ever said: the client times out.
    Silent,
    /// An SSH server that refuses every key and says why in an authentication banner (the
    /// wording is ours: no Atlassian text for it was found).
    Message,
}

/// An Atlassian account with a Bitbucket profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// Bitbucket username (app passwords and git log in with it).
    pub username: String,
    /// Atlassian account email (API tokens log in to REST with it).
    pub email: String,
    pub account_id: String,
    #[serde(default)]
    pub uuid: String,
    pub display_name: String,
    /// Two-step verification enabled on the account.
    #[serde(default)]
    pub two_step: bool,
}

/// The kinds of secret Bitbucket Cloud knows (fact sheet §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    ApiToken,
    AppPassword,
    RepositoryAccessToken,
    ProjectAccessToken,
    WorkspaceAccessToken,
    OauthToken,
    AccountPassword,
}

impl CredentialKind {
    /// Repository, project and workspace access tokens: linked to a resource, not a user.
    pub fn is_access_token(self) -> bool {
        matches!(
            self,
            Self::RepositoryAccessToken | Self::ProjectAccessToken | Self::WorkspaceAccessToken
        )
    }

    /// The name used in world files and docs (`api-token`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::ApiToken => "api-token",
            Self::AppPassword => "app-password",
            Self::RepositoryAccessToken => "repository-access-token",
            Self::ProjectAccessToken => "project-access-token",
            Self::WorkspaceAccessToken => "workspace-access-token",
            Self::OauthToken => "oauth-token",
            Self::AccountPassword => "account-password",
        }
    }
}

/// One secret that Bitbucket would recognise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// Name used in the request log and in tests.
    pub id: String,
    pub kind: CredentialKind,
    pub secret: String,
    /// Username of the owning user: API tokens, app passwords, OAuth tokens, account passwords.
    #[serde(default)]
    pub owner: Option<String>,
    /// Legacy scopes (app passwords, access tokens, OAuth) or granular `…:bitbucket` scopes (API
    /// tokens). Empty on an API token: a token created without scopes (B11).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// RFC 3339 expiry; absent: never expires.
    #[serde(default)]
    pub expires: Option<String>,
    /// Access tokens: what the token belongs to: `ws/repo` (repository token), `ws/PROJECT_KEY`
    /// (project token) or `ws` (workspace token).
    #[serde(default)]
    pub resource: Option<String>,
    /// API tokens: the one workspace the token is restricted to (B9); absent: all.
    #[serde(default)]
    pub workspace: Option<String>,
    /// Free text for humans (shown by `bbdoctor sim`).
    #[serde(default)]
    pub description: String,
}

/// A workspace member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Member,
    Admin,
    Owner,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Username.
    pub user: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub key: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    pub slug: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub uuid: String,
    #[serde(default)]
    pub members: Vec<Member>,
    /// Allowed client addresses (`203.0.113.7`, `203.0.113.0/24`); empty: no allowlist.
    #[serde(default)]
    pub ip_allowlist: Vec<String>,
    /// Members must have two-step verification (G5).
    #[serde(default)]
    pub enforce_two_step: bool,
    /// Members must log in through SSO. Informational: the fact sheet documents no current
    /// response for it (X6 is historic), so the simulator answers as if it were off.
    #[serde(default)]
    pub enforce_sso: bool,
    #[serde(default)]
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub workspace: String,
    pub slug: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub uuid: String,
    pub is_private: bool,
    /// Project key (a project of the workspace); project access tokens reach its repositories.
    #[serde(default)]
    pub project: Option<String>,
    /// Usernames with read, write and admin permission. Workspace admins and owners are admins
    /// of every repository of the workspace.
    #[serde(default)]
    pub read: Vec<String>,
    #[serde(default)]
    pub write: Vec<String>,
    #[serde(default)]
    pub admin: Vec<String>,
    #[serde(default = "main_branch")]
    pub main_branch: String,
}

fn main_branch() -> String {
    "main".to_string()
}

/// Rate limits (B7): anonymous calls are counted per client IP, others per credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Requests per client IP without credentials (Bitbucket: 60 an hour).
    #[serde(default)]
    pub anonymous: Option<u32>,
    /// Requests per credential.
    #[serde(default)]
    pub authenticated: Option<u32>,
}

/// An injected failure for requests whose path (with query) starts with `path_prefix`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    pub path_prefix: String,
    /// Extra delay before the fault acts, on top of the world's `latency_ms`.
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(flatten)]
    pub action: FaultAction,
}

/// What a fault does instead of answering normally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer this status (e.g. 500, 502, 503) with `body`, or a plausible default body.
    Status {
        status: u16,
        #[serde(default)]
        body: Option<String>,
    },
    /// Accept the connection and never answer.
    Hang,
    /// Close the connection without a response.
    Reset,
    /// Send the status line and headers, then stall before the body.
    StallBody,
    /// A 200 whose body is `megabytes` MB long.
    HugeBody {
        #[serde(default = "huge_megabytes")]
        megabytes: u32,
    },
    /// A 200 with a truncated JSON body.
    InvalidJson,
    /// A 302 to `location` (e.g. another host or port).
    Redirect { location: String },
    /// Only the fault's latency; then answer normally.
    Latency,
}

fn huge_megabytes() -> u32 {
    16
}

/// Scheme word written other than `Bearer` / `Basic` (B3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Acceptance {
    #[default]
    Reject,
    Accept,
}

/// A scheme word in another case (`bearer`, `basic`), B3.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemeCase {
    /// 401, as for a bad credential (spinnaker#2758, next-auth#3075).
    #[default]
    Reject,
    /// Accepted like the canonical word (RFC 7235 says scheme words are case-insensitive).
    Accept,
    /// Ignored: the request is anonymous. The lowercase-bearer seed thread suggests this: its
    /// public listing answered 200 while a private resource answered 401.
    Anonymous,
}

/// An Authorization header with no scheme word, only a token (B1/B4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BareToken {
    /// Ignored: the request is anonymous.
    #[default]
    Anonymous,
    /// 401 R3.
    Reject,
}

/// How a refusal that the fact sheet does not pin down is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Denial {
    /// 403.
    Forbidden,
    /// 404 R6.
    NotFound,
    /// 401.
    Unauthorized,
    /// No refusal: answer as if the restriction did not exist.
    Allow,
}

/// App passwords on git after their removal (G8 vs X2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GitRetirement {
    /// 401 G1, as the first brownout notice said (S-BROWNOUT); old clients may still see it.
    Unauthorized,
    /// 410 X2 `remote: CHANGE-3222 …`: the default since the 2026-12 review settled G8 (row
    /// "G8 — contradicted, replace": 410, official in S-BROWNOUT-2 and observed).
    #[default]
    Gone,
}

/// What the removed Issues and Wikis endpoints answer (2026-12 review, N2; status NOT
/// CONFIRMED).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Removal {
    /// 410 Gone, as the other removed endpoints answer (X1).
    #[default]
    Gone,
    /// 404, as for a path with no API behind it (X4).
    NotFound,
}

/// Switches for behaviours the fact sheet marks NOT CONFIRMED (its §10), with their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Unconfirmed {
    /// `bearer` / `basic` / `BEARER`: `reject` (401 R3 / R1) or `accept` (B3).
    pub lowercase_scheme: SchemeCase,
    /// `Authorization: <token>`: `anonymous` or `reject` (401 R3) (B4).
    pub missing_scheme: BareToken,
    /// API token sent as Bearer: `reject` (401 R3) or `accept` (backstage#35566).
    pub api_token_bearer: Acceptance,
    /// Account email as the git username with an API token: `reject` (G1) or `accept`. Settled
    /// by the 2026-12 review (§1 row "API token – wrong username", G1: the email fails, 401,
    /// S-EMAILGIT); `accept` stays for a future change.
    pub api_token_email_git: Acceptance,
    /// Access token on `/2.0/user…`: `forbidden` (403 R5 with headers, B5) or `unauthorized`
    /// (401 R3).
    pub access_token_user_endpoint: Denial,
    /// REST call into a workspace enforcing 2SV by a user without it: `forbidden` (403) or
    /// `allow`.
    pub two_step_rest: Denial,
    /// REST call from an address outside the workspace's allowlist: `forbidden` (403 with the
    /// G4 text) or `not-found` (404 R6) (R13).
    pub ip_allowlist_rest: Denial,
    /// Access token outside its repository/project/workspace: `not-found` (404 R6) or
    /// `forbidden` (403 R7).
    pub access_token_outside_resource: Denial,
    /// API token restricted to another workspace (B9): `unauthorized` (401 R1, the one report of
    /// "all 401") or `not-found` (404 R6).
    pub api_token_other_workspace: Denial,
    /// Authenticated call to a path with no API behind it: `not-found` (404 X4) or `forbidden`
    /// (403 R7, as seen on `api.bitbucket.org/user` with a scoped API token).
    pub unhosted_path_with_credentials: Denial,
    /// git with an app password after removal: `unauthorized` (401 G1) or `gone` (410 X2).
    pub app_password_git_retired: GitRetirement,
    /// SSH to `bitbucket.org` after the host move: `refused`, `silent` or `message` (N1).
    pub ssh_old_host: OldSshHost,
    /// The Issues and Wikis endpoints after their removal: `gone` (410) or `not-found` (404).
    pub issues_wikis_removed: Removal,
}

impl Default for Unconfirmed {
    fn default() -> Self {
        Unconfirmed {
            lowercase_scheme: SchemeCase::Reject,
            missing_scheme: BareToken::Anonymous,
            api_token_bearer: Acceptance::Reject,
            api_token_email_git: Acceptance::Reject,
            access_token_user_endpoint: Denial::Forbidden,
            two_step_rest: Denial::Forbidden,
            ip_allowlist_rest: Denial::Forbidden,
            access_token_outside_resource: Denial::NotFound,
            api_token_other_workspace: Denial::Unauthorized,
            unhosted_path_with_credentials: Denial::NotFound,
            app_password_git_retired: GitRetirement::Gone,
            ssh_old_host: OldSshHost::Refused,
            issues_wikis_removed: Removal::Gone,
        }
    }
}

impl World {
    /// Parses and checks a world file's text.
    pub fn from_json(text: &str) -> Result<World, String> {
        let world: World =
            serde_json::from_str(text).map_err(|e| format!("invalid world file: {e}"))?;
        world.check()?;
        Ok(world)
    }

    /// Reads a world file.
    pub fn load(path: impl AsRef<Path>) -> Result<World, String> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read world file {}: {e}", path.display()))?;
        World::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The world of `fixtures/sim/default.json`, embedded in the binary.
    pub fn default_world() -> World {
        // The embedded file is checked by a test; failing here is a build defect, not input.
        World::from_json(DEFAULT_WORLD).expect("fixtures/sim/default.json is a valid world")
    }

    /// The clock as seconds since the epoch.
    pub fn now(&self) -> Instant {
        clock::parse_rfc3339(&self.now).unwrap_or(0)
    }

    /// Cross-references that serde cannot check: dates parse, names resolve, ids are unique.
    pub fn check(&self) -> Result<(), String> {
        clock::parse_rfc3339(&self.now).map_err(|e| format!("now: {e}"))?;
        let mut ids = std::collections::HashSet::new();
        for c in &self.credentials {
            let at = |what: &str| format!("credential {:?}: {what}", c.id);
            if !ids.insert(c.id.as_str()) {
                return Err(at("duplicate id"));
            }
            if let Some(expires) = &c.expires {
                clock::parse_rfc3339(expires).map_err(|e| at(&e))?;
            }
            match (&c.owner, c.kind.is_access_token()) {
                (Some(owner), false) if self.user(owner).is_none() => {
                    return Err(at(&format!("unknown owner {owner:?}")));
                }
                (None, false) => return Err(at("needs an owner")),
                _ => {}
            }
            if c.kind.is_access_token() && c.resource.is_none() {
                return Err(at("an access token needs a resource"));
            }
        }
        let mut key_ids = std::collections::HashSet::new();
        for k in &self.ssh.keys {
            let at = |what: &str| format!("ssh key {:?}: {what}", k.id);
            if !key_ids.insert(k.id.as_str()) {
                return Err(at("duplicate id"));
            }
            match (&k.owner, &k.repository) {
                (Some(owner), None) if self.user(owner).is_none() => {
                    return Err(at(&format!("unknown owner {owner:?}")));
                }
                (None, Some(repo))
                    if repo
                        .split_once('/')
                        .is_none_or(|(ws, slug)| self.repository(ws, slug).is_none()) =>
                {
                    return Err(at(&format!("unknown repository {repo:?}")));
                }
                (Some(_), None) | (None, Some(_)) => {}
                _ => return Err(at("needs an owner or a repository, not both")),
            }
        }
        for r in &self.repositories {
            if self.workspace(&r.workspace).is_none() {
                return Err(format!(
                    "repository {}/{}: unknown workspace",
                    r.workspace, r.slug
                ));
            }
        }
        Ok(())
    }

    pub fn user(&self, username: &str) -> Option<&User> {
        self.users.iter().find(|u| u.username == username)
    }

    /// The user a login names: Bitbucket username or (case-insensitive) account email.
    pub fn user_by_login(&self, login: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.username == login || u.email.eq_ignore_ascii_case(login))
    }

    pub fn workspace(&self, slug: &str) -> Option<&Workspace> {
        self.workspaces.iter().find(|w| w.slug == slug)
    }

    pub fn repository(&self, workspace: &str, slug: &str) -> Option<&Repository> {
        self.repositories
            .iter()
            .find(|r| r.workspace == workspace && r.slug == slug)
    }

    pub fn credential(&self, id: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.id == id)
    }

    /// Whether SSH has left `bitbucket.org` (N1: "by November 12, 2026").
    pub fn ssh_host_moved(&self) -> bool {
        self.ssh
            .host_moved
            .unwrap_or_else(|| self.now() >= clock::parse_rfc3339(SSH_HOST_MOVE).unwrap_or(0))
    }

    /// The credential whose secret this is, if any.
    pub fn credential_by_secret(&self, secret: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.secret == secret)
    }
}

impl Credential {
    /// Expired by the world's clock.
    pub fn is_expired(&self, now: Instant) -> bool {
        self.expires
            .as_deref()
            .and_then(|e| clock::parse_rfc3339(e).ok())
            .is_some_and(|expires| expires <= now)
    }

    pub fn scopes(&self) -> Vec<&str> {
        self.scopes.iter().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_world_is_valid_and_round_trips() {
        let world = World::default_world();
        assert!(world.workspace("acme").is_some());
        let text = serde_json::to_string(&world).unwrap();
        assert_eq!(World::from_json(&text).unwrap(), world);
    }

    #[test]
    fn unknown_fields_and_dangling_names_are_errors() {
        let base = r#"{"now": "2026-05-01T00:00:00Z""#;
        assert!(World::from_json(&format!("{base}}}")).is_ok());
        assert!(World::from_json(&format!(r#"{base}, "nwo": 1}}"#)).is_err());
        let orphan = r#", "credentials": [{"id": "x", "kind": "api-token", "secret": "s", "owner": "ghost"}]}"#;
        let err = World::from_json(&format!("{base}{orphan}")).unwrap_err();
        assert!(err.contains("ghost"), "{err}");
        assert!(World::from_json(r#"{"now": "yesterday"}"#).is_err());
        let typo = r#", "unconfirmed": {"lowercase_schema": "accept"}}"#;
        assert!(World::from_json(&format!("{base}{typo}")).is_err());
    }

    #[test]
    fn faults_read_their_kind() {
        let text = r#"{"now": "2026-05-01T00:00:00Z", "faults": [
            {"path_prefix": "/2.0/user", "kind": "status", "status": 503},
            {"path_prefix": "/x", "kind": "redirect", "location": "http://127.0.0.1:9/"},
            {"path_prefix": "/y", "kind": "huge_body", "latency_ms": 5}]}"#;
        let world = World::from_json(text).unwrap();
        assert_eq!(
            world.faults[0].action,
            FaultAction::Status {
                status: 503,
                body: None
            }
        );
        assert_eq!(
            world.faults[2].action,
            FaultAction::HugeBody { megabytes: 16 }
        );
        assert_eq!(world.faults[2].latency_ms, 5);
    }
}

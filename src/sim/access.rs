//! What an authenticated caller may reach: permissions, scopes and the restrictions that sit
//! between a valid credential and a resource (access-token confinement, workspace-restricted
//! API tokens, IP allowlists, enforced two-step verification).
//!
//! Each check answers with a [`Denied`] reason; the REST and git front ends word it.

use std::net::IpAddr;

use super::auth::Auth;
use super::world::{Credential, CredentialKind, Repository, Role, User, Workspace, World};
use crate::scopes;

/// Repository permission, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Perm {
    Read,
    Write,
    Admin,
}

impl Perm {
    pub fn name(self) -> &'static str {
        match self {
            Perm::Read => "read",
            Perm::Write => "write",
            Perm::Admin => "admin",
        }
    }
}

/// Why a valid credential may not go on.
#[derive(Debug, Clone, PartialEq)]
pub enum Denied {
    /// An API token restricted to another workspace (B9).
    OtherWorkspace,
    /// An access token outside its repository, project or workspace (§1).
    OutsideResource,
    /// The client address is not on the workspace's allowlist (G4, R13).
    IpNotAllowed,
    /// The workspace enforces two-step verification; the user has none (G5, §1.1).
    TwoStepRequired,
}

/// The caller of one request, with what the world says about it.
pub struct Caller<'w> {
    pub world: &'w World,
    /// The accepted credential; `None`: anonymous.
    pub credential: Option<&'w Credential>,
    /// The user acting, if any: access tokens are "not a user account" (S-SPEC narrative).
    pub user: Option<&'w User>,
    pub peer: IpAddr,
}

impl<'w> Caller<'w> {
    /// The caller behind an accepted credential (anonymous otherwise).
    pub fn new(world: &'w World, auth: &Auth<'w>, peer: IpAddr) -> Caller<'w> {
        let credential = match auth {
            Auth::Accepted { credential, .. } => Some(*credential),
            _ => None,
        };
        let user = credential
            .filter(|c| !c.kind.is_access_token())
            .and_then(|c| world.user(c.owner.as_deref()?));
        Caller {
            world,
            credential,
            user,
            peer,
        }
    }

    /// A user as such, whatever credential they would use (for permission listings).
    pub fn for_user(world: &'w World, user: &'w User, peer: IpAddr) -> Caller<'w> {
        Caller {
            world,
            credential: None,
            user: Some(user),
            peer,
        }
    }

    pub fn is_access_token(&self) -> bool {
        self.credential.is_some_and(|c| c.kind.is_access_token())
    }

    /// The caller's role in a workspace. A workspace access token acts as a member of its own
    /// workspace (it "can connect to a single workspace").
    pub fn role(&self, workspace: &Workspace) -> Option<Role> {
        if let Some(user) = self.user {
            return workspace
                .members
                .iter()
                .find(|m| m.user == user.username)
                .map(|m| m.role);
        }
        let credential = self.credential?;
        (credential.kind == CredentialKind::WorkspaceAccessToken
            && credential.resource.as_deref() == Some(workspace.slug.as_str()))
        .then_some(Role::Member)
    }

    /// The caller's permission on a repository; `None`: the repository is invisible to it.
    pub fn permission(&self, repo: &Repository) -> Option<Perm> {
        let public = (!repo.is_private).then_some(Perm::Read);
        if self.is_access_token() {
            // The token's own resource; within it, its scopes set the level (B10 implication).
            if !self.within_resource(&repo.workspace, Some(repo)) {
                return None;
            }
            let granted = self.credential.map(Credential::scopes).unwrap_or_default();
            let level = if granted.contains(&"repository:admin") {
                Perm::Admin
            } else if scopes::legacy_implies(&granted, "repository:write") {
                Perm::Write
            } else {
                Perm::Read
            };
            return Some(level);
        }
        let Some(user) = self.user else {
            return public;
        };
        let name = user.username.as_str();
        let listed = |list: &[String]| list.iter().any(|u| u == name);
        let is_ws_admin = self
            .world
            .workspace(&repo.workspace)
            .and_then(|ws| self.role(ws))
            .is_some_and(|role| role >= Role::Admin);
        let explicit = if listed(&repo.admin) || is_ws_admin {
            Some(Perm::Admin)
        } else if listed(&repo.write) {
            Some(Perm::Write)
        } else if listed(&repo.read) {
            Some(Perm::Read)
        } else {
            None
        };
        explicit.max(public)
    }

    /// Access tokens: is this workspace (and repository) inside the token's resource?
    /// Non-tokens: always.
    pub fn within_resource(&self, workspace: &str, repo: Option<&Repository>) -> bool {
        let Some(credential) = self.credential.filter(|c| c.kind.is_access_token()) else {
            return true;
        };
        let resource = credential.resource.as_deref().unwrap_or("");
        let (res_ws, res_rest) = resource.split_once('/').unwrap_or((resource, ""));
        if res_ws != workspace {
            return false;
        }
        match (credential.kind, repo) {
            (CredentialKind::WorkspaceAccessToken, _) => true,
            // Without a repository in view, a repository or project token is inside its own
            // workspace only as far as listing goes; callers filter the listed repositories.
            (_, None) => true,
            (CredentialKind::RepositoryAccessToken, Some(r)) => r.slug == res_rest,
            (CredentialKind::ProjectAccessToken, Some(r)) => r.project.as_deref() == Some(res_rest),
            _ => false,
        }
    }

    /// The restrictions between this caller and a workspace's resources, in the order Bitbucket
    /// would meet them: the credential's own reach first, then the workspace's policies. All of
    /// them, because a world may switch some off (`allow`).
    pub fn gate(&self, workspace: &str, repo: Option<&Repository>) -> Vec<Denied> {
        let mut denied = Vec::new();
        let Some(credential) = self.credential else {
            return denied; // anonymous: visibility decides (B1, B2)
        };
        // B9: API tokens "can be further scoped to a particular Bitbucket Cloud workspace".
        if credential.kind == CredentialKind::ApiToken
            && credential
                .workspace
                .as_deref()
                .is_some_and(|w| w != workspace)
        {
            denied.push(Denied::OtherWorkspace);
        }
        // §1: "Repository access tokens can connect to a single repository, preventing them from
        // accessing any other repositories or workspaces" (S-SPEC narrative).
        if !self.within_resource(workspace, repo) {
            denied.push(Denied::OutsideResource);
        }
        if let Some(ws) = self.world.workspace(workspace) {
            // G4 (S-KB403GIT): the workspace's IP allowlist.
            if !ws.ip_allowlist.is_empty()
                && !ws.ip_allowlist.iter().any(|e| ip_matches(e, self.peer))
            {
                denied.push(Denied::IpNotAllowed);
            }
            // G5 (S-KB403GIT): the workspace enforces 2SV and the user has none. Access tokens
            // "don't require two-step verification" (S-SPEC narrative).
            if ws.enforce_two_step && self.user.is_some_and(|u| !u.two_step) {
                denied.push(Denied::TwoStepRequired);
            }
        }
        denied
    }

    /// Scopes the operation needs that the credential lacks. API tokens are judged on the
    /// granular scopes (`x-atlassian-oauth2-scopes`), everything else on the legacy ones
    /// (`security.oauth2`) with implication (B10). Anonymous callers need none.
    pub fn missing_scopes(&self, op: Option<&'static scopes::Operation>) -> Vec<&'static str> {
        let (Some(credential), Some(op)) = (self.credential, op) else {
            return Vec::new();
        };
        let needed = self.vocabulary(op);
        scopes::missing(&credential.scopes(), needed)
    }

    /// The scopes of `op` in the caller's vocabulary.
    pub fn vocabulary(&self, op: &'static scopes::Operation) -> &'static [&'static str] {
        match self.credential.map(|c| c.kind) {
            Some(CredentialKind::ApiToken) => &op.granular,
            _ => &op.legacy,
        }
    }
}

/// `203.0.113.7` or `203.0.113.0/24` (IPv4 or IPv6 prefix).
pub fn ip_matches(entry: &str, ip: IpAddr) -> bool {
    let (addr, bits) = match entry.split_once('/') {
        Some((addr, bits)) => (addr, bits.parse::<u32>().ok()),
        None => (entry, None),
    };
    let Ok(net) = addr.trim().parse::<IpAddr>() else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(net), IpAddr::V4(ip)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(net) & mask == u32::from(ip) & mask
        }
        (IpAddr::V6(net), IpAddr::V6(ip)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(net) & mask == u128::from(ip) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlist_entries() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(ip_matches("127.0.0.1", ip));
        assert!(ip_matches("127.0.0.0/8", ip));
        assert!(ip_matches("0.0.0.0/0", ip));
        assert!(!ip_matches("203.0.113.0/24", ip));
        assert!(!ip_matches("::1", ip));
        assert!(!ip_matches("not an ip", ip));
    }
}

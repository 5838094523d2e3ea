//! The JSON the simulator serves on success: repositories, users, workspaces, permissions,
//! commits, in the shapes of the OpenAPI document's schemas (`repository`, `user`,
//! `workspace_access`, `workspace_membership`, `repository_permission`, paginated lists).
//!
//! Only the fields a doctor reads are filled in; values are derived from the world so that
//! they are the same on every run.

use super::access::Perm;
use super::json::{Json, obj, s};
use super::world::{Repository, Role, User, Workspace, World};

/// Where links point: the simulator's own address.
pub struct Links<'a> {
    /// `http://127.0.0.1:PORT`
    pub base: &'a str,
}

impl Links<'_> {
    fn api(&self, path: &str) -> Json {
        obj([("href", s(format!("{}/2.0{path}", self.base)))])
    }

    fn web(&self, path: &str) -> Json {
        obj([("href", s(format!("{}{path}", self.base)))])
    }
}

/// A paginated list (`{"pagelen": …, "values": […], "page": 1, "size": n}`).
pub fn page(values: Vec<Json>) -> Json {
    let size = values.len() as i64;
    obj([
        ("pagelen", Json::Int(size.max(10))),
        ("values", Json::Array(values)),
        ("page", Json::Int(1)),
        ("size", Json::Int(size)),
    ])
}

pub fn user(links: &Links, user: &User) -> Json {
    obj([
        ("type", s("user")),
        ("display_name", s(&user.display_name)),
        (
            "links",
            obj([
                (
                    "self",
                    links.api(&format!("/users/{}", user.uuid_or_derived())),
                ),
                ("html", links.web(&format!("/{}/", user.username))),
            ]),
        ),
        ("uuid", s(user.uuid_or_derived())),
        ("username", s(&user.username)),
        ("account_id", s(&user.account_id)),
        ("nickname", s(&user.username)),
    ])
}

pub fn workspace(links: &Links, ws: &Workspace) -> Json {
    obj([
        ("type", s("workspace")),
        ("uuid", s(ws.uuid_or_derived())),
        ("name", s(ws.display_name())),
        ("slug", s(&ws.slug)),
        ("is_private", Json::Bool(true)),
        (
            "links",
            obj([
                ("self", links.api(&format!("/workspaces/{}", ws.slug))),
                ("html", links.web(&format!("/{}/", ws.slug))),
            ]),
        ),
    ])
}

pub fn repository(links: &Links, world: &World, repo: &Repository) -> Json {
    let full_name = format!("{}/{}", repo.workspace, repo.slug);
    let clone = Json::Array(vec![
        obj([
            ("name", s("https")),
            ("href", s(format!("{}/{full_name}.git", links.base))),
        ]),
        obj([
            ("name", s("ssh")),
            ("href", s(format!("git@bitbucket.org:{full_name}.git"))),
        ]),
    ]);
    let ws = world.workspace(&repo.workspace);
    obj([
        ("type", s("repository")),
        ("full_name", s(&full_name)),
        (
            "links",
            obj([
                ("self", links.api(&format!("/repositories/{full_name}"))),
                ("html", links.web(&format!("/{full_name}"))),
                ("clone", clone),
            ]),
        ),
        ("name", s(repo.display_name())),
        ("slug", s(&repo.slug)),
        ("is_private", Json::Bool(repo.is_private)),
        ("uuid", s(repo.uuid_or_derived())),
        ("scm", s("git")),
        (
            "mainbranch",
            obj([("type", s("branch")), ("name", s(&repo.main_branch))]),
        ),
        (
            "workspace",
            ws.map(|ws| workspace(links, ws)).unwrap_or(Json::Null),
        ),
        (
            "project",
            repo.project
                .as_deref()
                .map(|key| obj([("type", s("project")), ("key", s(key))]))
                .unwrap_or(Json::Null),
        ),
    ])
}

/// A repository as embedded in permission objects.
fn repository_summary(links: &Links, repo: &Repository) -> Json {
    let full_name = format!("{}/{}", repo.workspace, repo.slug);
    obj([
        ("type", s("repository")),
        ("full_name", s(&full_name)),
        (
            "links",
            obj([("self", links.api(&format!("/repositories/{full_name}")))]),
        ),
        ("name", s(repo.display_name())),
        ("uuid", s(repo.uuid_or_derived())),
    ])
}

/// One `repository_permission` object.
pub fn repository_permission(
    links: &Links,
    repo: &Repository,
    user_json: Json,
    perm: Perm,
) -> Json {
    obj([
        ("type", s("repository_permission")),
        ("permission", s(perm.name())),
        ("repository", repository_summary(links, repo)),
        ("user", user_json),
    ])
}

/// One `workspace_access` object (`/2.0/user/workspaces`).
pub fn workspace_access(links: &Links, ws: &Workspace, role: Role) -> Json {
    obj([
        ("type", s("workspace_access")),
        ("administrator", Json::Bool(role >= Role::Admin)),
        ("workspace", workspace(links, ws)),
    ])
}

/// One `workspace_membership` object (`/2.0/user/workspaces/{ws}/permission`).
pub fn workspace_membership(links: &Links, ws: &Workspace, user_json: Json, role: Role) -> Json {
    let permission = match role {
        Role::Owner => "owner",
        Role::Admin => "collaborator",
        Role::Member => "member",
    };
    obj([
        ("type", s("workspace_membership")),
        ("permission", s(permission)),
        ("user", user_json),
        ("workspace", workspace(links, ws)),
    ])
}

/// The one commit every simulated branch points at.
pub fn commit(world: &World, repo: &Repository) -> Json {
    obj([
        ("type", s("commit")),
        ("hash", s(commit_hash(repo, &repo.main_branch))),
        ("date", s(&world.now)),
        (
            "author",
            obj([
                ("type", s("author")),
                ("raw", s("Simulated Author <author@example.com>")),
            ]),
        ),
        ("message", s("Initial commit\n")),
    ])
}

/// The root directory listing (`/src`).
pub fn src_listing(repo: &Repository) -> Json {
    page(vec![obj([
        ("type", s("commit_file")),
        ("path", s("README.md")),
        ("size", Json::Int(42)),
        (
            "commit",
            obj([
                ("type", s("commit")),
                ("hash", s(commit_hash(repo, &repo.main_branch))),
            ]),
        ),
    ])])
}

/// The commit id of a repository's branch: git's own for the one commit the simulator serves.
pub fn commit_hash(repo: &Repository, _branch: &str) -> String {
    super::repo::commit_id(repo)
}

/// A stable `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` from a name, for worlds that give none.
pub fn derived_uuid(name: &str) -> String {
    let hex = (0..4u8)
        .map(|salt| {
            let mut h = crc32fast::Hasher::new();
            h.update(&[salt]);
            h.update(name.as_bytes());
            format!("{:08x}", h.finalize())
        })
        .collect::<String>();
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

impl User {
    pub fn uuid_or_derived(&self) -> String {
        or_derived(&self.uuid, &format!("user:{}", self.username))
    }
}

impl Workspace {
    pub fn uuid_or_derived(&self) -> String {
        or_derived(&self.uuid, &format!("workspace:{}", self.slug))
    }

    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.slug
        } else {
            &self.name
        }
    }
}

impl Repository {
    pub fn uuid_or_derived(&self) -> String {
        or_derived(
            &self.uuid,
            &format!("repository:{}/{}", self.workspace, self.slug),
        )
    }

    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.slug
        } else {
            &self.name
        }
    }
}

fn or_derived(given: &str, name: &str) -> String {
    if given.is_empty() {
        derived_uuid(name)
    } else {
        given.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_well_formed() {
        let uuid = derived_uuid("user:pat");
        assert_eq!(uuid, derived_uuid("user:pat"));
        assert_eq!(uuid.len(), 38);
        assert!(uuid.starts_with('{') && uuid.ends_with('}'));
        assert_ne!(uuid, derived_uuid("user:sam"));
        let world = World::default_world();
        let repo = &world.repositories[0];
        let hash = commit_hash(repo, "main");
        assert_eq!(hash.len(), 40);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

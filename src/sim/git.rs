//! git's smart-HTTP discovery: `GET /{ws}/{slug}.git/info/refs?service=git-upload-pack`.
//!
//! Success is a real protocol-v0 ref advertisement (pkt-lines), so that `git ls-remote`
//! against the simulator succeeds. Failures are `text/plain` bodies, which git prints as
//! `remote:` lines (fact sheet §4.2); a 401 carries the Basic challenge so that git asks for
//! (or retries with) credentials, as it does against bitbucket.org.

use super::access::{Caller, Denied, Perm};
use super::auth::{Auth, Reason};
use super::http::{Request, Response};
use super::messages as msg;
use super::repo::Repos;
use super::resources::commit_hash;
use super::world::{GitRetirement, World};
use crate::scopes;

/// The two services git discovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// fetch, clone, ls-remote: needs read.
    UploadPack,
    /// push: needs write.
    ReceivePack,
}

/// `(workspace, slug)` when the path is git's discovery URL (with or without `.git`).
pub fn discovery_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?.strip_suffix("/info/refs")?;
    let (ws, slug) = rest.split_once('/')?;
    let slug = slug.strip_suffix(".git").unwrap_or(slug);
    (!ws.is_empty() && !slug.is_empty() && !slug.contains('/')).then_some((ws, slug))
}

/// `(workspace, slug)` when the path is a fetch's negotiation after discovery
/// (`POST /{ws}/{slug}.git/git-upload-pack`).
pub fn upload_pack_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?.strip_suffix("/git-upload-pack")?;
    let (ws, slug) = rest.split_once('/')?;
    let slug = slug.strip_suffix(".git").unwrap_or(slug);
    (!ws.is_empty() && !slug.is_empty() && !slug.contains('/')).then_some((ws, slug))
}

/// Whether git's smart HTTP, not the REST API, answers this path.
pub fn is_git_path(path: &str) -> bool {
    discovery_path(path).is_some() || upload_pack_path(path).is_some()
}

/// Answers a discovery request, or a fetch's negotiation with the real `git upload-pack` on
/// the repository's bare copy, after the same checks.
pub fn serve(world: &World, repos: &Repos, req: &Request, auth: Auth) -> Response {
    let (ws, slug, service, negotiation) = if let Some((ws, slug)) = discovery_path(req.path()) {
        let service = match req.query("service").as_deref() {
            Some("git-upload-pack") => Service::UploadPack,
            Some("git-receive-pack") => Service::ReceivePack,
            // The "dumb" protocol: Bitbucket serves smart HTTP only.
            _ => return text(403, "Smart HTTP is required."),
        };
        (ws, slug, service, false)
    } else if let Some((ws, slug)) = upload_pack_path(req.path()) {
        (ws, slug, Service::UploadPack, true)
    } else {
        return text(404, msg::NO_ACCESS_OR_MISSING);
    };
    let answer = |repo: &super::world::Repository| match negotiation {
        false => advertise(repo, service),
        true => upload_pack(repos, repo, &req.body),
    };
    if let Auth::Refused { reason, .. } = auth {
        return refusal(world, reason);
    }
    let caller = Caller::new(world, &auth, req.peer);
    let repo = world.repository(ws, slug);
    if caller.credential.is_none() {
        // Anonymous: a public repository can be fetched (B1); anything else asks for
        // credentials, which is how git learns that it must send some.
        return match repo {
            Some(r) if !r.is_private && service == Service::UploadPack => answer(r),
            _ => challenge(msg::NO_ACCESS_OR_MISSING),
        };
    }
    if let Some(denied) = caller.gate(ws, repo).first() {
        return match denied {
            // B9: this token is not valid here; git reports bad credentials (G1).
            Denied::OtherWorkspace => challenge(msg::NO_ACCESS_OR_MISSING),
            Denied::OutsideResource => text(403, msg::NO_ACCESS_OR_MISSING),
            Denied::IpNotAllowed => text(403, msg::IP_NOT_ALLOWED), // G4
            Denied::TwoStepRequired => text(403, msg::ENABLE_TWO_STEP), // G5
        };
    }
    // G7: the credential lacks the scope git needs (R5-git?: same text, 403).
    let op = match service {
        Service::UploadPack => "GET",
        Service::ReceivePack => "PUT",
    };
    if !caller.missing_scopes(git_operation(op)).is_empty() {
        return text(403, msg::LACK_SCOPES);
    }
    let needed = match service {
        Service::UploadPack => Perm::Read,
        Service::ReceivePack => Perm::Write,
    };
    match repo.filter(|r| caller.permission(r).is_some_and(|p| p >= needed)) {
        Some(repo) => answer(repo),
        // Authenticated but no access, or no such repository: the G1/R6 words with a 403 (the
        // older wording G6 came with 403 too), so that git does not ask for other credentials.
        None => text(403, msg::NO_ACCESS_OR_MISSING),
    }
}

/// The scopes git needs, borrowed from the REST operations that read and write a repository's
/// content: `repository` / `read:repository:bitbucket` to fetch (S-SPEC narrative: the
/// `repository` scope gives "clone over HTTPS"), `repository:write` /
/// `write:repository:bitbucket` to push ("push access over HTTPS").
fn git_operation(method: &str) -> Option<&'static scopes::Operation> {
    match method {
        "GET" => scopes::lookup("GET", "/repositories/w/r/src"),
        _ => scopes::lookup("POST", "/repositories/w/r/src"),
    }
}

fn refusal(world: &World, reason: Reason) -> Response {
    match reason {
        // G3 (§4.2): account passwords, 2022 wording.
        Reason::AccountPassword => challenge(msg::ACCOUNT_PASSWORD_GIT),
        // G8 settled by the 2026-12 review (row "G8 — contradicted, replace"; X2 with three
        // `remote:` lines): 410 + CHANGE-3222 by default; 401 for old clients under the switch
        // `unconfirmed.app_password_git_retired`.
        Reason::AppPasswordRetired => match world.unconfirmed.app_password_git_retired {
            GitRetirement::Unauthorized => challenge(msg::NO_ACCESS_OR_MISSING),
            GitRetirement::Gone => text(410, msg::APP_PASSWORD_GONE_GIT),
        },
        // R12 (historic; status not shown, 401 assumed).
        Reason::LockedOut => challenge(msg::TOO_MANY_ATTEMPTS),
        // X5.
        Reason::MalformedBasic => text(400, msg::BAD_AUTHORIZATION_HEADER),
        // G1 (§4.2): bad credentials, wrong username, scope-less API token.
        Reason::BadBasic | Reason::BadBearer | Reason::ExpiredOauth | Reason::ScopelessApiToken => {
            challenge(msg::NO_ACCESS_OR_MISSING)
        }
    }
}

fn text(status: u16, body: &str) -> Response {
    Response::text(status, body)
}

/// A 401 with the Basic challenge: git then prompts, uses its helper, or fails with
/// "Authentication failed" after printing the body as `remote:` lines.
fn challenge(body: &str) -> Response {
    text(401, body).header("WWW-Authenticate", msg::BASIC_CHALLENGE)
}

/// A protocol-v0 advertisement: one branch, `HEAD` pointing at it.
fn advertise(repo: &super::world::Repository, service: Service) -> Response {
    let branch = &repo.main_branch;
    let sha = commit_hash(repo, branch);
    let (name, first) = match service {
        Service::UploadPack => (
            "git-upload-pack",
            format!(
                "{sha} HEAD\0multi_ack thin-pack side-band side-band-64k ofs-delta shallow \
                 no-progress include-tag multi_ack_detailed symref=HEAD:refs/heads/{branch} \
                 agent=bbdoctor-sim\n"
            ),
        ),
        Service::ReceivePack => (
            "git-receive-pack",
            format!(
                "{sha} refs/heads/{branch}\0report-status delete-refs side-band-64k quiet \
                 ofs-delta agent=bbdoctor-sim\n"
            ),
        ),
    };
    let mut body = pkt(&format!("# service={name}\n"));
    body.push_str("0000");
    body.push_str(&pkt(&first));
    if service == Service::UploadPack {
        body.push_str(&pkt(&format!("{sha} refs/heads/{branch}\n")));
    }
    body.push_str("0000");
    Response::new(200)
        .header(
            "Content-Type",
            format!("application/x-{name}-advertisement"),
        )
        .header("Cache-Control", "no-cache")
        .body(body)
}

/// The real `git upload-pack --stateless-rpc` on the bare copy, the request's body as its
/// input: what a clone or fetch negotiates after discovery. A failure is Bitbucket's 500.
fn upload_pack(repos: &Repos, repo: &super::world::Repository, body: &[u8]) -> Response {
    let run = || -> std::io::Result<Vec<u8>> {
        let dir = repos.bare(repo)?;
        let mut child = std::process::Command::new("git")
            .args(["upload-pack", "--stateless-rpc"])
            .arg(&dir)
            .env_remove("GIT_DIR")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        // Written from another thread: git may answer before it has read it all.
        let mut stdin = child.stdin.take();
        let input = body.to_vec();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            if let Some(s) = stdin.as_mut() {
                let _ = s.write_all(&input);
            }
        });
        let out = child.wait_with_output()?;
        let _ = writer.join();
        match out.status.success() {
            true => Ok(out.stdout),
            false => Err(std::io::Error::other("git upload-pack failed")),
        }
    };
    match run() {
        Ok(result) => Response::new(200)
            .header("Content-Type", "application/x-git-upload-pack-result")
            .header("Cache-Control", "no-cache")
            .body(result),
        Err(_) => text(500, "Internal Server Error"),
    }
}

/// One pkt-line: four hex digits of length (including themselves), then the payload.
fn pkt(payload: &str) -> String {
    format!("{:04x}{payload}", payload.len() + 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_paths() {
        assert_eq!(
            discovery_path("/acme/widgets.git/info/refs"),
            Some(("acme", "widgets"))
        );
        assert_eq!(
            discovery_path("/acme/widgets/info/refs"),
            Some(("acme", "widgets"))
        );
        assert_eq!(discovery_path("/2.0/repositories/acme/widgets"), None);
        assert_eq!(discovery_path("/acme/info/refs"), None);
        assert_eq!(discovery_path("/a/b/c.git/info/refs"), None);
    }

    #[test]
    fn pkt_lines_count_their_own_length() {
        assert_eq!(
            pkt("# service=git-upload-pack\n"),
            "001e# service=git-upload-pack\n"
        );
    }
}

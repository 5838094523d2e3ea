//! The simulator's repositories as git holds them: one commit with a README on the main branch,
//! with fixed names and dates, so the commit id is the same on every run and the REST API can
//! name it without asking git. Both git endpoints (smart HTTP and SSH) serve a bare copy made
//! on first use with the machine's own `git`.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;

use sha1::{Digest, Sha1};

use super::world::Repository;

const AUTHOR: &str = "bbdoctor sim <sim@example.com>";
/// 2026-05-01T12:00:00Z.
const WHEN: &str = "1777636800 +0000";
const MESSAGE: &str = "Initial commit\n";

/// The README of `ws/slug`.
fn readme(repo: &str) -> String {
    format!("# {repo}\n\nServed by the bbdoctor simulator.\n")
}

/// A git object id: SHA-1 of `kind len\0content`.
fn object_id(kind: &str, content: &[u8]) -> [u8; 20] {
    let mut h = Sha1::new();
    h.update(format!("{kind} {}\0", content.len()).as_bytes());
    h.update(content);
    h.finalize().into()
}

fn hex(id: &[u8]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// The commit id of the repository's one commit, as `git` makes it in [`Repos::bare`].
pub fn commit_id(repo: &Repository) -> String {
    let name = format!("{}/{}", repo.workspace, repo.slug);
    let blob = object_id("blob", readme(&name).as_bytes());
    let mut tree = b"100644 README.md\0".to_vec();
    tree.extend_from_slice(&blob);
    let tree = object_id("tree", &tree);
    let commit = format!(
        "tree {}\nauthor {AUTHOR} {WHEN}\ncommitter {AUTHOR} {WHEN}\n\n{MESSAGE}",
        hex(&tree)
    );
    hex(&object_id("commit", commit.as_bytes()))
}

/// Bare repositories made so far, below one folder the owner removes when it stops.
pub struct Repos {
    dir: PathBuf,
    made: Mutex<HashMap<String, PathBuf>>,
}

impl Repos {
    pub fn new(dir: PathBuf) -> Repos {
        Repos {
            dir,
            made: Mutex::new(HashMap::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The bare repository of `repo`, made on first use.
    pub fn bare(&self, repo: &Repository) -> io::Result<PathBuf> {
        let name = format!("{}/{}", repo.workspace, repo.slug);
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = made.get(&name) {
            return Ok(dir.clone());
        }
        let dir = self.dir.join(format!("{}.git", name.replace('/', "__")));
        make_bare(&dir, &name, &repo.main_branch)?;
        made.insert(name, dir.clone());
        Ok(dir)
    }
}

/// `git init --bare`, then the README, its tree and the commit, with the names and dates above.
fn make_bare(dir: &Path, repo: &str, branch: &str) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let git = |args: &[&str], input: Option<&str>| -> io::Result<String> {
        let (name, email) = AUTHOR
            .split_once(" <")
            .map(|(n, e)| (n, e.trim_end_matches('>')))
            .unwrap_or((AUTHOR, ""));
        let date = WHEN;
        let mut cmd = std::process::Command::new("git");
        cmd.arg("--git-dir")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn()?;
        if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
            use std::io::Write;
            stdin.write_all(text.as_bytes())?;
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(io::Error::other(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    git(&["init", "-q", "--bare"], None)?;
    let blob = git(&["hash-object", "-w", "--stdin"], Some(&readme(repo)))?;
    let tree = git(
        &["mktree"],
        Some(&format!("100644 blob {blob}\tREADME.md\n")),
    )?;
    let commit = git(&["commit-tree", &tree, "-m", MESSAGE.trim_end()], None)?;
    git(
        &["update-ref", &format!("refs/heads/{branch}"), &commit],
        None,
    )?;
    git(
        &["symbolic-ref", "HEAD", &format!("refs/heads/{branch}")],
        None,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_id_is_the_one_git_makes() {
        let world = super::super::world::World::default_world();
        let repo = world
            .repository("acme", "widgets")
            .expect("the demo repository");
        let root = std::env::temp_dir().join(format!("bbdoctor-repo-test-{}", std::process::id()));
        let repos = Repos::new(root.clone());
        let dir = repos.bare(repo).expect("git makes the repository");
        let out = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(&dir)
            .args(["rev-parse", &format!("refs/heads/{}", repo.main_branch)])
            .output()
            .expect("git runs");
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), commit_id(repo));
    }
}

//! The repository under examination: `workspace/repo` from an argument or any Bitbucket URL
//! naming one (web, clone, API), and the URLs bbdoctor derives from it.

use std::fmt;

/// A workspace and a repository slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub workspace: String,
    pub repo: String,
    /// The username embedded in a clone URL (`https://x-token-auth@bitbucket.org/…`): the
    /// login git sends.
    pub git_user: Option<String>,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.workspace, self.repo)
    }
}

impl Target {
    /// Parse `workspace/repo` or a Bitbucket web, clone (https, ssh, scp-like) or API URL.
    pub fn parse(input: &str) -> Result<Target, String> {
        let input = input.trim();
        if input.is_empty() {
            return Err("the target is empty: expected WORKSPACE/REPO".into());
        }
        let (git_user, path) = split_url(input);
        let mut segments: Vec<&str> = path
            .split(['/', '?', '#'])
            .take_while(|s| !s.contains('='))
            .filter(|s| !s.is_empty())
            .collect();
        // API URLs: /2.0/repositories/{ws}/{slug}/…
        if let Some(i) = segments.iter().position(|s| *s == "repositories") {
            segments.drain(..=i);
        }
        let [workspace, repo, ..] = segments.as_slice() else {
            return Err(format!(
                "cannot read a repository from {}: expected WORKSPACE/REPO, e.g. acme/widgets",
                shown(input)
            ));
        };
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        for (what, value) in [("workspace", *workspace), ("repository", repo)] {
            if !valid_segment(value) {
                return Err(format!(
                    "{what} {} is not a valid Bitbucket slug (letters, digits, '-', '_', '.')",
                    shown(value)
                ));
            }
        }
        Ok(Target {
            workspace: workspace.to_string(),
            repo: repo.to_string(),
            git_user,
        })
    }

    /// `{api}/repositories/{ws}/{slug}`.
    pub fn api_url(&self, api_base: &str) -> String {
        format!(
            "{}/repositories/{}/{}",
            api_base.trim_end_matches('/'),
            self.workspace,
            self.repo
        )
    }

    /// `{git}/{ws}/{slug}.git`, optionally with a username in it.
    pub fn clone_url(&self, git_base: &str, user: Option<&str>) -> String {
        let base = git_base.trim_end_matches('/');
        let base = match (user, base.split_once("://")) {
            (Some(u), Some((scheme, host))) => format!("{scheme}://{u}@{host}"),
            _ => base.to_string(),
        };
        format!("{base}/{}/{}.git", self.workspace, self.repo)
    }

    /// git's smart-HTTP discovery URL.
    pub fn info_refs_url(&self, git_base: &str) -> String {
        format!(
            "{}/info/refs?service=git-upload-pack",
            self.clone_url(git_base, None)
        )
    }

    /// Whether the slug breaks Bitbucket's slug rules (lower case, no spaces): a likely typo.
    pub fn slug_suspicious(&self) -> bool {
        self.repo.chars().any(|c| c.is_ascii_uppercase())
            || self.workspace.chars().any(|c| c.is_ascii_uppercase())
    }
}

/// Input as an error may quote it: not at all when it could be a secret pasted in the wrong
/// place (a token's shape, or long and without a `/`).
fn shown(input: &str) -> String {
    if input.contains("://") {
        return crate::credential::redact_url(input);
    }
    let shape = crate::credential::classify(input);
    let tokenish = shape.prefix.is_some() || (input.len() > 40 && !input.contains('/'));
    if tokenish {
        format!("the argument ({} characters)", input.chars().count())
    } else {
        format!("{input:?}")
    }
}

/// Split a URL into the username it carries and its path; plain `ws/repo` passes through.
fn split_url(input: &str) -> (Option<String>, &str) {
    // scp-like: git@bitbucket.org:ws/repo.git
    if !input.contains("://")
        && let Some((host, path)) = input.split_once(':')
        && host.contains('@')
    {
        return (None, path);
    }
    let Some((_, rest)) = input.split_once("://") else {
        return (None, input);
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let user = authority
        .rsplit_once('@')
        .map(|(userinfo, _)| percent_decode(userinfo.split(':').next().unwrap_or("")))
        .filter(|u| !u.is_empty() && !input.starts_with("ssh://"));
    (user, path)
}

/// `pat%40example.com` → `pat@example.com` (an email in a URL's user part is encoded).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn valid_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s != "."
        && s != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> (String, String, Option<String>) {
        let t = Target::parse(s).unwrap();
        (t.workspace, t.repo, t.git_user)
    }

    #[test]
    fn parses_every_form() {
        let plain = ("acme".to_string(), "widgets".to_string(), None);
        for input in [
            "acme/widgets",
            "https://bitbucket.org/acme/widgets",
            "https://bitbucket.org/acme/widgets/src/main/README.md",
            "https://bitbucket.org/acme/widgets.git",
            "git@bitbucket.org:acme/widgets.git",
            "ssh://git@bitbucket.org/acme/widgets.git",
            "https://api.bitbucket.org/2.0/repositories/acme/widgets/commits?page=2",
        ] {
            assert_eq!(t(input), plain, "{input}");
        }
        assert_eq!(
            t("https://x-token-auth@bitbucket.org/acme/widgets.git").2,
            Some("x-token-auth".to_string())
        );
        assert_eq!(
            t("https://pat:secret@bitbucket.org/acme/widgets.git").2,
            Some("pat".to_string())
        );
        assert_eq!(
            t("https://pat%40example.com@bitbucket.org/acme/widgets.git").2,
            Some("pat@example.com".to_string())
        );
    }

    #[test]
    fn errors_never_quote_a_pasted_token() {
        let token = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLk";
        let err = Target::parse(token).unwrap_err();
        assert!(!err.contains("dz1C5"), "{err}");
        let err = Target::parse("https://pat:hunter2@bitbucket.org/").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn rejects_malformed_targets() {
        for bad in [
            "",
            "acme",
            "acme/",
            "acme/wid gets",
            "https://bitbucket.org/",
            "a/..",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn builds_urls() {
        let t = Target::parse("acme/widgets").unwrap();
        assert_eq!(
            t.api_url("https://api.bitbucket.org/2.0/"),
            "https://api.bitbucket.org/2.0/repositories/acme/widgets"
        );
        assert_eq!(
            t.clone_url("https://bitbucket.org", Some("x-bitbucket-api-token-auth")),
            "https://x-bitbucket-api-token-auth@bitbucket.org/acme/widgets.git"
        );
        assert_eq!(
            t.info_refs_url("http://127.0.0.1:9"),
            "http://127.0.0.1:9/acme/widgets.git/info/refs?service=git-upload-pack"
        );
    }
}

//! The repository under examination: `workspace/repo` from an argument or any Bitbucket URL
//! naming one (web, clone, API), else inferred: the Bitbucket Pipelines variables, then the
//! current repository's `origin` remote. And the URLs bbdoctor derives from it.

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

/// Why a target could not be read, its message written only when someone reads it.
enum Unreadable<'a> {
    Empty,
    NoRepository,
    MoreThanRepository,
    /// Which segment (`workspace`, `repository`), and its text.
    InvalidSlug(&'static str, &'a str),
}

impl Unreadable<'_> {
    /// The message for `input` (trimmed), as the user reads it.
    fn message(&self, input: &str) -> String {
        match self {
            Unreadable::Empty => "the target is empty: expected WORKSPACE/REPO".into(),
            Unreadable::NoRepository => format!(
                "cannot read a repository from {}: expected WORKSPACE/REPO, e.g. acme/widgets",
                crate::credential::shown_input(input)
            ),
            Unreadable::MoreThanRepository => format!(
                "{} has more than WORKSPACE/REPO: expected e.g. acme/widgets, or a Bitbucket URL",
                crate::credential::shown_input(input)
            ),
            Unreadable::InvalidSlug(what, value) => format!(
                "{what} {} is not a valid Bitbucket slug (letters, digits, '-', '_', '.')",
                crate::credential::shown_input(value)
            ),
        }
    }
}

impl Target {
    /// Parse `workspace/repo` or a Bitbucket web, clone (https, ssh, scp-like) or API URL.
    pub fn parse(input: &str) -> Result<Target, String> {
        Target::read(input, false).map_err(|why| why.message(input.trim()))
    }

    /// [`Target::parse`] where an unreadable URL is passed over (a URL a pasted text shows):
    /// no message is written, only to be dropped (writing one cost more than the reading).
    /// A space (`%20`) is kept: a name used for a slug is what such a URL shows.
    pub fn of_url(input: &str) -> Option<Target> {
        Target::read(input, true).ok()
    }

    fn read(input: &str, spaced: bool) -> Result<Target, Unreadable<'_>> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Unreadable::Empty);
        }
        let (git_user, path) = split_url(input);
        let mut segments: Vec<&str> = path
            .split(['/', '?', '#'])
            .take_while(|s| !s.contains('='))
            .filter(|s| !s.is_empty())
            .collect();
        // `bitbucket.org/acme/widgets` typed without its scheme: the host is not a workspace.
        if segments
            .first()
            .is_some_and(|h| h.to_ascii_lowercase().ends_with("bitbucket.org"))
        {
            segments.remove(0);
        }
        // API URLs: /2.0/repositories/{ws}/{slug}/…
        if let Some(i) = segments.iter().position(|s| *s == "repositories") {
            segments.drain(..=i);
        }
        let [workspace, repo, rest @ ..] = segments.as_slice() else {
            return Err(Unreadable::NoRepository);
        };
        // A URL may go on (`…/src/main/README.md`); WORKSPACE/REPO written bare may not: what
        // follows would be dropped without a word.
        let url = input.contains("://") || input.contains('@') || input.contains("bitbucket.");
        if !rest.is_empty() && !url {
            return Err(Unreadable::MoreThanRepository);
        }
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        for (what, value) in [("workspace", *workspace), ("repository", repo)] {
            let value_ok = match spaced && value.contains("%20") {
                true => valid_segment(&value.replace("%20", "-")),
                false => valid_segment(value),
            };
            if !value_ok {
                return Err(Unreadable::InvalidSlug(what, value));
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
        let base = match (user, crate::evidence::split_once_str(base, "://")) {
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
        self.has_capital() || self.has_space()
    }

    fn has_capital(&self) -> bool {
        self.repo.chars().any(|c| c.is_ascii_uppercase())
            || self.workspace.chars().any(|c| c.is_ascii_uppercase())
    }

    /// A space (`%20` in a URL; a target is read from nothing else with one): a repository's
    /// name, never its slug.
    pub fn has_space(&self) -> bool {
        self.workspace.contains("%20") || self.repo.contains("%20")
    }
}

/// Hosts of Bitbucket Cloud's web, git and REST URLs.
const CLOUD_HOSTS: [&str; 5] = [
    "bitbucket.org",
    "www.bitbucket.org",
    "api.bitbucket.org",
    "altssh.bitbucket.org",
    "ssh.bitbucket.org",
];

/// A target given as a URL must name Bitbucket Cloud (or a loopback server: the simulator):
/// `https://github.com/acme/widgets` is not `acme/widgets` on Bitbucket.
pub fn check_host(input: &str) -> Result<(), String> {
    let input = input.trim();
    let (scheme, authority) = match crate::evidence::split_once_str(input, "://") {
        Some((scheme, rest)) => (
            scheme.to_ascii_lowercase(),
            rest.split(['/', '?', '#']).next().unwrap_or(""),
        ),
        // scp-like: git@bitbucket.org:acme/widgets.git
        None => match input.split_once(':') {
            Some((authority, _)) if authority.contains('@') && !authority.contains('/') => {
                ("ssh".to_string(), authority)
            }
            _ => return Ok(()),
        },
    };
    if !matches!(scheme.as_str(), "http" | "https" | "ssh" | "git+ssh") {
        return Err(format!(
            "{}: a {scheme}:// URL names no Bitbucket repository; give WORKSPACE/REPO or its \
             https://bitbucket.org URL",
            crate::credential::shown_input(input)
        ));
    }
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.rsplit_once(':') {
        Some((h, _)) if !host_port.ends_with(']') => h,
        _ => host_port,
    }
    .to_ascii_lowercase();
    if host.is_empty()
        || CLOUD_HOSTS.contains(&host.as_str())
        || crate::probe::is_loopback(host_port)
    {
        return Ok(());
    }
    Err(format!(
        "{} is not Bitbucket Cloud: give WORKSPACE/REPO, or the repository's bitbucket.org URL",
        crate::credential::shown_input(&host)
    ))
}

/// The target of a Bitbucket Pipelines build: `BITBUCKET_REPO_FULL_NAME`, or
/// `BITBUCKET_WORKSPACE` + `BITBUCKET_REPO_SLUG`. `None` outside Pipelines.
pub fn from_pipelines(var: impl Fn(&str) -> Option<String>) -> Option<Result<Target, String>> {
    let full = var("BITBUCKET_REPO_FULL_NAME").or_else(|| {
        Some(format!(
            "{}/{}",
            var("BITBUCKET_WORKSPACE")?,
            var("BITBUCKET_REPO_SLUG")?
        ))
    })?;
    Some(Target::parse(&full).map_err(|e| format!("the Pipelines variables: {e}")))
}

/// What a git remote URL says: the repository, and where its git and REST API live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remote {
    pub target: Target,
    /// The remote as git fetches it over HTTP(S), without a password: what git asks its
    /// credential helper for. `None` for SSH remotes (they use keys, not the helper).
    pub https_url: Option<String>,
    /// The git and REST bases the remote implies when they are not the defaults: a loopback
    /// remote (the simulator) serves both, the API under `/2.0`.
    pub git_base: Option<String>,
    pub api_base: Option<String>,
}

/// Hosts of Bitbucket Cloud's git remotes (`altssh` is SSH over port 443; `ssh` is SSH's home
/// since 2026-11-12, facts 2026-12 N1).
const CLOUD_GIT_HOSTS: [&str; 4] = [
    "bitbucket.org",
    "www.bitbucket.org",
    "altssh.bitbucket.org",
    "ssh.bitbucket.org",
];

/// Read a remote URL in any form git takes: `https://[user@]host/ws/repo.git`,
/// `ssh://git@host[:port]/ws/repo.git`, scp-like `git@host:ws/repo.git`.
pub fn from_remote(url: &str) -> Result<Remote, String> {
    let url = url.trim();
    let (scheme, authority, path) = match crate::evidence::split_once_str(url, "://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            (scheme.to_ascii_lowercase(), authority, path)
        }
        // scp-like: [user@]host:path (a `/` before the `:` makes it a local path).
        None => match url.split_once(':') {
            Some((authority, path)) if !authority.contains('/') => {
                ("ssh".to_string(), authority, path)
            }
            _ => {
                return Err(format!(
                    "{} is not a URL git can fetch over the network",
                    crate::credential::shown_input(url)
                ));
            }
        },
    };
    let host_port = authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_ascii_lowercase();
    let host = match host_port.rfind(':') {
        Some(i) if !host_port.ends_with(']') => &host_port[..i],
        _ => &host_port,
    };
    let http = matches!(scheme.as_str(), "http" | "https");
    let loopback = http && crate::probe::is_loopback(host);
    if !CLOUD_GIT_HOSTS.contains(&host) && !loopback {
        return Err(format!(
            "origin ({}) is not a Bitbucket Cloud repository: give WORKSPACE/REPO (e.g. bbdoctor \
             check acme/widgets)",
            crate::credential::redact_url(url)
        ));
    }
    let mut target = Target::parse(path)?;
    let user = authority.rsplit_once('@').map(|(u, _)| u);
    target.git_user = match http {
        true => user
            .map(|u| crate::credential::percent_decode(u.split(':').next().unwrap_or("")))
            .filter(|u| !u.is_empty()),
        false => None,
    };
    let base = format!("{scheme}://{host_port}");
    let https_url = http.then(|| {
        let user = target
            .git_user
            .as_deref()
            .map(|u| format!("{}@", u.replace('@', "%40")));
        format!("{scheme}://{}{host_port}/{path}", user.unwrap_or_default())
    });
    Ok(Remote {
        target,
        https_url,
        git_base: loopback.then(|| base.clone()),
        api_base: loopback.then(|| format!("{base}/2.0")),
    })
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
    let Some((_, rest)) = crate::evidence::split_once_str(input, "://") else {
        return (None, input);
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let user = authority
        .rsplit_once('@')
        .map(|(userinfo, _)| {
            crate::credential::percent_decode(userinfo.split(':').next().unwrap_or(""))
        })
        .filter(|u| !u.is_empty() && !input.starts_with("ssh://"));
    (user, path)
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
        // Written bare, WORKSPACE/REPO cannot go on: what follows would be lost.
        let err = Target::parse("acme/widgets/extra").unwrap_err();
        assert!(err.contains("more than WORKSPACE/REPO"), "{err}");
        assert_eq!(t("bitbucket.org/acme/widgets/src/main"), plain);
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
    fn remotes_in_every_form() {
        for url in [
            "https://bitbucket.org/acme/widgets.git",
            "https://pat@bitbucket.org/acme/widgets",
            "ssh://git@bitbucket.org/acme/widgets.git",
            "ssh://git@altssh.bitbucket.org:443/acme/widgets.git",
            "git@bitbucket.org:acme/widgets.git",
            "bitbucket.org:acme/widgets.git",
        ] {
            let r = from_remote(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(r.target.to_string(), "acme/widgets", "{url}");
            assert_eq!(r.api_base, None, "{url}");
            assert_eq!(r.https_url.is_some(), url.starts_with("https"), "{url}");
        }
        let r = from_remote("https://pat:hunter2@bitbucket.org/acme/widgets.git").unwrap();
        assert_eq!(r.target.git_user.as_deref(), Some("pat"));
        assert_eq!(
            r.https_url.as_deref(),
            Some("https://pat@bitbucket.org/acme/widgets.git")
        );
        let r = from_remote("http://127.0.0.1:8080/acme/widgets.git").unwrap();
        assert_eq!(r.git_base.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(r.api_base.as_deref(), Some("http://127.0.0.1:8080/2.0"));
        for bad in [
            "https://github.com/acme/widgets.git",
            "git@github.com:acme/widgets.git",
            "ssh://git@127.0.0.1/acme/widgets.git",
            "/srv/git/widgets.git",
        ] {
            assert!(from_remote(bad).is_err(), "{bad}");
        }
        let err = from_remote("https://pat:hunter2@github.com/a/b.git").unwrap_err();
        assert!(
            err.contains("not a Bitbucket Cloud") && !err.contains("hunter2"),
            "{err}"
        );
    }

    #[test]
    fn pipelines_variables() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(from_pipelines(vars(&[])), None);
        let t = from_pipelines(vars(&[("BITBUCKET_REPO_FULL_NAME", "acme/widgets")]));
        assert_eq!(t.unwrap().unwrap().to_string(), "acme/widgets");
        let t = from_pipelines(vars(&[
            ("BITBUCKET_WORKSPACE", "acme"),
            ("BITBUCKET_REPO_SLUG", "widgets"),
        ]));
        assert_eq!(t.unwrap().unwrap().to_string(), "acme/widgets");
        assert!(from_pipelines(vars(&[("BITBUCKET_WORKSPACE", "acme")])).is_none());
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

//! Probes: the plan (which read-only requests, in which rounds) and the engine that sends them
//! (design.md §8). This is the only module that touches the network.

mod engine;
mod plan;

pub use engine::{run, run_observed};

use crate::credential::{Authorization, Scrubber};
use crate::evidence::Requirements;
use crate::source::Provenance;
use crate::target::Target;
use std::time::Duration;

/// The most requests one check may send.
pub const MAX_REQUESTS: usize = 8;
/// The most refused authentication attempts one check may cause: failed logins can lock an
/// Atlassian account (fact sheet R12).
pub const MAX_REFUSALS: usize = 3;

/// What a check starts from.
#[derive(Clone, Debug)]
pub struct Setup {
    pub target: Option<Target>,
    /// The credential exactly as the user sends it; `None` for an anonymous check.
    pub auth: Option<Authorization>,
    /// Where the credential came from, e.g. `-H`, `env BITBUCKET_API_TOKEN`.
    pub source: Option<String>,
    /// What else the report says about where it came from (command line, other sources, git).
    pub provenance: Provenance,
    /// REST base, e.g. `https://api.bitbucket.org/2.0`.
    pub api_url: String,
    /// git base, e.g. `https://bitbucket.org`.
    pub git_url: String,
    /// Extra REST paths to probe with the credential as sent (`--endpoint`).
    pub endpoints: Vec<String>,
    /// The account email and Bitbucket username, when known, to try the corrected form.
    pub email: Option<String>,
    pub username: Option<String>,
    /// The whole check ends within this.
    pub timeout: Duration,
    /// CI preflight: what the credential must allow (adds the permission probe when asked).
    pub requirements: Requirements,
    /// Every secret the check was given (the credential, a token in the target URL or in an
    /// `--endpoint` query), to be cut out of all that comes back.
    pub secrets: Scrubber,
    /// An SSH check too (`crate::ssh`), for SSH remotes and `--ssh`.
    pub ssh: Option<crate::ssh::Plan>,
    /// Inside a clone, what git's helper gives git when another source won (as git sends it,
    /// and the helper's name): git uses it, so it is probed too.
    pub git_helper: Option<(Authorization, String)>,
}

/// The only methods a probe can use: bbdoctor never changes anything on Bitbucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
        }
    }
}

/// One request to send.
#[derive(Clone, Debug)]
pub struct Probe {
    /// Stable name: `repo-anon`, `repo`, `user`, `git`, `endpoint`, `repo-fixed`, `user-fixed`,
    /// `git-fixed`, `workspace`, `permission`.
    pub name: &'static str,
    pub method: Method,
    pub url: String,
    pub auth: Option<Authorization>,
}

/// A base URL bbdoctor may send credentials to: https, or plain http to a loopback address
/// (the simulator). Returns `host:port`.
pub fn check_base_url(url: &str) -> Result<String, String> {
    // Never echo what may be a secret: a URL's user part, or a token pasted in its place.
    let shown = crate::credential::shown_input(url);
    let url_for_errors = &shown;
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("{url_for_errors} is not a URL (expected https://…)"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(format!(
            "{url_for_errors} carries a user name; give credentials with -u or -H, not in the base URL"
        ));
    }
    let host = host_of(authority);
    if host.is_empty() {
        return Err(format!("{url_for_errors} has no host"));
    }
    let host_ok = match host.strip_prefix('[') {
        Some(v6) => v6
            .strip_suffix(']')
            .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok()),
        None => host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')),
    };
    if !host_ok {
        return Err(format!("{url_for_errors} has no valid host name"));
    }
    let port = with_port(authority, "443");
    let port = port.rsplit_once(':').map_or("", |(_, p)| p);
    if !port.parse::<u16>().is_ok_and(|p| p > 0) {
        return Err(format!(
            "{url_for_errors} has no valid port (a number from 1 to 65535)"
        ));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(format!(
                "refusing to send credentials over plain http to {host}: use https (plain http is \
                 allowed only for loopback addresses such as the simulator)"
            ));
        }
        other => {
            return Err(format!(
                "unsupported URL scheme {other:?} in {url_for_errors}"
            ));
        }
    }
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else {
        "80"
    };
    Ok(with_port(authority, default_port))
}

/// `scheme://host:port` of a URL, with the scheme's default port; `None` when it is not a URL.
/// The scheme is part of it: `http://h:443` is not `https://h:443`, and a credential pinned to
/// the one must not go to the other in clear.
pub fn authority_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = if scheme == "https" { "443" } else { "80" };
    Some(format!("{scheme}://{}", with_port(authority, default_port)))
}

fn host_of(authority: &str) -> String {
    let a = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(end) = a.find(']') {
        return a[..=end].to_ascii_lowercase();
    }
    a.split(':').next().unwrap_or("").to_ascii_lowercase()
}

fn with_port(authority: &str, default_port: &str) -> String {
    let host = host_of(authority);
    let after_host =
        &authority[authority.to_ascii_lowercase().find(&host).unwrap_or(0) + host.len()..];
    match after_host.strip_prefix(':') {
        Some(port) if !port.is_empty() => format!("{host}:{port}"),
        _ => format!("{host}:{default_port}"),
    }
}

/// `localhost`, an address in 127.0.0.0/8 or `[::1]`, with or without a port. An address, not
/// a name that starts like one: `127.0.0.1.example.com` is somebody else's host.
pub fn is_loopback(host: &str) -> bool {
    let host = match host.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let address = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || address
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            check_base_url("https://api.bitbucket.org/2.0").unwrap(),
            "api.bitbucket.org:443"
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8080/2.0").unwrap(),
            "127.0.0.1:8080"
        );
        assert!(check_base_url("http://api.bitbucket.org/2.0").is_err());
        assert!(check_base_url("ftp://x/2.0").is_err());
        for bad in [
            "[::1",
            "api.bitbucket.org:99999",
            "api.bitbucket.org:http",
            "a b",
            "x:0",
        ] {
            assert!(
                check_base_url(&format!("https://{bad}/2.0")).is_err(),
                "{bad}"
            );
        }
        for fake in [
            "127.0.0.1.example.com",
            "localhost.example.com",
            "127.evil",
            "[::2]",
        ] {
            assert!(
                check_base_url(&format!("http://{fake}/2.0")).is_err(),
                "{fake}"
            );
        }
        for real in [
            "127.0.0.1:9",
            "127.1.2.3",
            "localhost:80",
            "[::1]:8080",
            "[::1]",
        ] {
            assert!(
                check_base_url(&format!("http://{real}/2.0")).is_ok(),
                "{real}"
            );
        }
        assert!(check_base_url("api.bitbucket.org").is_err());
        assert!(check_base_url("https://u:p@api.bitbucket.org/2.0").is_err());
        assert_eq!(
            authority_of("http://127.0.0.1:9/x").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            authority_of("https://bitbucket.org/a/b.git").as_deref(),
            Some("https://bitbucket.org:443")
        );
        assert_ne!(
            authority_of("http://remotehost:443/2.0/user"),
            authority_of("https://remotehost/2.0")
        );
    }
}

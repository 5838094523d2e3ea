//! `bbdoctor check`: from what the user gave (arguments, environment, the repository it runs
//! in) to a [`Setup`], then probes, rules and a [`Report`]. Credential sources live in
//! [`crate::source`], target inference in [`crate::target`].

use crate::credential::Kind;
use crate::evidence::Requirements;
use crate::probe::{self, Setup};
use crate::report::Report;
use crate::rules;
use crate::source::{self, Given, OriginError, Place};
use crate::target::{self, Remote, Target};
use std::time::Duration;

pub use crate::source::{Env, ProcessEnv};

pub const DEFAULT_API_URL: &str = "https://api.bitbucket.org/2.0";
pub const DEFAULT_GIT_URL: &str = "https://bitbucket.org";

/// What the command line says, before anything is resolved.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub target: Option<String>,
    /// `-H 'Authorization: …'`, exactly as the user sends it.
    pub header: Option<String>,
    /// `-u LOGIN[:SECRET]`.
    pub user: Option<String>,
    /// `--curl 'curl …'`: the user's own command.
    pub curl: Option<String>,
    /// `--git-credential`: what git's credential helper holds for the repository.
    pub git_credential: bool,
    pub api_url: Option<String>,
    pub git_url: Option<String>,
    pub endpoints: Vec<String>,
    pub timeout: Option<Duration>,
    /// CI preflight: scopes and permission the credential must have.
    pub requirements: Requirements,
    /// `--ssh`: check SSH access too, even when the target is not an SSH remote.
    pub ssh: bool,
    /// `--ssh-host`, `--ssh-port`: where ssh connects instead (the simulator).
    pub ssh_host: Option<String>,
    pub ssh_port: Option<u16>,
    /// `--can OPERATION…`: the operations in question (`clone`, `push`; SSH only so far).
    pub can: Vec<String>,
}

/// A problem with the input: bad usage, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Resolve the options into a probe setup.
pub fn setup(opts: &Options, env: &dyn Env) -> Result<Setup, UsageError> {
    // The user's own command, read as explain reads one, `$VAR`s from the environment.
    let curl = match &opts.curl {
        Some(c) => crate::explain::read_command(c, &|name| env.var(name))
            .map_err(|e| UsageError(format!("--curl: {e}")))?,
        None => crate::explain::Outgoing::default(),
    };
    // `-u LOGIN` alone: the secret comes as for `-u` (standard input or a prompt).
    let (curl_auth, login_only) = match curl.auth {
        Some(a) if a.secret.is_none() => (None, a.login),
        auth => (auth, None),
    };
    let (mut target, remote) = target(opts, curl.url.as_deref(), env)?;
    let api_url = opts
        .api_url
        .clone()
        .or_else(|| curl.url.as_deref().and_then(api_base_of))
        .or_else(|| remote.as_ref().and_then(|r| r.api_base.clone()))
        .unwrap_or_else(|| DEFAULT_API_URL.into());
    // A loopback server (the simulator) serves git beside its API, as a loopback origin does.
    let loopback_git = || {
        let base = api_url.strip_suffix("/2.0")?;
        let host = probe::check_base_url(base).ok()?;
        (base.starts_with("http://") && probe::is_loopback(&host)).then(|| base.to_string())
    };
    let git_url = opts
        .git_url
        .clone()
        .or_else(|| remote.as_ref().and_then(|r| r.git_base.clone()))
        .or_else(loopback_git)
        .unwrap_or_else(|| DEFAULT_GIT_URL.into());
    for (flag, url) in [("--api-url", &api_url), ("--git-url", &git_url)] {
        probe::check_base_url(url).map_err(|e| UsageError(format!("{flag}: {e}")))?;
    }
    for scope in &opts.requirements.scopes {
        if !crate::scopes::is_known(scope) {
            return Err(UsageError(format!(
                "--require-scope {scope}: no Bitbucket operation declares this scope (scopes look \
                 like read:repository:bitbucket for API tokens, repository:write for others)"
            )));
        }
    }
    let (api_url, git_url) = (
        api_url.trim_end_matches('/').to_string(),
        git_url.trim_end_matches('/').to_string(),
    );
    for endpoint in &opts.endpoints {
        check_endpoint(endpoint)?;
    }
    let mut endpoints = opts.endpoints.clone();
    let curl_url = curl.url.clone();
    // The user's own curl URL is probed too, unless the repository probes already ask it.
    if let Some(url) = &curl_url
        && url.contains("://")
        && !url.contains(".git")
        && target.as_ref().is_none_or(|t| t.api_url(&api_url) != *url)
    {
        endpoints.push(url.clone());
    }
    if target.is_none() && endpoints.is_empty() {
        return Err(UsageError(
            "no target: give WORKSPACE/REPO (e.g. bbdoctor check acme/widgets) or --endpoint PATH, \
             or run inside a clone of a Bitbucket repository"
                .into(),
        ));
    }
    let place = Place {
        api_host: probe::check_base_url(&api_url)
            .map(|a| a.rsplit_once(':').map_or(a.clone(), |(h, _)| h.to_string()))
            .unwrap_or_default(),
        clone_url: remote
            .as_ref()
            .and_then(|r| r.https_url.clone())
            .or_else(|| {
                target
                    .as_ref()
                    .map(|t| t.clone_url(&git_url, t.git_user.as_deref()))
            }),
        from_origin: remote.as_ref().is_some_and(|r| r.https_url.is_some()),
    };
    let given = Given {
        header: opts.header.as_deref(),
        user: opts.user.as_deref().or(login_only.as_deref()),
        curl: curl_auth.map(|a| {
            let written = source::written_in(&a, opts.curl.as_deref().unwrap_or(""));
            (a, written)
        }),
        git_credential: opts.git_credential,
    };
    let chosen = source::credential(&given, &place, env).map_err(UsageError)?;
    if chosen.auth.as_ref().is_some_and(|a| !a.carriable()) {
        return Err(UsageError(format!(
            "the credential ({}) holds a character no HTTP header can carry (a letter outside \
             ASCII, a line break or another control character), so nothing was sent: copy it \
             again from where it was made (a password with such letters goes in Basic auth, \
             -u LOGIN, which encodes it)",
            chosen.source.as_deref().unwrap_or("given"),
        )));
    }
    // Every secret the check was given, wherever it stands, to cut out of what comes back.
    let mut secrets = crate::credential::Scrubber::new();
    if let Some(auth) = &chosen.auth {
        secrets.add_authorization(auth);
    }
    if let Some((auth, _)) = &chosen.git_helper {
        secrets.add_authorization(auth);
    }
    for url in opts
        .target
        .iter()
        .chain(&endpoints)
        .chain(curl_url.as_ref())
        .chain(&opts.api_url)
        .chain(&opts.git_url)
    {
        secrets.add_url(url);
    }
    let ssh = ssh_plan(
        opts,
        remote.as_ref(),
        target.as_ref(),
        chosen.auth.is_some(),
        env,
    )?;
    let mut requirements = opts.requirements.clone();
    if ssh.is_none() && !opts.can.is_empty() {
        let kind = chosen.auth.as_ref().map_or(Kind::None, |a| a.kind());
        can_over_https(&opts.can, kind, &mut requirements)?;
    }
    if let Some(t) = target.as_mut()
        && t.git_user.is_none()
    {
        // git sends the URL's username when it has one, else the one its helper stored.
        t.git_user = chosen.git_user.clone();
    }
    Ok(Setup {
        target,
        auth: chosen.auth,
        source: chosen.source,
        provenance: chosen.provenance,
        api_url,
        git_url,
        endpoints,
        email: env.var("BITBUCKET_EMAIL"),
        username: env.var("BITBUCKET_USERNAME"),
        // The one deadline of the whole check: what reading the credential (a slow helper, a
        // netrc, standard input) took comes out of it.
        timeout: match env.deadline() {
            Some(d) => d.saturating_duration_since(std::time::Instant::now()),
            None => opts.timeout.unwrap_or(Duration::from_secs(15)),
        },
        requirements,
        secrets,
        ssh,
        git_helper: chosen.git_helper.clone(),
    })
}

/// `--can OPERATION…` over HTTPS: each operation known, and its scopes and permission added
/// to the preflight requirements, so that any no fails the check (exit 1).
fn can_over_https(
    ops: &[String],
    kind: Kind,
    requirements: &mut Requirements,
) -> Result<(), UsageError> {
    for name in ops {
        let Some(op) = crate::can::find(name) else {
            return Err(UsageError(format!(
                "--can {name}: not an operation bbdoctor knows; give one of {}",
                crate::can::names()
            )));
        };
        if !requirements.can.contains(name) {
            requirements.can.push(name.clone());
        }
        for scope in crate::can::scopes_for(op, kind) {
            if !requirements.scopes.contains(&scope) {
                requirements.scopes.push(scope);
            }
        }
        requirements.permission = requirements.permission.max(Some(op.permission));
    }
    Ok(())
}

/// The SSH check to run, if any: for an SSH target, for an SSH origin when no HTTPS credential
/// is given (with one, the check is about that credential, as before), or when asked with
/// `--ssh`, `--ssh-host`, `--ssh-port`.
fn ssh_plan(
    opts: &Options,
    remote: Option<&Remote>,
    target: Option<&Target>,
    credential: bool,
    env: &dyn Env,
) -> Result<Option<crate::ssh::Plan>, UsageError> {
    use crate::ssh::{Plan, run::SshCommand, ssh_remote};
    let url = match (&opts.target, remote) {
        (Some(t), _) => ssh_remote(t),
        // origin is an SSH remote when it has no HTTPS form.
        (None, Some(r)) if r.https_url.is_none() && (!credential || opts.ssh) => {
            env.origin().ok().and_then(|u| ssh_remote(&u))
        }
        _ => None,
    };
    let asked = opts.ssh || opts.ssh_host.is_some() || opts.ssh_port.is_some();
    if url.is_none() && !asked {
        // --can is then judged over HTTPS ([`can_over_https`]).
        return Ok(None);
    }
    for op in &opts.can {
        if !matches!(op.as_str(), "clone" | "fetch" | "push") {
            return Err(UsageError(format!(
                "--can {op}: over SSH only clone, fetch and push are checked; the others are \
                 REST operations: check over HTTPS with a credential"
            )));
        }
    }
    let command = SshCommand::from_env(|k| env.var(k));
    if command.is_none() && !crate::ssh::run::on_path() {
        return Err(UsageError(
            "ssh is not installed (no ssh on PATH): bbdoctor runs your own ssh client, as git \
             does. Install OpenSSH (Debian/Ubuntu: apt install openssh-client; Windows: Settings > \
             Optional features > OpenSSH Client), or check over HTTPS: bbdoctor check WORKSPACE/REPO \
             with an API token"
                .into(),
        ));
    }
    let (user, host, port) = url.unwrap_or(("git".into(), crate::ssh::SSH_HOST.into(), None));
    Ok(Some(Plan {
        host,
        hostname: opts.ssh_host.clone(),
        port: opts.ssh_port.or(port),
        user,
        repo: target.map(|t| format!("{}/{}", t.workspace, t.repo)),
        push: opts.can.iter().any(|o| o == "push"),
        command,
        timeout: opts.timeout.unwrap_or(Duration::from_secs(15)),
    }))
}

/// An `--endpoint`: an API path (`/2.0/…`) or an http(s) URL.
fn check_endpoint(endpoint: &str) -> Result<(), UsageError> {
    // A path without its leading `/` (`repositories/x`) is shown as typed: it has a `/`, which
    // no Atlassian token has, and no token's shape; anything else only by its length.
    let path_like = !endpoint.contains("://")
        && endpoint.contains('/')
        && endpoint.len() <= 200
        && !endpoint.contains(char::is_whitespace)
        && crate::credential::classify(endpoint).prefix.is_none()
        && crate::credential::redact_tokens(endpoint) == endpoint;
    let shown = match path_like {
        true => format!("{endpoint:?}"),
        false => crate::credential::redact_url(endpoint),
    };
    let usage = |why: &str| {
        UsageError(format!(
            "--endpoint {shown}: {why}; give an API path such as \
             /2.0/repositories/acme/widgets/pullrequests"
        ))
    };
    if endpoint.starts_with('/') {
        if endpoint
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(usage("a path holds no spaces or control characters"));
        }
        return Ok(());
    }
    match endpoint.split_once("://") {
        Some((scheme, _)) if ["http", "https"].contains(&scheme.to_ascii_lowercase().as_str()) => {
            probe::check_base_url(endpoint)
                .map(|_| ())
                .map_err(|e| usage(&e))
        }
        Some(_) => Err(usage("only https URLs and paths are probed")),
        None => Err(usage("not a path (it must start with /) nor a URL")),
    }
}

/// The target: the argument, the curl command's URL, the Pipelines variables, else the
/// current repository's `origin` (with what its URL says about the servers).
fn target(
    opts: &Options,
    curl_url: Option<&str>,
    env: &dyn Env,
) -> Result<(Option<Target>, Option<Remote>), UsageError> {
    if let Some(t) = &opts.target {
        target::check_host(t).map_err(UsageError)?;
        return Ok((Some(Target::parse(t).map_err(UsageError)?), None));
    }
    if let Some(t) = curl_url.and_then(repository_of) {
        return Ok((Some(t), None));
    }
    if let Some(t) = target::from_pipelines(|k| env.var(k)) {
        return Ok((Some(t.map_err(UsageError)?), None));
    }
    let remote = match env.origin() {
        Ok(url) => target::from_remote(&url).map_err(|e| format!("no target: {e}")),
        Err(OriginError::NotARepository) => Err(
            "no target: give WORKSPACE/REPO (e.g. bbdoctor check acme/widgets), or run inside a \
             clone of a Bitbucket repository"
                .to_string(),
        ),
        Err(OriginError::NoOrigin) => Err(
            "no target: this git repository has no `origin` remote; give WORKSPACE/REPO (e.g. \
             bbdoctor check acme/widgets)"
                .to_string(),
        ),
        Err(OriginError::NoGit) => Err(
            "no target: give WORKSPACE/REPO (e.g. bbdoctor check acme/widgets); git is not \
             installed, so the current repository's origin cannot be read"
                .to_string(),
        ),
    };
    match remote {
        Ok(r) => Ok((Some(r.target.clone()), Some(r))),
        // Endpoints alone need no repository.
        Err(_) if !opts.endpoints.is_empty() => Ok((None, None)),
        Err(e) => Err(UsageError(e)),
    }
}

/// The repository a URL names, when it names one: an API URL under `/repositories/`, a clone
/// URL, a web URL (not `/2.0/user` and the like).
fn repository_of(url: &str) -> Option<Target> {
    let api = url.contains("/2.0/") || url.contains("/1.0/");
    if api && !url.contains("/repositories/") {
        return None;
    }
    Target::parse(url).ok()
}

/// `https://api.bitbucket.org/2.0` of an API URL.
fn api_base_of(url: &str) -> Option<String> {
    let i = url
        .find("/2.0/")
        .or_else(|| url.ends_with("/2.0").then(|| url.len() - 4))?;
    url.contains("://").then(|| url[..i + 4].to_string())
}

/// Run a check: probes, then rules.
pub fn run(setup: &Setup) -> Report {
    run_observed(setup, &|_| {})
}

/// Run a check, telling `progress` what is under way (for a progress line on a terminal).
pub fn run_observed(setup: &Setup, progress: &dyn Fn(&str)) -> Report {
    // An SSH check with no HTTPS credential asks nothing of the REST API; otherwise both run,
    // side by side, within the one timeout.
    let http = setup.ssh.is_none() || setup.auth.is_some() || !setup.endpoints.is_empty();
    let (mut evidence, ssh) = std::thread::scope(|s| {
        let ssh = setup
            .ssh
            .as_ref()
            .map(|plan| s.spawn(move || crate::ssh::probe(plan)));
        let evidence = match http {
            true => probe::run_observed(setup, progress),
            false => crate::evidence::Evidence {
                target: setup.target.clone(),
                source: Some("ssh: your ssh client, its config and agent".into()),
                live: true,
                ..Default::default()
            },
        };
        (evidence, ssh.map(|h| h.join().unwrap_or_default()))
    });
    if let Some(facts) = ssh {
        crate::ssh::rules::attach(&mut evidence, facts);
    }
    let findings = rules::diagnose(&evidence);
    Report::new("check", evidence, findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnv(HashMap<&'static str, &'static str>, Option<&'static str>);

    impl Env for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
        fn read_secret(&self, _login: &str) -> Result<Option<String>, String> {
            Ok(self.1.map(String::from))
        }
    }

    fn opts(target: &str) -> Options {
        Options {
            target: Some(target.into()),
            ..Options::default()
        }
    }

    #[test]
    fn credential_sources_in_order() {
        let env = FakeEnv(
            HashMap::from([
                ("BITBUCKET_EMAIL", "pat@example.com"),
                ("BITBUCKET_API_TOKEN", "tok-from-env"),
            ]),
            None,
        );
        let s = setup(&opts("acme/widgets"), &env).unwrap();
        assert_eq!(
            s.source.as_deref(),
            Some("env BITBUCKET_EMAIL + BITBUCKET_API_TOKEN")
        );
        let mut o = opts("acme/widgets");
        o.header = Some("Authorization: bearer abc".into());
        let s = setup(&o, &env).unwrap();
        assert_eq!(s.source.as_deref(), Some("-H"));
        assert_eq!(s.auth.unwrap().scheme.as_deref(), Some("bearer"));
    }

    #[test]
    fn user_without_secret_reads_stdin() {
        let mut o = opts("acme/widgets");
        o.user = Some("pat@example.com".into());
        let s = setup(&o, &FakeEnv(HashMap::new(), Some("piped-secret"))).unwrap();
        assert_eq!(s.auth.unwrap().secret.unwrap().len(), "piped-secret".len());
        assert!(setup(&o, &FakeEnv(HashMap::new(), None)).is_err());
    }

    #[test]
    fn usage_errors() {
        let env = FakeEnv(HashMap::new(), None);
        assert!(setup(&Options::default(), &env).is_err());
        assert!(setup(&opts("nope"), &env).is_err());
        let mut o = opts("acme/widgets");
        o.api_url = Some("http://api.bitbucket.org/2.0".into());
        assert!(setup(&o, &env).unwrap_err().0.contains("plain http"));
        let mut o = opts("acme/widgets");
        o.header = Some("Bearer x".into());
        assert!(setup(&o, &env).is_err());
        let env = FakeEnv(HashMap::from([("BITBUCKET_API_TOKEN", "x")]), None);
        assert!(setup(&opts("acme/widgets"), &env).is_err());
    }
}

//! `bbdoctor check`: from what the user gave (arguments, environment) to a [`Setup`], then
//! probes, rules and a [`Report`].

use crate::credential::{Authorization, Secret};
use crate::evidence::Requirements;
use crate::probe::{self, Setup};
use crate::report::Report;
use crate::rules;
use crate::target::Target;
use std::time::Duration;

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
    pub api_url: Option<String>,
    pub git_url: Option<String>,
    pub endpoints: Vec<String>,
    pub timeout: Option<Duration>,
    /// CI preflight: scopes and permission the credential must have.
    pub requirements: Requirements,
}

/// A problem with the input: bad usage, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where settings come from besides the arguments: the environment and standard input.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
    /// One line of standard input (for `-u LOGIN` without a secret), if it is not a terminal.
    fn read_secret(&self) -> Option<String>;
}

/// The process's own environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    fn read_secret(&self) -> Option<String> {
        use std::io::{BufRead, IsTerminal};
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return None;
        }
        let mut line = String::new();
        stdin.lock().read_line(&mut line).ok()?;
        let line = line.trim_end_matches(['\n', '\r']).to_string();
        (!line.is_empty()).then_some(line)
    }
}

/// Resolve the options into a probe setup.
pub fn setup(opts: &Options, env: &dyn Env) -> Result<Setup, UsageError> {
    let target = match &opts.target {
        Some(t) => Some(Target::parse(t).map_err(UsageError)?),
        None => env
            .var("BITBUCKET_REPO_FULL_NAME")
            .map(|t| Target::parse(&t).map_err(UsageError))
            .transpose()?,
    };
    if target.is_none() && opts.endpoints.is_empty() {
        return Err(UsageError(
            "no target: give WORKSPACE/REPO (e.g. bbdoctor check acme/widgets) or --endpoint PATH"
                .into(),
        ));
    }
    let api_url = opts
        .api_url
        .clone()
        .unwrap_or_else(|| DEFAULT_API_URL.into());
    let git_url = opts
        .git_url
        .clone()
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
    let (auth, source) = credential(opts, env)?;
    Ok(Setup {
        target,
        auth,
        source,
        api_url: api_url.trim_end_matches('/').to_string(),
        git_url: git_url.trim_end_matches('/').to_string(),
        endpoints: opts.endpoints.clone(),
        email: env.var("BITBUCKET_EMAIL"),
        username: env.var("BITBUCKET_USERNAME"),
        timeout: opts.timeout.unwrap_or(Duration::from_secs(15)),
        requirements: opts.requirements.clone(),
    })
}

/// The credential, first match wins (design.md §3): `-H`, `-u`, then the environment.
fn credential(
    opts: &Options,
    env: &dyn Env,
) -> Result<(Option<Authorization>, Option<String>), UsageError> {
    if let Some(h) = &opts.header {
        let value = h.trim();
        let is_authorization = value
            .split_once(':')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("authorization"));
        if !is_authorization {
            return Err(UsageError(
                "-H takes the Authorization header as you send it, e.g. -H 'Authorization: Bearer …'"
                    .into(),
            ));
        }
        return Ok((Some(Authorization::parse(value)), Some("-H".into())));
    }
    if let Some(u) = &opts.user {
        let (login, secret) = match u.split_once(':') {
            Some((l, s)) => (l.to_string(), s.to_string()),
            None => {
                let s = env.read_secret().ok_or_else(|| {
                    UsageError(format!(
                        "-u {u} has no secret: pipe it on standard input, or use -u {u}:SECRET \
                         (better: set BITBUCKET_API_TOKEN)"
                    ))
                })?;
                (u.clone(), s)
            }
        };
        return Ok((
            Some(Authorization::basic(&login, Secret::new(secret))),
            Some("-u".into()),
        ));
    }
    let pairs = [
        ("BITBUCKET_EMAIL", "BITBUCKET_API_TOKEN"),
        ("BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD"),
    ];
    for (login_var, secret_var) in pairs {
        if let Some(secret) = env.var(secret_var) {
            let login = env.var(login_var).ok_or_else(|| {
                UsageError(format!(
                    "{secret_var} is set but {login_var} is not: Basic auth needs both"
                ))
            })?;
            return Ok((
                Some(Authorization::basic(&login, Secret::new(secret))),
                Some(format!("env {login_var} + {secret_var}")),
            ));
        }
    }
    if let Some(token) = env.var("BITBUCKET_ACCESS_TOKEN") {
        return Ok((
            Some(Authorization::bearer(Secret::new(token))),
            Some("env BITBUCKET_ACCESS_TOKEN".into()),
        ));
    }
    Ok((None, None))
}

/// Run a check: probes, then rules.
pub fn run(setup: &Setup) -> Report {
    run_observed(setup, &|_| {})
}

/// Run a check, telling `progress` what is under way (for a progress line on a terminal).
pub fn run_observed(setup: &Setup, progress: &dyn Fn(&str)) -> Report {
    let evidence = probe::run_observed(setup, progress);
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
        fn read_secret(&self) -> Option<String> {
            self.1.map(String::from)
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

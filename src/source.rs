//! Credential sources: where the credential under examination comes from (design.md §3), so
//! that a user never retypes the secret the failing tool used.
//!
//! Order, first match wins. Explicit sources, as the user gave them: `-H`, `-u`, `--curl`,
//! `--git-credential`. Then sources found on their own: the environment, git's credential
//! helper (only when the target came from this repository's `origin`: that is the credential
//! the failing git command used), and `~/.netrc` (or `$NETRC`) for the API host. The report
//! names the source, never the value, and the other sources that also hold a credential.
//!
//! `--git-credential` is placed before the environment although design.md §3 lists it after:
//! a flag the user typed is a request, and must not be overridden by a variable they forgot.

use crate::credential::{Authorization, Kind, LoginForm, Secret};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where settings come from besides the arguments: the environment, standard input, the
/// current git repository, files. Defaults find nothing, so a test fake implements only what
/// it needs.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
    /// The secret for `-u LOGIN`: a line of standard input, or typed at a terminal prompt;
    /// `Ok(None)` when there is none, an error when what is there cannot be a secret.
    fn read_secret(&self, _login: &str) -> Result<Option<String>, String> {
        Ok(None)
    }
    /// The URL of the current repository's `origin` remote.
    fn origin(&self) -> Result<String, OriginError> {
        Err(OriginError::NotARepository)
    }
    /// What git's credential helper holds for a URL (`git credential fill`, never prompting).
    fn git_credential(&self, _url: &str) -> Result<Option<GitCredential>, String> {
        Ok(None)
    }
    /// The credential helpers git is configured with for a URL, by short name.
    fn git_helpers(&self, _url: &str) -> Vec<String> {
        Vec::new()
    }
    /// A file's text, when it can be read.
    fn read_file(&self, _path: &Path) -> Option<String> {
        None
    }
    /// When the whole check must be over (`--timeout` from its start); `None`: no deadline.
    fn deadline(&self) -> Option<Instant> {
        None
    }
}

/// Why the current repository's `origin` could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginError {
    /// git is not installed and no `.git` directory was found.
    NoGit,
    NotARepository,
    NoOrigin,
}

/// A credential git's helper answered with. The username is not a secret.
#[derive(Clone, Debug)]
pub struct GitCredential {
    pub username: Option<String>,
    pub password: Secret,
    /// The helpers configured for the URL, e.g. `store`, `osxkeychain`.
    pub helpers: Vec<String>,
}

/// What the report says about where the credential came from, besides its source's name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The flag that put the secret on the command line (`-H`, `-u`, `--curl`).
    pub on_command_line: Option<&'static str>,
    /// Other sources that also hold a credential, not used.
    pub others: Vec<String>,
    /// The credential came from git's helper: how to name it to `git credential`.
    pub git: Option<GitStore>,
    /// git's helpers for the repository hold nothing (git erases what it stored after a
    /// refused login): their name, e.g. `git credential helper (store)`.
    pub empty_helper: Option<String>,
}

/// The `git credential` input that names a stored credential (no secret in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitStore {
    pub protocol: String,
    /// `bitbucket.org`, or `host:port`.
    pub host: String,
    /// `workspace/repo.git`.
    pub path: String,
}

impl GitStore {
    /// From a clone URL (`https://[user@]host[:port]/ws/repo.git`).
    pub fn of_url(url: &str) -> Option<GitStore> {
        let (protocol, rest) = url.split_once("://")?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit('@').next().unwrap_or(authority);
        Some(GitStore {
            protocol: protocol.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            path: path.trim_end_matches('/').to_string(),
        })
    }

    /// The input of `git credential reject` (or `fill`) for this credential.
    pub fn input(&self) -> String {
        format!(
            "protocol={}\\nhost={}\\npath={}\\n\\n",
            self.protocol, self.host, self.path
        )
    }
}

/// What the credential resolution found.
#[derive(Clone, Debug, Default)]
pub struct Chosen {
    pub auth: Option<Authorization>,
    /// e.g. `-H`, `env BITBUCKET_API_TOKEN`, `git credential helper (store)`, `~/.netrc`.
    pub source: Option<String>,
    pub provenance: Provenance,
    /// The username git sends with it, when it came from git's helper.
    pub git_user: Option<String>,
    /// What git's helper gives git, as git sends it (Basic with git's username), and the
    /// helper's name: kept when another source won, since git uses it, not that source.
    pub git_helper: Option<(Authorization, String)>,
}

/// What the arguments say about the credential.
#[derive(Clone, Debug, Default)]
pub struct Given<'a> {
    pub header: Option<&'a str>,
    pub user: Option<&'a str>,
    /// The credential of `--curl` (read by [`crate::explain::read_command`]), and whether its
    /// secret was written in the command (not taken from a variable).
    pub curl: Option<(Authorization, bool)>,
    pub git_credential: bool,
}

/// Where to look for credentials: the hosts and the repository in play.
#[derive(Clone, Debug, Default)]
pub struct Place {
    /// Host of the REST API (netrc has no ports), e.g. `api.bitbucket.org`.
    pub api_host: String,
    /// The repository's clone URL, as git asks its helper for it.
    pub clone_url: Option<String>,
    /// The target came from the current repository's `origin`.
    pub from_origin: bool,
}

/// Credentials in the environment: (login variable, secret variable), Basic; then Bearer.
const ENV_PAIRS: [(&str, &str); 2] = [
    ("BITBUCKET_EMAIL", "BITBUCKET_API_TOKEN"),
    ("BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD"),
];
const ENV_BEARER: &str = "BITBUCKET_ACCESS_TOKEN";

/// A source that holds a credential, taken only if it wins (taking may read standard input).
struct Offer<'a> {
    name: String,
    take: Box<dyn FnOnce() -> Result<Chosen, String> + 'a>,
}

/// Resolve the credential: first match wins; the others are listed in the provenance.
pub fn credential(given: &Given, place: &Place, env: &dyn Env) -> Result<Chosen, String> {
    let mut offers: Vec<Offer> = Vec::new();
    if let Some(h) = given.header {
        offers.push(Offer {
            name: "-H".into(),
            take: Box::new(move || header(h)),
        });
    }
    if let Some(u) = given.user {
        offers.push(Offer {
            name: "-u".into(),
            take: Box::new(move || user(u, env)),
        });
    }
    if let Some((auth, literal)) = &given.curl {
        offers.push(Offer {
            name: "--curl".into(),
            take: Box::new(move || Ok(chosen(auth.clone(), "--curl", literal.then_some("--curl")))),
        });
    }
    // Asked, or the automatic fallback: nothing explicit, and the target is this repository.
    let explicit = given.header.is_some() || given.user.is_some() || given.curl.is_some();
    let helper = match (&place.clone_url, given.git_credential, place.from_origin) {
        (Some(url), true, _) => git_helper(url, env)?,
        (Some(url), false, true) if !explicit => git_helper(url, env)?,
        (None, true, _) => {
            return Err(
                "--git-credential needs the repository: give WORKSPACE/REPO or run inside a clone"
                    .into(),
            );
        }
        _ => None,
    };
    // What git itself would send, whichever source wins below.
    let helper_git = helper.as_ref().and_then(|c| c.git_helper.clone());
    let helper_asked = match (&place.clone_url, given.git_credential, place.from_origin) {
        (Some(url), true, _) => Some(url.clone()),
        (Some(url), false, true) if !explicit => Some(url.clone()),
        _ => None,
    };
    let empty_helper = match (&helper, &helper_asked) {
        (None, Some(url)) => {
            let helpers = env.git_helpers(url);
            (!helpers.is_empty()).then(|| format!("git credential helper ({})", helpers.join(", ")))
        }
        _ => None,
    };
    let helper_offer = |found: Option<Chosen>| {
        found.map(|c| Offer {
            name: c.source.clone().unwrap_or_default(),
            take: Box::new(move || Ok(c)),
        })
    };
    let (explicit_helper, auto_helper) = match given.git_credential {
        true => (helper, None),
        false => (None, helper),
    };
    offers.extend(helper_offer(explicit_helper));
    if let Some(o) = env_offer(env) {
        offers.push(o);
    }
    offers.extend(helper_offer(auto_helper));
    if let Some(o) = netrc_offer(&place.api_host, env) {
        offers.push(o);
    }
    let mut offers = offers.into_iter();
    let Some(first) = offers.next() else {
        let mut none = Chosen::default();
        none.provenance.empty_helper = empty_helper;
        return Ok(none);
    };
    let mut won = (first.take)()?;
    won.provenance.others = offers.map(|o| o.name).collect();
    won.provenance.empty_helper = empty_helper;
    // git uses its helper's credential, not the one that won here: keep it, to test it too.
    won.git_helper = helper_git.filter(|(_, name)| won.source.as_deref() != Some(name.as_str()));
    Ok(won)
}

fn chosen(auth: Authorization, source: &str, on_command_line: Option<&'static str>) -> Chosen {
    Chosen {
        auth: Some(auth),
        source: Some(source.to_string()),
        provenance: Provenance {
            on_command_line,
            ..Provenance::default()
        },
        git_user: None,
        git_helper: None,
    }
}

/// `-H 'Authorization: …'`, reproduced as-is.
fn header(h: &str) -> Result<Chosen, String> {
    let value = h.trim();
    let is_authorization = value
        .split_once(':')
        .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("authorization"));
    if !is_authorization {
        return Err(
            "-H takes the Authorization header as you send it, e.g. -H 'Authorization: Bearer …'"
                .into(),
        );
    }
    if value.len() > MAX_SECRET {
        return Err(format!(
            "-H: the header is {} bytes long, more than any credential ({MAX_SECRET} at most): \
             give only the Authorization header",
            value.len()
        ));
    }
    if value.contains(['\n', '\r']) {
        return Err(
            "-H: the header holds a line break, so no request can carry it (HTTP forbids it). \
             GNU `base64` wraps its output at 76 characters: pipe it through `tr -d '\\n'` \
             (works on macOS and Linux), or give -u LOGIN and the secret on standard input"
                .into(),
        );
    }
    if value.chars().any(char::is_control) {
        return Err(
            "-H: the header holds a control character, which HTTP forbids (a paste from a \
             document or a terminal?)"
                .into(),
        );
    }
    let auth = Authorization::parse(value);
    if auth.secret.is_none() {
        return Err(
            "-H 'Authorization:' holds no credential: give the header as you send it, e.g. \
             -H 'Authorization: Bearer …'"
                .into(),
        );
    }
    let secret = auth
        .secret
        .as_ref()
        .is_some_and(|s| s.shape().placeholder.is_none());
    Ok(chosen(auth, "-H", secret.then_some("-H")))
}

/// `-u LOGIN[:SECRET]`; without the secret, standard input or a prompt gives it.
fn user(u: &str, env: &dyn Env) -> Result<Chosen, String> {
    if let Some((login, secret)) = u.split_once(':') {
        let auth = Authorization::basic(login, Secret::new(secret));
        return Ok(chosen(auth, "-u", Some("-u")));
    }
    let secret = env.read_secret(u)?.ok_or_else(|| {
        format!(
            "-u {u} has no secret: pipe it on standard input, or type it at the prompt \
             (better than -u {u}:SECRET, which other users can see in the process list)"
        )
    })?;
    Ok(chosen(
        Authorization::basic(u, Secret::new(secret)),
        "-u",
        None,
    ))
}

fn env_offer<'a>(env: &'a dyn Env) -> Option<Offer<'a>> {
    for (login_var, secret_var) in ENV_PAIRS {
        if env.var(secret_var).is_some() {
            return Some(Offer {
                name: format!("env {secret_var}"),
                take: Box::new(move || {
                    let secret = env.var(secret_var).unwrap_or_default();
                    let login = env.var(login_var).ok_or_else(|| {
                        format!("{secret_var} is set but {login_var} is not: Basic auth needs both")
                    })?;
                    let auth = Authorization::basic(&login, Secret::new(secret));
                    Ok(chosen(
                        auth,
                        &format!("env {login_var} + {secret_var}"),
                        None,
                    ))
                }),
            });
        }
    }
    let token = env.var(ENV_BEARER)?;
    Some(Offer {
        name: format!("env {ENV_BEARER}"),
        take: Box::new(move || {
            let auth = Authorization::bearer(Secret::new(token));
            Ok(chosen(auth, &format!("env {ENV_BEARER}"), None))
        }),
    })
}

/// What git's helper holds for the repository, as git would send it to git and, in the form
/// the REST API documents, to the API.
fn git_helper(url: &str, env: &dyn Env) -> Result<Option<Chosen>, String> {
    let Some(found) = env.git_credential(url)? else {
        return Ok(None);
    };
    let login = found.username.clone().unwrap_or_default();
    let source = match found.helpers.is_empty() {
        true => "git credential helper".to_string(),
        false => format!("git credential helper ({})", found.helpers.join(", ")),
    };
    let as_git = Authorization::basic(&login, found.password.clone());
    let auth = rest_form(&login, found.password, env.var("BITBUCKET_EMAIL"));
    Ok(Some(Chosen {
        auth: Some(auth),
        source: Some(source.clone()),
        provenance: Provenance {
            git: GitStore::of_url(url),
            ..Provenance::default()
        },
        git_user: Some(login.clone()).filter(|l| !l.is_empty()),
        git_helper: (!login.is_empty()).then_some((as_git, source)),
    }))
}

/// A credential stored for git, in the form the REST API takes for its kind: access and OAuth
/// tokens as Bearer; an API token with the account email when it is known (git's username is
/// not). Otherwise as git holds it.
fn rest_form(login: &str, secret: Secret, email: Option<String>) -> Authorization {
    match secret.kind() {
        Kind::AccessToken | Kind::OauthToken => Authorization::bearer(secret),
        Kind::ApiToken if LoginForm::of(login) != LoginForm::Email && email.is_some() => {
            Authorization::basic(&email.unwrap_or_default(), secret)
        }
        _ => Authorization::basic(login, secret),
    }
}

/// `$NETRC`, else `~/.netrc` (`~/_netrc` on Windows, as curl reads it).
fn netrc_path(env: &dyn Env) -> Option<(PathBuf, String)> {
    if let Some(p) = env.var("NETRC") {
        return Some((PathBuf::from(&p), format!("$NETRC ({p})")));
    }
    let home = env.var("HOME").or_else(|| env.var("USERPROFILE"))?;
    let name = if cfg!(windows) { "_netrc" } else { ".netrc" };
    Some((Path::new(&home).join(name), format!("~/{name}")))
}

fn netrc_offer<'a>(host: &str, env: &'a dyn Env) -> Option<Offer<'a>> {
    let (path, name) = netrc_path(env)?;
    let (login, password) = netrc_lookup(&env.read_file(&path)?, host)?;
    Some(Offer {
        name: name.clone(),
        take: Box::new(move || {
            Ok(chosen(
                Authorization::basic(&login, Secret::new(password)),
                &name,
                None,
            ))
        }),
    })
}

/// The login and password for `host` in a netrc file (the `default` entry otherwise), as curl
/// reads it: whitespace-separated tokens, `"quoted"` ones with backslash escapes, `macdef`
/// bodies skipped up to a blank line.
pub fn netrc_lookup(text: &str, host: &str) -> Option<(String, String)> {
    let mut entries: Vec<(Option<String>, Option<String>, Option<String>)> = Vec::new();
    let mut tokens = netrc_tokens(text).into_iter();
    while let Some(t) = tokens.next() {
        match t.as_str() {
            "machine" => entries.push((Some(tokens.next()?.to_ascii_lowercase()), None, None)),
            "default" => entries.push((None, None, None)),
            "login" | "password" | "account" => {
                let value = tokens.next()?;
                if let Some(e) = entries.last_mut() {
                    match t.as_str() {
                        "login" => e.1 = Some(value),
                        "password" => e.2 = Some(value),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let host = host.to_ascii_lowercase();
    let pick = |e: &(Option<String>, Option<String>, Option<String>)| match e {
        (_, Some(l), Some(p)) => Some((l.clone(), p.clone())),
        _ => None,
    };
    entries
        .iter()
        .find(|e| e.0.as_deref() == Some(host.as_str()))
        .and_then(pick)
        .or_else(|| entries.iter().find(|e| e.0.is_none()).and_then(pick))
}

fn netrc_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let before = out.len();
        let mut chars = line.chars().peekable();
        loop {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let Some(&c) = chars.peek() else { break };
            if c == '#' {
                break;
            }
            let mut token = String::new();
            if c == '"' {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => token.extend(chars.next()),
                        c => token.push(c),
                    }
                }
            } else {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    token.push(c);
                }
            }
            out.push(token);
        }
        if out[before..].iter().any(|t| t == "macdef") {
            // A macro's body runs to the next blank line: not tokens.
            for l in lines.by_ref() {
                if l.trim().is_empty() {
                    break;
                }
            }
        }
    }
    out
}

/// Whether a real secret (not a placeholder) appears in `text` as written.
pub fn written_in(auth: &Authorization, text: &str) -> bool {
    let placeholder = auth
        .secret
        .as_ref()
        .is_some_and(|s| s.shape().placeholder.is_some());
    !placeholder && auth.written_in(text)
}

/// Longest wait for any git command: a credential helper that hangs must not hang the check.
pub const GIT_TIMEOUT: Duration = Duration::from_secs(10);

/// What running git produced.
#[derive(Debug)]
pub struct GitOutput {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Why git could not be run.
#[derive(Debug, PartialEq, Eq)]
pub enum GitError {
    Absent,
    TimedOut,
    Failed(String),
}

/// Run git, never prompting: no terminal prompt, no askpass program, no credential manager
/// window; standard input is `input`; killed after `timeout`.
pub fn run_git(args: &[&str], input: &str, timeout: Duration) -> Result<GitOutput, GitError> {
    let mut child = Command::new("git")
        .args(["-c", "credential.interactive=false"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "")
        .env("SSH_ASKPASS", "")
        .env("GCM_INTERACTIVE", "never")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Absent,
            _ => GitError::Failed(e.to_string()),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A helper that exits without reading is not an error.
        let _ = stdin.write_all(input.as_bytes());
    }
    // Each pipe is read on a thread of its own, handing what it read over as it goes: a
    // helper's background child may hold git's stdout or stderr open long after git has
    // exited, and the check must not wait for it.
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        let (tx, rx) = std::sync::mpsc::channel::<Option<Vec<u8>>>();
        std::thread::spawn(move || {
            let Some(mut p) = pipe else {
                let _ = tx.send(None);
                return;
            };
            let mut buf = [0u8; 8192];
            loop {
                match p.read(&mut buf) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(None);
                        return;
                    }
                    Ok(n) => {
                        if tx.send(Some(buf[..n].to_vec())).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        rx
    };
    let out = read(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = read(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::TimedOut);
            }
            Err(e) => return Err(GitError::Failed(e.to_string())),
        }
    };
    // git has exited, so all it wrote is in the pipes: collect it until each pipe ends, or,
    // when something else still holds a pipe open, until a short while has passed.
    let drained = (Instant::now() + PIPE_GRACE).min(deadline.max(Instant::now()));
    let collect = |rx: std::sync::mpsc::Receiver<Option<Vec<u8>>>| {
        let mut bytes = Vec::new();
        while let Ok(Some(chunk)) =
            rx.recv_timeout(drained.saturating_duration_since(Instant::now()))
        {
            bytes.extend(chunk);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok(GitOutput {
        code: status.code(),
        stdout: collect(out),
        stderr: collect(err),
    })
}

/// How long, once git has exited, its output pipes may stay open (held by a credential
/// helper's background process) before what they gave is taken as all of it.
const PIPE_GRACE: Duration = Duration::from_millis(500);

/// `git credential fill` for a URL. `None` when no helper holds one (git, unable to prompt,
/// gives up) or git is absent.
pub fn git_credential_fill(url: &str, timeout: Duration) -> Result<Option<GitCredential>, String> {
    let deadline = Instant::now() + timeout;
    let out = match run_git(&["credential", "fill"], &format!("url={url}\n\n"), timeout) {
        Ok(out) => out,
        Err(GitError::Absent) => return Ok(None),
        Err(GitError::TimedOut) => {
            return Err(format!(
                "git credential fill did not answer within {}s: a credential helper may be \
                 waiting for input; give the credential another way (-u, the environment)",
                timeout.as_secs_f64()
            ));
        }
        Err(GitError::Failed(e)) => return Err(format!("cannot run git: {e}")),
    };
    if out.code != Some(0) {
        return Ok(None);
    }
    let field = |key: &str| {
        out.stdout
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(String::from)
    };
    let Some(password) = field("password").filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    Ok(Some(GitCredential {
        username: field("username"),
        password: Secret::new(password),
        helpers: helpers_for(url, deadline.saturating_duration_since(Instant::now())),
    }))
}

/// The credential helpers git is configured with for a URL, by short name.
fn helpers_for(url: &str, timeout: Duration) -> Vec<String> {
    let Ok(out) = run_git(
        &["config", "--get-urlmatch", "credential.helper", url],
        "",
        timeout,
    ) else {
        return Vec::new();
    };
    out.stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(helper_name)
        .collect()
}

/// `store --file x` → `store`; `/usr/lib/git-core/git-credential-libsecret` → `libsecret`;
/// `!f() { … }; f` → `shell command`.
pub fn helper_name(helper: &str) -> String {
    let helper = helper.trim();
    if helper.starts_with('!') {
        return "shell command".into();
    }
    let program = helper.split_whitespace().next().unwrap_or("");
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let base = base.strip_suffix(".exe").unwrap_or(base);
    base.strip_prefix("git-credential-")
        .unwrap_or(base)
        .to_string()
}

/// The current repository's `origin` URL, as git resolves it (`insteadOf` rewrites included);
/// without git, read from `.git/config` up the directory tree.
pub fn origin_url() -> Result<String, OriginError> {
    origin_url_within(GIT_TIMEOUT)
}

/// [`origin_url`], git given at most `timeout`.
fn origin_url_within(timeout: Duration) -> Result<String, OriginError> {
    match run_git(&["remote", "get-url", "origin"], "", timeout) {
        Ok(out) if out.code == Some(0) => Ok(out.stdout.trim().to_string()),
        Ok(out) if out.stderr.contains("ot a git repository") => Err(OriginError::NotARepository),
        Ok(_) => Err(OriginError::NoOrigin),
        Err(GitError::Absent) => origin_from_files(),
        Err(_) => Err(OriginError::NoGit),
    }
}

fn origin_from_files() -> Result<String, OriginError> {
    let cwd = std::env::current_dir().map_err(|_| OriginError::NoGit)?;
    let config = cwd
        .ancestors()
        .map(|d| d.join(".git").join("config"))
        .find(|p| p.is_file())
        .ok_or(OriginError::NoGit)?;
    let text = std::fs::read_to_string(config).map_err(|_| OriginError::NoGit)?;
    origin_in_config(&text).ok_or(OriginError::NoOrigin)
}

/// `url` of `[remote "origin"]` in a git config file.
pub fn origin_in_config(text: &str) -> Option<String> {
    let mut in_origin = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_origin = line
                .replace(' ', "")
                .eq_ignore_ascii_case("[remote\"origin\"]");
        } else if in_origin
            && let Some((key, value)) = line.split_once('=')
            && key.trim().eq_ignore_ascii_case("url")
        {
            return Some(value.trim().trim_matches('"').to_string());
        }
    }
    None
}

/// The longest secret `-u LOGIN` reads from standard input. Tokens are 192 characters; a
/// line this long is a file piped by mistake.
pub const MAX_SECRET: usize = 4096;

/// The secret in the first line of standard input, or why that line is no secret.
pub fn secret_line(mut line: Vec<u8>) -> Result<Option<String>, String> {
    while line.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        line.pop();
    }
    if line.len() > MAX_SECRET {
        return Err(format!(
            "standard input holds more than {MAX_SECRET} bytes before its first newline: pipe \
             only the secret, e.g. printf '%s' \"$TOKEN\" | bbdoctor check … -u LOGIN"
        ));
    }
    if line.contains(&0) {
        return Err("standard input holds binary data (NUL bytes), not a secret".into());
    }
    let line = String::from_utf8(line)
        .map_err(|_| "the secret on standard input is not UTF-8 text".to_string())?;
    Ok((!line.is_empty()).then_some(line))
}

/// The process's own environment, standard input, current directory and git, all read within
/// one deadline: a credential helper waiting for a window, a netrc that is a FIFO, a pipe that
/// never ends must not outlast the check. Time spent at the secret prompt (a person typing)
/// does not count.
pub struct ProcessEnv {
    deadline: std::cell::Cell<Instant>,
}

impl ProcessEnv {
    /// For a check that may take `timeout` from now.
    pub fn within(timeout: Duration) -> ProcessEnv {
        ProcessEnv {
            deadline: std::cell::Cell::new(Instant::now() + timeout),
        }
    }

    /// What is left of the deadline for a git command (and never more than [`GIT_TIMEOUT`]).
    fn git_timeout(&self) -> Duration {
        self.deadline
            .get()
            .saturating_duration_since(Instant::now())
            .min(GIT_TIMEOUT)
    }
}

impl Default for ProcessEnv {
    fn default() -> ProcessEnv {
        ProcessEnv::within(GIT_TIMEOUT)
    }
}

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    fn read_secret(&self, login: &str) -> Result<Option<String>, String> {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() {
            // Typed, never echoed; the prompt goes to stderr so stdout stays the report.
            let started = Instant::now();
            let typed = terminal::prompt_hidden(&format!("Secret for {login}: "))
                .map_err(|e| format!("cannot read the secret at the prompt: {e}"))?;
            self.deadline.set(self.deadline.get() + started.elapsed());
            return Ok((!typed.is_empty()).then_some(typed));
        }
        // One line, and never more than a secret can be: a file piped by mistake is refused
        // after MAX_SECRET bytes, not read whole; a pipe that stays open, at the deadline.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut line = Vec::new();
            let read = std::io::stdin()
                .lock()
                .take(MAX_SECRET as u64 + 1)
                .read_until(b'\n', &mut line)
                .map(|_| line);
            let _ = tx.send(read);
        });
        let left = self
            .deadline
            .get()
            .saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(read) => secret_line(
                read.map_err(|e| format!("cannot read the secret from standard input: {e}"))?,
            ),
            Err(_) => Err(format!(
                "no secret for -u {login} arrived on standard input within --timeout: pipe \
                 it and close the pipe, e.g. printf '%s' \"$TOKEN\" | bbdoctor check … -u {login}"
            )),
        }
    }

    fn origin(&self) -> Result<String, OriginError> {
        origin_url_within(self.git_timeout())
    }

    fn git_helpers(&self, url: &str) -> Vec<String> {
        helpers_for(url, self.git_timeout())
    }

    fn git_credential(&self, url: &str) -> Result<Option<GitCredential>, String> {
        git_credential_fill(url, self.git_timeout())
    }

    fn read_file(&self, path: &Path) -> Option<String> {
        // A netrc is a few lines: a larger file (or $NETRC=/dev/zero) is not one, and is not
        // read whole into memory; a FIFO without a writer is empty, one that never ends is
        // given up at the deadline.
        const MAX_FILE: u64 = 1024 * 1024;
        let bytes = read_bounded(path, MAX_FILE + 1, Some(self.deadline.get())).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        (text.len() as u64 <= MAX_FILE).then_some(text)
    }

    fn deadline(&self) -> Option<Instant> {
        Some(self.deadline.get())
    }
}

/// Open a file to read without blocking on a FIFO that has no writer yet (it then reads as
/// empty, as `cat` of it would not), then read as usual.
pub fn open_input(path: &Path) -> std::io::Result<std::fs::File> {
    let file = open_nonblocking(path)?;
    set_blocking(&file);
    Ok(file)
}

/// [`open_input`]'s first half: the file opened without blocking on a FIFO, still
/// non-blocking. A regular file reads the same either way, so a caller that has its metadata
/// can skip [`set_blocking`] (two system calls a file in a batch).
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
    }
    #[cfg(not(unix))]
    std::fs::File::open(path)
}

/// Blocking again, so that a pipe with a writer is read to its end.
pub fn set_blocking(file: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: fcntl on a descriptor the caller owns, with flags read from it.
        unsafe {
            let fd = file.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// At most `limit` bytes of a file (see [`open_input`]), given up at `deadline`: a FIFO whose
/// writer never finishes, a file on a hung network mount.
pub fn read_bounded(
    path: &Path,
    limit: u64,
    deadline: Option<Instant>,
) -> std::io::Result<Vec<u8>> {
    let path = path.to_path_buf();
    let read = move || -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        open_input(&path)?.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let Some(deadline) = deadline else {
        return read();
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(read());
    });
    rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .unwrap_or_else(|_| {
            Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "not read within the time allowed",
            ))
        })
}

/// The hidden prompt, with the terminal put back however the process ends: rpassword turns
/// echo off while the secret is typed and back on when it returns, but Ctrl-C (or a SIGTERM or
/// SIGHUP) at the prompt killed the process before that, leaving the shell without echo.
mod terminal {
    pub fn prompt_hidden(prompt: &str) -> std::io::Result<String> {
        let _guard = imp::Guard::install();
        let config = rpassword::ConfigBuilder::new()
            .output_writer(std::io::stderr())
            .build();
        rpassword::prompt_password_with_config(prompt, config)
    }

    #[cfg(unix)]
    mod imp {
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicI32, Ordering};

        /// The terminal's settings before the prompt, and the descriptor to put them back on.
        static SAVED: OnceLock<libc::termios> = OnceLock::new();
        static FD: AtomicI32 = AtomicI32::new(-1);
        const SIGNALS: [libc::c_int; 4] =
            [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

        /// While alive: a signal that would end the process first restores the terminal.
        pub struct Guard {
            previous: Vec<(libc::c_int, libc::sigaction)>,
            fd: libc::c_int,
        }

        extern "C" fn restore_then_die(signal: libc::c_int) {
            // Only async-signal-safe calls: tcsetattr, write, signal, raise.
            let fd = FD.load(Ordering::SeqCst);
            if let Some(saved) = SAVED.get()
                && fd >= 0
            {
                // SAFETY: a valid descriptor and the settings read from it before the prompt.
                unsafe {
                    libc::tcsetattr(fd, libc::TCSANOW, saved);
                    libc::write(2, b"\n".as_ptr().cast(), 1);
                }
            }
            // SAFETY: the default action, then the same signal: the process ends as it would
            // have (a shell sees the SIGINT).
            unsafe {
                libc::signal(signal, libc::SIG_DFL);
                libc::raise(signal);
            }
        }

        impl Guard {
            pub fn install() -> Guard {
                let mut guard = Guard {
                    previous: Vec::new(),
                    fd: -1,
                };
                // SAFETY: opening the controlling terminal, reading its settings into a zeroed
                // struct, and installing a handler that only makes async-signal-safe calls.
                unsafe {
                    let fd = libc::open(c"/dev/tty".as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
                    if fd < 0 {
                        return guard;
                    }
                    let mut settings: libc::termios = std::mem::zeroed();
                    if libc::tcgetattr(fd, &mut settings) != 0 {
                        libc::close(fd);
                        return guard;
                    }
                    // The first prompt's settings stand for every later one (one terminal).
                    let _ = SAVED.set(settings);
                    guard.fd = fd;
                    FD.store(fd, Ordering::SeqCst);
                    for signal in SIGNALS {
                        let mut action: libc::sigaction = std::mem::zeroed();
                        action.sa_sigaction = restore_then_die as *const () as usize;
                        libc::sigemptyset(&mut action.sa_mask);
                        let mut old: libc::sigaction = std::mem::zeroed();
                        if libc::sigaction(signal, &action, &mut old) == 0 {
                            guard.previous.push((signal, old));
                        }
                    }
                }
                guard
            }
        }

        impl Drop for Guard {
            fn drop(&mut self) {
                // SAFETY: putting back the handlers this guard replaced, closing its descriptor.
                unsafe {
                    for (signal, old) in &self.previous {
                        libc::sigaction(*signal, old, std::ptr::null_mut());
                    }
                    FD.store(-1, Ordering::SeqCst);
                    if self.fd >= 0 {
                        libc::close(self.fd);
                    }
                }
            }
        }
    }

    #[cfg(not(unix))]
    mod imp {
        pub struct Guard;
        impl Guard {
            pub fn install() -> Guard {
                Guard
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";
    const ACCESS: &str = "ATCTT3xFfGN0RnFyy5r2xJ7Fj4mgblEv0-9BZhvWaXH6K2-tyLBhhOhg9uhkxiiEZpFfk1OHAOEHYqM6Ojb6mjBHqSiFVKu4MbMnrHontIKARAH-Ggl2JfaQqHu42bojteVs3qfNUfTAFnT0tEuw0dwQ0FIunWe8Cz6SNDCdyZQJiJSZQdoHwHe=B20EBD43";

    #[derive(Default)]
    struct Fake {
        vars: HashMap<&'static str, String>,
        files: HashMap<PathBuf, String>,
        git: Option<(Option<&'static str>, &'static str)>,
    }

    impl Env for Fake {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }
        fn git_credential(&self, _url: &str) -> Result<Option<GitCredential>, String> {
            Ok(self.git.map(|(u, p)| GitCredential {
                username: u.map(String::from),
                password: Secret::new(p),
                helpers: vec!["store".into()],
            }))
        }
        fn read_file(&self, path: &Path) -> Option<String> {
            self.files.get(path).cloned()
        }
    }

    fn place(from_origin: bool) -> Place {
        Place {
            api_host: "api.bitbucket.org".into(),
            clone_url: Some("https://bitbucket.org/acme/widgets.git".into()),
            from_origin,
        }
    }

    #[test]
    fn netrc_entries_and_default() {
        let text = "machine bitbucket.org login a password b\n\
                    # a comment\n\
                    machine API.bitbucket.org\n  login pat@example.com\n  password \"p w\\\"x\"\n\
                    macdef init\nmachine api.bitbucket.org login evil password evil\n\n\
                    default login anon password guest\n";
        assert_eq!(
            netrc_lookup(text, "api.bitbucket.org"),
            Some(("pat@example.com".into(), "p w\"x".into()))
        );
        assert_eq!(
            netrc_lookup(text, "example.org"),
            Some(("anon".into(), "guest".into()))
        );
        assert_eq!(netrc_lookup("machine x login y", "x"), None);
    }

    #[test]
    fn order_and_the_others() {
        let mut env = Fake::default();
        env.vars.insert("BITBUCKET_ACCESS_TOKEN", ACCESS.into());
        env.vars.insert("HOME", "/home/pat".into());
        env.files.insert(
            PathBuf::from("/home/pat/.netrc"),
            format!("machine api.bitbucket.org login pat@example.com password {API}"),
        );
        env.git = Some((Some("x-token-auth"), ACCESS));
        // Not from origin: git's helper is not asked; the environment wins over netrc.
        let c = credential(&Given::default(), &place(false), &env).unwrap();
        assert_eq!(c.source.as_deref(), Some("env BITBUCKET_ACCESS_TOKEN"));
        assert_eq!(c.provenance.others, ["~/.netrc"]);
        assert_eq!(c.provenance.on_command_line, None);
        // From origin: the helper is asked, after the environment.
        let c = credential(&Given::default(), &place(true), &env).unwrap();
        assert_eq!(
            c.provenance.others,
            ["git credential helper (store)", "~/.netrc"]
        );
        // --git-credential is explicit: it wins.
        let given = Given {
            git_credential: true,
            ..Given::default()
        };
        let c = credential(&given, &place(false), &env).unwrap();
        assert_eq!(c.source.as_deref(), Some("git credential helper (store)"));
        assert_eq!(c.git_user.as_deref(), Some("x-token-auth"));
        // An access token stored for git goes to the REST API as Bearer.
        assert_eq!(c.auth.unwrap().scheme.as_deref(), Some("Bearer"));
        let store = c.provenance.git.unwrap();
        assert_eq!(
            store.input(),
            "protocol=https\\nhost=bitbucket.org\\npath=acme/widgets.git\\n\\n"
        );
        // -u with the secret: on the command line.
        let given = Given {
            user: Some("pat@example.com:hunter22"),
            ..Given::default()
        };
        let c = credential(&given, &place(false), &env).unwrap();
        assert_eq!(c.provenance.on_command_line, Some("-u"));
        assert_eq!(
            c.provenance.others,
            ["env BITBUCKET_ACCESS_TOKEN", "~/.netrc"]
        );
    }

    #[test]
    fn netrc_alone_and_nothing() {
        let mut env = Fake::default();
        assert!(
            credential(&Given::default(), &place(true), &env)
                .unwrap()
                .auth
                .is_none()
        );
        env.vars.insert("NETRC", "/tmp/n".into());
        env.files.insert(
            PathBuf::from("/tmp/n"),
            "default login pat password hunter22".into(),
        );
        let c = credential(&Given::default(), &place(false), &env).unwrap();
        assert_eq!(c.source.as_deref(), Some("$NETRC (/tmp/n)"));
        assert_eq!(c.auth.unwrap().login.as_deref(), Some("pat"));
    }

    #[test]
    fn api_token_from_git_uses_the_email_for_rest() {
        let mut env = Fake {
            git: Some((Some("x-bitbucket-api-token-auth"), API)),
            ..Fake::default()
        };
        let given = Given {
            git_credential: true,
            ..Given::default()
        };
        let c = credential(&given, &place(false), &env).unwrap();
        assert_eq!(
            c.auth.unwrap().login.as_deref(),
            Some("x-bitbucket-api-token-auth")
        );
        env.vars.insert("BITBUCKET_EMAIL", "pat@example.com".into());
        let c = credential(&given, &place(false), &env).unwrap();
        assert_eq!(c.auth.unwrap().login.as_deref(), Some("pat@example.com"));
        assert_eq!(c.git_user.as_deref(), Some("x-bitbucket-api-token-auth"));
    }

    #[test]
    fn header_with_a_placeholder_is_no_secret_on_the_command_line() {
        let env = Fake::default();
        let given = Given {
            header: Some("Authorization: Bearer $TOKEN"),
            ..Given::default()
        };
        let c = credential(&given, &place(false), &env).unwrap();
        assert_eq!(c.provenance.on_command_line, None);
        let given = Given {
            header: Some("Authorization: Bearer abcdefghijkl"),
            ..Given::default()
        };
        let c = credential(&given, &place(false), &env).unwrap();
        assert_eq!(c.provenance.on_command_line, Some("-H"));
    }

    #[test]
    fn helper_names() {
        assert_eq!(helper_name("store --file ~/.my-credentials"), "store");
        assert_eq!(
            helper_name("/usr/lib/git-core/git-credential-libsecret"),
            "libsecret"
        );
        assert_eq!(helper_name("manager"), "manager");
        assert_eq!(helper_name("!f() { echo x; }; f"), "shell command");
    }

    #[test]
    fn origin_in_a_config_file() {
        let text = "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://x/y.git\n\
                    [remote \"origin\"]\n\turl = git@bitbucket.org:acme/widgets.git\n";
        assert_eq!(
            origin_in_config(text).as_deref(),
            Some("git@bitbucket.org:acme/widgets.git")
        );
        assert_eq!(origin_in_config("[core]\n"), None);
    }
}

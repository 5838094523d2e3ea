//! git's smart-HTTP discovery on the simulator: over HTTP (status, body, headers), and with the
//! real `git` client, run hermetically (own HOME, no system config, no prompts, no helpers).

mod sim_util;

use std::path::PathBuf;
use std::process::{Command, Output};

use bbdoctor::sim::{Credential, CredentialKind, Sim, World};
use sim_util::*;

fn refs_url(sim: &Sim, repo: &str, service: &str) -> String {
    format!("{}/{repo}.git/info/refs?service={service}", sim.base_url())
}

fn upload(sim: &Sim, repo: &str, auth: Option<&str>) -> Reply {
    get(&refs_url(sim, repo, "git-upload-pack"), auth)
}

fn assert_challenge(reply: &Reply, body: &str) {
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.body, body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("www-authenticate"), Some(BASIC_REALM));
}

fn assert_403(reply: &Reply, body: &str) {
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(reply.body, body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn advertisement_is_pkt_line_v0() {
    let sim = start(World::default_world());
    let reply = upload(&sim, "acme/public-docs", None); // B1: public, anonymous
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/x-git-upload-pack-advertisement")
    );
    assert!(
        reply
            .body
            .starts_with("001e# service=git-upload-pack\n0000"),
        "{}",
        reply.body
    );
    assert!(reply.body.ends_with("refs/heads/main\n0000"));
    assert!(reply.body.contains(" HEAD\0"));
    assert!(reply.body.contains("symref=HEAD:refs/heads/main"));
}

#[test]
fn anonymous_on_private_repository_is_asked_for_credentials() {
    let sim = start(World::default_world());
    assert_challenge(&upload(&sim, "acme/widgets", None), G1);
    assert_challenge(&upload(&sim, "acme/nope", None), G1);
}

#[test]
fn git_usernames_per_credential_kind() {
    let world = World::default_world();
    let sim = start(world.clone());
    let api = secret(&world, "pat-api-token");
    let app = secret(&world, "pat-app-password");
    let repo_token = secret(&world, "widgets-repo-token");
    let oauth = secret(&world, "pat-oauth");
    let accepted = [
        basic("x-bitbucket-api-token-auth", &api),
        basic("pat", &api),
        basic("pat", &app),
        basic("x-token-auth", &repo_token),
        basic("x-token-auth", &oauth),
    ];
    for auth in &accepted {
        assert_eq!(
            upload(&sim, "acme/widgets", Some(auth)).status,
            200,
            "{auth}"
        );
    }
    let refused = [
        basic(PAT_EMAIL, &api), // email as git username: unconfirmed, default refused
        basic(PAT_EMAIL, &app), // app passwords need the username
        basic("pat", &repo_token),
        basic("pat", &oauth),
        basic("x-token-auth", "wrong"),
    ];
    for auth in &refused {
        assert_challenge(&upload(&sim, "acme/widgets", Some(auth)), G1);
    }
}

#[test]
fn scopeless_api_token_and_expired_oauth_get_g1() {
    let world = World::default_world();
    let sim = start(world.clone());
    let unscoped = basic("pat", &secret(&world, "pat-api-token-unscoped"));
    assert_challenge(&upload(&sim, "acme/widgets", Some(&unscoped)), G1);
    let expired = basic("x-token-auth", &secret(&world, "pat-oauth-expired"));
    assert_challenge(&upload(&sim, "acme/widgets", Some(&expired)), G1);
}

#[test]
fn account_password_gets_the_2022_git_text() {
    let world = World::default_world();
    let sim = start(world.clone());
    let reply = upload(
        &sim,
        "acme/widgets",
        Some(&basic("pat", &secret(&world, "pat-password"))),
    );
    assert_challenge(
        &reply,
        "Bitbucket Cloud recently stopped supporting account passwords for Git authentication.\nSee our community post for more details: https://atlassian.community/t5/x/x/ba-p/1948231\nApp passwords are recommended for most use cases and can be created in your Personal settings:\nhttps://bitbucket.org/account/settings/app-passwords/",
    );
}

#[test]
fn ip_allowlist_two_step_and_scope_get_403() {
    let mut world = World::default_world();
    let read_user_only =
        bbdoctor::sim::mint::mint_token(bbdoctor::sim::mint::API_TOKEN_PREFIX, "user-only");
    world.credentials.push(Credential {
        id: "pat-user-only".into(),
        kind: CredentialKind::ApiToken,
        secret: read_user_only.clone(),
        owner: Some("pat".into()),
        scopes: vec!["read:user:bitbucket".into()],
        expires: None,
        resource: None,
        workspace: None,
        description: String::new(),
    });
    let sim = start(world.clone());
    let pat = basic("pat", &secret(&world, "pat-api-token"));
    assert_403(&upload(&sim, "initech/payroll", Some(&pat)), G4);
    let sam = basic("sam", &secret(&world, "sam-api-token"));
    assert_403(&upload(&sim, "globex/gadgets", Some(&sam)), G5);
    assert_eq!(upload(&sim, "globex/gadgets", Some(&pat)).status, 200);
    let scope = basic("x-bitbucket-api-token-auth", &read_user_only);
    assert_403(&upload(&sim, "acme/widgets", Some(&scope)), G7);
    // A repository token used on another repository.
    let other = basic("x-token-auth", &secret(&world, "widgets-repo-token"));
    assert_403(&upload(&sim, "acme/public-docs", Some(&other)), G1);
}

#[test]
fn push_discovery_needs_write() {
    let world = World::default_world();
    let sim = start(world.clone());
    let pat = basic("pat", &secret(&world, "pat-api-token"));
    let push = get(
        &refs_url(&sim, "acme/widgets", "git-receive-pack"),
        Some(&pat),
    );
    assert_eq!(push.status, 200);
    assert_eq!(
        push.header("content-type"),
        Some("application/x-git-receive-pack-advertisement")
    );
    assert!(
        push.body
            .starts_with("001f# service=git-receive-pack\n0000")
    );
    let sam = basic("sam", &secret(&world, "sam-api-token"));
    let reply = get(
        &refs_url(&sim, "acme/widgets", "git-receive-pack"),
        Some(&sam),
    );
    assert_eq!(reply.status, 403); // sam can read only (and lacks write:repository)
}

/// A scratch HOME for one git run, removed afterwards.
struct TempHome(PathBuf);

impl TempHome {
    fn new(name: &str) -> TempHome {
        let dir =
            std::env::temp_dir().join(format!("bbdoctor-sim-git-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp HOME");
        TempHome(dir)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `git ls-remote URL`, hermetic: no user or system config, no prompt, no credential helper,
/// no proxy.
fn ls_remote(url: &str, name: &str) -> Output {
    let home = TempHome::new(name);
    git_in(&home, &["ls-remote", url])
}

/// `git ARGS` with `home` as HOME and working folder, hermetic as [`ls_remote`].
fn git_in(home: &TempHome, args: &[&str]) -> Output {
    let mut git = Command::new("git");
    git.args(["-c", "credential.helper="])
        .args(args)
        .current_dir(&home.0)
        .env("HOME", &home.0)
        .env("XDG_CONFIG_HOME", home.0.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C");
    for var in [
        "GIT_ASKPASS",
        "SSH_ASKPASS",
        "GIT_CONFIG_GLOBAL",
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        git.env_remove(var);
    }
    git.output().expect("git runs")
}

fn host(sim: &Sim) -> String {
    sim.base_url().trim_start_matches("http://").to_string()
}

#[test]
fn real_git_ls_remote_succeeds_with_an_api_token() {
    let world = World::default_world();
    let sim = start(world.clone());
    let url = format!(
        "http://x-bitbucket-api-token-auth:{}@{}/acme/widgets.git",
        secret(&world, "pat-api-token"),
        host(&sim)
    );
    let out = ls_remote(&url, "ok");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "git failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("\trefs/heads/main"), "{stdout}");
    assert!(stdout.contains("\tHEAD"), "{stdout}");
    // git asked anonymously first, then with the token.
    let log = sim.requests();
    assert!(
        log.iter()
            .any(|r| r.credential.as_deref() == Some("pat-api-token") && r.status == 200)
    );
}

#[test]
fn real_git_shows_the_remote_line_and_fails_with_a_wrong_token() {
    let sim = start(World::default_world());
    let url = format!(
        "http://x-bitbucket-api-token-auth:ATATT3xFfGF0wrong@{}/acme/widgets.git",
        host(&sim)
    );
    let out = ls_remote(&url, "wrong");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("remote: {G1}")), "{stderr}");
    assert!(stderr.contains("Authentication failed"), "{stderr}");
}

#[test]
fn real_git_shows_the_ip_allowlist_refusal() {
    let world = World::default_world();
    let sim = start(world.clone());
    let url = format!(
        "http://pat:{}@{}/initech/payroll.git",
        secret(&world, "pat-api-token"),
        host(&sim)
    );
    let out = ls_remote(&url, "ip");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("remote: {G4}")), "{stderr}");
    assert!(stderr.contains("403"), "{stderr}");
}

#[test]
fn real_git_clones_and_fetches_through_the_simulator() {
    let world = World::default_world();
    let sim = start(world.clone());
    let token = secret(&world, "pat-api-token");
    let url = format!(
        "http://x-bitbucket-api-token-auth:{token}@{}/acme/widgets.git",
        host(&sim)
    );
    let home = TempHome::new("clone");
    let out = git_in(&home, &["clone", "-q", &url, "widgets"]);
    assert!(
        out.status.success(),
        "git clone failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let readme = std::fs::read_to_string(home.0.join("widgets/README.md")).expect("a README");
    assert!(readme.contains("acme/widgets"), "{readme}");
    // The commit git fetched is the one the REST API names.
    let head = git_in(&home, &["-C", "widgets", "rev-parse", "HEAD"]);
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let rest = get(
        &format!(
            "{}/2.0/repositories/acme/widgets/commits/main",
            sim.base_url()
        ),
        Some(&basic("pat@example.com", &token)),
    );
    assert_eq!(rest.status, 200, "{}", rest.body);
    assert!(rest.body.contains(&head), "{head} not in {}", rest.body);
    // A fetch negotiates again (POST git-upload-pack with what the clone has).
    let out = git_in(&home, &["-C", "widgets", "fetch", "origin"]);
    assert!(
        out.status.success(),
        "git fetch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts = sim
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/git-upload-pack") && r.status == 200)
        .count();
    assert!(posts >= 1, "no upload-pack negotiation was served");
}

#[test]
fn a_clone_of_a_repository_the_credential_cannot_read_fails_as_on_bitbucket() {
    let world = World::default_world();
    let sim = start(world.clone());
    let url = format!(
        "http://x-bitbucket-api-token-auth:ATATT3xFfGF0wrong@{}/acme/widgets.git",
        host(&sim)
    );
    let home = TempHome::new("clone-refused");
    let out = git_in(&home, &["clone", "-q", &url, "widgets"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("remote: {G1}")), "{stderr}");
    assert!(!home.0.join("widgets/README.md").exists());
    // The negotiation itself checks the credential too: no pack without it.
    let reply = bbdoctor_post_upload_pack(&sim, None);
    assert_eq!(reply, 401);
}

/// The status of an anonymous `POST …/git-upload-pack` on the private demo repository.
fn bbdoctor_post_upload_pack(sim: &Sim, authorization: Option<&str>) -> u16 {
    use std::io::{Read, Write};
    let addr = host(sim);
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    let body = "0000";
    let auth = authorization
        .map(|a| format!("Authorization: {a}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST /acme/widgets.git/git-upload-pack HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/x-git-upload-pack-request\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

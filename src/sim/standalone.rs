//! `bbdoctor sim`: serve a world until killed, and show how to poke at it.

use std::path::PathBuf;

use super::auth::API_TOKEN_GIT_USER;
use super::world::{Credential, CredentialKind, World};
use super::{Sim, SshSim};

/// Runs the simulator in the foreground (for `bbdoctor sim [--world FILE] [--listen ADDR]
/// [--latency-ms N]`): prints the base URL and ready-to-run commands for the world's
/// credentials, then serves until the process is killed.
pub fn run_standalone(
    world: Option<PathBuf>,
    listen: Option<String>,
    latency_ms: Option<u64>,
) -> Result<(), String> {
    let mut world = match world {
        Some(path) => World::load(path)?,
        None => World::default_world(),
    };
    if let Some(latency) = latency_ms {
        world.latency_ms = latency;
    }
    let listen = listen.unwrap_or_else(|| "127.0.0.1:0".to_string());
    let sim = Sim::start_on(world.clone(), listen.as_str())
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    println!("{}", banner(&sim));
    let ssh_addr = std::net::SocketAddr::new(sim.addr().ip(), 0);
    let ssh = SshSim::start_on(world, ssh_addr)
        .map_err(|e| format!("cannot start the SSH endpoint: {e}"))?;
    println!("{}", ssh_banner(&ssh));
    loop {
        std::thread::park();
    }
}

/// The text shown on start: where the simulator listens and one command per credential.
fn banner(sim: &Sim) -> String {
    let world = sim.world();
    let api = sim.api_url();
    let mut out = format!(
        "bbdoctor simulator: Bitbucket Cloud at {base} (REST {api}, git {base}/WS/REPO.git)\n\
         clock: {now}; every secret here is synthetic.\n\n\
         Try (add -i to see status and headers):\n",
        base = sim.base_url(),
        now = world.now,
    );
    let Some(repo) = world
        .repositories
        .iter()
        .find(|r| r.is_private)
        .or(world.repositories.first())
    else {
        return out;
    };
    let target = format!("{}/{}", repo.workspace, repo.slug);
    // bbdoctor itself, pointed here: the line a newcomer came for.
    if let Some(token) = world
        .credentials
        .iter()
        .find(|c| c.kind == CredentialKind::ApiToken && !c.scopes.is_empty())
        && let Some(email) = world
            .users
            .iter()
            .find(|u| token.owner.as_deref() == Some(u.username.as_str()))
            .map(|u| u.email.clone())
    {
        out.push_str(&format!(
            "  # bbdoctor against this simulator\n  \
             BITBUCKET_EMAIL={email} BITBUCKET_API_TOKEN={secret} \\\n    \
             bbdoctor check {target} --api-url {api} --git-url {base}\n",
            secret = token.secret,
            base = sim.base_url(),
        ));
    }
    out.push_str(&format!(
        "  # anonymous\n  curl -s {api}/repositories/{target}\n"
    ));
    for credential in &world.credentials {
        let comment = if credential.description.is_empty() {
            credential.kind.name()
        } else {
            &credential.description
        };
        out.push_str(&format!(
            "  # {}: {comment}\n  {}\n",
            credential.id,
            curl(world, &api, &target, credential)
        ));
    }
    if let Some(token) = world
        .credentials
        .iter()
        .find(|c| c.kind == CredentialKind::ApiToken && !c.scopes.is_empty())
    {
        let host = sim.base_url().trim_start_matches("http://").to_string();
        out.push_str(&format!(
            "  # git with the API token\n  GIT_TERMINAL_PROMPT=0 git ls-remote http://{API_TOKEN_GIT_USER}:{}@{host}/{target}.git\n",
            token.secret
        ));
        out.push_str(&seed_mistakes(world, &api, &target, &token.secret));
    }
    out
}

/// The SSH endpoint: where each host name listens, the `~/.ssh/config` and known_hosts lines
/// that point a client at it, and how to register a key.
fn ssh_banner(ssh: &SshSim) -> String {
    let world = ssh.world();
    let (new, old) = (ssh.addr(), ssh.old_addr());
    let moved = match world.ssh_host_moved() {
        true => format!(
            "moved: bitbucket.org answers as `unconfirmed.ssh_old_host` says ({:?}, not confirmed)",
            world.unconfirmed.ssh_old_host
        ),
        false => "not moved yet: bitbucket.org still serves SSH".to_string(),
    };
    format!(
        "SSH: ssh.bitbucket.org at {new}, bitbucket.org at {old} (host move: {moved}).\n\
         Host key {fp}. Point ssh at it with a config file (ssh -F FILE, or\n\
         GIT_SSH_COMMAND=\"ssh -F FILE\" for git and bbdoctor check):\n\
         \x20 Host ssh.bitbucket.org\n    HostName {nip}\n    Port {nport}\n    HostKeyAlias ssh.bitbucket.org\n\
         \x20 Host bitbucket.org\n    HostName {oip}\n    Port {oport}\n    HostKeyAlias bitbucket.org\n\
         and trust the host key (known_hosts):\n\
         \x20 ssh.bitbucket.org {key}\n\
         Keys: add your public key to the world's ssh.keys ({{\"id\": \"mine\", \"owner\": \"pat\", \
         \"public_key\": \"ssh-ed25519 AAAA…\"}}, or \"repository\": \"acme/widgets\" for an access key),\n\
         then: ssh -T git@ssh.bitbucket.org; git clone git@ssh.bitbucket.org:acme/widgets.git\n",
        fp = ssh.host_key_fingerprint(),
        key = ssh.host_key(),
        nip = new.ip(),
        nport = new.port(),
        oip = old.ip(),
        oport = old.port(),
    )
}

/// The mistakes of the seed reports (shared/seeds), to watch Bitbucket answer them.
fn seed_mistakes(world: &World, api: &str, target: &str, api_token: &str) -> String {
    let mut out = format!(
        "\nThe seed reports' mistakes:\n\
         \x20 # API token as Bearer: 401 \"Token is invalid, expired, or not supported for this endpoint.\"\n\
         \x20 curl -s -H 'Authorization: Bearer {api_token}' {api}/repositories/{target}\n\
         \x20 # API token with no scheme word: ignored, so a private repository answers 404\n\
         \x20 curl -s -H 'Authorization: {api_token}' {api}/repositories/{target}\n"
    );
    if let Some(public) = world.repositories.iter().find(|r| !r.is_private) {
        out.push_str(&format!(
            "  # ... while a public one answers 200 and proves nothing\n  \
             curl -s -H 'Authorization: {api_token}' {api}/repositories/{}/{}\n",
            public.workspace, public.slug
        ));
    }
    if let Some(oauth) = world
        .credentials
        .iter()
        .find(|c| c.kind == CredentialKind::OauthToken)
    {
        out.push_str(&format!(
            "  # OAuth token with a lower-case scheme word: 401\n  \
             curl -s -H 'Authorization: bearer {}' {api}/repositories/{target}/commits\n",
            oauth.secret
        ));
    }
    out
}

/// The correct way to call the API with this credential.
fn curl(world: &World, api: &str, target: &str, c: &Credential) -> String {
    let owner = c.owner.as_deref().and_then(|o| world.user(o));
    let url = format!("{api}/repositories/{target}");
    match c.kind {
        CredentialKind::ApiToken => {
            let email = owner.map(|u| u.email.as_str()).unwrap_or("EMAIL");
            format!("curl -s -u '{email}:{}' {url}", c.secret)
        }
        CredentialKind::AppPassword | CredentialKind::AccountPassword => {
            let name = owner.map(|u| u.username.as_str()).unwrap_or("USERNAME");
            format!("curl -s -u '{name}:{}' {api}/user", c.secret)
        }
        _ => format!("curl -s -H 'Authorization: Bearer {}' {url}", c.secret),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_names_every_credential_of_the_default_world() {
        let sim = Sim::start(World::default_world()).unwrap();
        let text = banner(&sim);
        assert!(text.contains(&sim.api_url()));
        for c in &sim.world().credentials {
            assert!(text.contains(&format!("# {}:", c.id)), "{}", c.id);
        }
        assert!(text.contains("git ls-remote"));
        assert!(text.contains("'Authorization: bearer sim-oauth-pat-"));
        assert!(text.contains("/repositories/acme/public-docs"));
        let check = format!(
            "bbdoctor check acme/widgets --api-url {} --git-url {}",
            sim.api_url(),
            sim.base_url()
        );
        assert!(text.contains(&check), "{text}");
    }
}

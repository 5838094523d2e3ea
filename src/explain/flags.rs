//! Tools that take a repository's URL with `--username` and `--password` flags (`helm repo
//! add`, `argocd repo add`, `flux create source git`): they send the pair in Basic auth to that
//! URL, git over HTTPS for a repository on bitbucket.org, a plain GET for the REST API.

use super::expand::Env;
use super::shell::Word;
use super::{Sent, basic_auth, git, sent_auth};
use crate::credential::Secret;
use crate::evidence::Request;

/// The programs, as a command line names them.
pub const PROGRAMS: [&str; 3] = ["helm", "argocd", "flux"];

/// Whether `program next` starts one of their commands (not "helm is" in a sentence: every
/// command they have starts with a word of letters, and a sentence's flags are not read).
pub fn starts_command(program: &str, next: &str) -> bool {
    PROGRAMS.iter().any(|p| p.eq_ignore_ascii_case(program))
        && next.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !next.is_empty()
}

/// The request a command's URL and login flags send; `None` without both flags or a
/// Bitbucket Cloud URL.
pub fn command(args: &[Word], env: &Env) -> Option<Sent> {
    let mut url = None;
    let (mut login, mut password) = (None, None);
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let (name, inline) = match w.text.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (w.text.as_str(), None),
        };
        let mut value = || match &inline {
            Some(v) => Some(v.clone()),
            None => {
                i += 1;
                args.get(i).map(|v| env.value(v).text)
            }
        };
        match name {
            "--username" => login = value(),
            "--password" => password = value(),
            "--url" => url = value(),
            t if url.is_none() && t.contains("://") => url = Some(env.value(w).text),
            _ => {}
        }
        i += 1;
    }
    let (url, login, password) = (url?, login?, password?);
    let host = crate::bitbucket::host_of(&url);
    let auth = sent_auth(&basic_auth(&login, Some(Secret::new(password))), &[]);
    let url = if crate::bitbucket::is_website(&host) {
        git::discovery(&url).0
    } else if crate::bitbucket::is_cloud(&host) {
        super::url::clean(&url).0
    } else {
        return None;
    };
    let request = Request {
        method: "GET".into(),
        url,
        auth: Some(auth),
        auth_unseen: false,
    };
    Some(Sent {
        request,
        source: "--username/--password",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(line: &str) -> Option<Sent> {
        let c = super::super::shell::command(line, 0);
        command(&c.words[1..], &Env::default())
    }

    #[test]
    fn a_repository_and_its_login_flags_are_a_request() {
        let s = sent("helm repo add charts https://api.bitbucket.org/2.0/repositories/acme/charts/src/main/ --username svc --password 'ATATT3xFfGF0…'").expect("REST");
        assert!(
            s.request
                .url
                .starts_with("https://api.bitbucket.org/2.0/repositories/acme/charts")
        );
        assert_eq!(s.request.auth.unwrap().login.as_deref(), Some("svc"));
        let s = sent("argocd repo add https://bitbucket.org/acme/deploy.git --username=me@acme.io --password=ATATT3xFfGF0…").expect("git");
        assert!(
            s.request
                .url
                .ends_with("/acme/deploy.git/info/refs?service=git-upload-pack")
        );
        // No password, another host, no URL: nothing sent that the text shows.
        for line in [
            "argocd repo add https://bitbucket.org/acme/deploy.git --username me",
            "helm repo add x https://charts.example.com --username a --password b",
            "flux create secret git auth --username a --password b",
        ] {
            assert!(sent(line).is_none(), "{line}");
        }
        assert!(starts_command("helm", "repo"));
        assert!(!starts_command("helm", "Charts"));
        assert!(!starts_command("git", "clone"));
    }
}

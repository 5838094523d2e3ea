//! No secret in any output: every scenario in every format, and the error paths, with the
//! secret arriving through each way `check` takes one.

mod common;

use common::{Lab, assert_no_secret, bbdoctor};

#[test]
fn no_secret_in_any_format_or_error() {
    let lab = Lab::new(|w| w.now = "2026-11-23T10:00:00Z".into());
    let api_token = lab.secret("pat-api-token");
    let access = lab.secret("widgets-repo-token");
    let app = lab.secret("pat-app-password");
    let password = lab.secret("pat-password");
    let (api, git) = (lab.sim.api_url(), lab.sim.base_url());
    let bearer = format!("Authorization: Bearer {api_token}");
    let bare = format!("Authorization: {access}");
    let lower = format!("Authorization: bearer {access}");
    let user_app = format!("pat@example.com:{app}");
    let user_pw = format!("pat:{password}");
    let damaged = format!("Authorization: Bearer {}", &access[..120]);
    // Each way: the arguments and the environment that carry the secret.
    type Way<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let ways: Vec<Way> = vec![
        (
            vec!["-H", &bearer],
            vec![("BITBUCKET_EMAIL", "pat@example.com")],
        ),
        (vec!["-H", &bare], vec![]),
        (vec!["-H", &lower], vec![]),
        (vec!["-H", &damaged], vec![]),
        (vec!["-u", &user_app], vec![]),
        (vec!["-u", &user_pw], vec![]),
        (
            vec![],
            vec![
                ("BITBUCKET_EMAIL", "pat@example.com"),
                ("BITBUCKET_API_TOKEN", &api_token),
            ],
        ),
        (vec![], vec![("BITBUCKET_ACCESS_TOKEN", &access)]),
    ];
    for (args, env) in &ways {
        for format in ["text", "json", "jsonl", "markdown", "junit"] {
            let mut all = vec![
                "check",
                "acme/widgets",
                "--api-url",
                &api,
                "--git-url",
                &git,
                "--format",
                format,
            ];
            all.extend(args.iter().copied());
            let run = bbdoctor(&all, env, None);
            assert_no_secret(&run, &lab.world, &[&access[..120]]);
            assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        }
    }
    // Secrets on the error paths: in a base URL, as the target, piped to -u.
    let in_url = format!("https://pat:{api_token}@api.bitbucket.org/2.0");
    let errors: Vec<Vec<&str>> = vec![
        vec!["check", "acme/widgets", "--api-url", &in_url],
        vec!["check", &api_token],
        vec!["check", "acme/widgets", "-H", &api_token],
        vec!["check", "acme/widgets", "--git-url", &access],
    ];
    for args in errors {
        let run = bbdoctor(&args, &[], None);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert_no_secret(&run, &lab.world, &[]);
    }
    // -u LOGIN with the secret on standard input.
    let run = bbdoctor(
        &[
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
            "-u",
            "pat@example.com",
        ],
        &[],
        Some(&format!("{api_token}\n")),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_no_secret(&run, &lab.world, &[]);
}

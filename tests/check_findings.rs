//! `bbdoctor check` end to end: for every finding id that live evidence can show, the real
//! binary against the real simulator, asserting the root cause and the exit code, under each
//! setting of the unconfirmed behaviours the scenario relies on. Every run is also checked for
//! leaked secrets and for the request budget (see `common`).

mod common;

use common::{api_token_env, expect};

use bbdoctor::sim::mint::{API_TOKEN_PREFIX, mint_token};
use bbdoctor::sim::{
    Acceptance, BareToken, Denial, FaultAction, GitRetirement, Repository, SchemeCase,
};
use common::hostile::{closed_port, nowhere};
use common::{Lab, bbdoctor, check_args, fault};

const PAT: &str = "pat@example.com";

#[test]
fn healthy_api_token_in_one_round() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["verdict"], "ok");
    assert!(
        run.ids().contains(&"healthy".to_string()),
        "{:?}",
        run.ids()
    );
    assert_eq!(json["verdict"], "ok");
    assert_eq!(json["credential"]["kind"], "api-token");
    assert_eq!(json["credential"]["login"], "p***@example.com");
    let evidence = run.finding("healthy")["evidence"].to_string();
    assert!(evidence.contains("authenticated as pat"), "{evidence}");
    assert!(evidence.contains("git over HTTPS: works"), "{evidence}");
    // One round: the anonymous and authenticated repository, the user, git.
    assert_eq!(lab.sim.requests().len(), 4);
}

#[test]
fn api_token_as_bearer_both_ways() {
    for accept in [false, true] {
        let lab = Lab::new(|w| {
            if accept {
                w.unconfirmed.api_token_bearer = Acceptance::Accept;
            }
        });
        let header = format!("Authorization: Bearer {}", lab.secret("pat-api-token"));
        let run = lab.check(
            "acme/widgets",
            &["-H", &header],
            &[("BITBUCKET_EMAIL", PAT)],
        );
        // Accepted: still the first finding, as a warning (the documented form is Basic).
        expect(&run, "api-token-as-bearer", if accept { 0 } else { 1 });
        let f = run.finding("api-token-as-bearer");
        assert_eq!(f["severity"], if accept { "warning" } else { "error" });
        assert!(f["command"].as_str().unwrap().contains("$BITBUCKET_EMAIL"));
        if !accept {
            // The A/B probe: Basic with the email works.
            let probes = run.json()["probes"].to_string();
            assert!(probes.contains("repo-fixed"), "{probes}");
            assert!(
                f["evidence"]
                    .to_string()
                    .contains("as Basic with the email")
            );
        }
    }
}

#[test]
fn missing_auth_scheme_both_ways() {
    for bare in [BareToken::Anonymous, BareToken::Reject] {
        let lab = Lab::new(|w| w.unconfirmed.missing_scheme = bare);
        let header = format!("Authorization: {}", lab.secret("pat-api-token"));
        let run = lab.check(
            "acme/widgets",
            &["-H", &header],
            &[("BITBUCKET_EMAIL", PAT)],
        );
        expect(&run, "missing-auth-scheme", 1);
        if bare == BareToken::Anonymous {
            // Ignored, so anonymous: the private repository answered 404.
            assert!(run.ids().contains(&"anonymous-request".to_string()));
        }
    }
}

#[test]
fn scheme_case_every_way() {
    for case in [
        SchemeCase::Reject,
        SchemeCase::Accept,
        SchemeCase::Anonymous,
    ] {
        let lab = Lab::new(|w| w.unconfirmed.lowercase_scheme = case);
        let header = format!("Authorization: bearer {}", lab.secret("widgets-repo-token"));
        let run = lab.check("acme/widgets", &["-H", &header], &[]);
        let code = if case == SchemeCase::Accept { 0 } else { 1 };
        expect(&run, "scheme-case", code);
    }
}

#[test]
fn seed_lowercase_bearer_on_a_public_repository() {
    // The forum thread: `bearer` with an OAuth token; the public listing passed, proving nothing.
    for case in [SchemeCase::Reject, SchemeCase::Anonymous] {
        let lab = Lab::new(|w| w.unconfirmed.lowercase_scheme = case);
        let header = format!("Authorization: bearer {}", lab.secret("pat-oauth"));
        let run = lab.check("acme/public-docs", &["-H", &header], &[]);
        expect(&run, "scheme-case", 1);
        if case == SchemeCase::Anonymous {
            assert!(run.ids().contains(&"credentials-ignored".to_string()));
        }
        // The corrected header keeps the kind the check learnt, not "unknown" (ux-findings
        // P3 #12).
        let f = run.finding("scheme-case");
        let header = f["header"].to_string();
        assert!(!header.contains("unknown("), "{f}");
    }
}

#[test]
fn api_token_with_username() {
    let lab = Lab::new(|_| {});
    let user = format!("pat:{}", lab.secret("pat-api-token"));
    let run = lab.check("acme/widgets", &["-u", &user], &[("BITBUCKET_EMAIL", PAT)]);
    expect(&run, "api-token-with-username", 1);
}

#[test]
fn api_token_without_scopes() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token-unscoped");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    expect(&run, "api-token-without-scopes", 1);
}

#[test]
fn app_password_with_email_before_the_removal() {
    let lab = Lab::new(|_| {});
    let user = format!("{PAT}:{}", lab.secret("pat-app-password"));
    let run = lab.check(
        "acme/widgets",
        &["-u", &user],
        &[("BITBUCKET_USERNAME", "pat")],
    );
    expect(&run, "app-password-with-email", 1);
    // Still working, but retiring: a warning beside the error.
    assert_eq!(run.finding("app-password-retired")["severity"], "warning");
}

#[test]
fn app_password_retired_after_the_removal() {
    for git in [GitRetirement::Unauthorized, GitRetirement::Gone] {
        let lab = Lab::new(|w| {
            w.now = "2026-08-03T09:00:00Z".into();
            w.unconfirmed.app_password_git_retired = git;
        });
        let user = format!("pat:{}", lab.secret("pat-app-password"));
        let run = lab.check("acme/widgets", &["-u", &user], &[]);
        expect(&run, "app-password-retired", 1);
        assert_eq!(run.finding("app-password-retired")["severity"], "error");
    }
}

#[test]
fn account_password() {
    let lab = Lab::new(|_| {});
    let user = format!("pat:{}", lab.secret("pat-password"));
    let run = lab.check("acme/widgets", &["-u", &user], &[]);
    expect(&run, "account-password", 1);
}

#[test]
fn access_token_as_basic() {
    let lab = Lab::new(|_| {});
    let user = format!("x-token-auth:{}", lab.secret("widgets-repo-token"));
    let run = lab.check("acme/widgets", &["-u", &user], &[]);
    expect(&run, "access-token-as-basic", 1);
}

#[test]
fn token_checksum_is_found_before_any_request() {
    let lab = Lab::new(|_| {});
    let damaged = &lab.secret("widgets-repo-token")[..150];
    let header = format!("Authorization: Bearer {damaged}");
    let run = lab.check("acme/widgets", &["-H", &header], &[]);
    expect(&run, "token-checksum", 1);
    assert!(lab.sim.requests().iter().all(|r| r.authorization.is_none()));
    common::assert_no_secret(&run, &lab.world, &[damaged]);
}

#[test]
fn basic_encoding_trailing_newline() {
    use base64::Engine;
    let lab = Lab::new(|_| {});
    // What `echo "email:token" | base64` produces: the newline is part of the secret.
    let encoded = base64::engine::general_purpose::STANDARD
        .encode(format!("{PAT}:{}\n", lab.secret("pat-api-token")));
    let header = format!("Authorization: Basic {encoded}");
    let run = lab.check("acme/widgets", &["-H", &header], &[]);
    expect(&run, "basic-encoding", 1);
    assert!(run.stdout.contains("echo"), "{}", run.stdout);
    common::assert_no_secret(&run, &lab.world, &[&encoded]);
}

#[test]
fn unexpanded_placeholder_is_never_sent() {
    let lab = Lab::new(|_| {});
    let run = lab.check(
        "acme/widgets",
        &["-H", "Authorization: Bearer $BITBUCKET_TOKEN"],
        &[],
    );
    expect(&run, "unexpanded-placeholder", 1);
    assert!(lab.sim.requests().iter().all(|r| r.authorization.is_none()));
}

#[test]
fn wrong_api_host_path_without_2_0() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let base = lab.sim.base_url();
    let run = bbdoctor(
        &check_args(&base, &base, "json"),
        &api_token_env(PAT, &token),
        None,
    );
    common::assert_no_secret(&run, &lab.world, &[]);
    common::assert_safe(&lab.sim.requests());
    expect(&run, "wrong-api-host", 1);
}

#[test]
fn endpoint_removed() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "acme/widgets",
        &["--endpoint", "/2.0/workspaces"],
        &api_token_env(PAT, &token),
    );
    expect(&run, "endpoint-removed", 1);
    let detail = run.finding("endpoint-removed")["detail"].to_string();
    assert!(detail.contains("/2.0/user/workspaces"), "{detail}");
}

#[test]
fn invalid_credentials_well_formed_but_unknown() {
    let lab = Lab::new(|_| {});
    let stranger = mint_token(API_TOKEN_PREFIX, "revoked-long-ago");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &stranger));
    common::assert_no_secret(&run, &lab.world, &[&stranger]);
    expect(&run, "invalid-credentials", 1);
}

#[test]
fn token_expired() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-oauth-expired");
    let run = lab.check("acme/widgets", &[], &[("BITBUCKET_ACCESS_TOKEN", &token)]);
    expect(&run, "token-expired", 1);
}

#[test]
fn missing_scope_names_required_and_granted() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token-acme-only");
    let run = lab.check(
        "acme/widgets",
        &["--endpoint", "/2.0/repositories/acme/widgets/pullrequests"],
        &api_token_env(PAT, &token),
    );
    expect(&run, "missing-scope", 1);
    let f = run.finding("missing-scope");
    let evidence = f["evidence"].to_string();
    assert!(
        evidence.contains("required: read:pullrequest:bitbucket"),
        "{evidence}"
    );
    assert!(evidence.contains("granted:"), "{evidence}");
}

#[test]
fn a_scope_only_bbdoctors_own_probe_needed_is_a_note() {
    // The token can read the repository but lacks read:user:bitbucket, which only bbdoctor's
    // own /2.0/user probe needs: healthy, exit 0, and the scope an info note.
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token-no-user");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    assert_eq!(run.json()["verdict"], "ok", "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let f = run.finding("missing-scope");
    assert_eq!(f["severity"], "info", "{f}");
    assert!(f["detail"].to_string().contains("bbdoctor's own"), "{f}");
}

#[test]
fn anonymous_request_on_a_private_repository() {
    let lab = Lab::new(|_| {});
    let run = lab.check("acme/widgets", &[], &[]);
    expect(&run, "anonymous-request", 1);
    assert_eq!(run.json()["credential"]["kind"], "none");
}

#[test]
fn no_repo_access() {
    let lab = Lab::new(|w| {
        let mut roadmap: Repository = w.repositories[0].clone();
        roadmap.slug = "roadmap".into();
        roadmap.name = "roadmap".into();
        roadmap.uuid = String::new();
        roadmap.read = vec![];
        roadmap.write = vec!["pat".into()];
        w.repositories.push(roadmap);
    });
    let token = lab.secret("sam-api-token");
    let run = lab.check(
        "acme/roadmap",
        &[],
        &api_token_env("sam@example.com", &token),
    );
    expect(&run, "no-repo-access", 1);
}

#[test]
fn repo_not_found_when_the_workspace_does_not_exist() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check("acne/widgets", &[], &api_token_env(PAT, &token));
    expect(&run, "repo-not-found", 1);
    // Written with capitals, the slugs' lower case is suggested (ux-findings P3 #22).
    let run = lab.check("Acme/Widgets", &[], &api_token_env(PAT, &token));
    expect(&run, "repo-not-found", 1);
    let f = run.finding("repo-not-found");
    assert!(
        f["detail"]
            .to_string()
            .contains("did you mean acme/widgets"),
        "{f}"
    );
}

#[test]
fn access_token_wrong_resource_both_ways() {
    for denial in [Denial::NotFound, Denial::Forbidden] {
        let lab = Lab::new(|w| w.unconfirmed.access_token_outside_resource = denial);
        let token = lab.secret("widgets-repo-token");
        let run = lab.check("globex/gadgets", &[], &[("BITBUCKET_ACCESS_TOKEN", &token)]);
        expect(&run, "access-token-wrong-resource", 1);
        // The fix is the call to make again with a token made for this repository.
        let f = run.finding("access-token-wrong-resource");
        let command = f["command"].to_string();
        assert!(
            command.contains("Bearer $BITBUCKET_ACCESS_TOKEN")
                && command.contains("/repositories/globex/gadgets"),
            "{f}"
        );
    }
}

#[test]
fn git_https_username_from_the_clone_url() {
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = lab.check(
        "https://x-token-auth@bitbucket.org/acme/widgets.git",
        &[],
        &api_token_env(PAT, &token),
    );
    expect(&run, "git-https-username", 1);
    let f = run.finding("git-https-username");
    let cmd = f["command"].as_str().unwrap();
    assert!(
        cmd.contains("https://x-bitbucket-api-token-auth@bitbucket.org/acme/widgets.git"),
        "{cmd}"
    );
}

#[test]
fn git_with_the_email_as_username_both_ways() {
    for accept in [false, true] {
        let lab = Lab::new(|w| {
            if accept {
                w.unconfirmed.api_token_email_git = Acceptance::Accept;
            }
        });
        let token = lab.secret("pat-api-token");
        let run = lab.check(
            "https://pat%40example.com@bitbucket.org/acme/widgets.git",
            &[],
            &api_token_env(PAT, &token),
        );
        if accept {
            expect(&run, "healthy", 0);
        } else {
            expect(&run, "git-https-username", 1);
        }
    }
}

#[test]
fn two_step_or_sso_both_ways() {
    for rest in [Denial::Forbidden, Denial::Allow] {
        let lab = Lab::new(|w| w.unconfirmed.two_step_rest = rest);
        let token = lab.secret("sam-api-token");
        let run = lab.check(
            "globex/gadgets",
            &[],
            &api_token_env("sam@example.com", &token),
        );
        expect(&run, "two-step-or-sso", 1);
    }
}

#[test]
fn ip_not_allowed_both_ways() {
    for rest in [Denial::Forbidden, Denial::NotFound] {
        let lab = Lab::new(|w| w.unconfirmed.ip_allowlist_rest = rest);
        let token = lab.secret("pat-api-token");
        let run = lab.check("initech/payroll", &[], &api_token_env(PAT, &token));
        expect(&run, "ip-not-allowed", 1);
    }
}

#[test]
fn rate_limited_stops_probing() {
    let lab = Lab::new(|w| {
        w.rate_limit.anonymous = Some(0);
        w.rate_limit.authenticated = Some(0);
    });
    let token = lab.secret("pat-api-token");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    // Bitbucket declined to answer: nothing is concluded about the credential (exit 3).
    expect(&run, "rate-limited", 3);
    assert_eq!(run.json()["verdict"], "unreachable", "{}", run.stdout);
    // The user's own request is the evidence, and the user did authenticate.
    let text = lab.check(
        "acme/widgets",
        &["--format", "text"],
        &api_token_env(PAT, &token),
    );
    assert!(
        text.stdout.contains("spent your user's allowance"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("Authenticate"), "{}", text.stdout);
    // Nothing after the first round.
    assert!(lab.sim.requests().len() <= 8);
}

#[test]
fn a_429_on_bbdoctors_own_anonymous_call_is_a_warning() {
    // The IP's anonymous allowance is spent (say by a CI pool behind one address); the user's
    // credential has its own and is answered.
    let lab = Lab::new(|w| {
        w.rate_limit.anonymous = Some(0);
        w.rate_limit.authenticated = Some(100);
    });
    let token = lab.secret("pat-api-token");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["verdict"], "ok");
    assert!(
        run.ids().contains(&"healthy".to_string()),
        "{:?}",
        run.ids()
    );
    let limited = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "rate-limited")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert_eq!(limited["severity"], "warning");
}

#[test]
fn a_pasted_429_is_the_diagnosis() {
    let post = "curl https://api.bitbucket.org/2.0/repositories/acme/widgets\n\
                HTTP/1.1 429 Too Many Requests\n\nRate limit for this resource has been exceeded\n";
    let run = bbdoctor(&["explain", "--format", "json"], &[], Some(post));
    expect(&run, "rate-limited", 1);
    let text = bbdoctor(&["explain"], &[], Some(post)).stdout;
    assert!(text.contains("Authenticate:"), "{text}");
}

#[test]
fn service_error_exits_3() {
    let lab = Lab::new(|w| {
        w.faults.push(fault(
            "/2.0/",
            FaultAction::Status {
                status: 503,
                body: None,
            },
        ))
    });
    let token = lab.secret("pat-api-token");
    let run = lab.check("acme/widgets", &[], &api_token_env(PAT, &token));
    expect(&run, "service-error", 3);
    assert_eq!(run.json()["verdict"], "unreachable");
}

#[test]
fn network_error_exits_3() {
    let (api, git) = nowhere();
    let run = bbdoctor(&check_args(&api, &git, "json"), &[], None);
    expect(&run, "network-error", 3);
}

#[test]
fn a_plain_http_loopback_check_goes_through_no_proxy() {
    // The simulator is plain http on loopback: curl and git ignore HTTPS_PROXY and upper-case
    // HTTP_PROXY there, and a proxy elsewhere could not reach this machine's loopback anyway
    // while reading the credential in clear. No proxy variable sends the check through a
    // proxy (a closed port: had one been used, the check would fail); the HTTPS proxy is
    // tested in read_only.rs.
    let lab = Lab::new(|_| {});
    let closed = closed_port();
    let proxy = format!("http://proxyuser:proxypass@127.0.0.1:{closed}");
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        let run = lab.check("acme/public-docs", &[], &[(var, &proxy)]);
        assert_eq!(run.code, 0, "{var}: {}", run.stdout);
        assert!(!run.stdout.contains("proxypass"), "{}", run.stdout);
    }
}

#[test]
fn tls_error_exits_3() {
    // A server that answers a TLS handshake with plain HTTP: verification cannot succeed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        for mut stream in listener.incoming().flatten() {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let api = format!("https://{addr}/2.0");
    let git = format!("https://{addr}");
    let lab = Lab::new(|_| {});
    let token = lab.secret("pat-api-token");
    let run = bbdoctor(
        &check_args(&api, &git, "json"),
        &api_token_env(PAT, &token),
        None,
    );
    common::assert_no_secret(&run, &lab.world, &[]);
    expect(&run, "tls-error", 3);
}

//! `parse` on whole pasted texts: the seed posts, the fact sheet's responses, and the
//! must-pass cases of issue 4; plus properties that hold for any input.

use super::*;
use crate::credential::{BasicDefect, Checksum, Kind, LoginForm};
use proptest::prelude::*;

/// Synthetic, checksum-valid tokens from the fact sheet §3.2 (not real credentials).
const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";
const ACCESS: &str = "ATCTT3xFfGN0RnFyy5r2xJ7Fj4mgblEv0-9BZhvWaXH6K2-tyLBhhOhg9uhkxiiEZpFfk1OHAOEHYqM6Ojb6mjBHqSiFVKu4MbMnrHontIKARAH-Ggl2JfaQqHu42bojteVs3qfNUfTAFnT0tEuw0dwQ0FIunWe8Cz6SNDCdyZQJiJSZQdoHwHe=B20EBD43";
const APP: &str = "ATBBOhbVrpoiVgRV5IfLBcbfnoGM579638B4";

const SEED_API_TOKEN: &str = include_str!("testdata/forum-private-repo-api-token.txt");
const SEED_LOWERCASE_BEARER: &str = include_str!("testdata/forum-lowercase-bearer.txt");

const R1: &str = "Login failed due to incorrect login credentials or method.
For information on authentication methods for Bitbucket Cloud APIs, visit:
    https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication
If you are unsure of which login details or login method to use, visit:
    https://support.atlassian.com/bitbucket-cloud/docs/log-into-or-connect-to-bitbucket-cloud/";

const R5: &str = r#"{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes.", "detail": {"required": ["read:user:bitbucket"], "granted": ["write:repository:bitbucket", "read:pullrequest:bitbucket", "write:pullrequest:bitbucket", "read:repository:bitbucket"]}}}"#;

fn statuses(ev: &Evidence) -> Vec<Option<u16>> {
    ev.exchanges.iter().map(Exchange::status).collect()
}

#[test]
fn seed_api_token_as_bearer_then_without_scheme() {
    let ev = parse(SEED_API_TOKEN);
    assert!(!ev.live);
    assert_eq!(ev.exchanges.len(), 2, "{:#?}", ev.exchanges);
    let first = ev.exchanges[0].auth().unwrap();
    assert_eq!(first.scheme.as_deref(), Some("Bearer"));
    assert_eq!(first.kind, Kind::ApiToken);
    let p = first.placeholder.as_ref().unwrap();
    assert_eq!(p.text, "{api_token}");
    assert!(!p.shell && !p.literal);
    let r = ev.exchanges[0].response.as_ref().unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(
        r.message.as_deref(),
        Some("Token is invalid, expired, or not supported for this endpoint.")
    );
    let second = ev.exchanges[1].auth().unwrap();
    assert_eq!(second.scheme, None);
    assert_eq!(second.kind, Kind::ApiToken);
    let r = ev.exchanges[1].response.as_ref().unwrap();
    assert_eq!(r.status, 404);
    assert!(r.says("You may not have access to this repository"));
    for h in [
        Claim::CredentialKind(Kind::ApiToken),
        Claim::PublicWorks,
        Claim::PrivateFails,
    ] {
        assert!(ev.claimed(&h), "{h:?} in {:?}", ev.claims);
    }
    assert_eq!(ev.today.as_deref(), Some("2025-11-05"));
    assert!(ev.credential.is_some());
}

#[test]
fn seed_lowercase_bearer_with_a_deceiving_public_test() {
    let ev = parse(SEED_LOWERCASE_BEARER);
    // The examined credential is the OAuth token sent as `bearer`, not the consumer's
    // key:secret posted to the token endpoint.
    let cred = ev.credential.as_ref().unwrap();
    assert_eq!(cred.scheme.as_deref(), Some("bearer"));
    assert_eq!(cred.kind, Kind::OauthToken);
    assert!(!cred.placeholder.as_ref().is_some_and(|p| p.literal));
    let bearer: Vec<&Exchange> = ev
        .exchanges
        .iter()
        .filter(|e| e.auth().is_some_and(|a| a.scheme_is("bearer")))
        .collect();
    assert_eq!(bearer.len(), 2, "{:#?}", ev.exchanges);
    let public = bearer[0].response.as_ref().unwrap();
    assert_eq!((public.status, public.private), (200, Some(false)));
    assert_eq!(bearer[1].status(), Some(401));
    assert!(
        bearer[1]
            .request
            .as_ref()
            .unwrap()
            .url
            .ends_with("/commits/master")
    );
    assert!(ev.claimed(&Claim::PublicWorks));
    let token_call = &ev.exchanges[0];
    assert_eq!(token_call.request.as_ref().unwrap().url, TOKEN_ENDPOINT);
    assert!(ev.claimed(&Claim::CredentialKind(Kind::OauthToken)));
}

#[test]
fn curl_with_user_and_api_token_refused_with_r1() {
    let text = format!(
        "curl -u pat:{API} https://api.bitbucket.org/2.0/repositories/acme/widgets\n{R1}\n"
    );
    let ev = parse(&text);
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    let e = &ev.exchanges[0];
    let auth = e.auth().unwrap();
    assert_eq!(auth.scheme.as_deref(), Some("Basic"));
    assert_eq!(auth.login_form(), Some(LoginForm::Username));
    assert_eq!(auth.kind, Kind::ApiToken);
    assert_eq!(auth.checksum, Checksum::Valid);
    assert_eq!(e.status(), Some(401));
    assert!(e.response.as_ref().unwrap().says("Login failed"));
    assert_eq!(ev.target.as_ref().unwrap().to_string(), "acme/widgets");
    assert_eq!(ev.api_url.as_deref(), Some("https://api.bitbucket.org/2.0"));
    assert_eq!(ev.source.as_deref(), Some("pasted -u"));
}

#[test]
fn curl_i_output_with_a_scope_error() {
    let text = format!(
        "$ curl -i -H \"Authorization: Bearer {ACCESS}\" https://api.bitbucket.org/2.0/user\n\
         HTTP/2 403\nserver: AtlassianEdge\ncontent-type: application/json\n\
         x-credential-type: repo_access_token\nx-oauth-scopes: repository\n\n{R5}\n"
    );
    let ev = parse(&text);
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    let r = ev.exchanges[0].response.as_ref().unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(r.required, ["read:user:bitbucket"]);
    assert_eq!(r.granted.len(), 4);
    assert_eq!(r.header("x-credential-type"), Some("repo_access_token"));
    assert_eq!(ev.credential.as_ref().unwrap().kind, Kind::AccessToken);
}

#[test]
fn git_outputs_g4_g5_g1() {
    let text = "$ git clone https://x-bitbucket-api-token-auth@bitbucket.org/acme/widgets.git\n\
        Cloning into 'widgets'...\n\
        remote: To access this repository, an admin must whitelist your IP.\n\
        fatal: unable to access 'https://bitbucket.org/acme/widgets.git/': The requested URL returned error: 403\n\n\
        Then from home:\n\n\
        remote: To access this repository, enable two-step authentication.\n\
        fatal: unable to access '…': The requested URL returned error: 403\n\n\
        And with another token:\n\n\
        remote: You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.\n\
        fatal: Authentication failed for '…'\n";
    let ev = parse(text);
    assert_eq!(
        statuses(&ev),
        [Some(403), Some(403), Some(401)],
        "{:#?}",
        ev.exchanges
    );
    assert!(ev.exchanges.iter().all(Exchange::is_git));
    let says = |i: usize, m: &str| ev.exchanges[i].response.as_ref().unwrap().says(m);
    assert!(says(0, "whitelist your IP"));
    assert!(says(1, "enable two-step authentication"));
    assert!(says(2, "You may not have access"));
    assert_eq!(
        ev.exchanges[0].auth().unwrap().login.as_deref(),
        Some("x-bitbucket-api-token-auth")
    );
    assert!(ev.claimed(&Claim::Git));
    let t = ev.target.unwrap();
    assert_eq!(t.to_string(), "acme/widgets");
}

/// What each parse keeps of several attempts at the same call: (status, login or scheme).
fn attempts(text: &str) -> (Vec<Option<u16>>, bool) {
    let ev = parse(text);
    (statuses(&ev), ev.recovered)
}

#[test]
fn a_later_attempt_at_the_same_call_supersedes_an_earlier_one() {
    let clone = "fatal: unable to access 'https://bitbucket.org/acme/web.git/': The requested URL returned error: 403\n";
    // The same clone refused twice, for another reason: the later reason is what fails now.
    let (s, _) = attempts(&format!(
        "remote: To access this repository, enable two-step authentication.\n{clone}\n\
         Enabled 2SV, retried:\n\n\
         remote: To access this repository, an admin must whitelist your IP.\n{clone}"
    ));
    assert_eq!(s, [Some(403)]);
    let ev = parse(&format!(
        "remote: To access this repository, enable two-step authentication.\n{clone}\n\
         remote: To access this repository, an admin must whitelist your IP.\n{clone}"
    ));
    assert!(
        ev.exchanges[0]
            .response
            .as_ref()
            .unwrap()
            .says("whitelist your IP")
    );
    // Bitbucket's lines, then git's `fatal:` a blank line later: one failure told twice.
    let ev = parse(&format!(
        "remote: To access this repository, enable two-step authentication.\n\n{clone}"
    ));
    assert!(ev.exchanges.iter().any(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| r.says("enable two-step authentication"))
    }));
    // git's bare line later, no credential shown, tells less than Bitbucket's words before
    // it: the words stand.
    let ev = parse(
        "remote: App passwords are deprecated and must be replaced with API tokens.\n\
         fatal: unable to access 'https://bitbucket.org/acme/web.git/': The requested URL returned error: 410\n\n\
         Sometimes you only see:\n\n\
         fatal: Authentication failed for 'https://bitbucket.org/acme/web.git/'\n",
    );
    assert!(ev.exchanges.iter().any(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| r.says("App passwords are deprecated"))
    }));
    // The user switched from Bearer to Basic: the Basic attempt is the live one.
    let url = "https://api.bitbucket.org/2.0/workspaces/acme";
    let ev = parse(&format!(
        "curl -H \"Authorization: Bearer ATATT3xFfGF0…\" {url}\n401\n\n\
         curl -u dev@acme.io:ATATT3xFfGF0… {url}\n\
         {{\"type\": \"error\", \"error\": {{\"message\": \"Your credentials lack one or more required privilege scopes.\"}}}}\n"
    ));
    assert_eq!(statuses(&ev), [Some(403)]);
    assert_eq!(
        ev.exchanges[0].auth().unwrap().scheme.as_deref(),
        Some("Basic")
    );
    // A retry in the same form that worked: the failure passed.
    let (s, recovered) = attempts(&format!(
        "+ curl -sf -u \"ci@acme.io:$TOKEN\" {url}\ncurl: (22) The requested URL returned error: 401\n\
         + curl -sf -u \"ci@acme.io:$TOKEN\" {url}\n{{\"uuid\": \"{{1}}\", \"slug\": \"acme\"}}\n"
    ));
    assert_eq!((s, recovered), (vec![Some(200)], true));
    // Working in another form leaves the failure standing: it is what the post asks about.
    let (s, recovered) = attempts(&format!(
        "curl -H \"Authorization: Bearer ATATT3xFfGF0…\" {url}\nHTTP/1.1 401 Unauthorized\n\n\
         curl -u dev@acme.io:ATATT3xFfGF0… {url}\n{{\"uuid\": \"{{1}}\", \"slug\": \"acme\"}}\n"
    ));
    assert_eq!((s, recovered), (vec![Some(401), Some(200)], false));
    // A later attempt that got no answer says nothing of the credential.
    let ev = parse(&format!(
        "curl -u dev@acme.io:ATATT3xFfGF0… {url}\nHTTP/1.1 401 Unauthorized\n\n\
         curl -u dev@acme.io:ATATT3xFfGF0… {url}\n\
         curl: (28) Failed to connect to api.bitbucket.org port 443 after 21000 ms: Timeout was reached\n"
    ));
    assert_eq!(statuses(&ev), [Some(401), None]);
    // A fetch that works says nothing of a push refused; a fetch that works after a fetch
    // refused shows the refusal passed.
    let fetched =
        "From https://bitbucket.org/acme/web\n   3f2a1c0..9be41d2  main       -> origin/main\n";
    let (s, _) = attempts(&format!(
        "$ git push origin main\n{clone}\n$ git fetch\n{fetched}"
    ));
    assert_eq!(s, [Some(403), Some(200)]);
    let (s, recovered) = attempts(&format!("$ git fetch\n{clone}\n$ git fetch\n{fetched}"));
    assert_eq!((s, recovered), (vec![Some(200)], true));
}

#[test]
fn basic_built_with_echo_and_base64() {
    let ev = parse(
        "curl -H \"Authorization: Basic $(echo 'pat@example.com:tok' | base64)\" https://api.bitbucket.org/2.0/user",
    );
    let auth = ev.credential.unwrap();
    assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
    assert_eq!(auth.defects, [BasicDefect::TrailingNewline]);

    let ev = parse(
        "AUTH=$(echo \"pat@example.com:$TOKEN\" | base64)\n\
         curl -H \"Authorization: Basic $AUTH\" https://api.bitbucket.org/2.0/user\n",
    );
    let auth = ev.credential.unwrap();
    assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
    assert_eq!(auth.defects, [BasicDefect::TrailingNewline]);
    let p = auth.placeholder.unwrap();
    assert!(p.shell && !p.literal);

    // A literal header whose base64 decodes with a trailing newline.
    let b64 = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("pat@example.com:{API}\n"),
    );
    let ev = parse(&format!("Authorization: Basic {b64}\n"));
    let auth = ev.credential.unwrap();
    assert_eq!(auth.defects, [BasicDefect::TrailingNewline]);
    assert_eq!(auth.kind, Kind::ApiToken);
    assert_eq!(auth.checksum, Checksum::Valid);
}

#[test]
fn commands_from_every_shell_and_client() {
    let cmd = "curl.exe -X GET ^\n  -H \"Authorization: Bearer %BB_TOKEN%\" ^\n  https://api.bitbucket.org/2.0/user\n";
    let ps = "curl.exe `\n  -u \"pat@example.com:$env:BITBUCKET_API_TOKEN\" `\n  https://api.bitbucket.org/2.0/user\n";
    let httpie =
        "http --auth-type=bearer --auth=\"$TOKEN\" GET https://api.bitbucket.org/2.0/user\n";
    let wget = "wget -q -O - --header=\"Authorization: Basic {base64}\" https://api.bitbucket.org/2.0/user\n";
    // Short options glued or clustered, a value in the next word or after `=`.
    let xhs = "xhs -a \"pat@example.com:$TOKEN\" api.bitbucket.org/2.0/user\n";
    let wget_login =
        "wget --user=pat@example.com --password \"$TOKEN\" https://api.bitbucket.org/2.0/user\n";
    let cluster =
        "curl -sSXGET -fu \"pat@example.com:$TOKEN\" https://api.bitbucket.org/2.0/user\n";
    for (text, scheme) in [
        (cmd, "Bearer"),
        (ps, "Basic"),
        (httpie, "Bearer"),
        (wget, "Basic"),
        (xhs, "Basic"),
        (wget_login, "Basic"),
        (cluster, "Basic"),
    ] {
        let ev = parse(text);
        assert_eq!(ev.exchanges.len(), 1, "{text}: {:#?}", ev.exchanges);
        let r = ev.exchanges[0].request.as_ref().unwrap();
        assert_eq!(r.url, "https://api.bitbucket.org/2.0/user", "{text}");
        let auth = r.auth.as_ref().unwrap();
        assert_eq!(auth.scheme.as_deref(), Some(scheme), "{text}");
        assert!(
            auth.placeholder.as_ref().is_some_and(|p| !p.literal),
            "{text}: {auth:?}"
        );
    }
    let ev = parse(ps);
    assert_eq!(ev.credential.unwrap().kind, Kind::ApiToken);
    // `-u` with a login only: curl asks for the password and sends what was typed.
    let ev = parse("curl -u pat@example.com https://api.bitbucket.org/2.0/user\n");
    let auth = ev.credential.unwrap();
    assert_eq!(
        (auth.login.as_deref(), auth.kind),
        (Some("pat@example.com"), Kind::Unknown)
    );
}

#[test]
fn secrets_never_reach_the_evidence_in_clear() {
    let b64 = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("pat@example.com:{API}"),
    );
    let text = format!(
        "curl -u pat@example.com:{API} https://api.bitbucket.org/2.0/user\n\
         curl -H 'Authorization: Bearer {ACCESS}' https://api.bitbucket.org/2.0/repositories/a/b\n\
         git clone https://pat:{APP}@bitbucket.org/acme/widgets.git\n\
         fatal: Authentication failed for 'https://pat:{APP}@bitbucket.org/acme/widgets.git/'\n\
         Authorization: Basic {b64}\n\
         TOKEN='{ACCESS}'\n\
         curl -H \"Authorization: Bearer $TOKEN\" https://api.bitbucket.org/2.0/user\n\
         http GET https://api.bitbucket.org/2.0/user Authorization:\"Bearer {API}\"\n\
         {{\"access_token\": \"{ACCESS}\", \"token_type\": \"bearer\"}}\n\
         Basic auth, username = {API}, password = {APP}\n\
         curl https://api.bitbucket.org/2.0/user?access_token={ACCESS}\n\
         HTTP/1.1 401 Unauthorized\nx-oauth-scopes: {APP}\n\n{APP} was refused\n"
    );
    let ev = parse(&text);
    let shown = format!("{ev:?}");
    for secret in [API, ACCESS, APP, &b64] {
        assert!(!shown.contains(secret), "{secret:.12} leaked");
        assert!(
            !shown.contains(&secret[8..30]),
            "{secret:.12} leaked in part"
        );
    }
    assert!(ev.exchanges.len() >= 8, "{:#?}", ev.exchanges);
}

#[test]
fn nothing_and_junk_parse_to_empty_evidence() {
    for text in [
        "",
        "\n\n",
        "'",
        "\"",
        "$(",
        "`",
        "curl '",
        "curl $(",
        "{",
        "\u{0}\u{1}\u{fffd}",
    ] {
        let ev = parse(text);
        assert!(!ev.live);
        assert!(ev.credential.is_none(), "{text:?}");
    }
    let junk: String = (0..200_000u32)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('x'))
        .collect();
    let _ = parse(&junk);
}

#[test]
fn large_inputs_stay_linear() {
    let unit = "curl -H 'Authorization: Bearer x' https://api.bitbucket.org/2.0/user\nHTTP/1.1 401 Unauthorized\n\n{\"type\": \"error\",\n";
    let text = unit.repeat(20_000);
    let started = std::time::Instant::now();
    let ev = parse(&text);
    assert!(ev.exchanges.len() >= 20_000);
    for bad in [
        "curl '\n".repeat(100_000),
        "{\"a\n".repeat(100_000),
        "$(".repeat(500_000),
        "`".repeat(500_000),
    ] {
        let _ = parse(&bad);
    }
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn network_failures_pair_with_their_request() {
    let ev = parse(
        "curl -v https://api.bitbucket.org/2.0/user\n\
         curl: (60) SSL certificate problem: unable to get local issuer certificate\n\n\
         git push\nfatal: unable to access 'https://bitbucket.org/a/b.git/': Could not resolve host: bitbucket.org\n",
    );
    assert_eq!(ev.exchanges.len(), 2, "{:#?}", ev.exchanges);
    assert!(matches!(ev.exchanges[0].failure, Some(Failure::Tls(_))));
    assert!(matches!(ev.exchanges[1].failure, Some(Failure::Dns(_))));
    assert!(ev.exchanges[1].is_git());
}

#[test]
fn wrong_api_bases_are_kept_as_written() {
    for (url, base) in [
        (
            "https://bitbucket.org/api/2.0/repositories/a/b",
            "https://bitbucket.org/api/2.0",
        ),
        (
            "https://api.bitbucket.org/1.0/repositories/a/b",
            "https://api.bitbucket.org/1.0",
        ),
        (
            "http://api.bitbucket.org/2.0/repositories/a/b",
            "http://api.bitbucket.org/2.0",
        ),
    ] {
        let ev = parse(&format!(
            "curl -u pat@example.com:{API} {url}\nHTTP/1.1 404 Not Found\n"
        ));
        assert_eq!(ev.api_url.as_deref(), Some(base), "{url}");
    }
    // Another host (a Data Center's) is not Cloud's base at all: its requests are set aside.
    let ev = parse(&format!(
        "curl -u pat@example.com:{API} https://bitbucket.example.com/rest/api/1.0/projects/P/repos/r\nHTTP/1.1 404 Not Found\n"
    ));
    assert_eq!(ev.api_url, None);
    assert_eq!(ev.elsewhere, ["bitbucket.example.com"]);
}

#[test]
fn tool_logs_pair_requests_with_their_statuses() {
    // avivsinai/bitbucket-cli#70, as in fixtures/reports.
    let ev = parse(
        "--> GET https://api.bitbucket.org/user\n<-- 403 Forbidden\n\
         Error: verify credentials: 403 Forbidden: {\"type\": \"error\", \"error\": {\"message\": \"Forbidden\"}}\n",
    );
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    let r = ev.exchanges[0].response.as_ref().unwrap();
    assert_eq!((r.status, r.message.as_deref()), (403, Some("Forbidden")));
    assert_eq!(ev.api_url.as_deref(), Some("https://api.bitbucket.org"));
}

#[test]
fn excerpts_of_collected_reports() {
    // gildas/bb-cli: a body quoted inside a string, cut before its first brace.
    let ev = parse(
        "> ```\n> \"Your credentials lack one or more required privilege scopes.\\\", \\\"detail\\\": {\\\"required\\\": [\\\"read:user:bitbucket\\\"],\n> ```\n",
    );
    let r = ev.exchanges[0].response.as_ref().unwrap();
    assert_eq!(
        (r.status, r.required.as_slice()),
        (403, ["read:user:bitbucket".to_string()].as_slice())
    );

    // renovate: the tool's JSON log holds Bitbucket's plain-text body.
    let ev = parse(
        "      \"err\": {\n         \"statusCode\": 429,\n         \"body\": \"Rate limit for this resource has been exceeded\",\n         \"message\": \"Response code 429 (Unknown Status Code)\",\n",
    );
    let r = ev.exchanges[0].response.as_ref().unwrap();
    assert_eq!(r.status, 429);
    assert_eq!(
        r.message.as_deref(),
        Some("Rate limit for this resource has been exceeded")
    );

    // tinybucket: a log line with the method, the URL, the status and the body.
    let ev = parse(
        "E, ERROR -- : Invalid response code:500\n/x/handler.rb:16:in `on_complete': PUT https://api.bitbucket.org/2.0/repositories/a/b/commit/f0/statuses/build/t 500 {\"error\": {\"message\": \"unhashable type: 'list'\"}} (Tinybucket::Error::ServiceError)\n",
    );
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    assert_eq!(ev.exchanges[0].request.as_ref().unwrap().method, "PUT");
    assert_eq!(ev.exchanges[0].status(), Some(500));

    // Atlassian Community: pseudo-code for the Basic value, and a header followed by prose.
    let ev = parse(
        "Authorization: Basic Base64Encode({username}:{api_token})\n\nOR\n\n\
         Authorization: {api_token} (There is no documentation for this method, but it currently works.)\n",
    );
    let first = ev.exchanges[0].auth().unwrap();
    assert_eq!(
        (first.login.as_deref(), first.kind),
        (Some("{username}"), Kind::ApiToken)
    );
    assert_eq!(ev.exchanges[1].auth().unwrap().redacted, "{api_token}");

    // tga: a config file's `${VAR}` is sent as written.
    let ev = parse(
        "Basic auth config:\n```yaml\nbitbucket:\n  username: me@example.com\n  app_password: \"${BITBUCKET_APP_PASSWORD}\"\n```\n",
    );
    let p = ev.credential.unwrap().placeholder.unwrap();
    assert!(p.literal, "{p:?}");

    // A forum dropped `@bitbucket.org` from the clone URL.
    let ev = parse("    git clone https://x-token-auth:{token}/....\n");
    let auth = ev.exchanges[0].auth().unwrap();
    assert_eq!(auth.login.as_deref(), Some("x-token-auth"));
    assert!(ev.exchanges[0].is_git());
    assert!(ev.target.is_none());
}

#[test]
fn a_status_quoted_or_told_in_words() {
    // auth0-deploy-extensions#38: the tool's sentence quoted in prose, ending with a period.
    let ev = parse("The only logs I receive is \"Request failed with status code 401.\"\n");
    assert_eq!(statuses(&ev), [Some(401)], "{:#?}", ev.exchanges);
    // apache/devlake#8700: the reason phrase, then the number with its own words.
    let ev = parse("i got a unauthorized (401 http code) response. with the workspace token\n");
    assert_eq!(statuses(&ev), [Some(401)], "{:#?}", ev.exchanges);
    // The rest of that sentence is prose all the same.
    assert!(ev.claimed(&Claim::CredentialKind(Kind::AccessToken)));
}

#[test]
fn a_go_http2_debug_log_is_an_exchange() {
    // drone/go-scm#355: the status told in prose, the request and the response headers in
    // the log that follows.
    let ev = parse(
        "Non-admin users get a 403.\n```\n\
         2026/04/08 14:09:01 http2: Transport encoding header \":authority\" = \"api.bitbucket.org\"\n\
         2026/04/08 14:09:01 http2: Transport encoding header \":path\" = \"/2.0/workspaces/acme/permissions/repositories/api\"\n\
         2026/04/08 14:09:01 http2: decoded hpack field header field \"x-credential-type\" = \"oauth2\"\n```\n",
    );
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    let e = &ev.exchanges[0];
    let request = e.request.as_ref().unwrap();
    assert_eq!(
        request.url,
        "https://api.bitbucket.org/2.0/workspaces/acme/permissions/repositories/api"
    );
    // The log shows some of the headers sent: the credential is unknown, not absent; what the
    // text tells of it (Bitbucket named its type) describes it.
    assert!(request.auth_unseen);
    assert!(request.auth.as_ref().is_none_or(|a| a.described));
    let r = e.response.as_ref().unwrap();
    assert_eq!(
        (r.status, r.header("x-credential-type")),
        (403, Some("oauth2"))
    );
    // The credential Bitbucket recognised is the one examined.
    assert_eq!(
        ev.claims.first(),
        Some(&Claim::CredentialKind(Kind::OauthToken))
    );
}

#[test]
fn bitbucket_permission_refusal_is_a_403_of_its_own() {
    // harness/harness#3683: Bitbucket's message in the tool's log, then the tool's own API.
    let ev = parse(
        "api: cannot sync repository permissions\n\
         Access denied. You must have write or admin access. HTTP/2.0 403 Forbidden\n\n\
         * GET /api/repos/{owner}/{repo} → 404\n",
    );
    let e = &ev.exchanges[0];
    let r = e.response.as_ref().unwrap();
    assert_eq!(r.status, 403);
    assert!(r.says("You must have write or admin access"));
    assert!(e.request.is_none(), "{:#?}", ev.exchanges);
}

#[test]
fn prose_names_the_credential_used_not_the_one_denied_or_wished() {
    // composer#9369: OAuth named only to say it was not used; SSH keys only.
    let ev =
        parse("Hi, we did not use OAuth on Bitbucket, we just use ssh key in any private store\n");
    assert!(
        !ev.claimed(&Claim::CredentialKind(Kind::OauthToken)),
        "{:?}",
        ev.claims
    );
    // "we just use ssh key" says so to one reader, but no second report says it that way: it is
    // not a claim (a claim needs two independent reports behind it).
    assert!(!ev.claimed(&Claim::NoCredential));
    // fork-dev/Tracker#2416: the token created comes before the login wished for. "Personal
    // Access Token as auth method" is one tool's menu item, not a general claim of Bearer.
    let ev = parse(
        "Is it possible to make it work as e.g. an account added through Login (OAUTH)?\n\
         1. In BitBucket create a new API token with scopes.\n\
         3. In Fork add a new account using Personal Access Token as auth method\n",
    );
    assert_eq!(
        ev.claims.first(),
        Some(&Claim::CredentialKind(Kind::ApiToken)),
        "{:?}",
        ev.claims
    );
    assert!(!ev.claimed(&Claim::BearerAuth));
    // apache/devlake#8700: a workspace's "api token" is its access token; git's special
    // logins named as the user mean Basic auth.
    let ev = parse("with workspace api token i tried to use the users x-token-auth\n");
    assert_eq!(
        ev.claims.first(),
        Some(&Claim::CredentialKind(Kind::AccessToken)),
        "{:?}",
        ev.claims
    );
    assert!(!ev.claimed(&Claim::CredentialKind(Kind::ApiToken)));
    assert!(ev.claimed(&Claim::BasicAuth));
}

#[test]
fn an_answer_that_names_its_url_is_that_request() {
    // composer#9369 and bugwarrior#694: the URL beside the status or the body, its headers
    // not shown.
    let ev = parse("[403] https://api.bitbucket.org/2.0/repositories/acme/api?fields=-owner\n");
    let request = ev.exchanges[0].request.as_ref().unwrap();
    assert_eq!(
        request.url,
        "https://api.bitbucket.org/2.0/repositories/acme/api?fields=-owner"
    );
    assert!(request.auth.is_none() && request.auth_unseen);
    let ev = parse(
        "failed: Non-200 status code 410; u'https://api.bitbucket.org/1.0/repositories/a/b'; u'{\"type\": \"error\", \"error\": {\"message\": \"Resource removed\"}}'\n",
    );
    let e = &ev.exchanges[0];
    assert_eq!(
        (e.request.as_ref().unwrap().url.as_str(), e.status()),
        ("https://api.bitbucket.org/1.0/repositories/a/b", Some(410))
    );
    // A URL the post cut short, or one in Bitbucket's own message, names no request.
    let no_url = |ev: &crate::evidence::Evidence| {
        ev.exchanges[0]
            .request
            .as_ref()
            .is_none_or(|r| r.url.is_empty())
    };
    let ev = parse(
        "404 Client Error: Not Found for url: https://api.bitbucket.org/2.0/workspaces/...\n",
    );
    assert!(no_url(&ev), "{:#?}", ev.exchanges);
    let ev = parse(
        "Too many invalid password attempts. Log in at https://id.atlassian.com/ to restore access.\n",
    );
    assert!(no_url(&ev), "{:#?}", ev.exchanges);
}

#[test]
fn each_git_command_is_its_own_request() {
    // community qaq-p/3057268: every form tried, forum-elided, one after the other.
    let ev = parse(
        "    git clone https://{username}:{token}/....\n\n\
             git clone https://x-token-auth:{token}/....\n\n\
             git clone -c http.extraHeader='Authorization: Bearer ...'\n",
    );
    let logins: Vec<Option<&str>> = ev
        .exchanges
        .iter()
        .map(|e| e.auth().and_then(|a| a.login.as_deref()))
        .collect();
    assert_eq!(logins, [Some("{username}"), Some("x-token-auth"), None]);
    assert!(ev.exchanges[2].auth().unwrap().scheme_is("bearer"));
    assert!(ev.exchanges.iter().all(Exchange::is_git));
    // git's output after a command still completes it.
    let ev = parse(
        "git clone https://bitbucket.org/acme/api.git\n\
         fatal: Authentication failed for 'https://bitbucket.org/acme/api.git/'\n",
    );
    assert_eq!(statuses(&ev), [Some(401)], "{:#?}", ev.exchanges);
}

#[test]
fn a_header_said_to_work() {
    // community qaq-p/3136695: the words after the header are prose.
    let ev = parse(
        "Authorization: {api_token} (There is no documentation for this method, but it currently works.)\n",
    );
    assert!(ev.claimed(&Claim::Works), "{:?}", ev.claims);
    assert!(!parse("it does not work, it fails with 401\n").claimed(&Claim::Works));
}

#[test]
fn every_collected_report_parses() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/reports");
    let entries: Vec<_> = ["dev", "test"]
        .iter()
        .flat_map(|split| std::fs::read_dir(format!("{root}/{split}")).expect("the corpus"))
        .collect();
    assert!(
        entries.len() > 200,
        "the corpus holds {} files",
        entries.len()
    );
    for entry in entries.into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            let ev = parse(&text);
            assert!(!ev.live, "{}", path.display());
        }
    }
}

/// Single-quote a value for a POSIX shell.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

proptest! {
    #[test]
    fn parse_never_panics(text in ".{0,400}") {
        let _ = parse(&text);
    }

    #[test]
    fn parsers_never_panic_on_shell_like_text(
        text in r#"(curl |http |git clone |-H |-u |\$\(|`|'|"|\\|\^|\{|\}|:|HTTP/1\.1 401 |remote: |fatal: |\n|[a-z0-9 ]{1,6}|Authorization: |Basic |Bearer ){0,40}"#
    ) {
        let _ = parse(&text);
        let _ = shell::command(&text, 0);
        let _ = crate::credential::decode_basic(&text);
        let mut r = claims::Reader::default();
        r.read(&text);
        let _ = dates::latest_date(&text);
        let _ = http::transcript(&text, 0);
    }

    #[test]
    fn decode_basic_never_panics(text in ".{0,200}") {
        let _ = crate::credential::decode_basic(&text);
    }

    #[test]
    fn a_rendered_curl_parses_back(
        scheme in "[A-WYZ][a-wyz]{2,9}",
        value in "[A-Za-z0-9._~+/=-]{1,60}",
        // Cloud's hosts and the simulator's: requests elsewhere are set aside (below).
        host in proptest::sample::select(vec!["api.bitbucket.org", "bitbucket.org", "127.0.0.1:8080"]),
        path in "(/[a-z0-9._-]{1,10}){0,4}",
        quote_url in any::<bool>(),
    ) {
        // Loopback is the simulator's only with a path Bitbucket serves.
        let path = match host.starts_with("127.") {
            true => format!("/2.0{path}"),
            false => path,
        };
        let url = format!("https://{host}{path}");
        let url_arg = if quote_url { sh_quote(&url) } else { url.clone() };
        let header = sh_quote(&format!("Authorization: {scheme} {value}"));
        let ev = parse(&format!("curl -s -H {header} {url_arg}"));
        prop_assert_eq!(ev.exchanges.len(), 1);
        let request = ev.exchanges[0].request.as_ref().unwrap();
        prop_assert_eq!(&request.url, &url);
        prop_assert_eq!(request.auth.as_ref().unwrap().scheme.as_deref(), Some(scheme.as_str()));
    }

    #[test]
    fn a_request_to_another_host_is_set_aside(
        host in "[a-z]{1,12}\\.example",
        path in "(/[a-z0-9._-]{1,10}){0,4}",
    ) {
        let ev = parse(&format!("curl -s -H 'Authorization: Bearer x' https://{host}{path}\nHTTP/1.1 401 Unauthorized\n"));
        prop_assert!(ev.exchanges.is_empty(), "{:?}", ev.exchanges);
        prop_assert_eq!(ev.elsewhere, vec![host]);
    }
}

#[test]
fn a_failure_is_bitbucket_s_only_when_it_can_be() {
    let failed = |text: &str| -> Vec<(crate::evidence::Strength, bool)> {
        parse(text)
            .exchanges
            .iter()
            .filter(|e| e.failure.is_some())
            .map(|e| (e.strength, e.request.is_some()))
            .collect()
    };
    use crate::evidence::Strength::{Inferred, Shown};
    // The machine's own service, after a clone: set aside.
    let clone = "+ git clone https://bitbucket.org/acme/api.git\nCloning into 'api'...\n";
    assert_eq!(
        failed(&format!(
            "{clone}+ npm test\nError: connect ECONNREFUSED 127.0.0.1:6379\n"
        )),
        []
    );
    assert_eq!(
        failed(&format!(
            "{clone}+ curl -fsS http://localhost:8080/healthz\ncurl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n"
        )),
        []
    );
    // Another host named: not the open request's answer.
    assert_eq!(
        failed(
            "$ git clone https://bitbucket.org/acme/api.git\nssh: connect to host github.com port 22: Connection timed out\n"
        ),
        []
    );
    // Named nowhere, far from any command: somewhere in the job.
    let far = format!(
        "{clone}+ ./run-tests.sh\n\n> Task :test\n\nSomeTest > works FAILED\n    java.net.ConnectException: Connection refused\n"
    );
    assert_eq!(failed(&far), [(Inferred, false)]);
    // A build or package tool's, or curl's to another host, once its output has begun: theirs.
    // (A failure on the line right after such a command is still taken for the open clone's:
    // the scanner marks no boundary at a command it does not read.)
    for (command, output) in [
        ("./gradlew test", "> Task :compileJava\n\n"),
        (
            "pip install -r requirements.txt",
            "Looking in indexes: https://pypi.org/simple\n\n",
        ),
        (
            "curl -v -T app.jar https://acme.jfrog.io/libs/app.jar",
            "* Establish HTTP proxy tunnel to acme.jfrog.io:443\n\n",
        ),
    ] {
        let text = format!(
            "{clone}+ {command}\n{output}ProxyError: Received HTTP code 407 from proxy after CONNECT\n"
        );
        assert_eq!(failed(&text), [], "{command}");
    }
    // Right after the command, or naming Bitbucket: its.
    assert_eq!(
        failed(
            "$ git push origin main\nerror: RPC failed; curl 56 Recv failure: Connection reset by peer\n"
        ),
        [(Shown, true)]
    );
    assert_eq!(
        failed("I can't clone from Bitbucket Cloud, I just get \"Connection timed out\".\n"),
        [(Shown, false)]
    );
}

#[test]
fn the_forms_a_post_sent_are_named_in_order_without_repeats() {
    let text = "curl -H 'Authorization: Bearer {api_token}' https://api.bitbucket.org/2.0/user\n\
        curl -H 'Authorization: {api_token}' https://api.bitbucket.org/2.0/user\n\
        curl -H 'Authorization: Bearer {api_token}' https://api.bitbucket.org/2.0/user\n";
    let ev = parse(text);
    assert_eq!(ev.sent_forms(), ["Bearer {api_token}", "{api_token}"]);
    // A long log names a few, not all.
    let log: String = (0..10)
        .map(|i| {
            format!("curl -H 'Authorization: Bearer $T{i}' https://api.bitbucket.org/2.0/user\n")
        })
        .collect();
    assert_eq!(parse(&log).sent_forms().len(), 4);
}

/// Bitbucket's refusal of a Bearer token (fact sheet R3).
const R3: &str = r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#;

/// The one exchange of a paste, its credential and its URL.
fn code_request(text: &str) -> (crate::evidence::SentAuth, String) {
    let ev = parse(text);
    assert_eq!(ev.exchanges.len(), 1, "{text}\n{:#?}", ev.exchanges);
    let request = ev.exchanges[0].request.clone().unwrap();
    assert_eq!(ev.source.as_deref(), Some("pasted code"), "{text}");
    (request.auth.unwrap(), request.url)
}

#[test]
fn client_code_sets_the_authorization_python_requests() {
    // The forum post of the issue: a literal API token in a Python dict, the call's URL.
    let text = format!(
        "I'm calling the API from Python and always get 401:\n\nimport requests\n\
         headers = {{\"Authorization\": \"Bearer {API}\"}}\n\
         r = requests.get(\"https://api.bitbucket.org/2.0/repositories/acme/widgets\", headers=headers)\n\
         print(r.status_code, r.text)\n\n401 {R3}\n"
    );
    let ev = parse(&text);
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    let e = &ev.exchanges[0];
    let request = e.request.as_ref().unwrap();
    assert_eq!(
        (request.method.as_str(), request.url.as_str()),
        (
            "GET",
            "https://api.bitbucket.org/2.0/repositories/acme/widgets"
        )
    );
    let auth = request.auth.as_ref().unwrap();
    assert_eq!(auth.scheme.as_deref(), Some("Bearer"));
    assert_eq!(
        (auth.kind, auth.checksum),
        (Kind::ApiToken, Checksum::Valid)
    );
    assert_eq!(auth.redacted, "Bearer ATATT…(192 chars)");
    assert!(
        e.response
            .as_ref()
            .unwrap()
            .says("not supported for this endpoint")
    );
    assert_eq!(ev.target.as_ref().unwrap().to_string(), "acme/widgets");
    let shown = format!("{ev:?}");
    assert!(!shown.contains(&API[20..60]), "the token leaks: {shown}");
    let findings = crate::rules::diagnose(&ev);
    // The whole token stands in the code: that is said first, then the root cause.
    assert_eq!(findings[0].rule.id, "leaked-secret");
    assert_eq!(findings[1].rule.id, "api-token-as-bearer");
}

#[test]
fn client_code_in_each_language() {
    // (code, the header as it is shown, the URL)
    let cases = [
        // Python: an f-string with an environment variable, across a multi-line dict.
        (
            "token = os.environ[\"BITBUCKET_API_TOKEN\"]\nheaders = {\n    \"Accept\": \"application/json\",\n    \"Authorization\": f\"Bearer {token}\",\n}\nr = requests.get(\"https://api.bitbucket.org/2.0/user\", headers=headers)\n",
            "Bearer $BITBUCKET_API_TOKEN",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "r = httpx.get(url, headers={'Authorization': 'Bearer ' + access_token})\n",
            "Bearer {access_token}",
            "",
        ),
        // Python: Basic from a pair.
        (
            "r = requests.get(\"https://api.bitbucket.org/2.0/user\", auth=(\"pat@example.com\", api_token))\n",
            "Basic p***@example.com:{api_token}",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "auth = HTTPBasicAuth(\"pat\", os.getenv(\"BITBUCKET_APP_PASSWORD\"))\n",
            "Basic pat:$BITBUCKET_APP_PASSWORD",
            "",
        ),
        // JavaScript: fetch with a template literal, Basic with btoa, axios' auth.
        (
            "const res = await fetch(\"https://api.bitbucket.org/2.0/user\", {\n  headers: { Authorization: `Bearer ${process.env.BITBUCKET_TOKEN}` },\n});\n",
            "Bearer $BITBUCKET_TOKEN",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "fetch(url, { headers: { 'Authorization': 'Basic ' + btoa(email + ':' + apiToken) } })\n",
            "Basic {email}:{apiToken}",
            "",
        ),
        (
            "axios.get('https://api.bitbucket.org/2.0/user', { auth: { username: 'pat', password: appPassword } })\n",
            "Basic pat:{appPassword}",
            "https://api.bitbucket.org/2.0/user",
        ),
        // PowerShell: a hashtable, a variable assigned before, the cmdlet's -Uri.
        (
            "$headers = @{ Authorization = \"Bearer $env:BITBUCKET_ACCESS_TOKEN\" }\nInvoke-RestMethod -Uri \"https://api.bitbucket.org/2.0/user\" -Headers $headers\n",
            "Bearer $BITBUCKET_ACCESS_TOKEN",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "$pair = \"pat:$token\"\n$headers = @{\n  Accept = \"application/json\"\n  Authorization = \"Basic \" + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($pair))\n}\n",
            "Basic pat:$token",
            "",
        ),
        // Java, C#, Go: the request built first, its header set after.
        (
            "URL url = new URL(\"https://api.bitbucket.org/2.0/user\");\nHttpURLConnection conn = (HttpURLConnection) url.openConnection();\nconn.setRequestProperty(\"Authorization\", \"Bearer \" + token);\n",
            "Bearer {token}",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(\"Bearer\", apiToken);\nvar response = await client.GetAsync(\"https://api.bitbucket.org/2.0/user\");\n",
            "Bearer {apiToken}",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "req, _ := http.NewRequest(\"GET\", \"https://api.bitbucket.org/2.0/user\", nil)\nreq.Header.Set(\"Authorization\", \"Bearer \"+os.Getenv(\"BITBUCKET_ACCESS_TOKEN\"))\n",
            "Bearer $BITBUCKET_ACCESS_TOKEN",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "req.SetBasicAuth(\"pat@example.com\", token)\n",
            "Basic p***@example.com:{token}",
            "",
        ),
        // Clients' own Bearer calls: reqwest, ktor, Spring, Laravel (whose second argument
        // names the scheme).
        (
            "let res = client\n    .get(\"https://api.bitbucket.org/2.0/user\")\n    .bearer_auth(&token)\n    .send()?;\n",
            "Bearer {token}",
            "https://api.bitbucket.org/2.0/user",
        ),
        (
            "val res = client.get(\"https://api.bitbucket.org/2.0/user\") {\n    bearerAuth(apiToken)\n}\n",
            "Bearer {apiToken}",
            "https://api.bitbucket.org/2.0/user",
        ),
        ("headers.setBearerAuth(token);\n", "Bearer {token}", ""),
        (
            "$r = Http::withToken($token, 'Basic')->get('https://api.bitbucket.org/2.0/user');\n",
            "Basic $token",
            "https://api.bitbucket.org/2.0/user",
        ),
        // PowerShell 7's own Bearer, its token a SecureString built from a string.
        (
            "$tok = ConvertTo-SecureString $env:BITBUCKET_TOKEN -AsPlainText -Force\nInvoke-RestMethod -Uri \"https://api.bitbucket.org/2.0/user\" -Authentication Bearer -Token $tok\n",
            "Bearer $BITBUCKET_TOKEN",
            "https://api.bitbucket.org/2.0/user",
        ),
        // A Postman export's auth object, Bearer and Basic.
        (
            "\"auth\": { \"type\": \"bearer\", \"bearer\": [ { \"key\": \"token\", \"value\": \"{{bb_token}}\", \"type\": \"string\" } ] },\n",
            "Bearer {{bb_token}}",
            "",
        ),
        (
            "\"auth\": {\n  \"type\": \"basic\",\n  \"basic\": [\n    { \"key\": \"password\", \"value\": \"{{token}}\" },\n    { \"key\": \"username\", \"value\": \"pat\" }\n  ]\n},\n",
            "Basic pat:{{token}}",
            "",
        ),
    ];
    for (code, shown, url) in cases {
        let (auth, sent_to) = code_request(code);
        assert_eq!(
            (auth.redacted.as_str(), sent_to.as_str()),
            (shown, url),
            "{code}"
        );
    }
}

#[test]
fn client_code_variables_take_their_kind_from_their_name() {
    // A variable the paste never assigns: its value is unknown, its kind is its name's, as
    // for a shell's `$BITBUCKET_API_TOKEN`.
    let (auth, _) = code_request("headers = {\"Authorization\": f\"Bearer {api_token}\"}\n");
    assert_eq!((auth.kind, auth.secret_len), (Kind::ApiToken, None));
    assert_eq!(auth.placeholder.unwrap().text, "{api_token}");
    let (auth, _) =
        code_request("headers = {\"Authorization\": \"Bearer \" + self.repo_access_token}\n");
    assert_eq!(auth.kind, Kind::AccessToken);
    let (auth, _) =
        code_request("headers = {\"Authorization\": f\"Bearer {config['app_password']}\"}\n");
    assert_eq!(auth.kind, Kind::AppPassword);
    // A variable assigned a literal earlier: the literal, classified by its shape.
    let (auth, _) = code_request(&format!(
        "const token = '{ACCESS}';\nconst h = {{ Authorization: `Bearer ${{token}}` }};\n"
    ));
    assert_eq!(
        (auth.kind, auth.checksum),
        (Kind::AccessToken, Checksum::Valid)
    );
    assert_eq!(auth.secret_len, Some(ACCESS.len()));
    // The URL assigned before the call (`fetch(url)`), the method from its options.
    let ev = parse(
        "const url = \"https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests\";\n\
         fetch(url, {\n  method: \"POST\",\n  headers: { \"Authorization\": \"Bearer \" + token },\n});\n",
    );
    let request = ev.exchanges[0].request.as_ref().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(ev.target.unwrap().to_string(), "acme/widgets");
}

#[test]
fn client_code_keeps_literal_secrets_secret() {
    // A secret with no Atlassian prefix: only the way it is kept can hide it.
    const OPAQUE: &str = "Zq9vK2mXw7LpR4tN8cYbH3sD";
    let text = format!(
        "headers = {{\"Authorization\": \"Bearer {API}\"}}\n\
         requests.get(\"https://api.bitbucket.org/2.0/user\", auth=(\"pat@example.com\", \"{APP}\"))\n\
         fetch(\"https://api.bitbucket.org/2.0/user\", {{ headers: {{ Authorization: 'Basic ' + btoa('pat@example.com:{API}') }} }})\n\
         $h = @{{ Authorization = \"Bearer {ACCESS}\" }}\n\
         url = \"https://api.bitbucket.org/2.0/user?access_token={ACCESS}\"\n\
         requests.get(url, headers={{\"Authorization\": \"Bearer \" + \"{ACCESS}\"}})\n\
         tok = \"{OPAQUE}\"\n\
         requests.get(f\"https://api.bitbucket.org/2.0/user?access_token={{tok}}\", headers={{\"Authorization\": f\"Bearer {{tok}}\"}})\n\
         fetch(\"https://pat:{OPAQUE}@api.bitbucket.org/2.0/user\", {{ headers: {{ Authorization: 'Bearer ' + tok }} }})\n"
    );
    let ev = parse(&text);
    assert!(ev.exchanges.len() >= 7, "{:#?}", ev.exchanges);
    let shown = format!("{ev:?}");
    for secret in [API, ACCESS, APP, OPAQUE] {
        assert!(
            !shown.contains(&secret[4..20]),
            "{secret:.12} leaked: {shown}"
        );
    }
    let basic = ev.exchanges[2].auth().unwrap();
    assert_eq!(
        (basic.kind, basic.login.as_deref()),
        (Kind::ApiToken, Some("pat@example.com"))
    );
}

#[test]
fn client_code_is_not_read_into_prose_or_masks() {
    for text in [
        // A list of header names, a type, a header masked whole by the tool that logged it.
        "allowed = ['Authorization', 'Content-Type']\n",
        "interface Headers { Authorization: string; }\n",
        "  \"authorization\": \"***********\",\n",
        "The Authorization header is set = wrong?\n",
    ] {
        let ev = parse(text);
        assert!(ev.exchanges.is_empty(), "{text}\n{:#?}", ev.exchanges);
    }
    // A header line in prose is still the header parser's.
    let ev = parse("Authorization: Bearer {api_token}\n");
    assert_eq!(ev.source.as_deref(), Some("pasted header"));
    // The words after a line of code are read all the same.
    let ev = parse("headers = {\"Authorization\": \"Bearer \" + token}  # this gives 401\n");
    assert_eq!(statuses(&ev), [Some(401)], "{:#?}", ev.exchanges);
    assert!(ev.exchanges[0].auth().is_some());
}

#[test]
fn a_bearer_refusal_without_the_credential_names_both_readings() {
    // R3 pasted alone: a Bearer token was refused, of a kind the text does not say.
    let ev = parse(&format!("HTTP/1.1 401 Unauthorized\n{R3}\n"));
    let findings = crate::rules::diagnose(&ev);
    let ids: Vec<&str> = findings.iter().map(|f| f.rule.id).collect();
    assert_eq!(ids, ["invalid-credentials"]);
    let detail = findings[0].found.detail.as_deref().unwrap();
    assert!(detail.contains("api-token-as-bearer") && detail.contains("access or OAuth token"));
    // `check` with the token sent as Bearer tells which: its shape names its kind.
    let confirm = findings[0].found.confirm.as_deref().unwrap();
    assert!(confirm.starts_with("BITBUCKET_ACCESS_TOKEN="), "{confirm}");
    // The post names an access token: one reading.
    let ev = parse(&format!(
        "My repository access token stopped working:\n401 {R3}\n"
    ));
    let findings = crate::rules::diagnose(&ev);
    assert_eq!(findings[0].rule.id, "invalid-credentials");
    assert!(
        !findings[0]
            .found
            .detail
            .as_deref()
            .unwrap()
            .contains("api-token-as-bearer")
    );
    // The post names an API token: it was sent as Bearer (unchanged).
    let ev = parse(&format!("I use my API token:\n401 {R3}\n"));
    let ids: Vec<&str> = crate::rules::diagnose(&ev)
        .iter()
        .map(|f| f.rule.id)
        .collect();
    assert_eq!(ids, ["api-token-as-bearer"]);
    // Bitbucket's other refusals keep their own findings, and Basic's has no such detail.
    let ev = parse(
        "HTTP/1.1 401 Unauthorized\n{\"type\": \"error\", \"error\": {\"message\": \"Access token expired.\"}}\n",
    );
    let ids: Vec<&str> = crate::rules::diagnose(&ev)
        .iter()
        .map(|f| f.rule.id)
        .collect();
    assert_eq!(ids, ["token-expired"]);
    let ev = parse(&format!("HTTP/1.1 401 Unauthorized\n\n{R1}\n"));
    let findings = crate::rules::diagnose(&ev);
    assert_eq!(findings[0].rule.id, "invalid-credentials");
    assert!(findings[0].found.detail.is_none());
}

#[test]
fn a_login_named_email_is_an_email_though_the_text_hides_it() {
    // The documented form, refused (R1): the token is wrong, not the login.
    for login in [
        "$BITBUCKET_EMAIL",
        "{email}",
        "<your-email>",
        "%ATLASSIAN_EMAIL%",
    ] {
        let text = format!(
            "curl -u \"{login}:$BITBUCKET_API_TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/widgets\n{R1}\n"
        );
        let ev = parse(&text);
        let auth = ev.credential.as_ref().unwrap();
        assert_eq!(auth.login_form(), Some(LoginForm::Email), "{login}");
        let findings = crate::rules::diagnose(&ev);
        assert_eq!(findings[0].rule.id, "invalid-credentials", "{login}");
    }
    // A name that says username stays one.
    let text = format!(
        "curl -u \"$BITBUCKET_USERNAME:$BITBUCKET_API_TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/widgets\n{R1}\n"
    );
    let findings = crate::rules::diagnose(&parse(&text));
    assert_eq!(findings[0].rule.id, "api-token-with-username");
}

#[test]
fn a_header_masked_whole_hides_its_scheme_too() {
    for mask in ["***", "xxxx", "[REDACTED]", "<hidden>"] {
        let ev = parse(&format!(
            "curl -H 'Authorization: {mask}' https://api.bitbucket.org/2.0/user\nHTTP/1.1 401 Unauthorized\n"
        ));
        let ids: Vec<&str> = crate::rules::diagnose(&ev)
            .iter()
            .map(|f| f.rule.id)
            .collect();
        assert_eq!(ids.first(), Some(&"invalid-credentials"), "{mask}: {ids:?}");
        assert!(!ids.contains(&"missing-auth-scheme"), "{mask}: {ids:?}");
    }
    // A placeholder for the token alone is what the seed post sent: no scheme word.
    let ev = parse(
        "curl -H 'Authorization: {api_token}' https://api.bitbucket.org/2.0/user\nHTTP/1.1 401 Unauthorized\n",
    );
    let ids: Vec<&str> = crate::rules::diagnose(&ev)
        .iter()
        .map(|f| f.rule.id)
        .collect();
    assert!(ids.contains(&"missing-auth-scheme"), "{ids:?}");
}

#[test]
fn a_failure_nothing_names_is_said_so_not_called_ok() {
    for text in [
        "HTTP/1.1 403 Forbidden\n",
        "HTTP/1.1 404 Not Found\n",
        "HTTP/1.1 400 Bad Request\n\n{\"type\": \"error\", \"error\": {\"message\": \"Something odd\"}}\n",
    ] {
        let ids: Vec<&str> = crate::rules::diagnose(&parse(text))
            .iter()
            .map(|f| f.rule.id)
            .collect();
        assert_eq!(ids, ["unexplained-failure"], "{text}");
    }
    // A cause named silences it; text with no failure has nothing to explain.
    for text in [
        "HTTP/1.1 401 Unauthorized\n",
        "hello\n",
        "HTTP/1.1 200 OK\n",
    ] {
        let ids: Vec<&str> = crate::rules::diagnose(&parse(text))
            .iter()
            .map(|f| f.rule.id)
            .collect();
        assert!(!ids.contains(&"unexplained-failure"), "{text}: {ids:?}");
    }
}

#[test]
fn a_curl_command_and_its_verbose_transcript_are_one_request() {
    let text = "$ curl -v -u \"pat@example.com:$TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/widgets\n\
                > GET /2.0/repositories/acme/widgets HTTP/2\n\
                > Host: api.bitbucket.org\n\
                > Authorization: Basic cGF0QGV4YW1wbGUuY29tOnRvaw==\n\
                >\n\
                < HTTP/2 401\n\
                <\n\
                Login failed due to incorrect login credentials or method.\n";
    let ev = parse(text);
    assert_eq!(ev.exchanges.len(), 1, "{:#?}", ev.exchanges);
    let e = &ev.exchanges[0];
    assert_eq!(e.status(), Some(401));
    // What went out, as the transcript shows it, not the command's `$TOKEN`.
    assert!(
        e.auth().unwrap().redacted.contains("(3 chars)"),
        "{:?}",
        e.auth()
    );
    // Another request after the command stays another request.
    let two = format!("{text}$ curl -u pat:x https://api.bitbucket.org/2.0/user\n< HTTP/2 200\n");
    assert_eq!(parse(&two).exchanges.len(), 2);
}

#[test]
fn a_tool_logs_status_anywhere_on_the_line_of_its_request() {
    // Ways tools log one failed call: the status before the method, after the URL, in words.
    for line in [
        "2026-11-20T10:00:01.123Z ERROR GET https://api.bitbucket.org/2.0/repositories/acme/widgets failed: 401 Unauthorized",
        "com.example.BitbucketException: 401 Unauthorized: GET https://api.bitbucket.org/2.0/repositories/acme/widgets",
        "Response status code does not indicate success: 401 (Unauthorized). GET https://api.bitbucket.org/2.0/repositories/acme/widgets",
        "npm ERR! 401 Unauthorized - GET https://api.bitbucket.org/2.0/repositories/acme/widgets",
        "Bitbucket API returned 401 for https://api.bitbucket.org/2.0/repositories/acme/widgets",
        "the server responded with 401 on https://api.bitbucket.org/2.0/repositories/acme/widgets",
    ] {
        let ev = parse(line);
        let e = ev
            .exchanges
            .iter()
            .find(|e| e.status() == Some(401))
            .unwrap_or_else(|| panic!("no 401 in {line:?}: {:#?}", ev.exchanges));
        let url = e.request.as_ref().map(|r| r.url.as_str()).unwrap_or("");
        assert!(
            url.ends_with("/2.0/repositories/acme/widgets"),
            "{line:?}: {url:?}"
        );
    }
    // A method and URL with no status stays a request without an answer.
    let ev = parse("GET https://api.bitbucket.org/2.0/repositories/acme/widgets took 120 ms");
    assert!(
        ev.exchanges.iter().all(|e| e.status().is_none()),
        "{:#?}",
        ev.exchanges
    );
    // "returned" before a count is no status.
    let ev = parse(
        "the listing returned 200 items from https://api.bitbucket.org/2.0/repositories/acme",
    );
    assert!(
        ev.exchanges.iter().all(|e| e.status() != Some(200)),
        "{:#?}",
        ev.exchanges
    );
}

#[test]
fn a_config_with_a_username_is_no_answer_that_worked() {
    // composer's auth.json: a tool's config, not Bitbucket's account object.
    let ev = parse(
        "{\n  \"http-basic\": {\n    \"bitbucket.org\": {\n      \"username\": \"jdoe\",\n      \"password\": \"x\"\n    }\n  }\n}\n",
    );
    assert!(
        ev.exchanges
            .iter()
            .all(|e| !e.response.as_ref().is_some_and(|r| r.is_success())),
        "{:#?}",
        ev.exchanges
    );
    // Bitbucket's account object still is one.
    let ev = parse("{\"type\": \"user\", \"username\": \"jdoe\", \"uuid\": \"{1234}\"}");
    assert!(
        ev.exchanges.iter().any(|e| e.status() == Some(200)),
        "{:#?}",
        ev.exchanges
    );
}

#[test]
fn a_powershell_cmdlet_without_a_credential_parameter_sends_none() {
    let bare = "Invoke-RestMethod -Uri \"https://api.bitbucket.org/2.0/repositories/acme/ops\" -Method Get\n";
    let ev = parse(bare);
    let request = ev.exchanges[0].request.clone().unwrap();
    assert!(
        request.auth.is_none() && !request.auth_unseen,
        "{request:?}"
    );
    // With a parameter that may carry one, the call waits for the header the code sets.
    for param in [
        "-Headers $h",
        "-Credential $cred",
        "-WebSession $s",
        "-Body $form",
    ] {
        let text = format!(
            "Invoke-RestMethod -Uri \"https://api.bitbucket.org/2.0/repositories/acme/ops\" {param}\n"
        );
        let ev = parse(&text);
        assert!(
            ev.exchanges.iter().all(|e| e
                .request
                .as_ref()
                .is_none_or(|r| r.auth.is_some() || r.auth_unseen)),
            "{text}\n{:#?}",
            ev.exchanges
        );
    }
}

#[test]
fn a_timeout_on_a_host_that_answered_is_a_slow_request_not_an_unreachable_bitbucket() {
    let answered = "INFO  GET https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/7 -> 200 (0.31s)\n";
    let timed_out = "ERROR GET https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/7/diffstat?pagelen=500 failed: requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.bitbucket.org', port=443): Read timed out. (read timeout=30)\n";
    let network = |text: &str| {
        crate::rules::diagnose(&parse(text))
            .into_iter()
            .find(|f| f.rule.id == "network-error")
            .map(|f| f.severity)
    };
    // Alone, the timeout is Bitbucket not answering; after the same host answered, it is
    // this request that took too long.
    assert_eq!(network(timed_out), Some(crate::rules::Severity::Error));
    assert_eq!(
        network(&format!("{answered}{timed_out}")),
        Some(crate::rules::Severity::Warning)
    );
}

#[test]
fn a_url_in_a_variable_is_bitbucket_s_only_when_its_name_or_path_says_so() {
    for untied in [
        "$SLACK_WEBHOOK_URL",
        "${STATUSPAGE_API}/components/x",
        "$RELEASE_TRACKER/api/releases/7",
        "%DEPLOY_URL%/v1",
    ] {
        assert!(untied_variable(untied), "{untied}");
    }
    for tied in [
        "$BITBUCKET_API/repositories/acme/w",
        "${BB_URL}",
        "$API/2.0/repositories/acme/w",
        "$BASE/acme/w.git/info/refs",
        "https://api.bitbucket.org/2.0/user",
        "/2.0/user",
    ] {
        assert!(!untied_variable(tied), "{tied}");
    }
    // curl's failure names the host the variable held: not Bitbucket's, so no finding of
    // the network's; and a status from it is any server's.
    let dns = "+ curl -fsS -X POST \"$SLACK_WEBHOOK_URL\"\ncurl: (6) Could not resolve host: hooks.slack.com\n";
    assert!(parse(dns).exchanges.is_empty());
    let limited =
        "+ curl -fsS \"$TRACKER/v2/sync\"\ncurl: (22) The requested URL returned error: 429\n";
    assert!(
        parse(limited)
            .exchanges
            .iter()
            .all(|e| e.strength == Strength::Inferred)
    );
}

#[test]
fn an_answer_another_product_signed_is_only_inferred() {
    use crate::evidence::Strength::{Inferred, Shown};
    let answer = |server: &str| {
        let text = format!(
            "pushing samples to https://ingest.example.io/v1/metrics\nHTTP/1.1 400 Bad Request\n{server}Content-Type: text/plain\n\nBad Request Invalid Authorization header\n"
        );
        let ev = parse(&text);
        ev.exchanges.iter().map(|e| e.strength).collect::<Vec<_>>()
    };
    // Bitbucket's words from another gateway (Kong, a proxy) are that gateway's.
    assert_eq!(answer("Server: kong/3.8.0\n"), [Inferred]);
    assert_eq!(answer("server: Zscaler/6.2\n"), [Inferred]);
    assert_eq!(answer("Server: Jetty(10.0.20)\n"), [Inferred]);
    // Bitbucket's own servers, or none named, leave the answer as shown.
    assert_eq!(answer("server: AtlassianEdge\n"), [Shown]);
    assert_eq!(answer("Server: envoy\n"), [Shown]);
    assert_eq!(answer("Server: nginx/1.25.4\n"), [Shown]);
    assert_eq!(answer(""), [Shown]);
}

#[test]
fn an_error_in_no_words_of_bitbucket_s_is_any_server_s() {
    use crate::evidence::Strength::{Inferred, Shown};
    let strengths = |text: &str| -> Vec<crate::evidence::Strength> {
        parse(text).exchanges.iter().map(|e| e.strength).collect()
    };
    // A tool's pretty-printed error: its lines name another host, or none.
    let npm = "      \"host\": \"registry.npmjs.org\",\n      \"message\": \"Response code 429 (Too Many Requests)\"\n";
    assert_eq!(strengths(npm), [Inferred]);
    assert_eq!(
        strengths("  \"message\": \"Too Many Requests\",\n"),
        [Inferred]
    );
    // Bitbucket's envelope, or its host on the lines, ties the error to it.
    let envelope = "{\"type\": \"error\", \"error\": {\"message\": \"Too Many Requests\"}}\n";
    assert_eq!(strengths(envelope), [Shown]);
    let host = "      \"url\": \"https://api.bitbucket.org/2.0/repositories/a/b\",\n      \"message\": \"Response code 429 (Too Many Requests)\"\n";
    assert_eq!(strengths(host), [Shown]);
}

#[test]
fn a_company_s_own_bitbucket_is_named_by_its_host_or_data_center() {
    for own in [
        "our server bitbucket.acme.internal rejects the key",
        "git.bitbucket.corp.example is down",
        "We moved to Bitbucket Data Center last year.",
    ] {
        assert!(super::names_own_bitbucket(own), "{own}");
    }
    for not in [
        "bitbucket.org rejects the key",
        "our Bitbucket Data Center mirrors git@bitbucket.org:acme/app.git",
        "edit bitbucket-pipelines.yml and push",
        "see api.bitbucket.org/2.0/user",
        "the bitbucket server says no",
    ] {
        assert!(!super::names_own_bitbucket(not), "{not}");
    }
}

#[test]
fn an_error_s_body_is_no_body_of_a_success_before_it() {
    // "created (201)", then another call's error body with no status read: not the 201's.
    let ev = parse("build status created (201)\nboom: 500 {\"error\": \"undefined method\"}\n");
    assert!(
        ev.exchanges.iter().all(|e| e
            .response
            .as_ref()
            .is_none_or(|r| r.status != 201 || r.message.is_none())),
        "{:?}",
        ev.exchanges
    );
    // A bare status does not wait for a request whose own answer on its line is another one.
    let ev = parse(
        "INFO -- : build status created (201)\n\
         ERROR -- : POST https://ci.example.net/api/notify 500 Internal Server Error\n",
    );
    assert!(
        ev.exchanges.iter().all(|e| e.status() != Some(201)
            || e.request
                .as_ref()
                .is_none_or(|q| !q.url.contains("ci.example.net"))),
        "{:?}",
        ev.exchanges
    );
}

#[test]
fn a_status_alone_adds_nothing_to_words_told_before_it() {
    // The post names Bitbucket's change; the 410 after it is another service's, its body
    // unread: the change stays told, not shown.
    let ev = parse(
        "After the Bitbucket CHANGE-2770 fix, the Jira plugin of the same tool fails:\n\n\
         (410) {\"errorMessages\":[\"The requested API has been removed.\"],\"errors\":{}}\n",
    );
    assert!(
        ev.exchanges.iter().all(|e| !e.strength.conclusive()),
        "{:?}",
        ev.exchanges
    );
}

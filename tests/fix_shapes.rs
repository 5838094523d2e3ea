//! Fixes in the user's own terms (issue 15): the real `bbdoctor explain` on posts as people
//! write them, in Python, PowerShell, JavaScript, a failed `git clone`, a Jenkins log. The fix
//! keeps their URL and path, speaks their tool, and ends with a line that re-checks.

mod common;

use common::bbdoctor;

fn explain(post: &str, format: &str) -> String {
    let run = bbdoctor(&["explain", "--format", format], &[], Some(post));
    assert_ne!(run.code, 2, "{}", run.stderr);
    run.stdout
}

const ANSWER_401: &str = "401 {\"type\": \"error\", \"error\": {\"message\": \"Token is invalid, expired, or not supported for this endpoint.\"}}\n";

#[test]
fn a_python_poster_gets_requests_with_their_own_url() {
    let post = format!(
        "import requests\nAPI_TOKEN = \"<my api token>\"\n\
         r = requests.get(\"https://api.bitbucket.org/2.0/repositories/contoso?pagelen=100\", \
         headers={{\"Authorization\": f\"Bearer {{API_TOKEN}}\"}})\nprint(r.status_code, r.text)\n\n{ANSWER_401}"
    );
    let md = explain(&post, "markdown");
    assert!(md.contains("```python\nimport os, requests\n"), "{md}");
    assert!(
        md.contains(
            "requests.get(\"https://api.bitbucket.org/2.0/repositories/contoso?pagelen=100\""
        ),
        "{md}"
    );
    assert!(md.contains("auth=(os.environ[\"BITBUCKET_EMAIL\"]"), "{md}");
    assert!(
        md.contains("**Fix** (ready to run with `BITBUCKET_EMAIL` and `BITBUCKET_API_TOKEN` set)"),
        "{md}"
    );
    assert!(!md.contains("curl -u"), "{md}");
    let text = explain(&post, "text");
    assert!(
        text.contains("-u you@example.com   # then check again"),
        "{text}"
    );
}

#[test]
fn a_powershell_poster_gets_powershell() {
    let post = format!(
        "$headers = @{{ Authorization = \"Bearer $env:BITBUCKET_API_TOKEN\" }}\n\
         Invoke-RestMethod -Uri \"https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests\" -Headers $headers\n\
         {ANSWER_401}"
    );
    let md = explain(&post, "markdown");
    assert!(md.contains("```powershell\n"), "{md}");
    assert!(md.contains("Invoke-RestMethod -Uri \"https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests\""), "{md}");
    assert!(!md.contains("base64 -w0"));
}

#[test]
fn a_failed_clone_is_answered_with_a_clone() {
    let token = bbdoctor::sim::mint::mint_token(bbdoctor::sim::mint::API_TOKEN_PREFIX, "clone");
    let post = format!(
        "$ git clone https://dev%40example.com:{token}@bitbucket.org/tailspin/mobile-app.git\n\
         Cloning into 'mobile-app'...\n\
         remote: Invalid credentials\n\
         fatal: Authentication failed for 'https://bitbucket.org/tailspin/mobile-app.git/'\n"
    );
    let text = explain(&post, "text");
    assert!(!text.contains(&token));
    if text.contains("git remote set-url") || text.contains("git clone https://x-") {
        assert!(!text.contains("git remote set-url"), "{text}");
        assert!(
            text.contains(
                "git clone https://x-bitbucket-api-token-auth@bitbucket.org/tailspin/mobile-app.git"
            ),
            "{text}"
        );
    } else {
        panic!("no git fix at all:\n{text}");
    }
}

#[test]
fn a_jenkins_log_names_the_jenkins_credential() {
    let post = "using credential bitbucket-deploy\n\
                 > git fetch --tags --force --progress -- https://bitbucket.org/acme/widgets.git\n\
                ERROR: Error fetching remote repo 'origin'\n\
                stderr: remote: Invalid credentials\n\
                stderr: fatal: Authentication failed for 'https://bitbucket.org/acme/widgets.git/'\n\
                The credential is my email and an API token.\n";
    let text = explain(post, "text");
    assert!(
        text.contains("set the credential `bitbucket-deploy`"),
        "{text}"
    );
    assert!(text.contains("x-bitbucket-api-token-auth"), "{text}");
}

#[test]
fn a_missing_scope_is_named_as_the_box_to_tick_for_the_kind_described() {
    // A Postman user describes an access token (no header shown) refused for pull requests.
    let post = std::fs::read_to_string(
        "fixtures/rules/missing-scope/fires/postman-access-token-described.txt",
    )
    .expect("fixture");
    let text = explain(&post, "text");
    assert!(text.contains("error[missing-scope]"), "{text}");
    assert!(text.contains("# and tick: Pull requests: Read"), "{text}");
    // An access token has legacy scopes, which do imply others: no API-token lecture.
    assert!(!text.contains("never imply"), "{text}");
    // It is checked again as an access token, not with an email.
    assert!(
        text.contains("BITBUCKET_ACCESS_TOKEN=… bbdoctor check acme/widgets   # then check again"),
        "{text}"
    );
    // An API token refused for want of a granular scope is told they stand alone.
    let api = "curl -u me@example.com:$BITBUCKET_API_TOKEN https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests\n\
               403 {\"type\": \"error\", \"error\": {\"message\": \"Your credentials lack one or more required privilege scopes.\", \
               \"detail\": {\"granted\": [\"read:repository:bitbucket\"], \"required\": [\"read:pullrequest:bitbucket\"]}}}\n";
    let text = explain(api, "text");
    assert!(text.contains("# and tick: Pull requests: Read"), "{text}");
    assert!(text.contains("never imply each other"), "{text}");
    assert!(
        text.contains("-u you@example.com   # then check again"),
        "{text}"
    );
}

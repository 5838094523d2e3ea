//! Property tests for the parsers of untrusted text, in the normal test suite: the same oracle
//! as the fuzz targets (`tests/oracle`), fed by proptest with text shaped like what each parser
//! reads, so that a regression shows in `cargo test` without a fuzzing run.

mod oracle;

use proptest::prelude::*;

/// Pieces of what users paste, mixed with arbitrary text; 0x01 plants the secret.
fn pasted(pieces: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => proptest::sample::select(pieces).prop_map(|s| s.to_string()),
        2 => "[ -~]{0,24}",
        1 => "[\\x01\\x1b\\x9b\\n\\t'\"\\\\:=@/\\[]{1,4}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat().into_bytes())
}

const HEADER: &[&str] = &[
    "Authorization:",
    "Basic ",
    "Bearer ",
    "bearer ",
    "Token ",
    "\u{1}",
    "cGF0QGV4YW1wbGUuY29t",
    "Og==",
    "pat@example.com:",
    ":",
    "\"",
    "'",
    "\n",
    "\r\n",
    "{api_token}",
    "$TOKEN",
    "=",
];
const CURL: &[&str] = &[
    "-u ",
    "-H ",
    "--user ",
    "--header ",
    "'Authorization: Bearer \u{1}'",
    "pat@example.com:\u{1}",
    "https://api.bitbucket.org/2.0/repositories/acme/widgets ",
    "https://x:\u{1}@bitbucket.org/a/b.git",
    "-X GET ",
    "--oauth2-bearer ",
    "\"$TOKEN\"",
    "\\\n",
    " | jq",
    "; ",
    "$(",
    ")",
    "`",
    "-sSf ",
];
const HTTP: &[&str] = &[
    "200 OK\n",
    "401 Unauthorized\r\n",
    "403 Forbidden\n",
    "429 \n",
    "Content-Type: application/json\n",
    "WWW-Authenticate: Basic realm=\"Bitbucket.org HTTP\"\n",
    "x-oauth-scopes: \u{1}\n",
    "\n\n",
    "{\"type\": \"error\", \"error\": {\"message\": \"",
    "\u{1}",
    "\"}}",
    "Login failed due to incorrect login credentials or method.",
    "x-credential-type: api_token\n",
    "< ",
    "> ",
    "Authorization: Bearer \u{1}\n",
];
const PROSE: &[&str] = &[
    "I get 401 ",
    "with my API token ",
    "\u{1}",
    "Bearer ",
    "app password ",
    "git clone https://pat:\u{1}@bitbucket.org/acme/widgets.git\n",
    "remote: Invalid credentials\n",
    "fatal: Authentication failed for 'https://bitbucket.org/acme/widgets.git/'\n",
    "curl -u pat@example.com:\u{1} https://api.bitbucket.org/2.0/user\n",
    "HTTP/1.1 403 Forbidden\n",
    "access_token=\u{1}&",
    "password=\u{1}",
    "```\n",
    "Posted 2025-10-03 ",
    " ",
    "\n",
];

const CODE: &[&str] = &[
    "headers = {\"Authorization\": ",
    "\"Bearer \u{1}\"",
    "f\"Bearer {token}\"",
    "`Bearer ${",
    "\"Bearer \" + ",
    "\"\u{1}\"",
    "token",
    "}",
    ")",
    "(",
    "requests.get(\"https://api.bitbucket.org/2.0/user\", ",
    "auth=(\"pat@example.com\", ",
    "btoa('pat@example.com:\u{1}')",
    "$headers = @{ Authorization = \"Bearer $t\" }\n",
    "$t = \"\u{1}\"\n",
    "token = \"\u{1}\"\n",
    "new AuthenticationHeaderValue(\"Bearer\", ",
    "req.Header.Set(\"Authorization\", ",
    "Invoke-RestMethod -Uri ",
    "url = \"https://pat:\u{1}@api.bitbucket.org/2.0/user?access_token=\u{1}\"\n",
    "fetch(url, ",
    ", ",
    "\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn basic_header(data in pasted(HEADER)) {
        oracle::basic_header(&data);
    }

    #[test]
    fn explain_curl(data in pasted(CURL)) {
        oracle::explain_curl(&data);
    }

    #[test]
    fn explain_http(data in pasted(HTTP)) {
        oracle::explain_http(&data);
    }

    #[test]
    fn explain_prose(data in pasted(PROSE)) {
        oracle::explain_prose(&data);
    }

    #[test]
    fn explain_code(data in pasted(CODE)) {
        oracle::explain_prose(&data);
    }
}

HEAD = """# s29 red team: masks, OAuth chains, localized git, proxies, dates, IDE logs (`bbdoctor explain`)

Binary: the frozen copy /work/redteam-s29/bin/bbdoctor. Each probe is `<name>.txt`, its output `<name>.json`;
`BB=/work/redteam-s29/bin/bbdoctor ./run.sh NAME…` re-runs probes. `tools/classes.py` records each probe's family,
class, true cause and careful answer; `tools/tables.py FAMILY` rebuilds a family's table from the JSON outputs and
`tools/build.py` rebuilds this page (text in `tools/notes.py`). Controls not counted are in `extra/`: ctl-en-push-email-200 (git's English line: abstains, git-https-username first), ctl-mask-stars-/ctl-mask-ellipsis-scope-granted (a known mask: missing-scope, right). I did not
open /work/main/fixtures/reports/ and did not edit anything under /work/main. The token-shaped strings in the
probes are synthetic (random bodies with a computed CRC32, `tools/tokens.txt`), never real secrets.

Classes: **A** = a confident wrong answer (`problems`/`unreachable` whose first error is not the true cause, or `ok`
when something about Bitbucket failed). **A?** = borderline. **B** = `inconclusive`, but the text rules out the
first candidate. **held** = right, or honestly unsure.

Where the shapes come from. Bitbucket's own wordings are the fact sheets' (R1, R3, R4, R5, R6, G1, G4, X2
CHANGE-3222, §4.3 token-endpoint errors `Invalid OAuth client credentials` / `Invalid refresh_token`, the
`Invalid redirect_uri` page, DC's `IncorrectPasswordAuthenticationException` body). Localized git messages are
real git translations found in public text: de `fatal: Authentifizierung fehlgeschlagen für '…'`, fr `fatal: Échec
d'authentification pour '…'`, zh `fatal: '…' 鉴权失败`, `致命错误：无法访问 '…'：…`, `正克隆到`, `Klone nach`, `Clonage dans`.
GCM trace lines are GCM's own strings (`Failed to validate existing credentials using Basic Auth`, `Failed to
resolve username. HTTP: Unauthorized`, `Look for existing credentials under …`, from
git-ecosystem/git-credential-manager `BitbucketHostProvider.cs`); git's `unable to connect to cache daemon: …` is
git's. Tool formats (pip's `ProxyError(... Tunnel connection failed: 407 ...)`, npm `E407`, curl `-v` CONNECT,
JGit `TransportException`, VS Code's `Missing or invalid credentials.` + askpass socket ECONNREFUSED, Vault's
`Code: 403. Errors: * permission denied`, AWS CLI AccessDenied, 1Password `op`) follow those tools' real output.
Invented: the IntelliJ `GitAskPassExternalHandler` line (the class exists; the wording is mine), the worker/app log
lines around the OAuth calls (the Bitbucket bodies in them are real), the Connect JWT log, the Opsgenie and
api.atlassian.com bodies (loosely modelled), and `Invalid refresh_token` with `invalid_grant` (the sheet has it
with `invalid_request`; the rotated-token error is NOT CONFIRMED). No A depends on an invented Bitbucket wording.

Status: written during the session of 2026-12-06 (05:40-06:00 UTC); all outputs re-run with the frozen binary at the end.

## Totals: {n} probes: **{A} A**, **{A?} A?**, **{B} B**, {held} held
"""
ORDER=["MK","R","O","LG","TY","P","DT","G","V","D","T","L","M","S","NUM","X"]
FAM={
"MK":("**a masked or altered token is judged damaged** (token-checksum, shown) and outranks Bitbucket's own answer: ●●●, █ blocks, `####`, `(snip)`, characters changed before posting",
 "yes, all: \"copy the token again in full or create a new one\" for an IP allowlist, a scope, Bearer, the email as git login",
 """**Why.** `src/credential.rs::masked_token` knows a mask only as `…`, `*`, `[`, `<`, `•`, `...`, a run of four `x`/`X`,
a mask word (`redacted`, `hidden`, `token`…) or a stub under 32 characters. Black circles `●` (U+25CF, what a
password manager's field copies), full blocks `█` (a blacked-out screenshot), `#` runs, `(snip)`, and characters
the poster changed on purpose all pass as a real token. `long_token_checksum`/`app_password_checksum` then fail,
`token_checksum` matches with `Strength::Shown` (the shape is in the text), and because the rule stands before
every response rule in the catalog, its error leads and concludes. Its fix (\"copy it again or create a new one\")
replaces the credential, which fixes none of these causes.

The sharper flaw: in mask-altered-chars-noted, mask-blocks-ocr and mask-hashes-git-username **Bitbucket's own answer
proves it recognised the token** (R5 lists the token's granted scopes; G4 is an allowlist refusal; the same token
got 200 on REST). A token Bitbucket authenticated cannot be damaged; the checksum of what the *post* shows is then
about the paste, not the token.

**General fix.** (1) a checksum failure is `stated` at most (or only a warning) when any response in the text
shows the credential was accepted or recognised (a 2xx, R5 with `granted`, G4/G5, a 403 that names scopes) or when
the prose says the token was altered/masked; (2) treat any run of non-token characters (`●`, `█`, `■`, `#`, `-`,
`(…)`) inside an `AT…` token as a mask; (3) do not let token-checksum lead over a shown Bitbucket message: the
message is the stronger evidence of what happened to the request.
"""),
"O":("**OAuth: the 401 \"Access token expired\" concludes, though the text shows why it was not refreshed** (a rotated single-use refresh token reused by a second worker, a rotated consumer secret, client_credentials with no refresh token since CHANGE-3052)",
 "yes: \"use the refresh token\" (the one that just failed; with two workers, running it breaks the other) and, for Jenkins, \"set the credential to x-bitbucket-api-token-auth + an API token\" for an OAuth consumer",
 """**Why.** The token endpoint's answers are known messages (`src/bitbucket.rs` rows \"4.3\" and X8:
`Invalid OAuth client credentials`, `Invalid refresh_token`), but no rule owns them, so the 400 on
`/site/oauth2/access_token` is only an unexplained failure. The later R4 401 (`Access token expired. Use your refresh
token …`) is Bitbucket's whole wording on a request to the API, hence `shown`; `token-expired` matches it and, being
the only error, concludes. The reader does not link the two: the expired token is the *consequence* of the refresh
that failed on the line before (the client logs \"refresh failed … keeping current token\" / \"falling back to cached
access token\").

**General fix.** A refused refresh (`grant_type=refresh_token` → 400) before an R4 401 is the cause: name it
(a rule `oauth-refresh-failed` with three branches: `unauthorized_client`/`Invalid OAuth client credentials` → the
consumer key/secret; `Invalid refresh_token`/`invalid_grant` → rotated or reused refresh token (CHANGE-3052:
single-use; store the new one, one refresher); a client_credentials token (`refresh_token=null`) → request a new token
with client_credentials, there is nothing to refresh). At minimum, `token-expired` must not conclude when the text
shows a refresh that failed. B: consumer-owned-by-personal-workspace (CHANGE-3052: client_credentials reaches only
the owning workspace) is not among the causes of a 404 with a client_credentials token; a `JWT` scheme is read as
\"a credential the text does not show\" and Basic/Bearer candidates follow.
"""),
"LG":("**git's own messages in another language**: `Authentifizierung fehlgeschlagen`, `Échec d'authentification`, `鉴权失败` are not read as a failure, and a REST 200 beside them makes the answer `ok`",
 "no fix told, but `ok` (\"the credential works\") for a push that failed",
 """**Why.** git localizes its `fatal:` lines (`Authentication failed for '%s'` → de/fr/zh above); curl's part
(`The requested URL returned error: 403`) stays English and is read, so the 403 shapes abstain correctly. The
401 shape has no English part when Bitbucket's `remote:` line is not in the paste (a prompt-driven push, or the
user copied only the last lines), so the failure is not seen at all. The curl `-w '%{http_code}'` 200 of the REST
call is then the only exchange, it is conclusive, and `rank.rs` returns `Verdict::Ok` (`!ev.live && worked`, and no
`Claim::Fails` in English words). The English control (extra/ctl-en-push-email-200) abstains with
git-https-username first; with the English `remote:` line (lg-de-push-email-200-remote) it abstains too.

**General fix.** Read git's translated `Authentication failed for`, `unable to access`, `could not read Username`
for the common git locales (de, fr, es, it, pt_BR, ja, zh_CN, zh_TW, ko, ru; their `.po` files are public), or, more
robustly: a `fatal:`/`致命错误：` line that quotes a Bitbucket git URL is a failure of that request whatever its
language; and `ok` must never be the verdict when a line after the success names a Bitbucket URL after `fatal:`.
"""),
"P":("**a proxy's refusal on another host's request is Bitbucket's** (`407 Proxy Authentication Required` for pypi.org, registry.npmjs.org, a curl CONNECT to acme.jfrog.io), beside a Bitbucket clone that worked; widens s26 F5 (maven-proxy-aborted, still open)",
 "\"check the network and proxy\" to reach Bitbucket, which the log shows reached",
 """**Why.** `src/explain/mod.rs`, the `Piece::Failure` arm: when no open request claims a failure, its strength is
`match named { _ if matches!(failure, Failure::Proxy(_)) => Strength::Shown, … }`: a proxy failure is \"on the way
to wherever the request went\" and is shown even when its own line names the host it was for (npm's line carries
`GET https://registry.npmjs.org/@babel%2fcore`; curl's transcript has `CONNECT acme.jfrog.io:443`). network-error is
`unreachable: true`, so a shown match gives `unreachable`. The Docker (`proxyconnect tcp: dial tcp … connection
refused` with registry-1.docker.io) and Maven (`Could not resolve proxy` for nexus) shapes abstain: they are not
read as `Failure::Proxy`.

**General fix.** Give a proxy failure the same host test as other network failures: the host the tunnel was for
(`CONNECT host:443`, the URL on the line, pip's `/simple/…` path under `pypi.org`) decides whose it is; with a
Bitbucket clone shown working through the same proxy, another host's 407 is not Bitbucket's.
"""),
"DT":("**the post's date is the latest date in the prose, even a future one** (a deadline \"until July 28, 2026\", a migration plan, a rotation reminder), over the HTTP `Date:` header and the log's timestamps",
 "yes: \"app passwords were removed, create an API token\" in June 2026 when the app password only had the wrong username",
 """**Why.** `src/explain/dates.rs::latest_date` takes the latest date anywhere in the text, skipping only dates
within 80 characters after \"expir\". A deadline (\"keep working until July 28, 2026\"), a plan (\"migration planned
for 2026-08-03\") or a reminder (\"next rotation is due 2026-09-30\") is later than the HTTP `date:` header
(`Tue, 16 Jun 2026 09:41:07 GMT`) and the log's own timestamps, so it becomes `ev.today`; with a date after
2026-07-28 the app-password rule reads the date as `Shown` (`facts::date`), and with a shown 401 it concludes
`app-password-retired`. In the two B's the same date puts app-password-retired first among the candidates.

**General fix.** A server's `Date:` header and a log's timestamps are the time of the exchange and win over prose
dates; a date after \"until\", \"by\", \"planned\", \"due\", \"deadline\", \"will\", or in the future of the
exchange's timestamp is not when the text was written.
"""),
"G":("IDE, GUI and credential-helper logs (GCM traces, VS Code's askpass socket, IntelliJ's built-in server, git's credential-cache daemon, JGit)",
 "\"check the network and proxy\" when the IDE's own askpass bridge on 127.0.0.1 is blocked",
 """**Why (jetbrains-askpass-builtin-server).** The IDE's askpass bridge logs `Can't connect to the IDE built-in
server at 127.0.0.1:63342`, then on the next line `java.net.ConnectException: Connection refused`, right after
the `git push` command line. In the `Piece::Failure` arm of `src/explain/mod.rs`, a failure whose own line names no
host (`network::host_named` finds none in the exception line) and that sits within `ADJACENT` lines of an open
request is that request's (`next_to`), so it becomes the push's answer (`GET /{workspace}/{repository}.git/info/refs?
service=git-receive-pack → failed`), shown, and network-error (unreachable) concludes. The host is on the line
before. The same askpass failure in VS Code (a unix socket path in the message) only reaches the candidates (B).
**Fix.** Look for the host on the failure's neighbouring log lines too (Java and Node print the exception on the
line after the logger's message); a connection refused to 127.0.0.1/::1 or a socket path is the machine's own
helper, never the request to bitbucket.org.
"""),
"V":("**the secret fetch failed upstream** (Vault 403, AWS Secrets Manager AccessDenied, 1Password not signed in) and Bitbucket got an empty credential",
 "(abstains) first candidates are missing-scope, api-token-with-username, api-token-as-bearer",
 """**Why.** The B's show two reader slips: Vault's `Code: 403.` is bound as the answer to the *next* request, the
Bitbucket POST (`→ 403`), so missing-scope leads although Bitbucket answered R1; and the AWS CLI's `User:
arn:aws:sts::…:assumed-role/…` is read as a Basic login (`Authorization: Basic arn:aws:sts::…`), so
api-token-with-username is \"stated\". An empty `$(…)` or a variable whose fetch failed in the lines above is no
credential (anonymous-request / the secret store is the cause).
"""),
"D":("Bitbucket Data Center, Gitea and other git servers on loopback or private hosts, read with Cloud's causes",
 "(abstains) Cloud candidates (app-password-retired, api-token-without-scopes) for a DC or Gitea server",
 """**Why.** `bitbucket::is_cloud` counts `localhost`/`127.*` as Cloud (the simulator) when the path looks like git or
the API (`serves_path`: any `.git`), so a DC dev instance (`atlas-run` on :7990, `/bitbucket/scm/…git`), a port-forward
to a DC pod or a Gitea test container is Bitbucket Cloud to the reader; its 401 gets Cloud's 401 causes. DC's
`IncorrectPasswordAuthenticationException` body could tell DC apart.
"""),
"T":("git/curl verbose traces and GCM traces: the first 401 is the normal challenge before the credential is sent",
 "(abstains) invalid-credentials first for a challenge answered 200 a line later",
 """**Why.** In GIT_CURL_VERBOSE, git's first `info/refs` goes without `Authorization` (the 401 +
`WWW-Authenticate: Basic realm=\"Bitbucket.org HTTP\"` is the challenge), then the same GET with `Authorization: Basic
<redacted>` → 200. The `=> Send header:` lines are not read as a request (evidence: \"GET (URL not shown) with a
credential the text does not show → 401\"), so the challenge is a refusal and the 200 that follows is not its retry.
"""),
"L":("exceptions and error records (PowerShell, Spring RestTemplate, pip SSLError, Go x509) of another host after Bitbucket calls that worked; S3 after a Downloads redirect",
 "(abstains) Bitbucket 401 candidates for Jira and SonarQube; tls-error (\"add your CA for Bitbucket\") for a PyPI mirror",
 """Known shape (s27 B1, s28 S): a failure whose URL is on a `+` continuation line (PowerShell), inside a stack
frame (`SonarClient.projectStatus`) or in the body's own format (`{"errors":[{"msg":…}]}`) is paired with
Bitbucket's candidates. New: after a Downloads `302` to bbuseruploads.s3.amazonaws.com, S3's 400 (`Only one auth
mechanism allowed`, the Bearer header curl forwarded) is bound to the Bitbucket request (`GET /2.0/…/downloads/… with
Bearer → 400`); it abstains with no candidate, so it is held, but the binding is wrong: the `url_effective` on the
same line names S3.
"""),
"M":("multi-repo logs where one repository fails for a reason that is not the credential",
 "(abstains) anonymous-request first for a deleted repository, beside 200s with the same token",
 """s28 N again, in a loop: the fix in a3f231b puts anonymous-request last only when the request shows its
credential with a scheme word; a tool's log that names the token once and shows 200s for its siblings still leads
with anonymous-request.
"""),
"S":("Atlassian status-page text pasted beside the user's own failure",
 "none (both held)",
 """Both held: the incident text is not read as an answer, the user's own failure decides.
"""),
"R":("**bbdoctor's own report pasted back** (JSON from a CI artifact, markdown in a ticket) is read as a live answer, after the cause it named was fixed",
 "yes: \"turn on two-step verification\" / \"ask an admin to allowlist your IP\" again, after it was done and the clone worked",
 """**Why.** bbdoctor's evidence strings hold a status and Bitbucket's whole wording (`… → 403 \"To access this
repository, enable two-step authentication.\"`). `scan.rs` reads any line where a Bitbucket needle is found as a
`Piece::Response`; the `in_sentence` guard is off because a number (`403`) stands before the quote; nothing marks a
JSON string value or a markdown code span as data. The status comes from the `→ 403` in the same string, so it is
`shown`, and `two-step-or-sso`/`ip-not-allowed` conclude. The clone that worked afterwards prints no status line
(`Cloning into …`, `Receiving objects: 100% … done`), so nothing supersedes the old answer (s25's open flaw 2).
The wrapped text report is safe only because the wrap splits the message; an unwrapped one is `stated` (B).

**General fix.** Recognise bbdoctor's own output (the `bbdoctor/1` schema, `error[id]:`, `**Fix:**`, the
`line N: METHOD … → status` evidence shape) and read it as history: at most stated, superseded by anything later.
More generally, a quoted evidence line of any tool's report (a JSON string value) is data (s28 L).
"""),
"NUM":("numbers that look like statuses: VS Code's `[403ms]` durations, jest/pytest counts `401 passed, 403 total`",
 "none (both held)",
 """Both held: durations and counts are not read as statuses.
"""),
"TY":("**typography the shell really ran** (curly quotes, an en dash from a wiki page) is normalized away before reading, though curl's own errors show it took effect",
 "yes: \"check the network and proxy\" (2), \"check the secret or create a new token\" (1), for a quote or a dash",
 """**Why.** `src/explain/paste.rs::typography` rewrites `‘ ’ “ ” – —` and NBSP to ASCII for the whole text, on
the assumption that a web page or word processor added them when the post was written. That is often true, but
the output can prove the opposite: curl's `Could not resolve host: Bearer` (a word from inside the quotes) or
`Could not resolve host: xn--u-ugn` (the en-dash word in punycode), git's `protocol '“https' is not supported`.
After the rewrite the reader sees a correct command; curl's (6) on the next line is bound to it as a network
failure (`unreachable`), and the body curl printed for the real URL (R6 404, sent without credentials) is dropped.
In smartquote-username the rewrite turns the sent login `“dana@acme.io` into a correct email, and R1 gives
invalid-credentials (\"create a new one\").

**General fix.** Keep the raw characters beside the normalized text; when the output names a word that only
exists if the typography was run (a curl host equal to a word of the quoted argument, an `xn--` host, a quote
inside git's `protocol '…'`), report the typography as the cause (a finding `typographic-characters`: retype the
quotes and dashes) and do not bind curl's errors for those stray \"URLs\" to the real request.
"""),
"X":("Atlassian sibling products with Atlassian tokens (org admin API key `ATCTT…` on api.atlassian.com, Opsgenie, Jira with a Bitbucket-only API token)",
 "none (all held)",
 """All three abstain with no Bitbucket candidate: the other host's URL on the line sets them aside.
"""),
}
TOP = """**The three mechanisms behind most A's** (24 of 25):

1. **What the paste shows is taken for what was sent, both ways** (MK 7, TY 3). A token the poster masked with
   characters `masked_token` does not know (`●`, `█`, `#`, `-`, `(snip)`, or altered on purpose) fails its CRC and
   `token-checksum` (shown, first in catalog order) leads over Bitbucket's own answer, even an answer that proves
   Bitbucket recognised the token (R5 with `granted`, G4, G5). Conversely `paste::typography` erases curly quotes and
   en dashes that the shell really ran, though curl's own errors (`Could not resolve host: Bearer`,
   `xn--u-ugn`) prove it; curl's stray-URL error is then bound to the real request (`unreachable`).
2. **A shown Bitbucket message concludes without asking what caused it** (O 4 + 1 A?, R 3). The R4 401 \"Access
   token expired\" concludes token-expired although the lines just above show the refresh that failed (rotated
   consumer secret, a reused single-use refresh token, client_credentials with no refresh token) or succeeded (the
   client sent the old token); bbdoctor's own JSON/markdown report, pasted after the fix, is read as a live 403.
3. **Whose failure is it: the reader attaches a failure to Bitbucket by position, not by host** (P 3, G 1, and the
   LG 3 by omission). A proxy's 407 is `Shown` whatever host its line names (pypi.org, registry.npmjs.org, `CONNECT
   acme.jfrog.io`); a Java `ConnectException` whose host is on the previous log line is bound to the adjacent `git
   push`; and a git failure in German, French or Chinese is not seen at all, so a REST 200 makes the verdict `ok`.

Also: the report's date is the latest date in the prose, even a future deadline or plan (DT: 1 A, 4 B).

Overlap with earlier rounds: P widens s26 F5 (maven-proxy-aborted, open) to 407s; L is s27 B1 / s28 S in other
tools' formats; M's B is s28 N in a loop. The other families (MK, R, O, LG, TY, DT, G, V, D, T, NUM, S, X) are
new.
"""

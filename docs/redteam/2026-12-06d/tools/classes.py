# probe -> (family, class, true cause, careful answer)
C = {
# O: OAuth flows whose failure is upstream of the 401 (refresh, consumer, grant rules of CHANGE-3052)
"oauth-refresh-rotated-reuse": ("O","A","two workers share one single-use rotating refresh token (CHANGE-3052): blue rotated it, green's refresh got 400 invalid_grant and fell back to the expired access token","inconclusive or: the refresh failed (rotated refresh token reused) - store the new refresh token, one refresher; never 'refresh with the refresh token'"),
"oauth-refresh-secret-rotated": ("O","A","the consumer secret was rotated and Jenkins still has the old one: refresh answered 400 'Invalid OAuth client credentials'; the 401 expired is its consequence","the refresh failed on the consumer's key/secret: update the Jenkins credential bb-oauth-consumer"),
"oauth-cc-no-refresh-token": ("O","A","client_credentials no longer issues a refresh token (CHANGE-3052, refresh_token=null): the refresh fails, the 2h token expires","request a new token with client_credentials when it expires; no refresh token exists"),
"oauth-scope-key-keyerror": ("O","held","token response key renamed scopes -> scope (CHANGE-3052); app's KeyError","(abstained; careful: read 'scope')"),
"oauth-redirect-uri-mismatch": ("O","held","consumer callback URL is not a prefix of the redirect_uri (/handler vs /handler/frame)","(abstained)"),
"oauth-cc-personal-workspace-404": ("O","B","client_credentials consumer owned by a personal workspace only reaches that workspace (CHANGE-3052); user is admin of the repo","consumer must be owned by acme; no-repo-access is ruled out by the user's admin right"),
"connect-jwt-qsh-401": ("O","B","Connect JWT rejected (qsh computed over a path with /2.0)","JWT/qsh problem; api-token/app-password candidates ruled out (JWT shown)"),
# P: a proxy failure on another host's request (widens s26 F5 maven-proxy-aborted)
"proxy-407-pip-after-clone": ("P","A","pip cannot tunnel through the corporate proxy to pypi.org (407, no proxy credentials); the Bitbucket clone above worked","nothing about Bitbucket: give pip the proxy credentials"),
"proxy-407-npm-after-clone": ("P","A","npm gets 407 from the proxy for registry.npmjs.org (URL on the line); clone worked","nothing about Bitbucket (npm proxy auth)"),
"curl-v-connect-407-artifactory": ("P","A","curl's CONNECT to acme.jfrog.io refused by the proxy (407 NTLM/Negotiate); the clone worked","nothing about Bitbucket (proxy auth for the Artifactory upload)"),
"proxy-connect-aborted-docker": ("P","held","BuildKit proxyconnect to registry-1.docker.io refused","(abstained)"),
"maven-could-not-resolve-proxy": ("P","held","Maven settings name a proxy host that no longer resolves, for nexus.acme.io","(abstained, no Bitbucket candidate)"),
# T: git/curl verbose traces and GCM traces
"trace-401-challenge-then-filename-too-long": ("T","B","Windows MAX_PATH: checkout failed (Filename too long); the 401 is git's normal first unauthenticated request, answered 200 once the credential was sent","nothing about auth: git config core.longpaths true"),
"trace-401-challenge-then-early-eof": ("T","held","HTTP/2 stream reset on the office network during the pack download (curl 92)","(abstained)"),
"gcm-trace-ok-then-lfs-smudge": ("T","held","LFS bandwidth quota of the workspace exhausted","(abstained)"),
# D: Bitbucket Data Center, Gitea and other git servers (loopback, dotted hosts) read as Cloud
"dc-atlas-run-localhost-7990": ("D","B","local Bitbucket Server (atlas-run) on localhost:7990: the admin password was changed by the setup wizard","Data Center, not Cloud: no Cloud candidates (app-password-retired, api-token-without-scopes do not exist there)"),
"gitea-test-localhost-401": ("D","B","Gitea test container: token not sent/accepted by the local Gitea","no Bitbucket candidate (a Gitea container in a Go test)"),
"dc-dotted-host-rest-401": ("D","held","DC HTTP access token refused (IncorrectPasswordAuthenticationException) on bitbucket.acme-corp.com","(abstained)"),
"dc-git-http-token-username": ("D","held","DC repository HTTP access token sent as Basic with a username (DC: Bearer only)","access-token-as-basic is right in spirit; x-token-auth is Cloud's login"),
"dc-localhost-port-forward": ("D","B","DC behind kubectl port-forward: the service account's Crowd directory moved","no Cloud candidates"),
# X: Atlassian sibling products with Atlassian tokens
"atl-admin-key-atctt-orgs": ("X","held","Atlassian org admin API key (ATCTT prefix) refused by api.atlassian.com","(abstained)"),
"atl-opsgenie-heartbeat": ("X","held","Opsgenie API key lacks permission","(abstained)"),
"atl-jira-forge-webtrigger-401": ("X","held","API token scoped to the Bitbucket app only, used for Jira","(abstained)"),
}
C.update({
# V: the secret fetch failed upstream (Vault, AWS SM, 1Password), Bitbucket saw an empty credential
"vault-403-then-bb-401": ("V","B","Vault policy denies the secret (403 permission denied); curl sent ci-bot@acme.io with an empty token -> R1 401","the token was never fetched: fix the Vault policy; no missing-scope (that 403 was Vault's)"),
"aws-sm-denied-then-clone": ("V","B","AWS Secrets Manager AccessDenied: BB_TOKEN empty; git sent x-bitbucket-api-token-auth with no password","the secret fetch failed (IAM); anonymous/empty credential, not api-token-with-username (the 'login' is an AWS ARN)"),
"op-cli-not-signed-in": ("V","B","`op read` failed (not signed in): Bearer header with an empty token","empty credential (1Password CLI not signed in); not api-token-as-bearer"),
"oidc-aws-audience": ("V","held","AWS IAM OIDC provider audience does not match the Bitbucket OIDC token's aud","(abstained)"),
# LG: git's own messages in another language (de, fr, zh)
"lg-de-email-username-api-ok": ("LG","held","API token with the email as git username (git wants the Bitbucket username or x-bitbucket-api-token-auth)","git-https-username (abstained with nothing)"),
"lg-zh-push-email-username": ("LG","A","email as git username with an API token; the push failed (zh: '鉴权失败'), the REST call with the email worked","inconclusive/problems: git-https-username (email as git username)"),
"lg-fr-push-email-200": ("LG","A","email as git username; the push failed (fr: \"Échec d'authentification pour\")","git-https-username"),
"lg-de-push-email-200": ("LG","A","email as git username; the push failed (de: 'Authentifizierung fehlgeschlagen für')","git-https-username"),
"lg-de-push-email-200-remote": ("LG","held","same, with Bitbucket's English remote: line","git-https-username first (right)"),
"lg-fr-403-no-remote-line": ("LG","held","git 403 after a VPN change (likely IP allowlist), API 200","(abstained; ip-not-allowed among candidates)"),
"lg-zh-403-ip-remote": ("LG","held","IP allowlist (remote: line, zh fatal)","ip-not-allowed (right)"),
"lg-de-ci-log-no-prose": ("LG","held","email as git username in a CI clone (de)","(abstained)"),
"lg-zh-ci-clone-token-email": ("LG","held","email as git username (zh, 致命错误)","(abstained)"),
"lg-zh-403-2sv-no-remote": ("LG","held","git 403 with no remote: line (cause not shown)","(abstained)"),
"lg-zh-fetch-403-ok": ("LG","held","repository access token refused 403 on git (cause not shown)","(abstained)"),
# G: IDE, GUI and credential-helper logs
"gcm-validate-basic-username-prompts": ("G","held","GCM validates the stored username+API token against REST /2.0/user (needs the email) -> 401, so it discards it and prompts; git itself works","(abstained; careful: credential.bitbucketValidateStoredCredentials=false or OAuth)"),
"vscode-askpass-socket-refused": ("G","B","VS Code's askpass IPC socket is stale (Remote-SSH): the credential never reached git","not network-error: reload the VS Code window / the askpass socket; the terminal works"),
"jetbrains-askpass-builtin-server": ("G","A","IntelliJ's askpass cannot reach the IDE's built-in server on 127.0.0.1:63342 (blocked by a local firewall), so git pushed with no password","the IDE's askpass bridge is blocked (local firewall on 127.0.0.1:63342): not Bitbucket's network"),
"cache-daemon-perm-push-ok": ("G","held","~/.git-credential-cache owned by root: git-credential-cache fails, harmless; the push worked","ok (abstained)"),
"cache-daemon-unknown-nonff": ("G","held","push rejected (fetch first); the cache daemon line is noise","(abstained)"),
"egit-jgit-not-authorized-proxy": ("G","held","Eclipse's proxy needs NTLM (407)","unreachable: proxy (right)"),
})
C.update({
# DT: the post's date taken from a future date in the prose (a deadline, a plan, a rotation reminder)
"date-future-deadline-apppw-email": ("DT","A","app password sent with the Atlassian email as username (R1) on 2026-06-16 09:41 UTC (HTTP Date header; app passwords still worked then, no brownout window at 09:41)","app-password-with-email: use the Bitbucket username (or move to an API token); not 'retired' in June 2026"),
"date-migration-plan-apppw-username": ("DT","B","Jenkins credential re-created with the username svc_mirror instead of svc-mirror (log dated 2026-06-22)","invalid-credentials (wrong username); app-password-retired ruled out by the June date (the 2026-08-03 is a plan)"),
"date-release-notes-future": ("DT","B","acme-ci removed from the deployers group during the access review (10 June 2026)","no-repo-access; app-password-retired ruled out (the 2026-09-30 is a reminder)"),
"date-cert-notafter-apppw-ok": ("DT","held","app password lacks pipeline:variable (x-oauth-scopes vs x-accepted-oauth-scopes), April 2026","missing-scope first (right)"),
# MK: a masked or altered token judged damaged (token-checksum) ahead of Bitbucket's answer
"mask-snip-bearer-apitoken": ("MK","A","API token sent as Bearer (R3); the poster cut the middle out with '(snip)'","api-token-as-bearer; the checksum of a snipped token proves nothing"),
"mask-hashes-git-username": ("MK","A","email as git username with an API token (the '#' are the poster's mask, as they say; REST with the same token 200)","git-https-username"),
"mask-altered-chars-noted": ("MK","A","API token lacks read:user:bitbucket (R5 lists the granted scopes: Bitbucket recognised the token); the poster altered characters before posting","missing-scope (add read:user:bitbucket); never 'the token is damaged' beside an answer that names its scopes"),
"mask-blocks-ocr": ("MK","A","IP allowlist (G4); the token was blacked out on a screenshot (█)","ip-not-allowed"),
"mask-bullets-curl-email-apppw": ("MK","A","app password in Dec 2026 (removed), also sent with the email; the ● are 1Password's display mask","app-password-retired (then: use an API token with the email)"),
"mask-bullets-apppw-retired": ("MK","held","app password removed: 410 CHANGE-3222 inside Ansible's JSON msg (the s28 K escaped-JSON issue)","app-password-retired (abstained with a 410, no wrong candidate)"),
})
C.update({
"mask-dashes-2sv": ("MK","A","the workspace now requires 2SV (G5) and the bot account has none; the poster shortened the token with dashes","two-step-or-sso (enable 2SV on the bot account, or an access token, which needs none)"),
"mask-dots-scope-granted": ("MK","A","API token lacks write:pullrequest:bitbucket (R5 names required and granted: Bitbucket recognised the token)","missing-scope: create a token that adds write:pullrequest:bitbucket"),
"oauth-stale-access-after-refresh": ("O","A","the app refreshed (200, new token …9f1c) but keeps sending the old access token (…e40d)","the client sends the stale access token after a successful refresh: use the new one; refreshing again will not help"),
"date-plan-apppw-shown-wrong-user": ("DT","B","Bamboo repository config edited: login bamboo.agent instead of bamboo-agent (June 2026, app passwords still valid)","invalid login (git-https-username/invalid-credentials); app-password-retired ruled out by the 15-Jun-2026 timestamps"),
"date-workspaces-429-march": ("DT","held","rate limited paging /2.0/workspaces in March 2026 (the endpoint still existed)","rate-limited (right); but endpoint-removed is also a shown error, dated by the prose's April 14, 2026"),
"proxy-407-goproxy": ("P","held","go's fetch from proxy.golang.org refused by the corporate proxy (Proxy Authentication Required); the Bitbucket go-get and ls-remote worked","ok for Bitbucket (right)"),
# L: exceptions and error records of other hosts after Bitbucket calls that worked
"tls-go-x509-internal-proxy": ("L","held","internal GOPROXY's certificate not trusted","(abstained)"),
"tls-python-sslerror-pypi-mirror": ("L","B","pip cannot verify the internal PyPI mirror's certificate; the Bitbucket clone worked","no Bitbucket candidate (the mirror's CA for pip)"),
"ps-invoke-restmethod-jira-after-bb": ("L","B","Jira version creation 401 ($JiraBase on the + line); both Bitbucket calls 201","no Bitbucket candidate"),
"java-resttemplate-sonar-401": ("L","B","SonarQube 401 (`{\"errors\":[{\"msg\":\"Invalid authentication\"}]}`, SonarClient in the trace); Bitbucket calls 200","no Bitbucket candidate"),
"redirect-s3-auth-forwarded": ("L","held","curl forwards the Bearer header to S3 after the Downloads 302: S3 400 'Only one auth mechanism allowed'","(abstained; careful: drop -H on redirect, use -u/--location without custom header, or fetch the Location without Authorization)"),
"redirect-s3-expired-clock": ("L","held","the office caching proxy served a stale 302 (age 1058s) whose signed S3 URL had expired","(abstained)"),
"retry-old-token-then-new-ok": ("T","B","the old token was refused, the new one worked (200); the job failed on helm (cpu request > limit)","nothing about Bitbucket; invalid-credentials is ruled out by the retry's 200"),
# S: status-page text beside the user's own failure; M: multi-repo logs
"status-incident-plus-apppw-401": ("S","held","app password (2024) in Dec 2026; the incident is unrelated","app-password-retired first (right)"),
"status-ssh-incident-https-2sv": ("S","held","workspace requires 2SV (HTTPS); the SSH incident is unrelated","two-step-or-sso (right)"),
"multi-repo-one-not-our-ref": ("M","held","pinned sha no longer advertised after a force-push","(abstained)"),
"multi-repo-one-archived-404": ("M","B","legacy-portal was deleted (stated); the same token reads three other repos","repo-not-found; anonymous-request ruled out by the 200s with the same token (s28 N again)"),
})
C.update({
# R: bbdoctor's own report pasted back (JSON, markdown, text), then the cause fixed
"own-report-json-then-ok": ("R","A","yesterday's bbdoctor JSON (2SV) pasted; 2SV since enabled, today's clone worked; a Go test fails","nothing about Bitbucket (a unit test); the report is history"),
"own-report-markdown-ticket": ("R","A","bbdoctor's markdown report quoted in a Jira thread; 2SV enabled the next day and the clone worked; ECR's login token expired on docker push","nothing about Bitbucket (aws ecr get-login-password); never two-step-or-sso"),
"own-report-json-ci-step-ok": ("R","A","`cat previous-run/bbdoctor.json` prints an old ip-not-allowed report; this run's clone completed (Receiving objects … done); gradle test fails","nothing about Bitbucket"),
"own-report-then-fixed": ("R","held","bbdoctor text report (wrapped) then the push worked; Cloudflare API auth error","(abstained, nothing)"),
"own-report-text-wide-fixed": ("R","B","unwrapped bbdoctor text report; allowlist fixed, the push worked; npm registry 403 for publishing","no ip-not-allowed (the push after the fix worked); npm permission"),
# NUM: numbers that look like statuses (durations, test counts)
"num-vscode-durations": ("NUM","held","local changes would be overwritten by merge; [401ms]/[403ms]/[429ms] are durations","(abstained)"),
"num-npm-pytest-counts": ("NUM","held","unit test failures; 401/403/429 are test counts","(abstained)"),
# more T / O / misc
"ratelimit-pagination-loop": ("O","A?","the client re-requests page=2 forever (ignores `next`): ~1000 identical GETs for 63 PRs, then 429","rate-limited, but the cause is the paging loop: follow `next`; waiting for the window will not help (it recurs every hour)"),
"stale-token-after-rotation": ("O","held","deployer uses a cached copy of the token the rotation job had just revoked","invalid-credentials first (revoked token: right)"),
"curl-anyauth-h2-challenge-ok": ("T","held","curl --anyauth: 401 challenge then 200; the Teams webhook host does not resolve","ok for Bitbucket (right)"),
"schannel-revocation-api-ok": ("G","held","Windows git (schannel) cannot check certificate revocation behind the proxy; curl's REST call worked","(abstained; careful: tls-error, http.schannelCheckRevoke=false)"),
"lfs-batch-403-api-ok": ("G","held","LFS batch authorization error with the API working","(abstained)"),
"cred-helper-vault-refused": ("V","held","the git credential helper cannot reach Vault (connection refused): git has no credential","anonymous-request first (right in effect)"),
"clash-local-proxy-down": ("P","held","git's http.proxy points at a local proxy (127.0.0.1:7890) that is not running","(abstained; careful: unreachable, local proxy)"),
})
C.update({
"tf-deploykey-access-token-n4": ("D","B","deploy-key endpoints are not accessible to access tokens (fact sheet N4: 403 `This API is not accessible by this authentication mechanism`); no scope helps","use an API token (a user's) for bitbucket_deploy_key; missing-scope is ruled out by the body"),
})
C.update({
# TY: a word processor's typography that the shell really ran (curly quotes, en dash), erased before reading
"smartquote-username": ("TY","A","the command was run with curly quotes: the shell sent the login `“dana@acme.io` and a password ending in `”` (R1 401)","retype the quotes as ASCII \" (the credential itself is fine); not 'create a new token'"),
"endash-curl-flag": ("TY","A","`–u` (en dash) is not curl's -u: curl tried it as a host (xn--u-ugn) and sent the Bitbucket GET without credentials → R6 404","replace the en dash with -u; anonymous-request, not the network"),
"smartquote-bearer-header": ("TY","A","curly quotes split the -H argument: curl tried `Bearer` as a host and sent the GET without the Authorization header → R6 404","retype the quotes; anonymous-request (no header sent), not the network"),
"smartquote-git-url": ("TY","held","curly quotes in the git URL: `protocol '“https' is not supported`","(abstained; careful: retype the quotes)"),
})
C.update({
"java-connectexception-nexus-after-git": ("G","held","Nexus refused the connection (URL on the line before the exception); the Bitbucket fetch worked","(abstained; network-error only inferred)"),
"date-eol-notice-apppw-user-typo": ("DT","B","Bitbucket username changed (j_meyer → jmeyer) but the remote URL still sends j_meyer; May 2026, app passwords still valid","git-https-username / invalid login; app-password-retired ruled out by the 12 May 2026 date (the July 28 is the banner's deadline)"),
})
C.update({
"oauth-token-type-lowercase-scope": ("O","held","OAuth consumer lacks the webhook scope (R5 required/granted); the token response's lowercase \"token_type\": \"bearer\" is Bitbucket's own","missing-scope (right; the lowercase token_type is not read as scheme-case)"),
})

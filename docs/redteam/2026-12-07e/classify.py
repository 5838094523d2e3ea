# classify.py (s44): writes classes.tsv from <name>.json + the hand table below
import json,glob,os
T={
# ---- A: wrong confident answers ----
"nm-wget-public-repo-wrong-filename":("A","none: wrong file name (amd64 vs x64) on a PUBLIC repository's Downloads; an anonymous wget from the same repo works","ANONBARE404: any credential-less request + a bare 404 (no body) concludes anonymous-request (shown); settle: lines 3-4 (2.0.4 ok), 6-10 (404), 12 (prose: file is named x64)"),
"nm-curl-raw-install-public-branch-master":("A","none: README points at raw/main, the public repo's branch is master","ANONBARE404: `curl -fsSL …/raw/main/install.sh` + `curl: (22) … 404` concludes anonymous-request (shown); the same paste fetches raw/master anonymously"),
"cv-curl-header-file-masked-bearer-404":("A","not anonymous: a Bearer access token (ATCTT…) is sent from a header file; R6 on another repository → no-repo-access / access-token-wrong-resource (honest: inconclusive)","CREDFILE: `curl -H @/run/secrets/bb_auth` is read as 'no credential was given'; the file's content `Authorization: Bearer ATCTT3xFfGN0****` is printed on line 2"),
"cv-jenkins-set-x-empty-bearer-404":("A","anonymous-request (an empty variable: `Authorization: Bearer ` with nothing after it)","EMPTYBEARER: `-H 'Authorization: Bearer '` (set -x trace of an empty $TOKEN) concludes missing-auth-scheme (shown), kind account-password; the scheme word is there, the token is empty. Settle: line 2"),
"cv-k8s-configmap-unrendered-template-curl-v":("A","unexpanded-placeholder (`{{ .Values.bitbucket.accessToken }}` sent as the Bearer token)","PHREDACT: a template placeholder in a sent header (`> Authorization: Bearer {{ … }}`) is taken as a redaction; concludes invalid-credentials (shown) 'typo, revoked, expired'. Settle: lines 2, 7, 10-11"),
"cv-python-requests-angle-placeholders-r1":("A","unexpanded-placeholder (docs' `<atlassian_account_email>`/`<api_token>` left in the code; prose: only the repo was filled in) — debatable: could be the poster's redaction","PHREDACT: `auth=(\"<atlassian_account_email>\", \"<api_token>\")` is read as a masked credential → invalid-credentials (shown). Settle: lines 1, 8, 17"),
# ---- B: inconclusive although the text shows the cause ----
"cv-axios-public-ok-private-404-no-auth":("B","anonymous-request","CODEANON: full axios code without auth; public repo 200, private repo R6 404 (lines 5-8, 15-16); no finding, anonymous-request only 1st candidate (design: python-no-auth is expect-inconclusive)"),
"cv-go-http-get-no-header-private":("B","anonymous-request","CODEANON: token read (`token loaded`) but only Accept is set on the request; R6 404; anonymous-request inferred"),
"cv-pwsh-irm-headers-not-passed":("B","anonymous-request","DEFNOTUSED: `$headers` built but Invoke-RestMethod called without -Headers; lead no-repo-access (inferred). Without the $headers line → anonymous-request (shown)"),
"cv-gha-empty-secret-bearer-space":("B","anonymous-request (empty secret)","EMPTYVAR: GitHub Actions `env:` shows `BB_ACCESS_TOKEN: ` (empty) under the curl with `Bearer ${BB_ACCESS_TOKEN}`; 404; no finding, kind access-token"),
"cv-pipelines-empty-token-in-clone-url":("B","anonymous-request (undefined variable: nothing sent)","EMPTYVAR: `x-token-auth:${SHARED_LIB_TOKEN}@` + `could not read Password` (git had no password to send); lead invalid-credentials (inferred), anonymous not even a candidate. Ctl `could not read Username` → anonymous-request 1st candidate"),
"cv-axios-single-quote-template-literal":("B","unexpanded-placeholder","PLACEHOLDER: AxiosError config shows `Authorization: 'Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}'` (single quotes, not a template literal) + 401 R3; invalid-credentials (inferred)"),
"cv-python-missing-f-prefix-bearer":("B","unexpanded-placeholder","PLACEHOLDER: `\"Bearer {token}\"` (missing f) and the printed header `Bearer {token}` + R3; invalid-credentials (inferred)"),
"cv-postman-console-unresolved-var":("B","unexpanded-placeholder","PLACEHOLDER: Postman console `Authorization: Bearer {{bb_access_token}}` + 401 R3; invalid-credentials (inferred)"),
"cv-teamcity-literal-percent-param":("B","unexpanded-placeholder","PLACEHOLDER: TeamCity `%env.BB_API_TOKEN%` left in a script file (bash -x trace) + R1; lead account-password (inferred), kind account-password"),
"cv-dockerfile-exec-form-no-expansion":("B","unexpanded-placeholder","PLACEHOLDER: Dockerfile exec form `RUN [\"curl\", …, \"$BB_EMAIL:$BB_API_TOKEN\", …]` (no shell, no expansion) + 401; invalid-credentials (inferred)"),
"cv-python-placeholder-basic-header-printed":("B","unexpanded-placeholder","PLACEHOLDER/B64: printed `Basic PGF0…Pg==` decodes to `<atlassian_account_email>:<api_token>`; + R1; invalid-credentials (inferred)"),
"cv-requests-post-data-access-token":("B","oauth-token-in-query (token in the POST body)","BODYTOKEN: `requests.post(…, data={\"access_token\": tok, …})` → 401 R3 while the Bearer GET is 200; not even a candidate (undated, but dated min also fails)"),
"cv-git-clone-typo-slug-ls-remote-ok":("B","repo-not-found (slug typo `paymnets`)","REPOSLUG: same token ls-remote OK on payments-api, G1 on paymnets-api; lead invalid-credentials (inferred)"),
"cv-repo-display-name-space-slug":("B","repo-not-found (display name `Customer%20Portal` used; listing shows slug customer-portal-web)","REPOSLUG: lead no-repo-access (inferred); only capital letters conclude repo-not-found"),
"cv-workspace-wrong-slug-user-workspaces":("B","repo-not-found (workspace `northpeak` vs `northpeak-data`)","REPOSLUG: /user/workspaces lists the slugs; `northpeak/etl-jobs` 404, `northpeak-data/etl-jobs` 200 with the same credential; no finding"),
"cv-ssh-conq-repo-does-not-exist":("B","repo-not-found (`commmon` typo; S7 `conq: repository does not exist.`; ssh -T authenticates)","REPOSLUG/S7: no finding; S7 is SECONDARY in the facts (debatable)"),
"cv-curl-user-200-repo-404-x-credential":("B","no-repo-access","VARCRED: the same `${BB_API_TOKEN}` gets 200 on /user and R6 on the repo; inferred. With a literal masked token → shown"),
"cv-curl-header-file-user-200-repo-404":("B","no-repo-access","CREDFILE: `-H @/run/secrets/bb_auth` gets 200 on /user and R6 on the repo; no finding, anonymous-request 1st candidate and a warning 'without credentials'"),
"cv-httpie-session-user-ok-repo-404":("B","no-repo-access","CREDFILE: `http --session=bb` gets 200 (X-Credential-Type: api_token) on /user and R6 on the repo; anonymous-request 1st candidate. With `http -a email:token` → no-repo-access (shown)"),
"cv-plink-server-refused-our-key":("B","ssh-key-not-registered","PUTTY: Pageant key offered, `Server refused our key`, `FATAL ERROR: No supported authentication methods available (server sent: publickey)`; no finding at all"),
"cv-pt-ssh-logged-in-as-other":("B","ssh-key-wrong-account","GREETING: `ssh -T` → `logged in as rafael-sousa-dev.` while the company account (prose) is another; `repository access denied.`; concludes only when `ssh-add -l` lists two keys"),
"cv-sourcetree-git-output-email-url":("B","git-https-username","REMOTEFMT: `origin  https://j.mbeki%40oakhaven.africa@bitbucket.org/…` (spaces, no `(fetch)`) under Sourcetree's remote details is not read; with a tab + `(fetch)` → shown"),
"cv-teamcity-vcs-email-username-api-token":("B","git-https-username","TOOLCFG: TeamCity VCS root `Username: priya.raman@…` (API token) + G1; stated only (as s42's TOOLCFG)"),
"cv-teams-endpoint-410-grafana-like":("B","endpoint-removed (/2.0/teams → 410 Gone)","TEAMS: `/2.0/teams` 410 is not known; same log with `/2.0/workspaces` → endpoint-removed (shown). Facts sheet does not list /2.0/teams (brief does)"),
}
HELDNOTE={
"cv-api-v1-script-410-x3":"wrong-api-host (shown) for the 1.0 API's X3: the catalog puts API 1.0 under wrong-api-host (design.md, fixture api-1-0-removed); the brief lists it under endpoint-removed. Same fix either way",
"cv-curl-expand-header-variable-r5":"right (missing-scope) but kind none: curl's `--variable`/`--expand-header {{VAR}}` credential is not seen (and not taken for a placeholder: good)",
"cv-curl-header-file-access-token-two-repos":"noisy: evidence says 'without credentials' for `-H @file`; anonymous-request 1st candidate + warning (true access-token-wrong-resource is only stated: token type in prose)",
"cv-curl-header-file-access-token-other-repo":"noisy: anonymous-request 1st candidate for a `-H @file` Bearer call",
"cv-httpie-session-private-404":"noisy: anonymous-request 1st candidate for `http --session=bb`",
"cv-ssh-T-right-account-access-denied":"noisy: ssh-key-wrong-account 1st candidate although the greeting names the poster's only account (true no-repo-access, prose)",
"cv-jenkins-httprequest-access-token-query":"right lead inferred: undated (design: CHANGE-3052 needs a date)",
"cv-gitlab-ci-x-token-auth-api-token":"right lead inferred: the variable's kind (API token) is only stated",
"cv-python-loop-token-ok-one-repo-404":"right lead (no-repo-access) inferred",
"cv-capital-and-lowercase-both-404":"right lead (no-repo-access) inferred; capital letters did NOT conclude repo-not-found when the lowercase call also 404s (good)",
"cv-git-config-user-email-revoked-token":"right lead (invalid-credentials) inferred; `user.email` not taken for the git username (good)",
"cv-set-x-empty-password-curl-r1":"anonymous-request (shown) for `-u jenkins@…:` (empty password): right",
"cv-wget-private-download-no-auth":"right, by the same rule that makes nm-wget-public-repo-wrong-filename an A",
"nm-go-private-module-goprivate-404":"noisy: invalid-credentials (inferred) lead for proxy.golang.org's relayed `could not read Username` (GOPRIVATE)",
"nm-webhook-own-gateway-access-token-query":"noisy: invalid-credentials (inferred) lead for the user's own gateway 401 in webhook history",
"nm-vault-token-expired-query":"noisy: candidates missing-scope/no-repo-access for Vault's 403",
"nm-ssh-passphrase-wrong-server-accepts":"noisy: candidates ssh-no-key-offered/ssh-key-not-registered though `Server accepts key` shows the key is registered",
"nm-ssh-agent-refused-signing":"noisy: same candidates; `agent refused operation` after `Server accepts key`",
"nm-ssh-fido-touch-timeout":"noisy: same candidates; FIDO `device not found` after `Server accepts key`",
"nm-public-repo-anonymous-200-rate-question":"ok (right: nothing fails)",
}
CV={
"cv-api-v1-script-410-x3":"endpoint-removed / wrong-api-host (API 1.0 → X3 410; settle: lines 8-10)",
"cv-cross-workspace-repositories-jetbrains-log":"endpoint-removed (cross-workspace /2.0/repositories → X1 410; lines 1-2)",
"cv-curl-expand-header-variable-r5":"missing-scope (R5 body: required read:pullrequest, granted read:repository; line 5)",
"cv-curl-header-file-access-token-other-repo":"access-token-wrong-resource (token type stated in prose; honest inconclusive)",
"cv-curl-header-file-access-token-two-repos":"access-token-wrong-resource (token type stated in prose; honest inconclusive)",
"cv-curl-v-no-auth-header-r6":"anonymous-request (curl -v request headers without Authorization, lines 8-12; 404 R6 line 18)",
"cv-gha-webfactory-two-deploy-keys-second-repo":"ssh-key-wrong-account (two deploy keys; S5 `deployment key is not associated` line 14)",
"cv-gitbackup-permissions-repositories-410":"endpoint-removed (/2.0/user/permissions/repositories → X1; line 9)",
"cv-gitlab-ci-ssh-agent-key-not-on-bb":"ssh-key-not-registered (Offering public key … then Permission denied (publickey); lines 17-20)",
"cv-gitlab-ci-x-token-auth-api-token":"git-https-username (x-token-auth with an API token; token kind stated in prose)",
"cv-go-escaped-r4-zap":"token-expired (escaped R4 in zap `body`, token_age 2h14m)",
"cv-guzzle-client-exception-query-token":"oauth-token-in-query (dated 2026-12-07, `?access_token=` → 401)",
"cv-httpie-session-private-404":"no-repo-access (stated: not an admin; honest inconclusive)",
"cv-ja-ssh-v-offered-denied-guess-host":"ssh-key-not-registered (Offering → denied; key registered on GitHub only)",
"cv-jenkins-httprequest-access-token-query":"oauth-token-in-query (URL `access_token=****` → 401; undated)",
"cv-jenkins-sshagent-offered-denied-timestamps":"ssh-key-not-registered (Jenkins timestamps, Offering → denied)",
"cv-pwsh-irm-r4-expired":"token-expired (R4 in Invoke-RestMethod error, CRLF)",
"cv-python-loop-token-ok-one-repo-404":"no-repo-access (same auth 200 on three repos, R6 on the fourth; existence stated)",
"cv-set-x-empty-password-curl-r1":"anonymous-request (set -x shows `-u jenkins@…:` with an empty token; R1)",
"cv-ssh-T-greets-personal-access-denied":"ssh-key-wrong-account (greeting names kosei-personal; ssh-add -l two keys; `repository access denied.`)",
"cv-ssh-T-right-account-access-denied":"no-repo-access (one account; greeting is that account; prose: not in the group)",
"cv-ssh-v-server-accepts-other-key-conq":"ssh-key-wrong-account (Server accepts the side-project key first; `repository access denied.`)",
"cv-ssh-vvv-two-keys-offered-both-refused":"ssh-key-not-registered (two keys offered, both refused)",
"cv-terraform-data-source-oauth-r4-expired":"token-expired (Terraform diagnostic with R4)",
"cv-wget-private-download-no-auth":"anonymous-request (wget with no credential on a private repo's download; 404)",
"cv-win-openssh-offered-denied":"ssh-key-not-registered (Windows OpenSSH, CRLF, Offering → denied)",
"cv-capital-and-lowercase-both-404":"no-repo-access (user 200; both capital and lowercase R6; prose: not in the group)",
"cv-git-config-user-email-revoked-token":"invalid-credentials (revoked token; stated in prose; URL user is x-bitbucket-api-token-auth)",
}
rows=[]
for f in sorted(glob.glob("*.json")):
    n=f[:-5]; d=json.load(open(f))
    errs=[x["id"]+"("+str(x.get("strength"))+")" for x in d["findings"] if x["severity"]=="error"]
    first=errs[0] if errs else ""
    if n in T: c,tc,note=T[n]
    elif n.startswith("nm-"):
        assert d["verdict"] not in ("problems","unreachable"), n
        c,tc,note="held","none (not a bbdoctor cause / no failure)",HELDNOTE.get(n,"")
    else:
        c="held"; tc=CV[n] if n in CV else "?"; note=HELDNOTE.get(n,"")
    rows.append((n,c,tc,d["verdict"],first,note))
with open("classes.tsv","w") as o:
    o.write("name\tclass\ttrue_cause\tverdict\tfirst_error\tnote\n")
    for r in rows: o.write("\t".join(r)+"\n")
from collections import Counter
for part in ("nm-","cv-",""):
    rs=[r for r in rows if r[0].startswith(part)]
    c=Counter(r[1] for r in rs)
    print(part or "all", len(rs), {k:c.get(k,0) for k in ("A","A?","B","held")})

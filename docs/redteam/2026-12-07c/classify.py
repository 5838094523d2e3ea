# classify.py: writes classes.tsv from <name>.json + the hand table below
import json,glob,os
T={
# ---- A (near misses concluded) ----
"nm-pipelines-commit-subject-g4-then-test-fail":("A","none: a pytest failure; the clone worked","LOGTEXT: Pipelines' `HEAD is now at <sha> <subject>` line whose commit subject quotes the G4 text"),
"nm-jenkins-slack-prev-failure-then-npe":("A","none: Gradle NPE; the checkout in the same build works","LOGTEXT/RESPKEY: slackSend step's `message: \"Recovered from #87: remote: …whitelist your IP.\"` (a field named message/body is read as a response)"),
"nm-renovate-release-notes-x2-then-lockfile":("A","none: pnpm engine mismatch in Renovate's artifact update","LOGTEXT/RESPKEY: Renovate's release-notes `\"body\": \"…- App passwords are deprecated…\"`"),
"nm-ci-wrapper-hint-banner-ref-missing":("A","none: wrong ref (`couldn't find remote ref refs/heads/release/8.2`)","LOGTEXT: a CI wrapper's troubleshooting banner listing `remote:` lines; two shown errors, app-password-retired evidence cites the G4 line"),
"nm-ci-echo-note-x2-text-then-lint":("A","none: eslint error; the clone with x-bitbucket-api-token-auth works","LOGTEXT: output of `echo \"NOTE: App passwords are deprecated…\"`; says 'the credential is an app password' while kind=api-token"),
"nm-pr-comments-api-200-quotes-g5":("A","none: pagination (pagelen 10, next link) on a 200","LOGTEXT/JSONNL: a PR comment's raw text (JSON string with \\n) in a 200 API answer, holding G5 + fatal 403"),
"nm-diff-hunk-g5-handler-merge-conflict":("A","none: rebase merge conflict","LOGTEXT: a `git show` diff line `+    if grep -q \"remote: …two-step…\" clone.err; then`"),
"nm-renovate-timeout-after-bb-200":("A","none: a 60 s request timeout on a huge /src listing after the same host answered 200 twice and the clone completed","DOUBLECOUNT: Renovate's `= (code=ETIMEDOUT …)` line plus the err object's `\"code\": \"ETIMEDOUT\"` count as two failures and outweigh the 200s -> unreachable"),
"nm-python-readtimeout-logged-twice-after-200":("A","none: read timeout on a 500-entry diffstat after the same host answered 200","DOUBLECOUNT/READTIMEOUT: the app's `GET … failed: read timeout` line plus the ReadTimeout traceback -> unreachable despite the 200"),
# ---- B (coverage missed) ----
"cv-okhttp-logging-bearer-r3":("B","api-token-as-bearer","LOGPFX: Android logcat prefix on OkHttp's `Authorization: Bearer ATATT…` line; right lead only inferred"),
"cv-tf-log-debug-basic-username":("B","api-token-with-username","LOGPFX: TF_LOG provider prefix on the request dump (Basic base64 of username:ATATT…) + R1"),
"cv-apache-httpclient-wire-basic-username":("B","api-token-with-username","LOGPFX: Apache HttpClient wire log `>> \"Authorization: Basic …[\\r][\\n]\"` + R1"),
"cv-python-httpclient-debug-send-bearer":("B","api-token-as-bearer","WIRE: http.client `send: b'…\\r\\nAuthorization: Bearer ATATT…\\r\\n'` not split into headers"),
"cv-curl-trace-ascii-bearer":("B","api-token-as-bearer","WIRE: curl --trace-ascii offset prefixes (`0084: Authorization: Bearer …`); no finding at all in the full probe"),
"cv-logfmt-auth-field-bearer":("B","api-token-as-bearer","KV: logfmt field `auth=\"Bearer ATATT…\"` not read as a header"),
"cv-go-header-map-bearer":("B","api-token-as-bearer","KV: Go `Header:map[Authorization:[Bearer ATATT…]]` not read"),
"cv-har-bearer-api-token":("B","api-token-as-bearer","KV: HAR `{\"name\": \"authorization\", \"value\": \"Bearer …\"}`; also a `\"url\": \"…\",` line blocks the otherwise-read `\"Authorization\": \"Bearer …\"`"),
"cv-logfmt-no-scheme-access-token":("B","missing-auth-scheme","KV: logfmt `header.Authorization=\"ATCTT…\"` (no scheme) + R6 404; anonymous-request inferred instead"),
"cv-axios-inspect-auth-username-r1":("B","api-token-with-username","CFGBLOCK: util.inspect of AxiosError: the `config: {` line makes the request's own `auth: {username, password}` a 'pasted config' (stated)"),
"cv-wget-debug-basic-username":("B","api-token-with-username","CMDVAR: wget's `--password=\"$BB_API_TOKEN\"` on the command line outranks the Basic header its own -d dump shows"),
"cv-renovate-json-got-username-r1":("B","api-token-with-username","TOOLCFG: RENOVATE_USERNAME/RENOVATE_PASSWORD (ATATT…) + Renovate's 401 R1 on /2.0/user; prose 'swapped the app password' makes kind app-password and app-password-retired (stated) leads"),
"cv-atlantis-env-username-r1":("B","api-token-with-username","TOOLCFG: ATLANTIS_BITBUCKET_USER/TOKEN + Atlantis' 401 R1 (stated only)"),
"cv-composer-api-username-r1":("B","api-token-with-username","TOOLCFG: auth.json http-basic username + ATATT… + Composer's [401] on the API URL + R1 (stated only)"),
"cv-backstage-r3-email-scopeless":("B","api-token-without-scopes","TOOLCFG: Backstage bitbucketCloud username(email)+token + R3 in the JSON log (stated only; right lead)"),
"cv-flux-secret-stringdata-email":("B","git-https-username","TOOLCFG: Flux Secret stringData username=<email> + ATATT…, GitRepository's 'authentication required' + G1 text: no finding"),
"cv-ansible-git-email-masked-g1":("B","git-https-username","JINJA: ansible.builtin.git `repo: https://<email>:{{ vault_bb_api_token }}@bitbucket.org/…` not read; with `****` it concludes"),
"cv-helm-values-token-checksum":("B","token-checksum","ORDER/LOGIN: a checksum-failing ATATT token in values + Argo's clone error: token-checksum disappears once the G1 text is present; api-token-with-username (stated) leads for login x-bitbucket-api-token-auth"),
"cv-jenkins-anonymous-r6":("B","anonymous-request","Jenkins' own `Connecting to https://bitbucket.org with no credentials, anonymous access` is read as prose (stated); prose 'deleted the old app-password credential' adds app-password-retired (inferred)"),
"cv-renovate-enotfound-api":("B","network-error","PHANTOM401: Renovate's `FATAL: Authentication failure` becomes a git 401 exchange; `getaddrinfo ENOTFOUND api.bitbucket.org` demoted to a warning, invalid-credentials leads"),
# ---- held cv ----
"cv-argocd-repo-add-email-api-token":("held","git-https-username",""),
"cv-ansible-ssh-deploy-key-other-repo":("held","ssh-key-wrong-account",""),
"cv-atlantis-cloud-as-server-url":("held","wrong-api-host",""),
"cv-atlantis-json-r5-pr-comment":("held","missing-scope",""),
"cv-backstage-json-r5-read-user":("held","missing-scope",""),
"cv-bazel-git-repository-g5":("held","two-step-or-sso",""),
"cv-buildkit-x-token-auth-api-token":("held","git-https-username",""),
"cv-cargo-fetch-with-cli-g4":("held","ip-not-allowed",""),
"cv-circleci-ssh-v-offered-refused":("held","ssh-key-not-registered",""),
"cv-composer-tls-proxy":("held","tls-error",""),
"cv-dependabot-bitbucket-r4-expired":("held","token-expired",""),
"cv-dotnet-ilogger-bearer":("held","api-token-as-bearer",""),
"cv-gha-curl-v-timestamped-bearer":("held","api-token-as-bearer","right lead stated: GitHub masks the header (`Bearer ***`), the kind is told in prose"),
"cv-git-trace-curl-g4-data":("held","ip-not-allowed",""),
"cv-gitlab-mirror-masked-apppw-x2":("held","app-password-retired",""),
"cv-gitlab-ssh-load-key-invalid-format":("held","ssh-no-key-offered",""),
"cv-go-get-ssh-oldhost-dated":("held","ssh-host-moved",""),
"cv-jenkins-410-change-2770-stack":("held","endpoint-removed","noisy: git-https-username (inferred) 2nd error, nothing git in the text"),
"cv-jenkins-stderr-deploy-key-push":("held","ssh-deploy-key-read-only",""),
"cv-jetbrains-git-log-x2":("held","app-password-retired",""),
"cv-ktor-logging-bearer":("held","api-token-as-bearer",""),
"cv-logfmt-go-r4-expired":("held","token-expired",""),
"cv-pip-git-email-userinfo-g1":("held","git-https-username",""),
"cv-pipelines-upload-pipe-apppw-rest":("held","app-password-retired","right lead inferred (variable name + prose 'starts with ATBB')"),
"cv-renovate-json-escaped-x2":("held","app-password-retired",""),
"cv-renovate-token-env-bearer":("held","api-token-as-bearer","noisy: RENOVATE_TOKEN=ATATT… (Renovate sends token as Bearer) + R3; candidates lack api-token-as-bearer (tool knowledge, header masked)"),
"cv-sourcetree-g7-one-line":("held","missing-scope",""),
"cv-tf-module-ssh-oldhost":("held","ssh-host-moved",""),
"cv-urllib3-debug-access-token-query":("held","oauth-token-in-query",""),
"cv-vscode-git-output-g5":("held","two-step-or-sso",""),
"cv-xcode-spm-x2":("held","app-password-retired",""),
"cv-yarn1-git-dep-g5":("held","two-step-or-sso",""),
}
NOISY={
"nm-go-sumdb-410-private-module":"invalid-credentials inferred lead from sum.golang.org's relayed `could not read Username` (true cause: GONOSUMDB/GOPRIVATE unset)",
"nm-jenkins-dc-bbbs-401":"invalid-credentials inferred lead for a Data Center 401 (URL not shown though `Connecting to https://git.halvorsen.no` and BitbucketServerAPIClient are in the log)",
"nm-dc-renovate-bitbucket-server-401":"invalid-credentials inferred lead for a Data Center 401 (hostType bitbucket-server, url git.fiordland.local)",
"nm-jenkins-bb-ok-jira-429":"rate-limited inferred lead for Jira Cloud's 429",
"nm-npm-502-registry-bb-ok":"service-error inferred lead for Artifactory's 502",
"nm-circleci-ssh-gitlab-port22-timeout":"ssh-port-blocked inferred lead for gitlab.lumenlab.de port 22 (Bitbucket clone in the same step worked)",
"nm-renovate-onboarding-closed-404s":"anonymous-request inferred lead for Renovate's normal 404s on absent config files",
"nm-go-proxy-404-private":"candidates anonymous-request/no-repo-access for proxy.golang.org's 404",
"nm-token-prefix-debug-print-then-404-file":"candidates anonymous-request… for 'No such file or directory' beside a 200",
"nm-renovate-json-github-changelog-ratelimit":"candidates missing-scope/no-repo-access for GitHub's rate-limit 403",
"nm-gitleaks-old-atbb-history":"app-password-retired warning for a gitleaks finding in 2023 history",
"nm-git-502-gitlab-mirror-host":"verdict ok although the job failed (GitLab's 502); Bitbucket side is fine",
}
rows=[]
for f in sorted(glob.glob("*.json")):
    n=f[:-5]; d=json.load(open(f))
    errs=[x["id"]+"("+str(x.get("strength"))+")" for x in d["findings"] if x["severity"]=="error"]
    first=errs[0] if errs else ""
    if n in T: c,tc,note=T[n]
    elif n.startswith("nm-"):
        assert d["verdict"] not in ("problems","unreachable"), n
        c,tc,note="held","none (not a bbdoctor cause / no failure)",("noisy: "+NOISY[n]) if n in NOISY else ""
    else: raise SystemExit("unclassified "+n)
    rows.append((n,c,tc,d["verdict"],first,note))
with open("classes.tsv","w") as o:
    o.write("name\tclass\ttrue_cause\tverdict\tfirst_error\tnote\n")
    for r in rows: o.write("\t".join(r)+"\n")
from collections import Counter
for part in ("nm-","cv-",""):
    rs=[r for r in rows if r[0].startswith(part)]
    c=Counter(r[1] for r in rs)
    print(part or "all", len(rs), {k:c.get(k,0) for k in ("A","A?","B","held")})

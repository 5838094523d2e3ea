# classify.py (s45): writes classes.tsv from <name>.json + the hand table below
import json,glob,os
T={
# ---- A: wrong confident answers ----
"nm-pipelines-slack-curl-could-not-resolve":("A","none: the Slack webhook host does not resolve (the Bitbucket clone above worked)","VARURL: `curl … \"$SLACK_WEBHOOK_URL\"` + `curl: (6) Could not resolve host: hooks.slack.com` concludes unreachable/network-error (shown) 'Bitbucket could not be reached'; the host curl names is ignored when the URL is a variable. Ctl: the literal Slack URL → inconclusive"),
"nm-pipelines-webhook-curl-7-other-host":("A","none: the deploy API (deploy.brightwater.lan:8443) refuses connections","VARURL: `\"$DEPLOY_API_URL/v1/releases\"` + `curl: (7) Failed to connect to deploy.brightwater.lan port 8443` → unreachable network-error (shown). Ctl: literal URL → inconclusive"),
"nm-curl-var-url-429-status-api":("A","none: statuspage.io's 1 req/s limit (prose line 4); Bitbucket clone worked","VARURL: `-X PATCH \"$STATUSPAGE_API/…\"` + `curl: (22) … 429` → rate-limited (shown); full probe also adds api-token-as-bearer and git-https-username (stated) from `Bearer $STATUSPAGE_KEY` (KINDLEAK). Ctl: literal api.statuspage.io URL → inconclusive"),
"nm-curl-var-url-503-own-api":("A","none: the user's inventory API is in its maintenance window (line 4)","VARURL: `\"$INVENTORY_API/v2/sync\"` + `curl: (22) … 503` → unreachable service-error (shown) 'Bitbucket answered 5xx'. Ctl: literal URL → inconclusive"),
"cv-jenkins-x2-checkout-then-post-webhook-var-dns":("A","app-password-retired (X2 on the checkout, lines 9-12)","VARURL: the post-failure Slack notifier `\"$SLACK_WEBHOOK_URL\"` + `curl: (6) … hooks.slack.com` becomes the FIRST error: unreachable network-error (shown), app-password-retired second; kind none. Ctl: literal Slack URL → app-password-retired (shown) alone"),
"nm-gateway-invalid-authorization-header-400":("A","none: the user's Kong ingest gateway (ingest.thimble.io) refuses its own key header (trailing newline, line 10)","OTHERX5: a status block (`HTTP/1.1 400 Bad Request`, `Server: kong/3.8.0`) + body `Bad Request Invalid Authorization header` after `pushing … to https://ingest.thimble.io/…` → basic-encoding (shown). Ctl: the same body bound to `POST https://ingest.thimble.io/… -> 400` → inconclusive"),
"nm-generic-webhook-trigger-commit-message-x2":("A","none: a Go test failure; checkout worked with an API token","LOGTEXT: Generic Webhook Trigger's `commit_message = ci: drop app password fallback (Bitbucket now answers \"App passwords are deprecated …\")` (and the raw payload JSON) → app-password-retired (shown), evidence 'the credential is an app password' although kind is api-token. Ctl: the commit message without the quoted sentence → stated"),
"nm-remote-v-email-upstream-push-branch-perm":("A","none: branch permission on main (`remote: Permission denied to update branch main.`); origin uses x-bitbucket-api-token-auth","REMOTEPICK: one `git remote -v` line of an UNUSED remote (`upstream https://n.okafor%40corvid.io@…`) → git-https-username (shown) although the failing command is `git push origin`. Ctl: the origin line instead → inconclusive"),
"cv-remote-v-origin-static-user-g1-upstream-email":("A","invalid-credentials (origin's API token expired; stated, line 11) → honest inconclusive with invalid-credentials lead","REMOTEPICK: G1 on `git fetch origin` (x-bitbucket-api-token-auth) is blamed on the unused `upstream` remote's email username: git-https-username (shown). Ctl: without the upstream line → inconclusive"),
# ---- A?: right first error, wrong second confident error ----
"cv-ssh-clone-denied-git-credentials-email-line":("A?","ssh-key-not-registered (new laptop, key offered and refused; lines 5-16) — right first error","REMOTEPICK: a `~/.git-credentials` line with an email login for bitbucket.org adds git-https-username (shown), 'git sent the username …', although the failing clone is SSH and sent no HTTPS username. Ctl: without the credentials line → ssh-key-not-registered alone"),
# ---- B: inconclusive although the text shows the cause ----
"cv-argocd-repo-list-creds-false":("B","anonymous-request (Argo CD has no credential for this repo: CREDS false, and the only repocreds prefix is …/payments-)","ARGOROW: `argocd repo list` row `CREDS false … Failed … authentication required: <R6 text>` (line 4) is not read as 'no credential'; anonymous-request only 1st candidate. Ctl (nearest form that concludes): anonymous curl + R6"),
"cv-flux-gitrepository-no-secretref":("B","anonymous-request (GitRepository spec has no secretRef, lines 6-13; status authentication required)","FLUXSPEC: no finding at all (min: invalid-credentials inferred). The absence of `secretRef` in the shown spec is not read. Ctl: anonymous curl + R6"),
"cv-jenkins-no-credentials-could-not-read-username":("B","anonymous-request (Jenkins `No credentials specified`, line 10; `could not read Username`, line 22) — debatable: the catalog's git-nothing-to-send wants only a lead","TOOLLINE: Jenkins' own `No credentials specified` is read as prose (stated); anonymous-request only a candidate. Ctl: anonymous curl + R6"),
"cv-pipelines-pipe-502-downloads":("B","service-error (the pipe's upload to api.bitbucket.org answered 502; lines 4-5) — mild","PIPEMSG: `Uploading … to https://api.bitbucket.org/…` then `✖ Failed to upload … Status code: 502` is not bound into one exchange: service-error (inferred). Ctl: `POST https://api.bitbucket.org/… -> 502` → shown"),
"cv-renovate-json-tls-issuer":("B","tls-error (`UNABLE_TO_GET_ISSUER_CERT_LOCALLY` on GET https://api.bitbucket.org/2.0/user, line 3)","PHANTOM401 (s42, unfixed): Renovate's headline `\"msg\":\"Authentication failure\"` becomes a phantom `GET /2.0/user … → 401` (invalid-credentials inferred lead) and the TLS error is not even a candidate. Ctl: msg `Renovate failed` → tls-error (shown)"),
"cv-teamcity-vcs-root-x2":("B","app-password-retired (git 410 from bitbucket.org via JGit; the VCS root's password dates from 2024)","GITSUFFIX: JGit's `TransportException: https://bitbucket.org/ostrava-dev/billing: 410 Gone` (no `.git`, as TeamCity VCS roots are usually written) is not read as git; with `…/billing.git:` it concludes app-password-retired (shown)"),
"cv-terraform-module-ssl-self-signed":("B","tls-error (`SSL certificate problem: self-signed certificate in certificate chain` on bitbucket.org, lines 15-16)","TFWRAP: Terraform wraps git's `fatal: unable to access '…':` and the SSL reason onto two `│ ` lines; the reason loses its URL → tls-error (inferred). Ctl: one line → unreachable tls-error (shown)"),
"cv-terraform-provider-wrapped-r5":("B","missing-scope (R5: required admin:repository:bitbucket, granted read/write:repository; lines 3-8)","TFWRAP: the R5 JSON is wrapped over four `│ ` lines; only candidates missing-scope/no-repo-access. Ctl: the diagnostic on one line → missing-scope (shown)"),
"cv-spring-resttemplate-eol-r1-username":("B","api-token-with-username (`.basicAuthentication(\"harrowgate-release\", \"ATATT3xFfGF0…\")` + R1 rendered with Spring's `<EOL>`; lines 4, 8)","CODEBIND: Spring's RestTemplateBuilder `.basicAuthentication(user, token)` is not read as a credential; invalid-credentials (inferred) lead. Ctl: the same pair in `curl -u` → shown"),
"cv-azure-devops-curl-x-token-auth-rest-r1":("B","access-token-as-basic (`curl -u x-token-auth:*** … https://api.bitbucket.org/2.0/…` → R1, line 8-13)","XTOKENKIND: the login `x-token-auth` (only ever used with access/OAuth tokens) does not make the kind access-token; only a variable named `…ACCESS_TOKEN` does (fixture x-token-auth-login-with-a-variable). Ctl: `$REPO_ACCESS_TOKEN` → access-token-as-basic (shown)"),
"cv-argocd-go-git-ssh-unable-to-authenticate-new-host":("B","ssh-key-not-registered (go-git: `unable to authenticate, attempted methods [none publickey], no supported methods remain` on git@ssh.bitbucket.org; prose: the key is on another repo's access keys)","GOGITSSH: go-git's (Argo CD, Flux) wording of a refused key is not read; no finding. Ctl: OpenSSH `Offering public key` + `Permission denied (publickey)` → shown"),
"cv-ansible-git-unknown-hostkey":("B","ssh-host-key-unknown (Ansible git module: `ssh.bitbucket.org has an unknown hostkey. Set accept_hostkey to True …`)","ANSIBLEHK: Ansible's own host-key wording is not read; no finding. Ctl: the OpenSSH wording inside the same FAILED! msg → shown"),
}
HELDNOTE={
"nm-jenkins-credential-id-app-password-clone-ok":"noisy: app-password-retired (inferred) lead and kind app-password from the Jenkins credential id `bitbucket-app-password`, although the checkout with it worked",
"nm-jenkins-clone-ok-artifactory-401":"noisy: invalid-credentials (inferred) lead for Artifactory's 401; kind api-token from the Jenkins credential id",
"nm-jenkins-zoom-access-token-expired":"noisy: invalid-credentials (inferred) lead for Zoom's 401",
"nm-renovate-json-nexus-401-bb-ok":"noisy: invalid-credentials (inferred) lead for Nexus's 401",
"nm-snyk-auth-failed-after-bb-clone":"noisy: invalid-credentials (inferred) lead for Snyk's 401",
"nm-backstage-github-bad-credentials-bb-ok":"noisy: invalid-credentials (inferred) lead for GitHub's `Bad credentials`",
"nm-jenkins-dc-rest-7990-401":"noisy: invalid-credentials (inferred) for the Data Center 401 (`/rest/api/1.0/`, port 7990, IncorrectPasswordAuthenticationException)",
"nm-terraform-module-dc-scm-401":"noisy: invalid-credentials (inferred) for a Data Center `/scm/` clone",
"nm-woodpecker-tests-401-fixture-after-clone":"noisy: invalid-credentials (inferred) from a Go test's expected-401 message",
"nm-argocd-helm-oci-harbor-401-bb-ok":"noisy: invalid-credentials (inferred) and token-expired candidate for Harbor's 401",
"nm-jenkins-jira-step-503-after-bb-ok":"noisy: service-error (inferred) for Jira's 503 (host named in the body)",
"nm-npm-registry-429-bb-git-dep-ok":"noisy: rate-limited (inferred) for registry.yarnpkg.com's 429",
"nm-python-requests-connectionerror-other-host":"noisy: network-error (inferred) for a typo'd Confluence host",
"nm-gateway-invalid-authorization-header-json":"noisy: basic-encoding (inferred) for another gateway's JSON `Invalid Authorization header` (the text form is the OTHERX5 A)",
"nm-pipelines-deploy-ssh-var-host-key-unknown":"noisy: ssh-host-key-unknown (inferred) for web-02.marlowe.cloud, named in OpenSSH's own message",
"nm-gha-run-header-grep-g4-then-test-fail":"noisy: ip-not-allowed (stated) from the G4 text inside a GitHub Actions `Run` header's grep (LOGTEXT held as stated)",
"nm-jenkins-slack-webhook-invalid-token":"noisy: missing-scope/no-repo-access candidates for Slack's 403 invalid_token",
"nm-renovate-github-ip-allow-list":"noisy: missing-scope/no-repo-access candidates for GitHub's IP-allow-list 403",
"nm-ssh-config-alias-new-host-missing-ref":"noisy: ssh-host-moved warning although `ssh -v` shows the alias connecting to ssh.bitbucket.org and authenticating",
"nm-renovate-bb-429-retried-then-ok":"ok (right: the 429 was retried and the run finished)",
"nm-circleci-ssh-T-shell-access-disabled-exit1":"right: healthy warning; the step failed only because `ssh -T` exits 1",
"cv-jetbrains-idea-log-email-url-g1":"debatable, counted held: the email URL is only in IntelliJ's `remembered url … for user …` line, not in the failing command; git-https-username 3rd candidate",
"cv-composer-proxy-407-bb-api":"right (network-error, proxy 407 on api.bitbucket.org and bitbucket.org); kind oauth-token from Composer's hint text",
"cv-jenkins-sshagent-old-log-dated-october":"right: ssh-key-not-registered, not ssh-host-moved, for a log dated 2026-10-03 (before the move)",
"cv-ssh-alias-new-host-key-refused":"right: ssh-key-not-registered, not ssh-host-moved, with a `Host bitbucket.org / HostName ssh.bitbucket.org` alias",
"cv-jenkins-x2-checkout-then-post-slack-dns":"right: with the literal Slack URL the notifier's DNS failure does not compete",
"cv-gha-access-token-query-dated":"right; kind none (the masked `***` token in the query)",
"cv-argocd-go-git-410-app-password":"right; kind unknown although `cut -c1-4` prints ATBB",
}
CV={
"cv-ansible-git-g4-escaped-msg":"ip-not-allowed (G4 inside Ansible's escaped `msg`/`stderr_lines`, line 3)",
"cv-ansible-uri-bearer-api-token-r3-sorted":"api-token-as-bearer (uri task `Authorization: Bearer ATATT3xFfGF0…`, lines 20; R3 with Ansible's sorted keys, line 3)",
"cv-argocd-cli-repo-add-email-username":"git-https-username (`argocd repo add … --username ops-bot@… --password ATATT…` + G1 text; lines 1-2)",
"cv-argocd-go-git-410-app-password":"app-password-retired (go-git `status code: 410` on info/refs; password starts ATBB; lines 3, 9)",
"cv-azure-devops-ssh-old-host-dated":"ssh-host-moved (git@bitbucket.org, dated 2026-12-07, Permission denied (publickey); lines 3-5)",
"cv-bamboo-g5-two-step":"two-step-or-sso (G5 in Bamboo's tab-separated error lines, 6-7)",
"cv-buildkit-ssh-host-key-unknown":"ssh-host-key-unknown (BuildKit `No ED25519 host key is known for ssh.bitbucket.org`, line 3)",
"cv-bundler-git-source-email-username":"git-https-username (`https://ops%40quarrystone.io@bitbucket.org/…` + G1; lines 2-4)",
"cv-circleci-curl-r5-comment":"missing-scope (R5: required write:pullrequest, granted read; line 5)",
"cv-compose-config-token-typo":"token-checksum (`BB_API_TOKEN:` in `docker compose config` fails its CRC; typed by hand; line 3)",
"cv-composer-proxy-407-bb-api":"network-error (CONNECT tunnel failed, response 407 to api.bitbucket.org and bitbucket.org; lines 6, 13)",
"cv-drone-ssh-v-offered-denied":"ssh-key-not-registered (Offering public key → Permission denied (publickey); lines 13-16)",
"cv-fastlane-match-table-email-git-url":"git-https-username (fastlane match `git_url` with an email username in its summary table and in the clone command; G1; lines 8, 21-23)",
"cv-gha-access-token-query-dated":"oauth-token-in-query (dated 2026-12-07, `?access_token=${BB_OAUTH_TOKEN}` → 401; lines 1, 7)",
"cv-gitlab-ci-masked-header-no-scheme":"missing-auth-scheme (`> Authorization: [MASKED]` with no scheme word, 404; lines 1, 10, 12)",
"cv-gitlab-pull-mirror-x2-escaped":"app-password-retired (X2 with escaped \\n in GitLab's mirror error, line 6)",
"cv-go-resty-debug-bearer-api-token":"api-token-as-bearer (resty debug dump: `Authorization: Bearer ATATT3xFfGF0…`, 401, R3; lines 8, 15, 22-26)",
"cv-jenkins-bbbs-scan-429":"rate-limited (Branch Source `Status: 429` + R9 body; lines 7-8)",
"cv-jenkins-git-could-not-resolve-bitbucket":"network-error (`Could not resolve host: bitbucket.org`, line 15)",
"cv-jenkins-org-folder-scan-x1":"endpoint-removed (org-folder scan 410 + X1 body; lines 6-7)",
"cv-jenkins-sshagent-old-log-dated-october":"ssh-key-not-registered (log dated 2026-10-03, before the host move; Offering → denied; lines 16-20)",
"cv-jenkins-x2-checkout-then-post-slack-dns":"app-password-retired (X2 on checkout, lines 11-14; the notifier's DNS failure names hooks.slack.com)",
"cv-jetbrains-idea-log-email-url-g1":"git-https-username? (email only in IntelliJ's remembered-url line; G1 on fetch) — not fully settled",
"cv-npm-git-dep-ssh-dns":"network-error (`Could not resolve hostname ssh.bitbucket.org`, line 5)",
"cv-pip-git-g7-scope":"missing-scope (G7 `Your credentials lack one or more required privilege scopes.` + 403, lines 5-6)",
"cv-pip-vcs-url-email-masked":"git-https-username (pip's `https://dev.ops%40lumencraft.io:****@bitbucket.org/…` + G1; lines 2-6)",
"cv-pipelines-custom-clone-app-password-410":"app-password-retired (`${BB_APP_PASSWORD}` in the clone URL + X2; lines 4-9)",
"cv-renovate-json-x1-autodiscover":"endpoint-removed (Renovate autodiscover `/2.0/repositories?role=contributor` → 410 X1; line 3)",
"cv-ssh-alias-new-host-key-refused":"ssh-key-not-registered (alias to ssh.bitbucket.org, key offered and refused, prose: key not on account; lines 17-20)",
"cv-tekton-git-init-json-g5":"two-step-or-sso (G5 in Tekton git-init's escaped msg; line 3)",
"cv-vscode-git-output-x2":"app-password-retired (X2 in VS Code's Git output, lines 2-5)",
"cv-vscode-ssh-old-host-dated":"ssh-host-moved (VS Code output dated 2026-12-07, git@bitbucket.org denied; lines 1-3)",
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

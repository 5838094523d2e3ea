# s37/a classification. name: (family, class, true_cause, note). All probes are nm- (near misses: Bitbucket Cloud,
# or something in front of it, answered; the settled cause is none of bbdoctor's), plus reverse near misses (SIDE).
# A families: XH (another host's git extraheader read as the Bitbucket credential), LOCK (Bitbucket's lockout message
# read as a refused credential), INC (a Bitbucket-side incident settled in the post; a self-sufficient message
# concludes), SIDE (a self-sufficient message in a best-effort/allowed-to-fail step; the job fails elsewhere),
# UNSUP (a feature Bitbucket does not offer, read as a network/key problem). A?: GCF (git credential fill output
# read as a REST Basic login).
C = {
# ---------------- A ----------------
"nm-azdo-extraheader-bearer-submodule": ("XH","A","none of bbdoctor's (Azure Pipelines' job token, passed as a global -c http.extraheader, sent to bitbucket.org for a submodule)","scheme-case (shown) from Azure's own `git -c http.extraheader=\"AUTHORIZATION: bearer ***\" fetch` line; the one line alone, with no answer, is `problems`"),
"nm-account-locked-captcha-cron": ("LOCK","A","none of bbdoctor's (account temporarily locked after failed attempts from another box; log in at id.atlassian.com)","invalid-credentials (shown) from `remote: Too many invalid password attempts. Log in at https://id.atlassian.com/ to restore access.`; kind none"),
"nm-de-lockout-jenkins": ("LOCK","A","none of bbdoctor's (service account locked by an old agent polling with a retired app password)","invalid-credentials (shown), German post, Jenkins `stderr:` prefix"),
"nm-bb-status-incident-429": ("INC","A","none of bbdoctor's (Bitbucket incident: 429 sent wrongly, rolled back)","rate-limited (shown); the status-page text in the EDIT is not weighed"),
"nm-incident-ip-allowlist-false-block": ("INC","A","none of bbdoctor's (Bitbucket incident: allowlist evaluated the wrong source address)","ip-not-allowed (shown); IP shown to be on the list; support's reply not weighed"),
"nm-incident-scope-403-token-migration": ("INC","A","none of bbdoctor's (Bitbucket incident: scopes not returned for some tokens)","missing-scope (shown) with `granted: []`; support's confirmed fix not weighed"),
"nm-incident-2sv-g5": ("INC","A","none of bbdoctor's (Bitbucket incident: 2SV status propagated wrongly)","two-step-or-sso (shown); 2SV shown On"),
"nm-incident-x2-for-api-token": ("INC","A","none of bbdoctor's (Bitbucket incident: API-token git requests classified as app password)","app-password-retired (shown) although kind api-token; second error api-token-with-username (stated) from `git credential fill` output (GCF)"),
"nm-incident-workspace-endpoint-410": ("INC","A","none of bbdoctor's (Bitbucket routing bug: X1 410 on /2.0/workspaces/{workspace}, which is not deprecated)","endpoint-removed (shown; cited as `stated` from the title); X1 accepted on a path that is not on the removal list, even without any prose"),
"nm-side-x2-mirror-optional-test-fail": ("SIDE","A","none of bbdoctor's (a Jest assertion fails; the mirror push is `|| echo … (allowed)`)","app-password-retired (shown) from the allowed-to-fail mirror step"),
"nm-side-status-notifier-scope-compile-fail": ("SIDE","A","none of bbdoctor's (javac: cannot find symbol)","missing-scope (shown) from a `WARNING: … best-effort, continuing` status-notifier line in post actions"),
"nm-side-429-pr-comment-lint-fails": ("SIDE","A","none of bbdoctor's (eslint error)","rate-limited (shown) from a GitHub Actions `##[warning]` line"),
"nm-side-ip-allowlist-docs-fetch-oom": ("SIDE","A","none of bbdoctor's (docker build OOM, exit 137)","ip-not-allowed (shown) from an optional `|| echo` docs clone"),
"nm-git-protocol-not-supported": ("UNSUP","A","none of bbdoctor's (git:// protocol: Bitbucket never served it)","unreachable: network-error (shown) for `git clone git://bitbucket.org/…`; the fix told (network/proxy) cannot help"),
"nm-ssh-certificate-not-supported": ("UNSUP","A","none of bbdoctor's (Bitbucket Cloud does not accept SSH user certificates; per-session keys cannot be registered)","ssh-key-not-registered (shown); the ED25519-CERT offer is not weighed (debatable: registering the raw key would work for 8 h)"),
# ---------------- A? ----------------
"nm-gcm-stale-old-token-scope-403": ("GCF","A?","none of bbdoctor's (GCM serves the old cached token; the new one has the scope)","missing-scope (shown) is true of the token actually sent; the second error api-token-with-username (stated) reads `username=x-bitbucket-api-token-auth` from `git credential fill` (host=bitbucket.org, git) as a REST Basic login"),
# ---------------- held ----------------
"nm-bbs-plugin-pagelen-400": ("TOOL","held","none (plugin regression: pagelen=100 on pullrequests → 400 Invalid pagelen)",""),
"nm-python-api-page-slash-400": ("TOOL","held","none (library appends / after the query string of next)",""),
"nm-oauth-code-exchanged-twice": ("TOOL","held","none (StrictMode double exchange of an authorization code)",""),
"nm-backstage-branch-slash-404": ("TOOL","held","none (URL reader splits refs with a slash)","noisy: api-token-with-username (inferred) leads the candidates; the config uses a username with an API token for REST, which would in fact be wrong (fair)"),
"nm-atlantis-comment-pr-zero-404": ("TOOL","held","none (parser falls back to PR id 0)",""),
"nm-page-beyond-last-404": ("TOOL","held","none (client asks for a page past the last)",""),
"nm-swapped-login-token-fields": ("TOOL","held","none (config loader swaps username/password)","candidates api-token-with-username etc.: fair-ish"),
"nm-dup-authorization-header-400": ("TOOL","held","none (system gitconfig extraheader + URL credentials: two Authorization headers)",""),
"nm-tool-double-workspace-path-404": ("TOOL","held","none (tool puts the workspace in the path twice)",""),
"nm-bbql-bad-field-400": ("TOOL","held","none (BBQL field `updated` instead of `updated_on`)",""),
"nm-drone-admin-endpoint-403": ("TOOL","held","none (go-scm calls an admin-only permissions endpoint)","missing-scope candidate although x-oauth-scopes shows `repository` granted (noisy)"),
"nm-teamcity-status-commit-from-mirror-404": ("TOOL","held","none (status publisher points at a repo that lacks the commit)",""),
"nm-sonar-pr-decoration-wrong-pr-key": ("TOOL","held","none (pullrequest.key = branch name)",""),
"nm-empty-workspace-var-410": ("TOOL","held","none of bbdoctor's strictly (empty BB_WORKSPACE turned the URL into the removed all-repositories listing)","endpoint-removed (shown) is what happened and its fix (workspace-scoped listing) leads to the answer; report quirk: the evidence cites the title line as `stated` while the verdict is `problems`"),
"nm-gcm-oauth-refresh-race-submodules": ("STALE","held","none (GCM refresh-token race)",""),
"nm-vscode-atlascode-multiple-sites-wrong-one": ("STALE","held","none (extension picks the first account for the host)",""),
"nm-sourcetree-stale-apppw-keychain-410": ("STALE","held","app-password-retired (fair: the sent credential is a cached app password)","fair"),
"nm-gitea-secret-key-rotated-mirror": ("STALE","held","none (Gitea SECRET_KEY changed; stored passwords undecryptable)","noisy: anonymous-request (stated) leads"),
"nm-renovate-token-from-wrong-hostrule": ("PLUG","held","none (hostRule for bitbucket.org meant for npm)",""),
"nm-backstage-proxy-forwards-own-token": ("PLUG","held","none (proxy credentials: forward sends the Backstage identity token)",""),
"nm-jenkins-bbs-server-type-for-cloud": ("PLUG","held","DC endpoint type configured for bitbucket.org","wrong-api-host (shown): fair"),
"nm-dc-path-sourcetree-cloud-account": ("PLUG","held","Bitbucket Server account type for bitbucket.org","wrong-api-host (shown): fair"),
"nm-renovate-cloud-platform-on-dc": ("DC","held","none (Cloud platform against a Data Center server)","noisy: invalid-credentials (inferred) leads"),
"nm-cloud-path-on-dc-host-curl": ("DC","held","none (Cloud path on a Data Center host)",""),
"nm-gh-pat-extraheader-to-bb": ("XH","held","none (global GitHub PAT extraheader sent to bitbucket.org)","invalid-credentials (inferred) lead; `token` scheme not read as scheme-case"),
"nm-azdo-checkout-ok-dotnet-test-fail": ("XH","held","none (dotnet test failure; checkout OK)","scheme-case kept as a warning from Azure's extraheader line (noisy)"),
"nm-azdo-tf401019-azure-repo": ("XH","held","none (Azure Repos TF401019)",""),
"nm-credential-fill-check-hook-fails": ("GCF","held","none (pre-push hook: eslint)","noisy: api-token-with-username (stated) is the only candidate, from `git credential fill` output (GCF)"),
"nm-webhook-generic-trigger-404": ("HOOK","held","none (Jenkins Generic Webhook Trigger token mismatch)",""),
"nm-webhook-receiver-429": ("HOOK","held","none (receiver's nginx limit_req)",""),
"nm-webhook-receiver-ip-filter-403": ("HOOK","held","none (receiver's ALB allow-list lacks Atlassian's new egress ranges)",""),
"nm-bb-jira-integration-401": ("HOOK","held","none (Jira DC application link reset)","noisy: invalid-credentials (inferred) for Jira's 401"),
"nm-jira-app-consent-pending-scope": ("HOOK","held","app grant lacks a scope until the admin approves the app update","missing-scope (shown): fair mechanism, fix differs (approve the update)"),
"nm-pipelines-oidc-token-to-api": ("UNSUP","held","none (Pipelines OIDC token is not a Bitbucket API credential)","invalid-credentials (stated) lead"),
"nm-lfs-lock-not-supported": ("UNSUP","held","none (LFS locking API not implemented)","noisy: anonymous-request (inferred) lead"),
"nm-push-options-not-supported": ("UNSUP","held","none (push options not supported)",""),
"nm-fork-disabled-400": ("UNSUP","held","none (forking disabled in repo settings)",""),
"nm-git-archive-remote-conq": ("UNSUP","held","none (git-upload-archive not implemented)",""),
"nm-sha256-repo-push-not-supported": ("UNSUP","held","none (SHA-256 repositories not supported)",""),
"nm-issues-removed-410-bugwarrior": ("UNSUP","held","Issues removed 2026-08-20 (endpoint-removed in the wide sense)","endpoint-removed (shown): id fair, but the explanation talks about CHANGE-2770 and a workspace-scoped replacement that does not exist for Issues"),
"nm-connect-jwt-clock-skew": ("ACCT","held","none (node clock 8 min ahead: Connect JWT refused)","token-expired 2nd candidate"),
"nm-account-deactivated-offboarding": ("ACCT","held","none (account deactivated by offboarding)",""),
"nm-atlassian-guard-token-revoked-policy": ("ACCT","held","none (Guard API-token policy blocks the user)",""),
"nm-ansible-uri-no-force-basic": ("ACCT","held","anonymous-request in effect (uri sends no credential without force_basic_auth)","no-repo-access (inferred) leads, anonymous-request second: should lead"),
"nm-incident-git-401-statuspage": ("INC","held","none (incident: git 401s)","control of INC: R1/`Invalid credentials` does not conclude"),
"nm-incident-ssh-denied-statuspage": ("INC","held","none (incident: SSH denials)","noisy: HTTPS candidates (invalid-credentials…) for an SSH denial"),
"nm-pipelines-builtin-clone-incident": ("INC","held","none (incident: Pipelines clone)",""),
"nm-side-gitlab-mirror-ssh-allowfail": ("SIDE","held","none (Kotlin unit test fails; mirror job allowed to fail)","ssh-host-moved (inferred): fair as a side candidate"),
}
import glob,os,json
names=sorted(os.path.basename(f)[:-4] for f in glob.glob("src/*.txt"))
missing=[n for n in names if n not in C]; extra=[n for n in C if n not in names]
assert not missing and not extra,(missing,extra)
with open("classes.tsv","w") as f:
    f.write("name\tfamily\tclass\ttrue_cause\tverdict\tfirst_error\terrors\tnote\n")
    for n in names:
        fam,cl,tc,note=C[n]; d=json.load(open(n+".json"))
        errs=[f"{x['id']}({x.get('strength')})" for x in d["findings"] if x["severity"]=="error"]
        first=errs[0] if errs and d["verdict"] in ("problems","unreachable") else ""
        f.write(f"{n}\t{fam}\t{cl}\t{tc}\t{d['verdict']}\t{first}\t{','.join(errs)}\t{note}\n")
from collections import Counter
print("all",Counter(v[1] for v in C.values()), len(C))
print("A by family", Counter(v[0] for v in C.values() if v[1]=="A"))

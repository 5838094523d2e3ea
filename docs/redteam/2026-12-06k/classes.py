# s36/a classification. name: (family, class, true_cause, note)
# A families: CRASH (panic), MASK (masked/truncated Basic value read as malformed despite 200), TEST (a Bitbucket
# message inside test code / string literals read as shown output), CASE (a CI tool's own lowercase `basic`
# extraheader on a fetch that succeeded), RETRY (Jenkins ` > git …` retried command not superseding a network error),
# PH (a `{{ … }}` placeholder literal read as a real refused credential), BODY (token in the POST body read as "no credential").
# B families: PH (placeholder not named outside curl -u/-H `$VAR`), BODY (body token not read), SLUG (slug evidence unused),
# GITUSER (email as git username not concluded), KIND (token kind shown by an echo not read).
C = {
# ---------------- precision: A ----------------
"nm-curl-artifactory-tls-intercept": ("CRASH","A","none of bbdoctor's (Nexus/JVM truststore PKIX failure; Bitbucket call 200)","PANIC exit 101 (src/explain/scan.rs:527 slice index starts at 3 but ends at 2): two curl lines with -w '%{http_code}' and no bare status line after the first"),
"nm-curl-wait-loop-dns-then-200": ("CRASH","A","none (transient DNS failure, retry loop got 200, build SUCCESS)","PANIC exit 101, same trigger: a wait loop `curl -w '%{http_code}'` → curl: (6) → same curl again"),
"nm-git-lfs-bb-quota": ("MASK","A","none of bbdoctor's (workspace Git LFS storage quota exceeded)","basic-encoding (shown) 'the value after Basic is not base64' from git-lfs's own redaction `Authorization: Basic * * * * *` (also with a 200)"),
"nm-curl-v-truncated-basic-jq-error": ("MASK","A","none (jq filter `.value[]` vs `.values[]`; the call answered 200)","basic-encoding (shown) from a header the poster cut by hand (`Basic cmVsZWFz…MH...`), with `< HTTP/2 200` right below"),
"nm-pytest-fixture-x2-410": ("TEST","A","none (a unit test of a hint mapper fails its assertion)","app-password-retired (shown), kind app-password, from the X2 wording inside a Python string literal in pytest's failure listing; the substring `CHANGE-3222 - Functionality has been deprecated` alone concludes"),
"nm-azure-pipelines-bb-ok-nuget-401": ("CASE","A","none of bbdoctor's (Azure Artifacts NuGet feed 401; Bitbucket checkout succeeded)","scheme-case (shown) from Azure Pipelines' own `git -c http.extraheader=\"AUTHORIZATION: basic ***\" fetch … origin`, whose fetch succeeded (`* [new branch] main -> origin/main`)"),
"nm-jenkins-retry-dns-then-success": ("RETRY","A","none (transient DNS failure; retry fetched, build SUCCESS)","unreachable: network-error (shown); the retried ` > git fetch … # timeout=10` (Jenkins git-client echo, silent on success) + 'Checking out Revision' + 'Finished: SUCCESS' do not supersede it (with `+ git fetch` they do)"),
# ---------------- precision: held ----------------
"nm-jenkins-bb-checkout-nexus-deploy-401": ("NM","held","none (Nexus deploy 401)","noisy: invalid-credentials (inferred) lead for Nexus's 401"),
"nm-gha-bb-clone-ghcr-push-denied": ("NM","held","none (GHCR push 403)","noisy: missing-scope/no-repo-access candidates"),
"nm-gitlab-ci-bb-mirror-npm-e403": ("NM","held","none (npm publish over an existing version)",""),
"nm-pipelines-clone-then-jest-fails": ("NM","held","none (unit test fails)",""),
"nm-pipelines-memory-limit": ("NM","held","none (container memory limit)",""),
"nm-pipelines-no-space-left": ("NM","held","none (disk full during pip install)",""),
"nm-pipelines-yaml-invalid": ("NM","held","none (bitbucket-pipelines.yml: empty script item)",""),
"nm-teamcity-dc-scm-401": ("DC","held","none for Cloud (Data Center HTTP token refused after upgrade)",""),
"nm-azure-devops-dc-rest-1.0": ("DC","held","none for Cloud (DC REST 1.0 401)",""),
"nm-circleci-dockerhub-toomanyrequests": ("NM","held","none (Docker Hub anonymous pull limit)","rate-limited (inferred) candidate: fair wording, wrong host"),
"nm-argocd-bb-ok-helm-github-404": ("NM","held","none (Helm chart version missing on GitHub Pages)","noisy: anonymous-request (inferred) lead while `argocd repo list` shows the Bitbucket repo Successful"),
"nm-renovate-bb-github-changelog-ratelimit": ("NM","held","none (GitHub API rate limit)","noisy: missing-scope/no-repo-access candidates"),
"nm-renovate-bb-artifactory-npm-401": ("NM","held","none (Artifactory npm 401)",""),
"nm-dependabot-script-bb-github-packages": ("NM","held","none (GitHub Packages auth for rubygems)",""),
"nm-terraform-bb-module-ok-aws-expired": ("NM","held","none (AWS session token expired)","noisy: missing-scope/no-repo-access candidates"),
"nm-terraform-bb-provider-repo-exists-400": ("NM","held","none (repository already exists: 400)",""),
"nm-ansible-bb-clone-ok-apt-lock": ("NM","held","none (apt lock held)",""),
"nm-buildkit-bb-clone-ok-pypi-tls": ("NM","held","none of bbdoctor's for Bitbucket (Zscaler re-signs pypi.org)","tls-error (inferred) only a candidate: fair"),
"nm-npm-bb-gitdep-ok-registry-404": ("NM","held","none (scoped registry line commented out: npm E404)",""),
"nm-go-bb-ok-github-private-prompt": ("NM","held","none (no credential for github.com private module)",""),
"nm-composer-bb-vcs-ok-unresolvable": ("NM","held","none (PHP version constraint)",""),
"nm-gcm-trace-bb-ok-azure-repos-fail": ("NM","held","none (Azure AD MFA for an Azure Repos submodule)",""),
"nm-git-curl-verbose-bb-200-github-401": ("NM","held","none (GitHub submodule credentials)","noisy: invalid-credentials etc. candidates for github.com's 401"),
"nm-push-branch-restriction": ("NM","held","none of bbdoctor's (branch restriction: PR required)",""),
"nm-push-rejected-non-fast-forward": ("NM","held","none (non-fast-forward)",""),
"nm-curl-v-src-missing-file-404": ("NM","held","none (file renamed: src 404 'No such file or directory')","noisy: no-repo-access/repo-not-found candidates although the repo call is 200 and the 404 body names the file"),
"nm-curl-downloads-artifact-404": ("NM","held","none (artifact 1.8.3 not uploaded; listing shows 1.8.2)","noisy: repo candidates"),
"nm-git-fetch-tag-missing": ("NM","held","none (tag v5.3.0 does not exist)",""),
"nm-curl-proxy-407-artifactory": ("NM","held","none of bbdoctor's for Bitbucket (proxy 407 to Artifactory; Bitbucket bypasses the proxy)",""),
"nm-pipelines-echo-old-errors": ("NM","held","none (eslint errors)","app-password-retired (stated) candidate from the echo line: fair"),
"nm-renovate-bb-429-retry-then-config-error": ("NM","held","none (Renovate config validation; Bitbucket 429 retried OK)","ok"),
"nm-pipelines-aws-s3-deploy-accessdenied": ("NM","held","none (IAM policy)",""),
"nm-pipelines-dockerhub-push-denied": ("NM","held","none (Docker Hub push denied)",""),
"nm-gha-bb-to-github-mirror-403": ("NM","held","none (GitHub token permission)",""),
"nm-jenkins-bb-ok-java-heap-oom": ("NM","held","none (Java heap OOM)",""),
"nm-jenkins-sonar-not-authorized": ("NM","held","none (SonarCloud token)",""),
"nm-circleci-ecr-no-basic-auth": ("NM","held","none (no ECR login)",""),
"nm-gha-masked-token-lint-fails": ("NM","held","none (lint error)","`***` mask in the URL: no placeholder finding, good"),
"nm-pipelines-github-api-ratelimit": ("NM","held","none (GitHub anonymous rate limit)",""),
"nm-pipelines-ssh-deploy-server-denied": ("NM","held","none (deploy server authorized_keys)","no ssh-key-not-registered for a non-Bitbucket host: good"),
"nm-gha-ssh-agent-github-deploy-key": ("NM","held","none (GitHub deploy key)","ssh candidates for git@github.com"),
"nm-renovate-bb-pr-400-reviewer": ("NM","held","none (reviewers list; retried without, PR created)","ok"),
"nm-curl-v-dc-rest-api-401": ("DC","held","none for Cloud (DC HTTP access token expired)",""),
"nm-git-dc-scm-403-project-perm": ("DC","held","none for Cloud (DC group membership removed)",""),
"nm-flux-bb-ok-kustomize-fail": ("NM","held","none (kustomize: missing hpa.yaml)",""),
"nm-ansible-galaxy-bb-ok-galaxy-timeout": ("NM","held","none (galaxy.ansible.com timeout)",""),
"nm-pipelines-step-timeout": ("NM","held","none (step max-time)",""),
"nm-curl-commit-status-404-unpushed": ("NM","held","none (commit never pushed: 'Commit not found')","ok: defensible (a working call shown)"),
"nm-pipelines-clone-retry-502-ok": ("NM","held","none (Go test fails; a 502 on clone was retried)",""),
"nm-gha-checkout-extraheader-bb-ok-test-fail": ("NM","held","none (unit test)","actions/checkout's `AUTHORIZATION: basic ***` for github.com: no scheme-case (compare CASE)"),
"nm-pipelines-retry-dns-then-lint": ("NM","held","none (lint; DNS failure retried by `retry 6`)","control of RETRY"),
"nm-pipelines-ssh-deploy-port22-timeout": ("NM","held","none (deploy server security group)","ssh-port-blocked (inferred) candidate for a non-Bitbucket host: noisy"),
"nm-pipelines-ssh-deploy-host-key-changed": ("NM","held","none (staging VM rebuilt)",""),
"nm-pipelines-ssh-deploy-host-key-unknown": ("NM","held","none (deploy host not in known_hosts)","ssh-host-key-unknown (inferred) candidate for 10.8.0.12: noisy"),
"nm-curl-60-nexus-after-bb-200": ("NM","held","none for Bitbucket (Nexus CA)",""),
"nm-slack-webhook-timeout-after-bb": ("NM","held","none (Slack webhook timeout after a successful push)",""),
"nm-github-410-issues-disabled": ("NM","held","none (GitHub mirror has issues disabled: 410)","no endpoint-removed: good"),
"nm-renovate-bb-server-401": ("DC","held","none for Cloud (Renovate on Bitbucket Server)","noisy: invalid-credentials (inferred) lead for a DC host"),
"nm-bb-webhook-jenkins-403-crumb": ("NM","held","none (Jenkins CSRF crumb on the webhook endpoint)",""),
"nm-curl-v-squid-403-other-host": ("NM","held","none (proxy allow list for githubusercontent.com)",""),
"nm-pipelines-upload-pipe-apppw-varname-ok": ("NM","held","none (Play version code reused; the upload with the token succeeded)","noisy: app-password-retired (inferred) from the variable name BITBUCKET_APP_PASSWORD although the upload succeeded"),
"nm-jenkins-apppw-credential-description-ok": ("NM","held","none (unit test)","noisy: app-password-retired (inferred) from the Jenkins credential description; checkout succeeded"),
"nm-jest-assert-diff-bb-message": ("TEST","held","none (unit test regex)","ip-not-allowed (stated) only; the same `> 16 | 'remote: To access … whitelist your IP.'` line alone is shown (TEST)"),
"nm-buildkit-secrets-arg-warning": ("NM","held","none (Python 3.9 SyntaxError)","noisy: app-password-retired (inferred) from BuildKit's SecretsUsedInArgOrEnv warning naming ARG BITBUCKET_APP_PASSWORD"),
"nm-pipelines-oidc-aws-assume-denied": ("NM","held","none (AWS trust policy after workspace move)",""),
"nm-gcm-bb-oauth-refresh-ok": ("NM","held","none (GCM refreshed the token; pull succeeded)","noisy: token-expired (inferred) lead although the refresh worked and git says 'Already up to date.' (should be ok)"),
"nm-jenkins-commit-message-quotes-401": ("NM","held","none (Go unit test)","noisy: invalid-credentials (inferred) lead from the commit message"),
# ---------------- coverage ----------------
"cv-bash-x-jinja-literal-bearer": ("PH","A","unexpanded-placeholder (`{{ bb_access_token }}` copied, not templated)","invalid-credentials (shown): 'refused: typo, revoked, expired' for a literal Jinja placeholder; `$bb_access_token` in the same spot gives unexpanded-placeholder"),
"cv-jenkins-approve-body-token-401": ("BODY","A","oauth-token-in-query (token in the POST body, CHANGE-3052)","anonymous-request (shown) 'no credential was given' for `-d access_token=****`; the query form gives oauth-token-in-query"),
"cv-pipelines-literal-gha-secret-header": ("PH","B","unexpanded-placeholder (`${{ secrets.X }}` literal in Pipelines)","invalid-credentials (inferred) lead; redacted as 'placeholder(30 chars)' yet no unexpanded-placeholder; kind access-token from the name"),
"cv-argocd-secret-literal-envvar": ("PH","B","unexpanded-placeholder (`${BB_FLEET_TOKEN}` in a Secret applied without envsubst)","no candidates; the decoded password `${BB_FLEET_TOKEN}` is shown"),
"cv-ansible-copy-jinja-literal-header": ("PH","B","unexpanded-placeholder (`{{ bb_access_token }}` via copy: instead of template:)","no placeholder candidate; api-token-as-bearer leads"),
"cv-curl-post-body-access-token": ("BODY","B","oauth-token-in-query (POST body)","invalid-credentials etc., no oauth-token-in-query; 'without credentials'"),
"cv-curl-data-access-token-status": ("BODY","B","oauth-token-in-query (--data-urlencode access_token=)","no candidates at all"),
"cv-curl-slug-typo-listing-shows-real": ("SLUG","B","repo-not-found (payments-service vs payment-service)","no-repo-access (inferred) leads; the listing with the real slug and its 200 are not used"),
"cv-workspace-display-name-in-url": ("SLUG","B","repo-not-found (workspace name 'Contoso Retail' for slug contoso-retail)","right lead, inferred; min: `Contoso%20Retail` alone leads no-repo-access, `ContosoRetail` is shown repo-not-found"),
"cv-jenkins-askpass-email-gitauth": ("GITUSER","B","git-https-username (email as git username; same email:token 200 on REST)","api-token-with-username (inferred) leads, wrong; git-https-username 2nd"),
"cv-argocd-repo-add-x-token-auth-api-token": ("GITUSER","B","git-https-username (API token with x-token-auth)","`argocd repo add --username x-token-auth --password ATATT…` not read: no candidates"),
"cv-gitlab-ci-bearer-access-token-r3": ("KIND","B","invalid-credentials (access token refused as Bearer on its repo)","kind unknown: 'token length 192, prefix ATCTT3xFfGN0' from the echo not read; right lead, inferred (literal ATCTT… concludes)"),
"cv-gha-fork-pr-no-auth-header": ("CV","held","anonymous-request",""),
"cv-jenkins-no-credentials-specified": ("CV","held","anonymous-request","right first candidate (catalog: inconclusive by design)"),
"cv-python-urllib3-log-access-token-query": ("CV","held","oauth-token-in-query",""),
"cv-jenkins-ssh-T-other-account": ("CV","held","ssh-key-wrong-account","right first candidate; one key in view"),
"cv-gha-two-keys-wrong-deploy-key": ("CV","held","ssh-key-wrong-account",""),
"cv-flux-access-token-refused": ("CV","held","invalid-credentials","right lead; git refusal of an access token is inconclusive by design"),
"cv-ansible-git-ssh-not-registered": ("CV","held","ssh-key-not-registered",""),
"cv-buildkit-ssh-mount-not-registered": ("CV","held","ssh-key-not-registered",""),
}
import glob,os,json
names=sorted(os.path.basename(f)[:-4] for f in glob.glob("src/*.txt"))
missing=[n for n in names if n not in C]; extra=[n for n in C if n not in names]
assert not missing and not extra,(missing,extra)
with open("classes.tsv","w") as f:
    f.write("name\tclass\ttrue_cause\tverdict\tfirst_error\tnote\tfamily\n")
    for n in names:
        fam,cl,tc,note=C[n]; d=json.load(open(n+".json"))
        errs=[f"{x['id']}({x.get('strength')})" for x in d["findings"] if x["severity"]=="error"]
        f.write(f"{n}\t{cl}\t{tc}\t{d['verdict']}\t{errs[0] if errs else '-'}\t{note}\t{fam}\n")
from collections import Counter
print("all",Counter(v[1] for v in C.values()), len(C))
for part in ("nm-","cv-"):
    print(part, Counter(v[1] for k,v in C.items() if k.startswith(part)), sum(1 for k in C if k.startswith(part)))
print("A by family", Counter(v[0] for v in C.values() if v[1]=="A"))
print("B by family", Counter(v[0] for v in C.values() if v[1]=="B"))

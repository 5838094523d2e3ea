# name: (family, class, true_cause, note)
C = {
# --- near misses: ssh host key of a deploy target (HK)
"nm-gha-rsync-hostkey-masked": ("HK","A","none (deploy VPS host key not in known_hosts)","ssh-host-key-unknown (shown) from bare 'Host key verification failed.' after rsync to ***@***"),
"nm-circleci-ssh-port2222-hostkey": ("HK","A","none (edge01:2222 host key unknown)","ssh-host-key-unknown (shown) from \"The authenticity of host '[edge01]:2222 ([10.30.4.21]:2222)'\""),
"nm-deployer-php-hostkey-server": ("HK","A","none (prod-web-1 host key)","ssh-host-key-unknown (shown) from Deployer's '[prod-web-1] Host key verification failed.'"),
"nm-jenkins-sshagent-strict-web01": ("HK","A","none (web01.northwind.io host key)","ssh-host-key-unknown (shown) from 'No ED25519 host key is known for web01.northwind.io …'"),
"nm-bbp-scp-authenticity-staging": ("HK","held","none (staging host key)","authenticity line names an FQDN: abstains"),
"nm-gitlab-offending-key-ip": ("HK","held","none (deploy host key changed)","abstains in full (short form with IP concludes: min/m-hkc-ip.txt)"),
# --- near misses: port 22 of a deploy target (PB)
"nm-awx-unreachable-no-route": ("PB","A","none (worker-07 no route)","ssh-port-blocked (shown) from Ansible UNREACHABLE 'connect to host 10.40.3.17 port 22: No route to host'"),
"nm-bbp-scp-ip-port22-timeout": ("PB","A","none (jobs host 10.20.0.31 down/firewalled)","ssh-port-blocked (shown) from scp 'ssh: connect to host 10.20.0.31 port 22: Connection timed out'"),
"nm-jenkins-ansible-unreachable-timeout": ("PB","A","none (app02 unreachable)","ssh-port-blocked (shown) from Ansible UNREACHABLE 10.40.2.12 port 22"),
"nm-teamcity-ssh-exec-refused": ("PB","A","none (10.20.0.22 sshd down)","ssh-port-blocked (shown) from TeamCity SSH Exec 'connect to host 10.20.0.22 port 22: Connection refused'"),
"nm-gha-ssh-deploy-ip-refused": ("PB","A","none (203.0.113.40 refused)","ssh-port-blocked (shown) from deploy script's ssh to 203.0.113.40"),
# --- Ansible msg read as git output (ANS)
"nm-bbp-ansible-unreachable-publickey": ("ANS","A","none (web02 deploy key)","network-error (shown) 'GET /{workspace}/{repository}.git/info/refs … failed: fatal: [web02]: UNREACHABLE!' — the Ansible 'fatal:' line with Permission denied (publickey) inside"),
# --- proxy error of another download (PX)
"nm-gha-curl-scanner-proxy-407": ("PX","A","none (proxy 407 for binaries.sonarsource.com; Bitbucket clone worked)","network-error (shown) from 'curl: (56) CONNECT tunnel failed, response 407' (URL in a variable)"),
"nm-azdo-proxy-resolve-helm": ("AZ","A","none (proxy host does not resolve for the helm download; Bitbucket checkout worked)","scheme-case (shown) from Azure's own 'AUTHORIZATION: basic ***' (known s30/s32 family); network-error as a warning"),
# --- masked deploy host, bad key (NK)
"nm-bbp-sshrun-pipe-badkey": ("NK","A","none (SSH_KEY variable of the ssh-run pipe malformed; target is the deploy host)","ssh-no-key-offered (shown) from 'Load key … invalid format' + 'deploy@***: Permission denied (publickey).'"),
# --- held near misses
"nm-bbp-dockerhub-toomanyrequests": ("OH","held","none (Docker Hub 429)","noisy: rate-limited (inferred) sole candidate"),
"nm-bbp-npm-artifactory-e401": ("OH","held","none (Artifactory npm token)",""),
"nm-jenkins-gradle-nexus-401": ("OH","held","none (Nexus 401)",""),
"nm-bbp-github-submodule-publickey": ("OH","held","none (GitHub submodule key)",""),
"nm-bbp-github-mirror-push-403": ("OH","held","none (GitHub mirror token)","noisy: missing-scope, no-repo-access"),
"nm-gitlab-registry-push-denied": ("OH","held","none (GitLab registry)",""),
"nm-jenkins-bbdc-branch-source-401": ("DC","held","none for Cloud (Bitbucket Data Center HTTP access token)","noisy: invalid-credentials first, kind access-token"),
"nm-bbp-bbdc-rest-app-password": ("DC","held","none for Cloud (DC /rest/api/1.0 IncorrectPasswordAuthenticationException)",""),
"nm-renovate-github-changelog-403": ("OH","held","none (GitHub PAT for changelogs; PR created)",""),
"nm-dependabot-private-npm-401": ("OH","held","none (private npm registry)",""),
"nm-terraform-s3-backend-403": ("OH","held","none (AWS STS InvalidClientTokenId)","noisy: missing-scope, no-repo-access"),
"nm-atlantis-webhook-signature": ("TOOL","held","none (webhook secret mismatch)",""),
"nm-sonarqube-license-decoration": ("TOOL","held","none (SonarQube license expired)",""),
"nm-argocd-helm-repo-401": ("OH","held","none (Helm chart repo 401)","noisy: invalid-credentials (inferred) first"),
"nm-flux-image-update-push-rejected": ("GIT","held","none (non-fast-forward)",""),
"nm-bbp-disk-full-docker": ("RUN","held","none (disk full)",""),
"nm-bbp-merge-conflict": ("GIT","held","none (merge conflict)",""),
"nm-bbp-shallow-describe": ("GIT","held","none (shallow clone, no tags)",""),
"nm-bbp-missing-branch-ref": ("GIT","held","none (branch does not exist)",""),
"nm-github-lfs-quota-submodule": ("OH","held","none (GitHub LFS quota)",""),
"nm-composer-github-rate-limit": ("OH","held","none (GitHub token for composer)","noisy: invalid-credentials (inferred), kind oauth"),
"nm-bbp-oom-container": ("RUN","held","none (memory limit; test names mention 401)",""),
"nm-bbp-jira-transition-404": ("OH","held","none (Jira issue 404)","noisy: anonymous-request first"),
"nm-go-proxy-410-gone": ("OH","held","none (proxy.golang.org 410 for an unknown GitHub tag)","no endpoint-removed: good"),
"nm-buildkite-dockerhub-login": ("OH","held","none (Docker Hub login)",""),
"nm-woodpecker-slack-404": ("OH","held","none (Slack channel_not_found)","noisy: anonymous-request (inferred) first"),
"nm-cargo-github-git-dep-auth": ("OH","held","none (GitHub git dependency)",""),
"nm-bundler-gem-source-403": ("OH","held","none (private gem source)",""),
"nm-helm-oci-ghcr-denied": ("OH","held","none (ghcr.io 403)","noisy: missing-scope, no-repo-access"),
"nm-bbp-s3-deploy-accessdenied": ("OH","held","none (S3 AccessDenied)",""),
"nm-gha-timeout-bitbucket-mirror": ("RUN","held","none (step timeout while cloning a 9 GB mirror)",""),
"nm-kaniko-gcr-unauthorized": ("OH","held","none (Artifact Registry)",""),
# --- coverage
"cv-bbp-push-apppw-410": ("CV","held","app-password-retired",""),
"cv-jenkins-stderr-email-git": ("CV","B","git-https-username","jan.kowalski%40northwind.io:**** in the clone URL + G1: invalid-credentials leads, git-https-username 2nd"),
"cv-gha-curl-bearer-atatt": ("CV","held","api-token-as-bearer",""),
"cv-renovate-json-r1-username": ("CV","B","api-token-with-username","Renovate JSON: username nw-renovate + R1 + 'RENOVATE_PASSWORD is an Atlassian API token': invalid-credentials leads"),
"cv-terraform-r5-missing-scope": ("CV","held","missing-scope",""),
"cv-azdo-ip-allowlist-g4": ("CV","held","ip-not-allowed",""),
"cv-gitlab-mirror-2sv-g5": ("CV","held","two-step-or-sso",""),
"cv-bbp-curl-access-token-query": ("CV","B","oauth-token-in-query","?access_token=${ACCESS_TOKEN} + HTTP 401: right lead, inferred"),
"cv-jenkins-oauth-expired-r4": ("CV","A?","token-expired","first right; second error api-token-as-bearer (stated) from the checkout credential's description 'Bitbucket Cloud API token (ci-bot)' (another credential)"),
"cv-argocd-knownhosts-old-rsa": ("CV","held","ssh-host-key-changed",""),
"cv-circleci-ssh-old-host": ("CV","B","ssh-host-moved","git@bitbucket.org port 22 refused, no date in the log: right lead, inferred"),
"cv-buildkite-key-not-registered": ("CV","held","ssh-key-not-registered",""),
"cv-bbp-deploy-key-readonly": ("CV","held","ssh-deploy-key-read-only",""),
"cv-go-goprivate-no-username": ("CV","A","anonymous-request","no-repo-access (shown) 'credential works' for go's anonymous ?fields=scm 403 'Access denied. You must have write or admin access.'; the next line says no username could be read"),
"cv-bbp-x1-workspaces-410": ("CV","held","endpoint-removed",""),
"cv-jenkins-xtoken-basic-rest": ("CV","B","access-token-as-basic","-u x-token-auth:**** (BB_REPO_ACCESS_TOKEN) + R1: api-token-with-username (stated) leads, from the checkout credential's 'API token' description"),
"cv-jenkins-single-quote-placeholder": ("CV","held","unexpanded-placeholder",""),
"cv-gha-ansi-rate-limited": ("CV","held","rate-limited",""),
"cv-bbp-curl-email-apppw-rest": ("CV","B","app-password-retired","email:ATBB… + curl (22) 401: right lead, inferred (the ATBB literal is shown)"),
"cv-bbp-upload-pipe-accesstoken-scope": ("CV","held","missing-scope",""),
}
import glob,os,json
names=sorted(os.path.basename(f)[:-4] for f in glob.glob("src/*.txt"))
missing=[n for n in names if n not in C]; extra=[n for n in C if n not in names]
assert not missing and not extra,(missing,extra)
with open("classes.tsv","w") as f:
    f.write("name\tfamily\tclass\ttrue_cause\tverdict\terrors\tnote\n")
    for n in names:
        fam,cl,tc,note=C[n]; d=json.load(open(n+".json"))
        errs=",".join(f"{x['id']}({x.get('strength')})" for x in d["findings"] if x["severity"]=="error")
        f.write(f"{n}\t{fam}\t{cl}\t{tc}\t{d['verdict']}\t{errs}\t{note}\n")
from collections import Counter
print("all",Counter(v[1] for v in C.values()), len(C))
for part in ("nm-","cv-"):
    print(part, Counter(v[1] for k,v in C.items() if k.startswith(part)), sum(1 for k in C if k.startswith(part)))

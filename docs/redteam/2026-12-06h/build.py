# build.py: expand src/*.txt templates into <name>.txt (macros + synthetic tokens from gen.py)
import re,glob,os,subprocess
def g(k,s): return subprocess.check_output(["python3","gen.py",k,str(s)],text=True).strip()
sub={}
for i in range(1,8): sub[f"@AT{i}@"]=g("at",500+i)
for i in range(1,4): sub[f"@CT{i}@"]=g("ct",600+i)
for i in range(1,4): sub[f"@BB{i}@"]=g("bb",700+i)
M={}
M["BBP_CLONE"]="""Images used:
    build : docker.io/library/node@sha256:6a3c1f09b5e2d7c44e8f0a9d21b7e3c5f6a8d9e0b1c2d3e4f5a6b7c8d9e0f1a2
+ umask 000

+ GIT_LFS_SKIP_SMUDGE=1 retry 6 git clone --branch="main" --depth 50 https://x-token-auth:$REPOSITORY_OAUTH_ACCESS_TOKEN@bitbucket.org/$BITBUCKET_REPO_FULL_NAME.git $BUILD_DIR
Cloning into '/opt/atlassian/pipelines/agent/build'...

+ git reset --hard 4f2a9c1e7b3d0a85c6e1f2d3b4a59687c8d9e0f1
HEAD is now at 4f2a9c1 Merge branch 'feature/NW-1234-retry' into main

+ git config user.name bitbucket-pipelines

+ git config user.email commits-noreply@bitbucket.org

+ git config push.default current

+ git config http.${BITBUCKET_GIT_HTTP_ORIGIN}.proxy http://localhost:29418/

+ git remote set-url origin http://bitbucket.org/$BITBUCKET_REPO_FULL_NAME

+ git reflog expire --expire=all --all

+ echo ".bitbucket/pipelines/generated" >> .git/info/exclude

+ chmod 777 $BUILD_DIR
"""
M["NPM_OK"]="""+ npm ci
npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.
npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported

added 1184 packages, and audited 1185 packages in 21s

182 packages are looking for funding
  run `npm fund` for details

found 0 vulnerabilities
"""
M["PIP_OK"]="""+ pip install -r requirements.txt
Collecting requests==2.32.3 (from -r requirements.txt (line 1))
  Downloading requests-2.32.3-py3-none-any.whl (64 kB)
Collecting boto3==1.35.40 (from -r requirements.txt (line 2))
  Downloading boto3-1.35.40-py3-none-any.whl (139 kB)
Installing collected packages: urllib3, idna, charset-normalizer, certifi, requests, jmespath, botocore, s3transfer, boto3
Successfully installed boto3-1.35.40 botocore-1.35.40 certifi-2024.8.30 charset-normalizer-3.4.0 idna-3.10 jmespath-1.0.1 requests-2.32.3 s3transfer-0.10.3 urllib3-2.2.3
"""
M["GHA_CHECKOUT"]="""2026-12-04T08:11:52.1032144Z ##[group]Run actions/checkout@v4
2026-12-04T08:11:52.1033011Z with:
2026-12-04T08:11:52.1033412Z   repository: northwind/web-portal
2026-12-04T08:11:52.1033899Z   token: ***
2026-12-04T08:11:52.1034201Z   fetch-depth: 1
2026-12-04T08:11:52.1034655Z ##[endgroup]
2026-12-04T08:11:52.4101229Z Syncing repository: northwind/web-portal
2026-12-04T08:11:53.0112873Z [command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +4f2a9c1e7b3d0a85c6e1f2d3b4a59687c8d9e0f1:refs/remotes/origin/main
2026-12-04T08:11:53.6620014Z From https://github.com/northwind/web-portal
2026-12-04T08:11:53.6621102Z  * [new ref]         4f2a9c1e7b3d0a85c6e1f2d3b4a59687c8d9e0f1 -> origin/main
2026-12-04T08:11:53.7012455Z ##[endgroup]
"""
M["JK_HEAD"]="""Started by Bitbucket push by Jan Kowalski
Obtained Jenkinsfile from git https://bitbucket.org/northwind/web-portal.git
[Pipeline] Start of Pipeline
[Pipeline] node
Running on agent-linux-04 in /var/lib/jenkins/workspace/web-portal_main
[Pipeline] {
[Pipeline] stage
[Pipeline] { (Declarative: Checkout SCM)
[Pipeline] checkout
Selected Git installation does not exist. Using Default
The recommended git tool is: NONE
using credential bitbucket-ci-apitoken
 > git rev-parse --resolve-git-dir /var/lib/jenkins/workspace/web-portal_main/.git # timeout=10
Fetching changes from the remote Git repository
 > git config remote.origin.url https://bitbucket.org/northwind/web-portal.git # timeout=10
Fetching upstream changes from https://bitbucket.org/northwind/web-portal.git
 > git --version # timeout=10
 > git --version # 'git version 2.43.0'
using GIT_ASKPASS to set credentials Bitbucket Cloud API token (ci-bot)
 > git fetch --tags --force --progress -- https://bitbucket.org/northwind/web-portal.git +refs/heads/*:refs/remotes/origin/* # timeout=10
 > git rev-parse refs/remotes/origin/main^{commit} # timeout=10
Checking out Revision 4f2a9c1e7b3d0a85c6e1f2d3b4a59687c8d9e0f1 (refs/remotes/origin/main)
 > git config core.sparsecheckout # timeout=10
 > git checkout -f 4f2a9c1e7b3d0a85c6e1f2d3b4a59687c8d9e0f1 # timeout=10
Commit message: "NW-1234 retry webhook delivery"
[Pipeline] }
[Pipeline] // stage
"""
M["GL_HEAD"]="""Running with gitlab-runner 17.5.2 (c9ec4bb9)
  on nw-docker-runner-02 t3_xK9pQ, system ID: s_7c2a1f8e9d04
Preparing the "docker" executor
Using Docker executor with image alpine:3.20 ...
Pulling docker image alpine:3.20 ...
Preparing environment
Running on runner-t3xk9pq-project-412-concurrent-0 via nw-docker-runner-02...
Getting source from Git repository
Fetching changes with git depth set to 20...
Initialized empty Git repository in /builds/northwind/web-portal/.git/
Created fresh repository.
Checking out 4f2a9c1e as detached HEAD (ref is main)...
Skipping Git submodules setup
Executing "step_script" stage of the job script
"""
def expand(s):
    for k,v in M.items(): s=s.replace("{{"+k+"}}",v.rstrip("\n"))
    for k,v in sub.items(): s=s.replace(k,v)
    return s
for f in sorted(glob.glob("src/*.txt")):
    s=expand(open(f).read())
    assert "{{" not in s and not re.search(r"@(AT|CT|BB)\d@",s), f
    open(os.path.basename(f),"w").write(s)

#!/usr/bin/env python3
"""Differential test of `infrac plan` and `infrac ci targets` against two full builds.

For each seed a repository is generated (services with dependencies, datastores, public
URLs; some on Google Cloud with Cloud Run and its API gateways; some with the project's own
Terraform modules and policy pack) and committed as the base. Each history is one commit on
top of the base that does one or two everyday edits: delete a service (and the dependencies on
it), drop or add a dependency, add a service, rename a datastore (with or without
renamed_from:, following the publishers of a renamed queue), change env values or prod
replicas, publish to another service's queue or stop, add/change/remove a service's own
Terraform file or Kubernetes patch, add a Score workload or change its image, edit
infrac.yaml, a policy pack in policies/ or in the second folder spec.policies names, an
exception there, or a repository module.

The oracle knows nothing of infrac's plan code: the base and the head are each exported and
built in full (`infrac build`), and the two output trees are compared file by file.
  - a target (terraform/E/S, kubernetes/E/S, including E/_gateway) is added, removed,
    changed (a file differs, or a module directory it calls differs) or unchanged;
  - its change list is the set of top-level Terraform blocks (split from the canonical HCL
    text) and Kubernetes objects (one per file) that were created, deleted or changed.
`plan --all --format json` must give the same status for every target it lists, list every
changed target, and give the same change list; `ci targets` must list exactly the changed
targets, with `destroy` only for removed ones (--format tfaction). moved {} blocks are read as
Terraform reads them: the old address's delete and the new one's create are one move.
The build cache is checked against the same oracle: the base built, the working tree edited
into the head and built again with the cache (no-op, incremental or full, as it decides) must
leave exactly the tree of a full build of the head. And on each base, `check --service S`
(with and without `--env prod`) must give S exactly the findings the full check gives it.

Usage: plan_differential.py --infrac BIN [--seeds 20] [--histories 10] [--first-seed 1]
                            [--jobs 2] [--keep DIR]
Prints one line per failing history and closes with 'N passed, N failed'.
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import repo_model  # noqa: E402
import risk_oracle  # noqa: E402


def run(cmd, cwd=None, check=True, env=None):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
    return r


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
               GIT_AUTHOR_DATE="2026-11-22T00:00:00Z", GIT_COMMITTER_DATE="2026-11-22T00:00:00Z")
    return run(["git", *args], cwd=repo, env=env).stdout.strip()


def export(repo, rev, dest):
    os.makedirs(dest)
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=repo, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", dest], input=archive.stdout, check=True)


# ---- the oracle: two output trees ------------------------------------------------------

def read_tree(out_dir):
    files = {}
    for dirpath, _, names in os.walk(out_dir):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, out_dir)] = f.read()
    return files


def target_dirs(files):
    """target id -> {relative file path: bytes} over terraform/ and kubernetes/."""
    out = {}
    for path, data in files.items():
        parts = path.split("/")
        if len(parts) == 4 and parts[0] in ("terraform", "kubernetes"):
            out.setdefault(parts[1] + "/" + parts[2], {})[path] = data
    return out


def terraform_blocks(text):
    """Top-level blocks of canonical HCL: address -> block text (comments excluded)."""
    blocks, current, lines = {}, None, []
    for line in text.splitlines():
        if current is None:
            m = re.match(r'^([a-z_]+)((?: "[^"]*")*) \{$', line)
            if m:
                labels = re.findall(r'"([^"]*)"', m.group(2))
                current, lines = address(m.group(1), labels), [line]
                if line.endswith("{}"):
                    blocks[current], current = line, None
            continue
        lines.append(line)
        if line == "}":
            if current == "terraform" and any(l.startswith("  backend ") for l in lines):
                current = "terraform.backend"
            blocks[current] = "\n".join(lines)
            current = None
    return blocks


def address(kind, labels):
    if kind == "module":
        return "module." + labels[0]
    if kind == "resource":
        return labels[0] + "." + labels[1]
    if kind == "data":
        return "data." + labels[0] + "." + labels[1]
    if kind == "variable":
        return "var." + labels[0]
    return ".".join([kind] + labels)


def kubernetes_address(text):
    api = kind = name = ns = None
    in_meta = False
    for line in text.splitlines():
        if line.startswith("apiVersion: "):
            api = line.split(": ", 1)[1].strip('"')
        elif line.startswith("kind: "):
            kind = line.split(": ", 1)[1].strip('"')
        elif line.startswith("metadata:"):
            in_meta = True
        elif in_meta and line.startswith("  name: "):
            name = line.split(": ", 1)[1].strip('"')
        elif in_meta and line.startswith("  namespace: "):
            ns = line.split(": ", 1)[1].strip('"')
        elif line and not line.startswith(" ") and not line.startswith("#"):
            in_meta = False
    if kind is None or kind == "Kustomization":
        return None
    if "/" not in api:
        api = "core/" + api
    return "%s/%s/%s/%s" % (api, kind, ns or "", name)


def module_dirs(tree_root, target_files):
    """Directories (relative to the tree root) of the modules a target's .tf files call."""
    out = set()
    for path, data in target_files.items():
        if not path.endswith(".tf"):
            continue
        for src in re.findall(r'^\s*source\s*=\s*"([^"]+)"', data.decode(), re.M):
            if src.startswith("."):
                full = os.path.normpath(os.path.join(tree_root, "out", os.path.dirname(path), src))
                out.add(os.path.relpath(full, tree_root))
    return out


def dir_bytes(tree_root, rel):
    d = os.path.join(tree_root, rel)
    if not os.path.isdir(d):
        return None
    return tuple(sorted((os.path.relpath(os.path.join(p, n), d), open(os.path.join(p, n), "rb").read())
                        for p, _, ns in os.walk(d) for n in ns))


def items(target_files):
    """(terraform items, kubernetes items) of one target: address -> text. import {} and
    moved {} blocks change state, not configuration: they are read by moves(), not listed."""
    tf, k8s = {}, {}
    for path, data in sorted(target_files.items()):
        text = data.decode()
        if path.startswith("terraform/") and path.endswith(".tf"):
            for a, block in terraform_blocks(text).items():
                if a not in ("moved", "import"):
                    tf[a] = block
        elif path.startswith("terraform/"):
            tf[os.path.basename(path)] = text  # the gateway's OpenAPI template
        elif path.startswith("kubernetes/"):
            a = kubernetes_address(text)
            if a:
                k8s[a] = text
    return tf, k8s


def moves(target_files):
    """moved {} blocks of a target's .tf files: from -> to, as Terraform reads them."""
    out = {}
    for path, data in target_files.items():
        if path.endswith(".tf"):
            for src, dst in re.findall(r'^moved \{\n  from = (\S+)\n  to   = (\S+)\n\}',
                                       data.decode(), re.M):
                out[src] = dst
    return out


def apply_moves(changes, before, after, moved):
    """Terraform's reading of a rename: the old address's state moves to the new one, so
    'delete from' and 'create to' are one 'move to'."""
    for src, dst in moved.items():
        if src in before and dst in after and src not in after and dst not in before:
            changes.discard("delete " + src)
            changes.discard("create " + dst)
            changes.add("move " + dst)
    return changes


def is_setting(a):
    return a == "terraform" or a.startswith("terraform.") or a.startswith("provider.")


def diff_items(before, after, modules_changed=()):
    out = set()
    for a in set(before) | set(after):
        if a not in before:
            out.add("create " + a)
        elif a not in after:
            out.add("delete " + a)
        elif before[a] != after[a] or a in modules_changed:
            out.add("update " + a)
    return out


def oracle(base_root, head_root):
    base_files, head_files = read_tree(os.path.join(base_root, "out")), read_tree(os.path.join(head_root, "out"))
    base_t, head_t = target_dirs(base_files), target_dirs(head_files)
    result = {}
    for t in set(base_t) | set(head_t):
        b, h = base_t.get(t, {}), head_t.get(t, {})
        tf_b, k_b = items(b)
        tf_h, k_h = items(h)
        calls_changed = set()
        if b and h:
            for rel in module_dirs(base_root, b) | module_dirs(head_root, h):
                if dir_bytes(base_root, rel) != dir_bytes(head_root, rel):
                    calls_changed.add(rel)
        # Module calls whose module changed although the call's text is the same.
        changed_modules = set()
        for a, block in tf_h.items():
            m = re.search(r'source\s*=\s*"([^"]+)"', block)
            if m and a in tf_b and m.group(1).startswith("."):
                rel = os.path.relpath(os.path.normpath(os.path.join(head_root, "out", "terraform", t, m.group(1))), head_root)
                if rel in calls_changed:
                    changed_modules.add(a)
        status = "added" if not b else "removed" if not h else (
            "changed" if b != h or changed_modules else "unchanged")
        changes = {"terraform": set(), "kubernetes": set(), "settings": set()}
        if status == "changed":
            for c in apply_moves(diff_items(tf_b, tf_h, changed_modules), tf_b, tf_h, moves(h)):
                a = c.split(" ", 1)[1]
                changes["settings" if is_setting(a) else "terraform"].add(c)
            changes["kubernetes"] = diff_items(k_b, k_h)
        elif status in ("added", "removed"):
            changes["terraform"] = {c for c in diff_items(tf_b, tf_h) if not is_setting(c.split(" ", 1)[1])}
            changes["kubernetes"] = diff_items(k_b, k_h)
        result[t] = {"status": status, "changes": changes}
    return result


STATS = {}  # target statuses the oracle saw, over every history: the test's reach


# ---- infrac's answer ---------------------------------------------------------------------

def plan_changes(t):
    out = {"terraform": set(), "kubernetes": set(), "settings": set()}
    for side in ("terraform", "kubernetes"):
        for c in t[side]["changes"]:
            action = {"replace": "update"}.get(c["action"], c["action"])
            out[side].add(action + " " + c["address"])
    for s in t.get("settings", []):
        out["settings"].add("update " + s["address"])
    return out


def check_history(infrac, repo, base_root, base_rev, head_rev, scratch, label):
    head_root = os.path.join(scratch, "head")
    export(repo, head_rev, head_root)
    build = run([infrac, "build", "-q", "--root", head_root], check=False)
    if build.returncode != 0:
        return ["%s: head does not build:\n%s" % (label, build.stderr[-2000:])]
    truth = oracle(base_root, head_root)
    for v in truth.values():
        STATS[v["status"]] = STATS.get(v["status"], 0) + 1
    plan = run([infrac, "plan", "--base", base_rev, "--head", head_rev, "--all", "--format", "json",
                "--root", repo, "-q"], check=False, env=dict(os.environ, INFRAC_NOW="2026-11-22"))
    problems = []
    if plan.returncode != 0:
        return ["%s: plan failed (%d): %s" % (label, plan.returncode, plan.stderr[-2000:])]
    listed = {t["target"]: t for t in json.loads(plan.stdout)["targets"]}
    for target, want in sorted(truth.items()):
        got = listed.get(target)
        if got is None:
            if want["status"] != "unchanged":
                problems.append("%s: %s is %s in two full builds, not in the plan" % (label, target, want["status"]))
            continue
        if got["status"] != want["status"]:
            problems.append("%s: %s: plan says %s, two full builds say %s" % (label, target, got["status"], want["status"]))
            continue
        have = plan_changes(got)
        for side in ("terraform", "kubernetes", "settings"):
            if have[side] != want["changes"][side]:
                problems.append("%s: %s %s changes differ: plan only %s; builds only %s" % (
                    label, target, side, sorted(have[side] - want["changes"][side]),
                    sorted(want["changes"][side] - have[side])))
    for target in listed:
        if target not in truth:
            problems.append("%s: plan lists %s, which neither build has" % (label, target))
    problems += check_risks(base_root, head_root, truth, listed, label)
    ci = run([infrac, "ci", "targets", "--base", base_rev, "--head", head_rev, "--format", "tfaction",
              "--root", repo], check=False, env=dict(os.environ, INFRAC_NOW="2026-11-22"))
    if ci.returncode != 0:
        problems.append("%s: ci targets failed: %s" % (label, ci.stderr[-1000:]))
    else:
        got = {t["target"]: t["destroy"] for t in json.loads(ci.stdout)["targets"]}
        want = {t: v["status"] == "removed" for t, v in truth.items() if v["status"] != "unchanged"}
        if got != want:
            problems.append("%s: ci targets %s, two full builds %s" % (label, sorted(got.items()), sorted(want.items())))
    problems += check_incremental(infrac, base_root, head_root, scratch, label)
    shutil.rmtree(head_root)
    return problems


RISKS = {}  # claims the risk oracle checked, by kind, over every history


def check_risks(base_root, head_root, truth, listed, label):
    """Every risk claim of the plan against the risk oracle (risk_oracle.py), for the targets
    both builds have: zero false claims, zero true ones left out."""
    base_t = target_dirs(read_tree(os.path.join(base_root, "out")))
    head_t = target_dirs(read_tree(os.path.join(head_root, "out")))
    problems = []
    for target, want in sorted(truth.items()):
        if want["status"] != "changed" or target.endswith("/_gateway"):
            continue
        expected = risk_oracle.truth(base_t.get(target, {}), head_t.get(target, {}),
                                     moves(head_t.get(target, {})))
        for kind, claims in expected.items():
            RISKS[kind] = RISKS.get(kind, 0) + len(claims)
        problems += risk_oracle.check(label, target, listed.get(target, {}), expected)
    return problems


def check_selection(infrac, root, services, rnd, label):
    """A selection is a view: `check --service S [--env E]` gives S exactly the findings a full
    check gives it (facts across services are computed on the whole repository)."""
    def violations(*extra):
        r = run([infrac, "check", "--format", "json", "--root", root] + list(extra), check=False,
                env=dict(os.environ, INFRAC_NOW="2026-11-22"))
        return r.returncode, json.loads(r.stdout)["violations"] if r.stdout else None
    code, full = violations()
    problems = []
    for service in rnd.sample(services, min(3, len(services))):
        for env in (None, "prod"):
            extra = ["--service", service] + (["--env", env] if env else [])
            got_code, got = violations(*extra)
            want = [v for v in full if v["target"].split("/")[1] == service
                    and (env is None or v["target"].startswith(env + "/"))]
            failing = any(v["severity"] == "error" and not v["waived"] for v in want)
            STATS["selection checked"] = STATS.get("selection checked", 0) + 1
            if got != want or got_code != (1 if failing else 0):
                problems.append("%s: check %s differs from the full check's verdict for it" % (
                    label, " ".join(extra)))
    return problems


def replace_tree(src, dest):
    """dest's content becomes src's, except the output tree out/ (kept, as a user's is)."""
    for name in os.listdir(dest):
        if name != "out":
            p = os.path.join(dest, name)
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    for name in os.listdir(src):
        if name != "out":
            p = os.path.join(src, name)
            (shutil.copytree if os.path.isdir(p) else shutil.copy2)(p, os.path.join(dest, name))


def verdict(completed):
    """The findings a run's JSON reports, waived ones aside (an incremental build counts the
    waived findings of the targets it did not compile without listing them)."""
    try:
        out = json.loads(completed.stdout)
    except ValueError:
        return ["unreadable JSON: " + completed.stderr[-500:]]
    return sorted(json.dumps(v, sort_keys=True) for v in out.get("violations", [])
                  if not v.get("waived"))


def check_incremental(infrac, base_root, head_root, scratch, label):
    """The build cache against its oracle: the base built, the working tree edited into the
    head, built again with the cache (no-op, incremental or full, as the cache decides) must
    leave the tree a fresh full build of the head leaves, byte for byte."""
    work, cache = os.path.join(scratch, "inc"), os.path.join(scratch, "inc-cache")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(work)
    replace_tree(base_root, work)
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    if run([infrac, "build", "-q", "--root", work], check=False, env=env).returncode != 0:
        return ["%s: the base does not build in the incremental check" % label]
    replace_tree(head_root, work)
    again = run([infrac, "build", "--root", work], check=False, env=env)
    if again.returncode != 0:
        return ["%s: the incremental build of the head failed:\n%s" % (label, again.stderr[-2000:])]
    kind = "incremental" if "recompiled" in again.stderr else (
        "no-op" if "nothing changed" in again.stderr else "full")
    STATS["build " + kind] = STATS.get("build " + kind, 0) + 1
    got, want = read_tree(os.path.join(work, "out")), read_tree(os.path.join(head_root, "out"))
    if got != want:
        differ = sorted(p for p in set(got) | set(want) if got.get(p) != want.get(p))
        return ["%s: the %s build's tree differs from a full build's: %s" % (label, kind, differ[:8])]
    # Its verdict too: the targets it did not compile were judged again or replayed from the
    # base's build; either way the findings are a full check's of the head. (The no-op after
    # it replays what the build recorded.)
    said = run([infrac, "build", "--format", "json", "--root", work], check=False, env=env)
    full = run([infrac, "check", "--format", "json", "--root", head_root], check=False,
               env=dict(env, XDG_CACHE_HOME=os.path.join(scratch, "inc-check-cache")))
    if verdict(said) != verdict(full):
        extra = sorted(set(verdict(said)) ^ set(verdict(full)))
        return ["%s: the %s build's findings differ from a full check's: %s" % (label, kind, extra[:4])]
    shutil.rmtree(work)
    shutil.rmtree(cache, ignore_errors=True)
    return []


def run_seed(args, seed):
    rnd = random.Random(seed)
    scratch = tempfile.mkdtemp(prefix="infrac-diff-%d-" % seed, dir=args.scratch)
    repo = os.path.join(scratch, "repo")
    model = repo_model.generate(rnd, seed)
    model.write(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base_rev = git(repo, "rev-parse", "HEAD")
    base_root = os.path.join(scratch, "base")
    export(repo, base_rev, base_root)
    build = run([args.infrac, "build", "-q", "--root", base_root], check=False)
    if build.returncode != 0:
        return 0, ["seed %d: the generated base does not build:\n%s" % (seed, build.stderr[-3000:])]
    passed, problems = 0, []
    selection = check_selection(args.infrac, base_root, sorted(model.services), rnd,
                                "seed %d" % seed)
    problems += selection
    for h in range(args.histories):
        git(repo, "checkout", "-q", "-B", "h%d" % h, base_rev)
        edited = model.copy()
        what = edited.mutate(rnd)
        edited.write(repo, clean=True)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", what)
        head_rev = git(repo, "rev-parse", "HEAD")
        label = "seed %d history %d (%s)" % (seed, h, what)
        found = check_history(args.infrac, repo, base_root, base_rev, head_rev, scratch, label)
        if found:
            problems += found
        else:
            passed += 1
    if args.keep:
        print("kept %s" % scratch)
    else:
        shutil.rmtree(scratch)
    return passed, problems


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--infrac", required=True)
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--first-seed", type=int, default=1)
    p.add_argument("--histories", type=int, default=10)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--scratch", default=None)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    args.infrac = os.path.abspath(args.infrac)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for ok, problems in pool.map(lambda s: run_seed(args, s), seeds):
            passed += ok
            failed += args.histories - ok
            # A selection that disagrees with the full check fails its seed's base too.
            failed += sum(1 for line in problems if " differs from the full check" in line)
            for line in problems:
                print("FAIL " + line)
    print("oracle targets: " + ", ".join("%d %s" % (n, k) for k, n in sorted(STATS.items())))
    print("risk claims checked: " + ", ".join("%d %s" % (n, k) for k, n in sorted(RISKS.items())))
    print("differential: %d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())

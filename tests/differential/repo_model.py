"""A generated infrac repository as plain data, and the everyday edits made to it.

Services are dicts written as YAML by a small emitter of our own (every string JSON-quoted,
which YAML reads as the same string), so an edit is a change to a dict, never a text patch.
Used by plan_differential.py.
"""
import copy
import json
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = os.path.normpath(os.path.join(HERE, "..", "..", "modules"))


def to_yaml(value, indent=0):
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return " {}\n"
        out = "\n"
        for k, v in value.items():
            out += "%s%s:%s" % (pad, k, to_yaml(v, indent + 1))
        return out
    if isinstance(value, list):
        if not value:
            return " []\n"
        return " [" + ", ".join(json.dumps(x) if isinstance(x, str) else str(x) for x in value) + "]\n" \
            if all(not isinstance(x, (dict, list)) for x in value) else \
            "\n" + "".join("%s- %s" % (pad, to_yaml(x, indent + 1).lstrip()) for x in value)
    if isinstance(value, bool):
        return " %s\n" % ("true" if value else "false")
    if isinstance(value, int):
        return " %d\n" % value
    return " %s\n" % json.dumps(value)


def project(cloud, modules, name):
    spec = {
        "cloud": cloud,
        "region": "eu-west-1" if cloud == "aws" else "europe-west1",
    }
    if cloud == "gcp":
        spec["project"] = "diff-prod-1234"
        spec["registry"] = "europe-west1-docker.pkg.dev/diff-prod-1234/diff"
    else:
        spec["registry"] = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/diff"
    spec["teams"] = ["team-a", "team-b", "team-c"]
    spec["domains"] = ["diff.example"]
    if cloud == "gcp":
        spec["environments"] = {
            "dev": {"account": "diff-dev-5678", "project": "diff-dev-5678", "cluster": "dev",
                    "domain": "dev.diff.example"},
            "prod": {"account": "diff-prod-1234", "cluster": "prod", "domain": "diff.example"}}
        spec["terraform"] = {"backend": {"type": "gcs", "bucket": "diff-tfstate"}, "modules": modules}
    else:
        spec["environments"] = {
            "dev": {"account": "123456789012", "cluster": "dev", "domain": "dev.diff.example"},
            "prod": {"account": "210987654321", "cluster": "prod", "domain": "diff.example"}}
        spec["terraform"] = {"backend": {"type": "s3", "bucket": "diff-tfstate"}, "modules": modules}
    # A second pack folder with exceptions: every folder spec.policies names is an input.
    spec["policies"] = ["infrac/baseline", "./policies", "./platform/policies"]
    return {"apiVersion": "infrac/v1", "kind": "Project", "metadata": {"name": name}, "spec": spec}


POLICY = {
    "apiVersion": "infrac/v1", "kind": "PolicyPack",
    "metadata": {"name": "org", "description": "The organisation's own rules."},
    "parameters": {},
    "rules": [{
        "id": "org.cron-timezone", "category": "reliability", "severity": "error",
        "description": "Scheduled jobs that run at fixed hours name their time zone.",
        "rationale": "A schedule without a zone runs at UTC.",
        "help": "Add timezone: to the cron component.",
        "for_each": "components.*",
        "when": [{"path": "type", "equals": "cron"}],
        "assert": [{"path": "timezone", "exists": True}],
        "message": "cron component {{key}} names no time zone"}],
    "tests": [{"name": "a cron with a zone", "expect": []}],
}


PLATFORM_POLICY = {
    "apiVersion": "infrac/v1", "kind": "PolicyPack",
    "metadata": {"name": "platform", "description": "The platform team's rules."},
    "parameters": {},
    "rules": [{
        "id": "platform.worker-command", "category": "reliability", "severity": "error",
        "description": "Workers name their command.",
        "rationale": "An image's default entrypoint is the API server.",
        "help": "Add command: to the worker.",
        "for_each": "components.*",
        "when": [{"path": "type", "equals": "worker"}],
        "assert": [{"path": "command", "exists": True}],
        "message": "worker {{key}} names no command"}],
    "tests": [{"name": "workers with commands", "expect": []}],
}


def expiry():
    """A date the exceptions are valid on, for the builds (today) and the plans (2026-11-22)."""
    import datetime
    return (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


class Repo:
    def __init__(self, cloud, modules, services, policy):
        self.cloud, self.modules, self.services, self.policy = cloud, modules, services, policy
        self.module_edits = []  # (relative path, appended text)
        self.project = project(cloud, modules, "diff")
        self.counter = 0
        self.platform_policy = copy.deepcopy(PLATFORM_POLICY)
        self.exceptions = []  # entries of platform/policies/exceptions.yaml
        self.extras = {}  # service -> {path under services/<name>/: text} (own .tf, patches)
        self.score = {}  # service -> Score workload (written as score.yaml instead of a spec)

    def copy(self):
        return copy.deepcopy(self)

    def write(self, root, clean=False):
        if clean:
            for d in ("services", "policies", "modules", "platform"):
                shutil.rmtree(os.path.join(root, d), ignore_errors=True)
        os.makedirs(os.path.join(root, "services"), exist_ok=True)
        with open(os.path.join(root, "infrac.yaml"), "w") as f:
            f.write(to_yaml(self.project).lstrip("\n"))
        for name, svc in self.services.items():
            os.makedirs(os.path.join(root, "services", name), exist_ok=True)
            with open(os.path.join(root, "services", name, "service.yaml"), "w") as f:
                f.write(to_yaml(svc).lstrip("\n"))
            for rel, text in self.extras.get(name, {}).items():
                path = os.path.join(root, "services", name, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
        for name, workload in self.score.items():
            os.makedirs(os.path.join(root, "services", name), exist_ok=True)
            with open(os.path.join(root, "services", name, "score.yaml"), "w") as f:
                f.write(to_yaml(workload).lstrip("\n"))
        os.makedirs(os.path.join(root, "platform", "policies"), exist_ok=True)
        with open(os.path.join(root, "platform", "policies", "platform.yaml"), "w") as f:
            f.write(to_yaml(self.platform_policy).lstrip("\n"))
        if self.exceptions:
            with open(os.path.join(root, "platform", "policies", "exceptions.yaml"), "w") as f:
                f.write(to_yaml({"apiVersion": "infrac/v1", "kind": "Exceptions",
                                 "exceptions": self.exceptions}).lstrip("\n"))
        os.makedirs(os.path.join(root, "policies"), exist_ok=True)
        with open(os.path.join(root, "policies", "org.yaml"), "w") as f:
            f.write(to_yaml(self.policy).lstrip("\n"))
        if self.modules != "infrac":
            shutil.copytree(os.path.join(MODULES, self.cloud), os.path.join(root, "modules", self.cloud),
                            dirs_exist_ok=True)
            for rel, text in self.module_edits:
                with open(os.path.join(root, "modules", rel), "a") as f:
                    f.write(text)

    # ---- helpers ----
    def runtime(self, name):
        return self.services[name]["spec"].get("runtime", "kubernetes")

    def callable_from(self, caller, callee):
        """A dependency the spec language accepts: same runtime, and the callee serves."""
        if caller in self.score or callee in self.score:
            return False
        if caller == callee or self.runtime(caller) != self.runtime(callee):
            return False
        comps = self.services[callee]["spec"]["components"]
        return any(c["type"] in ("http", "grpc") for c in comps.values())

    def deps(self, name):
        return self.services[name]["spec"].setdefault("dependencies", [])

    # ---- the edits ----
    def mutate(self, rnd):
        edits = [self.delete_service, self.drop_dependency, self.add_dependency, self.add_service,
                 self.rename_datastore, self.change_env, self.change_prod_replicas, self.edit_project,
                 self.edit_policy, self.change_image, self.toggle_public, self.toggle_publishes,
                 self.edit_terraform_file, self.edit_patch, self.edit_platform_policy,
                 self.edit_exception, self.score_service, self.edit_secrets, self.edit_cache,
                 self.edit_job, self.edit_egress]
        if self.modules != "infrac":
            edits.append(self.edit_module)
        done = []
        for _ in range(1 if rnd.random() < 0.7 else 2):
            done.append(rnd.choice(edits)(rnd))
        return "; ".join(done)

    def delete_service(self, rnd):
        if len(self.services) < 3:
            return self.change_env(rnd)
        victim = rnd.choice(sorted(self.services))
        del self.services[victim]
        self.extras.pop(victim, None)
        for svc in self.services.values():
            d = svc["spec"].get("dependencies", [])
            if victim in d:
                d.remove(victim)
            if not d:
                svc["spec"].pop("dependencies", None)
            pubs = [p for p in svc["spec"].get("publishes", []) if p.split(".")[0] != victim]
            if pubs:
                svc["spec"]["publishes"] = pubs
            else:
                svc["spec"].pop("publishes", None)
        for x in self.exceptions:
            if victim in x["services"]:
                x["services"].remove(victim)
        self.exceptions = [x for x in self.exceptions if x["services"]]
        return "delete " + victim

    def drop_dependency(self, rnd):
        callers = sorted(n for n, s in self.services.items() if s["spec"].get("dependencies"))
        if not callers:
            return self.add_dependency(rnd)
        caller = rnd.choice(callers)
        d = self.deps(caller)
        gone = d.pop(rnd.randrange(len(d)))
        if not d:
            self.services[caller]["spec"].pop("dependencies")
        return "drop %s -> %s" % (caller, gone)

    def add_dependency(self, rnd):
        names = sorted(self.services)
        for _ in range(20):
            a, b = rnd.choice(names), rnd.choice(names)
            if self.callable_from(a, b) and b not in self.services[a]["spec"].get("dependencies", []):
                self.deps(a).append(b)
                return "add %s -> %s" % (a, b)
        return self.change_env(rnd)

    def add_service(self, rnd):
        self.counter += 1
        i = 900 + self.counter
        name, svc = service(rnd, i, self.cloud, sorted(self.services))
        svc["spec"].pop("dependencies", None)
        self.services[name] = svc
        targets = [n for n in sorted(self.services) if self.callable_from(name, n)]
        if targets:
            svc["spec"]["dependencies"] = sorted(set(rnd.sample(targets, min(2, len(targets)))))
        return "add service " + name

    def rename_datastore(self, rnd):
        name = rnd.choice(sorted(self.services))
        spec = self.services[name]["spec"]
        old = rnd.choice(sorted(spec["datastores"]))
        new = old + "x"
        spec["datastores"] = {(new if k == old else k): v for k, v in spec["datastores"].items()}
        renamed = rnd.random() < 0.5
        if renamed and "renamed_from" not in spec["datastores"][new]:
            # State moves to the new name (moved {} blocks); physical names stay.
            spec["datastores"][new] = dict(spec["datastores"][new], renamed_from=old)
        for other in self.services.values():
            pubs = other["spec"].get("publishes")
            if pubs:
                other["spec"]["publishes"] = ["%s.%s" % (name, new) if p == "%s.%s" % (name, old)
                                              else p for p in pubs]
        for comp in spec["components"].values():
            if "consumes" in comp:
                comp["consumes"] = [new if c == old else c for c in comp["consumes"]]
        for env in self.services[name].get("environments", {}).values():
            ds = env.get("datastores", {})
            if old in ds:
                env["datastores"] = {(new if k == old else k): v for k, v in ds.items()}
        return "rename datastore %s.%s%s" % (name, old, " (renamed_from)" if renamed else "")

    def change_env(self, rnd):
        name = rnd.choice(sorted(self.services))
        env = self.services[name]["spec"].setdefault("env", {})
        choice = rnd.randrange(3)
        if choice == 0 or not env:
            env["NEW_%d" % rnd.randrange(100)] = "v%d" % rnd.randrange(100)
            return "add env to " + name
        key = rnd.choice(sorted(env))
        if choice == 1:
            env[key] = "changed-%d" % rnd.randrange(100)
            return "change env %s.%s" % (name, key)
        del env[key]
        if not env:
            self.services[name]["spec"].pop("env")
        return "remove env %s.%s" % (name, key)

    def change_prod_replicas(self, rnd):
        name = rnd.choice(sorted(self.services))
        prod = self.services[name].setdefault("environments", {}).setdefault("prod", {})
        lo = rnd.randrange(3, 6)
        prod.setdefault("components", {})["api"] = {"replicas": {"min": lo, "max": lo + rnd.randrange(1, 20)}}
        return "prod replicas of " + name

    def edit_project(self, rnd):
        spec = self.project["spec"]
        choice = rnd.randrange(3)
        if choice == 0:
            spec["terraform"]["backend"]["bucket"] = "diff-tfstate-%d" % rnd.randrange(100)
            return "infrac.yaml: backend bucket"
        if choice == 1:
            spec["registry"] = spec["registry"] + "x"
            return "infrac.yaml: registry"
        spec["teams"] = spec["teams"] + ["team-z%d" % rnd.randrange(100)]
        return "infrac.yaml: a new team"

    def edit_policy(self, rnd):
        self.policy["rules"][0]["rationale"] = "Edited %d." % rnd.randrange(1000)
        return "policy pack text"

    def change_image(self, rnd):
        name = rnd.choice(sorted(self.services))
        spec = self.services[name]["spec"]
        spec["image"] = spec["image"].split(":")[0] + ":2.%d.0" % rnd.randrange(50)
        return "image of " + name

    def toggle_public(self, rnd):
        name = rnd.choice(sorted(self.services))
        spec = self.services[name]["spec"]
        api = spec["components"]["api"]
        if "urls" in spec:
            spec.pop("urls")
            api.pop("expose", None)
            return name + " no longer public"
        spec["urls"] = {"public": "https://api.diff.example/%s" % name}
        api["expose"] = "public"
        return name + " becomes public"

    def queues(self):
        return sorted("%s.%s" % (n, d) for n, s in self.services.items()
                      for d, v in s["spec"]["datastores"].items() if v["type"] == "queue")

    def toggle_publishes(self, rnd):
        """A service sends to (or stops sending to) another service's queue."""
        names = sorted(self.services)
        publisher = rnd.choice(names)
        spec = self.services[publisher]["spec"]
        if spec.get("publishes") and rnd.random() < 0.5:
            gone = spec["publishes"].pop()
            if not spec["publishes"]:
                spec.pop("publishes")
            return "%s stops publishing to %s" % (publisher, gone)
        options = [q for q in self.queues() if q.split(".")[0] != publisher
                   and self.runtime(q.split(".")[0]) == self.runtime(publisher)
                   and q not in spec.get("publishes", [])]
        if not options:
            return self.change_env(rnd)
        queue = rnd.choice(options)
        spec.setdefault("publishes", []).append(queue)
        return "%s publishes to %s" % (publisher, queue)

    def edit_terraform_file(self, rnd):
        """A service's own Terraform file (an escape hatch): added, changed or removed."""
        name = rnd.choice(sorted(self.services))
        files = self.extras.setdefault(name, {})
        if "terraform/extra.tf" in files and rnd.random() < 0.4:
            del files["terraform/extra.tf"]
            return "%s: own terraform file removed" % name
        files["terraform/extra.tf"] = 'locals {\n  note = "edited %d"\n}\n' % rnd.randrange(1000)
        return "%s: own terraform file" % name

    def edit_patch(self, rnd):
        """A Kubernetes patch (an escape hatch) on a service that runs on Kubernetes."""
        names = [n for n in sorted(self.services) if self.runtime(n) == "kubernetes"]
        if not names:
            return self.change_env(rnd)
        name = rnd.choice(names)
        files = self.extras.setdefault(name, {})
        if "patches/priority.yaml" in files and rnd.random() < 0.4:
            del files["patches/priority.yaml"]
            return "%s: patch removed" % name
        files["patches/priority.yaml"] = (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s-api\nspec:\n"
            "  template:\n    spec:\n      priorityClassName: tier-%d\n" % (name, rnd.randrange(5)))
        return "%s: patch" % name

    def edit_platform_policy(self, rnd):
        """The pack in the second folder spec.policies names: its text or its rule."""
        rule = self.platform_policy["rules"][0]
        if rnd.random() < 0.5:
            rule["rationale"] = "Edited %d." % rnd.randrange(1000)
            return "platform pack text"
        rule["severity"] = "warning" if rule["severity"] == "error" else "error"
        return "platform pack severity"

    def edit_exception(self, rnd):
        """An exception in the second pack folder: added, widened or removed."""
        if self.exceptions and rnd.random() < 0.4:
            self.exceptions.pop()
            return "exception removed"
        name = rnd.choice(sorted(self.services))
        if self.exceptions and rnd.random() < 0.5:
            x = self.exceptions[0]
            if name not in x["services"]:
                x["services"].append(name)
            x["reason"] = "Reviewed %d." % rnd.randrange(1000)
            return "exception widened to " + name
        self.exceptions.append({"rule": "escape.terraform-files", "services": [name],
                                "reason": "Audit trail kept by the service.", "owner": "team-a",
                                "expires": expiry()})
        return "exception for " + name

    def score_service(self, rnd):
        """A Score workload read as a service: added, or its image changed."""
        if self.score and rnd.random() < 0.5:
            name = rnd.choice(sorted(self.score))
            c = self.score[name]["containers"]["worker"]
            c["image"] = "%s:3.%d.0" % (name, rnd.randrange(50))
            return "score image of " + name
        self.counter += 1
        name = "score-%03d" % (900 + self.counter)
        self.score[name] = {
            "apiVersion": "score.dev/v1b1",
            "metadata": {"name": name, "annotations": {
                "infrac.dev/team": "team-a", "infrac.dev/description": "A Score worker.",
                "infrac.dev/replicas": "2"}},
            "containers": {"worker": {
                "image": "%s:1.0.0" % name, "command": ["bin/work"],
                "variables": {"MODE": "batch"},
                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}}}
        return "add score service " + name

    # ---- edits the risk oracle reads (grants, egress, Jobs that run) ----
    def edit_secrets(self, rnd):
        """A secret added, or one removed (the grant of its key goes with it)."""
        name = rnd.choice(sorted(self.services))
        secrets = self.services[name]["spec"].setdefault("secrets", {})
        if secrets and rnd.random() < 0.5:
            gone = sorted(secrets)[rnd.randrange(len(secrets))]
            del secrets[gone]
            if not secrets:
                del self.services[name]["spec"]["secrets"]
            return "secret %s of %s removed" % (gone, name)
        var = "KEY_%d" % rnd.randrange(100)
        secrets[var] = {"key": "%s/key-%d" % (name, rnd.randrange(5))}
        return "secret %s of %s added" % (var, name)

    def edit_cache(self, rnd):
        """A Redis cache added or removed: a grant, an egress port and the env of every pod."""
        name = rnd.choice(sorted(self.services))
        ds = self.services[name]["spec"]["datastores"]
        if "cache" in ds:
            del ds["cache"]
            return "cache of %s removed" % name
        ds["cache"] = {"type": "redis", "version": "7", "size": "micro", "ha": True}
        return "cache of %s added" % name

    def edit_job(self, rnd):
        """A run-once Job added, or its command changed (it runs again)."""
        names = sorted(n for n in self.services if self.runtime(n) == "kubernetes")
        if not names:
            return self.change_env(rnd)
        name = rnd.choice(names)
        comps = self.services[name]["spec"]["components"]
        if "backfill" in comps:
            comps["backfill"]["command"] = ["bin/backfill", "--since=%d" % rnd.randrange(2000, 2030)]
            return "backfill of %s changed" % name
        comps["backfill"] = {"type": "job", "command": ["bin/backfill"], "timeout": "2h"}
        return "backfill of %s added" % name

    def edit_egress(self, rnd):
        """An external host added to or removed from spec.egress."""
        names = sorted(n for n in self.services if self.runtime(n) == "kubernetes")
        if not names:
            return self.change_env(rnd)
        name = rnd.choice(names)
        spec = self.services[name]["spec"]
        if spec.get("egress") and rnd.random() < 0.5:
            spec["egress"].pop()
            if not spec["egress"]:
                del spec["egress"]
            return "egress of %s removed" % name
        ranges = ["10.0.0.0/8", "10.0.0.0/9", "10.128.0.0/9", "10.1.0.0/16", "10.1.2.0/24",
                  "10.1.2.3/32"]
        cidrs = [e for e in spec.get("egress", []) if "cidr" in e]
        if cidrs and rnd.random() < 0.5:
            entry = rnd.choice(cidrs)
            entry["cidr"] = rnd.choice([r for r in ranges if r != entry["cidr"]])
            return "egress range of %s now %s" % (name, entry["cidr"])
        port = rnd.choice([443, 8443, 5671])
        n = len(spec.get("egress", []))
        if rnd.random() < 0.4:
            spec.setdefault("egress", []).append(
                {"cidr": rnd.choice(ranges), "port": port + n, "reason": "a partner network"})
            return "egress range of %s added" % name
        host = "api%d.partner.example" % n
        spec.setdefault("egress", []).append({"host": host, "port": port, "reason": "a partner API"})
        return "egress of %s on %d added" % (name, port)

    def edit_module(self, rnd):
        module = rnd.choice(["postgres", "redis", "bucket", "queue", "workload-identity"])
        self.module_edits.append(("%s/%s/main.tf" % (self.cloud, module), "\n# edited %d\n" % rnd.randrange(1000)))
        return "module %s edited" % module


def service(rnd, i, cloud, others):
    name = "svc-%03d" % i
    cloudrun = cloud == "gcp" and rnd.random() < 0.35
    public = rnd.random() < 0.35
    comps = {"api": {"type": "http", "replicas": {"min": 2, "max": 8},
                     "resources": {"cpu": "250m", "memory": "256Mi"}, "health": {"path": "/healthz"}}}
    if public:
        comps["api"]["expose"] = "public"
    datastores = {"db": {"type": "postgres", "version": "16", "size": "medium", "ha": True}}
    if rnd.random() < 0.5:
        comps["worker"] = {"type": "worker", "command": ["bin/worker"], "consumes": ["events"],
                           "replicas": 2, "health": {"port": 8081, "path": "/healthz"}}
        datastores["events"] = {"type": "queue"}
    if rnd.random() < 0.3:
        comps["nightly"] = {"type": "cron", "schedule": "0 3 * * *", "timezone": "Asia/Tokyo",
                            "timeout": "1h", "command": ["bin/nightly"]}
    if rnd.random() < 0.3:
        datastores["cache"] = {"type": "redis", "version": "7", "size": "micro", "ha": True}
    if rnd.random() < 0.3:
        datastores["files"] = {"type": "bucket", "versioning": True}
    spec = {}
    if cloudrun:
        spec["runtime"] = "cloudrun"
    spec.update({"image": "%s:1.%d.0" % (name, i % 50), "components": comps, "datastores": datastores})
    if public:
        spec["urls"] = {"public": "https://api.diff.example/%s" % name}
    spec["env"] = {"LOG_FORMAT": "json", "FEATURE_%d" % (i % 10): "on"}
    spec["secrets"] = {"API_TOKEN": {"key": "%s/api-token" % name}}
    svc = {"apiVersion": "infrac/v1", "kind": "Service",
           "metadata": {"name": name, "team": "team-%s" % "abc"[i % 3],
                        "tier": "critical" if i % 5 == 0 else "standard",
                        "description": "Generated service %d." % i},
           "spec": spec,
           "environments": {"dev": {"components": {"api": {"replicas": 1}},
                                    "datastores": {"db": {"size": "micro", "ha": False}}},
                            "prod": {"components": {"api": {"replicas": {"min": 3, "max": 20}}}}}}
    return name, svc


def generate(rnd, seed):
    cloud = "gcp" if seed % 3 == 0 else "aws"
    modules = "./modules" if seed % 4 == 1 else "infrac"
    n = rnd.randrange(8, 16)
    services = {}
    for i in range(n):
        name, svc = service(rnd, i, cloud, sorted(services))
        services[name] = svc
    repo = Repo(cloud, modules, services, copy.deepcopy(POLICY))
    names = sorted(services)
    for name in names:
        picks = [n for n in rnd.sample(names, min(3, len(names))) if repo.callable_from(name, n)]
        if picks:
            services[name]["spec"]["dependencies"] = sorted(set(picks[:2]))
    return repo

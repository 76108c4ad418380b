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
    spec["policies"] = ["infrac/baseline", "./policies"]
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


class Repo:
    def __init__(self, cloud, modules, services, policy):
        self.cloud, self.modules, self.services, self.policy = cloud, modules, services, policy
        self.module_edits = []  # (relative path, appended text)
        self.project = project(cloud, modules, "diff")
        self.counter = 0

    def copy(self):
        return copy.deepcopy(self)

    def write(self, root, clean=False):
        if clean:
            for d in ("services", "policies", "modules"):
                shutil.rmtree(os.path.join(root, d), ignore_errors=True)
        os.makedirs(os.path.join(root, "services"), exist_ok=True)
        with open(os.path.join(root, "infrac.yaml"), "w") as f:
            f.write(to_yaml(self.project).lstrip("\n"))
        for name, svc in self.services.items():
            os.makedirs(os.path.join(root, "services", name), exist_ok=True)
            with open(os.path.join(root, "services", name, "service.yaml"), "w") as f:
                f.write(to_yaml(svc).lstrip("\n"))
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
                 self.edit_policy, self.change_image, self.toggle_public]
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
        for svc in self.services.values():
            d = svc["spec"].get("dependencies", [])
            if victim in d:
                d.remove(victim)
            if not d:
                svc["spec"].pop("dependencies", None)
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
        for comp in spec["components"].values():
            if "consumes" in comp:
                comp["consumes"] = [new if c == old else c for c in comp["consumes"]]
        for env in self.services[name].get("environments", {}).values():
            ds = env.get("datastores", {})
            if old in ds:
                env["datastores"] = {(new if k == old else k): v for k, v in ds.items()}
        return "rename datastore %s.%s" % (name, old)

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

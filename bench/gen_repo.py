#!/usr/bin/env python3
"""Writes an infrac repository of N services shaped like examples/acme, for benchmarks.

Each service has an http api (some public), and by turns a worker with a queue, a cron job,
a grpc component; datastores postgres/redis/bucket/queue; two dependencies; env and secrets;
dev/prod overrides; SLOs on public and critical services, an alert target per team. Service i
depends only on i and N, so runs are reproducible.

With --cloud gcp the project is on Google Cloud and about a quarter of the services run on
Cloud Run (never the grpc ones); dependencies stay within one runtime.

Usage: gen_repo.py N OUT_DIR [--cloud aws|gcp]
"""
import hashlib
import os
import random
import sys


def cloud_run(i, cloud):
    return cloud == "gcp" and i % 4 == 0 and i % 7 != 3


def service(i, n, cloud="aws"):
    rnd = random.Random(i)
    name = "svc-%04d" % i
    picks = [rnd.randrange(n) for _ in range(2)]
    deps = sorted({"svc-%04d" % j for j in picks if cloud_run(j, cloud) == cloud_run(i, cloud)} - {name})
    lines = [
        "apiVersion: infrac/v1",
        "kind: Service",
        "metadata:",
        "  name: %s" % name,
        "  team: team-%02d" % (i % 20),
        "  tier: %s" % ("critical" if i % 5 == 0 else "standard"),
        "  description: Benchmark service %d." % i,
        "spec:",
    ] + (["  runtime: cloudrun"] if cloud_run(i, cloud) else []) + [
        "  image: %s:1.%d.0" % (name, i % 50),
        "  components:",
        "    api:",
        "      type: http",
        "      replicas: {min: 2, max: 8}",
        "      resources: {cpu: 250m, memory: 256Mi}",
        "      health: {path: /healthz}",
    ]
    public = i % 3 == 0
    if public:
        lines.append("      expose: public")
    if i % 2 == 0:
        lines += ["    worker:", "      type: worker", "      command: [bin/worker]",
                  "      consumes: [events]", "      replicas: 2",
                  "      health: {port: 8081, path: /healthz}"]
    if i % 4 == 1:
        lines += ["    nightly:", "      type: cron", '      schedule: "0 3 * * *"',
                  "      timezone: Asia/Tokyo", "      timeout: 1h", "      command: [bin/nightly]"]
    if i % 7 == 3:
        lines += ["    rpc:", "      type: grpc", "      port: 50051", "      replicas: {min: 3, max: 6}"]
    lines += ["  datastores:", '    db: {type: postgres, version: "16", size: medium, ha: true}']
    if i % 2 == 0:
        lines.append("    events: {type: queue}")
    if i % 3 == 1:
        lines.append('    cache: {type: redis, version: "7", size: micro, ha: true}')
    if i % 4 == 2:
        lines.append("    files: {type: bucket, versioning: true}")
    if public:
        lines += ["  urls:", "    public: https://api.bench.example/%s" % name]
    if deps:
        lines.append("  dependencies: [%s]" % ", ".join(deps))
    # Public services keep an availability and a latency objective (observability.public-slo),
    # critical ones an availability objective.
    if public:
        lines += ["  slo:", "    availability: {objective: 99.9}",
                  "    latency: {objective: 99, threshold: 500ms}"]
    elif i % 5 == 0:
        lines += ["  slo:", "    availability: {objective: 99.95}"]
    lines += ["  env:", "    LOG_FORMAT: json", "    FEATURE_%d: \"on\"" % (i % 10),
              "  secrets:", "    API_TOKEN: {key: %s/api-token}" % name,
              "environments:", "  dev:", "    components: {api: {replicas: 1}}",
              "    datastores: {db: {size: micro, ha: false}}",
              "  prod:", "    components: {api: {replicas: {min: 3, max: 20}}}",
              # Production deploys by digest (security.immutable-image).
              '    image: "%s:1.%d.0@sha256:%s"' % (name, i % 50, hashlib.sha256(name.encode()).hexdigest())]

    return name, "\n".join(lines) + "\n"


def alerts(target):
    """Every team's alert target in one environment (observability.alert-route)."""
    return "{%s}" % ", ".join("team-%02d: %s" % (t, target % t) for t in range(20))


GCP_PROJECT = """apiVersion: infrac/v1
kind: Project
metadata:
  name: bench
spec:
  cloud: gcp
  region: europe-west1
  project: bench-prod-1234
  registry: europe-west1-docker.pkg.dev/bench-prod-1234/bench
  domains: [bench.example]
  environments:
    dev: {account: bench-dev-5678, project: bench-dev-5678, cluster: dev, domain: dev.bench.example,
          alerts: %s}
    prod: {account: bench-prod-1234, cluster: prod, domain: bench.example,
           alerts: %s}
  terraform:
    backend: {type: gcs, bucket: bench-tfstate}
""" % (alerts("projects/bench-dev-5678/notificationChannels/1%03d"),
       alerts("projects/bench-prod-1234/notificationChannels/2%03d"))


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    cloud = sys.argv[sys.argv.index("--cloud") + 1] if "--cloud" in sys.argv else "aws"
    os.makedirs(os.path.join(out, "services"), exist_ok=True)
    with open(os.path.join(out, "infrac.yaml"), "w") as f:
        if cloud == "gcp":
            f.write(GCP_PROJECT)
        else:
            f.write("""apiVersion: infrac/v1
kind: Project
metadata:
  name: bench
spec:
  cloud: aws
  region: eu-west-1
  registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/bench
  domains: [bench.example]
  environments:
    dev: {account: "123456789012", cluster: dev, domain: dev.bench.example,
          alerts: %s}
    prod: {account: "210987654321", cluster: prod, domain: bench.example,
           alerts: %s}
  terraform:
    backend: {type: s3, bucket: bench-tfstate}
""" % (alerts("arn:aws:sns:eu-west-1:123456789012:team-%02d-alerts"),
       alerts("arn:aws:sns:eu-west-1:210987654321:team-%02d-alerts")))
    for i in range(n):
        name, text = service(i, n, cloud)
        os.makedirs(os.path.join(out, "services", name), exist_ok=True)
        with open(os.path.join(out, "services", name, "service.yaml"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

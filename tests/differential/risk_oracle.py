"""The risk oracle: what a plan's risks claim, computed from two full builds' output trees
with code that shares nothing with infrac's plan.

For a target both builds have:
  - access: the grants of its workload-identity module call (every list argument that grants
    something, element by element, as sets) and its Cloud Run invoker grants, lost and gained;
  - egress and ingress: for each workload of the head (Deployment, CronJob, Job pod templates), which
    peers it may connect to (egress) or be connected from (ingress) on which ports under the
    NetworkPolicies of that direction in its own
    namespace, evaluated with Kubernetes' semantics over a finite universe: the address ranges
    between every CIDR's first address and the one after its last (either side, excepts
    included; no rule tells two addresses of one range apart), a pod per namespace +
    matchLabels a peer names, every numbered port either side names and one port none names
    ("other");
  - run: every Job of the head that the base does not have ("again" when the base has a Job
    of the same name before its hash, "first" otherwise);
  - restart: every Deployment of both builds whose pod template differs.
`check(plan_target, truth)` lists the claims the plan makes that the builds contradict and
the true ones it leaves out.
"""
import ipaddress
import re

import yaml

GRANT_LISTS = ("bucket_arns", "queue_arns", "secret_arns", "database_connect_arns",
               "publish_queue_arns", "bucket_names", "topic_names", "subscription_names",
               "sql_instance_names", "secret_ids", "extra_project_roles")


# ---- access --------------------------------------------------------------------------------

def split_top(text):
    """Top-level comma-separated items of an HCL list body."""
    items, depth, quoted, cur, i = [], 0, False, "", 0
    while i < len(text):
        ch = text[i]
        if quoted:
            cur += ch
            if ch == "\\":
                cur += text[i + 1]
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted, cur = True, cur + ch
        elif ch in "[{(":
            depth, cur = depth + 1, cur + ch
        elif ch in "]})":
            depth, cur = depth - 1, cur + ch
        elif ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    if cur.strip():
        items.append(cur.strip())
    return items


def hcl_value(item):
    if item.startswith('"') and item.endswith('"'):
        return item[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return item


def grants(target_files):
    """'list[value]' for each element of the identity call's grant lists."""
    out = set()
    for path, data in target_files.items():
        if not path.endswith("/main.tf"):
            continue
        text = data.decode()
        m = re.search(r'^module "workload_identity" \{\n(.*?)^\}', text, re.M | re.S)
        if not m:
            continue
        body = m.group(1)
        for name in GRANT_LISTS:
            a = re.search(r"^  %s\s*=\s*\[" % name, body, re.M)
            if not a:
                continue
            start, depth, i = a.end(), 1, a.end()
            quoted = False
            while depth:
                ch = body[i]
                if quoted:
                    if ch == "\\":
                        i += 1
                    elif ch == '"':
                        quoted = False
                elif ch == '"':
                    quoted = True
                elif ch == "[":
                    depth += 1
                elif ch == "]":
                    depth -= 1
                i += 1
            for item in split_top(body[start:i - 1]):
                out.add("%s[%s]" % (name, hcl_value(item)))
    return out


# ---- egress --------------------------------------------------------------------------------

def objects(target_files):
    out = []
    for path, data in sorted(target_files.items()):
        if path.startswith("kubernetes/") and path.endswith(".yaml"):
            for doc in yaml.safe_load_all(data.decode()):
                if isinstance(doc, dict) and doc.get("kind") and (doc.get("metadata") or {}).get("name"):
                    out.append(doc)
    return out


def selector_matches(sel, labels):
    if sel is None:
        return False
    for k, v in (sel.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in sel.get("matchExpressions") or []:
        k, op, vals = e["key"], e["operator"], e.get("values") or []
        if op == "In" and labels.get(k) not in vals:
            return False
        if op == "NotIn" and k in labels and labels[k] in vals:
            return False
        if op == "Exists" and k not in labels:
            return False
        if op == "DoesNotExist" and k in labels:
            return False
    return True


EGRESS = ("Egress", "egress", "to")
INGRESS = ("Ingress", "ingress", "from")


def policies(objs, direction):
    """The policies of a direction; without policyTypes, Ingress always and Egress when the
    policy has egress rules (Kubernetes' defaulting)."""
    kind, rules, _ = direction
    out = []
    for o in objs:
        spec = o.get("spec") or {}
        if o["kind"] != "NetworkPolicy":
            continue
        types = spec.get("policyTypes")
        if types is None:
            types = ["Ingress"] + (["Egress"] if "egress" in spec else [])
        if kind in types:
            out.append(o)
    return out


def workloads(objs):
    out = []
    for o in objs:
        spec = o.get("spec") or {}
        if o["kind"] in ("Deployment", "Job"):
            tmpl = spec.get("template")
        elif o["kind"] == "CronJob":
            tmpl = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template")
        else:
            continue
        if tmpl is None:
            continue
        labels = (tmpl.get("metadata") or {}).get("labels") or {}
        out.append(("%s/%s" % (o["metadata"]["namespace"], o["metadata"]["name"]), labels))
    return out


def universe(policies_both, direction):
    _, rules, peers = direction
    dests, ports, bounds = {}, {"other/TCP": None}, {0, 2 ** 32}
    for p in policies_both:
        ns = p["metadata"]["namespace"]
        for rule in p["spec"].get(rules) or []:
            for peer in rule.get(peers) or []:
                if "ipBlock" in peer:
                    for c in [peer["ipBlock"]["cidr"]] + list(peer["ipBlock"].get("except") or []):
                        net = ipaddress.ip_network(c, strict=False)
                        bounds.add(int(net.network_address))
                        bounds.add(int(net.broadcast_address) + 1)
                    continue
                nss = peer.get("namespaceSelector")
                if nss is not None:
                    name = (nss.get("matchLabels") or {}).get("kubernetes.io/metadata.name")
                    if name is None:
                        continue
                else:
                    name = ns
                labels = ((peer.get("podSelector") or {}).get("matchLabels")) or {}
                key = "pod:%s/%s" % (name, ",".join("%s=%s" % kv for kv in sorted(labels.items())))
                dests[key] = ("pod", name, labels)
            for entry in rule.get("ports") or []:
                if isinstance(entry.get("port"), int):
                    ports["%d/%s" % (entry["port"], entry.get("protocol", "TCP"))] = (
                        entry["port"], entry.get("protocol", "TCP"))
    edges = sorted(bounds)
    for a, b in zip(edges, edges[1:]):
        first, last = ipaddress.ip_address(a), ipaddress.ip_address(b - 1)
        dests["ip:%s-%s" % (first, last)] = ("ip", first)
    return dests, ports


def peer_allows(peer, ns, dest):
    if "ipBlock" in peer:
        if dest[0] != "ip":
            return False
        block = peer["ipBlock"]
        if dest[1] not in ipaddress.ip_network(block["cidr"], strict=False):
            return False
        return not any(dest[1] in ipaddress.ip_network(e, strict=False) for e in block.get("except") or [])
    if dest[0] != "pod":
        return False
    nss = peer.get("namespaceSelector")
    if nss is not None and not selector_matches(nss, {"kubernetes.io/metadata.name": dest[1]}):
        return False
    if nss is None and dest[1] != ns:
        return False
    pods = peer.get("podSelector")
    return pods is None or selector_matches(pods, dest[2])


def port_allows(entry, port):
    if entry.get("protocol", "TCP") != (port[1] if port else "TCP"):
        return False
    if "port" not in entry:
        return True
    if port is None or not isinstance(entry["port"], int):
        return False
    return entry["port"] <= port[0] <= entry.get("endPort", entry["port"])


def allowed(pols, direction, ns, labels, dest, port):
    _, rules, peers = direction
    isolated = False
    for p in pols:
        spec = p["spec"]
        if p["metadata"]["namespace"] != ns or not selector_matches(spec.get("podSelector", {}), labels):
            continue
        isolated = True
        for rule in spec.get(rules) or []:
            to, ports = rule.get(peers) or [], rule.get("ports") or []
            if to and not any(peer_allows(peer, p["metadata"]["namespace"], dest) for peer in to):
                continue
            if ports and not any(port_allows(e, port) for e in ports):
                continue
            return True
    return not isolated


def network_changes(before_objs, after_objs, direction):
    pb, pa = policies(before_objs, direction), policies(after_objs, direction)
    dests, ports = universe(pb + pa, direction)
    out = set()
    for name, labels in workloads(after_objs):
        ns = name.split("/", 1)[0]
        for pid, port in ports.items():
            for did, dest in dests.items():
                was = allowed(pb, direction, ns, labels, dest, port)
                now = allowed(pa, direction, ns, labels, dest, port)
                if was != now:
                    out.add("%s %s %s %s" % (name, did, pid, "lost" if was else "gained"))
    return out


# ---- runs ----------------------------------------------------------------------------------

def stem(name):
    m = re.match(r"^(.*)-[0-9a-f]{8}$", name)
    return m.group(1) if m else name


def runs(before_objs, after_objs):
    jobs_before = {o["metadata"]["name"] for o in before_objs if o["kind"] == "Job"}
    stems = {stem(n) for n in jobs_before}
    out = set()
    for o in after_objs:
        n = o["metadata"]["name"]
        if o["kind"] == "Job" and n not in jobs_before:
            out.add("%s %s runs" % (n, "again" if stem(n) in stems else "first"))
    return out


def restarts(before_objs, after_objs):
    before = {o["metadata"]["name"]: o for o in before_objs if o["kind"] == "Deployment"}
    out = set()
    for o in after_objs:
        b = before.get(o["metadata"]["name"])
        if o["kind"] == "Deployment" and b and b["spec"].get("template") != o["spec"].get("template"):
            out.add("%s pods rolls" % o["metadata"]["name"])
    return out


# ---- the comparison ------------------------------------------------------------------------

def invokers(target_files):
    """Cloud Run invoker grants: 'ADDRESS roles/run.invoker'."""
    out = set()
    for path, data in target_files.items():
        if path.endswith("/main.tf"):
            for name in re.findall(r'^resource "google_cloud_run_v2_service_iam_member" "([^"]+)" \{',
                                   data.decode(), re.M):
                out.add("google_cloud_run_v2_service_iam_member.%s roles/run.invoker" % name)
    return out


def moved(grant, moves):
    """A base grant through the head's moved {} blocks: module.database.arn -> module.db.arn."""
    name, value = grant.split("[", 1)
    for src, dst in moves.items():
        if value.startswith(src + "."):
            return "%s[%s%s" % (name, dst, value[len(src):])
    return grant


def truth(before_files, after_files, moves=None):
    """kind -> the set of 'subject object change' a plan must claim for this target."""
    gb = {moved(g, moves or {}) for g in grants(before_files)}
    ga = grants(after_files)
    ob, oa = objects(before_files), objects(after_files)
    ib, ia = invokers(before_files), invokers(after_files)
    return {
        "access": {"module.workload_identity %s lost" % g for g in gb - ga}
                  | {"module.workload_identity %s gained" % g for g in ga - gb}
                  | {"%s lost" % i for i in ib - ia} | {"%s gained" % i for i in ia - ib},
        "egress": network_changes(ob, oa, EGRESS),
        "ingress": network_changes(ob, oa, INGRESS),
        "run": runs(ob, oa),
        "restart": restarts(ob, oa),
    }


def claimed(plan_target):
    out = {"access": set(), "egress": set(), "ingress": set(), "run": set(), "restart": set()}
    for r in plan_target.get("risks", []):
        for c in r.get("claims", []):
            out.setdefault(c["kind"], set()).add("%s %s %s" % (c["subject"], c["object"], c["change"]))
    return out


def check(label, target, plan_target, want):
    problems = []
    have = claimed(plan_target)
    for kind in sorted(set(want) | set(have)):
        false = sorted(have.get(kind, set()) - want.get(kind, set()))
        missing = sorted(want.get(kind, set()) - have.get(kind, set()))
        if false:
            problems.append("%s: %s: %s claims the builds contradict: %s" % (label, target, kind, false[:5]))
        if missing:
            problems.append("%s: %s: %s true but not claimed: %s" % (label, target, kind, missing[:5]))
    return problems

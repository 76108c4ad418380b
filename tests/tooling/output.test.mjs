// What `infrac build` writes, judged by parsers and schemas infrac did not write:
//   *.tf   -> HashiCorp's HCL parser (@cdktf/hcl2json: the Go HCL library as WebAssembly), then
//             every module call against the called module's own variables and outputs, and
//             every var./local./module. reference against its declaration;
//   *.yaml -> the yaml package (YAML 1.2, duplicate keys are errors), then the strict
//             Kubernetes / CRD JSON schemas vendored in schemas/ (ajv);
//   plus spec-v1's promises: labels, restricted pod security, resources, pinned images,
//   kustomization.yaml listing exactly its directory, selectors that select (each
//   Deployment's and Service's the pods of one workload: a canary's track apart); and
//   docs/security.md's: secrets read as the service's own identity, which may read exactly
//   the keys its namespace reads (AWS), default-deny egress, time to drain after preStop.
// Also: the module interfaces infrac reads from source equal what HashiCorp's parser reads. `terraform fmt -check` runs where installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { check, finish, toolFound, walk } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const { parse: parseHcl } = require('@cdktf/hcl2json');
const Ajv04 = require('ajv-draft-04').default ?? require('ajv-draft-04');
const Ajv2019 = require('ajv/dist/2019.js').default;
const YAML = require('yaml');


// ------------------------------------------------------------------ Terraform
const parsed = new Map();
async function hcl(file) {
  if (!parsed.has(file)) parsed.set(file, await parseHcl(file, fs.readFileSync(file, 'utf8')));
  return parsed.get(file);
}
async function moduleInfo(dir) {
  const info = { variables: new Map(), outputs: new Set(), calls: new Map(), locals: new Set(), resources: new Set(), imports: [], moves: [] };
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort()) {
    const j = await hcl(path.join(dir, f));
    for (const [name, defs] of Object.entries(j.variable || {})) info.variables.set(name, { required: !('default' in defs[0]) });
    for (const name of Object.keys(j.output || {})) info.outputs.add(name);
    for (const [name, defs] of Object.entries(j.module || {})) info.calls.set(name, defs[0]);
    for (const l of j.locals || []) for (const k of Object.keys(l)) info.locals.add(k);
    for (const [type, byName] of Object.entries(j.resource || {})) for (const name of Object.keys(byName)) info.resources.add(`${type}.${name}`);
    info.imports.push(...(j.import || []));
    info.moves.push(...(j.moved || []));
  }
  return info;
}
function expressions(v, out = []) {
  if (typeof v === 'string') for (const m of v.matchAll(/\$\{([^}]*)\}/g)) out.push(m[1]);
  else if (Array.isArray(v)) v.forEach((x) => expressions(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => expressions(x, out));
  return out;
}
const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

let stateBlocks = 0;  // import {} and moved {} blocks checked
async function checkTerraform(outDir) {
  const files = walk(outDir).filter((f) => f.endsWith('.tf'));
  const dirs = [...new Set(files.map((f) => path.dirname(f)))];
  for (const f of files) {
    let ok = true;
    try { await hcl(f); } catch (e) { ok = false; check(`${f} parses`, false, String(e).split('\n')[0]); }
    if (ok) check(`${f} parses`, true);
  }
  for (const dir of dirs) {
    const info = await moduleInfo(dir);
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
      // import {} and moved {} name addresses, not values: checked below.
      const { import: _imports, moved: _moves, ...values } = await hcl(path.join(dir, f));
      for (const expr of expressions(values)) {
        for (const m of expr.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) check(`${dir}: var.${m[1]} declared`, info.variables.has(m[1]));
        for (const m of expr.matchAll(/\blocal\.([A-Za-z_][\w-]*)/g)) check(`${dir}: local.${m[1]} declared`, info.locals.has(m[1]));
        for (const m of expr.matchAll(/\bmodule\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) {
          const call = info.calls.get(m[1]);
          check(`${dir}: module.${m[1]} declared`, !!call);
          if (call && call.source.startsWith('.')) {
            const child = await moduleInfo(path.resolve(dir, call.source));
            check(`${dir}: module.${m[1]}.${m[2]} is an output of ${call.source}`, child.outputs.has(m[2]));
          }
        }
      }
    }
    // An import goes into a resource the called module declares (TYPE.NAME in its source); a
    // move goes to a module call of this root module from one it no longer has.
    const address = (v) => String(v).replace(/^\$\{(.*)\}$/, '$1');
    // The root modules' blocks (a module's own moves between its resources are checked, not counted).
    stateBlocks += info.imports.length + info.moves.filter((mv) => address(mv.to).startsWith('module.')).length;
    for (const imp of info.imports) {
      const m = address(imp.to).match(/^module\.([\w-]+)\.([\w-]+\.[\w-]+)$/);
      check(`${dir}: import to ${address(imp.to)} names module.CALL.TYPE.NAME`, !!m);
      if (!m) continue;
      const call = info.calls.get(m[1]);
      check(`${dir}: import into declared module.${m[1]}`, !!call);
      if (call) check(`${dir}: ${call.source} declares ${m[2]}`, (await moduleInfo(path.resolve(dir, call.source))).resources.has(m[2]));
      check(`${dir}: import id of ${address(imp.to)} is set`, typeof imp.id === 'string' && imp.id.length > 0);
    }
    for (const mv of info.moves) {
      if (!address(mv.to).startsWith('module.')) {
        // Inside a module: between its own resources (a singleton becoming for_each's instance).
        const resource = (a) => address(a).replace(/\[[^\]]*\]$/, '');
        check(`${dir}: moved to declared ${resource(mv.to)}`, info.resources.has(resource(mv.to)));
        continue;
      }
      const from = address(mv.from).replace(/^module\./, ''), to = address(mv.to).replace(/^module\./, '');
      check(`${dir}: moved to declared module.${to}`, info.calls.has(to));
      check(`${dir}: moved from module.${from}, no longer declared`, !info.calls.has(from));
    }
    for (const [name, call] of info.calls) {
      check(`${dir}: module ${name} has a local source`, typeof call.source === 'string' && call.source.startsWith('.'));
      const child = await moduleInfo(path.resolve(dir, call.source));
      for (const arg of Object.keys(call)) {
        if (!META.has(arg)) check(`${dir}: module ${name} argument ${arg} is a variable of ${call.source}`, child.variables.has(arg));
      }
      for (const [v, { required }] of child.variables) {
        if (required) check(`${dir}: module ${name} sets required ${v}`, v in call);
      }
    }
  }
  let terraform = true;
  try { execFileSync('terraform', ['version'], { stdio: 'ignore' }); } catch { terraform = false; }
  if (terraform) {
    let listed = '';
    try { listed = execFileSync('terraform', ['fmt', '-check', '-recursive', '-list=true', outDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }); }
    catch (e) { listed = String(e.stdout || 'terraform fmt failed'); }
    check(`${outDir}: terraform fmt -check`, listed.trim() === '', listed.trim());
  } else {
    console.log('note: terraform not installed; canonical formatting is checked by the golden files only');
  }
}

// ----------------------------------------------------------------- Kubernetes
const schemaDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'schemas');
const ajv04 = new Ajv04({ strict: false, validateFormats: false });
const ajv2019 = new Ajv2019({ strict: false, validateFormats: false });
const validators = new Map();
function validator(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (validators.has(key)) return validators.get(key);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const k = kind.toLowerCase();
  const core = path.join(schemaDir, 'kubernetes', group ? `${k}-${group.split('.')[0]}-${version}.json.gz` : `${k}-${version}.json.gz`);
  const crd = path.join(schemaDir, 'crds', `${k}-${group}-${version}.json.gz`);
  let v = null;
  for (const [file, ajv] of [[core, ajv04], [crd, ajv2019]]) {
    if (!fs.existsSync(file)) continue;
    const schema = ecmaPatterns(JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')));
    delete schema.$schema;
    v = ajv.compile(schema);
    break;
  }
  validators.set(key, v);
  return v;
}
// The CRD schemas carry the API server's Go (RE2) patterns; one, PrometheusRule's
// partial_response_strategy, opens with the inline flag (?i), which ECMAScript lacks. The same
// pattern, spelled for ajv: every letter after (?i) as a two-letter class.
function ecmaPatterns(node) {
  if (Array.isArray(node)) node.forEach(ecmaPatterns);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string' && v.includes('(?i)')) {
        const [head, tail] = v.split('(?i)');
        node[k] = head + tail.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
      } else ecmaPatterns(v);
    }
  }
  return node;
}
function podSpec(o) {
  if (o.kind === 'CronJob') return o.spec.jobTemplate.spec.template;
  if (['Deployment', 'Job'].includes(o.kind)) return o.spec.template;
  return null;
}
function checkKubernetes(outDir) {
  const byDir = new Map();
  // argocd/<env>/ holds Argo CD Applications, checked against Argo CD's schema by delivery.test.mjs.
  const isArgo = (f) => f.split(path.sep).includes('argocd');
  for (const f of walk(outDir).filter((f) => f.endsWith('.yaml') && !isArgo(f))) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(f, 'utf8'), { version: '1.2', uniqueKeys: true });
    check(`${f}: one YAML document`, docs.length === 1 && docs[0].errors.length === 0, docs[0] && docs[0].errors.map(String).join('; '));
    const o = docs[0].toJS();
    if (!byDir.has(path.dirname(f))) byDir.set(path.dirname(f), []);
    byDir.get(path.dirname(f)).push([path.basename(f), o]);
    if (o.kind === 'Kustomization') continue;
    check(`${f}: file named <kind>-<name>.yaml`, path.basename(f) === `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`);
    const v = validator(o.apiVersion, o.kind);
    check(`${f}: a vendored schema for ${o.apiVersion} ${o.kind}`, !!v);
    if (v) check(`${f}: strict schema`, v(o), JSON.stringify(v.errors && v.errors[0]));
    const labels = o.metadata.labels || {};
    for (const l of ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by', 'team']) {
      check(`${f}: label ${l}`, typeof labels[l] === 'string' && labels[l].length > 0);
    }
    const template = podSpec(o);
    if (template) {
      check(`${f}: workload label app.kubernetes.io/version`, !!labels['app.kubernetes.io/version'] && !!template.metadata.labels['app.kubernetes.io/version']);
      const ps = template.spec;
      check(`${f}: pod runAsNonRoot`, ps.securityContext.runAsNonRoot === true);
      check(`${f}: pod seccomp RuntimeDefault`, ps.securityContext.seccompProfile.type === 'RuntimeDefault');
      for (const c of ps.containers) {
        const sc = c.securityContext;
        check(`${f}: ${c.name} no privilege escalation`, sc.allowPrivilegeEscalation === false);
        check(`${f}: ${c.name} drops ALL capabilities`, sc.capabilities.drop.includes('ALL'));
        check(`${f}: ${c.name} requests and memory limit`, !!(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory));
        check(`${f}: ${c.name} image pinned`, /[:@]/.test(c.image.split('/').pop()) && !c.image.endsWith(':latest'));
      }
      for (const vol of ps.volumes || []) check(`${f}: no hostPath`, !vol.hostPath);
    }
  }
  for (const [dir, list] of byDir) {
    const kustomization = list.find(([, o]) => o.kind === 'Kustomization');
    check(`${dir}: kustomization.yaml`, !!kustomization);
    if (!kustomization) continue;
    const listed = [...kustomization[1].resources].sort();
    const present = list.filter(([n]) => n !== 'kustomization.yaml').map(([n]) => n).sort();
    check(`${dir}: kustomization lists exactly its files`, JSON.stringify(listed) === JSON.stringify(present));
    const objects = list.map(([, o]) => o);
    const pods = objects.filter(podSpec).map((o) => podSpec(o).metadata.labels);
    const selects = (sel) => pods.some((l) => Object.entries(sel).every(([k, v]) => l[k] === v));
    // Each Deployment's pods are selected by its own selector and no other's, and a Service
    // reaches one workload: a canary's track and the stable one never share endpoints.
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    const matches = (sel, l) => Object.entries(sel).every(([k, v]) => l[k] === v);
    for (const d of deployments) {
      for (const other of deployments) {
        check(`${dir}: Deployment ${d.metadata.name} selects ${other === d ? 'its own' : 'no other'} pods (${other.metadata.name})`,
          matches(d.spec.selector.matchLabels, other.spec.template.metadata.labels) === (other === d));
      }
    }
    for (const o of objects) {
      if (o.kind === 'Service') check(`${dir}: Service ${o.metadata.name} selects pods`, selects(o.spec.selector));
      if (o.kind === 'Service') {
        const reached = objects.filter(podSpec).filter((w) => matches(o.spec.selector, podSpec(w).metadata.labels));
        check(`${dir}: Service ${o.metadata.name} selects the pods of one workload`, reached.length === 1);
      }
      if (o.kind === 'PodDisruptionBudget') check(`${dir}: PDB ${o.metadata.name} selects pods`, selects(o.spec.selector.matchLabels));
      if (o.kind === 'HorizontalPodAutoscaler') {
        const target = objects.find((x) => x.kind === o.spec.scaleTargetRef.kind && x.metadata.name === o.spec.scaleTargetRef.name);
        check(`${dir}: HPA ${o.metadata.name} target exists without replicas`, !!target && target.spec.replicas === undefined);
      }
      if (o.kind === 'HTTPRoute') {
        for (const b of o.spec.rules.flatMap((r) => r.backendRefs)) {
          const svc = objects.find((x) => x.kind === 'Service' && x.metadata.name === b.name);
          check(`${dir}: HTTPRoute backend ${b.name}:${b.port}`, !!svc && svc.spec.ports.some((p) => p.port === b.port));
        }
      }
      if (o.kind !== 'Namespace' && o.kind !== 'Kustomization') check(`${dir}: ${o.kind} ${o.metadata.name} namespaced`, !!o.metadata.namespace);
    }
  }
}

// -------------------------------------------------- least privilege and rollouts
// What the output promises in docs/security.md, read back from the files alone: each
// namespace's secrets are read as the service's own identity, that identity may read exactly
// the keys its ExternalSecrets name (AWS), egress is default-deny, and pods stop gracefully.
async function checkSecurity(outDir) {
  const k8sRoot = path.join(outDir, 'kubernetes');
  if (!fs.existsSync(k8sRoot)) return;
  let compared = 0;
  for (const env of fs.readdirSync(k8sRoot).sort()) {
    for (const service of fs.readdirSync(path.join(k8sRoot, env)).sort()) {
      const dir = path.join(k8sRoot, env, service);
      const objects = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      const where = `${env}/${service}`;
      // A Cloud Run service's folder holds only its database-roles objects, in the platform
      // namespace: the platform's folder guards them and its reader reads their secrets.
      const inPlatform = objects.filter((o) => o.kind !== 'Kustomization');
      if (service !== '_platform' && inPlatform.length && inPlatform.every((o) => o.metadata.namespace === 'infrac-system')) {
        const platformDir = path.join(k8sRoot, env, '_platform');
        check(`${where}: its platform-namespace objects have the platform's reader and egress`,
          fs.existsSync(path.join(platformDir, 'serviceaccount-external-secrets.yaml')) &&
          fs.existsSync(path.join(platformDir, 'networkpolicy-infrac-system-egress.yaml')));
        continue;
      }
      const externalSecrets = objects.filter((o) => o.kind === 'ExternalSecret');
      const own = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === service);
      const reader = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'external-secrets');
      if (externalSecrets.length) {
        check(`${where}: secrets are read as the service's own identity`, !!reader && !!own &&
          JSON.stringify(reader.metadata.annotations || null) === JSON.stringify(own.metadata.annotations || null) && !!reader.metadata.annotations);
      }
      // An environment's platform (_platform) guards its namespace, infrac-system.
      const namespace = service === '_platform' ? 'infrac-system' : service;
      const egress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `${namespace}-egress`);
      check(`${where}: default-deny egress`, !!egress && JSON.stringify(egress.spec.policyTypes) === '["Egress"]' && JSON.stringify(egress.spec.podSelector) === '{}');
      for (const o of objects.filter(podSpec)) {
        const ps = podSpec(o).spec;
        for (const c of ps.containers) {
          const sleep = c.lifecycle && c.lifecycle.preStop && c.lifecycle.preStop.sleep ? c.lifecycle.preStop.sleep.seconds : 0;
          check(`${where}: ${o.metadata.name} has time to drain after its preStop`, ps.terminationGracePeriodSeconds > sleep);
          if (c.livenessProbe && c.readinessProbe) {
            check(`${where}: ${o.metadata.name} liveness does not ask what readiness asks`, JSON.stringify(c.livenessProbe.httpGet || null) !== JSON.stringify(c.readinessProbe.httpGet) || !c.readinessProbe.httpGet);
          }
        }
      }
      // AWS: the role's secret grants are exactly the keys the ExternalSecrets name.
      const mainTf = path.join(outDir, 'terraform', env, service, 'main.tf');
      if (!fs.existsSync(mainTf) || !reader) continue;
      const identity = ((await hcl(mainTf)).module || {}).workload_identity;
      if (!identity || !identity[0].cluster_name) continue;  // Google Cloud: grants by secret id
      const granted = new Set();
      for (const arn of identity[0].secret_arns || []) {
        const m = /^arn:aws:secretsmanager:[^:]+:[^:]+:secret:(.+)-\?{6}$/.exec(arn);
        const ref = /^\$\{module\.([a-z0-9_]+)\.secret_arn\}$/.exec(arn);
        if (m) granted.add(m[1]);
        else if (ref) granted.add(`module:${ref[1]}`);
        else check(`${where}: secret grant ${arn} is a name or a module's secret`, false);
      }
      const read = new Set();
      for (const es of externalSecrets) {
        for (const d of es.spec.data) {
          const key = d.remoteRef.key;
          const module = key.startsWith(`${key.split('/')[0]}/${env}/${service}/`) ? `module:${key.split('/').pop().replace(/-/g, '_')}` : null;
          read.add(module || key);
        }
      }
      compared++;
      check(`${where}: the role may read exactly the secrets the namespace reads`,
        JSON.stringify([...granted].sort()) === JSON.stringify([...read].sort()), `${[...granted].sort()} vs ${[...read].sort()}`);
    }
  }
  return compared;
}

// ------------------------------------------------------- the module interfaces
// infrac reads each module's interface from its source (`infrac inventory`); HashiCorp's
// parser must see the same variables (required when there is no default) and outputs, and
// stdlib/modules.yaml's replacement arguments must be variables of the module.
async function checkModuleInterfaces() {
  const replacements = YAML.parse(fs.readFileSync(path.join(sourceDir, 'stdlib/modules.yaml'), 'utf8')).modules;
  const onDisk = fs.readdirSync(path.join(sourceDir, 'modules')).flatMap((cloud) =>
    fs.readdirSync(path.join(sourceDir, 'modules', cloud)).map((m) => `${cloud}/${m}`)).sort();
  check('stdlib/modules.yaml lists every module', JSON.stringify(Object.keys(replacements).sort()) === JSON.stringify(onDisk), `${Object.keys(replacements)} vs ${onDisk}`);
  for (const name of onDisk) {
    const dir = path.join(sourceDir, 'modules', name);
    const info = await moduleInfo(dir);
    const inventory = JSON.parse(execFileSync(binary, ['inventory', '--format', 'json', dir], { encoding: 'utf8' }));
    const read = inventory.modules[0] || { variables: [], outputs: [] };
    const theirs = [...info.variables].map(([k, v]) => `${k}:${v.required}`).sort();
    const ours = read.variables.map((v) => `${v.name}:${v.required}`).sort();
    check(`${name}: infrac reads the variables HashiCorp's parser reads`, JSON.stringify(ours) === JSON.stringify(theirs), `${ours} vs ${theirs}`);
    check(`${name}: infrac reads the outputs HashiCorp's parser reads`, JSON.stringify([...read.outputs].sort()) === JSON.stringify([...info.outputs].sort()));
    for (const arg of (replacements[name] || {}).replace_on || []) check(`${name}: replace_on ${arg} is a variable`, info.variables.has(arg));
    for (const f of ['README.md', 'main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) {
      check(`${name}: has ${f}`, fs.existsSync(path.join(sourceDir, 'modules', name, f)));
    }
    const vars = await hcl(path.join(sourceDir, 'modules', name, 'variables.tf'));
    for (const [v, defs] of Object.entries(vars.variable || {})) check(`${name}: variable ${v} has a description`, !!defs[0].description);
  }
}

// ------------------------------------------------------------------- runs
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'infrac-output-test-'));
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), INFRAC_NOW: '2026-11-22' };
try {
  await checkModuleInterfaces();
  const generated = path.join(work, 'generated');
  execFileSync('python3', [path.join(sourceDir, 'bench/gen_repo.py'), '40', generated], { stdio: 'ignore' });
  for (const [name, root] of [['acme', path.join(sourceDir, 'examples/acme')], ['shop-gcp', path.join(sourceDir, 'examples/shop-gcp')], ['score', path.join(sourceDir, 'examples/score')], ['adoption', path.join(sourceDir, 'tests/corpus/adoption')], ['generated', generated]]) {
    const out = path.join(work, `${name}-out`);
    execFileSync(binary, ['build', '-q', '--root', root, '--out', out], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await checkTerraform(out);
    checkKubernetes(out);
    const compared = await checkSecurity(out);
    // Every one of acme's 18 targets reads secrets: the comparison ran for each, none skipped.
    if (name === 'acme') check('acme: secret grants compared for every target', compared === 18, `${compared}`);
    // users' bucket moves in dev and prod, and prod imports its database: three blocks.
    if (name === 'adoption') check('adoption: import and moved blocks checked', stateBlocks === 3, `${stateBlocks}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
finish('output');

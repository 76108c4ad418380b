// Every resource, data source and provider block infrac ships (modules/) or writes (the root
// modules of examples/acme, examples/shop-gcp and a generated repository), judged offline
// against the real provider schemas: unknown arguments or blocks, missing required ones,
// blocks written as arguments and arguments written as blocks.
//
// The schemas come from npm @cdktf/provider-aws and @cdktf/provider-google, which are
// generated from `terraform providers schema -json` of one provider release each (named in
// their package.json, printed below). Their jsii manifest (.jsii) describes every resource
// class ("Represents a {@link .../docs/resources/db_instance aws_db_instance}") and its
// config interface: one property per Terraform attribute or block, the Terraform name in the
// registry link's anchor, `optional` unless required, and blocks documented as "NAME block.".
// The HCL is read by HashiCorp's parser (@cdktf/hcl2json); it reports `x = [{...}]` and
// `x { ... }` alike, so a resource's own source text is also read for `NAME =` / `NAME {`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, finish } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const { parse: parseHcl } = require('@cdktf/hcl2json');

// ------------------------------------------------------------------ schemas
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const PROVIDER_META = new Set(['alias', 'version']);

// The registry link may sit in the summary, the remarks or a custom tag (jsii files a
// docstring line starting with "@word" under docs.custom).
function anchorName(docs) {
  const custom = docs && docs.custom ? Object.values(docs.custom).join(' ') : '';
  const text = `${(docs && docs.summary) || ''} ${(docs && docs.remarks) || ''} ${custom}`;
  const m = text.match(/\{@link https:\/\/registry\.terraform\.io\/[^#\s]*#([A-Za-z0-9_]+) /);
  return m ? m[1] : null;
}
function elementFqn(type) {
  if (!type) return null;
  if (type.fqn) return type.fqn;
  if (type.collection) return elementFqn(type.collection.elementtype);
  if (type.union) for (const t of type.union.types) { const f = elementFqn(t); if (f && f !== 'cdktf.IResolvable') return f; }
  return null;
}
// Properties whose registry link was lost: named by the reverse of cdktf's camel-casing,
// counted and printed; many of them would mean the link parsing broke.
const unnamed = [];
// { attributes: Map(name -> {required}), blocks: Map(name -> {required, schema}) }
function schemaOf(types, fqn, depth = 0) {
  const t = types[fqn];
  const s = { attributes: new Map(), blocks: new Map() };
  if (!t || depth > 12) return s;
  for (const p of t.properties || []) {
    const name = anchorName(p.docs);
    // A docstring jsii could not parse loses its link; cdktf names properties by camel-casing
    // the Terraform name, so the reverse gives it back.
    if (!name) unnamed.push(`${fqn}.${p.name}`);
    const tfName = name || p.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const isBlock = /^[A-Za-z0-9_]+ block\.?$/.test((p.docs && p.docs.summary) || '');
    if (isBlock) s.blocks.set(tfName, { required: !p.optional, schema: schemaOf(types, elementFqn(p.type), depth + 1) });
    else s.attributes.set(tfName, { required: !p.optional });
  }
  return s;
}
function loadProvider(pkg) {
  const dir = path.join(modulesDir, pkg);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const jsii = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8'));
  const out = { resource: new Map(), data: new Map(), provider: new Map(), version: meta.cdktf.provider };
  for (const t of Object.values(jsii.types)) {
    if (t.kind !== 'class') continue;
    const m = ((t.docs && t.docs.summary) || '').match(/^Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/[^/]+\/[^/]+\/[^/]+\/docs(\/(resources|data-sources)\/[^ ]+)? ([a-z0-9_-]+)\}/);
    if (!m) continue;
    const config = jsii.types[`${t.fqn}Config`];
    if (!config) continue;
    const kind = m[2] === 'resources' ? 'resource' : m[2] === 'data-sources' ? 'data' : 'provider';
    out[kind].set(m[3], schemaOf(jsii.types, config.fqn));
  }
  return out;
}

// --------------------------------------------------------------- the check
// The source text of the block that starts at `start` (the index of its '{').
function blockText(text, start) {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) { if (c === '\\') i++; else if (c === '"') inString = false; continue; }
    if (c === '"') inString = true;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) i = text.indexOf('\n', i) - 1;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start + 1, i);
  }
  return '';
}
// The names a body writes at its own level, as `NAME =` (arguments) and `NAME {` (blocks).
function topLevelSyntax(body) {
  const args = new Set();
  const blocks = new Set();
  let depth = 0;
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    if (depth === 0) {
      let m = trimmed.match(/^([A-Za-z_][A-Za-z0-9_-]*)\s*=(?!=)/);
      if (m) args.add(m[1]);
      m = trimmed.match(/^([A-Za-z_][A-Za-z0-9_-]*)\s*(?:"[^"]*"\s*)*\{/);
      if (m) blocks.add(m[1]);
    }
    const code = trimmed.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$|\/\/.*$/, '');
    for (const c of code) { if (c === '{' || c === '[' || c === '(') depth++; else if (c === '}' || c === ']' || c === ')') depth--; }
  }
  return { args, blocks };
}

function checkBody(where, body, schema, meta) {
  const problems = [];
  for (const [name, value] of Object.entries(body)) {
    if (meta.has(name)) continue;
    if (name === 'dynamic') {
      for (const [blockName, uses] of Object.entries(value)) {
        const block = schema.blocks.get(blockName);
        if (!block) { problems.push(`${where}: dynamic "${blockName}" is not a block of this type`); continue; }
        for (const use of uses) for (const content of use.content || []) problems.push(...checkBody(`${where}.${blockName}`, content, block.schema, new Set()));
      }
      continue;
    }
    if (schema.attributes.has(name)) continue;
    const block = schema.blocks.get(name);
    if (!block) { problems.push(`${where}: unknown argument or block "${name}"`); continue; }
    if (!Array.isArray(value)) { problems.push(`${where}: "${name}" is a block, written as an argument`); continue; }
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item)) problems.push(...checkBody(`${where}.${name}`, item, block.schema, new Set()));
    }
  }
  const dynamic = new Set(Object.keys(body.dynamic || {}));
  for (const [name, { required }] of schema.attributes) if (required && !(name in body)) problems.push(`${where}: missing required argument "${name}"`);
  for (const [name, { required }] of schema.blocks) if (required && !(name in body) && !dynamic.has(name)) problems.push(`${where}: missing required block "${name}"`);
  return problems;
}

// A block's provider: its `provider` meta-argument (google-beta), else its type's prefix. Each
// provider has one schema per major version the root modules' constraint admits.
function providerOf(type, body, providers) {
  const meta = typeof body.provider === 'string' ? body.provider.replace(/^\$\{|\}$/g, '').split('.')[0] : null;
  return providers[meta || type.split('_')[0]];
}

// ------------------------------------------------------- reads on an empty project
// A plan reads every data source before anything is created. A data source that fails when its
// object is absent, reading an object a root module of the same build creates (another target's,
// or its own on a first deploy), makes the first deploy, or a change that adds a caller and its
// callee, impossible to plan. Every data source infrac's modules or root modules read is listed
// here: those that fail on absence (with the doc or evidence), and those that may be read
// (with the reason). A new one fails this check until it is classified.
const FAILS_WHEN_ABSENT = {
  google_cloud_run_v2_service: 'the provider\'s read ends in "<id> not found" on a 404 (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/cloud_run_v2_service; issue 31)',
  google_cloud_run_service: 'as google_cloud_run_v2_service, for the v1 API (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/cloud_run_service)',
  google_cloud_run_v2_job: 'as google_cloud_run_v2_service, for jobs (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/cloud_run_v2_job)',
  google_sql_database_instance: 'reads one instance by name; a missing one is a not-found error (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/sql_database_instance)',
  google_pubsub_topic: 'reads one topic by name (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/pubsub_topic)',
  google_secret_manager_secret: 'reads one secret by id (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/secret_manager_secret)',
  google_service_account: 'reads one account by id (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/service_account)',
  google_storage_bucket: 'reads one bucket by name (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/storage_bucket)',
  aws_db_instance: 'reads one instance by identifier; none is an error (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/db_instance)',
  aws_elasticache_replication_group: 'reads one replication group by id (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/elasticache_replication_group)',
  aws_s3_bucket: 'reads one bucket by name (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/s3_bucket)',
  aws_sqs_queue: 'reads one queue by name (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/sqs_queue)',
  aws_secretsmanager_secret: 'reads one secret by name or ARN (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/secretsmanager_secret)',
  aws_iam_role: 'reads one role by name (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_role)',
  terraform_remote_state: '"Unable to find remote state" while the state does not exist yet, also with `defaults`, which only fill outputs missing from a state that exists (https://developer.hashicorp.com/terraform/language/state/remote-state-data; seen with Terraform 1.11.4)',
};
const READ_SAFELY = {
  google_project: 'the environment\'s project (infrac.yaml gcp_project) exists before any root module is planned',
  google_cloud_asset_search_all_resources: 'a search: an absent object is an empty result (https://cloud.google.com/asset-inventory/docs/reference/rest/v1/TopLevel/searchAllResources)',
  aws_eks_cluster: 'the environment\'s cluster (infrac.yaml) exists before any root module is planned',
  aws_iam_openid_connect_provider: 'the cluster\'s OIDC provider, made with the cluster',
  aws_iam_policy_document: 'computed by the provider, reads nothing',
  aws_region: 'the provider\'s configuration, reads nothing',
  aws_caller_identity: 'the credentials\' own account',
};
// Reads of a FAILS_WHEN_ABSENT type that only happen once a tolerant read proved the object
// exists, each with the `count` that guards it.
const GUARDED = {
  'modules/gcp/cloudrun-service/main.tf data.google_cloud_run_v2_service.serving': '${local.exists ? 1 : 0}',
};

function checkRead(file, type, name, body) {
  const where = `data "${type}" "${name}"`;
  if (READ_SAFELY[type]) return [];
  if (!FAILS_WHEN_ABSENT[type]) return [`${where}: not classified: add it to FAILS_WHEN_ABSENT or READ_SAFELY in provider_schema.test.mjs, with the doc`];
  const rel = path.relative(sourceDir, file);
  const key = `${rel.startsWith('..') ? path.basename(file) : rel} data.${type}.${name}`;
  if (GUARDED[key] !== undefined && body.count === GUARDED[key]) return [];
  return [`${where}: fails when its object is absent (${FAILS_WHEN_ABSENT[type]}), so the first deploy or a change adding its object cannot be planned`];
}

let blocksChecked = 0;
async function checkFile(file, providers) {
  const text = fs.readFileSync(file, 'utf8');
  const json = await parseHcl(file, text);
  const problems = [];
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(json[kind] || {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        const where = `${kind} "${type}" "${name}"`;
        const versions = providerOf(type, bodies[0], providers);
        if (!versions) { problems.push(`${where}: no packaged schema for its provider`); continue; }
        if (kind === 'data') problems.push(...checkRead(file, type, name, bodies[0]));
        const header = new RegExp(`^\\s*${kind}\\s+"${type}"\\s+"${name}"\\s*\\{`, 'm').exec(text);
        if (!header) { problems.push(`${where}: block not found in the source text`); continue; }
        const { args, blocks } = topLevelSyntax(blockText(text, header.index + header[0].length - 1));
        for (const provider of versions) {
          const at = versions.length > 1 ? `${where} (${provider.version.name.split('/').pop()} ${provider.version.version})` : where;
          const schema = provider[kind].get(type);
          if (!schema) { problems.push(`${at}: not a ${kind === 'data' ? 'data source' : 'resource type'} of ${provider.version.name} ${provider.version.version}`); continue; }
          blocksChecked++;
          problems.push(...checkBody(at, bodies[0], schema, RESOURCE_META));
          for (const a of args) if (schema.blocks.has(a)) problems.push(`${at}: "${a}" is a block, written as an argument`);
          for (const b of blocks) if (schema.attributes.has(b)) problems.push(`${at}: "${b}" is an argument, written as a block`);
        }
      }
    }
  }
  for (const [name, bodies] of Object.entries(json.provider || {})) {
    for (const provider of providers[name] || []) {
      for (const body of bodies) {
        const schema = provider.provider.get(name);
        if (!schema) { problems.push(`provider "${name}": no provider configuration in its package`); continue; }
        blocksChecked++;
        problems.push(...checkBody(`provider "${name}" (${provider.version.version})`, body, schema, PROVIDER_META));
      }
    }
  }
  check(`${path.relative(sourceDir, file).startsWith('..') ? file : path.relative(sourceDir, file)}: matches the provider schemas`, problems.length === 0, problems.join('; '));
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (p.endsWith('.tf')) out.push(p);
  }
  return out;
}

// The checker must see what it is for: a body with each kind of mistake is refused.
function selfTest(providers) {
  const aws = providers.aws[0];
  const cases = [
    ['unknown argument', { identifier: 'x', instance_class: 'db.t4g.micro', engine_versio: '16' }, /unknown argument or block "engine_versio"/],
    ['block as argument', { instance_class: 'db.t4g.micro', timeouts: { create: '1h' } }, /"timeouts" is a block, written as an argument/],
    ['missing required', { identifier: 'x' }, /missing required argument "instance_class"/],
  ];
  for (const [what, body, want] of cases) {
    const problems = checkBody('self-test', body, aws.resource.get('aws_db_instance'), RESOURCE_META);
    check(`self-test: ${what} is reported`, problems.some((p) => want.test(p)), problems.join('; ') || 'nothing reported');
  }
  const unguarded = checkRead(path.join(sourceDir, 'modules/gcp/x/main.tf'), 'google_cloud_run_v2_service', 'callee', { name: 'callee' });
  check('self-test: a read that fails on an empty project is reported', unguarded.some((p) => /fails when its object is absent/.test(p)), unguarded.join('; ') || 'nothing reported');
  const unknown = checkRead(path.join(sourceDir, 'modules/gcp/x/main.tf'), 'google_dns_managed_zone', 'zone', {});
  check('self-test: an unclassified data source is reported', unknown.some((p) => /not classified/.test(p)), unknown.join('; ') || 'nothing reported');
  const { args, blocks } = topLevelSyntax('  statement = [{}]\n  principals {\n    type = "x"\n  }\n');
  check('self-test: source text shows arguments and blocks', args.has('statement') && blocks.has('principals') && !args.has('type'));
}

// The root modules admit hashicorp/aws 5.x and 6.x (stdlib/clouds/aws.yaml): every block is
// checked against both majors. google and google-beta stay within 6.x: no 7.x binding exists
// to check against.
const providers = {
  aws: [loadProvider('@cdktf/provider-aws'), loadProvider('@cdktf/provider-aws-6')],
  google: [loadProvider('@cdktf/provider-google')],
  'google-beta': [loadProvider('@cdktf/provider-google-beta')],
  random: [loadProvider('@cdktf/provider-random')],
};
for (const [name, versions] of Object.entries(providers)) {
  for (const p of versions) {
    console.log(`provider schemas: ${name} = ${p.version.name} ${p.version.version} (${p.resource.size} resources, ${p.data.size} data sources)`);
    check(`${name} ${p.version.version}: schemas loaded`, p.resource.size > 5 && p.provider.has(name));
  }
}
check('aws: the schemas of two majors are checked', new Set(providers.aws.map((p) => p.version.version.split('.')[0])).size === 2, providers.aws.map((p) => p.version.version).join(', '));
console.log(`provider schemas: ${unnamed.length} properties named from their camel case (${unnamed.slice(0, 4).join(', ')})`);
check('provider schemas: registry links name almost every property', unnamed.length < 20, `${unnamed.length}`);
selfTest(providers);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'infrac-provider-schema-'));
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), INFRAC_NOW: '2026-11-22' };
try {
  const files = walk(path.join(sourceDir, 'modules'));
  const generated = path.join(work, 'generated');
  execFileSync('python3', [path.join(sourceDir, 'bench/gen_repo.py'), '40', generated], { stdio: 'ignore' });
  for (const [name, root] of [['acme', path.join(sourceDir, 'examples/acme')], ['shop-gcp', path.join(sourceDir, 'examples/shop-gcp')], ['score', path.join(sourceDir, 'examples/score')], ['adoption', path.join(sourceDir, 'tests/corpus/adoption')], ['generated', generated]]) {
    const out = path.join(work, `${name}-out`);
    execFileSync(binary, ['build', '-q', '--root', root, '--out', out], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    files.push(...walk(path.join(out, 'terraform')));
  }
  for (const f of files) await checkFile(f, providers);
  check('provider schemas: blocks were checked', blocksChecked > 50, `${blocksChecked}`);
  console.log(`provider schemas: ${blocksChecked} resource, data and provider blocks in ${files.length} files`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
finish('provider-schema');

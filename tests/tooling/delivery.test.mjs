// Delivery output and workflows, judged by schemas infrac did not write:
//   argocd/<env>/<service>.yaml -> Argo CD's Application CRD schema (@kubernetes-models/argo-cd,
//     generated from Argo CD's own CRDs), built from examples/acme with spec.delivery.argocd;
//     the sync waves are the order `infrac ci apply` follows (lower/argocd.h);
//   examples/workflows/*.yml and action.yml -> SchemaStore's GitHub workflow and action
//     schemas (@action-validator/core), and the pinning rule: every `uses:` is a full commit SHA.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, finish, walk } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const YAML = require('yaml');
const { validateWorkflow, validateAction } = require('@action-validator/core');
const { Application } = await import(path.join(modulesDir, '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application.js'));

// ------------------------------------------------------------------ Argo CD
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'infrac-delivery-'));
const repo = path.join(scratch, 'acme');
fs.cpSync(path.join(sourceDir, 'examples/acme'), repo, { recursive: true, filter: (p) => !p.endsWith(`${path.sep}out`) });
const project = path.join(repo, 'infrac.yaml');
// acme delivers through Argo CD already; the test tracks another revision of another repository.
const acmeArgo = '    argocd: {repo_url: "https://github.com/acme/deploy.git"}';
const acmeProject = fs.readFileSync(project, 'utf8');
if (!acmeProject.includes(acmeArgo)) throw new Error('examples/acme no longer declares ' + acmeArgo.trim());
fs.writeFileSync(project, acmeProject.replace(acmeArgo,
  '    argocd: {repo_url: "https://github.com/acme/platform.git", revision: deployed}'));
execFileSync(binary, ['build', '--root', repo, '--out', path.join(scratch, 'out')], { stdio: 'pipe' });
const out = path.join(scratch, 'out');
const apps = walk(path.join(out, 'argocd'));
check('an Application per Kubernetes target', apps.length === fs.readdirSync(path.join(out, 'kubernetes', 'prod')).length * 2,
  `${apps.length} Applications`);
for (const file of apps) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'), { version: '1.2', uniqueKeys: true });
  const rel = path.relative(out, file);
  let error = '';
  try { new Application(doc).validate(); } catch (e) { error = String(e.message ?? e).slice(0, 400); }
  check(`${rel} is a valid Argo CD Application`, error === '', error);
  const [env, service] = rel.replace(/\.yaml$/, '').split(path.sep).slice(1);
  check(`${rel} reads its own rendered folder`, doc.spec.source.path === `out/kubernetes/${env}/${service}`
    && fs.existsSync(path.join(out, 'kubernetes', env, service, 'kustomization.yaml')), doc.spec.source.path);
}
// Sync waves: migrations after what they need, workloads and routes after migrations.
const wave = (doc) => Number(doc.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0');
let migrations = 0;
for (const file of walk(path.join(out, 'kubernetes')).filter((f) => !f.endsWith('kustomization.yaml'))) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  const annotation = doc.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
  if (annotation !== undefined) check(`${path.relative(out, file)}: sync-wave is a string`, typeof annotation === 'string');
  const phase = doc.metadata.labels?.['infrac.dev/phase'];
  // A datastore's database roles (phase bootstrap) run first, before migrations.
  const expected = phase === 'bootstrap' ? 0 : phase === 'before-rollout' ? 1
    : ['Deployment', 'CronJob', 'Job', 'HorizontalPodAutoscaler', 'HTTPRoute'].includes(doc.kind) ? 2 : 0;
  if (phase === 'before-rollout') migrations++;
  check(`${path.relative(out, file)}: wave ${expected}`, wave(doc) === expected, String(wave(doc)));
}
check('acme has a migration (wave 1)', migrations > 0);
fs.rmSync(scratch, { recursive: true, force: true });

// ------------------------------------------------------------------ workflows
const messages = (state) => JSON.stringify(state.errors.map((e) => `${e.path ?? ''} ${e.title}: ${e.detail ?? ''}`)).slice(0, 600);
const workflows = walk(path.join(sourceDir, 'examples/workflows')).filter((f) => f.endsWith('.yml'));
check('the example workflows exist', workflows.length >= 2);
const sources = [];
for (const file of workflows) {
  const text = fs.readFileSync(file, 'utf8');
  const state = validateWorkflow(text);
  check(`${path.relative(sourceDir, file)} is a valid workflow`, state.errors.length === 0, messages(state));
  sources.push([file, text]);
}
const action = fs.readFileSync(path.join(sourceDir, 'action.yml'), 'utf8');
const actionState = validateAction(action);
check('action.yml is a valid action', actionState.errors.length === 0, messages(actionState));
for (const [file, text] of sources) {
  for (const m of text.matchAll(/uses:\s*([^\s#]+)/g)) {
    const ref = m[1];
    if (ref.startsWith('./')) continue;
    check(`${path.basename(file)}: ${ref} is pinned by commit`, /@[0-9a-f]{40}$/.test(ref) || ref.startsWith('platform/infrac@'), ref);
  }
}
finish('delivery');

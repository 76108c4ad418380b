// The Grafana dashboards infrac writes, judged by Grafana's own dashboard model and by
// Prometheus's PromQL parser:
//   - every dashboards/<env>/<service>.json type-checks as `Dashboard` of @grafana/schema (the TypeScript types
//     Grafana generates from its CUE schema; pinned in package.json) under `tsc --strict`:
//     a field Grafana does not define, or a value of the wrong type, fails;
//   - every panel query parses as PromQL (`promtool check rules` on one recording rule per
//     query, Grafana's $__rate_interval read as 5m) and names no variable but $__rate_interval;
//   - the ConfigMap for Grafana's sidecar carries the same bytes as the provisioning file;
//   - UIDs are unique, at most 40 characters and derived from project, environment and
//     service; panel ids are unique and panels do not overlap; every service's rows come in
//     the template's order.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, finish, toolFound, walk } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const YAML = require('yaml');

function rowOrderOk(titles) {
  // Service level?, one row per long-running component, Runs?, Datastores?
  const rank = (t) => (t.startsWith('Service level') ? 0 : t === 'Runs' ? 2 : t === 'Datastores' ? 3 : 1);
  return titles.every((t, i) => i === 0 || rank(titles[i - 1]) <= rank(t));
}

function overlaps(panels) {
  const boxes = panels.map((p) => p.gridPos);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return true;
    }
  }
  return false;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'infrac-dashboards-test-'));
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), INFRAC_NOW: '2026-11-22' };
try {
  const generated = path.join(work, 'generated');
  execFileSync('python3', [path.join(sourceDir, 'bench/gen_repo.py'), '40', generated], { stdio: 'ignore' });
  const typed = [];
  const queries = [];
  let dashboards = 0;
  for (const [name, root] of [['acme', path.join(sourceDir, 'examples/acme')], ['shop-gcp', path.join(sourceDir, 'examples/shop-gcp')], ['generated', generated]]) {
    const out = path.join(work, `${name}-out`);
    execFileSync(binary, ['build', '-q', '--root', root, '--out', out], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const project = YAML.parse(fs.readFileSync(path.join(root, 'infrac.yaml'), 'utf8')).metadata.name;
    const uids = new Set();
    for (const f of walk(path.join(out, 'dashboards')).filter((f) => f.endsWith('.json'))) {
      dashboards++;
      const [envName, file] = path.relative(path.join(out, 'dashboards'), f).split(path.sep);
      const service = path.basename(file, '.json');
      const where = `${name}:${envName}/${service}`;
      const text = fs.readFileSync(f, 'utf8');
      const d = JSON.parse(text);
      const derived = `${project}-${envName}-${service}`;
      check(`${where}: uid derived and at most 40 characters`, d.uid.length <= 40 && (d.uid === derived || (derived.length > 40 && d.uid.startsWith(derived.slice(0, 31)))), d.uid);
      check(`${where}: uid unique`, !uids.has(d.uid));
      uids.add(d.uid);
      const cm = path.join(out, 'kubernetes', envName, service, `configmap-${service}-dashboard.yaml`);
      const configMap = fs.existsSync(cm) ? YAML.parse(fs.readFileSync(cm, 'utf8')) : null;
      check(`${where}: ConfigMap for Grafana's sidecar with the same JSON`, !!configMap && configMap.metadata.labels.grafana_dashboard === '1' && configMap.data[`${d.uid}.json`] === text);
      const ids = d.panels.map((p) => p.id);
      check(`${where}: panel ids unique`, new Set(ids).size === ids.length);
      check(`${where}: panels do not overlap`, !overlaps(d.panels));
      check(`${where}: rows in the template's order`, rowOrderOk(d.panels.filter((p) => p.type === 'row').map((p) => p.title)));
      check(`${where}: a datasource variable`, d.templating.list.some((v) => v.name === 'datasource' && v.type === 'datasource'));
      for (const p of d.panels.filter((p) => p.type !== 'row')) {
        for (const t of p.targets) {
          const rest = t.expr.replaceAll('$__rate_interval', '5m');
          check(`${where}: ${p.title}: no variable but $__rate_interval`, !rest.includes('$'), t.expr);
          queries.push({ where: `${where}: ${p.title}`, expr: rest });
        }
      }
      typed.push(`export const d${typed.length}: Dashboard = ${text};`);
    }
  }
  check('dashboards from acme, shop-gcp and the generated repository', dashboards >= 60, `${dashboards}`);

  // Grafana's dashboard model: excess-property and type checks of TypeScript object literals.
  const schema = path.join(modulesDir, '@grafana/schema/dist/types/index.d.ts');
  fs.writeFileSync(path.join(work, 'dashboards.ts'), `import type { Dashboard } from '@grafana/schema';\n${typed.join('\n')}\n`);
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', baseUrl: '.', paths: { '@grafana/schema': [schema] } },
    files: ['dashboards.ts'] }));
  const tsc = spawnSync(process.execPath, [path.join(modulesDir, 'typescript/bin/tsc'), '-p', work], { encoding: 'utf8' });
  check(`${typed.length} dashboards are Grafana Dashboards (@grafana/schema, tsc --strict)`, tsc.status === 0, `${tsc.stdout}${tsc.stderr}`.slice(0, 3000));

  // PromQL, parsed by Prometheus.
  if (toolFound('promtool', ['--version'], 'dashboard queries parse as PromQL (Debian package prometheus)')) {
    const file = path.join(work, 'panels.rules.yaml');
    fs.writeFileSync(file, YAML.stringify({ groups: [{ name: 'panels', rules: queries.map((q, i) => ({ record: `panel_query_${i}`, expr: q.expr })) }] }));
    const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    check(`every panel query parses as PromQL (${queries.length} queries, promtool)`, r.status === 0, `${r.stdout}${r.stderr}`.slice(0, 3000));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
finish('dashboards');

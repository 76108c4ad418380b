// Every Prometheus rule infrac writes, judged by Prometheus's own promtool (Debian package
// `prometheus`, installed by scripts/setup.sh):
//   - `promtool check rules` on the groups of every PrometheusRule of the example builds and a
//     generated 40-service repository (syntax, PromQL, duplicate names);
//   - `promtool test rules` on the burn-rate alerts with synthetic series (the method of
//     spec/burn_rate.h): a fast burn pages within its hour, a slow burn opens a ticket and
//     does not page, a healthy service never alerts; for an http SLO (availability and latency,
//     28 days), a gRPC one (status codes, millisecond buckets) and a 30-day window; and the
//     standard alerts: a crash loop after 15 minutes, a cron job without success after its gap,
//     and missing metrics (a target down, none at all, no request series; scraped and pushed).
// Expected labels and annotations are read from the rules themselves; the times are not.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, finish, toolFound, walk } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const YAML = require('yaml');


function promtool(args, cwd) {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

// ------------------------------------------------------------ synthetic series
const series = (name, labels, values) =>
  ({ series: `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`, values });

// Requests per minute: `good` then `bad` (5xx / server-error codes, or slower than the bucket).
function requests(slo, good, bad, minutes) {
  const { ns, component, grpc, le } = slo;
  const base = { namespace: ns, component };
  const count = grpc ? 'rpc_server_duration_milliseconds_count' : 'http_server_request_duration_seconds_count';
  const code = grpc ? 'rpc_grpc_status_code' : 'http_response_status_code';
  if (slo.name === 'availability') {
    return [series(count, { ...base, [code]: grpc ? '0' : '200' }, `0+${good}x${minutes}`),
            series(count, { ...base, [code]: grpc ? '14' : '503' }, `0+${bad}x${minutes}`)];
  }
  const bucket = grpc ? 'rpc_server_duration_milliseconds_bucket' : 'http_server_request_duration_seconds_bucket';
  return [series(count, { ...base, [code]: '0' }, `0+${good + bad}x${minutes}`),
          series(bucket, { ...base, [code]: '0', le }, `0+${good}x${minutes}`)];
}

function expected(rule, labels) {
  return { exp_labels: { ...rule.labels, ...labels }, exp_annotations: rule.annotations };
}

// One objective: fast, slow and healthy series against its two alerts.
function burnTests(slo, rules) {
  const alert = (name) => rules.find((r) => r.alert === name);
  const fast = alert('ErrorBudgetBurnFast');
  const slow = alert('ErrorBudgetBurnSlow');
  const ids = { slo_id: slo.id, slo_service: slo.ns, slo_name: slo.name };
  const budget = 1 - slo.objective;
  // Error shares as multiples of the budget: 50x burns in minutes; between the ticket's and
  // the page's factors (3 and 6 for 30 days, 2.8 and 5.6 for 28) only tickets; 0.5x is fine.
  const shares = { fast: 50 * budget, slow: 4 * budget, healthy: 0.5 * budget };
  const perMinute = 100000;
  const mix = (share) => [Math.round(perMinute * (1 - share)), Math.round(perMinute * share)];
  return [
    { name: `${slo.id}: fast burn pages within the hour`, interval: '1m',
      input_series: requests(slo, ...mix(shares.fast), 240),
      alert_rule_test: [{ eval_time: '10m', alertname: 'ErrorBudgetBurnFast', exp_alerts: [expected(fast, ids)] }] },
    { name: `${slo.id}: slow burn opens a ticket and does not page`, interval: '1m',
      input_series: requests(slo, ...mix(shares.slow), 240),
      alert_rule_test: [
        { eval_time: '3h', alertname: 'ErrorBudgetBurnSlow', exp_alerts: [expected(slow, ids)] },
        { eval_time: '3h', alertname: 'ErrorBudgetBurnFast', exp_alerts: [] }] },
    { name: `${slo.id}: a healthy service never alerts`, interval: '1m',
      input_series: requests(slo, ...mix(shares.healthy), 400),
      alert_rule_test: ['10m', '1h', '3h', '6h'].flatMap((t) => [
        { eval_time: t, alertname: 'ErrorBudgetBurnFast', exp_alerts: [] },
        { eval_time: t, alertname: 'ErrorBudgetBurnSlow', exp_alerts: [] }]) },
  ];
}

// The equality matchers of a selector, `{a="x",b="y"}` -> {a: 'x', b: 'y'}: the labels
// absent() gives its one series.
function matchers(expr) {
  const inner = /\{([^}]*)\}/.exec(expr)[1];
  return Object.fromEntries([...inner.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

// Missing metrics: a target down for 10 minutes, none at all, no request series; and quiet
// while they arrive.
function metricsTests(service, rules) {
  const tests = [];
  const other = series('kube_pod_info', { namespace: service }, '1x60');
  for (const r of rules.filter((x) => x.alert === 'MetricsTargetDown')) {
    const labels = matchers(r.expr);
    tests.push({ name: `${service}/${r.labels.component}: a target down alerts after 10 minutes`, interval: '1m',
      input_series: [series('up', labels, '0x60')],
      alert_rule_test: [
        { eval_time: '5m', alertname: r.alert, exp_alerts: [] },
        { eval_time: '15m', alertname: r.alert, exp_alerts: [expected(r, labels)] }] });
  }
  for (const r of rules.filter((x) => x.alert === 'MetricsTargetMissing' || x.alert === 'RequestMetricsAbsent')) {
    const labels = matchers(r.expr);
    const metric = /absent\((\w+)\{/.exec(r.expr)[1];
    tests.push({ name: `${service}/${r.labels.component}: ${r.alert} after 15 minutes without series`, interval: '1m',
      input_series: [other],
      alert_rule_test: [
        { eval_time: '10m', alertname: r.alert, exp_alerts: [] },
        { eval_time: '20m', alertname: r.alert, exp_alerts: [expected(r, labels)] }] });
    tests.push({ name: `${service}/${r.labels.component}: no ${r.alert} while ${metric} arrives`, interval: '1m',
      input_series: [series(metric, labels, '1x60')],
      alert_rule_test: [{ eval_time: '30m', alertname: r.alert, exp_alerts: [] }] });
  }
  return tests;
}

function standardTests(service, rules) {
  const tests = metricsTests(service, rules);
  const crash = rules.find((r) => r.alert === 'ContainerCrashLooping');
  if (crash) {
    tests.push({ name: `${service}: a crash loop alerts after 15 minutes`, interval: '1m',
      input_series: [series('kube_pod_container_status_waiting_reason', { namespace: service, container: crash.labels.component, pod: `${service}-x`, reason: 'CrashLoopBackOff' }, '1x60')],
      alert_rule_test: [
        { eval_time: '10m', alertname: 'ContainerCrashLooping', exp_alerts: [] },
        { eval_time: '25m', alertname: 'ContainerCrashLooping', exp_alerts: [expected(crash, { namespace: service, container: crash.labels.component, pod: `${service}-x`, reason: 'CrashLoopBackOff' })] }] });
  }
  const late = rules.find((r) => r.alert === 'CronJobNotSucceeded');
  if (late) {
    const limit = Number(/> (\d+)$/.exec(late.expr)[1]);
    const labels = { namespace: service, cronjob: `${service}-${late.labels.component}` };
    const hours = Math.ceil(limit / 3600) + 2;
    tests.push({ name: `${service}: a cron job without success alerts after its gap`, interval: '1h',
      input_series: [series('kube_cronjob_status_last_successful_time', labels, `0x${hours}`)],
      alert_rule_test: [
        { eval_time: `${Math.floor(limit / 3600) - 1}h`, alertname: 'CronJobNotSucceeded', exp_alerts: [] },
        { eval_time: `${hours}h`, alertname: 'CronJobNotSucceeded', exp_alerts: [expected(late, labels)] }] });
  }
  return tests;
}

// The objectives of a PrometheusRule, read back from its groups and annotations.
function objectives(rule) {
  const out = [];
  for (const g of rule.spec.groups.filter((g) => g.name.endsWith('-meta'))) {
    const objective = g.rules.find((r) => r.record === 'slo:objective:ratio');
    const ratio = g.rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m');
    const sli = rule.spec.groups.find((x) => x.name === g.name.replace(/-meta$/, '-sli')).rules[0].expr;
    const alerts = rule.spec.groups.find((x) => x.name === g.name.replace(/-meta$/, '-alerts')).rules;
    const le = /le=~?"([^"|]+)/.exec(sli);
    out.push({ id: objective.labels.slo_id, name: objective.labels.slo_name, ns: rule.metadata.namespace,
      objective: Number(/vector\(([0-9.]+)\)/.exec(objective.expr)[1]), grpc: sli.includes('rpc_server'),
      component: alerts[0].labels.component, le: le ? le[1] : undefined, alerts, ratio });
  }
  return out;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'infrac-rules-test-'));
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), INFRAC_NOW: '2026-11-22' };
try {
  if (toolFound('promtool', ['--version'], 'promtool check/test rules (Debian package prometheus)')) {
    const generated = path.join(work, 'generated');
    execFileSync('python3', [path.join(sourceDir, 'bench/gen_repo.py'), '40', generated], { stdio: 'ignore' });
    const rulesDir = path.join(work, 'rules');
    fs.mkdirSync(rulesDir);
    const written = [];
    const byTarget = new Map();
    for (const [name, root] of [['acme', path.join(sourceDir, 'examples/acme')], ['shop-gcp', path.join(sourceDir, 'examples/shop-gcp')], ['generated', generated]]) {
      const out = path.join(work, `${name}-out`);
      execFileSync(binary, ['build', '-q', '--root', root, '--out', out], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      for (const f of walk(path.join(out, 'kubernetes')).filter((f) => path.basename(f).startsWith('prometheusrule-'))) {
        const rule = YAML.parse(fs.readFileSync(f, 'utf8'));
        const target = path.relative(path.join(out, 'kubernetes'), path.dirname(f));
        const file = path.join(rulesDir, `${name}-${target.replace('/', '-')}.yaml`);
        fs.writeFileSync(file, YAML.stringify({ groups: rule.spec.groups }));
        written.push(file);
        byTarget.set(`${name}:${target}`, { rule, file });
      }
    }
    check('rule files from acme, shop-gcp and the generated repository', written.length >= 40, `${written.length}`);
    const checked = promtool(['check', 'rules', ...written]);
    check(`promtool check rules (${written.length} files)`, checked.ok, checked.out.split('\n').filter((l) => /FAILED|error/i.test(l)).slice(0, 5).join('\n'));

    // Burn-rate and standard alerts, unit-tested per chosen target.
    const chosen = [['acme:prod/rides', 'http, 28 days, availability and latency; a cron job'],
                    ['acme:prod/pricing', 'grpc, status codes and millisecond buckets; a cron job every minute'],
                    ['acme:prod/admin', 'a 30-day window'],
                    ['acme:prod/notifications', 'metrics pushed via otlp; a scraped worker']];
    let slos = 0;
    for (const [key, why] of chosen) {
      const entry = byTarget.get(key);
      check(`${key} has a PrometheusRule (${why})`, !!entry);
      if (!entry) continue;
      const tests = [];
      for (const slo of objectives(entry.rule)) {
        slos++;
        tests.push(...burnTests(slo, slo.alerts));
      }
      const all = entry.rule.spec.groups.flatMap((g) => g.rules);
      tests.push(...standardTests(entry.rule.metadata.namespace, all));
      const testFile = path.join(rulesDir, `${key.replace(/[:/]/g, '-')}.test.yaml`);
      fs.writeFileSync(testFile, YAML.stringify({ rule_files: [path.basename(entry.file)], evaluation_interval: '1m', tests }));
      const r = promtool(['test', 'rules', testFile], rulesDir);
      check(`promtool test rules: ${key} (${tests.length} tests)`, r.ok, r.out.slice(0, 3000));
    }
    check('burn-rate tests ran for 5 objectives', slos === 5, `${slos}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
finish('rules');

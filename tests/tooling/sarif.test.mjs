// `infrac check --format sarif` judged by the OASIS SARIF 2.1.0 schema (vendored) and by what
// GitHub code scanning requires: rule ids and descriptions, messages, repository-relative
// URIs with regions, stable fingerprints.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { check, finish } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const Ajv04 = require('ajv-draft-04').default ?? require('ajv-draft-04');

const here = path.dirname(new URL(import.meta.url).pathname);
const schema = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(here, 'schemas/sarif-2.1.0-rtm.5.json.gz'))).toString('utf8'));
delete schema.$schema;
// unicodeRegExp off: the published schema has a pattern (language) that is invalid in unicode mode.
const validate = new Ajv04({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(schema);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'infrac-sarif-test-'));
function sarifOf(root) {
  let out = '';
  try {
    out = execFileSync(binary, ['check', '--format', 'sarif', '--root', root], { env: { ...process.env, INFRAC_NOW: '2026-11-22' }, encoding: 'utf8' });
  } catch (e) { out = e.stdout; }  // exit 1 with findings is expected
  return JSON.parse(out);
}
try {
  // A repository breaking several standards: the policy corpus case laid over its base.
  const repo = path.join(work, 'repo');
  fs.cpSync(path.join(sourceDir, 'tests/corpus/base'), repo, { recursive: true });
  const txtar = fs.readFileSync(path.join(sourceDir, 'tests/corpus/policy/several-standards.txtar'), 'utf8');
  for (const m of txtar.matchAll(/^-- (.+) --\n([\s\S]*?)(?=^-- |(?![\s\S]))/gm)) {
    fs.mkdirSync(path.dirname(path.join(repo, m[1])), { recursive: true });
    fs.writeFileSync(path.join(repo, m[1]), m[2]);
  }
  for (const [name, root] of [['violations', repo], ['acme', path.join(sourceDir, 'examples/acme')]]) {
    const log = sarifOf(root);
    check(`${name}: SARIF 2.1.0 schema`, validate(log), JSON.stringify(validate.errors && validate.errors.slice(0, 3)));
    check(`${name}: version 2.1.0`, log.version === '2.1.0');
    const run = log.runs[0];
    const rules = new Map(run.tool.driver.rules.map((r) => [r.id, r]));
    for (const r of run.tool.driver.rules) {
      check(`${name}: rule ${r.id} has short and full descriptions and help`, !!(r.shortDescription.text && r.fullDescription.text && r.help.text));
      check(`${name}: rule ${r.id} name within 255`, r.name.length <= 255);
    }
    for (const res of run.results) {
      check(`${name}: result ${res.ruleId} names a declared rule`, rules.has(res.ruleId) && run.tool.driver.rules[res.ruleIndex].id === res.ruleId);
      check(`${name}: result has a message`, !!res.message.text);
      const loc = res.locations && res.locations[0] && res.locations[0].physicalLocation;
      check(`${name}: ${res.ruleId} has a repository-relative location`, !!loc && !loc.artifactLocation.uri.startsWith('/') && loc.region.startLine >= 1);
      check(`${name}: ${res.ruleId} has a fingerprint`, !!(res.partialFingerprints && res.partialFingerprints.primaryLocationLineHash));
    }
    if (name === 'violations') {
      check('violations: results for the broken standards', run.results.length >= 7, `${run.results.length}`);
      // Fingerprints do not move when lines do.
      const before = new Set(run.results.map((r) => r.partialFingerprints.primaryLocationLineHash));
      const spec = path.join(repo, 'services/users/service.yaml');
      fs.writeFileSync(spec, '# a comment that shifts every line\n' + fs.readFileSync(spec, 'utf8'));
      const after = new Set(sarifOf(repo).runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash));
      check('violations: fingerprints stable across line shifts', [...before].every((f) => after.has(f)));
    }
    if (name === 'acme') check('acme: waived findings carry a suppression', run.results.some((r) => r.suppressions && r.suppressions[0].justification));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
finish('sarif');

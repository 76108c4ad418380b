// `infrac schema` judged by ajv: the output is a valid JSON Schema (2020-12 and draft-07),
// the example repositories validate against it, and invalid specs do not.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, finish } from './harness.mjs';

const [modules, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'x.js'));
const Ajv2020 = require('ajv/dist/2020.js').default;
const Ajv7 = require('ajv').default;
const YAML = require('yaml');


const schema2020 = JSON.parse(execFileSync(binary, ['schema']));
const schema7 = JSON.parse(execFileSync(binary, ['schema', '--draft', '7']));
const serviceOnly = JSON.parse(execFileSync(binary, ['schema', 'service']));

const ajv2020 = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const ajv7 = new Ajv7({ strict: true, allowUnionTypes: true, allErrors: true });
check('2020-12 schema is valid against its meta-schema', ajv2020.validateSchema(schema2020), JSON.stringify(ajv2020.errors));
check('draft-07 schema is valid against its meta-schema', ajv7.validateSchema(schema7), JSON.stringify(ajv7.errors));
const validate2020 = ajv2020.compile(schema2020);
const validate7 = ajv7.compile(schema7);
const validateService = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(serviceOnly);

function specFiles(root) {
  const files = [path.join(root, 'infrac.yaml')];
  const services = path.join(root, 'services');
  for (const name of fs.readdirSync(services).sort()) {
    const f = path.join(services, name, 'service.yaml');
    if (fs.existsSync(f)) files.push(f);
  }
  return files;
}
const load = (file) => YAML.parse(fs.readFileSync(file, 'utf8'), { version: '1.2', uniqueKeys: true });

for (const root of ['examples/acme', 'tests/corpus/base']) {
  for (const file of specFiles(path.join(sourceDir, root))) {
    const doc = load(file);
    const rel = path.relative(sourceDir, file);
    check(`${rel} validates (2020-12)`, validate2020(doc), JSON.stringify(validate2020.errors));
    check(`${rel} validates (draft-07)`, validate7(doc), JSON.stringify(validate7.errors));
    if (file.endsWith('service.yaml')) check(`${rel} validates (service schema)`, validateService(doc));
  }
}

// Specs infrac rejects for shape reasons are rejected by the schema too.
const corpus = path.join(sourceDir, 'tests/corpus/invalid');
const shapeCodes = new Set(['E0101', 'E0103', 'E0104', 'E0105', 'E0106', 'E0108', 'E0109', 'E0110', 'E0122']);
// Rules that need more than one field (cron needs a schedule, an s3 backend a bucket, an
// override may remove a field, a worker's health is port and path or a command, an egress
// destination a host or a cidr) are infrac's, not the schema's.
const semantic = new Set(['027-cron-no-schedule.txtar', '042-override-removes-image.txtar', '065-project-backend-bucket.txtar',
  '120-worker-health-port-without-path.txtar', '122-egress-host-and-cidr.txtar']);
let judged = 0;
for (const name of fs.readdirSync(corpus).sort()) {
  const text = fs.readFileSync(path.join(corpus, name), 'latin1');
  const codes = [...text.matchAll(/^# expect: (\S+) (\S+?):/gm)].map((m) => [m[1], m[2]]);
  if (codes.length !== 1 || !shapeCodes.has(codes[0][0]) || semantic.has(name)) continue;
  const m = text.match(new RegExp(`^-- ${codes[0][1].replace(/[.]/g, '\\.')} --\\n([\\s\\S]*?)(?=^-- |$(?![\\s\\S]))`, 'm'));
  if (!m) continue;
  let doc;
  try { doc = load2(m[1]); } catch { continue; }
  judged++;
  check(`${name} is rejected by the schema`, !validate2020(doc));
}
function load2(text) { return YAML.parse(text, { version: '1.2', uniqueKeys: true }); }
check('the schema judged at least 15 invalid corpus cases', judged >= 15, `judged ${judged}`);

finish('schema');

// infrac's HCL reader against HashiCorp's own parser (@cdktf/hcl2json, the Go HCL library as
// WebAssembly) on the Terraform corpus (tests/corpus/terraform/repo, 300+ files in the style
// of public VPC/RDS/S3/IAM/EKS modules and a live/ monorepo) and the check fixture: every file
// parses in both, and the top-level blocks per file and type are the same count.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { check, finish } from './harness.mjs';

const [modulesDir, binary, sourceDir] = process.argv.slice(2);
const require = createRequire(path.join(modulesDir, 'x.js'));
const { parse: parseHcl } = require('@cdktf/hcl2json');

// hcl2json: {resource: {TYPE: {NAME: [body]}}, data: {...}, module: {NAME: [body]},
// variable/output/provider: {NAME: [body, ...]}, locals: [body...], terraform: [body...]}.
function counts(j) {
  const out = {};
  for (const [type, value] of Object.entries(j)) {
    let n = 0;
    if (Array.isArray(value)) n = value.length;
    else if (type === 'resource' || type === 'data') {
      for (const byName of Object.values(value)) for (const bodies of Object.values(byName)) n += bodies.length;
    } else for (const bodies of Object.values(value)) n += Array.isArray(bodies) ? bodies.length : 1;
    out[type] = n;
  }
  return out;
}

let files = 0;
for (const root of ['tests/corpus/terraform/repo', 'tests/corpus/terraform-check/live', 'modules']) {
  const dir = path.join(sourceDir, root);
  const inventory = JSON.parse(execFileSync(binary, ['inventory', '--format', 'json', dir], { encoding: 'utf8', cwd: sourceDir }));
  check(`${root}: infrac reports no diagnostics`, inventory.diagnostics.length === 0, JSON.stringify(inventory.diagnostics[0]));
  for (const f of inventory.files) {
    const file = path.join(sourceDir, f.path);
    let theirs;
    try {
      theirs = counts(await parseHcl(file, fs.readFileSync(file, 'utf8')));
    } catch (e) {
      check(`${f.path}: HashiCorp's parser reads it`, false, String(e).split('\n')[0]);
      continue;
    }
    const ours = {};
    for (const b of f.blocks) ours[b.type] = (ours[b.type] || 0) + 1;
    const key = (o) => JSON.stringify(Object.entries(o).sort());
    check(`${f.path}: blocks per type`, f.parsed && key(ours) === key(theirs), `${key(ours)} vs ${key(theirs)}`);
    files++;
  }
}
check('the corpus has at least 300 files', files >= 300, String(files));
finish(`corpus (${files} files)`);

// Shared by the external tests: a pass/fail counter that prints failures as they happen and
// a summary line at the end ("<name>: N passed, M failed"), exiting 1 on any failure; the files
// under a folder in name order; and whether an external tool is installed, a skip named,
// logged for scripts/test.sh (CI fails on one it does not allow) and counted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

let passed = 0;
let failed = 0;

export function check(name, ok, detail = '') {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
  }
}

export function finish(name) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function toolFound(tool, probe, what) {
  if (spawnSync(tool, probe, { stdio: 'ignore' }).status === 0) return true;
  console.log(`SKIPPED external check: ${what} (${tool} not found)`);
  if (process.env.INFRAC_SKIPPED_LOG) fs.appendFileSync(process.env.INFRAC_SKIPPED_LOG, `${tool}\t${what}\n`);
  return false;
}

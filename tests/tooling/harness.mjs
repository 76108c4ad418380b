// Shared by the external tests: a pass/fail counter that prints failures as they happen and
// a summary line at the end ("<name>: N passed, M failed"), exiting 1 on any failure.
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

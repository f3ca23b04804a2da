// Prints the one closing line CI reads, `N passed, N failed`, from the Vitest JSON reports of this run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.vitest-reports';
let passed = 0;
let failed = 0;
for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A file that fails to load counts as a failure even when it ran no test.
  failed +=
    (report.numFailedTests ?? 0) +
    (report.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).length).length;
}
console.log(`${passed} passed, ${failed} failed`);

#!/usr/bin/env node
// Reads a test run's log on stdin and prints one closing line with the totals
// that vitest ("Tests  N passed | M failed") and node --test ("# pass N",
// "# fail N") reported. Exits 1 when the log shows a failure or no test ran.
import { readFileSync } from 'node:fs';

/** ANSI colour codes, which vitest prints around its totals. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const log = readFileSync(0, 'utf8').replace(ANSI_COLOUR, '');
let passed = 0;
let failed = 0;
for (const line of log.split('\n')) {
  const vitest = /\bTests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(line) ?? /\bTests\s+(\d+) failed\b()/.exec(line);
  if (vitest) {
    failed += Number(vitest[1] ?? 0);
    passed += Number(vitest[2] || 0);
    continue;
  }
  const nodePass = /#\s+pass\s+(\d+)\s*$/.exec(line);
  if (nodePass) passed += Number(nodePass[1]);
  const nodeFail = /#\s+fail\s+(\d+)\s*$/.exec(line);
  if (nodeFail) failed += Number(nodeFail[1]);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

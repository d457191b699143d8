'use strict';
// One agent's suite as its own process, so `run` can start it in a network namespace that has
// only a loopback interface. Usage: node suite-main.js AGENT BIN_PATH OUT_DIR TIMEOUT_S
// Writes OUT_DIR/outcomes.json; the lines for people go to stdout.
const fs = require('fs');
const path = require('path');
const { byId } = require('./agents');
const { runSuite } = require('./suite');

async function main() {
  const [id, binPath, out, timeoutS] = process.argv.slice(2);
  const agent = byId(id);
  const repo = path.resolve(__dirname, '..', '..', '..');
  const outcomes = await runSuite(agent, { binPath }, { repo, out, log: (s) => process.stdout.write(s + '\n'), timeoutS: Number(timeoutS) });
  fs.writeFileSync(path.join(out, 'outcomes.json'), JSON.stringify(outcomes, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write('airlock-e2e: internal error: ' + (e && e.stack || e) + '\n');
  process.exit(1);
});

'use strict';
// The scripted approver's server process: `node approver-serve.js SOCKET STATE LOG`. airlock-sh asks
// only a listener that has a controlling terminal and is outside any guarded tree (docs/
// approval-protocol.md, "Who may answer"), as a person's console is; approver.js therefore starts
// this under `script`, which gives it a pseudo-terminal. For each request it reads the answer the
// suite scripted last (STATE, replaced atomically), answers, and appends what it saw to LOG.
const net = require('net');
const fs = require('fs');

const [socketPath, stateFile, logFile] = process.argv.slice(2);
const MAX_LINE = 1 << 20;

function scripted() {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch (e) {
    return { label: null, answer: { decision: 'deny', note: 'airlock-e2e: no answer scripted for this request' } };
  }
}

function record(entry) {
  fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
}

const server = net.createServer((conn) => {
  let buf = '';
  conn.setEncoding('utf8');
  conn.on('data', (chunk) => {
    buf += chunk;
    const nl = buf.indexOf('\n');
    if (nl < 0) {
      if (buf.length > MAX_LINE) conn.destroy();
      return;
    }
    conn.removeAllListeners('data');
    const { label, answer } = scripted();
    let request;
    try {
      request = JSON.parse(buf.slice(0, nl));
    } catch (e) {
      record({ label, malformed: buf.slice(0, nl) });
      conn.destroy();
      return;
    }
    record({ label, request, answer });
    const reply = { type: 'decision', id: request.id, decision: answer.decision, scope: 'once' };
    if (answer.note) reply.note = answer.note;
    conn.end(JSON.stringify(reply) + '\n');
  });
  conn.on('error', () => {});
});
server.listen(socketPath, () => fs.chmodSync(socketPath, 0o600));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

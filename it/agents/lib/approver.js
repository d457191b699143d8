'use strict';
// A scripted approver: a peer of the approval protocol (docs/approval-protocol.md) in place of
// `airlock console`. It listens on the socket, reads one request per connection, answers with
// the decision scripted for the case under way, and records every request it saw.
const net = require('net');
const fs = require('fs');
const path = require('path');

const MAX_LINE = 1 << 20;

class ScriptedApprover {
  constructor(socketPath, logFile) {
    this.socketPath = socketPath;
    this.logFile = logFile;
    this.answer = { decision: 'deny', note: 'airlock-e2e: no answer scripted for this request' };
    this.label = null;
    this.requests = [];
    this.server = net.createServer((conn) => this.serve(conn));
  }

  /**
   * What to answer from now on: {decision: 'approve'|'deny', note?}; `label` tags the requests
   * that arrive meanwhile, so a test can tell which case they came from.
   */
  script(label, answer) {
    this.label = label;
    this.answer = answer;
  }

  listen() {
    fs.mkdirSync(path.dirname(this.socketPath), { recursive: true, mode: 0o700 });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => {
        fs.chmodSync(this.socketPath, 0o600);
        resolve();
      });
    });
  }

  close() {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  serve(conn) {
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
      this.answerLine(conn, buf.slice(0, nl));
    });
    conn.on('error', () => {});
  }

  answerLine(conn, line) {
    let request;
    try {
      request = JSON.parse(line);
    } catch (e) {
      this.record({ label: this.label, malformed: line });
      conn.destroy();
      return;
    }
    const answer = this.answer;
    this.record({ label: this.label, request, answer });
    const reply = { type: 'decision', id: request.id, decision: answer.decision, scope: 'once' };
    if (answer.note) reply.note = answer.note;
    conn.end(JSON.stringify(reply) + '\n');
  }

  record(entry) {
    this.requests.push(entry);
    fs.appendFileSync(this.logFile, JSON.stringify(entry) + '\n');
  }

  /** The requests that arrived while `label` was scripted. */
  requestsFor(label) {
    return this.requests.filter((r) => r.label === label);
  }
}

module.exports = { ScriptedApprover };

'use strict';
// A scripted approver: a peer of the approval protocol (docs/approval-protocol.md) in place of
// `airlock console`. It listens on the socket, reads one request per connection, answers with
// the decision scripted for the case under way, and records every request it saw. The listening
// process (approver-serve.js) runs under `script`, in a pseudo-terminal of its own, because
// airlock-sh refuses to ask a listener without a terminal; this object drives it through files.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

class ScriptedApprover {
  constructor(socketPath, logFile) {
    this.socketPath = socketPath;
    this.logFile = logFile;
    this.stateFile = logFile + '.state.json';
    this.child = null;
    this.script(null, { decision: 'deny', note: 'airlock-e2e: no answer scripted for this request' });
  }

  /**
   * What to answer from now on: {decision: 'approve'|'deny', note?}; `label` tags the requests
   * that arrive meanwhile, so a test can tell which case they came from.
   */
  script(label, answer) {
    const tmp = this.stateFile + '.tmp';
    fs.writeFileSync(tmp, JSON.stringify({ label, answer }));
    fs.renameSync(tmp, this.stateFile);
  }

  async listen() {
    fs.mkdirSync(path.dirname(this.socketPath), { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.logFile, '');
    const serve = [process.execPath, path.join(__dirname, 'approver-serve.js'), this.socketPath, this.stateFile,
      this.logFile].map((w) => "'" + w.replace(/'/g, "'\"'\"'") + "'").join(' ');
    this.child = spawn('script', ['-qefc', serve, '/dev/null'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const deadline = Date.now() + 30000;
    while (!fs.existsSync(this.socketPath)) {
      if (this.child.exitCode !== null) throw new Error('approver: script exited with ' + this.child.exitCode);
      if (Date.now() > deadline) throw new Error('approver: no socket after 30 s: ' + this.socketPath);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close() {
    if (!this.child || this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM'); // script ends the server with it (its stderr, a note saying so, is ignored)
      setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
    });
  }

  /** The requests that arrived while `label` was scripted. */
  requestsFor(label) {
    return fs.readFileSync(this.logFile, 'utf8').split('\n').filter((l) => l !== '')
      .map((l) => JSON.parse(l)).filter((r) => r.label === label);
  }
}

module.exports = { ScriptedApprover };

'use strict';
// A stand-in for an agent's model API on 127.0.0.1. For each conversation it plays one turn of
// a model that runs a shell command: the first request that offers the shell tool gets ONE call
// of that tool with the scripted command; the request that carries the tool's result gets a
// final text that quotes the result between markers, so the test can read what the agent
// received. Requests that offer no shell tool (titles, summaries, quota probes) get a short
// text. Every request is recorded, body included, for the assertions.
const http = require('http');
const fs = require('fs');

const RESULT_OPEN = 'AIRLOCK-E2E-RESULT<<<';
const RESULT_CLOSE = '>>>';

/** What the model answers to a parsed request: a tool call, a final text, or a filler text. */
function plan(dialect, body, command) {
  const result = dialect.toolResult(body);
  if (result !== null) return { kind: 'final', text: RESULT_OPEN + result + RESULT_CLOSE };
  if (dialect.offersShellTool(body)) return { kind: 'tool', command };
  return { kind: 'filler', text: 'ok' };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

class MockModel {
  /**
   * dialect: one of ./dialects (the agent's wire format); logFile: where every request goes,
   * one JSON line each.
   */
  constructor(dialect, logFile) {
    this.dialect = dialect;
    this.logFile = logFile;
    this.command = null;
    this.label = null;
    this.requests = [];
    this.server = http.createServer((req, res) => this.handle(req, res).catch((e) => {
      this.record({ error: String(e && e.stack || e) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'mock model failed: ' + e } }));
    }));
  }

  /**
   * The command the next conversation's tool call asks for; `label` tags the requests meanwhile.
   * `ready`, if given, is polled before the tool call is sent: an agent that prepares its shell
   * in the background (Codex's snapshot) gets the call once that is done, as it would from a
   * real model that takes a while to answer. `readyLimitMs` is only a hang guard.
   */
  script(label, command, ready, readyLimitMs = 120000) {
    this.label = label;
    this.command = command;
    this.ready = ready || null;
    this.readyLimitMs = readyLimitMs;
  }

  async waitReady(entry) {
    if (!this.ready) return;
    const until = Date.now() + this.readyLimitMs;
    while (!this.ready()) {
      if (Date.now() > until) {
        entry.notReady = true;
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      // Port 0: the kernel picks a free port, so runs never collide.
      this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port));
    });
  }

  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections && this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  record(entry) {
    this.requests.push(entry);
    fs.appendFileSync(this.logFile, JSON.stringify(entry) + '\n');
  }

  async handle(req, res) {
    const raw = await readBody(req);
    const body = parseJson(raw);
    const url = new URL(req.url, 'http://127.0.0.1');
    const entry = { label: this.label, at: new Date().toISOString(), method: req.method, path: url.pathname, query: url.search, body: body === null ? raw : body };
    const route = this.dialect.route(req.method, url.pathname, body);
    if (route === 'model' && body) {
      const p = plan(this.dialect, body, this.command);
      entry.answer = p;
      if (p.kind === 'tool') await this.waitReady(entry);
      this.record(entry);
      this.dialect.respond(res, body, p, url);
      return;
    }
    entry.answer = { kind: route || 'not-found' };
    this.record(entry);
    this.dialect.other(res, route, req.method, url.pathname);
  }

  /** The tool results the agent sent back while `label` was scripted, in order. */
  toolResults(label) {
    return this.answered(label, 'final').map((r) => r.answer.text.slice(RESULT_OPEN.length, -RESULT_CLOSE.length));
  }

  /** Whether a tool call had to be sent before the agent was ready (see script). */
  sentBeforeReady(label) {
    return this.answered(label, 'tool').some((r) => r.notReady);
  }

  /** How many tool calls the mock made while `label` was scripted. */
  toolCalls(label) {
    return this.answered(label, 'tool').length;
  }

  answered(label, kind) {
    return this.requests.filter((r) => r.label === label && r.answer && r.answer.kind === kind);
  }
}

module.exports = { MockModel, RESULT_OPEN, RESULT_CLOSE };

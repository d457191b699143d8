'use strict';
// What the four model APIs share: JSON and server-sent-event replies, and reading the text of a
// message's content.

function start(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** One event; `event` is left out for APIs that send data lines only. */
function send(res, data, event) {
  const head = event ? 'event: ' + event + '\n' : '';
  res.write(head + 'data: ' + (typeof data === 'string' ? data : JSON.stringify(data)) + '\n\n');
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** The last element of `list`, or null when it is not a non-empty array. */
function last(list) {
  return Array.isArray(list) && list.length > 0 ? list[list.length - 1] : null;
}

/** A content field's text: the string itself, or the `text` of each part of an array. */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  return content.map((c) => (c && typeof c.text === 'string' ? c.text : '')).join('');
}

module.exports = { start, send, json, last, textOf };

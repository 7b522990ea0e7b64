// Following a push stream as a page does, across reconnects, and checking what it brought.
import assert from 'node:assert/strict';

import { openEventStream } from './harness.mjs';

/**
 * Follows `user`'s stream from `lastEventId`, reconnecting with Last-Event-ID whenever it ends
 * (after 50 ms when it was refused, as a page's retry): `pick()` names the server of each
 * connection, `lifetime()` (optional) how many ms it may last before the follower cuts it.
 * Answers {received (the events, "ready" left out), connections, stop()}; stop() ends the
 * current connection and resolves with the id to resume after.
 */
export function followStream(pick, user, lastEventId, lifetime) {
  const received = [];
  let last = lastEventId;
  let following = true;
  let current;
  let connections = 0;
  const loop = (async () => {
    while (following) {
      const stream = openEventStream(pick(), user, last);
      current = stream;
      if (lifetime) setTimeout(() => stream.close(), lifetime());
      await stream.ended;
      connections += 1;
      for (const event of stream.events) {
        if (event.id !== undefined) last = event.id;
        if (event.event !== 'ready') received.push(event);
      }
      if (following && stream.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    received,
    get connections() {
      return connections;
    },
    async stop() {
      following = false;
      current?.close();
      await loop;
      return last;
    },
  };
}

/** Resumes after `lastEventId` and takes the backlog (everything committed so far) up to "ready". */
export async function backlog(server, user, lastEventId) {
  const stream = openEventStream(server, user, lastEventId);
  const events = [];
  for (let event = await stream.next(10000); event.event !== 'ready'; event = await stream.next(10000)) {
    events.push(event);
  }
  await stream.close();
  return events;
}

/**
 * The id a new stream is ready at (to follow from there). A database without events yet names none:
 * then from 0, the start, so that a follower whose first connection comes after the first creates
 * still resumes and reads them (a stream opened without Last-Event-ID starts after them).
 */
export async function readyId(server, user) {
  const stream = openEventStream(server, user);
  const ready = await stream.next();
  await stream.close();
  return ready.id ?? '0';
}

/** Every event once and in order: ids strictly increasing, each acknowledged creation exactly once. */
export function assertExactlyOnce(events, acknowledged, context) {
  for (let i = 1; i < events.length; i += 1) {
    assert.ok(
      Number(events[i].id) > Number(events[i - 1].id),
      `${context}: event ${events[i].id} after ${events[i - 1].id}`,
    );
  }
  const created = events.filter((event) => event.event === 'created').map((event) => event.data.appnotificationid);
  assert.equal(new Set(created).size, created.length, `${context}: a creation came twice`);
  const seen = new Set(created);
  const missing = [...acknowledged].filter((id) => !seen.has(id));
  assert.deepEqual(missing, [], `${context}: acknowledged creations the stream never had`);
}

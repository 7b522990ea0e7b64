// Raw push streams for the benchmarks: thousands of sockets, each one stream, cheaper than fetch.
import net from 'node:net';

/**
 * `perUser` streams for each of `users`, each on the server `pick(user)` chooses; resolves when every
 * one has said ready. `arrivals` (user id -> resolve functions) times each user's next event: push a
 * function, and the first of that user's streams to receive a created event calls it with the
 * process.hrtime.bigint() of its arrival.
 */
export async function openStreams(users, perUser, pick) {
  const sockets = [];
  const arrivals = new Map();
  const ready = [];
  for (const user of users) {
    const { hostname, port } = new URL(pick(user).origin);
    for (let i = 0; i < perUser; i += 1) {
      const socket = net.connect(Number(port), hostname);
      socket.setNoDelay(true);
      socket.write(
        `GET /api/appnotify/v1/stream HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${user.token}\r\n\r\n`,
      );
      let isReady = false;
      ready.push(
        new Promise((resolve) => {
          socket.on('data', (chunk) => {
            const text = chunk.toString();
            if (!isReady) {
              isReady = text.includes('event: ready');
              if (isReady) resolve();
              return;
            }
            if (text.includes('event: created')) arrivals.get(user.id)?.shift()?.(process.hrtime.bigint());
          });
        }),
      );
      socket.on('error', () => {});
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 5)); // let the servers keep up with the accepts
  }
  await Promise.all(ready);
  return { sockets, arrivals };
}

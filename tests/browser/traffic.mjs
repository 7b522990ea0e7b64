// Counts the bytes a page moves over the network, both ways, headers included, from the Chrome
// DevTools Protocol's Network domain: what a sync costs, measured instead of estimated.
//   const traffic = await watchTraffic(page); ...; traffic.reset(); ...; traffic.total().received
// A response's bytes are what arrived of it so far (a push stream never finishes), or, once it has
// finished, its whole encoded length as the browser counts it.
export async function watchTraffic(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let requests = new Map(); // requestId -> {url, sent, received, finished}
  const entry = (id) => {
    if (!requests.has(id)) requests.set(id, { url: '', sent: 0, received: 0, finished: 0 });
    return requests.get(id);
  };
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    const e = entry(requestId);
    e.url = request.url;
    e.sent += `${request.method} ${new URL(request.url).pathname} HTTP/1.1\r\n`.length;
    e.sent += request.postData?.length ?? 0;
  });
  cdp.on('Network.requestWillBeSentExtraInfo', ({ requestId, headers }) => {
    const e = entry(requestId);
    for (const [name, value] of Object.entries(headers)) e.sent += name.length + 2 + String(value).length + 2;
    e.sent += 2;
  });
  // What arrived of the body (a stream's chunks may report their encoded length only at the end).
  cdp.on('Network.dataReceived', ({ requestId, dataLength, encodedDataLength }) => {
    entry(requestId).received += Math.max(dataLength, encodedDataLength);
  });
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, headersText }) => {
    entry(requestId).headers = headersText?.length ?? 0;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    entry(requestId).finished = encodedDataLength;
  });
  // Response bytes: once finished its whole length as the browser counts it, headers included (the
  // chunks' own counts may include the headers too, and then would count them twice); until then
  // its headers and what arrived of its body.
  const down = (e) => e.finished || e.received + (e.headers ?? 0);
  return {
    /** Forgets what was counted so far. */
    reset() {
      requests = new Map();
    },
    /**
     * Since the last reset: bytes received (responses) and sent (requests), and per request. What a
     * browser sends is mostly its own headers (user agent and client hints) and the bearer token.
     */
    total() {
      const list = [...requests.values()].map((e) => ({ url: e.url, received: down(e), sent: e.sent }));
      const sum = (key) => list.reduce((total, e) => total + e[key], 0);
      return { received: sum('received'), sent: sum('sent'), requests: list };
    },
    detach: () => cdp.detach(),
  };
}

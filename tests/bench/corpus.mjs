// A deterministic corpus of realistic notification bodies (100-500 bytes of markdown with links,
// emphasis, lists and line breaks), the same on every run and machine.
const WORDS = (
  'case account contact order shipment invoice review approval escalated assigned overdue customer ' +
  'priority meeting schedule update required follow team project status report renewal contract ' +
  'service appointment confirm resolved pending ticket request quote opportunity lead region'
).split(' ');
const NAMES = ['Maria Campbell', 'Jim Glynn', 'Paul Cannon', 'Robert Lyon', 'Coho Winery', 'Contoso Ltd'];

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function makeCorpus(count = 1000, seed = 20261127) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const id = () => Array.from({ length: 8 }, () => Math.floor(next() * 16).toString(16)).join('');
  const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const link = () =>
    next() < 0.7
      ? `[${pick(NAMES)}](?pagetype=entityrecord&etn=contact&id=${id()}-6567-eb11-bb2b-000d3ac2be4d)`
      : `[${words(2)}](https://contoso.example/${pick(WORDS)}/${id()})`;
  const sentence = () => {
    const parts = [words(3 + Math.floor(next() * 6))];
    if (next() < 0.6) parts.push(link());
    if (next() < 0.5) parts.push(`**${words(1 + Math.floor(next() * 2))}**`);
    if (next() < 0.4) parts.push(`_${words(2)}_`);
    parts.push(words(2 + Math.floor(next() * 5)));
    return parts.join(' ') + '.';
  };
  const docs = [];
  while (docs.length < count) {
    const target = 100 + Math.floor(next() * 400);
    let body = sentence();
    while (body.length < target) {
      const roll = next();
      if (roll < 0.2) body += `\n\n- ${words(3)}\n- ${link()}\n- **${words(2)}**`;
      else if (roll < 0.3) body += `\n1. ${words(4)}\n2. ${words(3)}`;
      else if (roll < 0.5) body += `\n${sentence()}`;
      else body += ` ${sentence()}`;
    }
    if (body.length <= 500) docs.push(body);
  }
  return docs;
}

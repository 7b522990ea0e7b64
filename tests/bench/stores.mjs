// The two stores the benchmarks set side by side: SQLite (a file per database) and PostgreSQL (a
// private cluster started here, one database per call, as the server ring's). Each can fill a
// database with many notifications in one statement, straight into the table, faster than the API.
import { addUser, sql, startPostgresCluster, tempDb } from '../server/harness.mjs';

const COLUMNS =
  'title, body, icontype, toasttype, priority, ttlinseconds, created_ms, modified_ms, expires_ms, createdby, version';

/**
 * `name` ('SQLite' or 'PostgreSQL'): {name, newDb(), addUser(db, name), fill(db, count, values), stop()}.
 * fill() writes `count` notifications, numbered i = 1..count, spread over 1,000 owners (i % 1000)
 * that are not users of the database; `values` gives each of COLUMNS as an SQL expression valid on
 * both (it may use i), for example {created_ms: `${t0} - i`}.
 */
export function benchStore(name) {
  const cluster = name === 'PostgreSQL' ? startPostgresCluster() : null;
  let databases = 0;
  const ids = cluster
    ? [
        "lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0')",
        "'00000000-0000-4000-8000-' || lpad(to_hex(i % 1000), 12, '0')",
      ]
    : ["printf('%08x-0000-4000-8000-%012x', i, i)", "printf('00000000-0000-4000-8000-%012x', i % 1000)"];
  return {
    name,
    newDb: () => (cluster ? cluster.uri(`bench_${(databases += 1)}`) : tempDb()),
    addUser,
    fill(db, count, values) {
      const select = [...ids, ...COLUMNS.split(', ').map((column) => values[column])].join(', ');
      const into = `INSERT INTO notifications (id, owner, ${COLUMNS}) SELECT ${select}`;
      if (!cluster) {
        sql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}) ${into} FROM n`);
        return;
      }
      sql(db, `${into} FROM generate_series(1, ${count}) AS i`);
      // What autovacuum would have done by the time a table this size serves: statistics for the planner.
      sql(db, 'VACUUM ANALYZE notifications');
    },
    stop: () => cluster?.stop(),
  };
}

/** Figures for both stores, one after the other, each with its own cluster or files. */
export async function onEachStore(measure) {
  const figures = [];
  for (const name of (process.env.APPNOTIFY_BENCH_STORES || 'SQLite,PostgreSQL').split(',')) {
    const store = benchStore(name);
    try {
      figures.push({ store: name, ...(await measure(store)) });
    } finally {
      store.stop();
    }
  }
  return figures;
}

// The embedded postmaster's watchdog: a small process started beside it that stops it when the
// Xiuhua process that started it is gone, however it went (kill -9, a crash, an OOM kill) — a
// postmaster is not a child that dies with its parent, and without this one it would keep the port
// and the data directory until the next start. Polls both every 250 ms; SIGINT is PostgreSQL's
// fast shutdown (it recovers from its WAL on the next start), SIGQUIT if that has not finished in
// 15 s. Exits by itself once the postmaster has stopped (a normal shutdown).
//
// Run as: node postmaster-watchdog.ts <parent pid> <postmaster pid>

import { processAlive } from './processes.ts';

const [parent, postmaster] = process.argv.slice(2).map((a) => Number.parseInt(a, 10));
if (!parent || !postmaster) process.exit(2);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

while (processAlive(postmaster)) {
  if (!processAlive(parent)) {
    console.error(`[xiuhua] process ${parent} is gone: stopping its PostgreSQL (pid ${postmaster})`);
    try {
      process.kill(postmaster, 'SIGINT');
      for (let i = 0; i < 60 && processAlive(postmaster); i++) await sleep(250);
      if (processAlive(postmaster)) process.kill(postmaster, 'SIGQUIT');
    } catch {
      // already gone
    }
    break;
  }
  await sleep(250);
}

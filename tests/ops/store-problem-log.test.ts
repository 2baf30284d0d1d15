import { describe, expect, it } from 'vitest';
import { StoreProblem } from '../../bff/src/session/store-problem.js';
import { createStoreProblemLog } from '../../bff/src/session/store-problem-log.js';
import { captureLogs } from './support/log-capture.js';

// The store's failures in the log: each cause at once, then at most once per interval, never a
// line per reconnect attempt or per failed request. The clock is passed in: no test waits.

const refused = new StoreProblem('refused', 'connection refused by redis:6379', 'ECONNREFUSED');
const auth = new StoreProblem('auth_failed', 'Redis at redis:6379 refused the user', 'WRONGPASS');

function setup() {
  const logs = captureLogs('info');
  let now = 1_000_000;
  const log = createStoreProblemLog(logs.logger, { intervalMs: 30_000, now: () => now });
  return { logs, log, advance: (ms: number) => void (now += ms) };
}

describe('store problem log', () => {
  it('the same cause 50 times within the interval → one line, with the cause, its code and the message', () => {
    const { logs, log } = setup();
    for (let i = 0; i < 50; i += 1) log.failed(refused);
    expect(logs.lines.map(({ cause, code, msg }) => ({ cause, code, msg }))).toEqual([
      { cause: 'refused', code: 'ECONNREFUSED', msg: 'session store unavailable: connection refused by redis:6379' },
    ]);
  });

  it('still failing after the interval → logged again, saying how many were left out', () => {
    const { logs, log, advance } = setup();
    for (let i = 0; i < 10; i += 1) log.failed(refused);
    advance(30_000);
    log.failed(refused);
    expect(logs.lines.map((line) => line.repeated)).toEqual([undefined, 9]);
  });

  it('a different cause meanwhile → logged at once', () => {
    const { logs, log } = setup();
    log.failed(refused);
    log.failed(auth);
    expect(logs.lines.map((line) => line.cause)).toEqual(['refused', 'auth_failed']);
  });

  it('recovered after a failure → one "available again" line naming what it was; a new failure → logged at once', () => {
    const { logs, log } = setup();
    log.failed(refused);
    log.recovered();
    log.recovered();
    log.failed(refused);
    expect(logs.lines.map((line) => [line.msg, line.was])).toEqual([
      ['session store unavailable: connection refused by redis:6379', undefined],
      ['session store available again', 'refused'],
      ['session store unavailable: connection refused by redis:6379', undefined],
    ]);
  });

  it('recovered without a failure before → nothing logged', () => {
    const { logs, log } = setup();
    log.recovered();
    expect(logs.lines).toEqual([]);
  });
});

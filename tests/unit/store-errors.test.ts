/** Which store errors mean "out of reach or out of room, nothing written, try again" (503), on both stores. */
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../server/store/sql.ts';

describe('isStoreUnavailable', () => {
  it('takes a full disk, a busy lock and an I/O error of SQLite, extended codes included', () => {
    for (const code of [
      'SQLITE_FULL',
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_LOCKED',
      'SQLITE_IOERR',
      'SQLITE_IOERR_WRITE',
    ]) {
      expect(isStoreUnavailable({ code, message: 'x' }), code).toBe(true);
    }
  });
  it("takes PostgreSQL's disk full, out of memory, too many connections, I/O error and lost connections", () => {
    for (const code of ['53100', '53200', '53300', '58030', '08006', '57P01', 'ECONNREFUSED']) {
      expect(isStoreUnavailable({ code, message: 'x' }), code).toBe(true);
    }
  });
  it('leaves real mistakes alone: a constraint, a syntax error, a programming error', () => {
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', '23505', '42601']) {
      expect(isStoreUnavailable({ code, message: 'x' }), code).toBe(false);
    }
    expect(isStoreUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});

import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as search from './0002-search.js';
import * as checks from './0003-checks.js';
import * as builds from './0004-build-runs.js';
import * as findings from './0005-version-findings.js';
import * as access from './0006-access.js';
import * as queryLog from './0007-query-log.js';
import * as lineage from './0008-lineage.js';
import * as events from './0009-events.js';
import * as declassifications from './0010-declassification-approvals.js';

/** The catalog's migrations, in order, compiled in (no files are read at run time). */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initial,
      '0002-search': search,
      '0003-checks': checks,
      '0004-build-runs': builds,
      '0005-version-findings': findings,
      '0007-query-log': queryLog,
      '0006-access': access,
      '0008-lineage': lineage,
      '0009-events': events,
      '0010-declassification-approvals': declassifications,
    };
  },
};

import { sqlCheck } from '../db/sql-check.js';
import { observeMysql } from './observe.js';
import type { MysqlSettings } from './schema.js';

/** MySQL and MariaDB: connect afresh, log in, run `query`, judge the first value (and replica lag). */
export const mysqlCheck = sqlCheck<MysqlSettings>('mysql', 3306, observeMysql);

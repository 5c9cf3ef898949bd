/**
 * Every migration, listed statically: the code runs from dist/, where scanning a folder for .ts files
 * would find nothing. Append new ones with the next number; never rename or edit an applied one.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};

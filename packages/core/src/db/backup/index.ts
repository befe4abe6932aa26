/**
 * `@guestlist/core/backup`: an installation's export and import (spec §10), the format and its
 * checks. The command line that runs them lives with the server.
 */
export { type BackupSummary, type ExportOptions, exportSnapshot } from './export.ts';
export {
  BackupRefused,
  currentSchemaVersion,
  type ExportedTable,
  type ExportHeader,
  keyFingerprint,
} from './format.ts';
export { type ImportOptions, importSnapshot, verifyExport } from './import.ts';

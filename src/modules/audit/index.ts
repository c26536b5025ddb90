/**
 * Audit: who made each administrative change, when, and the ids and field names it touched (never values or
 * secrets). This module owns audit_log.
 */
export { AuditLog, cliActor, fieldNames, type AuditRecord } from './audit.service';

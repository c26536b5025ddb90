/**
 * Privacy: what erasure leaves behind and what the right of access reads. The suppression list (erased people's
 * identifiers, HMAC-hashed, that ingestion refuses until an admin lifts them), erasure receipts (no personal
 * data), and the data-subject export. This module owns suppressions, suppressed_identifiers and erasure_receipts.
 */
export { SuppressionList, type SuppressibleIdentifier } from './suppression-list';
export type { SuppressionRow } from './suppression.store';
export { ErasureReceipts } from './erasure-ledger';
export type { ErasureReceiptRow } from './erasure-receipt.store';
export { DataSubjectExport, type ExportSection } from './data-subject-export';

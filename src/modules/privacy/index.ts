/**
 * Privacy: what erasure leaves behind and what the right of access reads. The suppression list (erased people's
 * identifiers, HMAC-hashed, that ingestion refuses until an admin lifts them), erasure receipts (no personal
 * data), and the data-subject export. This module owns suppressions, suppressed_identifiers and erasure_receipts.
 */
export { SuppressionList } from './suppression-list';
export { ErasureReceipts } from './erasure-ledger';
export { DataSubjectExport } from './data-subject-export';

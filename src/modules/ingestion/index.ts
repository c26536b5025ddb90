/**
 * Ingestion: the one way records enter the profile store (GraphQL pushes, CSV import, connectors, the demo).
 * A batch is validated, resolved through identity resolution and written to the profiles in one transaction,
 * which also carries the profile change through the pipeline. It owns no table of its own.
 */
export { IngestionService, type Rejection } from './ingestion.service';
export { parseSourceRegion } from './source-region';
export { importCsvFile } from './csv-import';
export { CANONICAL_FIELD_SET } from './csv-records';

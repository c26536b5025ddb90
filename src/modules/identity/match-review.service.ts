import type { Database } from '../../platform/database/database';
import { countReviews, findReview, listReviews, type MatchReviewRow, type ReviewStatus } from './match-review.store';

/** Reads of the review queue: pairs between the thresholds that ingestion left for a person to decide. */
export class MatchReviewService {
  constructor(private readonly database: Database) {}

  /** A page in queue order (oldest first), after the review id `after`. */
  async list(filter: { status?: ReviewStatus; first: number; after?: string }): Promise<{ rows: MatchReviewRow[]; hasNextPage: boolean }> {
    const rows = await listReviews(this.database, filter);
    return { rows: rows.slice(0, filter.first), hasNextPage: rows.length > filter.first };
  }

  count(status?: ReviewStatus): Promise<number> {
    return countReviews(this.database, status);
  }

  get(id: string): Promise<MatchReviewRow | null> {
    return findReview(this.database, id);
  }
}

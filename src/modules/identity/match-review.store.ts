import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { PlannedReview } from './batch-plan';
import type { FieldEvidence } from './explain';
import { FIELD_COMPARISONS } from './field-comparisons';

/**
 * The SQL of match_reviews: pairs between the thresholds, queued for a person.
 *
 * Borrows (reads only): source_records (profiles), for the profiles each side's record belongs to now.
 */

export const REVIEW_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface MatchReviewRow {
  id: string;
  leftRecordId: string;
  rightRecordId: string;
  /** The profiles the two records belong to now. */
  leftProfileId: string;
  rightProfileId: string;
  probability: number;
  evidence: PlannedReview['evidence'];
  status: ReviewStatus;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  mergeDecisionId: string | null;
}

const COLUMNS = `r.id, r.left_record_id as "leftRecordId", r.right_record_id as "rightRecordId", l.profile_id as "leftProfileId",
  rr.profile_id as "rightProfileId", r.probability, r.evidence, r.status, r.created_at as "createdAt", r.decided_by as "decidedBy",
  r.decided_at as "decidedAt", r.merge_decision_id as "mergeDecisionId"`;
const FROM = 'match_reviews r join source_records l on l.id = r.left_record_id join source_records rr on rr.id = r.right_record_id';

/** Queues pairs for review; a pair already waiting keeps its first entry. */
export async function openReviews(tx: SqlExecutor, reviews: PlannedReview[]): Promise<void> {
  if (reviews.length === 0) return;
  // One JSON document, not a jsonb[] literal: escaping every quote of a thousand evidence documents into an
  // array literal cost more than the insert itself (about 1.5 KB of evidence per review).
  await tx.query(
    `insert into match_reviews (id, left_record_id, right_record_id, probability, evidence)
     select r.id, r.left_record_id, r.right_record_id, r.probability, r.evidence
       from json_to_recordset($1::json) as r(id text, left_record_id text, right_record_id text, probability float8, evidence jsonb)
     on conflict (left_record_id, right_record_id) where status = 'open' do nothing`,
    [
      JSON.stringify(
        reviews.map((review) => ({
          id: newId('matchReview'),
          left_record_id: review.leftRecordId,
          right_record_id: review.rightRecordId,
          probability: review.probability,
          evidence: storedEvidence(review.evidence),
        })),
      ),
    ],
  );
}

/** A page of reviews in id (creation) order, after the given id; one more than asked tells whether more follow. */
export async function listReviews(executor: SqlExecutor, filter: { status?: ReviewStatus; after?: string; first: number }): Promise<MatchReviewRow[]> {
  const rows = await executor.query<MatchReviewRow>(
    `select ${COLUMNS} from ${FROM}
      where ($1::text is null or r.status = $1) and ($2::text is null or r.id > $2)
      order by r.id limit $3`,
    [filter.status ?? null, filter.after ?? null, filter.first + 1],
  );
  return rows.map(withDates);
}

export async function countReviews(executor: SqlExecutor, status?: ReviewStatus): Promise<number> {
  const [row] = await executor.query<{ count: number }>('select count(*)::int as count from match_reviews where ($1::text is null or status = $1)', [status ?? null]);
  return row.count;
}

/** One review, its row locked when `forUpdate` (a decision). */
export async function findReview(executor: SqlExecutor, id: string, forUpdate = false): Promise<MatchReviewRow | null> {
  const rows = await executor.query<MatchReviewRow>(`select ${COLUMNS} from ${FROM} where r.id = $1${forUpdate ? ' for update of r' : ''}`, [id]);
  return rows[0] ? withDates(rows[0]) : null;
}

export async function closeReview(tx: SqlExecutor, id: string, status: Exclude<ReviewStatus, 'open'>, decidedBy: string, mergeDecisionId: string | null): Promise<void> {
  await tx.query('update match_reviews set status = $2, decided_by = $3, decided_at = now(), merge_decision_id = $4 where id = $1', [id, status, decidedBy, mergeDecisionId]);
}

function withDates(row: MatchReviewRow): MatchReviewRow {
  return { ...row, evidence: evidenceOfStored(row.evidence), createdAt: new Date(row.createdAt), decidedAt: row.decidedAt ? new Date(row.decidedAt) : null };
}

/**
 * Evidence as stored: fields neither record has are left out. They carry no value and no weight, and were
 * more than half of every review's 1.5 KB, written by the tens of thousands in a bulk load.
 */
function storedEvidence(evidence: PlannedReview['evidence']): PlannedReview['evidence'] {
  return { weight: evidence.weight, fields: evidence.fields.filter((field) => field.left !== undefined || field.right !== undefined) };
}

/** Stored evidence with the fields left out put back, every field in comparison order, as it was planned. */
function evidenceOfStored(evidence: PlannedReview['evidence']): PlannedReview['evidence'] {
  const stored = new Map(evidence.fields.map((field) => [field.field, field]));
  const fields = FIELD_COMPARISONS.map(({ field }): FieldEvidence => stored.get(field) ?? { field, agreement: 'missing', weight: 0 });
  return { weight: evidence.weight, fields };
}

import type { ExternalContact, FollowedContactRow, FollowInfo } from './wecom-types';

/** One customer with the follow rows gathered so far (one per employee who added them). */
export interface AssembledContact {
  contact: ExternalContact;
  follows: FollowInfo[];
}

export type RowOutcome =
  /** Every expected follower's row has arrived: emit the customer now, once. */
  | { kind: 'complete'; assembled: AssembledContact }
  /** Other followers' rows are still to come in this pass. */
  | { kind: 'held' }
  /** A resumed run lost this customer's earlier rows: it is fetched whole at the end of the pass. */
  | { kind: 'deferred' }
  /** Already emitted in this run (a follower added after the follower map was read). */
  | { kind: 'repeat' };

/**
 * batch/get_by_user lists one row per (customer, follower), so a customer followed by two employees
 * appears twice, pages apart. The assembler holds a customer's rows until every follower named in the
 * follower map (from externalcontact/list) has shown up, then releases the customer once, with all
 * follow rows to merge. Only customers with several followers are ever held, and only between their
 * first and last row; their ids go into each checkpoint so a resumed run knows which to fetch whole.
 */
export class ContactAssembler {
  private readonly held = new Map<string, AssembledContact>();
  private readonly deferred: Set<string>;
  private readonly emitted = new Set<string>();

  constructor(
    private readonly followersOf: ReadonlyMap<string, ReadonlySet<string>>,
    resumedPending: readonly string[] = [],
  ) {
    this.deferred = new Set(resumedPending);
  }

  accept(row: FollowedContactRow): RowOutcome {
    const id = row.external_contact.external_userid;
    if (this.deferred.has(id)) return { kind: 'deferred' };
    if (this.emitted.has(id)) return { kind: 'repeat' };
    const entry = this.held.get(id) ?? { contact: row.external_contact, follows: [] };
    // The latest row has the freshest view of the customer's own profile.
    entry.contact = row.external_contact;
    if (!entry.follows.some((follow) => follow.userid === row.follow_info.userid)) entry.follows.push(row.follow_info);
    const seen = new Set(entry.follows.map((follow) => follow.userid));
    const expected = this.followersOf.get(id) ?? new Set<string>();
    if ([...expected].some((userid) => !seen.has(userid))) {
      this.held.set(id, entry);
      return { kind: 'held' };
    }
    this.held.delete(id);
    this.emitted.add(id);
    return { kind: 'complete', assembled: entry };
  }

  /** Customers seen but not yet emitted: what a checkpoint must carry so that none is lost on resume. */
  pendingIds(): string[] {
    return [...this.held.keys(), ...this.deferred];
  }

  /**
   * The end of the pass. `incomplete`: customers whose expected followers never showed up (an employee
   * removed them mid-run), emitted with the rows there are. `deferred`: ids to fetch whole.
   */
  finish(): { incomplete: AssembledContact[]; deferred: string[] } {
    const incomplete = [...this.held.values()];
    this.held.clear();
    return { incomplete, deferred: [...this.deferred] };
  }
}

import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('RemovedCount', { description: 'How many rows of one kind (a table of the hub) an erasure removed.' })
export class RemovedCountType {
  @Field()
  kind!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ErasureReceipt', { description: 'Proof that a person was erased: ids, time and counts, no personal data. Kept, and listed by `erasureReceipts`.' })
export class ErasureReceiptType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The erased profile (the id no longer exists).' })
  profileId!: string;

  @Field()
  erasedAt!: Date;

  @Field(() => [RemovedCountType], { description: 'Rows removed per kind, by kind.' })
  removed!: RemovedCountType[];

  @Field(() => ID, { nullable: true, description: "The suppression that keeps the person's identifiers out of later syncs, pushes and imports." })
  suppressionId!: string | null;
}

@ObjectType('Suppression', { description: "An erased person whose records ingestion refuses (counted as `suppressed`) until it is lifted. Its identifiers are kept only as keyed hashes; none is shown." })
export class SuppressionType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'How many identifiers (hashed) it holds.' })
  identifierCount!: number;

  @Field({ description: 'Why the person is suppressed.' })
  reason!: string;

  @Field(() => ID, { nullable: true, description: 'The erasure that suppressed the person.' })
  erasureReceiptId!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When an admin lifted it; null while in force.' })
  liftedAt!: Date | null;
}

export function receiptFrom(receipt: { id: string; profileId: string; erasedAt: Date; removed: Record<string, number>; suppressionId: string | null }): ErasureReceiptType {
  const removed = Object.entries(receipt.removed)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => ({ kind, count }));
  return { ...receipt, removed };
}

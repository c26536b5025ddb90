import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../platform/ids';

/** An API key; only its SHA-256 hash is stored, the key itself is shown once at creation. */
@Entity({ tableName: 'api_keys' })
export class ApiKey {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'text' })
  id: string = newId('apiKey');

  @Property({ type: 'text' })
  name!: string;

  /** The first characters of the key, so an operator can tell keys apart in `hub apikey list`. */
  @Property({ type: 'text' })
  prefix!: string;

  @Unique({ name: 'api_keys_key_hash_key' })
  @Property({ type: 'text' })
  keyHash!: string;

  @Property({ type: 'text[]' })
  scopes!: string[];

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;
}

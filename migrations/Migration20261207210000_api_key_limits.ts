import { Migration } from '@mikro-orm/migrations';

/**
 * A key's own limits (issue 20): requests per minute and the cost budget of one GraphQL request, set at
 * creation (`hub apikey create --rate … --max-cost …`). Null means the hub's setting (HUB_RATE_LIMIT_PER_MINUTE,
 * HUB_MAX_QUERY_COST).
 */
export class Migration20261207210000_api_key_limits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table api_keys add column rate_limit_per_minute integer null check (rate_limit_per_minute > 0);
      alter table api_keys add column max_query_cost integer null check (max_query_cost > 0);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table api_keys drop column if exists max_query_cost;
      alter table api_keys drop column if exists rate_limit_per_minute;
    `);
  }
}

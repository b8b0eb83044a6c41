import { type Kysely, sql } from 'kysely';

/**
 * Governance approvals of declassifications: a product, the version (or content hash) to be published and
 * the exact columns lowered, with a reason. An approval is used once, by the publish of that version in the
 * publish's own transaction, or revoked; after either it never changes, and none is ever deleted. The
 * trigger enforces this whatever code runs against the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('declassification_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product', 'text', (c) => c.notNull().references('products.address'))
    .addColumn('version', 'text')
    .addColumn('content_hash', 'text')
    // [{ column, from, to }] sorted by column; `to` null removes the classification.
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('used_at', 'timestamptz')
    .addColumn('used_by', 'text')
    .addColumn('used_version', 'text')
    .addCheckConstraint('declassification_approvals_target', sql`(version is null) <> (content_hash is null)`)
    .addCheckConstraint('declassification_approvals_revoked', sql`(revoked_at is null) = (revoked_by is null)`)
    .addCheckConstraint(
      'declassification_approvals_used',
      sql`(used_at is null) = (used_by is null) and (used_at is null) = (used_version is null)`,
    )
    .addCheckConstraint('declassification_approvals_closed_once', sql`revoked_at is null or used_at is null`)
    .execute();
  await db.schema
    .createIndex('declassification_approvals_product_idx')
    .on('declassification_approvals')
    .columns(['product', 'approved_at'])
    .execute();

  await sql`create function meshwork_declassification_approval_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'declassification approvals are never deleted; revoke them';
      end if;
      if old.revoked_at is not null or old.used_at is not null then
        raise exception 'declassification approval % is %; it is never changed', old.id,
          case when old.revoked_at is not null then 'revoked' else 'used' end;
      end if;
      if (new.id, new.product, new.version, new.content_hash, new.columns, new.reason, new.approved_by,
          new.approved_at)
         is distinct from
         (old.id, old.product, old.version, old.content_hash, old.columns, old.reason, old.approved_by,
          old.approved_at) then
        raise exception 'only the revocation or the use of a declassification approval changes';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger declassification_approvals_close_once before update or delete
    on declassification_approvals for each row execute function meshwork_declassification_approval_guard()`.execute(db);
}
